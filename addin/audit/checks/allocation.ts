/**
 * Allocation: a table of recipients and amounts is about a pot of the agreement
 * (recognised by a payment number in its header, the amount in its title, its
 * total, or its words). Each recipient's amount is compared with the pot's
 * allocation (default population, largest remainder): one krona off is a
 * rounding note, more is an error giving the expected figure. The table's
 * total is compared with the pot.
 */
import { Decimal, ZERO } from '../../decimal';
import { headerKey } from '../../table/columns';
import { cellA1, columnSum, isNumber, kronor, shownDecimals, tableCell, written } from '../cells';
import { apportion } from '../../allocate/apportion';
import type { Column, Table } from '../finder';
import type { PotCandidate } from '../knowledge';
import { agreementRef, both, finding, kr } from '../messages';
import { amountsIn } from '../prose';
import { proseKey } from '../names';
import type { Check, CheckContext, Finding } from '../types';

export interface Recognition {
  candidate: PotCandidate;
  by: 'header' | 'title' | 'total' | 'words';
  column: Column;
  /** The table's total for the column (total cell, else the sum), kronor. */
  total: Decimal;
  totalCell: string;
  /** Recipients the table lists (codes), in order. */
  codes: string[];
  /** True when every recipient of the pot is listed. */
  complete: boolean;
}

function overlap(words: Set<string>, text: string): number {
  let n = 0;
  for (const w of headerKey(text).split(' ')) if (w.length > 2 && words.has(w)) n++;
  return n;
}

/** The pot an amount column of a recipients table is about, or null. */
export function recognise(ctx: CheckContext, t: Table, col: Column): Recognition | null {
  if (!t.recipientKind) return null;
  const kind = t.recipientKind;
  const codes: string[] = [];
  const seen = new Set<string>();
  for (const r of t.recipients) {
    if (!r) continue;
    if (seen.has(r.code)) return null; // a recipient twice: not an allocation table
    seen.add(r.code);
    if ((kind === 'regions' && r.kind === 'region') || (kind === 'rcc' && r.kind === 'rcc')) codes.push(r.code);
  }
  if (codes.length === 0) return null;
  const { grid } = ctx;
  const ti = t.totalIndex;
  const hasTotal = ti >= 0 && isNumber(col.kind[ti]!);
  const total = hasTotal ? kronor(col, ti)! : columnSum(t, col, { amounts: true });
  const totalCell = hasTotal ? tableCell(grid, t, ti, col) : cellA1(grid, t.headerRow, col.col);
  const cands = ctx.facts.candidates.filter((c) => c.recipients === kind);
  if (cands.length === 0) return null;
  const amountCols = t.columns.filter((c) => c.role === 'amount').length;
  const titleAmounts = amountsIn(proseKey(t.title)).filter((a) => !a.approx).map((a) => a.kronor);
  const text = `${t.title} ${col.header}`;
  const rank = (list: PotCandidate[]) =>
    [...list].sort((a, b) => overlap(b.words, text) - overlap(a.words, text) || b.pots.length - a.pots.length)[0] ?? null;
  let pick: PotCandidate | null = null;
  let by: Recognition['by'] = 'total';
  const pay = col.word.payment;
  if (pay !== null) {
    const list = cands.filter((c) => c.payment === pay);
    const full = list.filter((c) => c.pots.length === Math.max(...list.map((x) => x.pots.length)));
    pick = rank(full);
    by = 'header';
  }
  if (!pick && titleAmounts.length > 0 && (amountCols === 1 || titleAmounts.some((a) => a.eq(total)))) {
    const list = cands.filter((c) => titleAmounts.some((a) => a.eq(c.amount)));
    pick = rank(list);
    by = 'title';
  }
  if (!pick) {
    pick = rank(cands.filter((c) => c.amount.eq(total)));
    by = 'total';
  }
  if (!pick) {
    const scored = cands.map((c) => ({ c, n: overlap(c.words, text) })).filter((x) => x.n >= 2).sort((a, b) => b.n - a.n);
    if (scored.length > 0 && (scored.length === 1 || scored[0]!.n > scored[1]!.n)) {
      pick = scored[0]!.c;
      by = 'words';
    }
  }
  if (!pick) return null;
  const all = ctx.facts.expected(pick);
  const complete = all !== null && [...all.keys()].every((k) => seen.has(k));
  return { candidate: pick, by, column: col, total, totalCell, codes, complete };
}

function recognitions(ctx: CheckContext): Map<Table, Recognition[]> {
  const out = new Map<Table, Recognition[]>();
  for (const t of ctx.scan.tables) {
    const list: Recognition[] = [];
    for (const col of t.columns) {
      if (col.role !== 'amount') continue;
      const r = recognise(ctx, t, col);
      if (r) list.push(r);
    }
    if (list.length > 0) out.set(t, list);
  }
  return out;
}

