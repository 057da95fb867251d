// The checks of the filled forms beyond the arithmetic: the requisition's date, the
// diarienummer, the organisationsnummer, bankgiro/plusgiro, the period, the grant received,
// the repayment; each at its boundary (the last correct value clean, the first wrong one a
// finding at its cell, with its section), on the product's own sheets as a user fills them.
import { describe, expect, test } from 'vitest';
import { auditGrid, builtinCatalog, reportSheet, requisitionSheet, type NewSheetSpec } from '../../addin/api';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import type { CellValue, Grid } from '../../addin/workbook/port';
import { checkDiarienummer, checkGiro, checkOrgnr, luhnOk } from '../../addin/engine/audit/checks/form-ids';

const catalog = builtinCatalog();
const rowOf = (spec: NewSheetSpec, label: string) => {
  const i = spec.cells.findIndex((r) => r[0] === label);
  if (i < 0) throw new Error(`no row "${label}"`);
  return i;
};
const cellOf = (spec: NewSheetSpec, label: string) => `B${rowOf(spec, label) + 1}`;

async function writtenGrid(spec: NewSheetSpec, edits: Record<string, CellValue | { value: CellValue; numberFormat: string }> = {}): Promise<Grid> {
  const wb = new MemoryWorkbook();
  const { port } = memoryPort(wb);
  const { sheet } = await port.writeSheet(spec);
  const s = wb.sheet(sheet);
  for (const [a1, v] of Object.entries(edits)) {
    const m = /^([A-Z])(\d+)$/.exec(a1)!;
    s.set(Number(m[2]) - 1, m[1]!.charCodeAt(0) - 65, v !== null && typeof v === 'object' ? v : { value: v });
  }
  return port.readSheet(sheet);
}
const findings = (g: Grid, agreement = '2026') => auditGrid(g, catalog, { agreement }).findings;
const ruleCells = (g: Grid, agreement = '2026') => findings(g, agreement).map((f) => [f.rule, f.cell]);

describe('identifiers: format and check digit', () => {
  test('Luhn', () => {
    expect(luhnOk('2120000803')).toBe(true);
    expect(luhnOk('2120000804')).toBe(false);
    expect(luhnOk('50501055')).toBe(true);
  });
  test('organisationsnummer: NNNNNN-NNNN with its check digit (Region Gotland 212000-0803, SKR 222000-0315)', () => {
    for (const ok of ['212000-0803', '222000-0315', '2120000803', '16212000-0803', 2120000803]) expect(checkOrgnr(ok), String(ok)).toMatchObject({ ok: true });
    expect(checkOrgnr('212000-0804')).toEqual({ ok: false, reason: 'check', digits: '2120000804', expected: 3 });
    for (const bad of ['212000-080', '21200-00803', '212000-08033', 'ABC000-0803', '2120-000803']) expect(checkOrgnr(bad), bad).toMatchObject({ ok: false, reason: 'format' });
    expect(checkOrgnr('')).toBeNull();
    expect(checkOrgnr(null)).toBeNull();
  });
  test('bankgiro 7–8 digits, plusgiro 2–8 digits, Luhn', () => {
    expect(checkGiro('5050-1055')).toMatchObject({ ok: true, kind: 'bankgiro' });
    expect(checkGiro('BG 123-4566')).toMatchObject({ ok: true, kind: 'bankgiro' });
    expect(checkGiro('Plusgiro: 90 20 03-3')).toMatchObject({ ok: true, kind: 'plusgiro' });
    expect(checkGiro('PG 41234-6')).toMatchObject({ ok: true, kind: 'plusgiro' });
    expect(checkGiro(50501055)).toMatchObject({ ok: true });
    expect(checkGiro('5050-1056')).toMatchObject({ ok: false, reason: 'check', expected: 5 });
    expect(checkGiro('90 20 03-4')).toMatchObject({ ok: false, reason: 'check', kind: 'plusgiro', expected: 3 });
    // bankgiro: 6 digits too few, 9 too many; a hyphen elsewhere than before the last four (bankgiro) or the last one (plusgiro)
    for (const bad of ['BG 505-105', 'BG 50501-0559', '50-501055', 'PG 1234-56', '5050–1055x', '123456789']) expect(checkGiro(bad), bad).toMatchObject({ ok: false, reason: 'format' });
    expect(checkGiro('1')).toMatchObject({ ok: false, reason: 'format' });
  });
  test('diarienummer S20YY/NNNNN', () => {
    for (const ok of ['S2020/09796', 'S2023/03336', ' S2026/01234 ', 'S2020/09796 (delvis)']) expect(checkDiarienummer(ok), ok).toBe(true);
    for (const bad of ['S2020/0979', 'S2020/097966', 'S20/09796', 'Fi2020/09796', '2020/09796', 'S2020-09796', 'RS/178/2026']) expect(checkDiarienummer(bad), bad).toBe(false);
    expect(checkDiarienummer(2020)).toBe(false);
    expect(checkDiarienummer('')).toBeNull();
  });
});

