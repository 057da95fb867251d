/**
 * The table finder: the tables a person made on a sheet, found by their header
 * rows (Swedish or English words, any case or accents), read until a blank gap
 * (one blank row inside a table is allowed) or a total row; plus the free text
 * around them (titles, prose) and error values anywhere.
 *
 * Every cell is classified once, with a cheap first test (type, first
 * character, "has a digit") before any parsing; texts that do need parsing are
 * memoised. Numbers are kept as written (a Float64Array per column) and turned
 * into exact Decimals only where a check compares them (see cells.ts).
 * Nothing here throws on a cell's content.
 */
import type { Decimal } from '../../core/decimal';
import { EXCEL_ERRORS, excelSerialToIso, formatNumber, isDateFormat, parseNumber, type NumberParse, type Unit } from '../parse';
import type { CellValue, Grid } from '../../workbook/port';
import { parseRange } from '../../core/a1';
import type { Names, Recipient } from './names';
import { formatIsPercent, headerWord, isTotalText, unitOfFormat, type HeaderWord, type Svf } from './words';

// Cell kinds.
export const BLANK = 0;
/** A number (typed as a number). */
export const NUM = 1;
/** A number stored as text ("2 374 550", "0,23", "42 569 204 kr"). */
export const TEXTNUM = 2;
/** An approximate number as text ("ca 4,6 mkr"). */
export const APPROX = 3;
/** Text that is not a number. */
export const TEXT = 4;
/** An Excel error value (#REF!, #DIV/0! …). */
export const ERROR = 5;
export const BOOL = 6;
/** A dash ("-", "–") standing for nothing. */
export const DASH = 7;

/**
 * The kinds as one object, for hot loops in other modules: `const { NUM } = KIND` at module
 * scope makes a plain local (an imported binding can be a getter call per access once bundled).
 */
export const KIND = { BLANK, NUM, TEXTNUM, APPROX, TEXT, ERROR, BOOL, DASH } as const;

export type ColumnRole = 'recipient' | 'label' | 'population' | 'share' | 'amount' | 'inclusion' | 'leadtime' | 'prem' | 'number';

/** A text cell's parse, kept for cells whose number came from text. */
export interface TextNumber {
  value: Decimal;
  unit?: Unit;
  percent?: boolean;
  approx?: boolean;
  text: string;
}

export interface Column {
  /** Grid column index. */
  col: number;
  header: string;
  word: HeaderWord;
  role: ColumnRole;
  /** Unit of the column's amounts (header, then number format, else kr). */
  unit: Unit;
  /** Percentages written as points (72 for 72 %), not fractions. */
  percentPoints: boolean;
  /** Per table row (data rows, then the total row if any): the cell's kind. */
  kind: Uint8Array;
  /** Per table row: the number as written (NaN if none); text percents as points, text units not applied. */
  num: Float64Array;
  /** Per table row index: parses of numbers that came from text. */
  texts: Map<number, TextNumber>;
  numeric: number;
  textual: number;
}

export interface Table {
  sheet: string;
  index: number;
  /** Grid row of the (first) header row; headerRows rows of header. */
  headerRow: number;
  headerRows: number;
  /** Grid columns spanned. */
  left: number;
  right: number;
  title: string;
  /** Grid row and column of the title cell, if any. */
  titleAt: { row: number; col: number } | null;
  /** Grid rows of the data rows (blank rows skipped, total row excluded). */
  rows: Int32Array;
  /** Grid row of the total row, or -1. */
  totalRow: number;
  /** Index of the total row in the column arrays (rows.length), or -1. */
  totalIndex: number;
  columns: Column[];
  recipientCol: Column | null;
  labelCol: Column | null;
  recipientKind: 'regions' | 'rcc' | null;
  /** Per data row: the recipient its label names, if any. */
  recipients: (Recipient | null)[];
  /** Grid row of the last row read (total row, or last data row). */
  endRow: number;
  hiddenRows: Set<number>;
}

