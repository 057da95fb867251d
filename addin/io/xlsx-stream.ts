/**
 * A streaming .xlsx reader for the audit: each sheet part is inflated as a stream
 * (node:zlib) and passed through a SAX-like tokenizer, and only what the audit reads is
 * kept — the grid of the used range (values and number formats), hidden rows and merged
 * areas — instead of exceljs's object per cell plus the in-memory workbook. Memory grows
 * with the used ranges, not with the file.
 *
 * It gives the same grids as the exceljs bridge read through the CLI's direct port
 * (`readXlsx` + `directPort(...).port.readSheet`), quirks included: `s="0"` has no number
 * format, a number with a date format goes through a Date and back, `t="d"` is read as a
 * number, cells inside a merged area other than its first are empty, phonetic runs are
 * not text. test/hostile/stream.test.ts compares the two on workbooks from exceljs,
 * LibreOffice and hand-written XML.
 *
 * Use it after `inspectXlsx` (xlsx-guard.ts) has passed the file: it does not repeat the
 * size limits, though it keeps the tokenizer's depth / DOCTYPE / entity refusals.
 */
import { StringDecoder } from 'node:string_decoder';
import type { FileHandle } from 'node:fs/promises';
import type { CellValue, Grid, WorkbookPort } from '../workbook/port';
import { inflateEntry, openZip, readCentralDirectory, type ZipEntry } from './zip-read';
import { attr, localName, XmlScanner, type XmlHandler } from './xml-scan';
import { parseRef, relsOf, resolvePart, XLSX_LIMITS, type XlsxInspection } from './xlsx-guard';

/** exceljs's built-in number formats (lib/xlsx/defaultnumformats.js, the ones with a code). */
const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??',
  14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss', 22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00 ;(#,##0.00)', 40: '#,##0.00 ;[Red](#,##0.00)', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
};

/** exceljs's utils.isDateFmt. */
const dateFmtCache = new Map<string, boolean>();

export function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  let known = dateFmtCache.get(fmt);
  if (known === undefined) {
    known = isDateFmtUncached(fmt);
    if (dateFmtCache.size < 10_000) dateFmtCache.set(fmt, known);
  }
  return known;
}

function isDateFmtUncached(fmt: string): boolean {
  const f = fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(f);
}

/** exceljs's utils.xmlDecode (applied once more to t="str" values). */
function xmlDecodeAgain(text: string): string {
  return text.replace(/&([a-z]*);/g, (c) => ({ '&lt;': '<', '&gt;': '>', '&amp;': '&', '&apos;': "'", '&quot;': '"' } as Record<string, string>)[c] ?? c);
}

const DAY_MS = 86_400_000;

/** A number with a date format, as the exceljs bridge gives it: serial → Date (ms) → serial. */
function viaDate(v: number, date1904: boolean): number {
  const ms = Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000);
  const serial = ms / DAY_MS + (date1904 ? 24_107 : 25_569);
  return Math.round(serial * 1e10) / 1e10;
}

export interface StreamSheet {
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  grid: Grid;
}

export interface StreamWorkbook {
  sheets: StreamSheet[];
  activeSheet: string | null;
}

