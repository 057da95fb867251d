import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { parseAmount, parseBoolean, parseNumber, parsePercent, unitFactor, type Unit } from '../../addin/engine/parse';

/** Expect an ok parse with exactly this value (as a Decimal string), unit, approx and percent. */
function num(input: unknown, value: string, extra: { unit?: Unit; approx?: boolean; percent?: boolean } = {}, lang?: 'sv' | 'en') {
  const p = parseNumber(input, lang ? { lang } : {});
  const label = typeof input === 'string' ? JSON.stringify(input) : String(input);
  expect(p.ok, `${String(input)} → ${p.ok ? '' : p.reason}`).toBe(true);
  if (!p.ok) return;
  expect(Decimal.isDecimal(p.value)).toBe(true);
  expect(p.value.toFixed(), label).toBe(new Decimal(value).toFixed());
  expect(p.unit, label).toBe(extra.unit);
  expect(p.approx === true, label).toBe(extra.approx === true);
  expect(p.percent === true, label).toBe(extra.percent === true);
}

function fail(input: unknown, reason: string, lang?: 'sv' | 'en') {
  const p = parseNumber(input, lang ? { lang } : {});
  expect(p, String(input)).toMatchObject({ ok: false, reason });
}

describe('parseNumber: the Swedish forms', () => {
  it('thousands separators: space, NBSP, narrow NBSP, thin space', () => {
    num('2 374 550', '2374550');
    num('2\u00A0374\u00A0550', '2374550');
    num('2\u202F374\u202F550', '2374550');
    num('2\u2009374\u2009550', '2374550');
    num('  2  374\t550 ', '2374550');
    num('1 005', '1005');
    num('2374550', '2374550');
  });
  it('decimal comma and decimal point', () => {
    num('0,23', '0.23');
    num('1 234,50', '1234.5');
    num('72.5', '72.5');
    num('1.234', '1.234'); // one dot is a decimal point, even with 3 digits after it
    num('1,234', '1.234'); // one comma is a decimal comma
    num(',5', '0.5');
  });
  it('dots or commas as thousands separators when there are two or more', () => {
    num('1.234.567', '1234567');
    num('1,234,567', '1234567');
    num('1.234.567,89', '1234567.89');
    num('1,234,567.89', '1234567.89');
    num('1.234,5', '1234.5');
    fail('1.234.56', 'not-a-number');
    fail('1,23,456', 'not-a-number');
    fail('1.234.567.8.9', 'not-a-number');
  });
  it('kronor words and SEK', () => {
    num('42 569 204 kr', '42569204', { unit: 'kr' });
    num('42 569 204 kronor', '42569204', { unit: 'kr' });
    num('42 569 204 kr.', '42569204', { unit: 'kr' });
    num('SEK 1 000', '1000', { unit: 'kr' });
    num('1 000 SEK', '1000', { unit: 'kr' });
    num('100:-', '100', { unit: 'kr' });
    num('42569204kr', '42569204', { unit: 'kr' });
  });
  it('approximate amounts and millions', () => {
    num('ca 4,6 mkr', '4.6', { unit: 'mkr', approx: true });
    num('ca. 4,6 Mkr', '4.6', { unit: 'mkr', approx: true });
    num('cirka 2,3 mnkr', '2.3', { unit: 'mkr', approx: true });
    num('c:a 3 MSEK', '3', { unit: 'mkr', approx: true });
    num('4,6 mkr', '4.6', { unit: 'mkr' });
    num('4,6 Mkr', '4.6', { unit: 'mkr' });
    num('4,6 miljoner kronor', '4.6', { unit: 'mkr' });
    num('375 miljoner', '375', { unit: 'mkr' });
    num('4 milj.', '4', { unit: 'mkr' });
    num('4 milj kr', '4', { unit: 'mkr' });
    num('4 milj. kr', '4', { unit: 'mkr' });
  });
  it('billions and thousands', () => {
    num('1,2 miljarder', '1.2', { unit: 'mdkr' });
    num('1,2 md', '1.2', { unit: 'mdkr' });
    num('1,2 mdkr', '1.2', { unit: 'mdkr' });
    num('1,2 mdr kr', '1.2', { unit: 'mdkr' });
    num('500 tkr', '500', { unit: 'tkr' });
    num('500 tkr.', '500', { unit: 'tkr' });
    num('500 tusen kronor', '500', { unit: 'tkr' });
    num('500 TKR', '500', { unit: 'tkr' });
  });
  it('negatives: minus sign, hyphen, en dash, accounting brackets', () => {
    num('\u22121 234,5', '-1234.5');
    num('-1 234,5', '-1234.5');
    num('\u2013 1 234,5', '-1234.5');
    num('(1 234)', '-1234');
    num('(1 234 kr)', '-1234', { unit: 'kr' });
    num('(1 234) kr', '-1234', { unit: 'kr' });
    num('-4,6 mkr', '-4.6', { unit: 'mkr' });
    num('+5', '5');
    num('-0', '0');
    fail('-(5)', 'not-a-number');
    fail('--5', 'not-a-number');
  });
  it('percentages keep the written number', () => {
    num('70 %', '70', { percent: true });
    num('72,5%', '72.5', { percent: true });
    num('72,5\u00A0%', '72.5', { percent: true });
    num('72,5 procent', '72.5', { percent: true });
    fail('70 % kr', 'not-a-number');
    fail('SEK 70 %', 'not-a-number');
  });
  it('JS numbers, bigints and Decimals', () => {
    num(42569204, '42569204');
    num(0.1, '0.1');
    num(-1234.5, '-1234.5');
    num(1e21, '1e21');
    num(10n ** 30n, '1e30');
    num(new Decimal('1.5'), '1.5');
    fail(NaN, 'not-a-number');
    fail(Infinity, 'not-a-number');
    fail(-Infinity, 'not-a-number');
    fail(new Decimal(NaN), 'not-a-number');
  });
  it('empty, errors and non-numbers', () => {
    fail(null, 'empty');
    fail(undefined, 'empty');
    fail('', 'empty');
    fail(' \u00A0 ', 'empty');
    for (const e of ['#REF!', '#DIV/0!', '#N/A', '#VALUE!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!', '#GETTING_DATA']) {
      fail(e, 'error-value');
    }
    fail(true, 'not-a-number');
    fail(false, 'not-a-number');
    fail({}, 'not-a-number');
    fail([1], 'not-a-number');
    fail(new Date(0), 'not-a-number');
    for (const s of ['abc', '12 abc', 'abc 12', '1 2 3 4', '12 34', '1 23', '5,', '5.', '.', ',', '1,2,3', '1e6', '0x10', 'kr', 'mkr', 'ca', '%', '()', '4 6 mkr', '1 ,5', '1, 5', 'cabbage 5', '5 kronorna', 'milj.', '1 234.567.890']) {
      fail(s, 'not-a-number');
    }
  });
  it('keeps the original text', () => {
    expect(parseNumber(' 4,6 Mkr ').text).toBe(' 4,6 Mkr ');
    expect(parseNumber(12).text).toBe('12');
  });
});

