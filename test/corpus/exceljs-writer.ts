/**
 * The corpus's Excel-like writer: exceljs with number formats, bold headers, column
 * widths, merged titles, hidden rows, real date cells, and formulas WITH their cached
 * results (as Excel saves them).
 */
import ExcelJS from 'exceljs';
import { sortedCells, type SheetSpec } from './model';

export async function exceljsBytes(sheets: SheetSpec[]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = 'corpus';
  book.created = new Date(Date.UTC(2026, 0, 1));
  book.modified = new Date(Date.UTC(2026, 0, 1));
  for (const s of sheets) {
    const ws = book.addWorksheet(s.name);
    for (const [c, w] of s.widths) ws.getColumn(c + 1).width = w;
    for (const { row, col, cell } of sortedCells(s)) {
      const x = ws.getCell(row + 1, col + 1);
      if (cell.f !== undefined) x.value = { formula: cell.f, result: cell.v as number } as ExcelJS.CellFormulaValue;
      else if (cell.date !== undefined) {
        x.value = new Date(Date.parse(`${cell.date}T00:00:00Z`));
        x.numFmt = cell.fmt ?? 'yyyy-mm-dd';
      } else x.value = cell.v;
      if (cell.fmt && cell.date === undefined) x.numFmt = cell.fmt;
      if (cell.bold) x.font = { bold: true };
    }
    for (const r of s.hiddenRows) ws.getRow(r + 1).hidden = true;
    for (const m of s.merges) ws.mergeCells(m);
  }
  const buf = await book.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
