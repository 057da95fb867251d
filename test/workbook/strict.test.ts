// Issue 9: where the fake host was more lenient than Office.js. Each test here failed on the
// adapter before its fix (see the commit history) and names the issue item it proves.
import { describe, expect, test } from 'vitest';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { createFakeExcel } from '../fake-host/index';
import { memoryPort } from '../fake-host/memory-port';
import { OfficeWorkbook, WorkbookError } from '../../addin/workbook/office';
import type { Flag } from '../../addin/workbook/port';
import { cellAddress } from '../../addin/core/a1';

const long = (i: number) => `${'Lång text om avtalets villkor '.repeat(7)}${i}`; // ~215 bytes

describe('item 1: a response over the limit (ResponsePayloadSizeLimitExceeded) is split and retried', () => {
  test('a text-heavy selection reads in chunks instead of failing', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [long(i), long(i + 1)]);
    const wb = MemoryWorkbook.fromArrays({ S: rows });
    wb.setSelection('S', 'A1:B3000');
    const { port, stats } = memoryPort(wb, { payloadLimit: 300_000 });
    const g = await port.readSelection();
    expect(g.values.length).toBe(3000);
    expect(g.values[2999]).toEqual(rows[2999]);
    expect(stats.log.filter((r) => !r.error).every((r) => r.responseBytes <= 300_000)).toBe(true);
  });

  test('a sheet whose last row is short is sized from more than that row (no refused read)', async () => {
    const rows: (string | number)[][] = Array.from({ length: 26_000 }, (_, i) => [long(i), i]);
    rows.push(['kort', 1]);
    const wb = MemoryWorkbook.fromArrays({ S: rows });
    const { port, stats } = memoryPort(wb);
    const g = await port.readSheet('S');
    expect(g.values.length).toBe(26_001);
    expect(stats.failedSyncs).toBe(0);
    expect(stats.maxResponseBytes).toBeLessThan(5_000_000);
  }, 60_000);

  test('a flag registry larger than one response is read in chunks by clearFlags (Excel on the web)', async () => {
    const wb = MemoryWorkbook.fromArrays({ S: Array.from({ length: 20_000 }, (_, i) => [i]) });
    const before = wb.snapshot();
    const flags: Flag[] = Array.from({ length: 20_000 }, (_, i) => ({ sheet: 'S', cell: `A${i + 1}`, severity: 'error', message: long(i) }));
    await memoryPort(wb).port.flag(flags);
    const { port, stats } = memoryPort(wb);
    expect(await port.clearFlags()).toBe(20_000);
    expect(wb.snapshot()).toEqual(before);
    expect(stats.failedSyncs).toBeLessThanOrEqual(1); // the one-sync attempt; then chunks
    expect(stats.log.filter((r) => !r.error).every((r) => r.responseBytes < 5_000_000)).toBe(true);
  }, 120_000);
});

describe('item 2: objects die with their Excel.run; a failed writeSheet is cleaned up', () => {
  const bigSpec = () => ({ name: 'Stor', cells: Array.from({ length: 30_000 }, (_, i) => [long(i), i]) });

  test('a write that fails after the sheet was added (3rd sync) leaves no half-written sheet', async () => {
    const wb = MemoryWorkbook.fromArrays({ Data: [['a']] });
    const before = wb.snapshot();
    const probe = memoryPort(wb.clone());
    await probe.port.writeSheet(bigSpec());
    expect(probe.stats.syncs).toBeGreaterThanOrEqual(3); // load names, add + first chunk, second chunk …
    const port = new OfficeWorkbook(createFakeExcel(wb, { failAtSync: 3 }));
    const err = await port.writeSheet(bigSpec()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkbookError);
    expect(wb.snapshot()).toEqual(before);
  }, 60_000);

  test('when the clean-up inside the batch fails too, a new Excel.run removes the sheet by id', async () => {
    const wb = MemoryWorkbook.fromArrays({ Data: [['a']] });
    const before = wb.snapshot();
    const port = new OfficeWorkbook(createFakeExcel(wb, { failAtSync: [3, 4] }));
    const err = await port.writeSheet(bigSpec()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkbookError);
    expect((err as WorkbookError).code).toBe('GeneralException');
    expect(wb.snapshot()).toEqual(before);
  }, 60_000);
});

// Strings that Excel would read as something else if written through `values` in General format.
export const TRICKY = ['=HYPERLINK("http://x","klick")', '+46 70 123', '-Region', '2024-01', '1/2', '12:30', '50%', 'TRUE', '(100)', '1,000', '$5', '0701', '-1', '@SUM(A1)'];

