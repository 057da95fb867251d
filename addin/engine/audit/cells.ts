/**
 * Exact values of a table's cells, for the checks. The finder keeps numbers as
 * written in a Float64Array; here they become Decimals (from their shortest
 * decimal text, so 0.23 is 0.23) with the column's unit or the cell's own unit
 * applied. Sums of whole numbers are exact in a double below 2^53 and are
 * taken there (fast path), with a Decimal fallback.
 */
import { Decimal, ZERO } from '../../core/decimal';
import { a1 } from '../../core/a1';
import { shift, unitFactor, type Unit } from '../parse';
import { type Column, type Table, KIND } from './finder';
import { formatDecimals, formatIsPercent } from './words';
import type { Grid } from '../../workbook/port';

const { APPROX, NUM, TEXTNUM } = KIND;

const EXP: Record<Unit, number> = { kr: 0, tkr: 3, mkr: 6, mdkr: 9 };

export function isNumber(kind: number): boolean {
  return kind === NUM || kind === TEXTNUM || kind === APPROX;
}

/** The number as written (no unit applied), exactly. */
export function written(col: Column, i: number): Decimal | null {
  const t = col.texts.get(i);
  if (t) return t.value;
  const v = col.num[i]!;
  return Number.isNaN(v) ? null : new Decimal(String(v));
}

/** An amount in kronor: the cell's own unit ("4,6 mkr") wins over the column's. */
export function kronor(col: Column, i: number): Decimal | null {
  const t = col.texts.get(i);
  if (t) {
    if (t.percent) return null;
    return shift(t.value, EXP[t.unit ?? col.unit]);
  }
  const v = col.num[i]!;
  if (Number.isNaN(v)) return null;
  return shift(new Decimal(String(v)), EXP[col.unit]);
}

/** A share or percentage as a fraction (0.72), by the cell's text, its format or the column's scale. */
export function fraction(col: Column, i: number, grid: Grid, row: number): Decimal | null {
  const t = col.texts.get(i);
  if (t) {
    if (t.unit) return null;
    if (t.percent || col.percentPoints) return shift(t.value, -2);
    return t.value;
  }
  const v = col.num[i]!;
  if (Number.isNaN(v)) return null;
  const d = new Decimal(String(v));
  const fmt = grid.numberFormats[row]?.[col.col] ?? 'General';
  if (formatIsPercent(fmt)) return d;
  return col.percentPoints ? shift(d, -2) : d;
}

/** A fast double of a fraction (for screening; decisions are confirmed with fraction()). */
export function fractionFast(col: Column, i: number): number {
  const t = col.texts.get(i);
  const v = col.num[i]!;
  if (t) return t.percent || col.percentPoints ? v / 100 : v;
  return col.percentPoints ? v / 100 : v;
}

/** Decimals the cell shows: from its number format, else from the written number. Fractions count in fraction digits (0% → 2). */
export function shownDecimals(col: Column, i: number, grid: Grid, row: number, asFraction: boolean): number {
  const t = col.texts.get(i);
  let dec: number;
  let percentShown = false;
  if (t) {
    const m = /[.,](\d+)\s*(?:%|procent)?\s*$/i.exec(t.text.trim());
    dec = m ? (m[1] ?? '').length : 0;
    percentShown = Boolean(t.percent);
  } else {
    const fmt = grid.numberFormats[row]?.[col.col] ?? 'General';
    const f = formatDecimals(fmt);
    percentShown = formatIsPercent(fmt);
    if (f !== null) dec = f;
    else {
      const s = String(col.num[i]);
      const m = /\.(\d+)$/.exec(s);
      dec = m ? (m[1] ?? '').length : 0;
    }
  }
  if (asFraction && (percentShown || col.percentPoints)) dec += 2;
  return dec;
}

/** An exact sum over a table's data rows of a column's numbers (kronor for amount columns), skipping some kinds. */
export function columnSum(t: Table, col: Column, opts: { amounts: boolean; skipText?: boolean }): Decimal {
  const n = t.rows.length;
  let fast = 0;
  let slow: Decimal | null = null;
  const factor = opts.amounts ? Number(unitFactor(col.unit).toString()) : 1;
  for (let i = 0; i < n; i++) {
    const k = col.kind[i]!;
    if (k === NUM) {
      const v = col.num[i]! * factor;
      if (Number.isSafeInteger(v) && Number.isSafeInteger(col.num[i]!) && Math.abs(fast + v) <= Number.MAX_SAFE_INTEGER) fast += v;
      else slow = (slow ?? ZERO).plus(opts.amounts ? kronor(col, i)! : written(col, i)!);
    } else if ((k === TEXTNUM || k === APPROX) && !opts.skipText) {
      const d = opts.amounts ? kronor(col, i) : written(col, i);
      if (d) slow = (slow ?? ZERO).plus(d);
    }
  }
  const base = new Decimal(fast);
  return slow ? base.plus(slow) : base;
}

export function cellA1(grid: Grid, row: number, col: number): string {
  return a1(grid.top + row, grid.left + col);
}

/** The A1 of a table's data row i (or total index) in a column. */
export function tableCell(grid: Grid, t: Table, i: number, col: Column): string {
  const row = i === t.totalIndex ? t.totalRow : t.rows[i]!;
  return cellA1(grid, row, col.col);
}

/** The grid row of table row index i. */
export function gridRow(t: Table, i: number): number {
  return i === t.totalIndex ? t.totalRow : t.rows[i]!;
}

/** Round half-up to `dp` decimals. */
export function round(d: Decimal, dp: number): Decimal {
  return d.toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
}

/** Half a unit of the d-th decimal: 0.005 for 2. */
export function halfUnit(dp: number): Decimal {
  return new Decimal(5).times(new Decimal(10).pow(-(dp + 1)));
}