const memo = new WeakMap<CheckContext, Map<Table, Recognition[]>>();
export function tableRecognitions(ctx: CheckContext): Map<Table, Recognition[]> {
  let m = memo.get(ctx);
  if (!m) {
    m = recognitions(ctx);
    memo.set(ctx, m);
  }
  return m;
}

const EXP = { kr: 0, tkr: 3, mkr: 6, mdkr: 9 } as const;

const rowAmount: Check = {
  id: 'allocation.row-amount',
  severity: 'error',
  title: { sv: 'Mottagarens belopp stämmer med fördelningen', en: "The recipient's amount agrees with the allocation" },
  run(ctx) {
    const out: Finding[] = [];
    const { grid, agreement } = ctx;
    for (const [t, recs] of tableRecognitions(ctx)) {
      for (const rec of recs) {
        const col = rec.column;
        const pot = rec.candidate;
        // A conditional pot listed for most recipients is split among those listed (the qualifying ones).
        const all = ctx.facts.expected(pot);
        if (!all) continue;
        const subset = pot.conditional && !rec.complete && rec.codes.length * 2 > all.size;
        const expected = subset ? ctx.facts.expected(pot, rec.codes) : all;
        if (!expected) continue;
        const factor = new Decimal(10).pow(EXP[col.unit]);
        const own = ownPopulationSplit(t, pot);
        for (let i = 0; i < t.rows.length; i++) {
          const r = t.recipients[i];
          if (!r || !isNumber(col.kind[i]!)) continue;
          const actual = kronor(col, i);
          if (!actual) continue;
          const cell = tableCell(grid, t, i, col);
          const e = expected.get(r.code);
          if (e === undefined) {
            out.push(
              finding(grid.sheet, cell, 'error', 'allocation.row-amount',
                both((l) => l === 'sv'
                  ? `${r.name} får inga medel ur "${pot.title.sv}" enligt ${agreementRef(agreement.id, pot.cite, l)}.`
                  : `${r.name} gets no money from "${pot.title.en}" under ${agreementRef(agreement.id, pot.cite, l)}.`),
                pot.cite, { expected: '0', actual: actual.toFixed() }),
            );
            continue;
          }
          const diff = actual.minus(e);
          if (diff.isZero()) continue;
          // Amounts in tkr or Mkr are compared at the precision they are written to.
          let tol = ZERO;
          if (col.unit !== 'kr') tol = factor.times(new Decimal(10).pow(-shownDecimals(col, i, grid, t.rows[i]!, false))).div(2);
          const approx = col.texts.get(i)?.approx === true;
          if (diff.abs().lte(tol)) continue;
          const how = subset
            ? { sv: ` (fördelat efter befolkning mellan de ${rec.codes.length} mottagare tabellen listar)`, en: ` (split by population among the ${rec.codes.length} recipients the table lists)` }
            : { sv: '', en: '' };
          if (diff.abs().lte(tol.plus(1)) && !approx) {
            out.push(
              finding(grid.sheet, cell, 'note', 'allocation.row-amount',
                both((l) => l === 'sv'
                  ? `Avrundning: ${r.name} har ${kr(actual, l)}, fördelningen av ${kr(pot.amount, l)} ger ${kr(e, l)}${how.sv} (största rest). En krona per rad godtas som avrundning.`
                  : `Rounding: ${r.name} has ${kr(actual, l)}, the allocation of ${kr(pot.amount, l)} gives ${kr(e, l)}${how.en} (largest remainder). One krona per row is accepted as rounding.`),
                pot.cite, { expected: e.toFixed(0), actual: actual.toFixed() }),
            );
            continue;
          }
          const o = own?.split.get(r.code);
          if (own && o && actual.minus(o).abs().lte(tol.plus(1))) {
            // Right by the table's own population, which is not the one the rule file reads the agreement with.
            out.push(
              finding(grid.sheet, cell, 'warning', 'allocation.row-amount',
                both((l) => l === 'sv'
                  ? `${r.name} har ${kr(actual, l)}: rätt fördelat efter tabellens egen befolkning (${own.column}), men regelfilen fördelar "${pot.title.sv}" efter befolkningen ${ctx.facts.populationDate}, vilket ger ${kr(e, l)} (${agreementRef(agreement.id, pot.cite, l)}).`
                  : `${r.name} has ${kr(actual, l)}: right by the table's own population (${own.column}), but the rule file splits "${pot.title.en}" by the population of ${ctx.facts.populationDate}, which gives ${kr(e, l)} (${agreementRef(agreement.id, pot.cite, l)}).`),
                pot.cite, { expected: e.toFixed(0), actual: actual.toFixed() }),
            );
            continue;
          }
          out.push(
            finding(grid.sheet, cell, approx ? 'warning' : 'error', 'allocation.row-amount',
              both((l) => l === 'sv'
                ? `${r.name} har ${kr(actual, l)} men ska ha ${kr(e, l)} ur "${pot.title.sv}" (${kr(pot.amount, l)} ${potHow(pot, 'sv')}${how.sv}, befolkning ${ctx.facts.populationDate}; ${agreementRef(agreement.id, pot.cite, l)}).`
                : `${r.name} has ${kr(actual, l)} but should have ${kr(e, l)} from "${pot.title.en}" (${kr(pot.amount, l)} ${potHow(pot, 'en')}${how.en}, population ${ctx.facts.populationDate}; ${agreementRef(agreement.id, pot.cite, l)}).`),
              pot.cite, { expected: e.toFixed(0), actual: actual.toFixed() }),
          );
        }
      }
    }
    return out;
  },
};

