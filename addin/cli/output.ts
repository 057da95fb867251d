/** Writing sheets to a new .xlsx file through the same port the add-in uses (in-memory workbook → exceljs). */
import type { NewSheetSpec } from '../workbook/port';
import { MemoryWorkbook } from '../workbook/memory';
import { memoryPort, writeXlsx } from '../workbook/xlsx';

export async function writeSheetsXlsx(path: string, specs: NewSheetSpec[]): Promise<void> {
  const wb = new MemoryWorkbook();
  const { port } = memoryPort(wb);
  for (const spec of specs) await port.writeSheet({ ...spec, activate: true });
  await writeXlsx(wb, path);
}
