/**
 * A1 addresses: "D7", "A1:C3", "Sheet 1!A1:B2", whole columns "A:C" and rows "2:5".
 * Pure helpers shared by the memory workbook, the fake Excel host and the adapters.
 * Coordinates are 0-based. Column names and sheet quoting come from the parse
 * module (one implementation); these variants throw where it returns ''/null.
 */
import { colIndex as lenientColIndex, colName as lenientColName, quoteSheet } from '../core/a1';

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** A rectangle of cells, 0-based, inclusive. */
export interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** 0 → 'A'; throws RangeError out of Excel's range (the parse module's colName gives '' instead). */
export function colName(col: number): string {
  const name = lenientColName(col);
  if (name === '') throw new RangeError(`column out of range: ${col}`);
  return name;
}

/** 'A' → 0; throws RangeError on anything that is not a column (the parse module's colIndex gives null). */
export function colIndex(name: string): number {
  const i = lenientColIndex(name);
  if (i === null) throw new RangeError(`bad column: ${name}`);
  return i;
}

export function cellAddress(row: number, col: number): string {
  return `${colName(col)}${row + 1}`;
}

export function rectAddress(r: Rect): string {
  const a = cellAddress(r.top, r.left);
  return r.top === r.bottom && r.left === r.right ? a : `${a}:${cellAddress(r.bottom, r.right)}`;
}

export { quoteSheet };

/** Split "Sheet!A1:B2" into sheet (unquoted) and the local part. */
export function splitSheet(address: string): { sheet: string | null; local: string } {
  const i = address.lastIndexOf('!');
  if (i < 0) return { sheet: null, local: address };
  let sheet = address.slice(0, i);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, local: address.slice(i + 1) };
}

const CELL = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;
const COL = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?([0-9]{1,7})$/;

/** Parse a local A1 reference ("D7", "A1:C3", "A:C", "2:5") into a rectangle. Throws on nonsense. */
export function parseRange(local: string): Rect {
  const parts = local.trim().split(':');
  if (parts.length > 2 || parts.length === 0) throw new RangeError(`bad address: ${local}`);
  const [p, q = parts[0]!] = parts as [string, string?];
  const a = CELL.exec(p);
  const b = CELL.exec(q);
  if (a && b) {
    const r1 = Number(a[2]) - 1, r2 = Number(b[2]) - 1;
    const c1 = colIndex(a[1]!), c2 = colIndex(b[1]!);
    return check({ top: Math.min(r1, r2), bottom: Math.max(r1, r2), left: Math.min(c1, c2), right: Math.max(c1, c2) }, local);
  }
  if (parts.length === 2) {
    const ca = COL.exec(p), cb = COL.exec(q);
    if (ca && cb) {
      const c1 = colIndex(ca[1]!), c2 = colIndex(cb[1]!);
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

/** Parse a single cell ("D7") to 0-based row/col. */
export function parseCell(a1: string): { row: number; col: number } {
  const m = CELL.exec(a1.trim());
  if (!m) throw new RangeError(`bad cell address: ${a1}`);
  const row = Number(m[2]) - 1;
  const col = colIndex(m[1]!);
  check({ top: row, left: col, bottom: row, right: col }, a1);
  return { row, col };
}

/** UTF-8 byte length of a string (what goes over the wire). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** UTF-8 size of a value's JSON. */
export function jsonBytes(x: unknown): number {
  const s = JSON.stringify(x);
  return s === undefined ? 0 : utf8Length(s);
}