export interface TextCell {
  row: number;
  col: number;
  text: string;
}

export interface Scan {
  grid: Grid;
  tables: Table[];
  /** Text cells outside tables (titles and prose), in reading order. */
  texts: TextCell[];
  /** Header cells' texts, for inferring the year. */
  headers: TextCell[];
  /** Error values outside tables. */
  errors: TextCell[];
  cells: number;
}

// ---------------------------------------------------------------------------
// Cell classification (the hot loop)

const numberMemo = new Map<string, NumberParse>();
function parseMemo(s: string): NumberParse {
  let p = numberMemo.get(s);
  if (p === undefined) {
    if (numberMemo.size > 50_000) numberMemo.clear();
    p = parseNumber(s);
    numberMemo.set(s, p);
  }
  return p;
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function isErrorText(s: string): boolean {
  if (EXCEL_ERRORS.has(s)) return true;
  const t = s.trim().toUpperCase();
  return EXCEL_ERRORS.has(t);
}

const DASHES = new Set(['-', '–', '—', '−', '--', '..', '…']);

/** Scratch output of classify(). */
let outNum = NaN;
let outText: TextNumber | null = null;

/** The kind of a cell value; sets outNum (and outText for numbers from text). */
function classify(v: CellValue | undefined): number {
  if (v === null || v === undefined) return BLANK;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return TEXT;
    outNum = v;
    return NUM;
  }
  if (typeof v === 'boolean') return BOOL;
  if (typeof v !== 'string') return TEXT;
  const n = v.length;
  if (n === 0) return BLANK;
  const c0 = v.charCodeAt(0);
  if (c0 === 35 /* # */ && isErrorText(v)) return ERROR;
  if (!hasDigit(v)) {
    if (v.trim() === '') return BLANK;
    if (n <= 3 && DASHES.has(v.trim())) return DASH;
    if (c0 <= 32 || c0 === 35) return isErrorText(v) ? ERROR : TEXT;
    return TEXT;
  }
  if (n > 40) return TEXT;
  const p = parseMemo(v);
  if (!p.ok) return TEXT;
  outNum = p.value.toNumber();
  const t: TextNumber = { value: p.value, text: v };
  if (p.unit !== undefined) t.unit = p.unit;
  if (p.percent) t.percent = true;
  if (p.approx) t.approx = true;
  outText = t;
  return p.approx ? APPROX : TEXTNUM;
}

/** Cell classification for callers outside the finder (free cells). */
export function cellKind(v: CellValue | undefined): number {
  return classify(v);
}

function isYear(v: CellValue | undefined): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1990 && v <= 2100;
}

// ---------------------------------------------------------------------------

interface Ctx {
  grid: Grid;
  values: CellValue[][];
  formats: string[][];
  nRows: number;
  nCols: number;
  names: Names;
  /** Covered cells of merged areas → the value of the area's top-left cell (grid coordinates). */
  merged: Map<number, { row: number; col: number }> | null;
  hidden: Set<number>;
  /** Per grid column: last grid row consumed by a table. */
  consumed: Int32Array;
}

const KEY = 16_384;

function buildMerged(grid: Grid): Map<number, { row: number; col: number }> | null {
  if (!grid.merged || grid.merged.length === 0) return null;
  const out = new Map<number, { row: number; col: number }>();
  for (const area of grid.merged) {
    let r;
    try {
      r = parseRange(area.includes('!') ? area.slice(area.lastIndexOf('!') + 1) : area);
    } catch {
      continue;
    }
    const top = r.top - grid.top;
    const left = r.left - grid.left;
    const cells = (r.bottom - r.top + 1) * (r.right - r.left + 1);
    if (cells > 100_000) continue;
    for (let i = r.top - grid.top; i <= r.bottom - grid.top; i++)
      for (let j = r.left - grid.left; j <= r.right - grid.left; j++) if (i !== top || j !== left) out.set(i * KEY + j, { row: top, col: left });
  }
  return out;
}

