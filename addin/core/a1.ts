/**
 * A1 addresses, the one module: "D7", "A1:C3", "'Blad 1'!A1:B2", whole columns "A:C" and
 * rows "2:5". Coordinates are 0-based. Used by the engine (parse, audit), the workbook
 * adapters (memory workbook, fake Excel host, Office adapter, .xlsx bridge) and the pane.
 *
 * Two kinds of helper, by what they do with bad input:
 * - total ones never throw: builders return '' and parsers return null
 *   (colName, colIndex, a1, rangeA1, parseA1, parseRangeRef) — for text from users' files;
 * - strict ones throw a RangeError (cellAddress, rectAddress, parseCell, parseRange) —
 *   for addresses the product itself builds or Excel returns.
 */

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384; // A … XFD

export interface CellRef {
  row: number; // 0-based
  col: number; // 0-based
  sheet?: string;
}

/** A range as the parse helpers give it (0-based, ordered, optional sheet). */
export interface RangeRef {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
  sheet?: string;
}

/** A rectangle of cells, 0-based, inclusive (what the workbook adapters use). */
export interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const okRow = (r: number): boolean => Number.isInteger(r) && r >= 0 && r < MAX_ROWS;
const okCol = (c: number): boolean => Number.isInteger(c) && c >= 0 && c < MAX_COLS;

/** 0 → 'A', 25 → 'Z', 26 → 'AA', 16383 → 'XFD'; '' when out of Excel's range. */
export function colName(col0: number): string {
  if (!okCol(col0)) return '';
  let n = col0 + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** 'A' → 0, 'AA' → 26 (any case); null when not a column within A … XFD. */
export function colIndex(name: string): number | null {
  if (!/^[A-Za-z]{1,3}$/.test(name)) return null;
  let n = 0;
  for (const ch of name.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return okCol(n - 1) ? n - 1 : null;
}

/** colName that throws a RangeError out of Excel's range. */
function strictColName(col: number): string {
  const name = colName(col);
  if (name === '') throw new RangeError(`column out of range: ${col}`);
  return name;
}

/** colIndex that throws a RangeError on anything that is not a column. */
function strictColIndex(name: string): number {
  const i = colIndex(name);
  if (i === null) throw new RangeError(`bad column: ${name}`);
  return i;
}

/** a1(6, 3) → 'D7'; '' when out of range. */
export function a1(row0: number, col0: number): string {
  if (!okRow(row0) || !okCol(col0)) return '';
  return `${colName(col0)}${row0 + 1}`;
}

/** Quote a sheet name for an address the way Excel does ('My sheet'!A1). */
export function quoteSheet(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !/^[A-Za-z]{1,3}\d+$/.test(sheet)
    ? sheet
    : `'${sheet.replace(/'/g, "''")}'`;
}

/** rangeA1(0, 0, 25, 4) → 'A1:E26'; one cell when both corners are equal; corners are ordered; '' when out of range. */
export function rangeA1(r1: number, c1: number, r2: number, c2: number, sheet?: string): string {
  if (!okRow(r1) || !okRow(r2) || !okCol(c1) || !okCol(c2)) return '';
  const top = Math.min(r1, r2);
  const bottom = Math.max(r1, r2);
  const left = Math.min(c1, c2);
  const right = Math.max(c1, c2);
  const body = top === bottom && left === right ? a1(top, left) : `${a1(top, left)}:${a1(bottom, right)}`;
  return sheet === undefined ? body : `${quoteSheet(sheet)}!${body}`;
}

/** 'D7' for row 6, col 3; throws a RangeError when the column is out of range. */
export function cellAddress(row: number, col: number): string {
  return `${strictColName(col)}${row + 1}`;
}

/** 'A1:C3' for a rectangle, 'D7' for one cell; throws like cellAddress. */
export function rectAddress(r: Rect): string {
  const a = cellAddress(r.top, r.left);
  return r.top === r.bottom && r.left === r.right ? a : `${a}:${cellAddress(r.bottom, r.right)}`;
}

/** Split "Sheet!A1:B2" into sheet (unquoted) and the local part; never fails (no '!' → sheet null). */
export function splitSheet(address: string): { sheet: string | null; local: string } {
  const i = address.lastIndexOf('!');
  if (i < 0) return { sheet: null, local: address };
  let sheet = address.slice(0, i);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, local: address.slice(i + 1) };
}

/** A sheet prefix read strictly (`Blad1!A1`, `'Blad 1'!A1`): null when the prefix is malformed. */
function sheetPrefix(s: string): { sheet?: string; rest: string } | null {
  const quoted = /^'((?:[^']|'')+)'!(.*)$/.exec(s);
  if (quoted) return { sheet: (quoted[1] ?? '').replace(/''/g, "'"), rest: quoted[2] ?? '' };
  const i = s.lastIndexOf('!');
  if (i < 0) return { rest: s };
  const sheet = s.slice(0, i);
  if (sheet === '' || /['!]/.test(sheet)) return null;
  return { sheet, rest: s.slice(i + 1) };
}

/** A cell as users write it: row 1 … 1 048 576 without leading zeros. */
function userCell(s: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})$/.exec(s);
  if (!m) return null;
  const col = colIndex(m[1] ?? '');
  const row = Number(m[2]) - 1;
  if (col === null || !okRow(row)) return null;
  return { row, col };
}

