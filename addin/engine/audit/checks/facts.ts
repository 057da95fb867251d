/**
 * Stated facts: what a sheet's own text says about the agreement — the SVF
 * money's total and payments, a region's share, the number of payments, the
 * targets and the dates — checked against the rule file.
 *
 * A figure that equals any amount of the agreement (or a region's computed
 * share of one) is consistent and left alone. Otherwise the sentence's words
 * decide what it is about: a pot-level figure that contradicts the rule file is
 * an error; a region's approximate share ("ca 4,6 mkr") that does not match its
 * computed share is a warning giving the computed figure.
 */
import { Decimal } from '../../../core/decimal';
import { formatDate } from '../../parse/format';
import { cellA1 } from '../cells';
import type { AgreementFacts, Threshold } from '../knowledge';
import { agreementRef, both, finding, kr, mkr, pct } from '../messages';
import { namesFor } from '../names';
import { amountsIn, datesIn, paymentCountsIn, percentsIn, sentences, type AmountMention } from '../prose';
import type { Check, CheckContext, Finding } from '../types';
import type { Text, Cite } from '../../../core/model';
import type { Lang } from '../../../core/lang';

const SVF_WORDS = /\b(?:svf|standardiserade? vardforlopp|standardiserat vardforlopp|vardforlopp\w*)\b/;
const AGREEMENT_WORDS = /\boverenskommelse\w*\b/;
const TOTAL_BEFORE = /\b(?:totalt|sammanlagt|sammantaget|avsatts|avsatt|avsatta|omfattar|uppgar|i alla|allt som allt|in total)\b/;
const SPLIT_AFTER = /^\W*(?:kronor\s+)?(?:som\s+)?(?:fordela[dt]s?|uppdelat|uppdelade|delat|delas upp)\s+pa\s+(?:tva|tre|\d)\b/;
const PAYMENT_WORDS = /\b(?:utbetalning\w*|i borjan|ytterligare|forsta|andra|per utbetalning|delbetalning\w*|payment\w*)\b/;
const SECOND = /\b(?:ytterligare|andra|second|december|redovisning\w*|prestation\w*)\b/;
const FIRST = /\b(?:forsta|first|i borjan|borjan av|rekvisition)\b/;

interface Candidate {
  level: 'agreement' | 'region';
  kind: 'total' | 'payment';
  n?: number;
  amount: Decimal;
}

function logDistance(a: Decimal, b: Decimal): number {
  const x = a.toNumber();
  const y = b.toNumber();
  if (x <= 0 || y <= 0) return Infinity;
  return Math.abs(Math.log(x / y));
}

function tolerance(a: AmountMention): Decimal {
  // "ca 4,6 mkr" is good to its last digit; a round "ca 10 mkr" (precision from its trailing zero) to at most a tenth: 9–11 mkr.
  if (a.approx) return /\d[.,]\d/.test(a.text) ? a.precision : Decimal.min(a.precision, a.kronor.abs().div(10));
  if (a.scaled) return a.precision.div(2);
  return new Decimal(1);
}

interface State {
  svfRow: number;
  region: { code: string; name: string; row: number } | null;
  /** An SVF total the sheet stated that contradicts the rule file (for explaining derived figures). */
  statedTotal: Decimal | null;
}

function near(row: number, other: number): boolean {
  return other >= 0 && row - other <= 3;
}

function svfCandidates(f: AgreementFacts): Candidate[] {
  return [{ level: 'agreement', kind: 'total', amount: f.svfTotal }, ...f.payments.map((p) => ({ level: 'agreement' as const, kind: 'payment' as const, n: p.n, amount: p.amount }))];
}

function regionCandidates(f: AgreementFacts, code: string): Candidate[] {
  return [
    { level: 'region', kind: 'total', amount: f.regionMoney(code) },
    ...f.payments.map((p) => ({ level: 'region' as const, kind: 'payment' as const, n: p.n, amount: f.regionPayment(p.n, code) })),
  ];
}