function valueAt(ctx: Ctx, row: number, col: number): CellValue | undefined {
  return ctx.values[row]?.[col];
}

/** A cell's value, or for a cell covered by a merged area, the area's value. */
function mergedValueAt(ctx: Ctx, row: number, col: number): CellValue | undefined {
  const v = ctx.values[row]?.[col];
  if ((v === null || v === undefined || v === '') && ctx.merged) {
    const m = ctx.merged.get(row * KEY + col);
    if (m) return ctx.values[m.row]?.[m.col];
  }
  return v;
}

function text(v: CellValue | undefined): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/** Does this row look like a header over [c0, c1] (all cells text, ≥ 2 of them, one naming a data column)? `lenient`: numbers elsewhere in the row (a side note) do not disqualify it. */
function headerLike(ctx: Ctx, r: number, c0: number, c1: number, skipConsumed: boolean, lenient = false): boolean {
  const row = ctx.values[r];
  if (!row) return false;
  let nonBlank = 0;
  let roles = 0;
  const end = Math.min(c1, row.length - 1);
  for (let c = c0; c <= end; c++) {
    if (skipConsumed && ctx.consumed[c]! >= r) continue;
    const v = row[c];
    if (v === null || v === undefined || v === '') continue;
    if (typeof v !== 'string') {
      if (isYear(v)) {
        nonBlank++;
        continue;
      }
      if (lenient) continue;
      return false;
    }
    if (v.trim() === '') continue;
    if (v.length > 80) {
      if (lenient) continue;
      return false;
    }
    const k = classify(v);
    if (k === TEXTNUM || k === APPROX || k === ERROR) {
      if (lenient) continue;
      return false;
    }
    nonBlank++;
    const w = headerWord(v);
    if (w.role !== null && w.role !== 'label') roles++;
  }
  return nonBlank >= 2 && roles >= 1;
}

/** Is there a row with a number in [c0, c1] among the next `within` rows after r? */
function numbersFollow(ctx: Ctx, r: number, c0: number, c1: number, within: number): boolean {
  for (let i = r + 1; i <= r + within && i < ctx.nRows; i++) {
    const row = ctx.values[i];
    if (!row) continue;
    for (let c = c0; c <= c1 && c < row.length; c++) {
      const k = classify(row[c]);
      if (k === NUM || k === TEXTNUM || k === APPROX || k === ERROR) return true;
    }
  }
  return false;
}

/** Column runs under a header row: columns with a header or with data in the next rows; runs split at empty columns. */
function segments(ctx: Ctx, r: number): [number, number][] {
  const live = new Uint8Array(ctx.nCols);
  for (let i = r; i <= r + 5 && i < ctx.nRows; i++) {
    const row = ctx.values[i];
    if (!row) continue;
    for (let c = 0; c < row.length; c++) {
      if (ctx.consumed[c]! >= i) continue;
      const v = row[c];
      if (v !== null && v !== undefined && v !== '') live[c] = 1;
    }
  }
  if (ctx.merged) {
    const row = ctx.values[r] ?? [];
    for (let c = 0; c < ctx.nCols; c++) if (!live[c] && ctx.merged.has(r * KEY + c) && text(mergedValueAt(ctx, r, c)) && row) live[c] = 1;
  }
  const out: [number, number][] = [];
  let start = -1;
  for (let c = 0; c <= ctx.nCols; c++) {
    if (c < ctx.nCols && live[c]) {
      if (start < 0) start = c;
    } else if (start >= 0) {
      out.push([start, c - 1]);
      start = -1;
    }
  }
  return out;
}

