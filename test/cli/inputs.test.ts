// Population and indicator files as people really send them (#8 item 5, #15 items 3, 4, 7):
// approximate numbers and unit words, files covering only some regions, Windows-1252 and
// UTF-16 CSV, missing columns, decimal commas in messages, dates in titles, "-1" in the
// region column, huge numbers, 500 000 rows. Each case through the command, as a user runs it.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { runCli } from '../helpers/cli';
import { builtinCatalog } from '../../addin/api';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agreement-rules-inputs-'));
});

const run = (...argv: string[]) => runCli(dir, ...argv);
const write = (name: string, data: string | Uint8Array) => {
  writeFileSync(join(dir, name), data);
  return name;
};

const catalog = builtinCatalog();
const regions = catalog.reference.regions;
const pop2024 = new Map(catalog.reference.populations.find((p) => p.id === '2024-12-31')!.rows.map((r) => [r.code, r.population]));

/** A population CSV of the 21 regions (2024 figures), semicolons, CRLF; `edit` changes or drops (null) a row. */
function popCsv(edit: (code: string, row: string[]) => string[] | null = (_, r) => r, header = 'Region;Befolkning', sep = ';') {
  const rows = regions.map((r) => edit(r.code, [r.name, pop2024.get(r.code)!])).filter((r): r is string[] => r !== null);
  return [header, ...rows.map((r) => r.join(sep))].join('\r\n') + '\r\n';
}
const alloc = (file: string, ...more: string[]) => run('allocate', '--agreement', '2026', '--pot', 'svf-payment-1', '--population', file, ...more);

async function sheetTexts(file: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, file));
  // A merged block (the wrapped provenance lines) reads back as its text in every cell: keep it once.
  const texts = wb.worksheets[0]!.getSheetValues().flat().filter((v): v is string => typeof v === 'string');
  return texts.filter((t, i) => t !== texts[i - 1]);
}

