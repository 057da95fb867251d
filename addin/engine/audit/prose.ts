/**
 * Statements in free text, the way a Swedish decision or report writes them:
 * amounts ("375 miljoner kronor", "ca 4,6 mkr", "600 000 kr"), percentages
 * ("70 procent"), dates ("senast den 30 september 2026", "i december 2026"),
 * counts of payments ("fördelat på två utbetalningar") and region names.
 * All positions refer to the proseKey text (lower case, no accents).
 */
import { Decimal } from '../../core/decimal';
import { isoDate } from '../parse';
import { proseKey } from './names';

export interface Sentence {
  /** The sentence as written (white space collapsed). */
  text: string;
  key: string;
}

/** Split into sentences: at . ! ? followed by a space and a capital letter or a digit ("bl.a. nedan" stays whole). */
export function sentences(text: string): Sentence[] {
  const flat = text.replace(/[\s\u00a0\u2009\u202f]+/g, ' ').trim();
  if (flat === '') return [];
  const parts = flat.split(/(?<=[.!?])\s+(?=[A-ZÅÄÖÉ0-9])/);
  return parts.map((p) => ({ text: p, key: proseKey(p) }));
}

export interface AmountMention {
  at: number;
  end: number;
  /** Kronor. */
  kronor: Decimal;
  approx: boolean;
  /** The unit word was millions or more ("miljoner", "mkr", "mdkr"). */
  scaled: boolean;
  /** The figure's precision in kronor: 100 000 for "4,6 miljoner", 1 for "600 000 kr". */
  precision: Decimal;
  text: string;
}

const APPROX_WORDS = 'ca\\.?|c:a|cirka|ungefar|omkring|drygt|knappt|narmare|nastan|runt|about|around|approx\\.?|approximately';
const UNIT_WORDS = 'miljarder|miljard|mdkr|mdr|miljoner|miljon|milj\\.?|mnkr|mkr|msek|mn|tkr|tusen|kronor|kr|sek|million|millions|billion';
const AMOUNT_RE = new RegExp(
  `(?<![\\d,.])(?:(${APPROX_WORDS})\\s*)?(\\d{1,3}(?:[ ]\\d{3})+|\\d+)(?:[,.](\\d+))?\\s*(${UNIT_WORDS})(?![a-z])`,
  'g',
);

function exponent(unit: string): number {
  if (/^(?:miljard|mdkr|mdr|billion)/.test(unit)) return 9;
  if (/^(?:milj|mnkr|mkr|msek|mn$|million)/.test(unit)) return 6;
  if (/^(?:tkr|tusen)/.test(unit)) return 3;
  return 0;
}

/** Amounts with a unit word, in order. */
export function amountsIn(key: string): AmountMention[] {
  const out: AmountMention[] = [];
  AMOUNT_RE.lastIndex = 0;
  for (let m = AMOUNT_RE.exec(key); m; m = AMOUNT_RE.exec(key)) {
    const int = (m[2] ?? '').replace(/ /g, '');
    const frac = m[3] ?? '';
    const unit = m[4] ?? 'kr';
    // "2,5" with a 3-digit fraction and no unit scaling is a thousands separator ("1,500 kr"): rare in Swedish; keep as decimal.
    const exp = exponent(unit);
    const value = new Decimal(`${int}${frac ? `.${frac}` : ''}`);
    const kronor = value.times(new Decimal(10).pow(exp));
    const approx = m[1] !== undefined;
    let precision: Decimal;
    if (frac) precision = new Decimal(10).pow(exp - frac.length);
    else {
      const zeros = /0*$/.exec(int)?.[0].length ?? 0;
      precision = new Decimal(10).pow(exp + (approx ? Math.min(zeros, int.length - 1) : 0));
    }
    out.push({ at: m.index, end: m.index + m[0].length, kronor, approx, scaled: exp >= 6, precision, text: m[0] });
  }
  return out;
}

export interface PercentMention {
  at: number;
  end: number;
  /** A fraction: 70 procent → 0.70. */
  fraction: Decimal;
  text: string;
}

const PERCENT_RE = /(?<![\d,.])(\d{1,3})(?:[,.](\d+))?\s*(?:%|procent|percent)(?![a-z])/g;

