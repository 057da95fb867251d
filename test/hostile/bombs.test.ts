// Issue 14: oversized and hostile workbooks are refused before parsing, by the built CLI
// (node build/cli.cjs, run in a child process), each within a time and a peak-memory bound
// measured here; a batch with a bomb among good files audits the good ones and exits 2.
// The files are generated at test time, straight as zips (test/hostile/zipgen.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeXlsx } from '../../addin/workbook/xlsx';
import { inspectXlsx, XlsxRefusal, XLSX_LIMITS } from '../../addin/io/xlsx-guard';
import { annexWorkbook, jamtlandWorkbook } from '../audit/fixtures';
import { runCli, writeBudgetXlsx, writeLongStringXlsx, writeNumbersXlsx } from '../../scripts/bench/memory';
import { SHEET_HEAD, SHEET_TAIL, writeBook } from './zipgen';

const MB = 1024 * 1024;
/** The bound: refused in under 5 s with peak memory under 500 MB. The machine is shared, so time is also checked as CPU-light (well under the bound). */
const TIME_MS = 5_000;
const PEAK_BYTES = 500 * MB;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-bombs-'));
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'ignore' });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sheetOf = (body: string) => [{ data: SHEET_HEAD + body + SHEET_TAIL }];

function audit(...files: string[]) {
  return runCli(['audit', ...files, '--json'], { cwd: dir, timeoutMs: 120_000 });
}