/** 'D7' → { row: 6, col: 3 }; accepts `$D$7`, lower case and a sheet prefix; null otherwise. */
export function parseA1(input: unknown): CellRef | null {
  if (typeof input !== 'string') return null;
  const sp = sheetPrefix(input.trim());
  if (!sp) return null;
  const cell = userCell(sp.rest);
  if (!cell) return null;
  return sp.sheet === undefined ? cell : { ...cell, sheet: sp.sheet };
}

/**
 * 'A1:C3' → { r1: 0, c1: 0, r2: 2, c2: 2 } (ordered); a single cell 'B2' gives r1 = r2, c1 = c2;
 * a sheet prefix is kept. Cells only (no whole columns or rows); null on anything else.
 */
export function parseRangeRef(input: unknown): RangeRef | null {
  if (typeof input !== 'string') return null;
  const sp = sheetPrefix(input.trim());
  if (!sp) return null;
  const parts = sp.rest.split(':');
  if (parts.length < 1 || parts.length > 2) return null;
  const a = userCell(parts[0] ?? '');
  const b = parts.length === 2 ? userCell(parts[1] ?? '') : a;
  if (!a || !b) return null;
  const r: RangeRef = {
    r1: Math.min(a.row, b.row),
    c1: Math.min(a.col, b.col),
    r2: Math.max(a.row, b.row),
    c2: Math.max(a.col, b.col),
  };
  if (sp.sheet !== undefined) r.sheet = sp.sheet;
  return r;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;
const COL = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?([0-9]{1,7})$/;

/**
 * A local A1 reference ("D7", "A1:C3", whole columns "A:C", whole rows "2:5", no sheet
 * prefix) → a rectangle. Throws a RangeError on anything else or out of Excel's range.
 */
export function parseRange(local: string): Rect {
  const parts = local.trim().split(':');
  if (parts.length > 2 || parts.length === 0) throw new RangeError(`bad address: ${local}`);
  const [p, q = parts[0]!] = parts as [string, string?];
  const a = CELL.exec(p);
  const b = CELL.exec(q);
  if (a && b) {
    const r1 = Number(a[2]) - 1, r2 = Number(b[2]) - 1;
    const c1 = strictColIndex(a[1]!), c2 = strictColIndex(b[1]!);
    return check({ top: Math.min(r1, r2), bottom: Math.max(r1, r2), left: Math.min(c1, c2), right: Math.max(c1, c2) }, local);
  }
  if (parts.length === 2) {
    const ca = COL.exec(p), cb = COL.exec(q);
    if (ca && cb) {
      const c1 = strictColIndex(ca[1]!), c2 = strictColIndex(cb[1]!);
      return check({ top: 0, bottom: MAX_ROWS - 1, left: Math.min(c1, c2), right: Math.max(c1, c2) }, local);
    }
    const ra = ROW.exec(p), rb = ROW.exec(q);
    if (ra && rb) {
      const r1 = Number(ra[1]) - 1, r2 = Number(rb[1]) - 1;
      return check({ top: Math.min(r1, r2), bottom: Math.max(r1, r2), left: 0, right: MAX_COLS - 1 }, local);
    }
  }
  throw new RangeError(`bad address: ${local}`);
}

function check(r: Rect, src: string): Rect {
  if (r.top < 0 || r.left < 0 || r.bottom >= MAX_ROWS || r.right >= MAX_COLS) throw new RangeError(`address out of range: ${src}`);
  return r;
}

/** A single local cell ("D7") → 0-based row/col; throws a RangeError otherwise. */
export function parseCell(a1: string): { row: number; col: number } {
  const m = CELL.exec(a1.trim());
  if (!m) throw new RangeError(`bad cell address: ${a1}`);
  const row = Number(m[2]) - 1;
  const col = strictColIndex(m[1]!);
  check({ top: row, left: col, bottom: row, right: col }, a1);
  return { row, col };
}
