/**
 * Readings: what a table of recipients and amounts is, chosen to explain it best.
 *
 * For every amount column of a table that lists recipients, the candidate readings are
 * enumerated — agreement × pot (or a part of a pot: one SVF of 2026's lead-time part) ×
 * recipients (all of the pot's; the qualifying subset of a conditional pot = the listed
 * recipients with an amount, the others at 0 or blank; the forfeit reading of a conditional
 * pot, failing recipients' shares not paid; an extract of a few) × population (the rule
 * file's table for the agreement, or the table's own population column) × rounding method
 * (largest remainder, half-up) — and each is scored by the cells it leaves unexplained
 * (rows off by more than a krona of rounding, missing recipients, a total that is not the
 * pot), less the evidence a person would use: a payment number in the title or header, the
 * title's amount, a pot's words, "villkor", the total. The best one is the column's reading;
 * two that explain it equally well (and differ) are a tie, said as a note. The reading is a
 * data value: the result lists it per table with its alternatives, and a chosen reading can
 * be passed back (`readings: { "Blad1!B4:F26": id }`).
 *
 * Bounded: candidates are pruned by recipient kind and by the table's total (a pot whose
 * amount is far from what the column sums to is not a reading of it unless a word names it),
 * allocations are cached per (agreement, pot, population, method, recipients).
 */
import { Decimal, ZERO } from '../../core/decimal';
import type { Agreement, Catalog, Cite, Method, Pot, Text } from '../../core/model';
import { regionClaims, rccClaims, resolvePopulation } from '../allocate/allocate';
import { apportion, type Claim } from '../allocate/apportion';
import { headerKey } from '../table/columns';
import { rangeA1 } from '../../core/a1';
import { formatDate } from '../parse/format';
import { cellA1, columnSum, isNumber, kronor, shownDecimals, tableCell, written } from './cells';
import type { Column, Table } from './finder';
import { agreementFacts, type AgreementFacts } from './knowledge';
import { amountsIn } from './prose';
import { isTotalText } from './words';
import { proseKey } from './names';
import type { CheckContext } from './types';
import type { Lang } from '../../core/lang';

export type RecipientsMode = 'all' | 'qualifying' | 'forfeit' | 'extract';

/** A reading of a table (its amount column), as data. */
export interface Reading {
  /** Stable id: agreement|pot|part|recipients|population|method. */
  id: string;
  agreement: string;
  /** The pot (or the sum of pots, e.g. "svf-payment-2") the column is read as. */
  pot: string;
  /** A part of the pot (2026's lead-time SVF parts: "breast" …). */
  part?: string;
  recipients: RecipientsMode;
  /** How many recipients the reading splits among (or, for an extract, lists). */
  count: number;
  /** Population table id ("2024-12-31"), "own" (the table's column), or null for equal splits. */
  population: string | null;
  method: Method;
}

/** A candidate pot (or part) to read a column as. */
interface Target {
  agreement: Agreement;
  facts: AgreementFacts;
  id: string;
  part?: string;
  title: Text;
  amount: Decimal;
  kind: 'regions' | 'rcc';
  /** Pots with their amount (a part: its own amount). */
  pieces: { pot: Pot; amount: Decimal }[];
  conditional: boolean;
  payment: number | null;
  words: Set<string>;
  cite: Cite;
  equal: boolean;
}

export interface Scored {
  reading: Reading;
  target: Target;
  column: Column;
  /** Expected kronor per recipient code (the recipients the reading pays). */
  expected: Map<string, Decimal>;
  /** The same under the rule file's population, when the reading uses the table's own. */
  ruleExpected: Map<string, Decimal> | null;
  /** Recipients of the pot the table does not list (mode all/forfeit). */
  missing: string[];
  unexplained: number;
  rounding: number;
  exact: number;
  evidence: number;
  cost: number;
  strong: boolean;
  /** The table's total for the column (total cell, else the sum), kronor; and its cell. */
  total: Decimal;
  totalCell: string;
  hasTotal: boolean;
  label: Text;
  /** Set by the allocation check: how many row findings (errors) the reading gave. */
  rowErrors?: number;
  /** Table row indexes listing a recipient a second time; rows of a recipient of another kind with money. */
  dups?: number[];
  extras?: number[];
}

