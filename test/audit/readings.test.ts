// Issue #8: the audit reads tables the way people make them — one stated reading per table,
// faults found, no floods of false alarms. Each case below failed on the audit before the
// readings (see the commit that adds this file).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { allocate, builtinCatalog } from '../../addin/api';
import { auditGrid } from '../../addin/engine/audit';
import { runCli } from '../helpers/cli';
import type { CellValue, Grid } from '../../addin/workbook/port';
import type { PopulationTable } from '../../addin/core/model';

const catalog = builtinCatalog();
const regions = catalog.reference.regions;

function grid(values: CellValue[][], formats?: (r: number, c: number) => string, extra: Partial<Grid> = {}): Grid {
  const width = Math.max(...values.map((r) => r.length));
  const rect = values.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? null));
  return { sheet: 'Blad1', top: 0, left: 0, values: rect, numberFormats: rect.map((r, i) => r.map((_, j) => formats?.(i, j) ?? 'General')), ...extra };
}

const serious = (g: Grid, agreement?: string) =>
  auditGrid(g, catalog, agreement ? { agreement } : {}).findings.filter((f) => f.severity !== 'note');
const brief = (fs: { cell: string; severity: string; rule: string }[]) => fs.map((f) => `${f.cell} ${f.severity} ${f.rule}`);

function popTable(id: string): PopulationTable {
  return catalog.reference.populations.find((p) => p.id === id)!;
}

/** Rows of an allocation: [name, code, amount]. */
function allocRows(agreement: string, pot: string, population?: PopulationTable) {
  return allocate(catalog, { agreement, pot, ...(population ? { population } : {}) }).rows.map((r) => ({ name: r.recipient, code: r.code, amount: r.amount.toNumber(), population: r.population.toNumber() }));
}

/** The government's December 2025 payment as people publish it: 182 500 000 kr to the 18 qualifying regions, the three others at 0 (or blank). */
function conditionalTable(blank: boolean): CellValue[][] {
  const out = ['13', '21', '24'];
  const p = popTable('2023-12-31');
  const qualifying: PopulationTable = { ...p, rows: p.rows.filter((r) => !out.includes(r.code)) };
  const rows = allocRows('2024', 'svf-payment-2', qualifying);
  const by = new Map(rows.map((r) => [r.code, r.amount]));
  return [
    ['Utbetalning 2, villkorade medel: 182 500 000 kronor till de regioner som uppfyllt villkoren'],
    [],
    ['Region', 'Belopp (kr)'],
    ...regions.map((r) => [r.name, out.includes(r.code) ? (blank ? null : 0) : by.get(r.code)!]),
  ];
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agreement-rules-readings-'));
});
const run = (...argv: string[]) => runCli(dir, ...argv);

describe('what the product writes audits clean', () => {
  test('allocate 2026 svf-payment-1 --out, audited back: exit 0, no warning or error, read as payment 1', async () => {
    expect((await run('allocate', '--agreement', '2026', '--pot', 'svf-payment-1', '--out', 'a.xlsx')).code).toBe(0);
    const r = await run('audit', 'a.xlsx', '--json');
    const j = JSON.parse(r.out);
    expect(j.files[0].findings.filter((f: { severity: string }) => f.severity !== 'note')).toEqual([]);
    expect(r.code).toBe(0);
    const t = j.files[0].tables[0];
    expect(t.reading).toMatchObject({ agreement: '2026', pot: 'svf-payment-1', recipients: 'all' });
    expect(t.label).toMatch(/läst som: 2026, .*utbetalning 1.*21 regioner/);
  });
  const indicators = () => {
    const header = 'Region;Inklusion alla SVF;PREM används;Redovisning inlämnad;Inklusion bröst;Inom ledtid bröst;Inklusion tjock- och ändtarm;Inom ledtid tjock- och ändtarm;Inklusion prostata;Inom ledtid prostata';
    const rows = regions.map((r) => {
      const row = [r.name, '72,5 %', 'ja', '2026-09-15', '75%', '0,65', '0.71', '61 %', '80 %', '60 %'];
      if (r.code === '21') row[1] = '65 %';
      if (r.code === '13') row[2] = 'nej';
      if (r.code === '24') row[5] = '0,50';
      return row.join(';');
    });
    return [header, ...rows].join('\n') + '\n';
  };
  for (const unclaimed of ['redistribute', 'forfeit']) {
    test(`evaluate 2026 --unclaimed ${unclaimed} --out, audited back: exit 0, no warning or error`, async () => {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(dir, 'ind.csv'), indicators());
      expect((await run('evaluate', '--agreement', '2026', '--indicators', 'ind.csv', '--unclaimed', unclaimed, '--out', `e-${unclaimed}.xlsx`)).code).toBe(0);
      const r = await run('audit', `e-${unclaimed}.xlsx`, '--json');
      const j = JSON.parse(r.out);
      expect(j.files[0].findings.filter((f: { severity: string }) => f.severity !== 'note')).toEqual([]);
      expect(r.code).toBe(0);
    });
  }
});

