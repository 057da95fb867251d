/**
 * The one place decimal.js is configured. Every krona and share in the engine
 * is a Decimal; 60 significant digits make every division in an allocation
 * exact enough that floors and remainders are computed on integers.
 */
import Decimal from 'decimal.js';

Decimal.set({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });

export { Decimal };
export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);

export function sumDecimals(values: Iterable<Decimal>): Decimal {
  let s = ZERO;
  for (const v of values) s = s.plus(v);
  return s;
}