describe('parseNumber with lang en', () => {
  it('reads commas as thousands and the dot as decimal point', () => {
    num('42,569,204', '42569204', {}, 'en');
    num('1,234', '1234', {}, 'en');
    num('1,234.5', '1234.5', {}, 'en');
    num('-1,234.50', '-1234.5', {}, 'en');
    num('72.5%', '72.5', { percent: true }, 'en');
    num('1 234.5', '1234.5', {}, 'en');
  });
  it('calls a Swedish-looking comma ambiguous', () => {
    fail('0,5', 'ambiguous', 'en');
    fail('1.234,5', 'ambiguous', 'en');
    fail('1,234.5.6', 'ambiguous');
  });
});

describe('unitFactor and parseAmount', () => {
  it('unit factors', () => {
    expect(unitFactor('kr').toFixed()).toBe('1');
    expect(unitFactor('tkr').toFixed()).toBe('1000');
    expect(unitFactor('mkr').toFixed()).toBe('1000000');
    expect(unitFactor('mdkr').toFixed()).toBe('1000000000');
  });
  it('applies the written unit, else the default', () => {
    const cases: [unknown, Unit | undefined, string, Unit, boolean][] = [
      ['42 569 204 kr', undefined, '42569204', 'kr', false],
      ['ca 4,6 mkr', undefined, '4600000', 'mkr', true],
      ['500 tkr', undefined, '500000', 'tkr', false],
      ['1,2 miljarder', 'kr', '1200000000', 'mdkr', false],
      ['500', 'tkr', '500000', 'tkr', false],
      ['4,6 mkr', 'tkr', '4600000', 'mkr', false],
      [1005, 'mkr', '1005000000', 'mkr', false],
      ['0,000123456789 mkr', undefined, '123.456789', 'mkr', false],
      ['12345678901234567890,123 mdkr', undefined, '12345678901234567890123000000', 'mdkr', false],
      ['(1 234,5) tkr', undefined, '-1234500', 'tkr', false],
    ];
    for (const [input, def, kronor, unit, approx] of cases) {
      const a = def ? parseAmount(input, def) : parseAmount(input);
      expect(a, String(input)).toMatchObject({ ok: true, unit, approx });
      if (a.ok) expect(a.kronor.toFixed(), String(input)).toBe(kronor);
    }
  });
  it('refuses percentages and non-numbers', () => {
    expect(parseAmount('70 %')).toMatchObject({ ok: false, reason: 'not-a-number' });
    expect(parseAmount('abc')).toMatchObject({ ok: false, reason: 'not-a-number' });
    expect(parseAmount('#N/A')).toMatchObject({ ok: false, reason: 'error-value' });
    expect(parseAmount('')).toMatchObject({ ok: false, reason: 'empty' });
  });
});

