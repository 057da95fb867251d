/**
 * The naive adapter, for the benchmark only: how most Office add-in samples read and
 * mark cells — one `getRange(cell)`, one `load('values')` and one `context.sync()` per
 * cell for reads; per cell `format.fill.color = …` + a note + `sync()` for flags.
 * It is correct (the fake host accepts it) and it is what the product's adapter
 * (addin/workbook/office.ts) is measured against. Never used by the product.
 */
import { cellAddress } from '../../addin/core/a1';
import { FLAG_FILLS, type CellValue, type Flag } from '../../addin/workbook/port';
import type { OfficeHost } from '../../addin/workbook/office';

export class NaiveWorkbook {
  constructor(private readonly host: OfficeHost) {}

  /** Read the used range cell by cell (at most `limit` cells, for sampling). Returns the cells read. */
  async readSheet(sheet: string, limit = Infinity): Promise<{ values: CellValue[][]; cells: number }> {
    return this.host.Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(sheet);
      const used = ws.getUsedRange(true).load('rowIndex,columnIndex,rowCount,columnCount');
      await ctx.sync();
      const values: CellValue[][] = [];
      let cells = 0;
      for (let i = 0; i < used.rowCount && cells < limit; i++) {
        const line: CellValue[] = [];
        for (let j = 0; j < used.columnCount && cells < limit; j++) {
          const cell = ws.getRange(cellAddress(used.rowIndex + i, used.columnIndex + j));
          cell.load('values');
          await ctx.sync();
          line.push(cell.values[0]![0]!);
          cells++;
        }
        values.push(line);
      }
      return { values, cells };
    });
  }

  /** Flag cell by cell: fill, note, sync (at most `limit` flags). Remembers nothing, so it cannot restore. */
  async flag(flags: Flag[], limit = Infinity): Promise<number> {
    return this.host.Excel.run(async (ctx) => {
      const sheets = new Map<string, Excel.Worksheet>();
      let done = 0;
      for (const f of flags) {
        if (done >= limit) break;
        let ws = sheets.get(f.sheet);
        if (!ws) sheets.set(f.sheet, (ws = ctx.workbook.worksheets.getItem(f.sheet)));
        const range = ws.getRange(f.cell);
        range.format.fill.color = FLAG_FILLS[f.severity];
        ws.notes.add(f.cell, f.message);
        await ctx.sync();
        done++;
      }
      return done;
    });
  }
}