function expectRefused(file: string, limit: string, part?: string) {
  const m = audit(file);
  expect(m.exit, m.stderr).toBe(2);
  const j = JSON.parse(m.stdout) as { files: { file: string; error?: string; refused?: { part: string; limit: string } }[] };
  expect(j.files[0]!.refused?.limit).toBe(limit);
  if (part) expect(j.files[0]!.refused?.part).toBe(part);
  expect(j.files[0]!.error).toMatch(/vägras före läsning/);
  expect(m.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(m.peakRssBytes).not.toBeNull();
  expect(m.peakRssBytes!).toBeLessThan(PEAK_BYTES);
  expect(m.ms).toBeLessThan(TIME_MS);
  return m;
}

describe('refused before parsing, in bounded time and memory', () => {
  test('the issue\'s 600 kB file holding one 600 MB string (sharedStrings ratio ~1 000)', () => {
    const f = join(dir, 'string-600mb.xlsx');
    writeLongStringXlsx(f, 600);
    expect(statSync(f).size).toBeLessThan(700_000);
    const m = expectRefused('string-600mb.xlsx', 'ratio', 'xl/sharedStrings.xml');
    expect(m.peakRssBytes!).toBeLessThan(150 * MB);
  });

  test('the same bomb declaring 1 kB in the zip: inflating stops at a limit, never trusting the declared size', () => {
    writeLongStringXlsx(join(dir, 'string-lie.xlsx'), 600, 1_000);
    const m = expectRefused('string-lie.xlsx', 'token', 'xl/sharedStrings.xml');
    expect(m.peakRssBytes!).toBeLessThan(150 * MB);
  });

  test('a sheet part claiming 5 kB that inflates to 200 MB+ (ratio checked while inflating)', () => {
    const row = '<row>' + '<c><v>1234.5</v></c>'.repeat(5) + '</row>';
    writeBook(join(dir, 'sheet-lie.xlsx'), { sheets: [{ name: 'Data', xml: [{ data: SHEET_HEAD }, { data: row.repeat(1000), repeat: 2500 }, { data: SHEET_TAIL }], declaredSize: 5000 }] });
    expectRefused('sheet-lie.xlsx', 'ratio', 'xl/worksheets/sheet1.xml');
  });

  test('the issue\'s 2 000 000 rows × 5 numbers (refused on its declared size, without inflating)', () => {
    writeNumbersXlsx(join(dir, 'rows-2m.xlsx'), 2_000_000);
    const m = expectRefused('rows-2m.xlsx', 'totalUncompressed', 'xl/worksheets/sheet1.xml');
    expect(m.peakRssBytes!).toBeLessThan(150 * MB);
  }, 120_000);

  test('more than 5 000 000 cells in the used range: two cells at A1 and XFD1048576', () => {
    writeBook(join(dir, 'corners.xlsx'), { sheets: [{ name: 'Hörn', xml: sheetOf('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>') }] });
    const m = expectRefused('corners.xlsx', 'cells', 'xl/worksheets/sheet1.xml');
    expect(JSON.parse(m.stdout).files[0].error).toMatch(/5\s000\s000/);
  });

  test('the cell limit is checked as the rows stream past: 100 010 cells refused under a 100 000 limit, 100 000 accepted', async () => {
    // Counted as the rows stream past: refused as soon as the count passes the limit.
    const limits = { ...XLSX_LIMITS, cells: 100_000 };
    writeBudgetXlsx(join(dir, 'budget-10k.xlsx'), 10_001); // 100 010 cells
    await expect(inspectXlsx(join(dir, 'budget-10k.xlsx'), limits)).rejects.toMatchObject({ limit: 'cells' });
    writeBudgetXlsx(join(dir, 'budget-10k-ok.xlsx'), 10_000);
    await expect(inspectXlsx(join(dir, 'budget-10k-ok.xlsx'), limits)).resolves.toMatchObject({ cells: 100_000 });
  });

  test('too many sheets (1 001)', () => {
    const sheets = Array.from({ length: 1_001 }, (_, i) => ({ name: `Blad${i + 1}`, xml: sheetOf('') }));
    writeBook(join(dir, 'sheets.xlsx'), { sheets });
    expectRefused('sheets.xlsx', 'sheets', 'xl/workbook.xml');
  });

  test('deep XML nesting (100 000 levels in a sheet)', () => {
    writeBook(join(dir, 'deep.xlsx'), { sheets: [{ name: 'Djup', xml: [{ data: SHEET_HEAD }, { data: '<x>', repeat: 100_000 }, { data: '</x>', repeat: 100_000 }, { data: SHEET_TAIL }] }] });
    expectRefused('deep.xlsx', 'depth', 'xl/worksheets/sheet1.xml');
  });

  test('XML entities: a billion-laughs DOCTYPE in sharedStrings, and an undeclared entity in a sheet', () => {
    const lol = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol3;</t></si></sst>';
    writeBook(join(dir, 'lol.xlsx'), { sheets: [{ name: 'A', xml: sheetOf('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') }], sharedStrings: [{ data: lol }] });
    expectRefused('lol.xlsx', 'doctype', 'xl/sharedStrings.xml');
    writeBook(join(dir, 'entity.xlsx'), { sheets: [{ name: 'A', xml: sheetOf('<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>') }] });
    expectRefused('entity.xlsx', 'entity', 'xl/worksheets/sheet1.xml');
  });

  test('many zip entries (10 001), and not a zip at all', async () => {
    const extra = Array.from({ length: 10_001 }, (_, i) => ({ name: `xl/media/x${i}.bin`, pieces: [{ data: 'x' }], store: true }));
    writeBook(join(dir, 'entries.xlsx'), { sheets: [{ name: 'A', xml: sheetOf('') }], extra });
    expectRefused('entries.xlsx', 'entries');
    await expect(inspectXlsx(join(dir, 'entries.xlsx'))).rejects.toBeInstanceOf(XlsxRefusal);
  });
});

describe('a batch with a bomb among good files', () => {
  test('audits the good ones, lists the refused file with its reason, exits 2', async () => {
    await writeXlsx(annexWorkbook(), join(dir, 'bilaga.xlsx'));
    await writeXlsx(jamtlandWorkbook().workbook, join(dir, 'jamtland.xlsx'));
    writeLongStringXlsx(join(dir, 'bomb.xlsx'), 600);
    const m = audit('bilaga.xlsx', 'bomb.xlsx', 'jamtland.xlsx');
    expect(m.exit).toBe(2);
    const j = JSON.parse(m.stdout) as { files: { file: string; agreement?: string; error?: string; refused?: { part: string; limit: string }; findings: unknown[] }[] };
    expect(j.files.map((f) => f.file)).toEqual(['bilaga.xlsx', 'bomb.xlsx', 'jamtland.xlsx']);
    expect(j.files[0]!.agreement).toBe('2021');
    expect(j.files[2]!.agreement).toBe('2026');
    expect(j.files[2]!.findings.length).toBeGreaterThan(0);
    expect(j.files[1]).toMatchObject({ refused: { part: 'xl/sharedStrings.xml', limit: 'ratio' }, findings: [] });
    expect(m.peakRssBytes!).toBeLessThan(PEAK_BYTES);
    // The human summary (and --out's summary.xlsx) name the file and the reason.
    const h = runCli(['audit', 'bilaga.xlsx', 'bomb.xlsx', 'jamtland.xlsx', '--lang', 'en', '--out', 'ut'], { cwd: dir, timeoutMs: 120_000 });
    expect(h.exit).toBe(2);
    expect(h.stderr).toMatch(/bomb\.xlsx: refused before reading \(part xl\/sharedStrings\.xml\): has a compression ratio of/);
    expect(h.stdout).toMatch(/bilaga\.xlsx: agreement 2021/);
    expect(h.stdout).toMatch(/summary\.xlsx/);
  }, 60_000);
});

describe('big but legal: audited by the streaming reader', () => {
  test('500 000 cells (50 000 rows × 10) audit within the memory bound', () => {
    writeBudgetXlsx(join(dir, 'budget-500k.xlsx'), 50_000);
    const m = runCli(['audit', 'budget-500k.xlsx', '--json'], { cwd: dir, timeoutMs: 240_000 });
    expect([0, 1]).toContain(m.exit);
    const j = JSON.parse(m.stdout) as { files: { error?: string; findings: unknown[] }[] };
    expect(j.files[0]!.error).toBeUndefined();
    expect(m.peakRssBytes!).toBeLessThan(PEAK_BYTES);
  }, 240_000);
});