/** What a figure in a sentence is, from the words around it: the total, a payment (which), or unknown. */
function hint(before: string, after: string): { kind: 'total' | 'payment' | null; n: number | null } {
  if (SPLIT_AFTER.test(after)) return { kind: 'total', n: null };
  const window = `${before.slice(-40)} ${after.slice(0, 60)}`;
  if (PAYMENT_WORDS.test(window) && !TOTAL_BEFORE.test(before.slice(-30))) {
    // Which payment: the nearest word decides ("ytterligare ca 2,3 mkr" is the second, "2,3 mkr i början av 2026" the first).
    const near = before.slice(-16);
    const next = after.slice(0, 30);
    const n = SECOND.test(near) ? 2 : FIRST.test(near) ? 1 : FIRST.test(next) ? 1 : SECOND.test(next) ? 2 : SECOND.test(window) ? 2 : FIRST.test(window) ? 1 : null;
    return { kind: 'payment', n };
  }
  if (TOTAL_BEFORE.test(before.slice(-40))) return { kind: 'total', n: null };
  return { kind: null, n: null };
}

function pick(cands: Candidate[], a: AmountMention, h: { kind: 'total' | 'payment' | null; n: number | null }): Candidate | null {
  let list = cands;
  if (h.kind) list = cands.filter((c) => c.kind === h.kind);
  if (h.kind === 'payment' && h.n !== null) {
    const exact = list.filter((c) => c.n === h.n);
    if (exact.length > 0) list = exact;
  }
  let best: Candidate | null = null;
  for (const c of list) if (!best || logDistance(a.kronor, c.amount) < logDistance(a.kronor, best.amount)) best = c;
  return best;
}

function paymentWords(n: number | undefined, l: Lang): string {
  return l === 'sv' ? `utbetalning ${n ?? ''}`.trim() : `payment ${n ?? ''}`.trim();
}

