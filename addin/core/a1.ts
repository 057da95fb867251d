/**
 * A1 addresses, 0-based rows and columns. Nothing here throws: builders return ''
 * and parsers return null on bad input.
 */

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384; // A … XFD

export interface CellRef {
  row: number; // 0-based
  col: number; // 0-based
  sheet?: string;
}

export interface RangeRef {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
  sheet?: string;
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

/** rangeA1(0, 0, 25, 4) → 'A1:E26'; one cell when both corners are equal; corners are ordered. */
export function rangeA1(r1: number, c1: number, r2: number, c2: number, sheet?: string): string {
  if (!okRow(r1) || !okRow(r2) || !okCol(c1) || !okCol(c2)) return '';
  const top = Math.min(r1, r2);
  const bottom = Math.max(r1, r2);
  const left = Math.min(c1, c2);
  const right = Math.max(c1, c2);
  const body = top === bottom && left === right ? a1(top, left) : `${a1(top, left)}:${a1(bottom, right)}`;
  return sheet === undefined ? body : `${quoteSheet(sheet)}!${body}`;
}

/** Split off an optional sheet prefix: `Blad1!A1`, `'Blad 1'!A1`. */
function splitSheet(s: string): { sheet?: string; rest: string } | null {
  const quoted = /^'((?:[^']|'')+)'!(.*)$/.exec(s);
  if (quoted) return { sheet: (quoted[1] ?? '').replace(/''/g, "'"), rest: quoted[2] ?? '' };
  const i = s.lastIndexOf('!');
  if (i < 0) return { rest: s };
  const sheet = s.slice(0, i);
  if (sheet === '' || /['!]/.test(sheet)) return null;
  return { sheet, rest: s.slice(i + 1) };
}

function parseCell(s: string): { row: number; col: number } | null {
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
  const sp = splitSheet(input.trim());
  if (!sp) return null;
  const cell = parseCell(sp.rest);
  if (!cell) return null;
  return sp.sheet === undefined ? cell : { ...cell, sheet: sp.sheet };
}

/** 'A1:C3' → { r1: 0, c1: 0, r2: 2, c2: 2 } (ordered); a single cell 'B2' gives r1 = r2, c1 = c2. */
export function parseRange(input: unknown): RangeRef | null {
  if (typeof input !== 'string') return null;
  const sp = splitSheet(input.trim());
  if (!sp) return null;
  const parts = sp.rest.split(':');
  if (parts.length < 1 || parts.length > 2) return null;
  const a = parseCell(parts[0] ?? '');
  const b = parts.length === 2 ? parseCell(parts[1] ?? '') : a;
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
