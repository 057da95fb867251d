/**
 * The .xlsx bridge for the command line (exceljs): a file becomes a MemoryWorkbook and
 * back. The CLI then talks to it through `memoryPort` — the same Office.js adapter as
 * inside Excel, over the fake host — so there is one adapter everywhere.
 *
 * Read: values (formula results, rich text flattened, errors as "#REF!" strings, dates as
 * Excel serial numbers with their number format), number formats, solid fills (RGB; theme
 * and indexed colours are not resolved), notes, bold, merged cells, hidden rows, column
 * widths, sheet visibility, tables (name and range), list validations.
 * Write: the same, except charts (exceljs cannot write charts).
 */
import ExcelJS from 'exceljs';
import { MemoryWorkbook, type Visibility } from './memory';
import type { CellValue } from './port';
import { cellAddress, parseRange, rectAddress } from '../core/a1';
import { charsToPoints, pointsToChars } from './office';

export { memoryPort } from '../../test/fake-host/memory-port';

const DAY_MS = 86_400_000;

/** Excel serial number of a date (exceljs gives dates as UTC instants). Dates before 1900-03-01 are one off (Excel counts a 29 Feb 1900); not corrected. */
export function dateToSerial(d: Date, date1904 = false): number {
  const serial = d.getTime() / DAY_MS + (date1904 ? 24_107 : 25_569);
  return Math.round(serial * 1e10) / 1e10;
}

function argbToHex(argb: string | undefined): string | null {
  if (!argb || !/^[0-9A-Fa-f]{6,8}$/.test(argb)) return null;
  return `#${argb.slice(-6).toUpperCase()}`;
}

function richText(v: { richText?: { text: string }[] }): string {
  return (v.richText ?? []).map((t) => t.text).join('');
}

function noteText(n: unknown): string | null {
  if (n === undefined || n === null) return null;
  if (typeof n === 'string') return n;
  const texts = (n as { texts?: { text: string }[] }).texts;
  return texts ? texts.map((t) => t.text).join('') : null;
}

/**
 * A cell's value with its formula's saved result: exceljs leaves a result of 0 (or false, or
 * "") out of `cell.value` (it copies only truthy results), though `cell.result` has it.
 */
function cellValue(cell: ExcelJS.Cell): unknown {
  const v = cell.value;
  if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v) && !('result' in v)) {
    const r = (cell as unknown as { result?: unknown }).result;
    if (r !== undefined && r !== null) return { ...v, result: r };
  }
  return v;
}

function plain(v: unknown, date1904: boolean): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return dateToSerial(v, date1904);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('error' in o) return String(o.error);
    if ('richText' in o) return richText(o as { richText: { text: string }[] });
    if ('formula' in o || 'sharedFormula' in o) return 'result' in o ? plain(o.result, date1904) : null;
    if ('text' in o && 'hyperlink' in o) return plain(o.text, date1904);
  }
  return String(v);
}