describe('requisition: filled, then each field wrong at its boundary', () => {
  const spec = requisitionSheet(catalog, '2026', 'Region Gotland', undefined, 'sv');
  const org = cellOf(spec, 'Organisationsnummer');
  const dn1 = cellOf(spec, 'Regeringskansliets diarienummer för bakomliggande överenskommelse');
  const dn2 = cellOf(spec, 'Regeringskansliets diarienummer för regeringsbeslut avseende utbetalning');
  const giro = cellOf(spec, 'Bankgiro/Plusgiro');
  const date = cellOf(spec, 'Datum');
  const period = cellOf(spec, 'Rekvisitionen avser perioden');
  const filled = (over: Record<string, CellValue | { value: CellValue; numberFormat: string }> = {}) => ({
    [org]: '212000-0803', [cellOf(spec, 'Kontaktperson')]: 'Anna Andersson', [dn1]: 'S2026/00123', [dn2]: 'S2026/04567',
    [giro]: '5050-1055', [date]: '2026-12-01', [cellOf(spec, 'Namnförtydligande')]: 'Anna Andersson', ...over,
  });

  test('filled correctly (dated the last day, 1 december 2026) it audits clean', async () => {
    expect(findings(await writtenGrid(spec, filled()))).toEqual([]);
    // the date as Excel stores a typed date: a serial number in a date format
    expect(findings(await writtenGrid(spec, filled({ [date]: { value: 46357, numberFormat: 'yyyy-mm-dd' } })))).toEqual([]);
  });
  test('dated 2 december 2026, a day after the deadline: an error at the date, section 6', async () => {
    const f = findings(await writtenGrid(spec, filled({ [date]: '2 december 2026' })));
    expect(f).toEqual([expect.objectContaining({ rule: 'forms.requisition-date', cell: date, severity: 'error', expected: '<= 2026-12-01', actual: '2026-12-02' })]);
    expect(f[0]!.cite).toMatchObject({ section: '6' });
    expect(f[0]!.message.sv).toContain('efter sista dagen 1 december 2026');
    expect(ruleCells(await writtenGrid(spec, filled({ [date]: { value: 46358, numberFormat: 'yyyy-mm-dd' } })))).toEqual([['forms.requisition-date', date]]);
  });
  test('diarienummer: malformed at its cell; missing once the form is dated; missing on an undated form is not yet filled', async () => {
    const f = findings(await writtenGrid(spec, filled({ [dn1]: 'S2026/0123' })));
    expect(f).toEqual([expect.objectContaining({ rule: 'forms.diarienummer', cell: dn1, actual: 'S2026/0123' })]);
    expect(f[0]!.cite).toMatchObject({ section: 'Bilaga 2, rekvisition punkt 2' });
    expect(ruleCells(await writtenGrid(spec, filled({ [dn2]: null })))).toEqual([['forms.diarienummer', dn2]]);
    expect(findings(await writtenGrid(spec, filled({ [dn2]: null, [date]: null })))).toEqual([]);
  });
  test('organisationsnummer: a wrong check digit, and a wrong form, at the cell', async () => {
    const f = findings(await writtenGrid(spec, filled({ [org]: '212000-0804' })));
    expect(f).toEqual([expect.objectContaining({ rule: 'forms.orgnr', cell: org, expected: '2120000803', actual: '212000-0804' })]);
    expect(f[0]!.message.sv).toContain('den sista vara 3');
    expect(f[0]!.cite).toMatchObject({ section: 'Bilaga 2, rekvisition punkt 1' });
    expect(ruleCells(await writtenGrid(spec, filled({ [org]: '212000-080' })))).toEqual([['forms.orgnr', org]]);
  });
  test('bankgiro/plusgiro: a wrong check digit and a wrong length at the cell; a plusgiro passes', async () => {
    expect(findings(await writtenGrid(spec, filled({ [giro]: 'PG 90 20 03-3' })))).toEqual([]);
    expect(findings(await writtenGrid(spec, filled({ [giro]: 'Bankgiro 5050-1055, plusgiro 90 20 03-3' })))).toEqual([]);
    expect(ruleCells(await writtenGrid(spec, filled({ [giro]: 'Bankgiro 5050-1055 och plusgiro 90 20 03-4' })))).toEqual([['forms.giro', giro]]);
    const f = findings(await writtenGrid(spec, filled({ [giro]: '5050-1056' })));
    expect(f).toEqual([expect.objectContaining({ rule: 'forms.giro', cell: giro, expected: '50501055' })]);
    expect(f[0]!.cite).toMatchObject({ section: 'Bilaga 2, rekvisition punkt 3' });
    expect(ruleCells(await writtenGrid(spec, filled({ [giro]: 'BG 505-105' })))).toEqual([['forms.giro', giro]]);
  });
  test('period: the agreement year passes (as the product writes it, as "2026", as dates); another year is an error at the cell', async () => {
    for (const ok of ['1 januari 2026 – 31 december 2026', '2026', '2026-01-01 – 2026-12-31', 'januari–december 2026', 2026]) expect(findings(await writtenGrid(spec, filled({ [period]: ok }))), String(ok)).toEqual([]);
    for (const bad of ['2025', '1 januari 2026 – 1 januari 2027', '2025-12-31 – 2026-12-31', 2027]) {
      const f = findings(await writtenGrid(spec, filled({ [period]: bad })));
      expect(f.map((x) => [x.rule, x.cell]), String(bad)).toEqual([['forms.period', period]]);
      expect(f[0]!.cite).toMatchObject({ section: '6' });
    }
  });
});

