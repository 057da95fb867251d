// The audit of the forms: the product's report/requisition written, filled and read back;
// a form filled by another writer; each check at its boundary, at its cell.
import { describe, expect, test } from 'vitest';
import { auditGrid, builtinCatalog, reportSheet, requisitionSheet, type NewSheetSpec } from '../../addin/api';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import type { CellValue, Grid } from '../../addin/workbook/port';

const catalog = builtinCatalog();
const rowOf = (spec: NewSheetSpec, label: string) => spec.cells.findIndex((r) => r[0] === label);

/** The sheet written through the port, then edited like a user would, then read back. */
async function writtenGrid(spec: NewSheetSpec, edits: Record<string, CellValue> = {}): Promise<Grid> {
  const wb = new MemoryWorkbook();
  const { port } = memoryPort(wb);
  const { sheet } = await port.writeSheet(spec);
  const s = wb.sheet(sheet);
  for (const [a1, v] of Object.entries(edits)) {
    const m = /^([A-Z])(\d+)$/.exec(a1)!;
    s.set(Number(m[2]) - 1, m[1]!.charCodeAt(0) - 65, { value: v });
  }
  return port.readSheet(sheet);
}
const formFindings = (g: Grid) => auditGrid(g, catalog, { agreement: '2026' }).findings.filter((f) => f.rule.startsWith('forms.'));

describe('requisition: the amount is the allocation', () => {
  const spec = requisitionSheet(catalog, '2026', 'Region Gotland', undefined, 'sv');
  const cell = `B${rowOf(spec, 'Belopp som rekvireras') + 1}`;
  test('as written it audits clean', async () => {
    expect(auditGrid(await writtenGrid(spec), catalog, { agreement: '2026' }).findings).toEqual([]);
  });
  test('1 kr off is an error at the amount, with the allocation and section 5.3', async () => {
    const f = formFindings(await writtenGrid(spec, { [cell]: 1439665 }));
    expect(f).toEqual([expect.objectContaining({ rule: 'forms.requested-amount', cell, severity: 'error', expected: '1439664', actual: '1439665' })]);
    expect(f[0]!.cite).toMatchObject({ source: 'overenskommelse-2026', section: '5.3' });
  });
});

describe('economic report: costs, unspent, attestation', () => {
  const spec = reportSheet(catalog, '2026', 'Region Gotland', undefined, 'sv');
  const first = rowOf(spec, 'Kostnadspost') + 2; // 1-based first cost line
  const total = `B${rowOf(spec, 'Summa kostnader') + 1}`;
  const unspent = `B${rowOf(spec, 'Medel som inte har förbrukats (Bidrag – kostnader)') + 1}`;
  const due = `B${rowOf(spec, 'Att återbetala (ej förbrukat, om större än 0)') + 1}`;
  const att = `B${rowOf(spec, 'Ekonomichefens bedömning (Alt 1 eller Alt 2)') + 1}`;
  const dev = `B${rowOf(spec, 'Avvikelser och eventuella åtgärder (vid Alt 2)') + 1}`;
  /** Filled correctly (Excel would recalculate the formulas: the test writes their results). */
  const filled = (over: Record<string, CellValue> = {}) => ({
    [`A${first}`]: 'Personal', [`B${first}`]: 1000000,
    [`A${first + 1}`]: 'Utbildning', [`B${first + 1}`]: 400000,
    [total]: 1400000, [unspent]: 39664, [due]: 39664,
    [att]: 'Alt 1 – redovisningen är korrekt',
    ...over,
  });

  test('as written (not yet filled) and filled correctly it audits clean', async () => {
    expect(auditGrid(await writtenGrid(spec), catalog, { agreement: '2026' }).findings).toEqual([]);
    expect(auditGrid(await writtenGrid(spec, filled()), catalog, { agreement: '2026' }).findings).toEqual([]);
  });
  test('costs that do not add up: an error at the total', async () => {
    const f = formFindings(await writtenGrid(spec, filled({ [total]: 1400001, [unspent]: 39663, [due]: 39663 })));
    expect(f).toEqual([expect.objectContaining({ rule: 'forms.total-costs', cell: total, expected: '1400000', actual: '1400001' })]);
  });
  test('unspent wrong by 1 kr: an error at the unspent cell', async () => {
    const f = formFindings(await writtenGrid(spec, filled({ [unspent]: 39665 })));
    expect(f).toEqual([expect.objectContaining({ rule: 'forms.unspent', cell: unspent, expected: '39664', actual: '39665' })]);
    expect(f[0]!.cite).toMatchObject({ section: 'Bilaga 2, ekonomisk redovisning punkt 3' });
  });
  test('no attestation chosen, or Alt 2 without deviations: an error at the choice', async () => {
    expect(formFindings(await writtenGrid(spec, filled({ [att]: null })))).toEqual([expect.objectContaining({ rule: 'forms.attestation', cell: att })]);
    expect(formFindings(await writtenGrid(spec, filled({ [att]: 'Alt 2 – redovisningen är inte korrekt' })))).toEqual([expect.objectContaining({ rule: 'forms.attestation-deviations', cell: dev })]);
    expect(formFindings(await writtenGrid(spec, filled({ [att]: 'Alt 2 – redovisningen är inte korrekt', [dev]: 'Lönekostnad felbokad; rättas i januari' })))).toEqual([]);
  });
});

describe('a report filled by another writer (Bilaga 2 headings, marks beside the alternatives)', () => {
  const values: CellValue[][] = [
    ['Ekonomisk redovisning', null],
    ['Bidragsmottagare', 'Region Gotland'],
    ['Bidrag som erhållits av regeringen/Regeringskansliet', '1 439 664 kr'],
    ['Kostnader (specificera större kostnadsposter)', null],
    ['Löner', 900000],
    ['Lokaler', 100000],
    ['Summa kostnader', 1000000],
    ['Medel som inte har förbrukats (Bidrag – kostnader)', 439664],
    ['Alt 1: N.N. intygar att den ekonomiska redovisningen under punkt 3 är korrekt.', 'X'],
    ['Alt 2: N.N. bedömer inte att den ekonomiska redovisningen under punkt 3 är korrekt.', null],
  ];
  const grid = (v: CellValue[][]): Grid => ({ sheet: 'Redovisning', top: 0, left: 0, values: v, numberFormats: v.map((r) => r.map(() => 'General')) });
  test('filled correctly: clean', () => {
    expect(formFindings(grid(values))).toEqual([]);
  });
  test('both alternatives marked, and a sum off by 1 kr: each at its cell', () => {
    const v = values.map((r) => [...r]);
    v[9]![1] = 'X';
    v[6]![1] = 999999;
    v[7]![1] = 439664; // 1 439 664 − 999 999 = 439 665
    const f = formFindings(grid(v)).map((x) => [x.rule, x.cell]);
    expect(f).toEqual([['forms.total-costs', 'B7'], ['forms.unspent', 'B8'], ['forms.attestation', 'B9']]);
  });
});
