/**
 * The one adapter everywhere: a MemoryWorkbook behind the fake Excel host behind the
 * Office.js adapter. Used by the CLI (over a workbook read from .xlsx), the browser
 * preview and the tests. No exceljs here, so the browser bundle can import it.
 */
import type { MemoryWorkbook } from '../../addin/workbook/memory';
import { createFakeExcel, type FakeExcelOptions, type FakeStats } from './index';
import { OfficeWorkbook } from '../../addin/workbook/office';
import type { WorkbookPort } from '../../addin/workbook/port';

export function memoryPort(workbook: MemoryWorkbook, opts: FakeExcelOptions = {}): { port: WorkbookPort; stats: FakeStats } {
  const host = createFakeExcel(workbook, opts);
  return { port: new OfficeWorkbook(host), stats: host.stats };
}