describe('parsePercent', () => {
  function frac(input: unknown, fraction: string, assumed = false, cellFormat?: string) {
    const p = parsePercent(input, cellFormat === undefined ? {} : { cellFormat });
    expect(p.ok, `${JSON.stringify(input)} → ${JSON.stringify(p)}`).toBe(true);
    if (!p.ok) return;
    expect(p.fraction.toFixed(), JSON.stringify(input)).toBe(new Decimal(fraction).toFixed());
    expect(p.assumed === true, JSON.stringify(input)).toBe(assumed);
  }
  it('reads written percentages', () => {
    frac('72 %', '0.72');
    frac('72,5 %', '0.725');
    frac('72.5%', '0.725');
    frac('70\u00A0%', '0.7');
    frac('100 %', '1');
    frac('0 %', '0');
    frac('0,5 %', '0.005');
    frac('69,99 %', '0.6999');
  });
  it('is exact where floats are not', () => {
    expect(14.3 / 100).not.toBe(0.143); // the float trap this guards against
    const p = parsePercent(69.99);
    expect(p.ok && p.fraction.toFixed()).toBe('0.6999');
    const r = parsePercent(14.3);
    expect(r.ok && r.fraction.toFixed()).toBe('0.143');
    const t = parsePercent('14,3 %');
    expect(t.ok && t.fraction.toFixed()).toBe('0.143');
    const q = parsePercent('69,99 %');
    expect(q.ok && q.fraction.toFixed()).toBe('0.6999');
  });
  it('a bare number ≤ 1 is a fraction; in (1, 100] it is percentage points (assumed)', () => {
    frac(0.725, '0.725');
    frac('0,725', '0.725');
    frac(1, '1');
    frac(0, '0');
    frac(72, '0.72', true);
    frac('72', '0.72', true);
    frac(100, '1', true);
    frac(1.5, '0.015', true);
  });
  it('a number from a %-formatted cell is a fraction as is', () => {
    frac(0.725, '0.725', false, '0.0%');
    frac(1, '1', false, '0%');
    expect(parsePercent(1.5, { cellFormat: '0%' })).toMatchObject({ ok: false, reason: 'out-of-range' });
  });
  it('out of range and failures', () => {
    expect(parsePercent(100.5)).toMatchObject({ ok: false, reason: 'out-of-range' });
    expect(parsePercent(-0.1)).toMatchObject({ ok: false, reason: 'out-of-range' });
    expect(parsePercent('-5 %')).toMatchObject({ ok: false, reason: 'out-of-range' });
    expect(parsePercent('101 %')).toMatchObject({ ok: false, reason: 'out-of-range' });
    expect(parsePercent('150')).toMatchObject({ ok: false, reason: 'out-of-range' });
    expect(parsePercent('5 kr')).toMatchObject({ ok: false, reason: 'not-a-number' });
    expect(parsePercent('abc')).toMatchObject({ ok: false, reason: 'not-a-number' });
    expect(parsePercent('#DIV/0!')).toMatchObject({ ok: false, reason: 'error-value' });
    expect(parsePercent(null)).toMatchObject({ ok: false, reason: 'empty' });
    expect(parsePercent(NaN)).toMatchObject({ ok: false, reason: 'not-a-number' });
  });
});

describe('parseBoolean', () => {
  it('reads yes and no in Swedish and English', () => {
    for (const t of ['ja', 'Ja', ' JA ', 'yes', 'true', 'TRUE', 'sant', 'SANT', '1', 'x', 'X', true, 1]) {
      expect(parseBoolean(t), String(t)).toMatchObject({ ok: true, value: true });
    }
    for (const f of ['nej', 'NEJ', 'no', 'false', 'FALSKT', 'falskt', '0', ' nej\u00A0', false, 0]) {
      expect(parseBoolean(f), String(f)).toMatchObject({ ok: true, value: false });
    }
  });
  it('refuses the rest', () => {
    expect(parseBoolean('')).toMatchObject({ ok: false, reason: 'empty' });
    expect(parseBoolean(null)).toMatchObject({ ok: false, reason: 'empty' });
    expect(parseBoolean('#N/A')).toMatchObject({ ok: false, reason: 'error-value' });
    for (const v of ['kanske', 'jaa', 'y', '2', 2, 0.5, NaN, {}, 'xx']) {
      expect(parseBoolean(v), String(v)).toMatchObject({ ok: false, reason: 'not-a-boolean' });
    }
  });
});