/** A second header row: all text, short, with a unit or a role word, and not recipients. */
function subHeaderLike(ctx: Ctx, r: number, c0: number, c1: number): boolean {
  const row = ctx.values[r];
  if (!row) return false;
  let n = 0;
  let words = 0;
  for (let c = c0; c <= c1; c++) {
    const v = row[c];
    if (v === null || v === undefined || v === '') continue;
    if (typeof v !== 'string' || v.length > 40) return false;
    const k = classify(v);
    if (k !== TEXT) return false;
    if (ctx.names.resolve(v)) return false;
    n++;
    const w = headerWord(v);
    if (w.role !== null || w.unit !== null || w.percent) words++;
  }
  return n >= 1 && words >= 1;
}

function readTable(ctx: Ctx, h: number, c0: number, c1: number, index: number): Table | null {
  const width = c1 - c0 + 1;
  const headers: string[] = [];
  for (let c = c0; c <= c1; c++) headers.push(text(mergedValueAt(ctx, h, c))?.trim() ?? '');
  let headerRows = 1;
  if (subHeaderLike(ctx, h + 1, c0, c1) && numbersFollow(ctx, h + 1, c0, c1, 2)) {
    for (let c = c0; c <= c1; c++) {
      const sub = text(mergedValueAt(ctx, h + 1, c))?.trim();
      if (sub) headers[c - c0] = headers[c - c0] ? `${headers[c - c0]} ${sub}` : sub;
    }
    headerRows = 2;
  }
  const first = h + headerRows;
  const cap = Math.max(0, ctx.nRows - first);
  const kinds: Uint8Array[] = [];
  const nums: Float64Array[] = [];
  const texts: Map<number, TextNumber>[] = [];
  for (let j = 0; j < width; j++) {
    kinds.push(new Uint8Array(cap));
    nums.push(new Float64Array(cap).fill(NaN));
    texts.push(new Map());
  }
  const rows = new Int32Array(cap);
  let n = 0;
  let blankRun = 0;
  let totalRow = -1;
  let endRow = first - 1;
  let anyNumber = false;
  const merged = ctx.merged;
  for (let r = first; r < ctx.nRows; r++) {
    const row = ctx.values[r];
    let nonBlank = 0;
    let numeric = 0;
    let firstText: string | null = null;
    if (row) {
      for (let j = 0; j < width; j++) {
        const c = c0 + j;
        let v = row[c];
        if (merged !== null && (v === null || v === undefined || v === '')) {
          // A label merged down over several rows belongs to each of them.
          const m = merged.get(r * KEY + c);
          if (m && m.col === c) {
            const top = ctx.values[m.row]?.[m.col];
            if (typeof top === 'string') v = top;
          }
        }
        const k = classify(v);
        kinds[j]![n] = k;
        if (k === BLANK) continue;
        nonBlank++;
        if (k === NUM) {
          nums[j]![n] = outNum;
          numeric++;
        } else if (k === TEXTNUM || k === APPROX) {
          nums[j]![n] = outNum;
          texts[j]!.set(n, outText!);
          numeric++;
        } else if (k === ERROR) numeric++;
        else if (k === TEXT && firstText === null) firstText = v as string;
      }
    }
    if (nonBlank === 0) {
      if (++blankRun >= 2) break;
      continue;
    }
    if (firstText !== null && isTotalText(firstText)) {
      totalRow = r;
      endRow = r;
      break;
    }
    if (numeric === 0) {
      // After a blank row, a row of text only is not the table's (a note under it); a new header ends it.
      if (blankRun > 0) break;
      if (headerLike(ctx, r, c0, c1, false) && numbersFollow(ctx, r, c0, c1, 2)) break;
    }
    blankRun = 0;
    if (numeric > 0) anyNumber = true;
    rows[n++] = r;
    endRow = r;
  }
  if (n === 0 || !anyNumber) return null;
  const len = n + (totalRow >= 0 ? 1 : 0);
  const columns: Column[] = [];
  for (let j = 0; j < width; j++) {
    const kind = kinds[j]!.slice(0, len);
    const num = nums[j]!.slice(0, len);
    let numeric = 0;
    let textual = 0;
    for (let i = 0; i < n; i++) {
      const k = kind[i]!;
      if (k === NUM || k === TEXTNUM || k === APPROX) numeric++;
      else if (k === TEXT) textual++;
    }
    const header = headers[j] ?? '';
    columns.push({
      col: c0 + j,
      header,
      word: headerWord(header),
      role: 'number',
      unit: 'kr',
      percentPoints: false,
      kind,
      num,
      texts: texts[j]!,
      numeric,
      textual,
    });
  }
  const table: Table = {
    sheet: ctx.grid.sheet,
    index,
    headerRow: h,
    headerRows,
    left: c0,
    right: c1,
    title: '',
    titleAt: null,
    rows: rows.slice(0, n),
    totalRow,
    totalIndex: totalRow >= 0 ? n : -1,
    columns,
    recipientCol: null,
    labelCol: null,
    recipientKind: null,
    recipients: [],
    endRow,
    hiddenRows: ctx.hidden,
  };
  assignRoles(ctx, table);
  findTitle(ctx, table);
  // "Belopp i Mkr" / "(tkr)" in the title: the unit of amount columns that name none of their own.
  const said = /\b(?:i|in)\s+(mkr|mnkr|msek|miljoner kronor|tkr|tsek|ksek|tusental kronor|tusen kronor)\b|\((mkr|tkr)\)/i.exec(table.title);
  if (said) {
    const u: Unit = /^(?:t|k)|tusen/i.test(said[1] ?? said[2] ?? '') ? 'tkr' : 'mkr';
    for (const col of table.columns) {
      if (col.role !== 'amount' || col.word.unit !== null || col.unit !== 'kr') continue;
      let format = 'General';
      for (let i = 0; i < table.rows.length; i++) if (col.kind[i] === NUM) {
        format = ctx.formats[table.rows[i]!]?.[col.col] ?? 'General';
        break;
      }
      if (unitOfFormat(format) === null) col.unit = u;
    }
  }
  return table;
}

