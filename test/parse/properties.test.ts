/**
 * Property tests (fast-check, fixed seed): the parsers never throw and never give
 * NaN / ±Infinity on any input, and every formatted value parses back.
 */
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  a1,
  colIndex,
  colName,
  parseA1,
  parseRangeRef,
  rangeA1,
} from '../../addin/core/a1';
import {
  formatKr,
  formatMkr,
  formatNumber,
  formatPercent,
  isoToExcelSerial,
  parseAmount,
  parseBoolean,
  parseDate,
  parseNumber,
  parsePercent,
  shift,
  type NumberParse,
} from '../../addin/engine/parse';

const RUNS = { seed: 42, numRuns: 2000 } as const;

function validNumber(p: NumberParse): boolean {
  if (typeof p.text !== 'string') return false;
  if (!p.ok) return ['empty', 'error-value', 'not-a-number', 'ambiguous'].includes(p.reason);
  return Decimal.isDecimal(p.value) && p.value.isFinite() && !p.value.isNaN();
}

/** Strings built from the pieces a Swedish cell is made of, so the fuzz reaches the grammar, not only its first check. */
const cellish = fc
  .array(
    fc.constantFrom('1', '23', '456', '7890', '0', ' ', '\u00A0', '\u202F', '\u2009', ',', '.', '-', '\u2212', '+', '(', ')', '%', 'kr', ' mkr', 'tkr', 'ca ', 'SEK ', ' md', 'milj.', 'x', 'e', '#REF!', ':-', 'ja'),
    { maxLength: 12 },
  )
  .map((xs) => xs.join(''));

const inputs: [string, fc.Arbitrary<unknown>][] = [
  ['fc.string()', fc.string()],
  ['grapheme strings', fc.string({ unit: 'grapheme' })],
  ['full unicode (binary) strings', fc.string({ unit: 'binary' })],
  ['fc.anything()', fc.anything()],
  ['cell-shaped strings', cellish],
  ['doubles', fc.double()],
];

describe('parsers never throw and never give NaN or Infinity', () => {
  for (const [name, arb] of inputs) {
    it(`parseNumber / parseAmount on ${name}`, () => {
      fc.assert(
        fc.property(arb, (x) => {
          expect(validNumber(parseNumber(x))).toBe(true);
          expect(validNumber(parseNumber(x, { lang: 'en' }))).toBe(true);
          const a = parseAmount(x, 'tkr');
          if (a.ok) expect(a.kronor.isFinite()).toBe(true);
        }),
        RUNS,
      );
    });
    it(`parsePercent on ${name}`, () => {
      fc.assert(
        fc.property(arb, (x) => {
          for (const p of [parsePercent(x), parsePercent(x, { cellFormat: '0.0%' })]) {
            expect(typeof p.text).toBe('string');
            if (p.ok) expect(p.fraction.isFinite() && p.fraction.gte(0) && p.fraction.lte(1)).toBe(true);
          }
        }),
        RUNS,
      );
    });
    it(`parseDate on ${name}`, () => {
      fc.assert(
        fc.property(arb, (x) => {
          for (const p of [parseDate(x), parseDate(x, { cellFormat: 'yyyy-mm-dd' })]) {
            expect(typeof (p.ok ? p.iso : p.text)).toBe('string');
            if (p.ok) {
              expect(p.iso).toMatch(/^\d{4}-\d{2}-\d{2}$/);
              expect(new Date(`${p.iso}T00:00:00Z`).toISOString().slice(0, 10)).toBe(p.iso); // a real calendar date
            }
          }
        }),
        RUNS,
      );
    });
    it(`parseBoolean and the address parsers on ${name}`, () => {
      fc.assert(
        fc.property(arb, (x) => {
          const b = parseBoolean(x);
          expect(b.ok ? typeof b.value === 'boolean' : typeof b.reason === 'string').toBe(true);
          const c = parseA1(x);
          if (c) expect(Number.isInteger(c.row) && Number.isInteger(c.col)).toBe(true);
          parseRangeRef(x);
        }),
        RUNS,
      );
    });
  }
});

/** A Decimal with ≤ 6 decimals and |x| < 1e13, built exactly from an integer of micro-units. */
const decimal6 = fc.bigInt({ min: -(10n ** 19n) + 1n, max: 10n ** 19n - 1n }).map((n) => shift(new Decimal(n.toString()), -6));
const decimals = fc.integer({ min: 0, max: 6 });

