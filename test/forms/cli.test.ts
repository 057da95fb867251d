// `agreement-rules requisition|report`: the same sheets written to a new .xlsx, read back with exceljs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { runCli } from '../helpers/cli';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agreement-rules-forms-'));
});

const run = (...argv: string[]) => runCli(dir, ...argv);

async function sheetOf(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, file));
  return wb.worksheets[0]!;
}
const rowWith = (ws: ExcelJS.Worksheet, label: string) => {
  for (let i = 1; i <= ws.rowCount; i++) if (ws.getCell(i, 1).value === label) return i;
  throw new Error(`no row "${label}"`);
};

describe('agreement-rules requisition', () => {
  test('Region Gotland 2026: 1 439 664 kr, payment 1, deadline 1 December 2026, written to a new file', async () => {
    const r = await run('requisition', '--agreement', '2026', '--recipient', 'Region Gotland', '--out', 'rek.xlsx');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Standardiserade vårdförlopp, utbetalning 1: 1\u00a0439\u00a0664\u00a0kr (avsnitt 5.3)');
    expect(r.out).toContain('Rekvisitionen ska ha inkommit till Kammarkollegiet senast 1 december 2026 (avsnitt 6)');
    const ws = await sheetOf('rek.xlsx');
    expect(ws.name).toBe('Rekvisition 2026 Gotland');
    const amount = ws.getCell(rowWith(ws, 'Belopp som rekvireras'), 2);
    expect(amount.value).toBe(1439664);
    expect(amount.numFmt).toBe('#,##0');
    expect(ws.getCell(rowWith(ws, 'Rekvisitionen ska ha inkommit till Kammarkollegiet senast'), 2).value).toBe('1 december 2026');
    const orgnr = ws.getCell(rowWith(ws, 'Organisationsnummer'), 2);
    expect(orgnr.value).toBeNull();
    expect((orgnr.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFE2EFDA');
    expect(ws.pageSetup).toMatchObject({ orientation: 'portrait', fitToPage: true, fitToWidth: 1 });
  });

  test('an existing file is not replaced; an unknown recipient or a pot paid without requisition is refused (exit 2, nothing written)', async () => {
    expect((await run('requisition', '--agreement', '2026', '--recipient', 'Gotland', '--out', 'twice.xlsx')).code).toBe(0);
    const again = await run('requisition', '--agreement', '2026', '--recipient', 'Gotland', '--out', 'twice.xlsx');
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/finns redan/);
    const who = await run('requisition', '--agreement', '2026', '--recipient', 'Atlantis', '--out', 'x.xlsx');
    expect(who.code).toBe(2);
    expect(who.err).toMatch(/Okänd mottagare "Atlantis"/);
    const pot = await run('requisition', '--agreement', '2026', '--recipient', 'Gotland', '--pot', 'svf-payment-2-inclusion', '--out', 'y.xlsx');
    expect(pot.code).toBe(2);
    expect(pot.err).toMatch(/rekvireras inte av Region Gotland/);
    expect(existsSync(join(dir, 'x.xlsx')) || existsSync(join(dir, 'y.xlsx'))).toBe(false);
    expect((await run('requisition', '--agreement', '2026', '--recipient', 'Gotland')).code).toBe(2);
  });

  test('--json gives the amounts as strings of kronor, each pot cited, and the deadline', async () => {
    const r = await run('requisition', '--agreement', '2026', '--recipient', 'SKR', '--json', '--out', 'skr.xlsx');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.total).toBe('505000000');
    expect(j.pots).toHaveLength(11);
    expect(j.deadlines).toEqual([expect.objectContaining({ kind: 'requisition', date: '2026-12-01' })]);
  });
});

describe('agreement-rules report', () => {
  test('the report file carries the formulas with their results, the attestation list and the repayment date', async () => {
    const r = await run('report', '--agreement', '2026', '--recipient', 'Region Gotland', '--out', 'red.xlsx');
    expect(r.code).toBe(0);
    const ws = await sheetOf('red.xlsx');
    const received = rowWith(ws, 'Bidrag som erhållits av regeringen/Regeringskansliet');
    const header = rowWith(ws, 'Kostnadspost');
    const total = rowWith(ws, 'Summa kostnader');
    const unspent = rowWith(ws, 'Medel som inte har förbrukats (Bidrag – kostnader)');
    expect(ws.getCell(received, 2).value).toBe(1439664);
    // exceljs leaves out a result of 0 on reading; Excel recalculates on opening.
    const t = ws.getCell(total, 2).value as ExcelJS.CellFormulaValue;
    expect(t.formula).toBe(`SUM(B${header + 1}:B${total - 1})`);
    expect(t.result ?? 0).toBe(0);
    expect(ws.getCell(unspent, 2).value).toMatchObject({ formula: `B${received}-B${total}`, result: 1439664 });
    const att = ws.getCell(rowWith(ws, 'Ekonomichefens bedömning (Alt 1 eller Alt 2)'), 2);
    expect(att.dataValidation).toMatchObject({ type: 'list', formulae: ['"Alt 1 – redovisningen är korrekt,Alt 2 – redovisningen är inte korrekt"'] });
    expect(ws.getCell(rowWith(ws, 'Medel som inte har använts återbetalas till Kammarkollegiet senast'), 2).value).toBe('31 mars 2027');
  });

  test('the built command (bin) writes the report too', () => {
    const bin = join(process.cwd(), 'bin', 'agreement-rules.cjs');
    const out = execFileSync(process.execPath, [bin, 'report', '--agreement', '2026', '--recipient', 'Gotland', '--out', join(dir, 'bin.xlsx'), '--lang', 'en'], { encoding: 'utf8' });
    expect(out).toContain('Economic report – Region Gotland, agreement 2026');
    expect(existsSync(join(dir, 'bin.xlsx'))).toBe(true);
  });
});

describe('what the commands write, the audit command finds clean', () => {
  // Before: the report written by `report` and read back by `audit` gave 3 warnings — the
  // SUM saved with the value 0 read as a formula without a value, and two texts of the form
  // ("31 mars 2027", the affirmation) as "not a number" in the amount column.
  test('requisition and report, 2026 Region Gotland and 2021 SKR, audited by `audit --json`: no findings', async () => {
    for (const [kind, agreement, who, file] of [['requisition', '2026', 'Region Gotland', 'c1.xlsx'], ['report', '2026', 'Region Gotland', 'c2.xlsx'], ['requisition', '2021', 'SKR', 'c3.xlsx'], ['report', '2021', 'SKR', 'c4.xlsx']] as const) {
      expect((await run(kind, '--agreement', agreement, '--recipient', who, '--out', file)).code).toBe(0);
      const r = await run('audit', file, '--json');
      expect(r.code, r.out).toBe(0);
      const json = JSON.parse(r.out);
      expect(json.files[0].agreement).toBe(agreement);
      expect(json.files[0].findings, `${kind} ${agreement}`).toEqual([]);
    }
  });
});
