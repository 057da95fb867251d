import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { formatKr, formatMkr, formatNumber, formatPercent, NBSP } from '../../addin/engine/parse';

const sp = (s: string) => s.replace(/ /g, NBSP); // write expectations with plain spaces

describe('formatNumber', () => {
  it('groups with NBSP and uses a decimal comma (sv)', () => {
    expect(formatNumber(new Decimal('42569204'))).toBe(sp('42 569 204'));
    expect(formatNumber(new Decimal('-1234.5'), 2)).toBe(sp('-1 234,50'));
    expect(formatNumber('1005000000')).toBe(sp('1 005 000 000'));
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(1000)).toBe(sp('1 000'));
    expect(formatNumber(0.23, 2)).toBe('0,23');
    expect(formatNumber(0)).toBe('0');
  });
  it('the separator is U+00A0, not an ordinary space', () => {
    expect(formatNumber(1000)).toBe('1\u00A0000');
    expect(formatNumber(1000)).not.toContain(' ');
  });
  it('English: comma thousands, dot decimals', () => {
    expect(formatNumber(new Decimal('42569204'), 0, 'en')).toBe('42,569,204');
    expect(formatNumber(new Decimal('-1234.5'), 2, 'en')).toBe('-1,234.50');
  });
  it('rounds half up (away from zero) on the Decimal', () => {
    expect(formatNumber('2.5')).toBe('3');
    expect(formatNumber('-2.5')).toBe('-3');
    expect(formatNumber('1.005', 2)).toBe('1,01'); // a float would give 1.00
    expect(formatNumber(1.005, 2)).toBe('1,01');
    expect(formatNumber('0.125', 2)).toBe('0,13');
    expect(formatNumber('2.4999')).toBe('2');
  });
  it('never shows a negative zero', () => {
    expect(formatNumber('-0.4')).toBe('0');
    expect(formatNumber('-0.004', 2)).toBe('0,00');
    expect(formatNumber(-0)).toBe('0');
  });
  it('refuses non-numbers loudly', () => {
    expect(() => formatNumber(NaN)).toThrow(RangeError);
    expect(() => formatNumber(Infinity)).toThrow(RangeError);
    expect(() => formatNumber('abc')).toThrow(RangeError);
    expect(() => formatNumber(1, -1)).toThrow(RangeError);
    expect(() => formatNumber(1, 1.5)).toThrow(RangeError);
  });
});

describe('formatKr, formatPercent, formatMkr', () => {
  it('kronor', () => {
    expect(formatKr(new Decimal('42569204'))).toBe(sp('42 569 204 kr'));
    expect(formatKr(new Decimal('42569204.5'))).toBe(sp('42 569 205 kr'));
    expect(formatKr(-1234)).toBe(sp('-1 234 kr'));
    expect(formatKr(new Decimal('42569204'), 'en')).toBe(`42,569,204${NBSP}kr`);
  });
  it('percent', () => {
    expect(formatPercent(new Decimal('0.725'))).toBe(sp('72,5 %'));
    expect(formatPercent(0.7)).toBe(sp('70,0 %'));
    expect(formatPercent('0.69995', 2)).toBe(sp('70,00 %'));
    expect(formatPercent(new Decimal('0.6999'), 2)).toBe(sp('69,99 %'));
    expect(formatPercent(1, 0)).toBe(sp('100 %'));
    expect(formatPercent(0.725, 1, 'en')).toBe('72.5%');
  });
  it('Mkr', () => {
    expect(formatMkr(new Decimal('4600000'))).toBe(sp('4,6 Mkr'));
    expect(formatMkr(new Decimal('1005000000'))).toBe(sp('1 005,0 Mkr'));
    expect(formatMkr(new Decimal('4650000'))).toBe(sp('4,7 Mkr'));
    expect(formatMkr(new Decimal('4600000'), 1, 'en')).toBe(`4.6${NBSP}Mkr`);
  });
});
