// A Bilaga 2 requisition and economic report laid out by hand, as someone would in
// LibreOffice: the title merged across, each label merged over A:C with its value in D,
// dates typed as text, Summa kostnader and the unspent money as formulas. Written by the
// corpus's minimal SpreadsheetML writer (no styles, formulas without cached values) and,
// where LibreOffice is installed, opened and saved again by LibreOffice (its own styles,
// shared strings and computed cached values); audited by `agreement-rules audit` as a user
// runs it. Filled correctly it is clean; each planted fault is found at its cell.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { main } from '../../addin/cli/main';
import { readXlsx } from '../../addin/workbook/xlsx';
import { newSheet, put, type SheetSpec, type CellSpec, type Value } from '../corpus/model';
import { spreadsheetml } from '../corpus/spreadsheetml';

const SOFFICE = '/usr/bin/soffice';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'forms-other-writer-'));
});

type Faults = Partial<Record<'orgnr' | 'diarienummer' | 'date' | 'giro' | 'period' | 'total' | 'alt' | 'received', Value>>;

/** The form as a person lays it out: label over A:C (merged), value in D. Returns the sheet and the value cell of each label. */
function layout(name: string, title: string, rows: [string, Value | CellSpec][]): { sheet: SheetSpec; at: Record<string, string> } {
  const s = newSheet(name, 'form', '2026', 'svf-payment-1');
  put(s, 0, 0, { v: title, bold: true });
  s.merges.push('A1:D1');
  const at: Record<string, string> = {};
  rows.forEach(([label, value], i) => {
    const r = i + 2;
    if (label) {
      put(s, r, 0, label);
      s.merges.push(`A${r + 1}:C${r + 1}`);
    }
    if (value !== null) put(s, r, 3, value);
    at[label] = `D${r + 1}`;
  });
  s.widths.set(0, 40);
  s.widths.set(3, 24);
  return { sheet: s, at };
}

function requisition(f: Faults = {}) {
  return layout('Rekvisition', 'Rekvisition – Överenskommelse om en jämlik och effektiv cancervård med kortare väntetider 2026', [
    ['1. Kontaktuppgifter', null],
    ['Bidragsmottagare', 'Region Gotland'],
    ['Organisationsnummer', f.orgnr ?? '212000-0803'],
    ['Kontaktperson', 'Anna Andersson'],
    ['2. Bidrag som ansökan avser', null],
    ['Regeringskansliets diarienummer för bakomliggande överenskommelse', f.diarienummer ?? 'S2026/00123'],
    ['Regeringskansliets diarienummer för regeringsbeslut avseende utbetalning', 'S2026/04567'],
    ['Belopp som rekvireras', 1439664],
    ['Rekvisitionen avser perioden', f.period ?? '2026-01-01 – 2026-12-31'],
    ['3. Uppgifter för utbetalning', null],
    ['Bankgiro/Plusgiro', f.giro ?? 'Bankgiro 5050-1055'],
    ['4. Underskrift i original av behörig företrädare', null],
    ['Datum', f.date ?? '2026-11-30'],
    ['Namnförtydligande', 'Anna Andersson'],
  ]);
}

function report(f: Faults = {}) {
  // The grant is D11, the cost lines D13:D15, their total D16 and the unspent D17 (formulas, as a person writes them).
  return layout('Ekonomisk redovisning', 'Ekonomisk redovisning – Överenskommelse om en jämlik och effektiv cancervård med kortare väntetider 2026', [
    ['1. Kontaktuppgifter', null],
    ['Bidragsmottagare', 'Region Gotland'],
    ['Organisationsnummer', '212000-0803'],
    ['2. Bidrag som ansökan avser', null],
    ['Regeringskansliets diarienummer för bakomliggande överenskommelse', 'S2026/00123'],
    ['Regeringskansliets diarienummer avseende regeringsbeslut för utbetalning', 'S2026/04567'],
    ['Period som den ekonomiska redovisningen avser', '2026'],
    ['3. Redovisning av verksamhet eller aktivitet', null],
    ['Bidrag som erhållits av regeringen/Regeringskansliet', f.received ?? 1439664],
    ['Kostnader (specificera större kostnadsposter)', null],
    ['Personal', 1000000],
    ['Utbildning', 300000],
    ['Resor', 139664],
    ['Summa kostnader', f.total !== undefined ? f.total : { v: 1439664, f: 'SUM(D13:D15)' }],
    ['Medel som inte har förbrukats (Bidrag – kostnader)', { v: 0, f: 'D11-D16' }],
    ['4. Ekonomichefens (eller motsvarande) granskning av den ekonomiska redovisningen', null],
    ['Alt 1: N.N. (ekonomichefen eller motsvarande) intygar att den ekonomiska redovisningen under punkt 3 är korrekt.', 'X'],
    ['Alt 2: N.N. (ekonomichefen eller motsvarande) bedömer inte att den ekonomiska redovisningen under punkt 3 är korrekt.', f.alt ?? null],
    ['5. Underskrift i original av behörig företrädare', null],
    ['Datum', '2027-03-15'],
  ]);
}

async function audit(file: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['audit', file, '--agreement', '2026', '--json'], { out: (s) => out.push(s), err: (s) => err.push(s), cwd: dir });
  const json = JSON.parse(out.join('\n'));
  const findings: { sheet: string; cell: string; rule: string; severity: string }[] = json.findings ?? json.files?.flatMap((f: { findings: unknown[] }) => f.findings) ?? [];
  expect(json.files[0].error).toBeUndefined();
  return { code, findings, err: err.join('\n'), json };
}
const rules = (fs: { sheet: string; cell: string; rule: string }[]) => fs.map((f) => [f.sheet, f.cell, f.rule]).sort();

