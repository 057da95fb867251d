// Issue 9, items 3 and 9–11: where the fake host was more lenient than Office.js. Each test
// here failed on the adapter before its fix (see the commit history) and names its item.
import { describe, expect, test } from 'vitest';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { createFakeExcel } from '../../addin/workbook/fake-excel';
import { memoryPort } from '../../addin/workbook/memory-port';
import { parseRange, type Rect } from '../../addin/workbook/a1';
import { allocate, allocationSheet, builtinCatalog } from '../../addin/api';

const overlaps = (a: Rect, b: Rect) => a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;

describe('item 3: a chart plots the amounts only, with the regions as categories, beside the table', () => {
  test('the fake host derives one series per numeric column of the source, and places a new chart over it', async () => {
    const wb = MemoryWorkbook.fromArrays({ S: [['Region', 'Kod', 'Befolkning', 'Andel', 'Belopp'], ['Region A', '01', 100, 0.5, 1000], ['Region B', '02', 100, 0.5, 1000]] });
    const { Excel } = createFakeExcel(wb);
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('S');
      ws.charts.add('BarClustered', ws.getRange('A2:E3'), 'Columns');
      await ctx.sync();
    });
    const c = wb.sheet('S').charts[0]!;
    expect(c.series).toEqual([
      { values: 'C2:C3', categories: 'A2:B3' },
      { values: 'D2:D3', categories: 'A2:B3' },
      { values: 'E2:E3', categories: 'A2:B3' },
    ]);
    expect(overlaps(parseRange(c.position!), parseRange('A1:E3'))).toBe(true);
  });

  test('writeSheet of an allocation table: one series (Belopp), categories the regions, no overlap with the table', async () => {
    const catalog = builtinCatalog();
    const spec = allocationSheet(allocate(catalog, { agreement: '2026', pot: 'svf-payment-1' }), catalog, 'sv');
    expect(spec.chart && spec.table).toBeTruthy();
    const wb = MemoryWorkbook.fromArrays({ Data: [['a']] });
    const { port } = memoryPort(wb);
    const out = await port.writeSheet(spec);
    const s = wb.sheet(out.sheet);
    const c = s.charts[0]!;
    const t = spec.table!;
    const v = spec.chart!.values;
    const k = spec.chart!.categories;
    expect(c.series).toEqual([{ values: `E${v.fromRow + 1}:E${v.toRow + 1}`, categories: `A${k.fromRow + 1}:A${k.toRow + 1}` }]);
    expect(s.get(v.fromRow - 1, 4).value).toMatch(/Belopp/);
    const table = parseRange(s.tables[0]!.range);
    expect(table).toEqual({ top: t.fromRow, left: t.fromCol, bottom: t.toRow, right: t.toCol });
    // beside the table: not over any written cell of its rows, nor over the table itself
    const pos = parseRange(c.position!);
    expect(overlaps(pos, table)).toBe(false);
    expect(overlaps(pos, parseRange(out.range))).toBe(false);
    expect(pos.left).toBeGreaterThan(table.right);
    expect(pos.top).toBe(table.top);
  });
});

describe('item 3 (hosts before ExcelApi 1.7)', () => {
  test('without ChartSeries.setXAxisValues no chart is written, and capabilities say so', async () => {
    const catalog = builtinCatalog();
    const spec = allocationSheet(allocate(catalog, { agreement: '2026', pot: 'svf-payment-1' }), catalog, 'sv');
    const wb = MemoryWorkbook.fromArrays({ Data: [['a']] });
    const { port } = memoryPort(wb, { api: '1.6' });
    expect((await port.capabilities()).charts).toBe(false);
    const out = await port.writeSheet(spec);
    expect(wb.sheet(out.sheet).charts).toEqual([]);
  });
});