describe('economic report: grant received, repayment', () => {
  const spec = reportSheet(catalog, '2026', 'Region Gotland', undefined, 'sv');
  const first = rowOf(spec, 'Kostnadspost') + 2;
  const received = cellOf(spec, 'Bidrag som erhållits av regeringen/Regeringskansliet');
  const paid = cellOf(spec, 'Summa bidrag som utbetalats från regeringen/Regeringskansliet');
  const total = cellOf(spec, 'Summa kostnader');
  const unspent = cellOf(spec, 'Medel som inte har förbrukats (Bidrag – kostnader)');
  const due = cellOf(spec, 'Att återbetala (ej förbrukat, om större än 0)');
  const dueDate = cellOf(spec, 'Medel som inte har använts återbetalas till Kammarkollegiet senast');
  const att = cellOf(spec, 'Ekonomichefens bedömning (Alt 1 eller Alt 2)');
  const filled = (over: Record<string, CellValue> = {}) => ({
    [`A${first}`]: 'Personal', [`B${first}`]: 1000000, [`A${first + 1}`]: 'Utbildning', [`B${first + 1}`]: 400000,
    [total]: 1400000, [unspent]: 39664, [due]: 39664, [att]: 'Alt 1 – redovisningen är korrekt',
    [cellOf(spec, 'Period som den ekonomiska redovisningen avser')]: '1 januari 2026 – 31 december 2026',
    ...over,
  });

  test('filled correctly, with its repayment by 31 March 2027, it audits clean; all spent needs no repayment', async () => {
    expect(findings(await writtenGrid(spec, filled()))).toEqual([]);
    expect(findings(await writtenGrid(spec, filled({ [dueDate]: '2027-03-31' })))).toEqual([]);
    expect(findings(await writtenGrid(spec, filled({ [`B${first + 1}`]: 439664, [total]: 1439664, [unspent]: 0, [due]: 0 })))).toEqual([]);
  });
  test('a cost line that is not a number is still said (only headings and identifiers are text on a form)', async () => {
    const f = findings(await writtenGrid(spec, filled({ [`B${first + 2}`]: 'fem tusen' })));
    expect(f.map((x) => [x.rule, x.cell])).toEqual([['input.unreadable', `B${first + 2}`]]);
  });
  test('grant received 1 kr off what the agreement paid: an error at the cell, with the allocation; so is the grant paid', async () => {
    const f = findings(await writtenGrid(spec, filled({ [received]: 1439665, [unspent]: 39665, [due]: 39665 })));
    expect(f).toEqual([expect.objectContaining({ rule: 'forms.received', cell: received, expected: '1439664', actual: '1439665' })]);
    expect(f[0]!.cite).toMatchObject({ source: 'overenskommelse-2026', section: '5.3' });
    expect(ruleCells(await writtenGrid(spec, filled({ [paid]: 1439663 })))).toEqual([['forms.received', paid]]);
  });
  test('unspent 39 664 kr but nothing (or 1 kr too little) to repay: an error at the repayment, section 6', async () => {
    const f = findings(await writtenGrid(spec, filled({ [due]: 0 })));
    expect(f).toEqual([expect.objectContaining({ rule: 'forms.repayment', cell: due, expected: '39664', actual: '0' })]);
    expect(f[0]!.cite).toMatchObject({ section: '6' });
    expect(f[0]!.message.sv).toContain('senast 31 mars 2027');
    expect(ruleCells(await writtenGrid(spec, filled({ [due]: 39663 })))).toEqual([['forms.repayment', due]]);
  });
  test('the product\'s deadline row changed to 1 April 2027: the facts check holds it to section 6 (once, not twice)', async () => {
    expect(ruleCells(await writtenGrid(spec, filled({ [dueDate]: '1 april 2027' })))).toEqual([['facts.date', dueDate]]);
  });
});

