import { describe, expect, test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { readXlsx, writeXlsx, xlsxBytes } from '../../addin/workbook/xlsx';
import { directPort } from '../../addin/workbook/direct';
import { memoryPort } from '../fake-host/memory-port';

function sample(): MemoryWorkbook {
  const wb = MemoryWorkbook.fromArrays({
    Fördelning: [
      ['Region', 'Belopp', 'Andel', 'Klar'],
      ['Region Stockholm', 1234567, 0.2345, true],
      ['Region Skåne', 987654, 0.1, false],
      ['Summa', 2222221, 0.3345, null],
    ],
    Dold: [['x']],
  });
  wb.setCell('Fördelning', 'B2', { numberFormat: '# ##0' });
  wb.setCell('Fördelning', 'C2', { numberFormat: '0.00%' });
  wb.setCell('Fördelning', 'A2', { fill: '#FFC7CE', note: 'Avsnitt 5.3' });
  wb.setCell('Fördelning', 'A1', { bold: true });
  wb.setCell('Fördelning', 'D4', { value: '#REF!' });
  const s = wb.sheet('Fördelning');
  s.merged = ['A6:C6'];
  s.set(5, 0, { value: 'Sammanslagen' });
  s.hiddenRows.add(2);
  s.columnWidths.set(0, 150);
  s.tables.push({ name: 'Fordelning', range: 'A1:D4', hasHeaders: true });
  s.validations.push({ range: 'D2:D3', source: 'ja,nej', inCellDropDown: true });
  wb.sheet('Dold').visibility = 'Hidden';
  return wb;
}

describe('xlsx bridge', () => {
  test('write then read back: values, formats, fills, notes, bold, merged, hidden rows, widths, tables, lists', async () => {
    const wb = sample();
    const dir = mkdtempSync(join(tmpdir(), 'wbx-'));
    const path = join(dir, 'a.xlsx');
    await writeXlsx(wb, path);
    const back = await readXlsx(path);
    const a = wb.snapshot();
    const b = back.snapshot();
    expect(b.sheets.map((s) => [s.name, s.visibility])).toEqual([['Fördelning', 'Visible'], ['Dold', 'Hidden']]);
    expect(b.sheets[0]!.cells).toEqual(a.sheets[0]!.cells);
    expect(b.sheets[0]!.merged).toEqual(['A6:C6']);
    expect(b.sheets[0]!.hiddenRows).toEqual([2]);
    expect(b.sheets[0]!.tables).toEqual([{ name: 'Fordelning', range: 'A1:D4', hasHeaders: true }]);
    expect(b.sheets[0]!.validations).toEqual([{ range: 'D2', source: 'ja,nej', inCellDropDown: true }, { range: 'D3', source: 'ja,nej', inCellDropDown: true }]);
    expect(b.sheets[0]!.columnWidths['0']).toBeCloseTo(150, 0);
    // and from bytes
    const again = await readXlsx(await xlsxBytes(wb));
    expect(again.snapshot().sheets[0]!.cells).toEqual(a.sheets[0]!.cells);
  });

  test('formula results, rich text, errors and dates are read as Excel shows them', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('S');
    ws.getCell('A1').value = { formula: 'B1*2', result: 84 } as ExcelJS.CellFormulaValue;
    ws.getCell('A2').value = { richText: [{ text: 'Region ' }, { font: { bold: true }, text: 'Skåne' }] };
    ws.getCell('A3').value = { error: '#REF!' } as ExcelJS.CellErrorValue;
    ws.getCell('A4').value = new Date(Date.UTC(2026, 8, 30));
    ws.getCell('A4').numFmt = 'yyyy-mm-dd';
    ws.getCell('A5').value = { formula: '1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue;
    const buf = await book.xlsx.writeBuffer();
    const wb = await readXlsx(new Uint8Array(buf as ArrayBuffer));
    expect(wb.getCell('S', 'A1').value).toBe(84);
    expect(wb.getCell('S', 'A2').value).toBe('Region Skåne');
    expect(wb.getCell('S', 'A3').value).toBe('#REF!');
    expect(wb.getCell('S', 'A4')).toMatchObject({ value: 46295, numberFormat: 'yyyy-mm-dd' });
    expect(wb.getCell('S', 'A5').value).toBe('#DIV/0!');
  });

  test('the CLI path: readXlsx → directPort reads the sheet as the Office adapter does', async () => {
    const wb = await readXlsx(await xlsxBytes(sample()));
    const { port, stats } = directPort(wb);
    const g = await port.readSheet('Fördelning');
    expect(g.values[1]).toEqual(['Region Stockholm', 1234567, 0.2345, true]);
    expect(g.numberFormats[1]![1]).toBe('# ##0');
    expect(g.merged).toEqual(['A6:C6']);
    expect(g.hiddenRows).toEqual([2]);
    expect(stats.calls).toBe(1);
    // the same grid through the Office.js adapter on the fake host, in 2 syncs
    const office = memoryPort(wb);
    expect(await office.port.readSheet('Fördelning')).toEqual(g);
    expect(office.stats.syncs).toBe(2);
  });
});