describe('round trips: format → parse', () => {
  it('parseNumber(formatNumber(x, k)) = x rounded half-up to k decimals (sv)', () => {
    fc.assert(
      fc.property(decimal6, decimals, (x, k) => {
        const s = formatNumber(x, k);
        const p = parseNumber(s);
        expect(p.ok && p.value.eq(x.toDecimalPlaces(k, Decimal.ROUND_HALF_UP)), `${x.toFixed()} → ${s}`).toBe(true);
      }),
      RUNS,
    );
  });
  it('parseNumber(formatNumber(x, k, en), { lang: en }) = x rounded (en)', () => {
    fc.assert(
      fc.property(decimal6, decimals, (x, k) => {
        const s = formatNumber(x, k, 'en');
        const p = parseNumber(s, { lang: 'en' });
        expect(p.ok && p.value.eq(x.toDecimalPlaces(k, Decimal.ROUND_HALF_UP)), `${x.toFixed()} → ${s}`).toBe(true);
      }),
      RUNS,
    );
  });
  it('the sv reading of an en string agrees whenever it has 0 or ≥ 2 commas', () => {
    fc.assert(
      fc.property(decimal6, decimals, (x, k) => {
        const s = formatNumber(x, k, 'en');
        const commas = s.split(',').length - 1;
        fc.pre(commas !== 1);
        const p = parseNumber(s);
        expect(p.ok && p.value.eq(x.toDecimalPlaces(k, Decimal.ROUND_HALF_UP)), s).toBe(true);
      }),
      RUNS,
    );
  });
  it('parseAmount(formatKr(x)) = x in whole kronor (sv and en)', () => {
    fc.assert(
      fc.property(decimal6, (x) => {
        const want = x.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
        const sv = parseAmount(formatKr(x));
        const en = parseAmount(formatKr(x, 'en'), 'kr', { lang: 'en' });
        expect(sv.ok && sv.unit === 'kr' && sv.kronor.eq(want)).toBe(true);
        expect(en.ok && en.unit === 'kr' && en.kronor.eq(want)).toBe(true);
      }),
      RUNS,
    );
  });
  it('parseAmount(formatMkr(x, k)) = x rounded to k decimals of a million', () => {
    fc.assert(
      fc.property(decimal6, decimals, (x, k) => {
        const want = shift(shift(x, -6).toDecimalPlaces(k, Decimal.ROUND_HALF_UP), 6);
        const a = parseAmount(formatMkr(x, k));
        expect(a.ok && a.unit === 'mkr' && a.kronor.eq(want), formatMkr(x, k)).toBe(true);
      }),
      RUNS,
    );
  });
  it('parsePercent(formatPercent(f, k)) = f rounded to k + 2 decimals (sv and en)', () => {
    const fraction = fc.integer({ min: 0, max: 100_000_000 }).map((n) => shift(new Decimal(n), -8));
    fc.assert(
      fc.property(fraction, fc.integer({ min: 0, max: 4 }), (f, k) => {
        const want = f.toDecimalPlaces(k + 2, Decimal.ROUND_HALF_UP);
        const sv = parsePercent(formatPercent(f, k));
        const en = parsePercent(formatPercent(f, k, 'en'), { lang: 'en' });
        expect(sv.ok && !sv.assumed && sv.fraction.eq(want), formatPercent(f, k)).toBe(true);
        expect(en.ok && !en.assumed && en.fraction.eq(want), formatPercent(f, k, 'en')).toBe(true);
      }),
      RUNS,
    );
  });
  it('any integer written with any Swedish thousands space parses back', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 24n }), fc.constantFrom(' ', '\u00A0', '\u202F', '\u2009'), fc.boolean(), (n, sep, neg) => {
        const grouped = n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, sep);
        const p = parseNumber(`${neg ? '\u2212' : ''}${grouped} kr`);
        expect(p.ok && p.unit === 'kr' && p.value.eq(new Decimal((neg ? -n : n).toString()))).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('round trips: dates and addresses', () => {
  const SV = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
  it('every date from 1900-03-01 to 9999-12-31 reads back from ISO, Swedish text, d/m yyyy and its Excel serial', () => {
    const date = fc.date({ min: new Date(Date.UTC(1900, 2, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true });
    fc.assert(
      fc.property(date, (d) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, day] = iso.split('-').map(Number) as [number, number, number];
        expect(parseDate(iso)).toEqual({ ok: true, iso });
        expect(parseDate(d)).toEqual({ ok: true, iso });
        expect(parseDate(`den ${day} ${SV[m - 1]} ${y}`)).toEqual({ ok: true, iso });
        expect(parseDate(`${day}/${m} ${y}`)).toEqual({ ok: true, iso });
        expect(parseDate(iso.replace(/-/g, ''))).toEqual({ ok: true, iso });
        const serial = isoToExcelSerial(iso);
        expect(serial).not.toBe(null);
        expect(parseDate(serial, { cellFormat: 'yyyy-mm-dd' })).toEqual({ ok: true, iso });
      }),
      RUNS,
    );
  });
  it('colName / colIndex and a1 / parseA1 / rangeA1 / parseRange are inverse', () => {
    const row = fc.integer({ min: 0, max: 1_048_575 });
    const col = fc.integer({ min: 0, max: 16_383 });
    fc.assert(
      fc.property(row, col, row, col, (r1, c1, r2, c2) => {
        expect(colIndex(colName(c1))).toBe(c1);
        expect(parseA1(a1(r1, c1))).toEqual({ row: r1, col: c1 });
        expect(parseRangeRef(rangeA1(r1, c1, r2, c2))).toEqual({
          r1: Math.min(r1, r2),
          c1: Math.min(c1, c2),
          r2: Math.max(r1, r2),
          c2: Math.max(c1, c2),
        });
      }),
      RUNS,
    );
  });
});
