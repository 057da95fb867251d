/**
 * The words a Swedish (or English) finance user types in a workbook, and what they
 * tell the audit: which column a header names, which row is a total, which unit an
 * amount is in. All matching is on headerKey text (lower case, no accents,
 * punctuation as spaces), and every answer is memoised per distinct text.
 */
import type { Unit } from '../parse';
import { headerKey } from '../table/columns';

export type HeaderRole =
  | 'recipient'
  | 'population'
  | 'share'
  | 'amount'
  | 'inclusion'
  | 'leadtime'
  | 'prem'
  | 'label';

export type Svf = 'breast' | 'colorectal' | 'prostate';

export interface HeaderWord {
  key: string;
  role: HeaderRole | null;
  unit: Unit | null;
  /** The header says percent ("%", "procent"). */
  percent: boolean;
  svf: Svf | null;
  /** A payment number named in the header ("Utbetalning 1"). */
  payment: number | null;
}

const has = (tokens: string[], words: readonly string[]) => tokens.some((t) => words.includes(t));
const hasPrefix = (tokens: string[], prefixes: readonly string[]) => tokens.some((t) => prefixes.some((p) => t.startsWith(p)));

const POPULATION = ['befolkning', 'befolkningen', 'befolkningsmangd', 'invanare', 'invanarantal', 'folkmangd', 'population', 'inhabitants', 'residents'];
const SHARE = ['andel', 'andelar', 'share', 'shares', 'befolkningsandel', 'fordelningsnyckel', 'proportion'];
const AMOUNT = [
  'belopp', 'kronor', 'kr', 'tkr', 'mkr', 'mnkr', 'msek', 'sek', 'ksek', 'tsek', 'medel', 'utbetalning', 'utbetalningar', 'utbetalt',
  'utbetalas', 'budget', 'budgeterat', 'kostnad', 'kostnader', 'amount', 'amounts', 'allocation', 'allocated', 'payment', 'payments',
  'tilldelning', 'tilldelat', 'bidrag', 'fordelat', 'fordelade', 'fordelning', 'ersattning', 'summa', 'totalt', 'total', 'sum',
  'statsbidrag', 'anslag', 'utfall', 'prognos',
];
const RECIPIENT = ['region', 'regioner', 'regionen', 'landsting', 'lan', 'rcc', 'mottagare', 'recipient', 'recipients', 'sjukvardsregion', 'samverkansregion', 'organisation'];
const LABEL = ['aktivitet', 'aktiviteter', 'atgard', 'atgarder', 'insats', 'insatser', 'beskrivning', 'post', 'poster', 'forslag', 'description',
  'activity', 'activities', 'item', 'items', 'kommentar', 'kommentarer', 'comment', 'namn', 'name', 'diagnos', 'verksamhet', 'projekt', 'anvandning'];

const MKR = ['mkr', 'mnkr', 'msek', 'miljoner', 'miljon', 'milj', 'mn', 'mio', 'million', 'millions'];
const TKR = ['tkr', 'tsek', 'ksek', 'tusental', 'tusen', 'thousand', 'thousands'];
const KR = ['kr', 'kronor', 'sek', 'krona'];

function svfOf(tokens: string[]): Svf | null {
  if (hasPrefix(tokens, ['brost', 'breast', 'mamma'])) return 'breast';
  if (hasPrefix(tokens, ['tjock', 'andtarm', 'kolorektal', 'colorectal', 'kolon', 'rektal'])) return 'colorectal';
  if (hasPrefix(tokens, ['prostata', 'prostate'])) return 'prostate';
  return null;
}

/** The unit a header (or a number format's quoted text) names, if any. */
export function unitOfTokens(tokens: string[]): Unit | null {
  if (has(tokens, MKR)) return 'mkr';
  if (has(tokens, TKR)) return 'tkr';
  if (has(tokens, KR)) return 'kr';
  return null;
}

function classifyHeader(raw: string): HeaderWord {
  const key = headerKey(raw);
  const tokens = key.split(' ').filter(Boolean);
  const percent = raw.includes('%') || has(tokens, ['procent', 'percent', 'pct']);
  const svf = svfOf(tokens);
  const unit = unitOfTokens(tokens);
  let payment: number | null = null;
  const pm = /\b(?:utbetalning|utbetalt|payment|omgang|delbetalning)(?: nr)? ?([1-4])\b/.exec(key);
  if (pm) payment = Number(pm[1]);
  else if (/\b(?:forsta|first) (?:utbetalning|payment)/.test(key)) payment = 1;
  else if (/\b(?:andra|second) (?:utbetalning|payment)/.test(key)) payment = 2;
  let role: HeaderRole | null = null;
  // A payment's part named by its target ("Utbetalning 2: inklusionsmål", "Ledtidsdel (kr)") is money, not a percentage.
  const money = unit !== null || has(tokens, ['utbetalning', 'utbetalningar', 'utbetalt', 'belopp', 'payment', 'amount', 'ersattning', 'medel']);
  if (money && !percent && (hasPrefix(tokens, ['inklusion', 'inclusion', 'ledtid', 'leadtime']) || key.includes('lead time'))) role = 'amount';
  else if (hasPrefix(tokens, ['inklusion', 'inclusion'])) role = 'inclusion';
  else if (hasPrefix(tokens, ['ledtid', 'leadtime']) || key.includes('lead time') || key.includes('inom tidsgrans') || key.includes('inom maximal')) role = 'leadtime';
  else if (has(tokens, ['prem'])) role = 'prem';
  else if (has(tokens, POPULATION)) role = 'population';
  else if (has(tokens, SHARE)) role = 'share';
  else if (has(tokens, AMOUNT) || unit !== null) role = 'amount';
  else if (has(tokens, RECIPIENT)) role = 'recipient';
  else if (has(tokens, LABEL)) role = 'label';
  return { key, role, unit, percent, svf, payment };
}