export function percentsIn(key: string): PercentMention[] {
  const out: PercentMention[] = [];
  PERCENT_RE.lastIndex = 0;
  for (let m = PERCENT_RE.exec(key); m; m = PERCENT_RE.exec(key)) {
    const v = new Decimal(`${m[1]}${m[2] ? `.${m[2]}` : ''}`).div(100);
    out.push({ at: m.index, end: m.index + m[0].length, fraction: v, text: m[0] });
  }
  return out;
}

const MONTHS: Record<string, number> = {
  januari: 1, january: 1, februari: 2, february: 2, mars: 3, march: 3, april: 4, maj: 5, may: 5, juni: 6, june: 6,
  juli: 7, july: 7, augusti: 8, august: 8, september: 9, oktober: 10, october: 10, november: 11, december: 12,
};
const MONTH_ALT = Object.keys(MONTHS).join('|');
const DAY_MONTH_YEAR = new RegExp(`(?<!\\d)(\\d{1,2}) (${MONTH_ALT}) (\\d{4})(?!\\d)`, 'g');
const MONTH_YEAR = new RegExp(`\\b(${MONTH_ALT}) (\\d{4})(?!\\d)`, 'g');
const ISO = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g;

export interface DateMention {
  at: number;
  end: number;
  /** yyyy-mm-dd, or yyyy-mm for "i december 2026". */
  date: string;
  text: string;
}

export function datesIn(key: string): DateMention[] {
  const out: DateMention[] = [];
  const taken: [number, number][] = [];
  DAY_MONTH_YEAR.lastIndex = 0;
  for (let m = DAY_MONTH_YEAR.exec(key); m; m = DAY_MONTH_YEAR.exec(key)) {
    const d = isoDate(Number(m[3]), MONTHS[m[2] ?? ''] ?? 0, Number(m[1]));
    if (d) {
      out.push({ at: m.index, end: m.index + m[0].length, date: d, text: m[0] });
      taken.push([m.index, m.index + m[0].length]);
    }
  }
  MONTH_YEAR.lastIndex = 0;
  for (let m = MONTH_YEAR.exec(key); m; m = MONTH_YEAR.exec(key)) {
    const at = m.index;
    if (taken.some(([a, b]) => at >= a && at < b)) continue;
    const month = MONTHS[m[1] ?? ''] ?? 0;
    out.push({ at, end: at + m[0].length, date: `${m[2]}-${String(month).padStart(2, '0')}`, text: m[0] });
  }
  ISO.lastIndex = 0;
  for (let m = ISO.exec(key); m; m = ISO.exec(key)) {
    const d = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (d) out.push({ at: m.index, end: m.index + m[0].length, date: d, text: m[0] });
  }
  return out.sort((a, b) => a.at - b.at);
}

export interface CountMention {
  at: number;
  end: number;
  count: number;
  text: string;
}

const COUNT_WORDS: Record<string, number> = { en: 1, ett: 1, tva: 2, tre: 3, fyra: 4, fem: 5, one: 1, two: 2, three: 3, four: 4, five: 5 };
const COUNT_RE = /\b(en|ett|tva|tre|fyra|fem|one|two|three|four|five|[1-5])\s+(?:(?:lika\s+stora|equal|separata|olika)\s+)?(?:utbetalningar|utbetalning|omgangar|omgang|payments|instalments|installments)\b/g;

/** "två utbetalningar", "tre lika stora utbetalningar", "two payments". */
export function paymentCountsIn(key: string): CountMention[] {
  const out: CountMention[] = [];
  COUNT_RE.lastIndex = 0;
  for (let m = COUNT_RE.exec(key); m; m = COUNT_RE.exec(key)) {
    const w = m[1] ?? '';
    const count = COUNT_WORDS[w] ?? Number(w);
    out.push({ at: m.index, end: m.index + m[0].length, count, text: m[0] });
  }
  return out;
}

/** Years named in a text (four digits 2000–2099 standing alone). */
export function yearsIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/(?<![\d/-])(20\d\d)(?![\d])/g)) out.push(Number(m[1]));
  return out;
}
