/**
 * The one adapter everywhere: a MemoryWorkbook behind the fake Excel host behind the
 * Office.js adapter. Used by the CLI (over a workbook read from .xlsx), the browser
 * preview and the tests. No exceljs here, so the browser bundle can import it.
 */
import type { MemoryWorkbook } from './memory';
import { createFakeExcel, type FakeExcelOptions, type FakeStats } from './fake-excel';
import { OfficeWorkbook } from './office';
import type { WorkbookPort } from './port';

export function memoryPort(workbook: MemoryWorkbook, opts: FakeExcelOptions = {}): { port: WorkbookPort; stats: FakeStats } {
  const host = createFakeExcel(workbook, opts);
  return { port: new OfficeWorkbook(host), stats: host.stats };
}