describe('a report laid out by another writer: the repayment and its date', () => {
  const base: CellValue[][] = [
    ['Ekonomisk redovisning 2026', null],
    ['Bidragsmottagare', 'Region Gotland'],
    ['Bidrag som erhållits av regeringen/Regeringskansliet', 1439664],
    ['Kostnader (specificera större kostnadsposter)', null],
    ['Löner', 1000000],
    ['Summa kostnader', 1000000],
    ['Medel som inte har förbrukats (Bidrag – kostnader)', 439664],
    ['Återbetalt belopp', 439664],
    ['Återbetalt den', '2027-03-31'],
    ['Alt 1: N.N. intygar att den ekonomiska redovisningen under punkt 3 är korrekt.', 'X'],
  ];
  const grid = (edit: (v: CellValue[][]) => void = () => {}): Grid => {
    const v = base.map((r) => [...r]);
    edit(v);
    return { sheet: 'Redovisning', top: 0, left: 0, values: v, numberFormats: v.map((r) => r.map(() => 'General')) };
  };
  test('repaid in full on 31 March 2027: clean', () => {
    expect(findings(grid())).toEqual([]);
  });
  test('repaid on 1 April 2027: an error at the date; repaid 1 kr too little: at the amount', () => {
    expect(ruleCells(grid((v) => (v[8]![1] = '2027-04-01')))).toEqual([['forms.repayment', 'B9']]);
    expect(ruleCells(grid((v) => (v[7]![1] = 439663)))).toEqual([['forms.repayment', 'B8']]);
    expect(ruleCells(grid((v) => (v[7]![1] = null)))).toEqual([['forms.repayment', 'B8']]);
  });
  test('a Bilaga 2 form without a repayment row (the annex has none) gives no repayment finding', () => {
    expect(findings(grid((v) => v.splice(7, 2)))).toEqual([]);
  });
});

describe('the English sheets are read too', () => {
  test('requisition in English: a wrong organisation number and a late date are found', async () => {
    const spec = requisitionSheet(catalog, '2026', 'Region Gotland', undefined, 'en');
    const g = await writtenGrid(spec, { [cellOf(spec, 'Organisation number')]: '212000-0804', [cellOf(spec, 'Date')]: '2026-12-02', [cellOf(spec, "Government Offices' registration number of the underlying agreement")]: 'S2026/00123', [cellOf(spec, "Government Offices' registration number of the payment decision")]: 'S2026/04567' });
    expect(ruleCells(g)).toEqual([['forms.orgnr', cellOf(spec, 'Organisation number')], ['forms.requisition-date', cellOf(spec, 'Date')]]);
    expect(findings(await writtenGrid(spec))).toEqual([]);
  });
});

describe('everything the product writes audits clean', () => {
  test('every recipient of every agreement with forms, both forms, both languages (written, not yet filled)', async () => {
    let n = 0;
    for (const a of catalog.agreements.filter((x) => x.forms)) {
      const who = a.forms!.requisitioners!.flatMap((r) => (r.recipients === 'skr' ? ['SKR'] : catalog.reference.regions.map((x) => x.name)));
      for (const w of who)
        for (const lang of ['sv', 'en'] as const)
          for (const make of [requisitionSheet, reportSheet]) {
            const g = await writtenGrid(make(catalog, a.id, w, undefined, lang));
            expect(findings(g, a.id), `${a.id} ${w} ${lang} ${g.sheet}`).toEqual([]);
            n++;
          }
    }
    expect(n).toBe((21 + 1) * 4 + 4);
  }, 60_000);
});
