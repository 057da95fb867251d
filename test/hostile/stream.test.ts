// The streaming reader gives the same grids as the exceljs bridge read through the
// Office.js adapter, on workbooks from exceljs, from hand-written XML (the quirks other
// tools write) and from LibreOffice (when /usr/bin/soffice is there).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { readXlsxGrids } from '../../addin/io/xlsx-stream';
import { inspectXlsx } from '../../addin/io/xlsx-guard';
import { readXlsx, writeXlsx } from '../../addin/workbook/xlsx';
import { directPort } from '../../addin/workbook/direct';
import { annexWorkbook, benchWorkbook, jamtlandWorkbook, svfReportWorkbook } from '../audit/fixtures';
import { SHEET_HEAD, SHEET_TAIL, writeBook } from './zipgen';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-stream-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function viaBridge(path: string) {
  const wb = await readXlsx(path);
  const { port } = directPort(wb);
  const names = await port.listSheets();
  const grids = [];
  for (const n of names) grids.push(await port.readSheet(n));
  return { names, grids, visibility: wb.sheets.map((s) => s.visibility) };
}

async function expectSame(path: string) {
  const want = await viaBridge(path);
  // Both ways of storing: sparse (no hint) and dense inside the guard's rectangles.
  const sparse = await readXlsxGrids(path);
  const dense = await readXlsxGrids(path, { inspection: await inspectXlsx(path) });
  for (const got of [sparse, dense]) {
    expect(got.sheets.map((s) => s.name)).toEqual(want.names);
    expect(got.sheets.map((s) => s.visibility)).toEqual(want.visibility);
    for (let i = 0; i < want.grids.length; i++) expect(got.sheets[i]!.grid).toEqual(want.grids[i]);
  }
  return dense;
}

