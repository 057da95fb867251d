/**
 * Apportioning a whole number of kronor over weights.
 *
 * Largest remainder (Hamilton), the default: floor every exact share, then give
 * the kronor left over, one each, to the largest remainders; ties go to the
 * larger weight, then the lower code. The result always sums exactly to the pot
 * and every amount is within one krona of its exact share.
 *
 * Half-up: round every exact share half-up on its own. It can drift from the
 * pot (seed 004's table rounded that way sums to 185 000 002); the drift is
 * reported, never hidden.
 *
 * Weights must be non-negative whole numbers (persons, or 1 for an equal
 * split), so remainders are compared exactly as integers.
 */
import { Decimal, ZERO, sumDecimals } from '../../core/decimal';
import type { Method } from '../../core/model';
import { EngineError } from '../../core/errors';

export interface Claim {
  code: string;
  weight: Decimal;
  /** Tie-break order after the weight (lower first); default: the code (län codes compare as numbers). */
  rank?: number;
}

export interface Apportioned {
  code: string;
  weight: Decimal;
  /** Exact quota in kronor (pot × weight / total weight), to 60 significant digits. */
  exact: Decimal;
  amount: Decimal;
}

export function apportion(pot: Decimal, claims: Claim[], method: Method = 'largest-remainder'): Apportioned[] {
  if (!pot.isInteger() || pot.isNegative()) {
    throw new EngineError('bad-pot', { sv: `Potten måste vara hela kronor ≥ 0, inte ${pot.toString()}`, en: `The pot must be whole kronor ≥ 0, not ${pot.toString()}` });
  }
  for (const c of claims) {
    if (!c.weight.isInteger() || c.weight.isNegative()) {
      throw new EngineError('bad-weight', {
        sv: `Vikten för ${c.code} måste vara ett heltal ≥ 0, inte ${c.weight.toString()}`,
        en: `The weight of ${c.code} must be a whole number ≥ 0, not ${c.weight.toString()}`,
      });
    }
  }
  const total = sumDecimals(claims.map((c) => c.weight));
  if (claims.length === 0 || total.isZero()) {
    throw new EngineError('no-weights', { sv: 'Det finns inget att fördela efter: alla vikter är noll.', en: 'Nothing to split by: every weight is zero.' });
  }
  const rows = claims.map((c) => {
    const numerator = pot.times(c.weight); // exact: integers
    const floor = numerator.divToInt(total); // exact integer division
    const remainder = numerator.minus(floor.times(total)); // 0 ≤ remainder < total
    return { code: c.code, weight: c.weight, rank: c.rank, exact: numerator.div(total), floor, remainder };
  });

  if (method === 'half-up') {
    return rows.map((r) => ({
      code: r.code,
      weight: r.weight,
      exact: r.exact,
      amount: r.remainder.times(2).gte(total) ? r.floor.plus(1) : r.floor,
    }));
  }

  const left = pot.minus(sumDecimals(rows.map((r) => r.floor))).toNumber(); // < number of claims
  const order = rows
    .map((r, i) => i)
    .sort((i, j) => {
      const a = rows[i]!;
      const b = rows[j]!;
      return b.remainder.comparedTo(a.remainder) || b.weight.comparedTo(a.weight) || (a.rank ?? 0) - (b.rank ?? 0) || compareCodes(a.code, b.code);
    });
  const bonus = new Set(order.slice(0, left));
  return rows.map((r, i) => ({ code: r.code, weight: r.weight, exact: r.exact, amount: bonus.has(i) ? r.floor.plus(1) : r.floor }));
}

/** Codes compare as numbers when both are numeric ("09" < "10"), else as text. */
export function compareCodes(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

export { ZERO };
