import { describe, expect, it } from 'vitest';
import { a1, colIndex, colName, parseA1, parseRangeRef, rangeA1 } from '../../addin/core/a1';

describe('A1 addresses', () => {
  it('column names', () => {
    expect(colName(0)).toBe('A');
    expect(colName(25)).toBe('Z');
    expect(colName(26)).toBe('AA');
    expect(colName(51)).toBe('AZ');
    expect(colName(52)).toBe('BA');
    expect(colName(701)).toBe('ZZ');
    expect(colName(702)).toBe('AAA');
    expect(colName(16383)).toBe('XFD');
    expect(colName(16384)).toBe('');
    expect(colName(-1)).toBe('');
    expect(colName(1.5)).toBe('');
    expect(colIndex('xfd')).toBe(16383);
    expect(colIndex('XFE')).toBe(null);
    expect(colIndex('A1')).toBe(null);
  });
  it('cells', () => {
    expect(a1(6, 3)).toBe('D7');
    expect(a1(0, 0)).toBe('A1');
    expect(a1(-1, 0)).toBe('');
    expect(a1(1_048_576, 0)).toBe('');
    expect(parseA1('D7')).toEqual({ row: 6, col: 3 });
    expect(parseA1('$d$7')).toEqual({ row: 6, col: 3 });
    expect(parseA1(' XFD1048576 ')).toEqual({ row: 1_048_575, col: 16_383 });
    expect(parseA1("'Blad 1'!B2")).toEqual({ row: 1, col: 1, sheet: 'Blad 1' });
    expect(parseA1("'It''s'!B2")).toEqual({ row: 1, col: 1, sheet: "It's" });
    expect(parseA1('Indata!B2')).toEqual({ row: 1, col: 1, sheet: 'Indata' });
    for (const bad of ['', 'A0', 'A', '7', 'D7:E8', 'XFE1', 'A1048577', 'A01', '!A1', 'D 7', null, 7, {}]) {
      expect(parseA1(bad), String(bad)).toBe(null);
    }
  });
  it('ranges', () => {
    expect(rangeA1(0, 0, 25, 4)).toBe('A1:E26');
    expect(rangeA1(25, 4, 0, 0)).toBe('A1:E26');
    expect(rangeA1(6, 3, 6, 3)).toBe('D7');
    expect(rangeA1(0, 0, 1, 1, 'Blad 1')).toBe("'Blad 1'!A1:B2");
    expect(rangeA1(0, 0, 1, 1, 'Indata')).toBe('Indata!A1:B2');
    expect(rangeA1(0, 0, -1, 1)).toBe('');
    expect(parseRangeRef('A1:C3')).toEqual({ r1: 0, c1: 0, r2: 2, c2: 2 });
    expect(parseRangeRef('C3:A1')).toEqual({ r1: 0, c1: 0, r2: 2, c2: 2 });
    expect(parseRangeRef('B2')).toEqual({ r1: 1, c1: 1, r2: 1, c2: 1 });
    expect(parseRangeRef("'Blad 1'!$A$1:$E$26")).toEqual({ r1: 0, c1: 0, r2: 25, c2: 4, sheet: 'Blad 1' });
    for (const bad of ['', 'A1:', ':A1', 'A1:B2:C3', 'A:C', '1:3', 'A1-B2', undefined]) {
      expect(parseRangeRef(bad), String(bad)).toBe(null);
    }
  });
});