describe('streaming reader = exceljs bridge + adapter', () => {
  test('the audit fixtures written by the bridge (annex, Jämtland, RCC report)', async () => {
    const files = [
      [annexWorkbook(), 'annex.xlsx'],
      [jamtlandWorkbook().workbook, 'jamtland.xlsx'],
      [svfReportWorkbook().workbook, 'report.xlsx'],
    ] as const;
    for (const [wb, name] of files) {
      await writeXlsx(wb, join(dir, name));
      const got = await expectSame(join(dir, name));
      expect(got.sheets.some((s) => s.grid.values.length > 0)).toBe(true);
    }
  });

  test('a 2 000-row bench sheet (numbers, formats, #REF!, text numbers)', async () => {
    await writeXlsx(benchWorkbook(2_000), join(dir, 'bench.xlsx'));
    const got = await expectSame(join(dir, 'bench.xlsx'));
    expect(got.sheets[0]!.grid.values.length).toBe(2_000);
  });

  test('exceljs features: rich text, dates, booleans, errors, formulas, merges, hidden rows, styled empty cells, hidden sheets', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('Blad 1');
    ws.getCell('B2').value = 'Rubrik';
    ws.mergeCells('B2:D2');
    ws.getCell('B3').value = { richText: [{ text: 'Fet ', font: { bold: true } }, { text: 'och smal' }] };
    ws.getCell('C3').value = new Date(Date.UTC(2026, 8, 30, 12, 0, 0));
    ws.getCell('D3').value = true;
    ws.getCell('E3').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
    ws.getCell('B4').value = { formula: 'SUM(1,2)', result: 3 } as ExcelJS.CellFormulaValue;
    ws.getCell('C4').value = { formula: 'A1&"x"', result: 'a<&>b' } as ExcelJS.CellFormulaValue;
    ws.getCell('D4').value = 42_569_204;
    ws.getCell('D4').numFmt = '#,##0 "kr"';
    ws.getCell('E4').value = 0.725;
    ws.getCell('E4').numFmt = '0.0%';
    ws.getCell('F6').numFmt = '0.00'; // styled, no value: inside the used range only if data reaches it
    ws.getCell('B7').value = 'sist';
    ws.getCell('G9').numFmt = '0.00'; // outside the used range of values
    ws.getRow(5).hidden = true;
    ws.getCell('B5').value = 'dold rad';
    book.addWorksheet('Tom');
    const h = book.addWorksheet('Gömd', { state: 'hidden' });
    h.getCell('A1').value = 1;
    const vh = book.addWorksheet('Mycket gömd', { state: 'veryHidden' });
    vh.getCell('C3').value = 'x';
    await book.xlsx.writeFile(join(dir, 'features.xlsx'));
    const got = await expectSame(join(dir, 'features.xlsx'));
    expect(got.sheets[0]!.grid.merged).toEqual(['B2:D2']);
    expect(got.sheets[0]!.grid.hiddenRows).toEqual([4]);
  });

  test('hand-written XML: inline strings, t="str", phonetic runs, s="0", t="d", entities, a formula without a cached value', async () => {
    const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const sheet = `<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="${NS}"><sheetData>` +
      '<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>två &amp; tre</t></is></c><c r="C1" s="1"><v>1234567</v></c></row>' +
      '<row r="3"><c r="B3" t="s"><v>0</v></c><c r="C3" t="s"><v>1</v></c><c r="D3" t="str"><v>a&amp;amp;b</v></c><c r="E3" s="0"><v>5</v></c></row>' +
      '<row r="4"><c r="A4" t="d"><v>2024-05-01</v></c><c r="B4" s="3"><v>45000.25</v></c><c r="C4" t="b"><v>0</v></c><c r="D4" t="e"><v>#DIV/0!</v></c><c r="E4" s="2"><f>1/0</f></c><c r="F4"><f>1+1</f><v>2</v></c></row>' +
      '<row r="6" hidden="1"><c r="A6" t="inlineStr"><is><r><t>rik</t></r><r><t xml:space="preserve"> text</t></r></is></c><c r="B6" s="2"/><c r="C6"/></row>' +
      `</sheetData><mergeCells count="1"><mergeCell ref="E6:F7"/></mergeCells></worksheet>`;
    const sst = `<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="${NS}" count="2" uniqueCount="2"><si><t>Region Jämtland Härjedalen</t><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si><si><r><t>70</t></r><r><rPr><b/></rPr><t> %</t></r></si></sst>`;
    writeBook(join(dir, 'hand.xlsx'), { sheets: [{ name: 'Hand', xml: [{ data: sheet }] }], sharedStrings: [{ data: sst }] });
    const got = await expectSame(join(dir, 'hand.xlsx'));
    const g = got.sheets[0]!.grid;
    expect(g.values[0]).toEqual([1, 'två & tre', 1234567, '', '', '']);
    expect(g.values[2]!.slice(1, 4)).toEqual(['Region Jämtland Härjedalen', '70 %', 'a&b']);
  });

  test.skipIf(!existsSync('/usr/bin/soffice'))('a workbook saved by LibreOffice', async () => {
    const src = join(dir, 'lo-src.xlsx');
    await writeXlsx(svfReportWorkbook().workbook, src);
    const out = join(dir, 'lo');
    execFileSync('/usr/bin/soffice', ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', out, src], { stdio: 'ignore', timeout: 120_000 });
    const [file] = readdirSync(out);
    await expectSame(join(out, file!));
  }, 180_000);

  test('an empty sheet, and an empty-string shared string, give what the adapter gives', async () => {
    const sheet = SHEET_HEAD + '<row r="2"><c r="B2" t="s"><v>0</v></c></row>' + SHEET_TAIL;
    writeBook(join(dir, 'empty.xlsx'), {
      sheets: [{ name: 'A', xml: [{ data: sheet }] }, { name: 'B', xml: [{ data: SHEET_HEAD + SHEET_TAIL }] }],
      sharedStrings: [{ data: '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t></t></si></sst>' }],
    });
    const got = await expectSame(join(dir, 'empty.xlsx'));
    expect(got.sheets[0]!.grid.values).toEqual([]);
  });
});
