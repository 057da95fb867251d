/**
 * The one A1 module (addin/core/a1.ts) replaced two: parse/address.ts (total: '' / null)
 * and workbook/a1.ts (strict: throws). Where the two read the same text differently, each
 * caller keeps the reading it had: the workbook adapters parse with parseRange (whole
 * columns and rows, leading zeros, no sheet prefix, throws), the engine and users' text
 * with parseRangeRef / parseA1 (cells only, a sheet prefix, null).
 */
import { describe, expect, it } from 'vitest';
import { a1, cellAddress, colIndex, colName, MAX_COLS, MAX_ROWS, parseA1, parseCell, parseRange, parseRangeRef, rangeA1, rectAddress } from '../../addin/core/a1';

describe('one A1 module, both readings kept where they differed', () => {
  it('one MAX_ROWS and MAX_COLS, Excel’s', () => {
    expect(MAX_ROWS).toBe(1_048_576);
    expect(MAX_COLS).toBe(16_384);
    expect(a1(MAX_ROWS - 1, MAX_COLS - 1)).toBe('XFD1048576');
    expect(a1(MAX_ROWS, 0)).toBe('');
    expect(() => parseRange(`A1:A${MAX_ROWS + 1}`)).toThrow(RangeError);
    expect(parseRangeRef(`A1:A${MAX_ROWS + 1}`)).toBe(null);
  });

  it('whole columns and rows: a rectangle for the adapters, null for users’ text', () => {
    expect(parseRange('A:C')).toEqual({ top: 0, bottom: MAX_ROWS - 1, left: 0, right: 2 });
    expect(parseRange('2:5')).toEqual({ top: 1, bottom: 4, left: 0, right: MAX_COLS - 1 });
    expect(parseRangeRef('A:C')).toBe(null);
    expect(parseRangeRef('2:5')).toBe(null);
  });

  it('a sheet prefix: kept by parseRangeRef, refused by parseRange (callers split it off first)', () => {
    expect(parseRangeRef("'Blad 1'!A1:B2")).toEqual({ r1: 0, c1: 0, r2: 1, c2: 1, sheet: 'Blad 1' });
    expect(() => parseRange("'Blad 1'!A1:B2")).toThrow(RangeError);
  });

  it('a leading zero in the row: read by the adapters, refused in users’ text', () => {
    expect(parseRange('A01')).toEqual({ top: 0, bottom: 0, left: 0, right: 0 });
    expect(parseCell('A01')).toEqual({ row: 0, col: 0 });
    expect(parseRangeRef('A01')).toBe(null);
    expect(parseA1('A01')).toBe(null);
  });

  it('bad input: strict helpers throw, total ones give null or an empty string', () => {
    for (const bad of ['', 'A0', 'XFE1', 'A1:B2:C3', 'D 7']) {
      expect(() => parseRange(bad), bad).toThrow(RangeError);
      expect(parseRangeRef(bad), bad).toBe(null);
    }
    expect(colName(MAX_COLS)).toBe('');
    expect(colIndex('XFE')).toBe(null);
    expect(() => cellAddress(0, MAX_COLS)).toThrow(RangeError);
    expect(rangeA1(0, 0, 0, MAX_COLS)).toBe('');
  });

  it('the two builders agree inside Excel’s grid', () => {
    for (const [r, c] of [[0, 0], [6, 3], [MAX_ROWS - 1, MAX_COLS - 1], [99, 701]] as const) {
      expect(cellAddress(r, c)).toBe(a1(r, c));
      expect(rectAddress({ top: 0, left: 0, bottom: r, right: c })).toBe(rangeA1(0, 0, r, c));
    }
  });
});
