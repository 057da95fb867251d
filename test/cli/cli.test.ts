// The agreement-rules command, in process (main) and once through the real bin.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { runCli } from '../helpers/cli';
import { builtinCatalog } from '../../addin/api';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agreement-rules-cli-'));
});

const run = (...argv: string[]) => runCli(dir, ...argv);
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};

const regions = builtinCatalog().reference.regions;
/** An indicators CSV the way a Swedish user exports it: semicolons, BOM, Swedish headers, decimal commas. */
function indicatorsCsv(edit: (code: string, row: string[]) => string[] = (_, r) => r) {
  const header = 'Region;Inklusion alla SVF;PREM används;Redovisning inlämnad;Inklusion bröst;Inom ledtid bröst;Inklusion tjock- och ändtarm;Inom ledtid tjock- och ändtarm;Inklusion prostata;Inom ledtid prostata';
  const rows = regions.map((r) => edit(r.code, [r.name, '72,5 %', 'ja', '2026-09-15', '75%', '0,65', '0.71', '61 %', '80 %', '60 %']).join(';'));
  return '\uFEFF' + [header, ...rows].join('\r\n') + '\r\n';
}

describe('list', () => {
  test('--json shows the 2026 pots summing to 1 005 000 000 and the groups 500/456/49 million', async () => {
    const r = await run('list', '--json');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out).agreements.find((x: { id: string }) => x.id === '2026');
    expect(a.total).toBe('1005000000');
    expect(a.potsTotal).toBe('1005000000');
    expect(a.pots.reduce((s: bigint, p: { amount: string }) => s + BigInt(p.amount), 0n)).toBe(1005000000n);
    expect(Object.fromEntries(a.groups.map((g: { id: string; amount: string; potsTotal: string }) => [g.id, [g.amount, g.potsTotal]]))).toEqual({
      regions: ['500000000', '500000000'], rcc: ['456000000', '456000000'], skr: ['49000000', '49000000'],
    });
    expect(a.pots.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(['svf-payment-1', 'svf-payment-2-inclusion', 'svf-payment-2-leadtime']));
  });
  test('human output lists every agreement', async () => {
    const r = await run('list');
    expect(r.out).toMatch(/^2021 /m);
    expect(r.out).toMatch(/^2024 /m);
    expect(r.out).toMatch(/1\u00a0005\u00a0000\u00a0000\u00a0kr/);
  });
});