describe('approximate numbers and units in population cells are refused, naming the cell (#8.5, #15.4)', () => {
  test.each([
    ['ca 370 000', '03', 'B3', /ungefärligt tal/],
    ['~203 000', '03', 'B3', /ungefärligt tal/],
    ['cirka 370000', '03', 'B3', /ungefärligt tal/],
    ['≈ 370 000', '03', 'B3', /ungefärligt tal/],
    ['ca 1000', '09', 'B9', /ungefärligt tal/],
    ['2 milj', '01', 'B2', /har en enhet och läses inte.*skriv 2\u00a0000\u00a0000 om det är vad som menas/],
    ['12 tusen', '09', 'B9', /har en enhet.*12\u00a0000/],
    ['12 tkr', '09', 'B9', /har en enhet.*12\u00a0000/],
  ])('%s → exit 2 at its cell; nothing written', async (text, code, cell, why) => {
    const file = write(`approx-${code}-${text.replace(/[^a-z0-9]/gi, '_')}.csv`, popCsv((c, r) => (c === code ? [r[0]!, text] : r)));
    const r = await alloc(file, '--out', `${file}.xlsx`);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}: ${cell}: befolkningen för `);
    expect(r.err).toMatch(why);
    expect(r.err).toContain(`"${text}"`);
    expect(existsSync(join(dir, `${file}.xlsx`))).toBe(false);
  });
  test('in English too', async () => {
    const file = write('approx-en.csv', popCsv((c, r) => (c === '03' ? [r[0]!, 'ca 370 000'] : r)));
    const r = await alloc(file, '--lang', 'en');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/B3: the population of Region Uppsala is an approximate number/);
  });
});

describe('a population file that covers only some regions says so (#8.5)', () => {
  const partial = () => write('partial.csv', popCsv((c, r) => (c === '09' || c === '13' ? null : r)));
  test('--json: partial.missing names the regions; the pot is split among the 19', async () => {
    const r = await alloc(partial(), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.partial).toEqual({ missing: [{ code: '09', name: 'Region Gotland' }, { code: '13', name: 'Region Halland' }], covered: 19 });
    expect(j.rows).toHaveLength(19);
    expect(j.total).toBe('250000000');
    expect(r.err).toMatch(/saknar 2 av 21 regioner \(Region Gotland, Region Halland\)/);
  });
  test('text output and the written sheet name the missing regions next to "samtliga regioner"', async () => {
    const r = await alloc(partial(), '--out', 'partial.xlsx');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Obs: befolkningstabellen saknar 2 av 21 regioner \(Region Gotland, Region Halland\); potten är fördelad mellan de 19 regioner/);
    const texts = await sheetTexts('partial.xlsx');
    const quote = texts.findIndex((t) => t.includes('fördelas till samtliga regioner'));
    expect(quote).toBeGreaterThanOrEqual(0);
    expect(texts[quote + 1]).toMatch(/^Obs: befolkningstabellen saknar 2 av 21 regioner \(Region Gotland, Region Halland\)/);
  });
  test('a complete file has no partial marker', async () => {
    const j = JSON.parse((await alloc(write('full.csv', popCsv()), '--json')).out);
    expect(j.partial).toBeUndefined();
    expect(j.rows).toHaveLength(21);
  });
  test('an RCC pot by population with a partial file is marked too', async () => {
    const j = JSON.parse((await run('allocate', '--agreement', '2026', '--pot', 'patologi', '--population', partial(), '--json')).out);
    expect(j.partial.missing.map((m: { code: string }) => m.code)).toEqual(['09', '13']);
  });
});

describe('encodings (#8.5, #15.7)', () => {
  const text = popCsv();
  test('Windows-1252 (Excel\'s "CSV (semikolonavgränsad)") is read: Sörmland, Östergötland, Jönköping', async () => {
    const file = write('cp1252.csv', Buffer.from(text, 'latin1'));
    const r = await alloc(file, '--json');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/cp1252\.csv lästes som Windows-1252 \(inte UTF-8\)/);
    const j = JSON.parse(r.out);
    expect(j.rows).toHaveLength(21);
    expect(j.rows.map((x: { recipient: string }) => x.recipient)).toEqual(expect.arrayContaining(['Region Sörmland', 'Region Östergötland', 'Region Jönköpings län']));
    expect(j.population).toMatchObject({ file: 'cp1252.csv', encoding: 'Windows-1252' });
  });
  test.each([
    ['LE', (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])],
    ['BE', (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()])],
    ['LE without BOM', (s: string) => Buffer.from(s, 'utf16le')],
  ])('UTF-16 %s, tab-separated (Excel\'s "Unicode text") is read', async (name, encode) => {
    const file = write(`u16-${name.replace(/ /g, '_')}.txt`, encode(popCsv(undefined, 'Region\tBefolkning', '\t')));
    const r = await alloc(file, '--json');
    expect(r.err).toMatch(/lästes som UTF-16/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).rows).toHaveLength(21);
  });
  test('UTF-8 with and without BOM: no encoding note', async () => {
    for (const [name, data] of [['u8.csv', text], ['u8bom.csv', '\uFEFF' + text]] as const) {
      const r = await alloc(write(name, data), '--json');
      expect(r.code, name).toBe(0);
      expect(r.err, name).toBe('');
    }
  });
  test('invalid UTF-8 that is not Windows-1252-like (KOI8-R Cyrillic) and binary files: a clear message, exit 2', async () => {
    const koi8 = Buffer.from([...Buffer.from('Region;Befolkning\r\n'), 0xf2, 0xc5, 0xc7, 0xc9, 0xcf, 0xce, ...Buffer.from(';100\r\n')]);
    const r1 = await alloc(write('koi8.csv', koi8));
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(/koi8\.csv: filen är inte läsbar text \(den är varken UTF-8 eller Windows-1252/);
    const r2 = await alloc(write('bin.csv', Buffer.from(Array.from({ length: 1024 }, (_, i) => i % 256))));
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/bin\.csv: filen är inte text/);
  });
  test('an .xlsx saved under .csv is named as such', async () => {
    const r = await alloc(write('wb.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0])));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Excel-arbetsbok \(\.xlsx\)/);
  });
});

describe('messages (#8.5)', () => {
  test('a missing column is named, with the headings that are there', async () => {
    const r = await alloc(write('nocol.csv', popCsv(undefined, 'Region;Antal;Kommentar')));
    expect(r.code).toBe(2);
    expect(r.err).toBe('nocol.csv: A1: kolumnen "Befolkning" saknas; rubrikerna på rad 1 är: "Region", "Antal", "Kommentar".');
  });
  test('no header at all: the first row is quoted', async () => {
    const r = await alloc(write('nohead.csv', 'Stockholm;1\r\nUppsala;2\r\n'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Hittar ingen rubrikrad med kolumnerna "Region", "Befolkning" \(från A1\)\. Rad 1 är: "Stockholm", "1"\./);
  });
  test('a non-integer number cell is quoted with a decimal comma in Swedish, a point in English', async () => {
    const file = write('dec.json', JSON.stringify(regions.map((r) => ({ region: r.name, population: r.code === '03' ? 246352.5 : Number(pop2024.get(r.code)) }))));
    const sv = await alloc(file);
    expect(sv.code).toBe(2);
    expect(sv.err).toMatch(/B3: befolkningen för Region Uppsala ska vara ett helt antal personer, inte 246\u00a0352,5\./);
    const en = await alloc(file, '--lang', 'en');
    expect(en.err).toMatch(/not 246,352\.5\./);
  });
  test('500 000 rows with errors: the first 50 lines and a count, not half a million lines', async () => {
    const lines = ['Region;Befolkning'];
    for (let i = 0; i < 500_000; i++) lines.push(`${regions[i % 21]!.name};${1000 + i}`);
    const r = await alloc(write('big-dup.csv', lines.join('\r\n')));
    expect(r.code).toBe(2);
    const errLines = r.err.split('\n');
    expect(errLines).toHaveLength(51);
    expect(errLines[0]).toBe('big-dup.csv: A23: Region Stockholm förekommer två gånger (även A2).');
    expect(errLines[50]).toBe('big-dup.csv: … och 499\u00a0929 fel till (499\u00a0979 i alla)');
  }, 60_000);
});

describe('the population date (#8.5)', () => {
  test.each([
    ['Region;Folkmängd 31 december 2024', 'B1'],
    ['Region;Befolkning 2024-12-31', 'B1'],
  ])('from the header "%s"', async (header, cell) => {
    const file = write(`dated-${cell}-${header.length}.csv`, popCsv(undefined, header));
    const r = await alloc(file, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.populationDate).toBe('2024-12-31');
    expect(j.population).toMatchObject({ date: '2024-12-31', dateCell: cell, builtin: false, title: `egen befolkningsfil (${file}), 31 december 2024 (datum från ${cell})` });
  });
  test('from a title above the header of an .xlsx', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Befolkning');
    ws.addRow(['Folkmängd per län 1 november 2019']);
    ws.addRow([]);
    ws.addRow(['Län', 'Invånare']);
    for (const r of regions) ws.addRow([r.name, Number(pop2024.get(r.code))]);
    await wb.xlsx.writeFile(join(dir, 'titled.xlsx'));
    const j = JSON.parse((await alloc('titled.xlsx', '--json')).out);
    expect(j.populationDate).toBe('2019-11-01');
    expect(j.population.dateCell).toBe('A1');
  });
  test('no date: populationDate null, "egen befolkningsfil" in the text and the sheet; never "befolkning ;"', async () => {
    const file = write('nodate.csv', popCsv());
    const j = JSON.parse((await alloc(file, '--json')).out);
    expect(j.populationDate).toBeNull();
    expect(j.population).toMatchObject({ date: null, title: 'egen befolkningsfil (nodate.csv), utan datum', builtin: false });
    const t = await alloc(file, '--out', 'nodate.xlsx');
    expect(t.out).toMatch(/; befolkning: egen befolkningsfil \(nodate\.csv\), utan datum\n.*avsnitt 5\.3/);
    expect(t.out).not.toMatch(/befolkning ;/);
    const texts = await sheetTexts('nodate.xlsx');
    expect(texts).toContain('Befolkning: egen befolkningsfil (nodate.csv), utan datum');
  });
  test('the built-in table is named by its title', async () => {
    const j = JSON.parse((await run('allocate', '--agreement', '2026', '--pot', 'svf-payment-1', '--json')).out);
    expect(j.populationDate).toBe('2024-12-31');
    expect(j.population).toEqual({ id: '2024-12-31', date: '2024-12-31', title: 'Folkmängd 31 december 2024 (SCB)', builtin: true });
  });
});

describe('parsing quirks (#15.7)', () => {
  test.each(['-1', '(1)', '1.', '#1', 'Region 1', '1.5'])('region "%s" is an unknown region, not Stockholm', async (text) => {
    const file = write(`reg-${Buffer.from(text).toString('hex')}.csv`, popCsv((c, r) => (c === '01' ? [text, r[1]!] : r)));
    const r = await alloc(file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`A2: okänd region texten "${text}".`);
  });
  test.each(['1', '01', ' 01 '])('region code "%s" is Stockholm', async (text) => {
    const file = write(`code-${text.trim()}.csv`, popCsv((c, r) => (c === '01' ? [text, r[1]!] : r)));
    const r = await alloc(file, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).rows[0].recipient).toBe('Region Stockholm');
  });
  test.each([
    ['text 9007199254740993', '"9007199254740993"', /för stor för att läsas exakt \(över 9\u00a0007\u00a0199\u00a0254\u00a0740\u00a0991\)/],
    ['text 1e308', '"1e308"', /ska vara ett helt antal personer/],
  ])('population %s refused at its cell', async (name, cellText, why) => {
    const file = write(`huge-${name.replace(/ /g, '_')}.csv`, popCsv((c, r) => (c === '01' ? [r[0]!, JSON.parse(cellText)] : r)));
    const r = await alloc(file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/B2: befolkningen för Region Stockholm/);
    expect(r.err).toMatch(why);
  });
  test.each([[1e308, /1e\+308/], [2 ** 53 + 2, /9\u00a0007\u00a0199\u00a0254\u00a0740\u00a0994/]])('population number %s in JSON refused at its cell', async (n, shown) => {
    const file = write(`huge-${n}.json`, JSON.stringify(regions.map((r) => ({ region: r.name, population: r.code === '01' ? n : Number(pop2024.get(r.code)) }))));
    const r = await alloc(file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/B2: befolkningen för Region Stockholm är för stor för att läsas exakt/);
    expect(r.err).toMatch(shown);
  });
  test('populations summing to 0: exit 2 naming the table, not a division by zero', async () => {
    const r = await alloc(write('zero.csv', popCsv((_, row) => [row[0]!, '0'])));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/A1: befolkningen summerar till 0/);
  });
});

describe('500 000 rows (#15.3)', () => {
  test('21 regions then 499 979 blank CSV rows (";"): read without a stack overflow', async () => {
    const lines = ['Region;Befolkning', ...regions.map((r) => `${r.name};${pop2024.get(r.code)}`)];
    for (let i = 0; i < 499_979; i++) lines.push(';');
    const t0 = Date.now();
    const r = await alloc(write('big-blank.csv', lines.join('\r\n') + '\r\n'), '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).rows).toHaveLength(21);
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 60_000);
});

describe('bare numbers in percentage columns: one rule per column (#15.7)', () => {
  /** 2024 indicators (inclusion, PREM) with every region at `fill`, and Region Uppsala at `uppsala`. */
  const ind = (fill: string, uppsala: string) =>
    write(`ind-${fill}-${uppsala}.csv`.replace(/[^a-z0-9.-]/gi, '_'), ['Region;Inklusion;PREM', ...regions.map((r) => `${r.name};${r.code === '03' ? uppsala : fill};ja`)].join('\r\n'));
  const evaluate = (file: string) => run('evaluate', '--agreement', '2024', '--indicators', file, '--json');
  const uppsala = (r: { out: string }) => JSON.parse(r.out).rows.find((x: { code: string }) => x.code === '03');
  test('a column of fractions: 0,72 is 72 %, and 1 among them is 100 %', async () => {
    const r = await evaluate(ind('0,72', '1'));
    expect(r.code).toBe(0);
    expect(uppsala(r).parts[0].conditions[0]).toMatchObject({ value: '1', passed: true });
  });
  test('a column of percentages: 72 is 72 %, 1,5 is 1,5 %; a bare 1 among them is refused as ambiguous', async () => {
    const ok = await evaluate(ind('72', '1,5'));
    expect(ok.code).toBe(0);
    expect(uppsala(ok).parts[0].conditions[0]).toMatchObject({ value: '0.015', passed: false });
    const bad = await evaluate(ind('72', '1'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/B3: Inklusion alla SVF för Region Uppsala ska vara en procentsats med %-tecken: 1 utan % kan betyda 100\u00a0% eller 1 %/);
  });
  test('an approximate percentage ("ca 72 %") is refused at its cell', async () => {
    const r = await evaluate(ind('72 %', 'ca 72 %'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/B3: Inklusion alla SVF för Region Uppsala ska vara en exakt procentsats .*inte texten "ca 72 %"/);
  });
  test('a lone bare 1 among numbers written with % is refused; 1 % and 100 % are read as written', async () => {
    const bad = await evaluate(ind('72 %', '1'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/B3: .*1 utan % kan betyda 100\u00a0% eller 1 %/);
    expect(uppsala(await evaluate(ind('72 %', '1 %'))).parts[0].conditions[0]).toMatchObject({ value: '0.01' });
    expect(uppsala(await evaluate(ind('72 %', '100 %'))).parts[0].conditions[0]).toMatchObject({ value: '1' });
  });
});

describe('evaluate with a population file (#8.5)', () => {
  const ind = () => write('ind24.csv', ['Region;Inklusion;PREM', ...regions.map((r) => `${r.name};72 %;ja`)].join('\r\n'));
  test('no date: populationDate null (not ""), and the result sheet names the file', async () => {
    const file = write('ev-nodate.csv', popCsv());
    const j = JSON.parse((await run('evaluate', '--agreement', '2024', '--indicators', ind(), '--population', file, '--json')).out);
    expect(j.populationDate).toBeNull();
    expect(j.population).toMatchObject({ file, date: null, builtin: false });
    const r = await run('evaluate', '--agreement', '2024', '--indicators', ind(), '--population', file, '--out', 'ev-nodate.xlsx');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/befolkning: egen befolkningsfil \(ev-nodate\.csv\), utan datum/);
    expect(await sheetTexts('ev-nodate.xlsx')).toContain('Befolkning: egen befolkningsfil (ev-nodate.csv), utan datum');
  });
  test('built-in: the sheet names the table by its title, not a bare date', async () => {
    await run('evaluate', '--agreement', '2024', '--indicators', ind(), '--out', 'ev-builtin.xlsx');
    expect(await sheetTexts('ev-builtin.xlsx')).toContain('Befolkning: Folkmängd 31 december 2023 (SCB)');
  });
});