const CODE_HEADERS = new Set(['kod', 'code', 'lanskod', 'lan kod', 'lankod', 'lansnummer', 'lanskod nr', 'id']);

function assignRoles(ctx: Ctx, t: Table): void {
  const n = t.rows.length;
  let best: { col: Column; hits: (Recipient | null)[]; count: number } | null = null;
  for (const col of t.columns) {
    const role = col.word.role;
    const mostlyText = col.textual > col.numeric;
    if (role === 'prem') {
      col.role = 'prem';
      continue;
    }
    // A code column ("Kod", "Län" with "01", "rcc-norr") labels its rows; its "01" are not numbers to add up.
    if (CODE_HEADERS.has(col.word.key)) {
      col.role = 'label';
      continue;
    }
    if (mostlyText || role === 'recipient' || role === 'label') {
      if (col.textual === 0) {
        col.role = 'number';
        continue;
      }
      // Recipients: most of the column's texts name a region, an RCC or an organisation.
      const hits: (Recipient | null)[] = new Array(n).fill(null);
      let count = 0;
      for (let i = 0; i < n; i++) {
        if (col.kind[i] !== TEXT) continue;
        const v = mergedValueAt(ctx, t.rows[i]!, col.col);
        if (typeof v !== 'string') continue;
        const hit = ctx.names.resolve(v.trim());
        hits[i] = hit;
        if (hit) count++;
      }
      col.role = 'label';
      if (count > 0 && count * 2 >= col.textual && (!best || count > best.count)) best = { col, hits, count };
      continue;
    }
    col.role = role === 'population' || role === 'share' || role === 'amount' || role === 'inclusion' || role === 'leadtime' ? role : 'number';
    // Whole kronor under an SVF's name ("SVF bröstcancer") or under a percentage word but far above 100: money.
    if ((col.role === 'number' && col.word.svf !== null) || col.role === 'inclusion' || col.role === 'leadtime') {
      let whole = 0;
      let big = 0;
      let numbers = 0;
      for (let i = 0; i < n; i++) {
        if (col.kind[i] !== NUM) continue;
        numbers++;
        const v = col.num[i]!;
        if (Number.isInteger(v)) whole++;
        if (Math.abs(v) > 100) big++;
      }
      if (numbers > 0 && whole === numbers && big * 2 > numbers && !col.word.percent) col.role = 'amount';
    }
  }
  if (best) {
    best.col.role = 'recipient';
    t.recipientCol = best.col;
    t.recipients = best.hits;
    let regions = 0;
    let rcc = 0;
    for (const h of best.hits) {
      if (h?.kind === 'region') regions++;
      else if (h?.kind === 'rcc') rcc++;
    }
    t.recipientKind = regions >= rcc ? (regions > 0 ? 'regions' : null) : 'rcc';
  } else t.recipients = new Array(n).fill(null);
  t.labelCol = t.columns.find((c) => c.role === 'label') ?? t.recipientCol;

  // Units and percent scales.
  for (const col of t.columns) {
    let format = 'General';
    for (let i = 0; i < n; i++) {
      if (col.kind[i] === NUM) {
        format = ctx.formats[t.rows[i]!]?.[col.col] ?? 'General';
        break;
      }
    }
    if (col.role === 'amount' || col.role === 'number') {
      const u = col.word.unit ?? unitOfFormat(format);
      if (u) {
        col.unit = u;
        if (col.role === 'number') col.role = 'amount';
      }
    }
    if (col.role === 'share' || col.role === 'inclusion' || col.role === 'leadtime') {
      if (!formatIsPercent(format)) {
        let max = 0;
        for (let i = 0; i < n; i++) {
          const k = col.kind[i];
          if (k === NUM || ((k === TEXTNUM || k === APPROX) && !col.texts.get(i)?.percent)) max = Math.max(max, Math.abs(col.num[i]!));
        }
        col.percentPoints = max > 1 && max <= 100;
      }
    }
  }
}

