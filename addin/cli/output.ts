/**
 * Writing sheets to a new .xlsx file through the same port the add-in uses
 * (in-memory workbook → exceljs). An existing file is never replaced: the
 * bridge cannot carry everything a workbook may hold (formulas, charts, themes),
 * so rewriting a user's file could lose data. The command refuses instead.
 */
import { writeFailure, writeFileNew } from '../io/write-new';
import type { NewSheetSpec } from '../workbook/port';
import { MemoryWorkbook } from '../workbook/memory';
import { memoryPort, xlsxBytes } from '../workbook/xlsx';
import { InputError } from './input';
import { at, MESSAGES } from '../api';

export async function writeSheetsXlsx(path: string, specs: NewSheetSpec[]): Promise<void> {
  const wb = new MemoryWorkbook();
  const { port } = memoryPort(wb);
  for (const spec of specs) await port.writeSheet({ ...spec, activate: true });
  const bytes = await xlsxBytes(wb);
  try {
    await writeFileNew(path, bytes); // temporary file + link: fails if the file exists, never leaves a torn file
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new InputError(at(path, MESSAGES.fileExistsChooseAnother()));
    }
    throw new InputError(writeFailure(path, e));
  }
}
