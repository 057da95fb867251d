/**
 * Plans within budget: a region's planned activities (a table of lines and
 * amounts, under words like "användning", "budget", "aktivitet") sum to no more
 * than the region's money from the agreement; a line whose sub-items are listed
 * under it sums at least to them, and may exceed them when it says the list is
 * not complete ("bl.a.", "bland annat", "t.ex.").
 */
import { Decimal, ZERO } from '../../../core/decimal';
import { formatDate } from '../../parse/format';
import { headerKey } from '../../table/columns';
import { cellA1, columnSum, isNumber, kronor, tableCell } from '../cells';
import { type Column, type Table, KIND } from '../finder';
import { BUDGET_SUM_CITE, agreementRef, both, finding, kr } from '../messages';
import { proseKey } from '../names';
import { amountsIn } from '../prose';
import type { Check, CheckContext, Finding } from '../types';
import { introducesList, isBudgetText, saysAmongOthers } from '../words';

const { BLANK } = KIND;

export function isBudgetTable(ctx: CheckContext, t: Table): boolean {
  if (t.recipientKind && t.recipients.filter(Boolean).length * 2 >= t.rows.length) return false;
  if (!t.labelCol || !t.columns.some((c) => c.role === 'amount')) return false;
  return isBudgetText(t.title) || t.columns.some((c) => isBudgetText(c.header)) || isBudgetText(ctx.grid.sheet);
}

function labelText(ctx: CheckContext, t: Table, i: number): string {
  const col = t.labelCol!;
  const v = ctx.grid.values[t.rows[i]!]?.[col.col];
  return typeof v === 'string' ? v : '';
}

interface Group {
  parent: number;
  items: number[];
  sum: Decimal;
}

/** Sub-items: lines with no amount of their own but one in their text, under (or, as a PDF lays them out, above) a line with an amount. */
function groups(ctx: CheckContext, t: Table, amount: Column): Group[] {
  const n = t.rows.length;
  const sub: (Decimal | null)[] = new Array(n).fill(null);
  for (let i = 0; i < n; i++) {
    if (amount.kind[i] !== BLANK) continue;
    const list = amountsIn(proseKey(labelText(ctx, t, i)));
    const last = list[list.length - 1];
    if (last) sub[i] = last.kronor;
  }
  const out: Group[] = [];
  let i = 0;
  while (i < n) {
    if (sub[i] === null) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < n && sub[j + 1] !== null) j++;
    const items = Array.from({ length: j - i + 1 }, (_, k) => i + k);
    const sum = items.reduce((s, k) => s.plus(sub[k]!), ZERO);
    const before = i - 1;
    const after = j + 1;
    let parent = -1;
    if (before >= 0 && isNumber(amount.kind[before]!) && (introducesList(labelText(ctx, t, before)) || !(after < n && isNumber(amount.kind[after]!) && introducesList(labelText(ctx, t, after))))) parent = before;
    else if (after < n && isNumber(amount.kind[after]!)) parent = after;
    if (parent >= 0) out.push({ parent, items, sum });
    i = j + 1;
  }
  return out;
}

const within: Check = {
  id: 'budget.within',
  severity: 'error',
  title: { sv: 'Planen ryms i regionens medel', en: "The plan fits the region's money" },
  run(ctx) {
    const out: Finding[] = [];
    const { grid, facts } = ctx;
    for (const t of ctx.scan.tables) {
      if (!isBudgetTable(ctx, t)) continue;
      const amount = t.columns.find((c) => c.role === 'amount' && /\b(kr|kronor|belopp|budget|tkr|mkr|sek)\b/.test(headerKey(c.header))) ?? t.columns.find((c) => c.role === 'amount')!;
      for (const g of groups(ctx, t, amount)) {
        const parent = kronor(amount, g.parent);
        if (!parent) continue;
        const cell = tableCell(grid, t, g.parent, amount);
        const label = labelText(ctx, t, g.parent);
        if (g.sum.gt(parent)) {
          out.push(
            finding(grid.sheet, cell, 'error', 'budget.within',
              both((l) => l === 'sv'
                ? `Delposterna under raden summerar till ${kr(g.sum, l)}, mer än radens ${kr(parent, l)}.`
                : `The sub-items of this line sum to ${kr(g.sum, l)}, more than the line's ${kr(parent, l)}.`),
              BUDGET_SUM_CITE, { expected: `>=${g.sum.toFixed()}`, actual: parent.toFixed() }),
          );
        } else if (g.sum.lt(parent) && !saysAmongOthers(label) && !g.items.some((k) => saysAmongOthers(labelText(ctx, t, k)))) {
          out.push(
            finding(grid.sheet, cell, 'warning', 'budget.within',
              both((l) => l === 'sv'
                ? `Delposterna under raden summerar till ${kr(g.sum, l)}, men raden anger ${kr(parent, l)}; skriv "bl.a." om listan inte är fullständig.`
                : `The sub-items of this line sum to ${kr(g.sum, l)}, but the line says ${kr(parent, l)}; write "bl.a." (among others) if the list is not complete.`),
              BUDGET_SUM_CITE, { expected: g.sum.toFixed(), actual: parent.toFixed() }),
          );
        }
      }
      const region = ctx.sheetRegion;
      if (!region) continue;
      const money = facts.regionMoney(region);
      if (money.isZero()) continue;
      const planned = columnSum(t, amount, { amounts: true });
      if (planned.lte(money)) continue;
      const name = ctx.catalog.reference.regions.find((r) => r.code === region)?.name ?? region;
      const ti = t.totalIndex;
      const cell = ti >= 0 && isNumber(amount.kind[ti]!) ? tableCell(grid, t, ti, amount) : cellA1(grid, t.headerRow, amount.col);
      out.push(
        finding(grid.sheet, cell, 'error', 'budget.within',
          both((l) => l === 'sv'
            ? `Planerade aktiviteter summerar till ${kr(planned, l)}, mer än ${name}s medel enligt ${agreementRef(facts.agreement.id, facts.svfCite, l)}: ${kr(money, l)} (andel av ${kr(facts.svfTotal, l)} efter befolkning ${formatDate(facts.populationDate, l)}, om alla villkor uppfylls).`
            : `The planned activities sum to ${kr(planned, l)}, more than ${name}'s money under ${agreementRef(facts.agreement.id, facts.svfCite, l)}: ${kr(money, l)} (share of ${kr(facts.svfTotal, l)} by population ${formatDate(facts.populationDate, l)}, if every condition is met).`),
          facts.svfCite, { expected: `<=${money.toFixed(0)}`, actual: planned.toFixed() }),
      );
    }
    return out;
  },
};

export const budgetChecks: Check[] = [within];