/** The title: the nearest text in the few rows above the header, over or near the table's columns. */
function findTitle(ctx: Ctx, t: Table): void {
  for (let r = t.headerRow - 1; r >= 0 && r >= t.headerRow - 4; r--) {
    const row = ctx.values[r];
    if (!row) continue;
    let best: { col: number; text: string } | null = null;
    let other = false;
    for (let c = Math.max(0, t.left - 1); c <= t.right + 1 && c < row.length; c++) {
      if (ctx.consumed[c]! >= r) continue;
      const v = row[c];
      if (v === null || v === undefined || v === '') continue;
      if (typeof v !== 'string' || classify(v) !== TEXT) {
        other = true;
        continue;
      }
      if (!best || v.length > best.text.length) best = { col: c, text: v.trim() };
    }
    if (best && best.text.length >= 4) {
      t.title = best.text;
      t.titleAt = { row: r, col: best.col };
      return;
    }
    if (other) return;
  }
}

/** A value cell of a label–value pair as words the prose reader understands, or null (text is read on its own). */
function valueText(v: CellValue, format: string): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) {
    if (isDateFormat(format)) return excelSerialToIso(v);
    if (formatIsPercent(format)) return `${formatNumber(v * 100, Number.isInteger(v * 100) ? 0 : 1, 'sv')} %`;
    if (isYear(v)) return null;
    const u = unitOfFormat(format);
    return `${formatNumber(v, Number.isInteger(v) ? 0 : 2, 'sv')}${u === 'mkr' ? ' mkr' : u === 'tkr' ? ' tkr' : Number.isInteger(v) && Math.abs(v) >= 1000 ? ' kronor' : ''}`;
  }
  if (typeof v === 'string' && v.length <= 40 && hasDigit(v)) return v.trim();
  return null;
}