describe('conditional payment tables', () => {
  for (const blank of [false, true]) {
    test(`182 500 000 kr split among the 18 qualifying regions, the others ${blank ? 'blank' : 'at 0'}: clean, read as the qualifying subset`, () => {
      const g = grid(conditionalTable(blank));
      expect(brief(serious(g, '2024'))).toEqual([]);
      const r = auditGrid(g, catalog, { agreement: '2024' });
      expect(r.tables[0]!.reading).toMatchObject({ pot: 'svf-payment-2', recipients: 'qualifying' });
      expect(r.tables[0]!.label).toMatch(/18 regioner/);
    });
  }
  test('the same table with one amount changed: exactly one error, at that cell', () => {
    const v = conditionalTable(false);
    (v[3 + 4] as CellValue[])[1] = ((v[3 + 4] as CellValue[])[1] as number) + 25_000;
    const fs = serious(grid(v), '2024');
    expect(brief(fs)).toEqual(['B8 error allocation.row-amount']);
  });
});

/** 2026 payment 1 as a person lays it out: title two rows above the header, a SUM total. */
function payment1(opts: { title?: boolean; totalSum?: boolean; wrong?: string; drop?: string } = {}): CellValue[][] {
  const rows = allocRows('2026', 'svf-payment-1').filter((r) => r.code !== opts.drop);
  const body = rows.map((r) => [r.name, r.population, r.code === opts.wrong ? r.amount + 100_000 : r.amount] as CellValue[]);
  const sum = body.reduce((s, r) => s + (r[2] as number), 0);
  return [
    ...(opts.title !== false ? [['SVF utbetalning 1 2026, fördelning per region'], [] as CellValue[]] : []),
    ['Region', 'Befolkning', 'Belopp (kr)'],
    ...body,
    ...(opts.totalSum ? [['Summa', body.reduce((s, r) => s + (r[1] as number), 0), sum]] : []),
  ];
}

describe('tables as people make them', () => {
  test('a total row that is =SUM of the rows, one row wrong: the wrong row is found', () => {
    const fs = serious(grid(payment1({ totalSum: true, wrong: '20' })), '2026');
    expect(fs.some((f) => f.rule === 'allocation.row-amount' && f.cell === 'C19' && f.severity === 'error')).toBe(true);
    expect(fs.filter((f) => f.rule === 'allocation.row-amount')).toHaveLength(1);
  });
  test('title two rows above the header: clean; one wrong row found', () => {
    expect(brief(serious(grid(payment1({})), '2026'))).toEqual([]);
    expect(brief(serious(grid(payment1({ wrong: '03' })), '2026'))).toEqual(['C5 error allocation.row-amount']);
  });
  test('a missing region is one finding naming it, not twenty', () => {
    const fs = serious(grid(payment1({ drop: '09' })), '2026');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.message.sv).toMatch(/Region Gotland saknas i tabellen/);
  });
  test('a side note two columns right of the table never switches its audit off; its own wrong figure is found', () => {
    const v = payment1({ wrong: '03' });
    v[2] = [...v[2]!, null, null, 'SVF totalt 2026', 375_000_000];
    const fs = serious(grid(v), '2026');
    expect(brief(fs).sort()).toEqual(['C5 error allocation.row-amount', 'G3 error facts.pot-total'].sort());
  });
  test('full-precision shares (=C5/C$26, General) raise no share-sum alarm', () => {
    const rows = allocRows('2026', 'svf-payment-1');
    const total = rows.reduce((s, r) => s + r.population, 0);
    const v: CellValue[][] = [['Region', 'Befolkning', 'Andel', 'Belopp'], ...rows.map((r) => [r.name, r.population, r.population / total, r.amount]), ['Summa', total, rows.reduce((s, r) => s + r.population / total, 0), 250_000_000]];
    const fs = auditGrid(grid(v), catalog, { agreement: '2026' }).findings;
    expect(fs.filter((f) => f.rule === 'arithmetic.share-sum' && f.severity !== 'note')).toEqual([]);
    expect(fs.filter((f) => f.rule.startsWith('arithmetic.share'))).toEqual([]);
  });
});