describe('allocate', () => {
  test('--json follows the contract; 2021 svf-payment-1 sums to 185 000 000', async () => {
    const r = await run('allocate', '--agreement', '2021', '--pot', 'svf-payment-1', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['agreement', 'pot', 'amount', 'method', 'populationDate', 'rows', 'total']));
    expect(j).toMatchObject({ agreement: '2021', pot: 'svf-payment-1', amount: '185000000', method: 'largest-remainder', populationDate: '2019-11-01', total: '185000000' });
    expect(j.rows).toHaveLength(21);
    expect(j.rows[0]).toEqual({ recipient: 'Region Stockholm', code: '01', population: '2374550', share: expect.stringMatching(/^0\.2301/), amount: '42569204' });
  });
  test('RCC split by population, Halland split between Väst and Syd', async () => {
    const j = JSON.parse((await run('allocate', '--agreement', '2026', '--pot', 'patologi', '--json')).out);
    expect(j.rows.map((r: { code: string }) => r.code)).toEqual(['rcc-stockholm-gotland', 'rcc-mellansverige', 'rcc-sydost', 'rcc-syd', 'rcc-vast', 'rcc-norr']);
    const pop = Object.fromEntries(j.rows.map((r: { code: string; population: string }) => [r.code, Number(r.population)]));
    expect(pop['rcc-vast'] + pop['rcc-syd']).toBe(1772821 + 1428626 + 157223 + 203351 + 345074);
    expect(pop["rcc-vast"]).toBe(1772821 + 201863); // 345 074 × 201 086 / 343 746 = 201 862.86 → 201 863
    expect(j.total).toBe('60000000');
  });
  test('equal split: population null, kronor to the first RCC in reference order', async () => {
    const j = JSON.parse((await run('allocate', '--agreement', '2026', '--pot', 'barncancer', '--json')).out);
    expect(j.rows.map((r: { amount: string }) => r.amount)).toEqual(['13333334', '13333334', '13333333', '13333333', '13333333', '13333333']);
    expect(j.rows[0].population).toBeNull();
  });
  test('half-up reports its drift', async () => {
    const j = JSON.parse((await run('allocate', '--agreement', '2021', '--pot', 'svf-payment-1', '--method', 'half-up', '--json')).out);
    expect(j).toMatchObject({ total: '185000002', drift: '2', method: 'half-up' });
  });
  test('--population: a CSV covering only some regions splits among those', async () => {
    write('pop.csv', 'region,population\n"Region Gotlands",59636\nJönköping,"363 351"\n');
    const j = JSON.parse((await run('allocate', '--agreement', '2026', '--pot', 'svf-payment-1', '--population', 'pop.csv', '--json')).out);
    expect(j.rows.map((r: { code: string; amount: string }) => [r.code, r.amount])).toEqual([['06', String(Math.floor(250000000 * 363351 / 422987) + 1)], ['09', String(Math.floor(250000000 * 59636 / 422987))]]);
    expect(j.total).toBe('250000000');
  });
  test('--out writes a formatted workbook with sum row and provenance', async () => {
    const r = await run('allocate', '--agreement', '2026', '--pot', 'svf-payment-1', '--out', 'alloc.xlsx');
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'alloc.xlsx'));
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A3').value).toBe('Region');
    expect(ws.getCell('E3').value).toBe('Belopp (kr)');
    expect(ws.getCell('A25').value).toBe('Summa');
    expect(ws.getCell('E25').value).toBe(250000000);
    expect(ws.getCell('E4').numFmt).toBe('#,##0');
    expect(ws.getCell('D4').numFmt).toBe('0.00%');
    const text = ws.getSheetValues().flat().filter((v) => typeof v === 'string').join('\n');
    expect(text).toMatch(/största rest/);
    expect(text).toMatch(/5\.3/);
    expect(text).toMatch(/31 december 2024/);
  });
  test.each([
    [['allocate', '--agreement', '2030', '--pot', 'svf-payment-1'], /Okänd överenskommelse "2030"/],
    [['allocate', '--agreement', '2026', '--pot', 'nope'], /Okänd pott "nope"/],
    [['allocate', '--agreement', '2024', '--pot', 'unitemised'], /specificeras inte/],
    [['allocate', '--agreement', '2026'], /--pot måste anges/],
    [['allocate', '--agreement', '2026', '--pot', 'svf-payment-1', '--method', 'floor'], /--method/],
    [['allocate', '--agreement', '2026', '--pot', 'svf-payment-1', '--population', 'missing.csv'], /missing\.csv/],
  ])('bad input exits 2 with a message: %j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
  test('bad population files name the cell; nothing is written', async () => {
    write('bad1.csv', 'region;population\nRegion Uppsala;383 044\nRegion Narnia;1000\n');
    write('bad2.csv', 'region;population\nRegion Uppsala;abc\n');
    write('bad3.csv', 'region;population\nUppsala;1\nRegion Uppsala;2\n');
    write('bad4.csv', 'region;antal\nUppsala;1\n');
    write('bad5.csv', 'region;population\nUppsala;#REF!\n');
    const cases: [string, RegExp][] = [
      ['bad1.csv', /A3: okänd region texten "Region Narnia"/],
      ['bad2.csv', /B2: befolkningen för Region Uppsala ska vara ett helt antal personer, inte texten "abc"/],
      ['bad3.csv', /A3: Region Uppsala förekommer två gånger \(även A2\)/],
      ['bad4.csv', /A1: kolumnen "Befolkning" saknas; rubrikerna på rad 1 är: "region", "antal"/],
      ['bad5.csv', /B2: .*felvärdet #REF!/],
    ];
    for (const [file, message] of cases) {
      const r = await run('allocate', '--agreement', '2026', '--pot', 'svf-payment-1', '--population', file, '--out', `${file}.xlsx`);
      expect(r.code, file).toBe(2);
      expect(r.err, file).toMatch(message);
      expect(existsSync(join(dir, `${file}.xlsx`)), file).toBe(false);
    }
  });
});

