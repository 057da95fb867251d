/**
 * Numbers the way a Swedish finance user types them into a workbook:
 * `2 374 550`, `0,23`, `42 569 204 kr`, `ca 4,6 mkr`, `70 %`, `(1 234)`.
 *
 * Every value is a Decimal built from the written digits (never via a JS float
 * computation). Nothing here throws, and no result is NaN or infinite.
 */
import Decimal from 'decimal.js';
import { collapseWhitespace, isExcelError, safeText } from './text';

export type Unit = 'kr' | 'tkr' | 'mkr' | 'mdkr';
import type { Lang } from '../../core/lang';
export type { Lang };

export interface NumberOptions {
  /**
   * 'sv' (default): a single comma is a decimal comma, a single dot a decimal point;
   * ≥ 2 commas or ≥ 2 dots with 3-digit groups are thousands separators.
   * 'en': a comma is always a thousands separator and a dot the decimal point.
   */
  lang?: Lang;
}

export type NumberFailReason = 'empty' | 'error-value' | 'not-a-number' | 'ambiguous';

export type NumberParse =
  | { ok: true; value: Decimal; unit?: Unit; approx?: boolean; percent?: boolean; text: string }
  | { ok: false; reason: NumberFailReason; text: string };

export type AmountParse =
  | { ok: true; kronor: Decimal; unit: Unit; approx: boolean; text: string }
  | { ok: false; reason: NumberFailReason; text: string };

export type PercentFailReason = NumberFailReason | 'out-of-range';

export type PercentParse =
  | { ok: true; fraction: Decimal; assumed?: boolean; approx?: boolean; bare?: boolean; text: string }
  | { ok: false; reason: PercentFailReason; text: string };

export type BooleanParse =
  | { ok: true; value: boolean; text: string }
  | { ok: false; reason: 'empty' | 'error-value' | 'not-a-boolean'; text: string };

const UNIT_EXPONENT: Record<Unit, number> = { kr: 0, tkr: 3, mkr: 6, mdkr: 9 };

/** kr 1, tkr 1 000, mkr 1 000 000, mdkr 1 000 000 000. */
export function unitFactor(unit: Unit): Decimal {
  return new Decimal(`1e${UNIT_EXPONENT[unit]}`);
}

/** x × 10^exp, exactly (no rounding to Decimal.precision). */
export function shift(x: Decimal, exp: number): Decimal {
  if (exp === 0 || x.isZero()) return x;
  return new Decimal(`${x.toFixed()}e${exp}`);
}

// ---------------------------------------------------------------------------
// Text grammar (all matching is on lower-cased, space-collapsed text):
//   [approx] [sign] [currency] ( core | "(" core ")" ) [unit | percent]
// in any order of the prefixes/suffixes, each at most once.

/** Words meaning "about". Must not be followed by a letter ("cabbage" is not "ca"). */
const APPROX_PREFIX = /^(?:ca\.?|c:a|cirka|ungefär|ungefar|omkring|approx\.?|about|around|~|≈)(?![a-zåäö])\s?/;
const SIGN_PREFIX = /^([+\-\u2212\u2013\u2011])\s?/;
const CURRENCY_PREFIX = /^(?:sek|kr\.?)(?![a-zåäö])\s?/;
const PERCENT_SUFFIX = /^(.*?)\s?(?:%|procent|percent)$/;

const KR_WORD = '(?:kr|kronor|krona|sek)\\.?';
/** Unit words; group B words may be followed by a currency word ("milj. kr", "tusen kronor"). */
const UNIT_PATTERNS: [Unit, string][] = [
  ['mdkr', `(?:mdkr|mdsek)\\.?|(?:miljarder|miljard|mdr|mrd|md)\\.?(?: ?${KR_WORD})?`],
  ['mkr', `(?:mnkr|mkr|msek)\\.?|(?:miljoner|miljon|milj|mn|mio)\\.?(?: ?${KR_WORD})?`],
  ['tkr', `(?:tkr|tsek|ksek)\\.?|(?:tusen)(?: ?${KR_WORD})?`],
  ['kr', `${KR_WORD}|:-|,-`],
];
const UNIT_SUFFIX = new RegExp(`^(.*?)\\s?(?:${UNIT_PATTERNS.map(([u, p]) => `(?<${u}>${p})`).join('|')})$`);