/**
 * The pot split by the population column of the table itself (when it has one for every
 * listed recipient and the pot is split by population), to tell "another population date"
 * from "a wrong figure".
 */
function ownPopulationSplit(t: Table, pot: PotCandidate): { split: Map<string, Decimal>; column: string } | null {
  const popCol = t.columns.find((c) => c.role === 'population');
  if (!popCol) return null;
  if (!pot.pots.every((p) => p.split.by === 'population' || p.split.by === 'parts')) return null;
  const claims: { code: string; weight: Decimal }[] = [];
  for (let i = 0; i < t.rows.length; i++) {
    const r = t.recipients[i];
    if (!r) continue;
    const v = written(popCol, i);
    if (!v || !v.isInteger() || v.isNegative()) return null;
    claims.push({ code: r.code, weight: v });
  }
  if (claims.length === 0 || claims.every((c) => c.weight.isZero())) return null;
  const split = new Map<string, Decimal>();
  for (const p of pot.pots) {
    const amount = new Decimal(p.amount);
    const parts = p.split.by === 'parts' ? apportion(amount, p.split.parts.map((_, i) => ({ code: String(i + 1), weight: new Decimal(1) }))).map((x) => x.amount) : [amount];
    for (const part of parts) for (const a of apportion(part, claims)) split.set(a.code, (split.get(a.code) ?? ZERO).plus(a.amount));
  }
  return { split, column: popCol.header || 'Befolkning' };
}

function potHow(pot: PotCandidate, l: 'sv' | 'en'): string {
  const by = pot.pots[0]?.split.by;
  if (by === 'equal') return l === 'sv' ? 'fördelat lika' : 'split equally';
  return l === 'sv' ? 'fördelat efter befolkning' : 'split by population';
}

const tableTotal: Check = {
  id: 'allocation.table-total',
  severity: 'error',
  title: { sv: 'Tabellens summa är pottens belopp', en: "The table's total is the pot" },
  run(ctx) {
    const out: Finding[] = [];
    const { grid, agreement } = ctx;
    for (const [, recs] of tableRecognitions(ctx)) {
      for (const rec of recs) {
        if (rec.by === 'total') continue;
        const pot = rec.candidate;
        const all = ctx.facts.expected(pot);
        const listsMost = all !== null && rec.codes.length * 2 > all.size;
        if (!rec.complete && !(pot.conditional && listsMost)) continue; // an extract of some recipients
        const factor = new Decimal(10).pow(EXP[rec.column.unit]);
        const tol = rec.column.unit === 'kr' ? ZERO : factor.div(2);
        const diff = rec.total.minus(pot.amount);
        if (diff.abs().lte(tol)) continue;
        out.push(
          finding(grid.sheet, rec.totalCell, 'error', 'allocation.table-total',
            both((l) => l === 'sv'
              ? `Tabellen summerar till ${kr(rec.total, l)}, men "${pot.title.sv}" är ${kr(pot.amount, l)} enligt ${agreementRef(agreement.id, pot.cite, l)} (skillnad ${kr(diff, l)}).`
              : `The table sums to ${kr(rec.total, l)}, but "${pot.title.en}" is ${kr(pot.amount, l)} under ${agreementRef(agreement.id, pot.cite, l)} (difference ${kr(diff, l)}).`),
            pot.cite, { expected: pot.amount.toFixed(0), actual: rec.total.toFixed() }),
        );
      }
    }
    return out;
  },
};

export const allocationChecks: Check[] = [rowAmount, tableTotal];