export interface TableReading {
  table: Table;
  key: string;
  range: string;
  chosen: Scored | null;
  /** Other readings (best first), distinct in what they expect. */
  alternatives: Scored[];
  /** A reading that explains the table as well as the chosen one and differs from it. */
  tie: Scored | null;
  /** Columns other than the main one, with their readings. */
  others: Scored[];
  /** Amount columns that are the sum of the row's other amounts (a "Totalt" column). */
  rowSums: Column[];
  /** The reading was chosen by the user. */
  picked: boolean;
}

const EXP = { kr: 0, tkr: 3, mkr: 6, mdkr: 9 } as const;

function words(...texts: string[]): Set<string> {
  const out = new Set<string>();
  for (const t of texts) for (const w of headerKey(t).split(' ')) if (w.length > 2) out.add(w);
  return out;
}

function overlap(ws: Set<string>, text: string): number {
  let n = 0;
  for (const w of new Set(headerKey(text).split(' '))) if (w.length > 2 && ws.has(w)) n++;
  return n;
}

const targetCache = new WeakMap<Agreement, Target[]>();

/** The pots, payments and parts of an agreement a table can be read as. */
function targets(catalog: Catalog, agreement: Agreement): Target[] {
  const hit = targetCache.get(agreement);
  if (hit) return hit;
  const facts = agreementFacts(catalog, agreement);
  const out: Target[] = [];
  for (const c of facts.candidates) {
    if (c.recipients === 'single') continue;
    if (c.pots.some((p) => p.split.by === 'single' || p.split.by === 'unspecified')) continue;
    out.push({
      agreement, facts, id: c.id, title: c.title, amount: c.amount, kind: c.recipients, pieces: c.pots.map((p) => ({ pot: p, amount: new Decimal(p.amount) })),
      conditional: c.conditional, payment: c.payment, words: c.words, cite: c.cite, equal: c.pots.every((p) => p.split.by === 'equal'),
    });
  }
  for (const p of agreement.pots) {
    if (p.split.by !== 'parts' || p.recipients === 'single') continue;
    const amounts = apportion(new Decimal(p.amount), p.split.parts.map((x) => ({ code: x.id, weight: new Decimal(1) })));
    p.split.parts.forEach((part, i) => {
      out.push({
        agreement, facts, id: p.id, part: part.id, title: { sv: `${p.title.sv}: ${part.title.sv}`, en: `${p.title.en}: ${part.title.en}` },
        amount: amounts[i]!.amount, kind: p.recipients as 'regions' | 'rcc', pieces: [{ pot: { ...p, split: { by: 'population' } } as Pot, amount: amounts[i]!.amount }],
        conditional: true, payment: /payment-(\d)/.test(p.id) ? Number(/payment-(\d)/.exec(p.id)![1]) : null,
        words: words(part.title.sv, part.title.en), cite: part.cite ?? p.cite, equal: false,
      });
    });
  }
  targetCache.set(agreement, out);
  return out;
}

// Allocation cache: per catalog, key → expected map.
const allocCache = new WeakMap<Catalog, Map<string, Map<string, Decimal>>>();

const claimsCache = new WeakMap<Agreement, Map<string, { id: string; claims: Claim[] }>>();
function claimsFor(catalog: Catalog, agreement: Agreement, kind: 'regions' | 'rcc'): { id: string; claims: Claim[] } {
  let m = claimsCache.get(agreement);
  if (!m) {
    m = new Map();
    claimsCache.set(agreement, m);
  }
  let hit = m.get(kind);
  if (!hit) {
    const table = resolvePopulation(catalog, agreement);
    hit = { id: table.id, claims: kind === 'rcc' ? rccClaims(catalog.reference, table) : regionClaims(table) };
    m.set(kind, hit);
  }
  return hit;
}

function split(target: Target, claims: Claim[], method: Method): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const { pot, amount } of target.pieces) {
    const cl = pot.split.by === 'equal' ? claims.map((c) => ({ ...c, weight: new Decimal(1) })) : claims;
    const parts = pot.split.by === 'parts' ? apportion(amount, pot.split.parts.map((_, i) => ({ code: String(i + 1), weight: new Decimal(1) }))).map((x) => x.amount) : [amount];
    for (const part of parts) for (const r of apportion(part, cl, method)) out.set(r.code, (out.get(r.code) ?? ZERO).plus(r.amount));
  }
  return out;
}