function matchUnitSuffix(s: string): { rest: string; unit: Unit } | null {
  const m = UNIT_SUFFIX.exec(s);
  if (!m || !m.groups) return null;
  for (const [u] of UNIT_PATTERNS) {
    if (m.groups[u] !== undefined) return { rest: m[1] ?? '', unit: u };
  }
  return null;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

type CoreResult = { ok: true; value: Decimal } | { ok: false; reason: NumberFailReason };

/** The bare number: digits with thousands separators (space, dot or comma) and one decimal separator. */
function parseCore(core: string, lang: Lang): CoreResult {
  const nan: CoreResult = { ok: false, reason: 'not-a-number' };
  if (!/^[0-9 .,]+$/.test(core) || !/[0-9]/.test(core)) return nan;
  // A space only ever sits between two digits.
  if (/ (?![0-9])|(?<![0-9]) /.test(core)) return nan;

  const dots = count(core, '.');
  const commas = count(core, ',');
  let dec: '.' | ',' | null = null;
  let thou: '.' | ',' | ' ' | null = null;
  let failReason: NumberFailReason = 'not-a-number';

  if (dots > 0 && commas > 0) {
    const d = core.lastIndexOf('.') > core.lastIndexOf(',') ? '.' : ',';
    if (count(core, d) > 1) return { ok: false, reason: 'ambiguous' };
    if (lang === 'en' && d === ',') return { ok: false, reason: 'ambiguous' };
    dec = d;
    thou = d === '.' ? ',' : '.';
    failReason = 'ambiguous';
  } else if (commas > 0) {
    if (lang === 'en') {
      thou = ',';
      failReason = 'ambiguous'; // "0,5" in English mode: probably a Swedish decimal comma
    } else if (commas === 1) dec = ',';
    else thou = ',';
  } else if (dots > 0) {
    if (dots === 1) dec = '.';
    else thou = '.';
  }
  if (core.includes(' ')) {
    if (thou !== null) return nan; // mixed thousands separators ("1 234.567.890")
    thou = ' ';
  }

  let intPart = core;
  let frac = '';
  if (dec !== null) {
    const i = core.indexOf(dec);
    intPart = core.slice(0, i);
    frac = core.slice(i + 1);
    if (!/^[0-9]+$/.test(frac)) return nan; // "5," or "1,2 3"
  }
  let digits: string;
  if (thou !== null) {
    const groups = intPart.split(thou);
    const [first, ...rest] = groups;
    if (first === undefined || !/^[0-9]{1,3}$/.test(first) || rest.some((g) => !/^[0-9]{3}$/.test(g))) {
      return { ok: false, reason: failReason };
    }
    digits = groups.join('');
  } else {
    if (!/^[0-9]*$/.test(intPart)) return nan;
    digits = intPart;
  }
  if (digits === '' && frac === '') return nan;
  const value = new Decimal(`${digits === '' ? '0' : digits}${frac === '' ? '' : `.${frac}`}`);
  return { ok: true, value };
}

/**
 * Parse a cell value as a number as written (a unit word is reported, not applied).
 * Never throws; never gives NaN or ±Infinity.
 */
export function parseNumber(input: unknown, opts: NumberOptions = {}): NumberParse {
  const lang: Lang = opts.lang ?? 'sv';
  const text = safeText(input);
  if (input === null || input === undefined) return { ok: false, reason: 'empty', text };
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, reason: 'not-a-number', text };
    return { ok: true, value: new Decimal(String(input)), text };
  }
  if (typeof input === 'bigint') return { ok: true, value: new Decimal(input.toString()), text };
  if (Decimal.isDecimal(input)) {
    const d = input as Decimal;
    if (!d.isFinite()) return { ok: false, reason: 'not-a-number', text };
    return { ok: true, value: new Decimal(d), text };
  }
  if (typeof input !== 'string') return { ok: false, reason: 'not-a-number', text };

  let s = collapseWhitespace(input).toLowerCase();
  if (s === '') return { ok: false, reason: 'empty', text };
  if (isExcelError(s)) return { ok: false, reason: 'error-value', text };

  let approx = false;
  let sign: string | null = null;
  let currency = false;
  let paren = false;
  let unit: Unit | undefined;
  let percent = false;

  for (let changed = true; changed; ) {
    changed = false;
    let m: RegExpExecArray | null;
    if (!approx && (m = APPROX_PREFIX.exec(s))) {
      approx = true;
      s = s.slice(m[0].length);
      changed = true;
    }
    if (sign === null && (m = SIGN_PREFIX.exec(s))) {
      sign = m[1] ?? '+';
      s = s.slice(m[0].length);
      changed = true;
    }
    if (!currency && (m = CURRENCY_PREFIX.exec(s))) {
      currency = true;
      s = s.slice(m[0].length);
      changed = true;
    }
    if (!paren && s.length >= 2 && s.startsWith('(') && s.endsWith(')')) {
      paren = true;
      s = s.slice(1, -1).trim();
      changed = true;
    }
    if (unit === undefined && !percent) {
      const u = matchUnitSuffix(s);
      if (u) {
        unit = u.unit;
        s = u.rest;
        changed = true;
      }
    }
    if (unit === undefined && !percent && (m = PERCENT_SUFFIX.exec(s))) {
      percent = true;
      s = m[1] ?? '';
      changed = true;
    }
  }
  if (paren && sign !== null) return { ok: false, reason: 'not-a-number', text };
  if (percent && currency) return { ok: false, reason: 'not-a-number', text };
  if (currency && unit === undefined) unit = 'kr';

  const core = parseCore(s, lang);
  if (!core.ok) return { ok: false, reason: core.reason, text };
  const negative = paren || (sign !== null && sign !== '+');
  let value = negative ? core.value.neg() : core.value;
  if (value.isZero()) value = new Decimal(0);

  const out: NumberParse = { ok: true, value, text };
  if (unit !== undefined) out.unit = unit;
  if (approx) out.approx = true;
  if (percent) out.percent = true;
  return out;
}