describe('evaluate', () => {
  test('2026 from a Swedish CSV (semicolons, BOM, decimal commas): JSON contract and totals', async () => {
    write('ind.csv', indicatorsCsv((code, row) => (code === '21' ? [row[0]!, '65 %', ...row.slice(2)] : code === '13' ? [row[0]!, row[1]!, 'nej', ...row.slice(3)] : row)));
    const r = await run('evaluate', '--agreement', '2026', '--indicators', 'ind.csv', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.agreement).toBe('2026');
    expect(j.rows).toHaveLength(21);
    expect(j.total).toBe('250000000');
    const gavle = j.rows.find((x: { code: string }) => x.code === '21');
    expect(gavle.total).toBe('0');
    expect(gavle.parts[0]).toMatchObject({ pot: 'svf-payment-2-inclusion', eligible: false, amount: '0' });
    expect(gavle.parts[0].conditions[0]).toMatchObject({ id: 'inclusion-target', passed: false, value: '0.65', threshold: '0.70', cite: { section: '5.3' } });
    const halland = j.rows.find((x: { code: string }) => x.code === '13');
    expect(halland.parts[0].conditions.find((c: { id: string }) => c.id === 'prem')).toMatchObject({ passed: false, value: 'false' });
    const sthlm = j.rows.find((x: { code: string }) => x.code === '01');
    expect(sthlm.parts.map((p: { part?: string; pot: string }) => p.part ?? p.pot)).toEqual(['svf-payment-2-inclusion', 'breast', 'colorectal', 'prostate']);
    expect(sthlm.parts.every((p: { eligible: boolean }) => p.eligible)).toBe(true);
  });
  test('forfeit leaves failing shares unpaid', async () => {
    write('ind2.csv', indicatorsCsv((code, row) => (code === '21' ? [row[0]!, '65 %', ...row.slice(2)] : row)));
    const j = JSON.parse((await run('evaluate', '--agreement', '2026', '--indicators', 'ind2.csv', '--unclaimed', 'forfeit', '--json')).out);
    expect(BigInt(j.total) + BigInt(j.unpaid)).toBe(250000000n);
    expect(BigInt(j.unpaid)).toBeGreaterThan(0n);
  });
  test('2024 needs only region, inclusion, prem; JSON input works', async () => {
    write('ind24.json', JSON.stringify(regions.map((r) => ({ region: r.code, inclusion: r.code === '03' ? 0.69 : '71%', prem: 'yes' }))));
    const j = JSON.parse((await run('evaluate', '--agreement', '2024', '--indicators', 'ind24.json', '--json')).out);
    expect(j.total).toBe('182500000');
    expect(j.rows.find((x: { code: string }) => x.code === '03').total).toBe('0');
  });
  test('.xlsx input (first sheet) and --out', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Indikatorer');
    ws.addRow(['Region', 'Inklusion', 'PREM']);
    for (const r of regions) ws.addRow([r.name, 0.8, 'ja']);
    ws.getColumn(2).numFmt = '0%';
    await wb.xlsx.writeFile(join(dir, 'ind24.xlsx'));
    const r = await run('evaluate', '--agreement', '2024', '--indicators', 'ind24.xlsx', '--out', 'res.xlsx');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/182\u00a0500\u00a0000\u00a0kr/);
    expect(existsSync(join(dir, 'res.xlsx'))).toBe(true);
  });
  test('bad indicators exit 2 naming the cell; nothing written', async () => {
    write('i1.csv', indicatorsCsv((code, row) => (code === '05' ? [row[0]!, 'hög', ...row.slice(2)] : row)));
    write('i2.csv', indicatorsCsv((code, row) => (code === '05' ? [row[0]!, row[1]!, 'kanske', ...row.slice(3)] : row)));
    write('i3.csv', indicatorsCsv().split('\r\n').filter((l) => !l.startsWith('Region Gotland')).join('\r\n'));
    write('i4.csv', indicatorsCsv().replace('Region Uppsala', 'Region Stockholm'));
    write('i5.csv', indicatorsCsv().replace('Inom ledtid prostata', 'Något annat'));
    const cases: [string, RegExp][] = [
      ['i1.csv', /B5: Inklusion alla SVF för Region Östergötland ska vara en procentsats .* inte texten "hög"/],
      ['i2.csv', /C5: PREM används för Region Östergötland ska vara ja eller nej, inte texten "kanske"/],
      ['i3.csv', /Indikatorer saknas för: Region Gotland/],
      ['i4.csv', /A3: Region Stockholm förekommer två gånger \(även A2\)/],
      ['i5.csv', /Inom ledtid prostata/],
    ];
    for (const [file, message] of cases) {
      const r = await run('evaluate', '--agreement', '2026', '--indicators', file, '--out', `${file}.xlsx`);
      expect(r.code, file).toBe(2);
      expect(r.err, file).toMatch(message);
      expect(existsSync(join(dir, `${file}.xlsx`)), file).toBe(false);
    }
  });
  test('2021 has no conditions: exit 2 with the reason', async () => {
    write('x.csv', 'region,inclusion\n');
    const r = await run('evaluate', '--agreement', '2021', '--indicators', 'x.csv');
    expect(r.code).toBe(2);
  });
});