function ruleSplit(catalog: Catalog, target: Target, method: Method, codes: readonly string[] | null): { map: Map<string, Decimal>; population: string } {
  const { id, claims } = claimsFor(catalog, target.agreement, target.kind);
  let cache = allocCache.get(catalog);
  if (!cache) {
    cache = new Map();
    allocCache.set(catalog, cache);
  }
  const key = `${target.agreement.id}|${target.id}|${target.part ?? ''}|${method}|${codes ? codes.join(',') : '*'}`;
  let m = cache.get(key);
  if (!m) {
    const cl = codes ? claims.filter((c) => codes.includes(c.code)) : claims;
    m = cl.length > 0 ? split(target, cl, method) : new Map();
    if (cache.size > 5_000) cache.clear();
    cache.set(key, m);
  }
  return { map: m, population: id };
}

const dateWords = (iso: string, l: Lang): string => formatDate(iso, l);

function potWords(t: Target, l: Lang): string {
  const m = /^svf-payment-(\d)$/.exec(t.id);
  if (m && !t.part) return l === 'sv' ? `utbetalning ${m[1]}` : `payment ${m[1]}`;
  if (t.part) {
    const whole = t.agreement.pots.find((p) => p.id === t.id);
    const title = whole && whole.split.by === 'parts' ? whole.split.parts.find((x) => x.id === t.part)?.title[l] : undefined;
    const n = /payment-(\d)/.exec(t.id)?.[1];
    if (title) return n ? `${l === 'sv' ? 'utbetalning' : 'payment'} ${n}: ${title}` : title;
  }
  return t.title[l];
}

