// Issue 11 item 3: the fake host stores formulas (en-US invariant form) beside values and
// gives them back as Range.formulas does: the formula where a cell has one, else its value.
import { describe, expect, test } from 'vitest';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { createFakeExcel } from '../fake-host/index';

describe('fake Excel host: Range.formulas', () => {
  test('reads back the invariant formula beside the values, and a value where there is none', async () => {
    const wb = MemoryWorkbook.fromArrays({ Blad1: [['Region Gotland', 1439664], ['', '']] });
    const { Excel } = createFakeExcel(wb);
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Blad1');
      ws.getRange('B2').formulas = [['=SUM(B1:B1)*0.5']];
      await ctx.sync();
      const r = ws.getRange('A1:B2');
      r.load('formulas, values');
      await ctx.sync();
      expect(r.formulas).toEqual([
        ['Region Gotland', 1439664],
        ['', '=SUM(B1:B1)*0.5'],
      ]);
      // The same as the in-memory workbook's own view, which the preview's calculation uses.
      expect(r.formulas).toEqual(wb.formulas('Blad1', 'A1:B2'));
    });
  });

  test('writing a value over a formula removes the formula', async () => {
    const wb = MemoryWorkbook.fromArrays({ Blad1: [[1, 2]] });
    const { Excel } = createFakeExcel(wb);
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Blad1');
      ws.getRange('C1').formulas = [['=A1+B1']];
      await ctx.sync();
      ws.getRange('C1').values = [[7]];
      const r = ws.getRange('C1');
      r.load('formulas');
      await ctx.sync();
      expect(r.formulas).toEqual([[7]]);
    });
  });
});