const headerCache = new Map<string, HeaderWord>();

/** What a header cell's text says (memoised). Non-text gives a word with no role. */
export function headerWord(raw: string): HeaderWord {
  let w = headerCache.get(raw);
  if (w === undefined) {
    if (headerCache.size > 20_000) headerCache.clear();
    w = classifyHeader(raw);
    headerCache.set(raw, w);
  }
  return w;
}

const TOTAL_FIRST = new Set(['summa', 'totalt', 'total', 'sum', 'totalsumma', 'slutsumma', 'totals']);
const totalCache = new Map<string, boolean>();

/** "Summa", "Totalt", "Total", "Summa totalt", "Totalt för regionerna", "Summa:" … (not "Delsumma"). */
export function isTotalText(raw: string): boolean {
  let t = totalCache.get(raw);
  if (t === undefined) {
    if (totalCache.size > 20_000) totalCache.clear();
    const key = headerKey(raw);
    const first = key.split(' ', 1)[0] ?? '';
    t = raw.length <= 60 && TOTAL_FIRST.has(first) && !/\b(?:antal|number of)\b/.test(key);
    totalCache.set(raw, t);
  }
  return t;
}

/** Words saying a list is not exhaustive: "bl.a.", "bla", "bland annat", "t.ex.", "bl a", "among others", "e.g.", "inklusive". */
export function saysAmongOthers(raw: string): boolean {
  const s = ` ${raw.toLowerCase().replace(/[\s\u00a0]+/g, ' ')} `;
  return /[\s(](?:bl\.? ?a\.?|bla|bland annat|t\.? ?ex\.?|till exempel|exempelvis|bland andra|among others|e\.g\.|for example|including|inklusive|m\.? ?m\.?)[\s:,.)]/.test(s);
}

/** A line that introduces sub-items: ends with ":" or says "varav", "bl.a. nedan", "följande". */
export function introducesList(raw: string): boolean {
  const s = raw.trim().toLowerCase();
  return s.endsWith(':') || /\b(?:varav|nedan|foljande|följande|of which|below)\b/.test(s);
}

/** Words that make a table a plan of spending (budget) rather than an allocation. */
export function isBudgetText(raw: string): boolean {
  const k = headerKey(raw);
  return /\b(?:budget\w*|anvandning|aktivitet\w*|atgard\w*|insats\w*|forslag|plan\w*|kostnad\w*|spending|activities|planned)\b/.test(k);
}

/** The unit written in a number format's quoted text or suffix: `#,##0 "tkr"`, `0.0" Mkr"`, `# ##0 kr`. */
const unitFormatMemo = new Map<string, Unit | null>();
export function unitOfFormat(format: string): Unit | null {
  let u = unitFormatMemo.get(format);
  if (u === undefined) {
    u = unitOfFormatUncached(format);
    if (unitFormatMemo.size < 10_000) unitFormatMemo.set(format, u);
  }
  return u;
}

function unitOfFormatUncached(format: string): Unit | null {
  if (format === 'General' || format === '' || format === '@') return null;
  const quoted = /"([^"]*)"/g;
  let text = '';
  for (let m = quoted.exec(format); m; m = quoted.exec(format)) text += ` ${m[1]}`;
  if (text === '') text = format.replace(/[#0.,\s%;\\_*()[\]-]/g, ' ');
  return unitOfTokens(headerKey(text).split(' '));
}

/** Decimals a number format shows ("0.00" → 2, "0%" → 0 of percent, "#,##0" → 0); null for General/text formats. */
const decimalsMemo = new Map<string, number | null>();
export function formatDecimals(format: string): number | null {
  let d = decimalsMemo.get(format);
  if (d === undefined) {
    d = formatDecimalsUncached(format);
    if (decimalsMemo.size < 10_000) decimalsMemo.set(format, d);
  }
  return d;
}

function formatDecimalsUncached(format: string): number | null {
  if (format === 'General' || format === '' || format === '@') return null;
  const section = format.split(';', 1)[0] ?? format;
  const clean = section.replace(/"[^"]*"/g, '').replace(/\\./g, '');
  const m = /\.([0#?]+)/.exec(clean);
  return m ? (m[1] ?? '').length : /[0#?]/.test(clean) ? 0 : null;
}

const percentMemo = new Map<string, boolean>();
export function formatIsPercent(format: string): boolean {
  if (format === 'General') return false;
  let p = percentMemo.get(format);
  if (p === undefined) {
    p = format.replace(/"[^"]*"/g, '').includes('%');
    if (percentMemo.size < 10_000) percentMemo.set(format, p);
  }
  return p;
}