function checkAmounts(ctx: CheckContext, state: State, row: number, cell: string, key: string, svf: boolean, out: Finding[]): void {
  const f = ctx.facts;
  const names = namesFor(ctx.catalog);
  const amounts = amountsIn(key);
  const regions = names.regionsIn(key);
  const agreementHere = AGREEMENT_WORDS.test(key);
  amounts.forEach((a, idx) => {
    const tol = tolerance(a);
    const close = (x: Decimal) => a.kronor.minus(x).abs().lte(tol);
    // A few kronor (a rounding drift, "avvikelse 2 kr") are never a pot, a payment or a region's money.
    if (!a.scaled && a.kronor.abs().lt(10_000)) return;
    const mention = [...regions].reverse().find((r) => r.end <= a.at);
    // A figure of the agreement is consistent; an approximate one right after a region's name is that region's.
    if ((!mention || !a.approx) && f.known.some((k) => close(k.amount))) return;
    const region = mention ? { code: mention.code, name: mention.name } : state.region && near(row, state.region.row) ? state.region : null;
    const regional = region ? regionCandidates(f, region.code) : [];
    const before = key.slice(idx > 0 ? amounts[idx - 1]!.end : 0, a.at);
    const after = key.slice(a.end, idx + 1 < amounts.length ? amounts[idx + 1]!.at : key.length);
    const h = hint(before, after);
    // "fördelat på två utbetalningar" says the figure is the region's whole money, not one payment.
    const splitTotal = SPLIT_AFTER.test(after);
    if (regional.some((c) => close(c.amount) && (!splitTotal || c.kind === 'total'))) return;
    if (!svf) {
      // Outside SVF talk only the agreement's own total can be said ("överenskommelsen omfattar totalt …").
      if (agreementHere && h.kind === 'total' && !region && a.scaled) {
        const total = new Decimal(f.agreement.total);
        out.push(
          finding(ctx.grid.sheet, cell, 'error', 'facts.pot-total',
            both((l) => l === 'sv'
              ? `Bladet anger ${a.text} som överenskommelsens belopp; ${agreementRef(f.agreement.id, f.agreement.totalCite, l)} anger ${kr(total, l)}.`
              : `The sheet says ${a.text} for the agreement; ${agreementRef(f.agreement.id, f.agreement.totalCite, l)} says ${kr(total, l)}.`),
            f.agreement.totalCite, { expected: total.toFixed(0), actual: a.kronor.toFixed() }),
        );
      }
      return;
    }
    const agreementLevel = pick(svfCandidates(f), a, h);
    const regionLevel = regional.length > 0 ? pick(regional, a, h) : null;
    const useRegion =
      regionLevel !== null &&
      (agreementLevel === null || logDistance(a.kronor, regionLevel.amount) < logDistance(a.kronor, agreementLevel.amount));
    if (!useRegion && agreementLevel) {
      const e = agreementLevel.amount;
      if (agreementLevel.kind === 'total') state.statedTotal = a.kronor;
      const cite = agreementLevel.kind === 'total' ? f.svfCite : f.payments.find((p) => p.n === agreementLevel.n)?.cite ?? f.svfCite;
      const parts = f.payments.map((p) => kr(p.amount, 'sv')).join(' + ');
      const partsEn = f.payments.map((p) => kr(p.amount, 'en')).join(' + ');
      out.push(
        finding(ctx.grid.sheet, cell, 'error', 'facts.pot-total',
          both((l) =>
            agreementLevel.kind === 'total'
              ? l === 'sv'
                ? `Bladet anger ${a.text} för SVF till regionerna; ${agreementRef(f.agreement.id, cite, l)} anger ${kr(e, l)}${f.payments.length > 1 ? ` (${parts})` : ''}.`
                : `The sheet says ${a.text} for SVF to the regions; ${agreementRef(f.agreement.id, cite, l)} says ${kr(e, l)}${f.payments.length > 1 ? ` (${partsEn})` : ''}.`
              : l === 'sv'
                ? `Bladet anger ${a.text} för en SVF-utbetalning; ${agreementRef(f.agreement.id, cite, l)} anger ${kr(e, l)} för ${paymentWords(agreementLevel.n, l)}.`
                : `The sheet says ${a.text} for an SVF payment; ${agreementRef(f.agreement.id, cite, l)} says ${kr(e, l)} for ${paymentWords(agreementLevel.n, l)}.`,
          ),
          cite, { expected: e.toFixed(0), actual: a.kronor.toFixed() }),
      );
      return;
    }
    if (!regionLevel || !region) return;
    const e = regionLevel.amount;
    const stated = state.statedTotal;
    let because: Text = { sv: '', en: '' };
    if (stated) {
      const share = regionLevel.kind === 'total' ? f.regionShareOf(stated, region.code) : f.regionShareOf(stated.div(Math.max(1, f.payments.length)), region.code);
      // An explanation, not a judgement: a figure within two of its last digits of the share of the stated total.
      if (close(share) || a.kronor.minus(share).abs().lte(a.precision.times(2))) {
        because = {
          sv: ` ${a.text.replace(/^\w/, (c) => c.toUpperCase())} motsvarar regionens andel av ${kr(stated, 'sv')}, beloppet bladet anger för SVF.`,
          en: ` ${a.text} is the region's share of ${kr(stated, 'en')}, the SVF amount the sheet states.`,
        };
      }
    }
    const payment = regionLevel.kind === 'payment' ? f.payments.find((p) => p.n === regionLevel.n) : undefined;
    const cite: Cite = payment?.cite ?? f.svfCite;
    const conditional = payment ? f.conditionalPayment(payment.n) : f.payments.some((p) => f.conditionalPayment(p.n));
    const ifMet: Text = conditional ? { sv: ', om regionen uppfyller villkoren', en: ', if it meets the conditions' } : { sv: '', en: '' };
    out.push(
      finding(ctx.grid.sheet, cell, 'warning', 'facts.region-share',
        both((l) => {
          const of = payment
            ? l === 'sv'
              ? `andel av ${paymentWords(payment.n, l)} (${kr(payment.amount, l)})`
              : `share of ${paymentWords(payment.n, l)} (${kr(payment.amount, l)})`
            : l === 'sv'
              ? `andel av SVF-medlen ${kr(f.svfTotal, l)}`
              : `share of the SVF money, ${kr(f.svfTotal, l)}`;
          return l === 'sv'
            ? `Bladet anger ${a.text} för ${region.name}; regionens ${of} efter befolkning (${formatDate(f.populationDate, l)}) är ${kr(e, l)} (ca ${mkr(e, l)})${ifMet.sv} (${agreementRef(f.agreement.id, cite, l)}).${because.sv}`
            : `The sheet says ${a.text} for ${region.name}; the region's ${of} by population (${formatDate(f.populationDate, l)}) is ${kr(e, l)} (about ${mkr(e, l)})${ifMet.en} (${agreementRef(f.agreement.id, cite, l)}).${because.en}`;
        }),
        cite, { expected: e.toFixed(0), actual: a.kronor.toFixed() }),
    );
  });
  if (regions.length > 0) {
    const last = regions[regions.length - 1]!;
    state.region = { code: last.code, name: last.name, row };
  }
}