describe('item 6: strings written to values arrive as text', () => {
  test('the fake host reads strings as Excel does in a General cell', async () => {
    const wb = MemoryWorkbook.fromArrays({ S: [] });
    const { Excel } = createFakeExcel(wb);
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('S').getRangeByIndexes(0, 0, 1, TRICKY.length).values = [TRICKY];
      await ctx.sync();
    });
    const got = TRICKY.map((_, j) => wb.getCell('S', 0, j));
    expect(got[0]!.formula).toBe(TRICKY[0]);
    expect(got[1]!.formula).toBe('=+46 70 123');
    expect(got[3]!.value).toBe(45292); // 2024-01-01
    expect(got[4]!.value).toBe(46024); // 2 Jan 2026
    expect(got[5]!.value).toBeCloseTo(0.5208333, 6);
    expect(got[6]!.value).toBe(0.5);
    expect(got[7]!.value).toBe(true);
    expect(got[8]!.value).toBe(-100);
    expect(got[9]!.value).toBe(1000);
    expect(got[10]!.value).toBe(5);
    expect(got[11]!.value).toBe(701);
  });

  test('writeSheet: every string (sheet names, regions, messages) stays the text it was; no formula', async () => {
    const wb = MemoryWorkbook.fromArrays({ Data: [['a']] });
    const { port } = memoryPort(wb);
    const out = await port.writeSheet({ name: 'Fynd', cells: [['Blad', 'Meddelande'], ...TRICKY.map((t) => [t, `Cell ${t}`])] });
    const g = await port.readSheet(out.sheet);
    TRICKY.forEach((t, i) => {
      expect(g.values[i + 1]![0], t).toBe(t);
      const c = wb.getCell(out.sheet, i + 1, 0);
      expect(c.formula, t).toBeUndefined();
      expect(c.numberFormat, t).toBe('@');
    });
  });

  test('the .xlsx writer emits no formula from user text (no <f> in any sheet part)', async () => {
    const { xlsxBytes } = await import('../../addin/workbook/xlsx');
    const JSZip = (await import('jszip')).default;
    const wb = MemoryWorkbook.fromArrays({ Data: [['a']] });
    await memoryPort(wb).port.writeSheet({ name: 'Fynd', cells: TRICKY.map((t) => [t]) });
    wb.setCell('Data', 'A2', { value: '=1+1' }); // text read from a file, too
    const zip = await JSZip.loadAsync(await xlsxBytes(wb));
    const parts = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    expect(parts.length).toBe(2);
    for (const f of parts) expect(await zip.file(f)!.async('string'), f).not.toMatch(/<f[ >]/);
  });
});

describe('issue 15 item 3: no spread of unbounded arrays into calls', () => {
  test('writeSheet of 500 000 rows (Math.max over every row was spread into one call)', async () => {
    const wb = MemoryWorkbook.fromArrays({ Data: [['a']] });
    const cells = Array.from({ length: 500_000 }, (_, i) => [i]);
    const { port } = memoryPort(wb);
    const out = await port.writeSheet({ name: 'Stor', cells, activate: false });
    expect(out.range).toBe('A1:A500000');
    expect(wb.getCell('Stor', 499_999, 0).value).toBe(499_999);
  }, 120_000);
});

describe('item 5: CommentCollection.add needs a sheet-qualified address', () => {
  test('flags on a host without notes (ExcelApi 1.17: comments) are written and cleared', async () => {
    const wb = MemoryWorkbook.fromArrays({ "Min budget": [['a', 1], ['b', 2]], Annat: [['x']] });
    const before = wb.snapshot();
    const { port } = memoryPort(wb, { api: '1.17' });
    await port.flag([{ sheet: 'Min budget', cell: 'B2', severity: 'error', message: 'Fel (5.3)' }]);
    expect(wb.getCell('Min budget', 'B2').comment).toBe('Fel (5.3)');
    await port.clearFlags();
    expect(wb.snapshot()).toEqual(before);
  });
});

describe('item 7: request size counts ~300 bytes an action; a refused write batch is split', () => {
  test('20 000 scattered flagged cells (nothing to merge) stay under 5 MB a request', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => Array.from({ length: 100 }, (_, j) => i * 100 + j));
    const wb = MemoryWorkbook.fromArrays({ S: rows });
    const before = wb.snapshot();
    const flags: Flag[] = [];
    for (let i = 0; i < 400; i++) for (let j = i % 2; j < 100; j += 2) flags.push({ sheet: 'S', cell: cellAddress(i, j), severity: i % 3 === 0 ? 'error' : 'warning', message: `Fel ${i}` });
    expect(flags.length).toBe(20_000);
    const { port, stats } = memoryPort(wb);
    const receipt = await port.flag(flags);
    expect(receipt.cells).toBe(20_000);
    expect(stats.log.filter((r) => !r.error).every((r) => r.requestBytes <= 5_000_000)).toBe(true);
    expect(await port.clearFlags()).toBe(20_000);
    expect(wb.snapshot()).toEqual(before);
  }, 120_000);
});