/** What one column is read as, short: "SVF bröstcancer, 20 regioner som uppfyller villkoren (övriga 0)". */
export function columnLabel(s: Scored, l: Lang): string {
  return readingLabel(s.reading, s.target, '', l).replace(/^.*?: \S+, /, '').replace(/, (?:befolkning|population|lika delar|equal shares|tabellens egen befolkning|the table's own population)[^,]*, [^,]+$/, '');
}

export function readingLabel(r: Reading, t: Target, range: string, l: Lang): string {
  const kind = t.kind === 'rcc' ? 'RCC' : r.count === 1 ? 'region' : l === 'sv' ? 'regioner' : 'regions';
  const who =
    r.recipients === 'all' ? `${r.count} ${kind}`
      : r.recipients === 'qualifying' ? (l === 'sv' ? `${r.count} ${kind} som uppfyller villkoren (övriga 0)` : `${r.count} qualifying ${kind} (others 0)`)
        : r.recipients === 'forfeit' ? (l === 'sv' ? `${r.count} ${kind}, ej uppfyllda andelar inte utbetalda` : `${r.count} ${kind}, failing shares not paid`)
          : l === 'sv' ? `utdrag: ${r.count} ${kind}` : `extract: ${r.count} ${kind}`;
  const pop = r.population === null ? (l === 'sv' ? 'lika delar' : 'equal shares')
    : r.population === 'own' ? (l === 'sv' ? 'tabellens egen befolkning' : "the table's own population")
      : `${l === 'sv' ? 'befolkning' : 'population'} ${dateWords(r.population, l)}`;
  const method = r.method === 'half-up' ? (l === 'sv' ? 'avrundning uppåt' : 'half-up') : l === 'sv' ? 'största rest' : 'largest remainder';
  return `${range} ${l === 'sv' ? 'läst som' : 'read as'}: ${r.agreement}, ${potWords(t, l)}, ${who}, ${pop}, ${method}`;
}

/** The payment number the table's title or the column's header names. */
function paymentNamed(t: Table, col: Column): number | null {
  if (col.word.payment !== null) return col.word.payment;
  const key = headerKey(t.title);
  const pm = /\b(?:utbetalning|utbetalt|payment|omgang|delbetalning)(?: nr)? ?([1-4])\b/.exec(key);
  if (pm) return Number(pm[1]);
  if (/\b(?:forsta|first) (?:utbetalning|payment)/.test(key)) return 1;
  if (/\b(?:andra|second) (?:utbetalning|payment)/.test(key)) return 2;
  return null;
}

/** Columns that are, row by row, the sum of the table's other amount columns. */
function rowSumColumns(t: Table, amountCols: Column[]): Column[] {
  if (amountCols.length < 2) return [];
  const out: Column[] = [];
  for (const c of amountCols) {
    const others = amountCols.filter((o) => o !== c && o.unit === c.unit);
    // "Totalt" beside a single amount column is its copy per row; without a total word, it takes two columns to add up.
    if (others.length < (isTotalText(c.header) ? 1 : 2)) continue;
    let rows = 0;
    let ok = true;
    for (let i = 0; i < t.rows.length && ok; i++) {
      if (!isNumber(c.kind[i]!)) continue;
      let s = 0;
      for (const o of others) if (isNumber(o.kind[i]!)) s += o.num[i]!;
      if (Math.abs(s - c.num[i]!) > 1e-6 * Math.max(1, Math.abs(s))) ok = false;
      rows++;
    }
    if (ok && rows >= 2) out.push(c);
  }
  return out;
}

interface Row {
  i: number;
  code: string;
  /** Kronor, or null for a blank/non-number cell. */
  actual: Decimal | null;
  zero: boolean;
  tol: Decimal;
}

/** Score one reading of a column. */
function score(
  ctx: CheckContext, t: Table, col: Column, target: Target, mode: RecipientsMode, population: 'rule' | 'own', method: Method,
  rows: Row[], listed: string[], nonzero: string[], range: string, mainAgreement: string,
): Scored | null {
  const { catalog, grid } = ctx;
  let expected: Map<string, Decimal>;
  let popId: string | null;
  let ruleExpected: Map<string, Decimal> | null = null;
  const fullCodes = ruleSplit(catalog, target, method, null).map;
  const potRecipients = [...fullCodes.keys()];
  if (population === 'own') {
    const popCol = t.columns.find((c) => c.role === 'population');
    if (!popCol || target.equal) return null;
    const claims: Claim[] = [];
    const use = mode === 'qualifying' ? nonzero : listed;
    for (const r of rows) {
      if (!use.includes(r.code)) continue;
      const v = written(popCol, r.i);
      if (!v || !v.isInteger() || v.isNegative()) return null;
      claims.push({ code: r.code, weight: v });
    }
    if (claims.length === 0 || claims.every((c) => c.weight.isZero())) return null;
    expected = split(target, claims, method);
    popId = 'own';
    ruleExpected = ruleSplit(catalog, target, method, mode === 'qualifying' ? nonzero : mode === 'all' && listed.length < potRecipients.length ? listed : null).map;
    if (mode === 'all' && listed.length < potRecipients.length) return null; // own population cannot know the missing
  } else {
    const r = ruleSplit(catalog, target, method, mode === 'qualifying' ? nonzero : null);
    expected = r.map;
    popId = target.equal ? null : r.population;
  }
  let unexplained = 0;
  let rounding = 0;
  let exact = 0;
  for (const r of rows) {
    const e = expected.get(r.code);
    if (r.actual === null) {
      // Blank: explained when the reading pays nothing here.
      if (mode === 'all' && e !== undefined && !e.isZero()) unexplained++;
      continue;
    }
    if (e === undefined) {
      if (r.zero && (mode === 'qualifying' || mode === 'forfeit')) exact++;
      else if (!r.zero) unexplained++;
      continue;
    }
    if (mode === 'forfeit' && r.zero) {
      exact++;
      continue;
    }
    const d = r.actual.minus(e).abs();
    if (d.lte(r.tol)) exact++;
    else if (d.lte(r.tol.plus(1))) rounding++;
    else unexplained++;
  }
  const missing = mode === 'all' || mode === 'forfeit' ? potRecipients.filter((c) => !listed.includes(c)) : [];
  unexplained += missing.length;
  // The total: the total cell, else the sum.
  const ti = t.totalIndex;
  const hasTotal = ti >= 0 && isNumber(col.kind[ti]!);
  const total = hasTotal ? kronor(col, ti)! : columnSum(t, col, { amounts: true });
  const totalCell = hasTotal ? tableCell(grid, t, ti, col) : cellA1(grid, t.headerRow, col.col);
  const factor = new Decimal(10).pow(EXP[col.unit]);
  const totalTol = col.unit === 'kr' ? ZERO : factor.div(2);
  let expectedTotal = ZERO;
  for (const r of rows) if (!(mode === 'forfeit' && r.zero)) expectedTotal = expectedTotal.plus(expected.get(r.code) ?? ZERO);
  const totalIsPot = total.minus(target.amount).abs().lte(totalTol);
  if (hasTotal && (mode === 'all' || mode === 'qualifying') && !totalIsPot && !total.minus(expectedTotal).abs().lte(totalTol)) unexplained++;
  // Evidence.
  let evidence = 0;
  let strong = false;
  const pay = paymentNamed(t, col);
  if (pay !== null) {
    if (target.payment === pay) {
      evidence += 2;
      strong = true;
    } else evidence -= 2;
  }
  const titleAmounts = amountsIn(proseKey(t.title)).filter((a) => !a.approx).map((a) => a.kronor);
  if (titleAmounts.some((a) => a.eq(target.amount))) {
    evidence += 2;
    strong = true;
  }
  const text = `${t.title} ${col.header}`;
  const ov = overlap(target.words, text);
  evidence += Math.min(ov, 4) * 0.25;
  if (ov >= 2) strong = true;
  if (target.part && col.word.svf !== null) {
    if (col.word.svf === target.part) {
      evidence += 2;
      strong = true;
    } else evidence -= 2;
  }
  const villkor = /\bvillkor\w*|\bconditional|\bqualif/.test(headerKey(text));
  if ((mode === 'qualifying' || mode === 'forfeit') && villkor) evidence += 0.5;
  if (totalIsPot && mode !== 'extract' && mode !== 'forfeit') {
    evidence += 1;
    strong = true;
  }
  if (target.agreement.id !== mainAgreement) evidence -= 1.5;
  if (mode === 'extract') evidence -= 0.25;
  if (method === 'half-up') evidence -= 0.1;
  if (population === 'own') evidence -= 0.1;
  const cost = unexplained + rounding * 0.25 - evidence * 0.5;
  const count = mode === 'qualifying' ? nonzero.length : mode === 'extract' ? listed.length : population === 'own' ? listed.length : potRecipients.length;
  const reading: Reading = {
    id: [target.agreement.id, target.id, target.part ?? '', mode, popId ?? 'equal', method].join('|'),
    agreement: target.agreement.id,
    pot: target.id,
    ...(target.part ? { part: target.part } : {}),
    recipients: mode,
    count,
    population: popId,
    method,
  };
  return {
    reading, target, column: col, expected, ruleExpected, missing, unexplained, rounding, exact, evidence, cost, strong, total, totalCell, hasTotal,
    label: { sv: readingLabel(reading, target, range, 'sv'), en: readingLabel(reading, target, range, 'en') },
  };
}

/** Is a scored reading acceptable as what the column is (explains most rows, or a word names it)? */
function acceptable(s: Scored, rows: Row[]): boolean {
  const numeric = rows.filter((r) => r.actual !== null).length;
  if (numeric === 0) return false;
  if (s.strong) return true;
  return s.exact + s.rounding >= Math.max(2, Math.ceil(numeric / 2));
}

function sameExpectation(a: Scored, b: Scored, rows: Row[]): boolean {
  if (a.reading.recipients !== b.reading.recipients) return false;
  for (const r of rows) {
    const x = a.expected.get(r.code);
    const y = b.expected.get(r.code);
    if ((x === undefined) !== (y === undefined)) return false;
    if (x && y && !x.eq(y)) return false;
  }
  return true;
}

/** Score every reading of one amount column; best first. */
function columnReadings(ctx: CheckContext, t: Table, col: Column, range: string, agreements: Agreement[]): Scored[] {
  const kind = t.recipientKind!;
  const rows: Row[] = [];
  const seen = new Set<string>();
  const factor = new Decimal(10).pow(EXP[col.unit]);
  /** Rows listing a recipient a second time, and rows of recipients of another kind (SKR in a regions table) with money. */
  const dups: number[] = [];
  const extras: number[] = [];
  for (let i = 0; i < t.rows.length; i++) {
    const r = t.recipients[i];
    if (!r) continue;
    if ((kind === 'regions' && r.kind !== 'region') || (kind === 'rcc' && r.kind !== 'rcc')) {
      if (r.kind === 'org' && isNumber(col.kind[i]!) && col.num[i] !== 0) extras.push(i);
      continue;
    }
    if (seen.has(r.code)) {
      dups.push(i);
      if (dups.length > 2) return []; // recipients listed again and again (years, items …): not an allocation table
      continue;
    }
    seen.add(r.code);
    const actual = isNumber(col.kind[i]!) ? kronor(col, i) : null;
    const tol = col.unit === 'kr' ? ZERO : factor.times(new Decimal(10).pow(-shownDecimals(col, i, ctx.grid, t.rows[i]!, false))).div(2);
    rows.push({ i, code: r.code, actual, zero: actual !== null && actual.isZero(), tol });
  }
  if (rows.length === 0) return [];
  const listed = rows.map((r) => r.code);
  const nonzero = rows.filter((r) => r.actual !== null && !r.actual.isZero()).map((r) => r.code);
  const anyZero = rows.some((r) => r.actual === null || r.zero);
  const sum = columnSum(t, col, { amounts: true }).toNumber();
  const ti = t.totalIndex;
  const totalCellValue = ti >= 0 && isNumber(col.kind[ti]!) ? kronor(col, ti)!.toNumber() : null;
  const text = `${t.title} ${col.header}`;
  const pay = paymentNamed(t, col);
  const titleAmounts = amountsIn(proseKey(t.title)).filter((a) => !a.approx).map((a) => a.kronor.toNumber());
  const hasPop = t.columns.some((c) => c.role === 'population');
  const out: Scored[] = [];
  for (const agreement of agreements) {
    // Other agreements are tried only when the sheet's own leaves the column unexplained.
    if (agreement !== agreements[0] && out.some((s) => s.unexplained === 0 && acceptable(s, rows))) break;
    for (const target of targets(ctx.catalog, agreement)) {
      if (target.kind !== kind) continue;
      const full = ruleSplit(ctx.catalog, target, 'largest-remainder', null).map;
      const extract = listed.length * 2 <= full.size;
      // Prune by the total: a pot far from what the column adds up to is not its reading, unless named.
      const amount = target.amount.toNumber();
      const named = (pay !== null && target.payment === pay) || titleAmounts.includes(amount) || overlap(target.words, text) >= 2;
      if (!extract && !named) {
        const near = (x: number | null) => x !== null && x > 0 && x / amount > 0.5 && x / amount < 2;
        if (!near(sum) && !near(totalCellValue)) continue;
      }
      if (extract && !named) {
        // An extract is the pot's full split, row by row: some row must agree with it.
        if (!rows.some((r) => r.actual !== null && full.has(r.code) && r.actual.minus(full.get(r.code)!).abs().lte(r.tol.plus(1)))) continue;
      }
      const modes: RecipientsMode[] = extract ? ['extract'] : ['all'];
      // The qualifying subset can be any size, none included (nobody met the conditions: every row 0).
      if (!extract && target.conditional && anyZero) modes.push('qualifying', ...(nonzero.length > 0 ? (['forfeit'] as const) : []));
      else if (target.conditional && !extract && nonzero.length >= 2 && nonzero.length < full.size && listed.length === nonzero.length) modes.push('qualifying');
      for (const mode of modes) {
        if (mode === 'qualifying') {
          // One region paid that should not be (a non-qualifying region given money): the subset without it.
          const plain = score(ctx, t, col, target, mode, 'rule', 'largest-remainder', rows, listed, nonzero, range, ctx.agreement.id);
          if (plain && plain.unexplained > 1 && nonzero.length >= 3 && nonzero.length <= 40) {
            let best: Scored | null = null;
            for (const drop of nonzero) {
              const sub = nonzero.filter((c) => c !== drop);
              const s = score(ctx, t, col, target, mode, 'rule', 'largest-remainder', rows, listed, sub, range, ctx.agreement.id);
              if (s && (!best || s.cost < best.cost)) best = s;
            }
            if (best && best.unexplained === 1) out.push(best);
          }
        }
        for (const population of hasPop && !target.equal && mode !== 'extract' ? (['rule', 'own'] as const) : (['rule'] as const)) {
          const lr = score(ctx, t, col, target, mode, population, 'largest-remainder', rows, listed, nonzero, range, ctx.agreement.id);
          if (lr) out.push(lr);
          // Half-up only where largest remainder leaves something to explain.
          if (lr && lr.unexplained === 0 && lr.rounding === 0) continue;
          const hu = score(ctx, t, col, target, mode, population, 'half-up', rows, listed, nonzero, range, ctx.agreement.id);
          if (hu) out.push(hu);
        }
      }
    }
  }
  // Stable: enumeration order is the preference order on equal cost.
  const ranked = out.map((s, k) => ({ s, k })).sort((a, b) => a.s.cost - b.s.cost || a.k - b.k).map((x) => x.s);
  const distinct: Scored[] = [];
  for (const s of ranked) if (!distinct.some((d) => d.target === s.target && sameExpectation(d, s, rows))) distinct.push(s);
  return distinct.filter((s) => acceptable(s, rows)).map((s) => Object.assign(s, { rows, dups, extras }));
}

export function tableKey(ctx: CheckContext, t: Table): { key: string; range: string } {
  const g = ctx.grid;
  const range = rangeA1(g.top + t.headerRow, g.left + t.left, g.top + t.endRow, g.left + t.right);
  return { key: `${g.sheet}!${range}`, range };
}

function read(ctx: CheckContext): Map<Table, TableReading> {
  const out = new Map<Table, TableReading>();
  const agreements = ctx.agreementFixed ? [ctx.agreement] : [ctx.agreement, ...ctx.catalog.agreements.filter((a) => a.id !== ctx.agreement.id)];
  for (const t of ctx.scan.tables) {
    if (!t.recipientKind) continue;
    const { key, range } = tableKey(ctx, t);
    const amountCols = t.columns.filter((c) => c.role === 'amount');
    // A "Totalt" column may add up columns whose headers are only pot names (role "number").
    const wholeNumbers = t.columns.filter((c) => c.role === 'number' && c.numeric > 0 && [...c.kind].every((k, i) => k === 0 || (k === 1 && Number.isInteger(c.num[i]!))));
    const rowSums = rowSumColumns(t, [...amountCols, ...wholeNumbers]).filter((c) => c.role === 'amount');
    const perCol = amountCols.filter((c) => !rowSums.includes(c)).map((c) => columnReadings(ctx, t, c, range, agreements)).filter((l) => l.length > 0);
    if (perCol.length === 0) {
      out.set(t, { table: t, key, range, chosen: null, alternatives: [], tie: null, others: [], rowSums, picked: false });
      continue;
    }
    // The main column: the one whose best reading explains most (cost per row), else the first.
    const main = perCol[0]!;
    let chosen = main[0]!;
    let picked = false;
    const want = ctx.readings?.[key];
    if (want) {
      const p = main.find((s) => s.reading.id === want);
      if (p) {
        chosen = p;
        picked = true;
      }
    }
    const rows = (chosen as Scored & { rows: Row[] }).rows;
    const alternatives = main.filter((s) => s !== chosen);
    const tie = !picked ? alternatives.find((s) => Math.abs(s.cost - chosen.cost) < 1e-9 && !sameExpectation(s, chosen, rows)) ?? null : null;
    out.set(t, { table: t, key, range, chosen, alternatives: alternatives.slice(0, 8), tie, others: perCol.slice(1).map((l) => l[0]!), rowSums, picked });
  }
  return out;
}

const memo = new WeakMap<CheckContext, Map<Table, TableReading>>();
/** The readings of a sheet's tables (computed once per check context). */
export function tableReadings(ctx: CheckContext): Map<Table, TableReading> {
  let m = memo.get(ctx);
  if (!m) {
    m = read(ctx);
    memo.set(ctx, m);
  }
  return m;
}

export function expectedRows(s: Scored): Row[] {
  return (s as Scored & { rows: Row[] }).rows;
}

export { agreementFacts };
