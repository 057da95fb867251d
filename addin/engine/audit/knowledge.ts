/**
 * What follows from an agreement's rule file for an audit: the SVF money to the
 * regions and its payments, each pot's allocation (default population, largest
 * remainder), the thresholds with their citations, the dates. Computed once per
 * catalog and agreement (allocations lazily) and cached.
 */
import { Decimal, ZERO, sumDecimals } from '../../core/decimal';
import type { Agreement, Catalog, Cite, Pot, Text } from '../../core/model';
import { allocate, regionClaims, rccClaims, resolvePopulation } from '../allocate/allocate';
import { apportion, type Claim } from '../allocate/apportion';
import { headerKey } from '../table/columns';
import type { Svf } from './words';
import { amountsIn } from './prose';
import { proseKey } from './names';

export interface Threshold {
  kind: 'inclusion' | 'leadtime';
  svf: Svf | null;
  /** A fraction, e.g. 0.70. */
  value: Decimal;
  /** "over 70 procent": strictly greater. Otherwise reached at the value. */
  strict: boolean;
  label: Text;
  cite: Cite;
  /** From a payment condition of the agreement (true) or the national target (false). */
  condition: boolean;
}

/** A pot (or a sum of pots: a whole payment, the regions' SVF money) a table or a sentence can be about. */
export interface PotCandidate {
  id: string;
  title: Text;
  amount: Decimal;
  recipients: 'regions' | 'rcc' | 'single';
  pots: Pot[];
  conditional: boolean;
  /** SVF payment number (1, 2) when the candidate is (part of) one. */
  payment: number | null;
  /** headerKey tokens of the titles, for matching a table's title or header. */
  words: Set<string>;
  cite: Cite;
}

export interface KnownAmount {
  amount: Decimal;
  what: Text;
  cite: Cite;
  kind: 'total' | 'group' | 'pot' | 'payment' | 'svf-total' | 'part';
}

export interface AgreementFacts {
  agreement: Agreement;
  catalog: Catalog;
  populationDate: string;
  /** The SVF money to the regions (the regions' pots together), with the sentence it rests on. */
  svfTotal: Decimal;
  svfCite: Cite;
  /** The SVF payments to the regions: payment number → amount (all its pots). */
  payments: { n: number; amount: Decimal; cite: Cite }[];
  candidates: PotCandidate[];
  known: KnownAmount[];
  thresholds: Threshold[];
  /** Every date in the rule file (ISO yyyy-mm-dd and yyyy-mm), with what it is. */
  dates: Map<string, { what: Text; cite: Cite }>;
  /** Expected amounts per recipient code for a candidate; `codes`: the recipients a table lists (a conditional pot is then split among them). Null when the rule file does not say how the pot is split. */
  expected(c: PotCandidate, codes?: readonly string[]): Map<string, Decimal> | null;
  /** A region's money from all the regions' pots (if it meets every condition). */
  regionMoney(code: string): Decimal;
  /** A region's share of SVF payment n (if it meets the conditions). */
  regionPayment(n: number, code: string): Decimal;
  /** Whether SVF payment n has conditions (or parts that do). */
  conditionalPayment(n: number): boolean;
  /** A region's share of an amount split over all regions by population (for "what the sheet's figure would give"). */
  regionShareOf(amount: Decimal, code: string): Decimal;
}

const cache = new WeakMap<Catalog, Map<string, AgreementFacts>>();

function words(...texts: string[]): Set<string> {
  const out = new Set<string>();
  for (const t of texts) for (const w of headerKey(t).split(' ')) if (w.length > 2) out.add(w);
  return out;
}

function paymentOf(pot: Pot): number | null {
  const m = /payment-(\d)/.exec(pot.id);
  return m ? Number(m[1]) : null;
}

export function agreementFacts(catalog: Catalog, agreement: Agreement): AgreementFacts {
  let byId = cache.get(catalog);
  if (!byId) {
    byId = new Map();
    cache.set(catalog, byId);
  }
  const hit = byId.get(agreement.id);
  if (hit && hit.agreement === agreement) return hit;
  const facts = build(catalog, agreement);
  byId.set(agreement.id, facts);
  return facts;
}

