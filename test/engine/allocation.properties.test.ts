// Property tests (fast-check, fixed seed): for any populations and pot, the
// amounts sum exactly to the pot, each is within one krona of its exact share,
// and the order of the input rows does not change any amount.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Decimal } from '../../addin/core/decimal';
import { apportion, type Claim } from '../../addin/engine/allocate/apportion';

const claimsArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 30 })
  .chain((codes) =>
    fc.tuple(
      fc.constant(codes),
      fc.array(fc.bigInt({ min: 0n, max: 30_000_000n }), { minLength: codes.length, maxLength: codes.length }),
    ),
  )
  .filter(([, weights]) => weights.some((w) => w > 0n))
  .map(([codes, weights]): Claim[] => codes.map((c, i) => ({ code: String(c).padStart(2, '0'), weight: new Decimal(weights[i]!.toString()) })));

const potArb = fc.bigInt({ min: 0n, max: 10_000_000_000n }).map((b) => new Decimal(b.toString()));
const RUNS = { seed: 20261123, numRuns: 1500 };

describe('largest remainder', () => {
  test('sums exactly to the pot; each amount within one krona of its exact share (and ≥ its floor)', () => {
    fc.assert(
      fc.property(claimsArb, potArb, (claims, pot) => {
        const rows = apportion(pot, claims);
        const total = rows.reduce((s, r) => s.plus(r.amount), new Decimal(0));
        expect(total.eq(pot)).toBe(true);
        for (const r of rows) {
          expect(r.amount.isInteger()).toBe(true);
          expect(r.amount.minus(r.exact).abs().lt(1)).toBe(true);
          expect(r.amount.gte(r.exact.floor())).toBe(true);
        }
      }),
      RUNS,
    );
  });

  test('the order of the input rows does not change any amount', () => {
    fc.assert(
      fc.property(claimsArb, potArb, fc.func(fc.integer()), (claims, pot, key) => {
        const byCode = (rows: { code: string; amount: Decimal }[]) => new Map(rows.map((r) => [r.code, r.amount.toFixed(0)]));
        const shuffled = [...claims].sort((a, b) => key(Number(a.code)) - key(Number(b.code)));
        expect(byCode(apportion(pot, shuffled))).toEqual(byCode(apportion(pot, claims)));
      }),
      RUNS,
    );
  });

  test('a zero weight gets nothing; equal weights differ by at most one krona, extra kronor to the lower codes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), potArb, (n, pot) => {
        const claims = Array.from({ length: n }, (_, i) => ({ code: String(i + 1).padStart(2, '0'), weight: new Decimal(1) }));
        const rows = apportion(pot, [...claims, { code: '99', weight: new Decimal(0) }]);
        expect(rows.at(-1)!.amount.isZero()).toBe(true);
        const amounts = rows.slice(0, -1).map((r) => r.amount);
        for (let i = 1; i < amounts.length; i++) expect(amounts[i - 1]!.gte(amounts[i]!)).toBe(true);
        expect(amounts[0]!.minus(amounts.at(-1)!).lte(1)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('half-up', () => {
  test('each amount is its exact share rounded half-up; the drift is at most half a krona per row', () => {
    fc.assert(
      fc.property(claimsArb, potArb, (claims, pot) => {
        const rows = apportion(pot, claims, 'half-up');
        for (const r of rows) expect(r.amount.eq(r.exact.toDecimalPlaces(0, Decimal.ROUND_HALF_UP))).toBe(true);
        const drift = rows.reduce((s, r) => s.plus(r.amount), new Decimal(0)).minus(pot);
        expect(drift.abs().lte(new Decimal(rows.length).div(2))).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('bad weights are refused with a message, never a wrong split', () => {
  test('fractional, negative or all-zero weights, and a fractional pot', () => {
    expect(() => apportion(new Decimal(10), [{ code: '01', weight: new Decimal('1.5') }])).toThrow(/whole number/);
    expect(() => apportion(new Decimal(10), [{ code: '01', weight: new Decimal(-1) }])).toThrow(/whole number/);
    expect(() => apportion(new Decimal(10), [{ code: '01', weight: new Decimal(0) }])).toThrow(/zero/);
    expect(() => apportion(new Decimal('10.5'), [{ code: '01', weight: new Decimal(1) }])).toThrow(/whole kronor/);
  });
});