const STATE: Record<string, StreamSheet['visibility']> = { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' };

async function scanText(fh: FileHandle, e: ZipEntry, handler: XmlHandler): Promise<void> {
  const scanner = new XmlScanner(handler, { maxDepth: XLSX_LIMITS.depth, maxToken: XLSX_LIMITS.token });
  const decoder = new StringDecoder('utf8');
  await inflateEntry(fh, e, { limit: XLSX_LIMITS.totalUncompressed, onData: (c) => scanner.write(decoder.write(c)) });
  scanner.write(decoder.end());
  scanner.end();
}

/** Shared strings: plain text of each `<si>` (rich-text runs joined, phonetic runs left out). */
function sharedStringsHandler(out: string[]): XmlHandler {
  let inSi = false;
  let inT = false;
  let skip = 0; // inside rPh / phoneticPr
  let text = '';
  let runs: string[] | null = null;
  let runText = '';
  let inR = false;
  let hasT = false;
  let tText = '';
  return {
    wantText: () => inT,
    open(raw, _a, selfClosing) {
      const name = raw.indexOf(':') >= 0 ? localName(raw) : raw;
      if (name === 'si') {
        inSi = true;
        text = '';
        runs = null;
        hasT = false;
        tText = '';
      } else if (!inSi) return;
      else if (name === 'rPh') skip++;
      else if (skip) return;
      else if (name === 'r') {
        inR = true;
        runText = '';
        runs ??= [];
      } else if (name === 't' && !selfClosing) {
        inT = true;
        text = '';
      } else if (name === 't') {
        // <t/>: an empty text
        if (inR) runText = '';
        else {
          hasT = true;
          tText = '';
        }
      }
    },
    text(s) {
      if (inT && !skip) text += s;
    },
    close(raw) {
      const name = raw.indexOf(':') >= 0 ? localName(raw) : raw;
      if (!inSi) return;
      if (name === 'rPh') {
        skip--;
        return;
      }
      if (skip) return;
      if (name === 't' && inT) {
        inT = false;
        if (inR) runText += text;
        else {
          hasT = true;
          tText = text;
        }
      } else if (name === 'r') {
        inR = false;
        runs?.push(runText);
      } else if (name === 'si') {
        inSi = false;
        // exceljs: a <t> directly in <si> replaces the model (its text); runs make rich text.
        out.push(hasT ? tText : runs ? runs.join('') : '');
      }
    },
  };
}

interface Styles {
  /** cellXfs index → number format code (undefined: none). */
  xfFormat: (string | undefined)[];
}

function stylesHandler(out: Styles): XmlHandler {
  const custom = new Map<number, string>();
  const xfIds: number[] = [];
  let inCellXfs = false;
  return {
    open(raw, attrs) {
      const name = raw.indexOf(':') >= 0 ? localName(raw) : raw;
      if (name === 'numFmt') {
        const id = Number(attr(attrs, 'numFmtId'));
        const code = attr(attrs, 'formatCode');
        if (Number.isInteger(id) && code !== undefined) custom.set(id, code);
      } else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfIds.push(parseInt(attr(attrs, 'numFmtId') ?? '0', 10) || 0);
    },
    close(raw) {
      const name = raw.indexOf(':') >= 0 ? localName(raw) : raw;
      if (name === 'cellXfs') {
        inCellXfs = false;
        out.xfFormat = xfIds.map((id) => (id ? (custom.get(id) ?? BUILTIN_FORMATS[id]) || undefined : undefined));
      }
    },
  };
}

/** One sheet's stored cells, row by row, sparse. */
interface RowCells {
  cols: number[];
  values: CellValue[];
  formats: (string | undefined)[];
}

interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * Dense storage inside a known rectangle (the guard's used range of valued cells): one row
 * array of values and one of formats per row, no object per cell. Rows whose formats equal
 * the previous row's share one array (read-only, as the adapter's grids are used).
 */
interface DenseRows {
  rect: Rect;
  width: number;
  values: (CellValue[] | undefined)[];
  formats: (string[] | undefined)[];
  lastFormats: string[] | null;
}

interface SheetState {
  rows: Map<number, RowCells>;
  dense?: DenseRows;
  hidden: number[];
  merges: string[];
}

function sheetHandler(st: SheetState, shared: string[], styles: Styles, date1904: boolean): XmlHandler {
  let row = -1;
  let col = -1;
  // the cell being read
  let inCell = false;
  let cRow = 0;
  let cCol = 0;
  let t: string | undefined;
  let styleId: number | undefined;
  let value: string | undefined;
  let formula = false;
  let node: 'v' | 't' | 'f' | null = null;
  let inIs = false;
  let runs: string[] | null = null;
  let inR = false;
  let runText = '';
  let rPh = 0;
  let curRow: RowCells | null = null;
  let curRowIndex = -1;

  const dense = st.dense;
  let dRow = -1;
  const closeDenseRow = () => {
    if (!dense || dRow < 0) return;
    const f = dense.formats[dRow];
    const last = dense.lastFormats;
    if (f && last && f.length === last.length) {
      let same = true;
      for (let i = 0; i < f.length; i++) if (f[i] !== last[i]) {
        same = false;
        break;
      }
      if (same) dense.formats[dRow] = last;
      else dense.lastFormats = f;
    } else if (f) dense.lastFormats = f;
    dRow = -1;
  };
  const store = (r: number, c: number, v: CellValue, fmt: string | undefined) => {
    if (dense) {
      const { rect, width } = dense;
      if (r < rect.top || r > rect.bottom || c < rect.left || c > rect.right) return; // outside every valued cell
      const i = r - rect.top;
      if (i !== dRow) {
        closeDenseRow();
        dRow = i;
      }
      let vals = dense.values[i];
      let fmts = dense.formats[i];
      if (!vals) vals = dense.values[i] = new Array<CellValue>(width).fill('');
      if (!fmts) fmts = dense.formats[i] = new Array<string>(width).fill('General');
      vals[c - rect.left] = v === null ? '' : v;
      fmts[c - rect.left] = fmt ?? 'General';
      return;
    }
    if (curRowIndex !== r || !curRow) {
      curRow = st.rows.get(r) ?? null;
      if (!curRow) {
        curRow = { cols: [], values: [], formats: [] };
        st.rows.set(r, curRow);
      }
      curRowIndex = r;
    }
    curRow.cols.push(c);
    curRow.values.push(v);
    curRow.formats.push(fmt);
  };

  const finishCell = () => {
    const fmt = styleId ? styles.xfFormat[styleId] : undefined;
    let v: CellValue | undefined; // undefined: a cell with no value
    if (formula) {
      if (value) {
        if (t === 'str') v = xmlDecodeAgain(value);
        else if (t === 'b') v = parseInt(value, 10) !== 0;
        else if (t === 'e') v = value;
        else {
          const n = parseFloat(value);
          v = isDateFmt(fmt) ? viaDate(n, date1904) : n;
        }
      } else v = null;
    } else if (runs) v = runs.join('');
    else if (value !== undefined) {
      switch (t) {
        case 's': {
          const s = shared[parseInt(value, 10)];
          v = s === undefined ? null : s;
          break;
        }
        case 'str':
          v = xmlDecodeAgain(value);
          break;
        case 'inlineStr':
          v = value;
          break;
        case 'b':
          v = parseInt(value, 10) !== 0;
          break;
        case 'e':
          v = value;
          break;
        default: {
          const n = parseFloat(value);
          v = isDateFmt(fmt) ? viaDate(n, date1904) : n;
        }
      }
    } else return; // no value: exceljs makes it a Null or "Merge" cell, which the bridge skips
    if (v === '') v = null;
    if (v === null && !fmt) return; // nothing the grid needs beyond the default
    store(cRow, cCol, v ?? null, fmt);
  };

  return {
    wantText: () => node !== null && !rPh,
    open(raw, attrs, selfClosing) {
      const name = raw.indexOf(':') >= 0 ? localName(raw) : raw;
      if (inCell) {
        if (name === 'rPh') rPh++;
        else if (rPh) return;
        else if (name === 'v') node = selfClosing ? null : 'v';
        else if (name === 'f') {
          formula = true;
          node = selfClosing ? null : 'f';
        } else if (name === 'is') inIs = true;
        else if (name === 'r' && inIs) {
          inR = true;
          runText = '';
          runs ??= [];
        } else if (name === 't' && inIs) node = selfClosing ? null : 't';
        return;
      }
      if (name === 'c') {
        const r = attr(attrs, 'r');
        const p = r !== undefined ? parseRef(r) : null;
        if (p) {
          cRow = p.row;
          cCol = p.col;
        } else {
          cRow = Math.max(row, 0);
          cCol = col + 1;
        }
        col = cCol;
        t = attr(attrs, 't');
        const s = attr(attrs, 's');
        styleId = s ? parseInt(s, 10) : undefined;
        value = undefined;
        formula = false;
        runs = null;
        inIs = false;
        inR = false;
        rPh = 0;
        node = null;
        if (selfClosing) finishCell();
        else inCell = true;
      } else if (name === 'row') {
        closeDenseRow();
        const r = attr(attrs, 'r');
        const n = r !== undefined ? Number(r) : NaN;
        row = Number.isInteger(n) && n >= 1 ? n - 1 : row + 1;
        col = -1;
        const h = attr(attrs, 'hidden');
        if (h === '1' || h === 'true') st.hidden.push(row);
      } else if (name === 'mergeCell') {
        const ref = attr(attrs, 'ref');
        if (ref) st.merges.push(ref);
      }
    },
    text(s) {
      if (node === 'v' || node === 't') {
        if (inR) runText += s;
        else value = value === undefined ? s : value + s;
      }
    },
    close(raw) {
      if (!inCell) {
        if (raw === 'row' || raw === 'sheetData') closeDenseRow();
        return;
      }
      const name = raw.indexOf(':') >= 0 ? localName(raw) : raw;
      if (name === 'rPh') {
        rPh--;
        return;
      }
      if (rPh) return;
      if (name === 'v' || name === 'f' || name === 't') node = null;
      else if (name === 'r' && inR) {
        inR = false;
        runs?.push(runText);
      } else if (name === 'is') inIs = false;
      else if (name === 'c') {
        inCell = false;
        finishCell();
      }
    },
  };
}

function rectOf(ref: string): { top: number; left: number; bottom: number; right: number } | null {
  const [a, b] = ref.replace(/\$/g, '').split(':');
  const p = a ? parseRef(a) : null;
  const q = b ? parseRef(b) : p;
  if (!p || !q) return null;
  return { top: Math.min(p.row, q.row), left: Math.min(p.col, q.col), bottom: Math.max(p.row, q.row), right: Math.max(p.col, q.col) };
}

function colName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function rectA1(r: { top: number; left: number; bottom: number; right: number }): string {
  const a = `${colName(r.left)}${r.top + 1}`;
  const b = `${colName(r.right)}${r.bottom + 1}`;
  return a === b ? a : `${a}:${b}`;
}

/** The grid the Office.js adapter would read from this sheet: the used range of valued cells. */
function toGrid(name: string, st: SheetState): Grid {
  // Merged areas: every cell but the first is empty (exceljs makes them "Merge" cells).
  const merges = st.merges.map(rectOf).filter((m): m is NonNullable<typeof m> => m !== null);
  if (st.dense) return denseGrid(name, st, st.dense, merges);
  if (merges.length) {
    for (const m of merges) {
      for (let r = m.top; r <= m.bottom; r++) {
        const cells = st.rows.get(r);
        if (!cells) continue;
        for (let i = cells.cols.length - 1; i >= 0; i--) {
          const c = cells.cols[i]!;
          if (c >= m.left && c <= m.right && !(r === m.top && c === m.left)) {
            cells.cols.splice(i, 1);
            cells.values.splice(i, 1);
            cells.formats.splice(i, 1);
          }
        }
      }
    }
  }
  let top = Infinity;
  let left = Infinity;
  let bottom = -1;
  let right = -1;
  for (const [r, cells] of st.rows) {
    for (let i = 0; i < cells.cols.length; i++) {
      if (cells.values[i] === null) continue;
      const c = cells.cols[i]!;
      if (r < top) top = r;
      if (r > bottom) bottom = r;
      if (c < left) left = c;
      if (c > right) right = c;
    }
  }
  if (bottom < 0) return { sheet: name, top: 0, left: 0, values: [], numberFormats: [], hiddenRows: [], merged: [] };
  const width = right - left + 1;
  const values: CellValue[][] = [];
  const numberFormats: string[][] = [];
  for (let r = top; r <= bottom; r++) {
    const vals: CellValue[] = new Array<CellValue>(width).fill('');
    const fmts: string[] = new Array<string>(width).fill('General');
    const cells = st.rows.get(r);
    if (cells) {
      // Later duplicates win, like a Map keyed by cell.
      for (let i = 0; i < cells.cols.length; i++) {
        const c = cells.cols[i]! - left;
        if (c < 0 || c >= width) continue;
        const v = cells.values[i]!;
        vals[c] = v === null ? '' : v;
        fmts[c] = cells.formats[i] ?? 'General';
      }
      st.rows.delete(r); // free as we go
    }
    values.push(vals);
    numberFormats.push(fmts);
  }
  const rect = { top, left, bottom, right };
  const hiddenRows = [...new Set(st.hidden.filter((r) => r >= top && r <= bottom))].sort((a, b) => a - b);
  const merged = merges.filter((m) => m.left <= rect.right && m.right >= rect.left && m.top <= rect.bottom && m.bottom >= rect.top).map(rectA1);
  return { sheet: name, top, left, values, numberFormats, hiddenRows, merged };
}

function denseGrid(name: string, st: SheetState, d: DenseRows, merges: Rect[]): Grid {
  const { rect, width } = d;
  const height = rect.bottom - rect.top + 1;
  for (const m of merges) {
    for (let r = Math.max(m.top, rect.top); r <= Math.min(m.bottom, rect.bottom); r++) {
      const i = r - rect.top;
      const vals = d.values[i];
      if (!vals) continue;
      const fmts = d.formats[i]!.slice(); // copy: the array may be shared
      for (let c = Math.max(m.left, rect.left); c <= Math.min(m.right, rect.right); c++) {
        if (r === m.top && c === m.left) continue;
        vals[c - rect.left] = '';
        fmts[c - rect.left] = 'General';
      }
      d.formats[i] = fmts;
    }
  }
  // The real used range: inside the guard's (a merged cell or an empty text may shrink it).
  let top = Infinity;
  let left = Infinity;
  let bottom = -1;
  let right = -1;
  for (let i = 0; i < height; i++) {
    const vals = d.values[i];
    if (!vals) continue;
    for (let j = 0; j < width; j++) {
      if (vals[j] === '') continue;
      if (i < top) top = i;
      if (i > bottom) bottom = i;
      if (j < left) left = j;
      if (j > right) right = j;
    }
  }
  if (bottom < 0) return { sheet: name, top: 0, left: 0, values: [], numberFormats: [], hiddenRows: [], merged: [] };
  const w = right - left + 1;
  const whole = left === 0 && right === width - 1;
  const emptyVals = (): CellValue[] => new Array<CellValue>(w).fill('');
  let emptyFmts: string[] | null = null;
  const values: CellValue[][] = [];
  const numberFormats: string[][] = [];
  const cut = new Map<string[], string[]>();
  for (let i = top; i <= bottom; i++) {
    const vals = d.values[i];
    const fmts = d.formats[i];
    values.push(vals ? (whole ? vals : vals.slice(left, right + 1)) : emptyVals());
    if (fmts) {
      let f = whole ? fmts : cut.get(fmts);
      if (!f) {
        f = fmts.slice(left, right + 1);
        cut.set(fmts, f);
      }
      numberFormats.push(f);
    } else numberFormats.push((emptyFmts ??= new Array<string>(w).fill('General')));
    d.values[i] = undefined;
  }
  const abs = { top: rect.top + top, left: rect.left + left, bottom: rect.top + bottom, right: rect.left + right };
  const hiddenRows = [...new Set(st.hidden.filter((r) => r >= abs.top && r <= abs.bottom))].sort((a, b) => a - b);
  const merged = merges.filter((m) => m.left <= abs.right && m.right >= abs.left && m.top <= abs.bottom && m.bottom >= abs.top).map(rectA1);
  return { sheet: name, top: abs.top, left: abs.left, values, numberFormats, hiddenRows, merged };
}

export interface ReadOptions {
  /**
   * The guard's inspection of the same file: each sheet's rectangle of valued cells lets the
   * reader store rows densely (much less memory than one entry per cell).
   */
  inspection?: XlsxInspection;
  onSheet?: (s: StreamSheet) => void;
}

/**
 * Read every worksheet of an .xlsx as the audit's grids, streaming. `onSheet` (optional) is
 * called as each sheet is done.
 */
export async function readXlsxGrids(path: string, opts: ReadOptions = {}): Promise<StreamWorkbook> {
  const hints = new Map((opts.inspection?.sheets ?? []).map((s) => [s.part, s.rect]));
  const { fh, size } = await openZip(path);
  try {
    const entries = await readCentralDirectory(fh, size, XLSX_LIMITS.entries);
    const byName = new Map(entries.map((e) => [e.name, e]));
    const scan = async (name: string, h: XmlHandler) => {
      const e = byName.get(name);
      if (e) await scanText(fh, e, h);
      return !!e;
    };
    const rels = async (part: string) => {
      const m = new Map<string, { target: string; type: string }>();
      await scan(relsOf(part), {
        open(raw, attrs) {
          if (localName(raw) !== 'Relationship') return;
          const id = attr(attrs, 'Id');
          const target = attr(attrs, 'Target');
          if (id && target && attr(attrs, 'TargetMode') !== 'External') m.set(id, { target: resolvePart(part, target), type: attr(attrs, 'Type') ?? '' });
        },
      });
      return m;
    };
    const root = await rels('');
    const office = [...root.values()].find((r) => /\/officeDocument$/.test(r.type));
    const wbPart = office ? office.target : 'xl/workbook.xml';
    const listed: { name: string; rid: string; state: string }[] = [];
    let date1904 = false;
    let activeTab = 0;
    if (!(await scan(wbPart, {
      open(raw, attrs) {
        const name = localName(raw);
        if (name === 'sheet') listed.push({ name: attr(attrs, 'name') ?? '', rid: attr(attrs, 'r:id') ?? '', state: attr(attrs, 'state') ?? 'visible' });
        else if (name === 'workbookPr') date1904 = attr(attrs, 'date1904') === '1';
        else if (name === 'workbookView') activeTab = parseInt(attr(attrs, 'activeTab') ?? '0', 10) || 0;
      },
    }))) throw new Error(`no ${wbPart} part`);
    const wbRels = await rels(wbPart);
    const shared: string[] = [];
    const styles: Styles = { xfFormat: [] };
    for (const r of wbRels.values()) {
      if (/\/sharedStrings$/.test(r.type)) await scan(r.target, sharedStringsHandler(shared));
      else if (/\/styles$/.test(r.type)) await scan(r.target, stylesHandler(styles));
    }
    const sheets: StreamSheet[] = [];
    for (const s of listed) {
      const rel = wbRels.get(s.rid);
      if (!rel || !/\/worksheet$/.test(rel.type)) continue;
      const st: SheetState = { rows: new Map(), hidden: [], merges: [] };
      const hint = hints.get(rel.target);
      if (hint) st.dense = { rect: hint, width: hint.right - hint.left + 1, values: [], formats: [], lastFormats: null };
      else if (hints.has(rel.target)) st.dense = { rect: { top: 0, left: 0, bottom: -1, right: -1 }, width: 0, values: [], formats: [], lastFormats: null };
      await scan(rel.target, sheetHandler(st, shared, styles, date1904));
      const sheet: StreamSheet = { name: s.name, visibility: STATE[s.state] ?? 'Visible', grid: toGrid(s.name, st) };
      sheets.push(sheet);
      opts.onSheet?.(sheet);
    }
    const active = listed[activeTab] && sheets.find((x) => x.name === listed[activeTab]!.name);
    return { sheets, activeSheet: active ? active.name : (sheets[0]?.name ?? null) };
  } finally {
    await fh.close();
  }
}

/**
 * Workbooks with more cells than this in their used ranges are read by this streaming
 * reader in the CLI's audit (and get no flagged copy with --out); smaller ones go through
 * the exceljs bridge, which carries fills, notes and formats into the copy.
 */
export const STREAM_CELLS = 200_000;

/**
 * A read-only WorkbookPort over streamed grids, for `auditWorkbook(…, { flag: false })`.
 * Writing calls are refused (the streaming path makes no copy to write into).
 */
export function gridPort(book: StreamWorkbook): WorkbookPort {
  const byName = new Map(book.sheets.map((s) => [s.name.toLowerCase(), s]));
  const readOnly = () => Promise.reject(new Error('the streamed workbook is read-only'));
  return {
    capabilities: async () => ({ notes: false, comments: false, charts: false, tables: false, missing: [] }),
    listSheets: async () => book.sheets.map((s) => s.name),
    activeSheet: async () => book.activeSheet ?? book.sheets[0]?.name ?? '',
    readSheet: async (name: string) => {
      const s = byName.get(name.toLowerCase());
      if (!s) throw new Error(`no sheet named ${name}`);
      return s.grid;
    },
    readSelection: readOnly,
    writeSheet: readOnly,
    flag: readOnly,
    clearFlags: readOnly,
    select: async () => undefined,
  };
}