describe('check-rules', () => {
  test('a valid file: exit 0', async () => {
    const r = await run('check-rules', join(process.cwd(), 'rules/agreements/2026.json'), '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/OK \(2026, 14 pots/);
    expect((await run('check-rules', join(process.cwd(), 'rules/agreements/2026.json'))).out).toMatch(/OK \(2026, 14 potter, 1\s005\s000\s000\skr\)/);
  });
  test('a broken file: each problem with its JSON path, exit 1', async () => {
    const j = JSON.parse(readFileSync('rules/agreements/2026.json', 'utf8'));
    j.pots[2].amount = '1,5';
    delete j.conditions[1].cite;
    write('broken.json', JSON.stringify(j));
    const r = await run('check-rules', 'broken.json', '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/broken\.json: \/pots\/2\/amount: must be whole kronor/);
    expect(r.err).toMatch(/broken\.json: \/conditions\/1: missing property "cite"/);
  });
  test('a missing file: exit 2', async () => {
    expect((await run('check-rules', 'nope.json')).code).toBe(2);
  });
});

describe('the installed command', () => {
  test('npx agreement-rules allocate … --json runs the bundled CLI (built by npm ci)', () => {
    execFileSync('node', ['scripts/build-cli.mjs']);
    const out = execFileSync('node', ['bin/agreement-rules.cjs', 'allocate', '--agreement', '2021', '--pot', 'svf-payment-1', '--json'], { encoding: 'utf8' });
    expect(JSON.parse(out).total).toBe('185000000');
    let code = 0;
    try {
      execFileSync('node', ['bin/agreement-rules.cjs', 'allocate', '--agreement', '1999', '--pot', 'x'], { stdio: 'pipe' });
    } catch (e) {
      code = (e as { status: number }).status;
    }
    expect(code).toBe(2);
  }, 60_000);
});