function write(name: string, sheets: SheetSpec[]): string {
  writeFileSync(join(dir, name), spreadsheetml(sheets));
  return name;
}

/** LibreOffice opens the file and saves it again as .xlsx (null where LibreOffice is not installed). */
async function viaLibreOffice(file: string): Promise<string | null> {
  if (!existsSync(SOFFICE)) return null;
  const out = join(dir, 'lo');
  await promisify(execFile)(SOFFICE, [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--calc', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', out, join(dir, file)], { timeout: 120_000 });
  const saved = `lo/${file}`;
  expect(existsSync(join(dir, saved))).toBe(true);
  expect(readFileSync(join(dir, saved)).subarray(0, 2).toString()).toBe('PK');
  return saved;
}

describe('a form laid out by hand (merged labels, values in D, formulas without cached values)', () => {
  test('filled correctly: clean, but for the two formulas the file holds without a value (said, not guessed); the identifiers as text are not "numbers stored as text"', async () => {
    const rep = report();
    const file = write('correct.xlsx', [requisition({ orgnr: '2120000803' }).sheet, rep.sheet]);
    const r = await audit(file);
    expect(rules(r.findings)).toEqual(rules([
      { sheet: 'Ekonomisk redovisning', cell: rep.at['Summa kostnader']!, rule: 'input.uncached-formula' },
      { sheet: 'Ekonomisk redovisning', cell: rep.at['Medel som inte har förbrukats (Bidrag – kostnader)']!, rule: 'input.uncached-formula' },
    ]));
    expect(r.findings.every((f) => f.severity === 'warning')).toBe(true);
    expect(r.code).toBe(0);
  });

  test('each fault at its cell: orgnr check digit, diarienummer, late date, giro, period; a typed total that does not add up; both alternatives', async () => {
    const req = requisition({ orgnr: '212000-0804', diarienummer: 'S2026/123', date: '2 december 2026', giro: 'Bankgiro 5050-1056', period: '2025' });
    const rep = report({ total: 1439665, alt: 'X' });
    const file = write('faults.xlsx', [req.sheet, rep.sheet]);
    const r = await audit(file);
    expect(rules(r.findings)).toEqual(rules([
      { sheet: 'Rekvisition', cell: req.at['Organisationsnummer']!, rule: 'forms.orgnr' },
      { sheet: 'Rekvisition', cell: req.at['Regeringskansliets diarienummer för bakomliggande överenskommelse']!, rule: 'forms.diarienummer' },
      { sheet: 'Rekvisition', cell: req.at['Datum']!, rule: 'forms.requisition-date' },
      { sheet: 'Rekvisition', cell: req.at['Bankgiro/Plusgiro']!, rule: 'forms.giro' },
      { sheet: 'Rekvisition', cell: req.at['Rekvisitionen avser perioden']!, rule: 'forms.period' },
      { sheet: 'Ekonomisk redovisning', cell: rep.at['Summa kostnader']!, rule: 'forms.total-costs' },
      { sheet: 'Ekonomisk redovisning', cell: rep.at['Medel som inte har förbrukats (Bidrag – kostnader)']!, rule: 'input.uncached-formula' },
      { sheet: 'Ekonomisk redovisning', cell: rep.at['Alt 1: N.N. (ekonomichefen eller motsvarande) intygar att den ekonomiska redovisningen under punkt 3 är korrekt.']!, rule: 'forms.attestation' },
    ]));
    expect(r.code).not.toBe(0);
  });

  test('saved again by LibreOffice (cached values computed): still clean when correct; a received grant 1 kr off found at its cell', async () => {
    const good = await viaLibreOffice(write('lo-correct.xlsx', [requisition().sheet, report().sheet]));
    if (good === null) return; // LibreOffice not installed: the minimal writer's tests above still ran
    expect((await audit(good)).findings).toEqual([]);
    // 1 kr more received than paid: the unspent formula (D11-D16) now gives 1 kr, which LibreOffice computes and caches.
    const rep = report({ received: 1439665 });
    const bad = await viaLibreOffice(write('lo-faults.xlsx', [rep.sheet]));
    const r = await audit(bad!);
    expect(rules(r.findings)).toEqual(rules([{ sheet: 'Ekonomisk redovisning', cell: rep.at['Bidrag som erhållits av regeringen/Regeringskansliet']!, rule: 'forms.received' }]));
  }, 180_000);
});

describe('a formula whose saved value is 0 (Excel and LibreOffice write <v>0</v>)', () => {
  test('reads as 0, not as blank, and is not called a formula without a value', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Blad1');
    ws.getCell('A1').value = 'Bidrag som erhållits av regeringen/Regeringskansliet';
    ws.getCell('B1').value = 100;
    ws.getCell('A2').value = 'Summa kostnader';
    ws.getCell('B2').value = 100;
    ws.getCell('A3').value = 'Medel som inte har förbrukats (Bidrag – kostnader)';
    ws.getCell('B3').value = { formula: 'B1-B2', result: 0 };
    await wb.xlsx.writeFile(join(dir, 'zero.xlsx'));
    const book = await readXlsx(join(dir, 'zero.xlsx'));
    expect(book.sheet('Blad1').get(2, 1)?.value).toBe(0);
    const r = await audit('zero.xlsx');
    expect(r.findings.filter((f) => f.rule === 'input.uncached-formula')).toEqual([]);
  });
});