const INCLUSION_CTX = /\b(?:inklusion\w*|nya cancerfall|utreds?|utredas|inclusion)\b/;
const LEADTIME_CTX = /\b(?:ledtid\w*|tidsgrans\w*|inom angiven|maximala? tid\w*|lead.time\w*)\b/;
const TARGET_CTX = /\b(?:mal|malet|malen|inklusionsmal\w*|ledtidsmal\w*|krav\w*|ska|skall|minst|uppna|uppnar|uppnas|troskel|target|threshold|at least|over)\b/;
const MEASURED_CTX = /\b(?:var|blev|lag|nadde|uppnadde|utfall\w*|resultat\w*|maluppfyllelse\w*|uppfyllelse\w*|andelen)\b/;

function checkPercents(ctx: CheckContext, cell: string, key: string, out: Finding[]): void {
  const list = percentsIn(key);
  list.forEach((p, idx) => {
    const after = key.slice(p.end, idx + 1 < list.length ? list[idx + 1]!.at : key.length);
    const before = key.slice(idx > 0 ? list[idx - 1]!.end : 0, p.at);
    const kindOf = (s: string): 'inclusion' | 'leadtime' | null => {
      const inc = INCLUSION_CTX.test(s);
      const lead = LEADTIME_CTX.test(s);
      return inc && !lead ? 'inclusion' : lead && !inc ? 'leadtime' : null;
    };
    const kind = kindOf(after.slice(0, 120)) ?? kindOf(before.slice(-60));
    if (!kind) return;
    const clause = `${before.slice(-80)} ${after.slice(0, 120)}`;
    if (!TARGET_CTX.test(clause) || MEASURED_CTX.test(before.slice(-40))) return;
    const allowed = ctx.facts.thresholds.filter((t) => t.kind === kind);
    if (allowed.some((t) => t.value.eq(p.fraction))) return;
    const main: Threshold = allowed.find((t) => t.svf === null && t.condition) ?? allowed.find((t) => t.svf === null) ?? allowed[0]!;
    if (!main) return;
    const values = [...new Set(allowed.map((t) => t.value.toString()))].map((v) => new Decimal(v));
    out.push(
      finding(ctx.grid.sheet, cell, 'error', 'facts.threshold',
        both((l) => l === 'sv'
          ? `Bladet anger ${p.text} som ${kind === 'inclusion' ? 'inklusionsmål' : 'ledtidsmål'}; ${agreementRef(ctx.agreement.id, main.cite, l)} anger ${values.map((v) => pct(v, l)).join(' / ')}.`
          : `The sheet says ${p.text} for the ${kind === 'inclusion' ? 'inclusion' : 'lead-time'} target; ${agreementRef(ctx.agreement.id, main.cite, l)} says ${values.map((v) => pct(v, l)).join(' / ')}.`),
        main.cite, { expected: main.value.toString(), actual: p.fraction.toString() }),
    );
  });
}

const DEADLINE_BEFORE = /\b(?:senast|deadline|by|no later than|fore|innan)\b/;
const PAYMENT_BEFORE = /\b(?:utbetal\w*|betalas ut|rekvi\w*|aterbetal\w*|redovis\w*)\b/;

const dateText = (d: string, l: Lang): string => formatDate(d, l);

function checkDates(ctx: CheckContext, cell: string, key: string, out: Finding[]): void {
  const f = ctx.facts;
  const year = f.agreement.year;
  const list = datesIn(key);
  let chained = false;
  list.forEach((d, idx) => {
    const before = key.slice(idx > 0 ? list[idx - 1]!.end : 0, d.at);
    const deadline = DEADLINE_BEFORE.test(before.slice(-25)) || (chained && /^\s*(?:och|samt|and|,)\s*(?:den\s+)?$/.test(before));
    const payment = PAYMENT_BEFORE.test(before.slice(-60)) && /\b(?:i|under|in)\s+$/.test(before);
    chained = deadline;
    if (!deadline && !payment) return;
    const y = Number(d.date.slice(0, 4));
    if (y < year || y > year + 1) return;
    if (f.dates.has(d.date)) return;
    if (d.date.length === 7 && [...f.dates.keys()].some((k) => k.startsWith(d.date))) return;
    // The nearest date of the rule file, to say what it probably means.
    const target = Date.parse(d.date.length === 7 ? `${d.date}-15` : d.date);
    let best: [string, { what: Text; cite: Cite }] | null = null;
    for (const e of f.dates) {
      if (e[0].length !== 10) continue;
      if (!best || Math.abs(Date.parse(e[0]) - target) < Math.abs(Date.parse(best[0]) - target)) best = e;
    }
    if (!best) return;
    const [bd, info] = best;
    out.push(
      finding(ctx.grid.sheet, cell, 'warning', 'facts.date',
        both((l) => l === 'sv'
          ? `Bladet anger ${d.text}, ett datum som inte finns i ${agreementRef(f.agreement.id, info.cite, l).replace(/, § .*$/, '')}; närmast: ${dateText(bd, l)} (${info.what.sv}, § ${info.cite.section}).`
          : `The sheet says ${d.text}, a date the ${f.agreement.id} agreement does not have; nearest: ${dateText(bd, l)} (${info.what.en}, § ${info.cite.section}).`),
        info.cite, { expected: bd, actual: d.date }),
    );
  });
}

