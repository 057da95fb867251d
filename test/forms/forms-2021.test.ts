// The 2021 payment decision (S2020/09796) as forms: what seed 004 gives (SKR requisitions its
// 130 000 000 kronor by 1 December 2021; unused money repaid and the economic report handed in
// by 31 March 2022; the registration numbers on every document; signed in original), each
// cited verbatim; what it does not give is in the gaps. The sheets are written and audited.
import { describe, expect, test } from 'vitest';
import { auditGrid, builtinCatalog, formFigures, reportSheet, requisitionSheet, EngineError, type NewSheetSpec } from '../../addin/api';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import type { CellValue, Grid } from '../../addin/workbook/port';
import { sourceText } from '../engine/sources';

const catalog = builtinCatalog();
const a2021 = () => catalog.agreements.find((a) => a.id === '2021')!;
const rowOf = (spec: NewSheetSpec, label: string) => {
  const i = spec.cells.findIndex((r) => r[0] === label);
  if (i < 0) throw new Error(`no row "${label}"`);
  return i;
};
async function writtenGrid(spec: NewSheetSpec, edits: Record<string, CellValue> = {}): Promise<Grid> {
  const wb = new MemoryWorkbook();
  const { port } = memoryPort(wb);
  const { sheet } = await port.writeSheet(spec);
  const s = wb.sheet(sheet);
  for (const [a1, v] of Object.entries(edits)) s.set(Number(a1.slice(1)) - 1, a1.charCodeAt(0) - 65, { value: v });
  return port.readSheet(sheet);
}

describe('the 2021 forms come from seed 004, verbatim', () => {
  test('every quotation of the forms is in the payment decision', () => {
    const norm = (s: string) => s.replace(/\*/g, '').replace(/\s+/g, ' ').trim();
    const seed = norm(sourceText('utbetalningsbeslut-2021'));
    const f = a2021().forms!;
    const cites = [f.requisition, f.report].flatMap((form) => [form.cite, ...form.deadlines.map((d) => d.cite), ...form.points.flatMap((p) => [p.cite, ...p.fields.map((x) => x.cite)])]);
    cites.push(...f.requisitioners!.map((r) => r.cite), f.period!.cite);
    expect(cites.length).toBeGreaterThan(30);
    for (const c of cites) {
      expect(c.source).toBe('utbetalningsbeslut-2021');
      expect(c.section).toBe('Regeringens beslut');
      expect(seed, c.text).toContain(norm(c.text));
    }
  });
  test('dates: requisition by 1 December 2021; repayment and report by 31 March 2022; the period is 2021', () => {
    const f = a2021().forms!;
    expect(f.requisition.deadlines.map((d) => [d.kind, d.date])).toEqual([['requisition', '2021-12-01']]);
    expect(f.report.deadlines.map((d) => [d.kind, d.date])).toEqual([['repayment', '2022-03-31'], ['report', '2022-03-31']]);
    expect([f.period!.from, f.period!.to]).toEqual(['2021-01-01', '2021-12-31']);
  });
  test('SKR requisitions the 130 000 000 kronor; the regions do not requisition (paid without requisition), and that is said', () => {
    const a = a2021();
    expect(a.forms!.requisitioners!.map((r) => r.recipients)).toEqual(['skr']);
    expect(formFigures(catalog, '2021', 'SKR').total.toFixed(0)).toBe('130000000');
    const gaps = a.gaps.map((g) => g.what.sv).join('\n');
    expect(gaps).toMatch(/utan rekvisition/);
    expect(gaps).toMatch(/diarienummer för 2021 års överenskommelse/);
    expect(gaps).toMatch(/organisationsnummer, bankgiro\/plusgiro och ekonomichefens granskning anges inte/);
    try {
      requisitionSheet(catalog, '2021', 'Region Gotland', undefined, 'sv');
      throw new Error('did not throw');
    } catch (e) {
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).text.sv).toBe('Region Gotland rekvirerar inga medel enligt överenskommelse 2021.');
    }
  });
});

