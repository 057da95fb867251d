import { describe, expect, test } from 'vitest';
import { MemoryWorkbook } from '../../addin/workbook/memory';

describe('MemoryWorkbook', () => {
  test('fromArrays, getCell/setCell, usedRange', () => {
    const wb = MemoryWorkbook.fromArrays({ A: [['x', 1], [null, ''], [true, 2.5]], B: [] });
    expect(wb.sheetNames()).toEqual(['A', 'B']);
    expect(wb.activeSheet).toBe('A');
    expect(wb.getCell('A', 0, 1)).toEqual({ value: 1, numberFormat: 'General', fill: null, note: null });
    expect(wb.getCell('A', 'A3').value).toBe(true);
    expect(wb.usedRange('A')).toBe('A1:B3');
    expect(wb.usedRange('B')).toBe(null);
    wb.setCell('B', 'C5', { fill: '#ffc7ce' });
    expect(wb.usedRange('B')).toBe('C5');
    expect(wb.usedRange('B', true)).toBe(null);
    expect(wb.getCell('B', 'C5').fill).toBe('#FFC7CE');
    expect(wb.getSheet('a')?.name).toBe('A');
  });

  test('a cell set back to its defaults disappears, so snapshots compare equal', () => {
    const wb = MemoryWorkbook.fromArrays({ A: [['x']] });
    const before = wb.snapshot();
    wb.setCell('A', 'D4', { fill: '#FFC7CE', note: 'n', bold: true, comment: 'c' });
    expect(wb.snapshot()).not.toEqual(before);
    wb.setCell('A', 'D4', { fill: null, note: null, bold: false, comment: undefined });
    expect(wb.snapshot()).toEqual(before);
  });

  test('snapshot is deep plain JSON; toJSON/fromJSON round trip', () => {
    const wb = MemoryWorkbook.fromArrays({ 'Blad 1': [['Region', 5]], Dold: [['x']] });
    wb.setCell('Blad 1', 'B1', { numberFormat: '0.00%', note: 'hej', bold: true });
    const s = wb.sheet('Blad 1');
    s.hiddenRows.add(3);
    s.merged = ['A5:B5'];
    s.tables.push({ name: 'T', range: 'A1:B1', hasHeaders: true });
    s.charts.push({ type: 'BarClustered', title: 'Belopp', ranges: ['A1:B1'] });
    s.validations.push({ range: 'C1', source: 'ja,nej', inCellDropDown: true });
    s.columnWidths.set(0, 90);
    wb.sheet('Dold').visibility = 'VeryHidden';
    wb.setSelection('Blad 1', 'b1');
    const snap = wb.snapshot();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(MemoryWorkbook.fromJSON(JSON.parse(JSON.stringify(wb))).snapshot()).toEqual(snap);
    snap.sheets[0]!.merged.push('Z9:Z10');
    expect(wb.sheet('Blad 1').merged).toEqual(['A5:B5']); // deep copy
    expect(snap.selection).toEqual({ sheet: 'Blad 1', range: 'B1' });
  });

  test('onChange: one event per batch; unsubscribe', () => {
    const wb = MemoryWorkbook.fromArrays({ A: [] });
    const events: string[][] = [];
    const off = wb.onChange((c) => events.push(c.sheets));
    wb.batch(() => {
      wb.setCell('A', 'A1', { value: 1 });
      wb.setCell('A', 'A2', { value: 2 });
    });
    wb.setCell('A', 'A3', { value: 3 });
    off();
    wb.setCell('A', 'A4', { value: 4 });
    expect(events).toEqual([['A'], ['A']]);
  });

  test('sheets: add, duplicate name refused, delete moves the active sheet', () => {
    const wb = MemoryWorkbook.fromArrays({ A: [], B: [] });
    expect(() => wb.addSheet('a')).toThrow();
    wb.setActive('B');
    wb.deleteSheet('B');
    expect(wb.activeSheet).toBe('A');
  });
});