function checkCounts(ctx: CheckContext, cell: string, key: string, svf: boolean, out: Finding[]): void {
  const f = ctx.facts;
  if (!svf || f.payments.length === 0) return;
  for (const c of paymentCountsIn(key)) {
    if (c.count === f.payments.length) continue;
    out.push(
      finding(ctx.grid.sheet, cell, 'error', 'facts.payment-count',
        both((l) => l === 'sv'
          ? `Bladet anger ${c.text} av SVF-medlen; ${agreementRef(f.agreement.id, f.svfCite, l)} anger ${f.payments.length} (${f.payments.map((p) => kr(p.amount, l)).join(' + ')}).`
          : `The sheet says ${c.text} of the SVF money; ${agreementRef(f.agreement.id, f.svfCite, l)} says ${f.payments.length} (${f.payments.map((p) => kr(p.amount, l)).join(' + ')}).`),
        f.svfCite, { expected: String(f.payments.length), actual: String(c.count) }),
    );
  }
}

/** Run every statement check over the sheet's free text, in reading order. */
function statements(ctx: CheckContext): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>([
    ['facts.pot-total', []],
    ['facts.region-share', []],
    ['facts.threshold', []],
    ['facts.date', []],
    ['facts.payment-count', []],
  ]);
  const state: State = { svfRow: -1, region: null, statedTotal: null };
  const all: Finding[] = [];
  for (const t of ctx.scan.texts) {
    if (t.text.length < 8) continue;
    const cell = cellA1(ctx.grid, t.row, t.col);
    for (const s of sentences(t.text)) {
      const key = s.key;
      if (!/\d/.test(key)) {
        if (SVF_WORDS.test(key)) state.svfRow = t.row;
        const regions = namesFor(ctx.catalog).regionsIn(key);
        if (regions.length > 0) state.region = { code: regions.at(-1)!.code, name: regions.at(-1)!.name, row: t.row };
        continue;
      }
      const svfHere = SVF_WORDS.test(key);
      if (svfHere) state.svfRow = t.row;
      // A region's money "fördelat på två utbetalningar" is SVF money even without the word SVF.
      const regionPayments = PAYMENT_WORDS.test(key) && (namesFor(ctx.catalog).regionsIn(key).length > 0 || (state.region !== null && near(t.row, state.region.row)));
      const svf = svfHere || near(t.row, state.svfRow) || regionPayments;
      checkAmounts(ctx, state, t.row, cell, key, svf, all);
      checkPercents(ctx, cell, key, all);
      checkDates(ctx, cell, key, all);
      checkCounts(ctx, cell, key, svf, all);
    }
  }
  for (const f of all) out.get(f.rule)?.push(f);
  return out;
}

const memo = new WeakMap<CheckContext, Map<string, Finding[]>>();
function run(ctx: CheckContext, id: string): Finding[] {
  let m = memo.get(ctx);
  if (!m) {
    m = statements(ctx);
    memo.set(ctx, m);
  }
  return m.get(id) ?? [];
}

function check(id: string, severity: Finding['severity'], title: Text): Check {
  return { id, severity, title, run: (ctx) => run(ctx, id) };
}

export const factChecks: Check[] = [
  check('facts.pot-total', 'error', { sv: 'Angiven pott eller utbetalning stämmer med överenskommelsen', en: 'A stated pot or payment agrees with the agreement' }),
  check('facts.region-share', 'warning', { sv: 'Angiven regionandel stämmer med beräkningen', en: "A stated region's share agrees with the computation" }),
  check('facts.payment-count', 'error', { sv: 'Angivet antal utbetalningar stämmer', en: 'A stated number of payments agrees' }),
  check('facts.threshold', 'error', { sv: 'Angivet mål (procent) stämmer med överenskommelsen', en: 'A stated target (percent) agrees with the agreement' }),
  check('facts.date', 'warning', { sv: 'Angivet datum finns i överenskommelsen', en: 'A stated date is in the agreement' }),
];