const STATE: Record<string, Visibility> = { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' };

/** What the bridge could not carry into the MemoryWorkbook (so a copy written from it lacks them). */
export interface XlsxDropped {
  /** Data validations other than lists (whole number, decimal, date, length, custom …): sheet, range, type. */
  validations: { sheet: string; range: string; type: string }[];
}

/** Read an .xlsx file (path or bytes) into a MemoryWorkbook. */
export async function readXlsx(pathOrBuffer: string | Uint8Array | ArrayBuffer): Promise<MemoryWorkbook> {
  return (await readXlsxReport(pathOrBuffer)).workbook;
}

/**
 * A list validation's source as exceljs holds it → as Office.js and the MemoryWorkbook hold
 * it: a quoted list (`"ja,nej"`) becomes its items (`ja,nej`); anything else is a formula — a
 * range, another sheet's range, a defined name, INDIRECT(…) — and keeps a leading "=", so
 * writing it back gives the same formula (issue 15.8: they used to come back quoted, as text).
 */
export function listSourceFromXlsx(formula: string): string {
  const f = formula.trim();
  if (f.length >= 2 && f.startsWith('"') && f.endsWith('"')) return f.slice(1, -1).replace(/""/g, '"');
  return f.startsWith('=') ? f : `=${f}`;
}

/** The reverse of listSourceFromXlsx, for writing. A bare local range (as the pane writes it) is a formula too. */
export function listSourceToXlsx(source: string): string {
  if (source.startsWith('=')) return source.slice(1);
  if (/^\$?[A-Za-z]{1,3}\$?\d+(:\$?[A-Za-z]{1,3}\$?\d+)?$/.test(source)) return source;
  return `"${source.replace(/"/g, '""')}"`;
}

/** Read an .xlsx and say what could not be carried (see XlsxDropped). */
export async function readXlsxReport(pathOrBuffer: string | Uint8Array | ArrayBuffer): Promise<{ workbook: MemoryWorkbook; dropped: XlsxDropped }> {
  const dropped: XlsxDropped = { validations: [] };
  const book = new ExcelJS.Workbook();
  if (typeof pathOrBuffer === 'string') await book.xlsx.readFile(pathOrBuffer);
  else {
    const bytes = pathOrBuffer instanceof Uint8Array ? pathOrBuffer : new Uint8Array(pathOrBuffer);
    await book.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  }
  const date1904 = !!(book.properties as { date1904?: boolean } | undefined)?.date1904;
  const wb = new MemoryWorkbook();
  const sheets = book.worksheets;
  for (const ws of sheets) {
    const s = wb.addSheet(ws.name);
    s.visibility = STATE[ws.state] ?? 'Visible';
    ws.eachRow({ includeEmpty: false }, (row, rn) => {
      row.eachCell({ includeEmpty: false }, (cell, cn) => {
        if (cell.type === ExcelJS.ValueType.Merge) return; // a merged area's other cells
        const value = plain(cellValue(cell), date1904);
        const fmt = cell.numFmt || (cell.value instanceof Date ? 'yyyy-mm-dd' : 'General');
        const fill = cell.fill && cell.fill.type === 'pattern' && cell.fill.pattern === 'solid' ? argbToHex(cell.fill.fgColor?.argb) : null;
        s.set(rn - 1, cn - 1, { value, numberFormat: fmt, fill, note: noteText(cell.note), bold: !!cell.font?.bold });
      });
    });
    for (let r = 1; r <= ws.rowCount; r++) if (ws.getRow(r).hidden) s.hiddenRows.add(r - 1);
    s.merged = [...((ws.model as { merges?: string[] }).merges ?? [])].map((m) => rectAddress(parseRange(m)));
    (ws.columns ?? []).forEach((col, i) => {
      if (typeof col.width === 'number' && !Number.isNaN(col.width)) s.columnWidths.set(i, charsToPoints(col.width));
    });
    for (const t of ws.getTables() as unknown as { table?: { name?: string; tableRef?: string; ref?: string; headerRow?: boolean } }[]) {
      const m = t.table ?? (t as { name?: string; tableRef?: string; ref?: string; headerRow?: boolean });
      const ref = m.tableRef ?? m.ref;
      if (m.name && ref) s.tables.push({ name: m.name, range: rectAddress(parseRange(ref)), hasHeaders: m.headerRow !== false });
    }
    const dv = (ws as unknown as { dataValidations?: { model?: Record<string, { type?: string; formulae?: unknown[]; showDropDown?: boolean }> } }).dataValidations?.model ?? {};
    for (const [addr, rule] of Object.entries(dv)) {
      const range = addr.startsWith('range:') ? addr.slice(6) : addr;
      if (!rule) continue;
      if (rule.type !== 'list' || !rule.formulae?.length) {
        dropped.validations.push({ sheet: ws.name, range, type: String(rule.type ?? 'unknown') });
        continue;
      }
      const source = listSourceFromXlsx(String(rule.formulae[0]));
      s.validations.push({ range: rectAddress(parseRange(range)), source, inCellDropDown: rule.showDropDown !== true });
    }
  }
  const activeTab = (book.views?.[0] as { activeTab?: number } | undefined)?.activeTab;
  const active = activeTab !== undefined ? sheets[activeTab] : undefined;
  if (active) wb.setActive(active.name);
  return { workbook: wb, dropped };
}

function uniqueHeaders(values: CellValue[]): string[] {
  const seen = new Set<string>();
  return values.map((v, i) => {
    let name = v === null || v === '' ? `Column${i + 1}` : String(v);
    while (seen.has(name.toLowerCase())) name = `${name}_${i + 1}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

/** Build an exceljs workbook from a MemoryWorkbook. */
export function toExcelJS(workbook: MemoryWorkbook): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'agreement-rules';
  for (const s of workbook.sheets) {
    const state = s.visibility === 'Visible' ? 'visible' : s.visibility === 'Hidden' ? 'hidden' : 'veryHidden';
    const ws = book.addWorksheet(s.name, { state });
    for (const [c, pt] of s.columnWidths) ws.getColumn(c + 1).width = pointsToChars(pt);
    // Tables first: exceljs writes a table's cells itself; the cells' own styles follow.
    for (const t of s.tables) {
      const r = parseRange(t.range);
      const rowsOf = (from: number, to: number) =>
        Array.from({ length: Math.max(0, to - from + 1) }, (_, i) =>
          Array.from({ length: r.right - r.left + 1 }, (_, j) => s.get(from + i, r.left + j).value),
        );
      const header = t.hasHeaders ? rowsOf(r.top, r.top)[0]! : [];
      const names = t.hasHeaders ? uniqueHeaders(header) : uniqueHeaders(header.map(() => null));
      ws.addTable({
        name: t.name,
        ref: cellAddress(r.top, r.left),
        headerRow: t.hasHeaders,
        columns: names.map((name) => ({ name, filterButton: true })),
        rows: rowsOf(t.hasHeaders ? r.top + 1 : r.top, r.bottom),
      });
    }
    for (const { row, col, cell } of s.entries()) {
      const c = ws.getCell(row + 1, col + 1);
      const v = cell.value;
      if (typeof v === 'string' && /^#(REF!|VALUE!|DIV\/0!|NAME\?|N\/A|NUM!|NULL!)$/.test(v)) c.value = { error: v } as ExcelJS.CellErrorValue;
      else if (cell.formula) c.value = { formula: cell.formula.replace(/^=/, ''), result: v ?? undefined } as ExcelJS.CellFormulaValue;
      else if (v !== null) c.value = v;
      if (cell.numberFormat !== 'General') c.numFmt = cell.numberFormat;
      if (cell.fill) c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${cell.fill.slice(1)}` } };
      if (cell.note !== null) c.note = cell.note;
      if (cell.bold) c.font = { bold: true };
      if (cell.wrap) c.alignment = { wrapText: true };
    }
    for (const r of s.hiddenRows) ws.getRow(r + 1).hidden = true;
    for (const [r, h] of s.rowHeights) ws.getRow(r + 1).height = h;
    if (s.pageSetup) {
      const p = s.pageSetup;
      ws.pageSetup = {
        ...ws.pageSetup,
        orientation: p.orientation,
        paperSize: 9, // A4
        ...(p.fitToPagesWide || p.fitToPagesTall ? { fitToPage: true, fitToWidth: p.fitToPagesWide, fitToHeight: p.fitToPagesTall } : {}),
        ...(p.printTitleRows ? { printTitlesRow: p.printTitleRows.replace(/\$/g, '') } : {}),
      };
    }
    for (const m of s.merged) ws.mergeCells(m);
    for (const v of s.validations) {
      const r = parseRange(v.range);
      const formulae = [listSourceToXlsx(v.source)];
      for (let i = r.top; i <= r.bottom; i++)
        for (let j = r.left; j <= r.right; j++) ws.getCell(i + 1, j + 1).dataValidation = { type: 'list', allowBlank: true, formulae, ...(v.inCellDropDown ? {} : { showDropDown: true }) } as ExcelJS.DataValidation;
    }
  }
  const active = workbook.activeSheet ? workbook.sheets.findIndex((s) => s.name === workbook.activeSheet) : -1;
  if (active >= 0) book.views = [{ activeTab: active, x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, visibility: 'visible' }];
  return book;
}

/** Write a MemoryWorkbook to an .xlsx file. */
export async function writeXlsx(workbook: MemoryWorkbook, path: string): Promise<void> {
  await toExcelJS(workbook).xlsx.writeFile(path);
}

/** The .xlsx bytes of a MemoryWorkbook. */
export async function xlsxBytes(workbook: MemoryWorkbook): Promise<Uint8Array> {
  const buf = await toExcelJS(workbook).xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