/** Find the tables, the free texts and the error values of a grid. */
export function scanGrid(grid: Grid, names: Names): Scan {
  const values = grid.values;
  const nRows = values.length;
  let nCols = 0;
  let cells = 0;
  for (const row of values) {
    if (!row) continue;
    cells += row.length;
    if (row.length > nCols) nCols = row.length;
  }
  const ctx: Ctx = {
    grid,
    values,
    formats: grid.numberFormats ?? [],
    nRows,
    nCols,
    names,
    merged: buildMerged(grid),
    hidden: new Set((grid.hiddenRows ?? []).map((r) => r - grid.top)),
    consumed: new Int32Array(nCols).fill(-1),
  };
  const tables: Table[] = [];
  const texts: TextCell[] = [];
  const headers: TextCell[] = [];
  const errors: TextCell[] = [];
  let minConsumed = -1;
  for (let r = 0; r < nRows; r++) {
    if (r <= minConsumed) {
      r = minConsumed;
      continue;
    }
    const row = values[r];
    if (!row || row.length === 0) continue;
    let started = false;
    // The whole row is only a first screen (a side note with a figure beside the header must not hide
    // the table); each column run under it must be a header on its own.
    if (headerLike(ctx, r, 0, row.length - 1, true, true)) {
      for (const [c0, c1] of segments(ctx, r)) {
        if (!headerLike(ctx, r, c0, c1, true) || !numbersFollow(ctx, r + 1, c0, c1, 2) && !numbersFollow(ctx, r, c0, c1, 3)) continue;
        const t = readTable(ctx, r, c0, c1, tables.length);
        if (!t) continue;
        tables.push(t);
        started = true;
        for (let c = c0; c <= c1; c++) {
          ctx.consumed[c] = t.endRow;
          const h = text(mergedValueAt(ctx, r, c));
          if (h) headers.push({ row: r, col: c, text: h });
        }
        if (t.headerRows === 2) for (let c = c0; c <= c1; c++) {
          const h = text(valueAt(ctx, r + 1, c));
          if (h) headers.push({ row: r + 1, col: c, text: h });
        }
      }
      // Rows every column of which is inside a table are skipped whole. (A table's title stays in
      // the free texts: titles state facts too, "Fördelning av 185 miljoner kronor …".)
      if (started) minConsumed = nCols > 0 ? ctx.consumed.reduce((a, b) => Math.min(a, b), Infinity) : -1;
    }
    // Free cells of this row (not in a table): texts and error values.
    for (let c = 0; c < row.length; c++) {
      if (ctx.consumed[c]! >= r) continue;
      const v = row[c];
      if (typeof v !== 'string' || v === '') continue;
      const c0 = v.charCodeAt(0);
      if (c0 === 35 && isErrorText(v)) {
        errors.push({ row: r, col: c, text: v.trim() });
        continue;
      }
      if (v.trim() === '') continue;
      texts.push({ row: r, col: c, text: v });
      // A label–value pair ("SVF totalt 2026 | 375 000 000", "Redovisning senast | 31 oktober 2026"):
      // the label and the value beside it (within two columns) are read as one statement, at the value's cell.
      if (v.length <= 80 && classify(v) === TEXT) {
        for (let d = 1; d <= 2 && c + d < row.length; d++) {
          if (ctx.consumed[c + d]! >= r) break;
          const w = row[c + d];
          if (w === null || w === undefined || w === '') continue;
          const said = valueText(w, ctx.formats[r]?.[c + d] ?? 'General');
          // A date beside its label is the date the label is about ("Återbetalning … | 30 april 2027": by then).
          const label = v.trim().replace(/[:：]$/, '');
          const dated = typeof w === 'number' && isDateFormat(ctx.formats[r]?.[c + d] ?? 'General') && !/\b(?:senast|by|before|innan|före)\b/i.test(label);
          if (said !== null) texts.push({ row: r, col: c + d, text: `${label}${dated ? ' senast' : ''} ${said}` });
          break;
        }
      }
    }
  }
  return { grid, tables, texts, headers, errors, cells };
}

export type { Svf };