describe('label–value facts and region phrasings', () => {
  test('"Redovisning senast | 31 oktober 2026" and "SVF totalt 2026 | 375 000 000" are checked like sentences', () => {
    const g = grid([['Budget för cancervården 2026'], [], ['Redovisning senast', '31 oktober 2026'], ['SVF totalt 2026', 375_000_000]]);
    const fs = serious(g, '2026');
    expect(brief(fs)).toEqual(['B3 warning facts.date', 'B4 error facts.pot-total']);
    const sentence = serious(grid([['Budget för cancervården 2026'], [], ['Redovisning senast 31 oktober 2026.'], ['SVF totalt 2026 är 375 000 000 kronor.']]), '2026');
    expect(sentence.map((f) => f.rule)).toEqual(fs.map((f) => f.rule));
  });
  test('"Region Dalarna får ca 10 mkr fördelat på två utbetalningar" is checked against Dalarna\'s share', () => {
    const fs = serious(grid([['Cancervården 2026'], ['Region Dalarna får ca 10 mkr fördelat på två utbetalningar.']]), '2026');
    expect(brief(fs)).toEqual(['A2 warning facts.region-share']);
    const right = serious(grid([['Cancervården 2026'], ['Region Dalarna får ca 13,5 mkr fördelat på två utbetalningar.']]), '2026');
    expect(right).toEqual([]);
  });
});

describe('readings are data and can be chosen', () => {
  test('each table carries its reading and alternatives; a chosen reading re-runs the audit on it', () => {
    const g = grid(payment1({}));
    const r = auditGrid(g, catalog, { agreement: '2026' });
    const t = r.tables[0]!;
    expect(t.reading?.pot).toBe('svf-payment-1');
    expect(t.alternatives.length).toBeGreaterThan(0);
    const alt = t.alternatives.find((a) => a.reading.pot !== 'svf-payment-1')!;
    const again = auditGrid(g, catalog, { agreement: '2026', readings: { [`${t.sheet}!${t.range}`]: alt.id } });
    expect(again.tables[0]!.reading?.id).toBe(alt.id);
    // Findings on the table say which reading they rest on.
    const onTable = again.findings.filter((f) => f.rule === 'allocation.row-amount');
    expect(onTable.length).toBeGreaterThan(0);
    expect(onTable.every((f) => f.reading === again.tables[0]!.label)).toBe(true);
  });
});

describe('the command line', () => {
  test('a SUM formula saved without a value is reported with its formula, not read as blank; --reading re-runs a table on a chosen reading', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Blad1');
    const v = payment1({});
    v.forEach((row, r) => row.forEach((x, c) => {
      if (x !== null && x !== undefined) ws.getCell(r + 1, c + 1).value = x as string | number;
    }));
    const last = v.length;
    ws.getCell(last + 1, 1).value = 'Summa';
    ws.getCell(last + 1, 3).value = { formula: `SUM(C4:C${last})` } as ExcelJS.CellFormulaValue;
    await wb.xlsx.writeFile(join(dir, 'uncached.xlsx'));
    const r = await run('audit', 'uncached.xlsx', '--json');
    const j = JSON.parse(r.out);
    const f = j.files[0].findings.find((x: { rule: string }) => x.rule === 'input.uncached-formula');
    expect(f).toMatchObject({ sheet: 'Blad1', cell: `C${last + 1}`, severity: 'warning' });
    expect(f.message).toContain(`=SUM(C4:C${last})`);
    expect(j.files[0].findings.filter((x: { severity: string }) => x.severity === 'error')).toEqual([]);
    const t = j.files[0].tables[0];
    expect(t.reading.pot).toBe('svf-payment-1');
    const alt = t.alternatives.find((a: { id: string }) => a.id.includes('svf-payment-2'));
    expect(alt).toBeTruthy();
    const again = JSON.parse((await run('audit', 'uncached.xlsx', '--json', '--reading', `Blad1!${t.range}=${alt.id}`)).out);
    expect(again.files[0].tables[0]).toMatchObject({ picked: true, reading: { id: alt.id } });
  });
});