function build(catalog: Catalog, agreement: Agreement): AgreementFacts {
  const population = resolvePopulation(catalog, agreement);
  const regionPots = agreement.pots.filter((p) => p.recipients === 'regions');
  const regionsGroup = agreement.groups.find((g) => g.id === 'regions');
  const svfTotal = sumDecimals(regionPots.map((p) => new Decimal(p.amount)));
  const svfCite = regionsGroup?.cite ?? regionPots[0]?.cite ?? agreement.totalCite;

  // Payments: pots named svf-payment-N grouped by N.
  const byPayment = new Map<number, Pot[]>();
  for (const p of regionPots) {
    const n = paymentOf(p);
    if (n !== null) byPayment.set(n, [...(byPayment.get(n) ?? []), p]);
  }
  const payments = [...byPayment.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([n, pots]) => ({ n, amount: sumDecimals(pots.map((p) => new Decimal(p.amount))), cite: pots[0]!.cite }));

  const candidates: PotCandidate[] = agreement.pots.map((p) => ({
    id: p.id,
    title: p.title,
    amount: new Decimal(p.amount),
    recipients: p.recipients,
    pots: [p],
    conditional: Boolean(p.conditions?.length) || p.split.by === 'parts',
    payment: paymentOf(p),
    words: words(p.title.sv, p.title.en),
    cite: p.cite,
  }));
  for (const [n, pots] of byPayment) {
    if (pots.length < 2) continue;
    candidates.push({
      id: `svf-payment-${n}`,
      title: { sv: `Standardiserade vårdförlopp, utbetalning ${n}`, en: `SVF payment ${n}` },
      amount: sumDecimals(pots.map((p) => new Decimal(p.amount))),
      recipients: 'regions',
      pots,
      conditional: pots.some((p) => Boolean(p.conditions?.length) || p.split.by === 'parts'),
      payment: n,
      words: words(`utbetalning ${n}`, `payment ${n}`, ...pots.map((p) => p.title.sv)),
      cite: pots[0]!.cite,
    });
  }
  if (regionPots.length > 1) {
    candidates.push({
      id: 'svf-regions',
      title: regionsGroup?.title ?? { sv: 'Medel till regionerna', en: 'To the regions' },
      amount: svfTotal,
      recipients: 'regions',
      pots: regionPots,
      conditional: regionPots.some((p) => Boolean(p.conditions?.length) || p.split.by === 'parts'),
      payment: null,
      words: words('regionerna totalt', 'svf'),
      cite: svfCite,
    });
  }

  const known: KnownAmount[] = [
    { amount: new Decimal(agreement.total), what: { sv: 'överenskommelsens totala belopp', en: "the agreement's total" }, cite: agreement.totalCite, kind: 'total' },
    ...agreement.groups.map((g) => ({ amount: new Decimal(g.amount), what: g.title, cite: g.cite, kind: 'group' as const })),
    ...agreement.pots.map((p) => ({ amount: new Decimal(p.amount), what: p.title, cite: p.cite, kind: 'pot' as const })),
    ...payments.map((p) => ({ amount: p.amount, what: { sv: `SVF-utbetalning ${p.n}`, en: `SVF payment ${p.n}` }, cite: p.cite, kind: 'payment' as const })),
    { amount: svfTotal, what: { sv: 'SVF-medlen till regionerna', en: 'the SVF money to the regions' }, cite: svfCite, kind: 'svf-total' },
  ];
  // Amounts the rule file quotes (the 5 000 000 kr of administrative support inside a pot, …) are the agreement's too.
  const quoted = new Set(known.map((k) => k.amount.toFixed(0)));
  for (const p of agreement.pots) {
    for (const a of amountsIn(proseKey(p.cite.text))) {
      if (a.approx || quoted.has(a.kronor.toFixed(0))) continue;
      quoted.add(a.kronor.toFixed(0));
      known.push({ amount: a.kronor, what: p.title, cite: p.cite, kind: 'part' });
    }
  }
  for (const p of agreement.pots) {
    if (p.split.by !== 'parts') continue;
    for (const part of apportion(new Decimal(p.amount), p.split.parts.map((x) => ({ code: x.id, weight: new Decimal(1) })))) {
      known.push({ amount: part.amount, what: { sv: `${p.title.sv}, del ${part.code}`, en: `${p.title.en}, part ${part.code}` }, cite: p.cite, kind: 'part' });
    }
  }

  const thresholds: Threshold[] = [];
  const cond = (fact: string) => agreement.conditions.find((c) => c.fact === fact && (c.operator === 'atLeast' || c.operator === 'over'));
  const general = cond('inclusion');
  const target = (fact: 'inclusion' | 'leadtime') => agreement.targets?.find((t) => t.fact === fact);
  const inclusionTarget = target('inclusion');
  if (general) {
    thresholds.push({ kind: 'inclusion', svf: null, value: new Decimal(String(general.value)), strict: general.operator === 'over', label: general.label, cite: general.cite, condition: true });
  } else if (inclusionTarget) {
    thresholds.push({ kind: 'inclusion', svf: null, value: new Decimal(inclusionTarget.value), strict: false, label: inclusionTarget.label, cite: inclusionTarget.cite, condition: false });
  }
  const leadtimeTarget = target('leadtime');
  if (leadtimeTarget) {
    thresholds.push({ kind: 'leadtime', svf: null, value: new Decimal(leadtimeTarget.value), strict: false, label: leadtimeTarget.label, cite: leadtimeTarget.cite, condition: false });
  }
  for (const svf of ['breast', 'colorectal', 'prostate'] as const) {
    for (const kind of ['inclusion', 'leadtime'] as const) {
      const c = cond(`${kind}_${svf}`);
      if (c) thresholds.push({ kind, svf, value: new Decimal(String(c.value)), strict: c.operator === 'over', label: c.label, cite: c.cite, condition: true });
    }
  }

  const dates = new Map<string, { what: Text; cite: Cite }>();
  const addDate = (d: string, what: Text, cite: Cite) => {
    if (!dates.has(d)) dates.set(d, { what, cite });
    if (d.length === 10 && !dates.has(d.slice(0, 7))) dates.set(d.slice(0, 7), { what, cite });
  };
  for (const d of agreement.deadlines) addDate(d.date, d.what, d.cite);
  for (const p of agreement.pots) for (const d of p.payment ?? []) addDate(d.date, d.what, d.cite);
  for (const c of agreement.conditions) if (c.operator === 'submittedBy' && typeof c.value === 'string') addDate(c.value, c.label, c.cite);

  // Allocations, lazily.
  const allocations = new Map<string, Map<string, Decimal> | null>();
  const full = (pot: Pot): Map<string, Decimal> | null => {
    if (!allocations.has(pot.id)) {
      try {
        const a = allocate(catalog, { agreement: agreement.id, pot: pot.id });
        allocations.set(pot.id, new Map(a.rows.map((r) => [r.code, r.amount])));
      } catch {
        allocations.set(pot.id, null); // the rule file does not say how it is split
      }
    }
    return allocations.get(pot.id) ?? null;
  };
  const regionWeights = new Map(regionClaims(population).map((c) => [c.code, c]));
  const rccWeights = new Map(rccClaims(catalog.reference, population).map((c) => [c.code, c]));

  const subset = (pot: Pot, codes: readonly string[]): Map<string, Decimal> | null => {
    const weights = pot.recipients === 'rcc' ? rccWeights : regionWeights;
    const claims: Claim[] = [];
    for (const code of codes) {
      const c = weights.get(code);
      if (c) claims.push(pot.split.by === 'equal' ? { ...c, weight: new Decimal(1) } : c);
    }
    if (claims.length === 0) return null;
    const out = new Map<string, Decimal>();
    const amount = new Decimal(pot.amount);
    const parts = pot.split.by === 'parts' ? apportion(amount, pot.split.parts.map((_, i) => ({ code: String(i + 1), weight: new Decimal(1) }))).map((p) => p.amount) : [amount];
    for (const part of parts) for (const r of apportion(part, claims)) out.set(r.code, (out.get(r.code) ?? ZERO).plus(r.amount));
    return out;
  };

  const expected = (c: PotCandidate, codes?: readonly string[]): Map<string, Decimal> | null => {
    const out = new Map<string, Decimal>();
    for (const pot of c.pots) {
      const all = full(pot);
      if (!all) return null;
      const listed = codes?.filter((x) => all.has(x)) ?? [];
      const partial = codes !== undefined && listed.length > 0 && listed.length < all.size;
      const m = partial && (Boolean(pot.conditions?.length) || pot.split.by === 'parts') ? subset(pot, listed) : all;
      if (!m) return null;
      for (const [code, v] of m) out.set(code, (out.get(code) ?? ZERO).plus(v));
    }
    return out;
  };

  const regionMoneyCache = new Map<string, Decimal>();
  const regionMoney = (code: string): Decimal => {
    let v = regionMoneyCache.get(code);
    if (v === undefined) {
      v = ZERO;
      for (const p of regionPots) v = v.plus(full(p)?.get(code) ?? ZERO);
      regionMoneyCache.set(code, v);
    }
    return v;
  };
  const regionPayment = (n: number, code: string): Decimal => {
    let v = ZERO;
    for (const p of byPayment.get(n) ?? []) v = v.plus(full(p)?.get(code) ?? ZERO);
    return v;
  };
  const regionShareOf = (amount: Decimal, code: string): Decimal => {
    const amt = amount.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
    const r = apportion(amt, [...regionWeights.values()]).find((x) => x.code === code);
    return r?.amount ?? ZERO;
  };

  const conditionalPayment = (n: number): boolean => (byPayment.get(n) ?? []).some((p) => Boolean(p.conditions?.length) || p.split.by === 'parts');

  return {
    agreement,
    catalog,
    conditionalPayment,
    populationDate: population.date,
    svfTotal,
    svfCite,
    payments,
    candidates,
    known,
    thresholds,
    dates,
    expected,
    regionMoney,
    regionPayment,
    regionShareOf,
  };
}
