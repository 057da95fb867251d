/**
 * Display of numbers, kronor and shares, Swedish by default:
 * `42 569 204 kr`, `-1 234,50`, `72,5 %`, `4,6 Mkr` (U+00A0 as the space).
 * Rounding is ROUND_HALF_UP on the Decimal (halves away from zero, as Excel does).
 * Every formatted string parses back with parseNumber / parseAmount / parsePercent.
 */
import Decimal from 'decimal.js';
import type { Lang } from './number';
import { shift } from './number';

export const NBSP = '\u00A0';

/**
 * A Decimal from a Decimal, a finite JS number (via its shortest string form) or a
 * plain numeric string ("1234.5"). Throws RangeError on anything else (NaN, Infinity,
 * "abc"): formatting a non-number is a programming error.
 */
function toDecimal(d: Decimal | number | string): Decimal {
  let x: Decimal;
  try {
    x = typeof d === 'number' ? new Decimal(String(d)) : new Decimal(d);
  } catch {
    throw new RangeError(`formatNumber: not a number: ${String(d)}`);
  }
  if (!x.isFinite()) throw new RangeError(`formatNumber: not a finite number: ${String(d)}`);
  return x;
}

function checkDecimals(decimals: number): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 100) {
    throw new RangeError(`decimals must be an integer 0–100, got ${decimals}`);
  }
  return decimals;
}

/** `42 569 204`, `-1 234,50` (sv) or `42,569,204`, `-1,234.50` (en). */
export function formatNumber(d: Decimal | number | string, decimals = 0, lang: Lang = 'sv'): string {
  const x = toDecimal(d);
  const fixed = x.toFixed(checkDecimals(decimals), Decimal.ROUND_HALF_UP);
  const negative = fixed.startsWith('-') && /[1-9]/.test(fixed); // no "-0"
  const body = fixed.replace(/^-/, '');
  const [int = '0', frac] = body.split('.');
  const group = lang === 'sv' ? NBSP : ',';
  const point = lang === 'sv' ? ',' : '.';
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${negative ? '-' : ''}${grouped}${frac === undefined ? '' : point + frac}`;
}

/** Whole kronor: `42 569 204 kr` (both languages read "kr"). */
export function formatKr(d: Decimal | number | string, lang: Lang = 'sv'): string {
  return `${formatNumber(d, 0, lang)}${NBSP}kr`;
}

/** A fraction as a percentage: 0.725 → `72,5 %` (sv) or `72.5%` (en). */
export function formatPercent(fraction: Decimal | number | string, decimals = 1, lang: Lang = 'sv'): string {
  const n = formatNumber(shift(toDecimal(fraction), 2), decimals, lang);
  return lang === 'sv' ? `${n}${NBSP}%` : `${n}%`;
}

/** Kronor in millions: 4 600 000 → `4,6 Mkr` (sv) or `4.6 Mkr` (en). */
export function formatMkr(d: Decimal | number | string, decimals = 1, lang: Lang = 'sv'): string {
  return `${formatNumber(shift(toDecimal(d), -6), decimals, lang)}${NBSP}Mkr`;
}

const MONTHS: Record<Lang, readonly string[]> = {
  sv: ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/**
 * The one date display of the product (pane, sheets, CLI, findings): "2024-12-31" →
 * "31 december 2024" (sv) / "31 December 2024" (en); "2026-12" → "december 2026" /
 * "December 2026"; "2024" → "2024". Anything else is returned as it is (it is not a date we made).
 */
export function formatDate(iso: string, lang: Lang = 'sv'): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso);
  if (!m) return iso;
  if (!m[2]) return m[1]!;
  const month = MONTHS[lang][Number(m[2]) - 1];
  if (!month) return iso;
  if (!m[3]) return `${month} ${m[1]}`;
  const day = Number(m[3]);
  if (day < 1 || day > 31) return iso;
  return `${day} ${month} ${m[1]}`;
}