/**
 * Parse an amount and apply its unit: `4,6 mkr` → 4 600 000 kronor. A unit written
 * in the text wins over `defaultUnit` (the unit of the column, e.g. a "tkr" header).
 * A percentage is not an amount ('not-a-number').
 */
export function parseAmount(input: unknown, defaultUnit: Unit = 'kr', opts: NumberOptions = {}): AmountParse {
  const p = parseNumber(input, opts);
  if (!p.ok) return p;
  if (p.percent) return { ok: false, reason: 'not-a-number', text: p.text };
  const unit = p.unit ?? defaultUnit;
  return { ok: true, kronor: shift(p.value, UNIT_EXPONENT[unit]), unit, approx: p.approx === true, text: p.text };
}

export interface PercentOptions extends NumberOptions {
  /** The cell's number format (Office.js `numberFormat`); a `%` in it means the number is a fraction. */
  cellFormat?: string;
}

function inRange(fraction: Decimal): boolean {
  return fraction.gte(0) && fraction.lte(1);
}

/**
 * Parse a share as a fraction: `72,5 %` → 0.725; a bare number ≤ 1 is a fraction as is;
 * a bare number in (1, 100] is read as percentage points (`assumed: true`); both are marked
 * `bare` (no % sign, no percent format), so a table reader can apply one rule per column;
 * anything below 0 or above 100 % is 'out-of-range'.
 */
export function parsePercent(input: unknown, opts: PercentOptions = {}): PercentParse {
  const p = parseNumber(input, opts);
  if (!p.ok) return p;
  if (p.unit !== undefined) return { ok: false, reason: 'not-a-number', text: p.text };
  const extra = p.approx ? { approx: true } : {};
  const formatIsPercent = typeof input === 'number' && typeof opts.cellFormat === 'string' && opts.cellFormat.includes('%');
  if (p.percent) {
    const fraction = shift(p.value, -2);
    if (!inRange(fraction)) return { ok: false, reason: 'out-of-range', text: p.text };
    return { ok: true, fraction, ...extra, text: p.text };
  }
  if (formatIsPercent || (p.value.gte(0) && p.value.lte(1))) {
    if (!inRange(p.value)) return { ok: false, reason: 'out-of-range', text: p.text };
    return { ok: true, fraction: p.value, ...extra, ...(formatIsPercent ? {} : { bare: true }), text: p.text };
  }
  if (p.value.gt(1) && p.value.lte(100)) {
    return { ok: true, fraction: shift(p.value, -2), assumed: true, bare: true, ...extra, text: p.text };
  }
  return { ok: false, reason: 'out-of-range', text: p.text };
}

const TRUE_WORDS = new Set(['ja', 'yes', 'true', 'sant', '1', 'x']);
const FALSE_WORDS = new Set(['nej', 'no', 'false', 'falskt', '0']);

/** ja/nej, yes/no, true/false, sant/falskt, 1/0, x (= true); JS booleans; JS 1 and 0. */
export function parseBoolean(input: unknown): BooleanParse {
  const text = safeText(input);
  if (typeof input === 'boolean') return { ok: true, value: input, text };
  if (input === null || input === undefined) return { ok: false, reason: 'empty', text };
  if (typeof input === 'number') {
    if (input === 1) return { ok: true, value: true, text };
    if (input === 0) return { ok: true, value: false, text };
    return { ok: false, reason: 'not-a-boolean', text };
  }
  if (typeof input !== 'string') return { ok: false, reason: 'not-a-boolean', text };
  const s = collapseWhitespace(input).toLowerCase();
  if (s === '') return { ok: false, reason: 'empty', text };
  if (isExcelError(s)) return { ok: false, reason: 'error-value', text };
  if (TRUE_WORDS.has(s)) return { ok: true, value: true, text };
  if (FALSE_WORDS.has(s)) return { ok: true, value: false, text };
  return { ok: false, reason: 'not-a-boolean', text };
}
