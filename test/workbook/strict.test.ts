// Issue 9: where the fake host was more lenient than Office.js. Each test here failed on the
// adapter before its fix (see the commit history) and names the issue item it proves.
import { describe, expect, test } from 'vitest';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { createFakeExcel } from '../../addin/workbook/fake-excel';
import { memoryPort } from '../../addin/workbook/memory-port';
import { OfficeWorkbook, WorkbookError } from '../../addin/workbook/office';
import type { Flag } from '../../addin/workbook/port';

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