describe('the 2021 sheets for SKR', () => {
  const req = requisitionSheet(catalog, '2021', 'SKR', undefined, 'sv');
  const rep = reportSheet(catalog, '2021', 'SKR', undefined, 'sv');
  test('the requisition: 130 000 000 kr, period 2021, deadline 1 december 2021', () => {
    expect(req.cells[rowOf(req, 'Belopp som rekvireras')]![1]).toBe(130000000);
    expect(req.cells[rowOf(req, 'Rekvisitionen avser perioden')]![1]).toBe('1 januari 2021 – 31 december 2021');
    expect(req.cells[rowOf(req, 'Rekvisitionen ska ha inkommit till Kammarkollegiet senast')]![1]).toBe('1 december 2021');
  });
  test('the report: repayment by 31 mars 2022, no attestation list (the decision has none)', () => {
    expect(rep.cells[rowOf(rep, 'Medel som inte har utnyttjats återbetalas till Kammarkollegiet senast')]![1]).toBe('31 mars 2022');
    expect(rep.lists ?? []).toEqual([]);
  });
  test('written, both audit clean; filled, the report audits clean; dated 2 december 2021 the requisition is late', async () => {
    expect(auditGrid(await writtenGrid(req), catalog, { agreement: '2021' }).findings).toEqual([]);
    expect(auditGrid(await writtenGrid(rep), catalog, { agreement: '2021' }).findings).toEqual([]);
    const first = rowOf(rep, 'Kostnadspost') + 2;
    const filled = {
      [`A${first}`]: 'RCC i samverkan', [`B${first}`]: 129000000,
      [`B${rowOf(rep, 'Summa kostnader') + 1}`]: 129000000,
      [`B${rowOf(rep, 'Medel som inte har utnyttjats (bidrag – kostnader)') + 1}`]: 1000000,
      [`B${rowOf(rep, 'Att återbetala (ej förbrukat, om större än 0)') + 1}`]: 1000000,
      [`B${rowOf(rep, 'Regeringskansliets diarienummer för regeringsbeslut om utbetalning') + 1}`]: 'S2020/09796',
    };
    expect(auditGrid(await writtenGrid(rep, filled), catalog, { agreement: '2021' }).findings).toEqual([]);
    const date = `B${rowOf(req, 'Datum') + 1}`;
    const dn = { [`B${rowOf(req, 'Regeringskansliets diarienummer för överenskommelsen') + 1}`]: 'S2020/09123', [`B${rowOf(req, 'Regeringskansliets diarienummer för regeringsbeslut om utbetalning') + 1}`]: 'S2020/09796' };
    expect(auditGrid(await writtenGrid(req, { ...dn, [date]: '2021-12-01' }), catalog, { agreement: '2021' }).findings).toEqual([]);
    const late = auditGrid(await writtenGrid(req, { ...dn, [date]: '2021-12-02' }), catalog, { agreement: '2021' }).findings;
    expect(late.map((f) => [f.rule, f.cell])).toEqual([['forms.requisition-date', date]]);
    expect(late[0]!.cite).toMatchObject({ source: 'utbetalningsbeslut-2021', section: 'Regeringens beslut' });
  });
});

describe('the payment decision\'s own diarienummer, given by seed 004', () => {
  test('is in the rules (fill "given"), in the seed and in the source index; the sheets show it, not as an input cell', async () => {
    const f = a2021().forms!;
    for (const form of [f.requisition, f.report]) {
      const field = form.points.flatMap((p) => p.fields).find((x) => x.id === 'diarienummer-utbetalning')!;
      expect(field).toMatchObject({ fill: 'given', value: 'S2020/09796', format: 'diarienummer' });
    }
    expect(sourceText('utbetalningsbeslut-2021')).toContain('S2020/09796');
    const req = requisitionSheet(catalog, '2021', 'SKR', undefined, 'sv');
    const row = rowOf(req, 'Regeringskansliets diarienummer för regeringsbeslut om utbetalning');
    expect(req.cells[row]![1]).toBe('S2020/09796');
    expect(req.inputs!.some((b) => b.fromRow <= row && b.toRow >= row && b.fromCol <= 1 && b.toCol >= 1)).toBe(false);
  });
  test('a requisition with another decision number is an error at the cell, with the right number', async () => {
    const req = requisitionSheet(catalog, '2021', 'SKR', undefined, 'sv');
    const cell = `B${rowOf(req, 'Regeringskansliets diarienummer för regeringsbeslut om utbetalning') + 1}`;
    const f = auditGrid(await writtenGrid(req, { [cell]: 'S2020/09797' }), catalog, { agreement: '2021' }).findings;
    expect(f.map((x) => [x.rule, x.cell, x.expected, x.actual])).toEqual([['forms.diarienummer', cell, 'S2020/09796', 'S2020/09797']]);
    expect(auditGrid(await writtenGrid(req, { [cell]: 'S2020/09796 (delvis)' }), catalog, { agreement: '2021' }).findings).toEqual([]);
  });
  test('a "given" field without its value, or a value on a user field, is refused with its JSON path', async () => {
    const { validateAgreement } = await import('../../addin/api');
    const { builtinReference } = await import('../../addin/engine/rules/catalog');
    const { readFileSync } = await import('node:fs');
    const raw = () => JSON.parse(readFileSync(new URL('../../rules/agreements/2021.json', import.meta.url), 'utf8'));
    const j = raw();
    delete j.forms.requisition.points[1].fields[1].value;
    const r = validateAgreement(j, '2021.json', builtinReference());
    expect(r.ok ? [] : r.errors.map((e) => `${e.path} ${e.message}`)).toContain('/forms/requisition/points/1/fields/1 a field filled by "given" needs its "value"');
    const k = raw();
    k.forms.requisition.points[1].fields[0].value = 'S2020/00001';
    const r2 = validateAgreement(k, '2021.json', builtinReference());
    expect(r2.ok ? [] : r2.errors.map((e) => `${e.path} ${e.message}`)).toContain('/forms/requisition/points/1/fields/0/value only a field filled by "given" has a "value"');
  });
});
