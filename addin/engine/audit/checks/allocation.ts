/**
 * Allocation: a table of recipients and amounts is audited on its reading (readings.ts:
 * the pot, recipients, population and method that explain it best). Each recipient's
 * amount is compared with the reading's allocation: one krona off is a rounding note,
 * more is an error giving the expected figure; a recipient the reading pays that the
 * table does not list is one finding naming it; the table's total is compared with the
 * pot. Two readings that explain a table equally well are said as a note.
 */
import { Decimal, ZERO } from '../../../core/decimal';
import { formatDate } from '../../parse/format';
import { cellA1, tableCell } from '../cells';
import type { Table } from '../finder';
import { agreementRef, both, finding, kr } from '../messages';
import { expectedRows, tableReadings, type Scored } from '../readings';
import type { Check, CheckContext, Finding } from '../types';
import type { Lang } from '../../../core/lang';

const EXP = { kr: 0, tkr: 3, mkr: 6, mdkr: 9 } as const;


function methodWords(m: string, l: Lang): string {
  return m === 'half-up' ? (l === 'sv' ? 'avrundning uppåt' : 'half-up') : l === 'sv' ? 'största rest' : 'largest remainder';
}

/** The findings of one column under its reading. */
function columnFindings(ctx: CheckContext, t: Table, s: Scored, out: Finding[]): void {
  const { grid, catalog } = ctx;
  const col = s.column;
  const target = s.target;
  const agreementId = s.reading.agreement;
  const pot = { title: target.title, amount: target.amount, cite: target.cite };
  const mode = s.reading.recipients;
  const popWords = (l: Lang) => s.reading.population === 'own' ? (l === 'sv' ? 'tabellens egen befolkning' : "the table's own population") : s.reading.population ?? (l === 'sv' ? 'lika delar' : 'equal shares');
  const how = mode === 'qualifying'
    ? { sv: ` (fördelat efter befolkning mellan de ${s.reading.count} mottagare tabellen listar med belopp)`, en: ` (split by population among the ${s.reading.count} recipients the table lists with an amount)` }
    : { sv: '', en: '' };
  const names = new Map<string, string>();
  for (let i = 0; i < t.rows.length; i++) { const r = t.recipients[i]; if (r) names.set(r.code, r.name); }
  let rowErrors = 0;
  for (const row of expectedRows(s)) {
    const name = names.get(row.code) ?? row.code;
    const cell = tableCell(grid, t, row.i, col);
    const e = s.expected.get(row.code);
    const actual = row.actual;
    if (actual === null) {
      if (mode === 'all' && e !== undefined && !e.isZero()) {
        rowErrors++;
        out.push(finding(grid.sheet, cell, 'error', 'allocation.row-amount',
          both((l) => l === 'sv'
            ? `${name} saknar belopp men ska ha ${kr(e, l)} ur "${pot.title.sv}" (${agreementRef(agreementId, pot.cite, l)}).`
            : `${name} has no amount but should have ${kr(e, l)} from "${pot.title.en}" (${agreementRef(agreementId, pot.cite, l)}).`),
          pot.cite, { expected: e.toFixed(0), actual: '' }));
      }
      continue;
    }
    if (e === undefined) {
      if (row.zero) continue;
      rowErrors++;
      out.push(finding(grid.sheet, cell, 'error', 'allocation.row-amount',
        both((l) => l === 'sv'
          ? `${name} får inga medel ur "${pot.title.sv}" enligt ${agreementRef(agreementId, pot.cite, l)}.`
          : `${name} gets no money from "${pot.title.en}" under ${agreementRef(agreementId, pot.cite, l)}.`),
        pot.cite, { expected: '0', actual: actual.toFixed() }));
      continue;
    }
    if (mode === 'forfeit' && row.zero) continue;
    const diff = actual.minus(e);
    const approx = col.texts.get(row.i)?.approx === true;
    const within = diff.abs().lte(row.tol);
    const rounding = !within && diff.abs().lte(row.tol.plus(1)) && !approx;
    if (within || rounding) {
      const r = s.ruleExpected?.get(row.code);
      if (s.reading.population === 'own' && r && actual.minus(r).abs().gt(row.tol.plus(1))) {
        out.push(finding(grid.sheet, cell, 'warning', 'allocation.row-amount',
          both((l) => l === 'sv'
            ? `${name} har ${kr(actual, l)}: rätt fördelat efter tabellens egen befolkning (${t.columns.find((c) => c.role === 'population')?.header || 'Befolkning'}), men regelfilen fördelar "${pot.title.sv}" efter befolkningen ${formatDate(target.facts.populationDate, l)}, vilket ger ${kr(r, l)} (${agreementRef(agreementId, pot.cite, l)}).`
            : `${name} has ${kr(actual, l)}: right by the table's own population (${t.columns.find((c) => c.role === 'population')?.header || 'Befolkning'}), but the rule file splits "${pot.title.en}" by the population of ${formatDate(target.facts.populationDate, l)}, which gives ${kr(r, l)} (${agreementRef(agreementId, pot.cite, l)}).`),
          pot.cite, { expected: r.toFixed(0), actual: actual.toFixed() }));
        continue;
      }
      if (rounding) {
        out.push(finding(grid.sheet, cell, 'note', 'allocation.row-amount',
          both((l) => l === 'sv'
            ? `Avrundning: ${name} har ${kr(actual, l)}, fördelningen av ${kr(pot.amount, l)} ger ${kr(e, l)}${how.sv} (${methodWords(s.reading.method, l)}). En krona per rad godtas som avrundning.`
            : `Rounding: ${name} has ${kr(actual, l)}, the allocation of ${kr(pot.amount, l)} gives ${kr(e, l)}${how.en} (${methodWords(s.reading.method, l)}). One krona per row is accepted as rounding.`),
          pot.cite, { expected: e.toFixed(0), actual: actual.toFixed() }));
      }
      continue;
    }
    rowErrors++;
    out.push(finding(grid.sheet, cell, approx ? 'warning' : 'error', 'allocation.row-amount',
      both((l) => l === 'sv'
        ? `${name} har ${kr(actual, l)} men ska ha ${kr(e, l)} ur "${pot.title.sv}" (${kr(pot.amount, l)} ${potHow(target, 'sv')}${how.sv}, befolkning ${popWords(l)}; ${agreementRef(agreementId, pot.cite, l)}).`
        : `${name} has ${kr(actual, l)} but should have ${kr(e, l)} from "${pot.title.en}" (${kr(pot.amount, l)} ${potHow(target, 'en')}${how.en}, population ${popWords(l)}; ${agreementRef(agreementId, pot.cite, l)}).`),
      pot.cite, { expected: e.toFixed(0), actual: actual.toFixed() }));
  }
  for (const i of s.dups ?? []) {
    const r = t.recipients[i]!;
    rowErrors++;
    out.push(finding(grid.sheet, tableCell(grid, t, i, col), 'error', 'allocation.row-amount',
      both((l) => l === 'sv'
        ? `${r.name} står en gång till i tabellen: varje mottagare ska ha en rad i "${pot.title.sv}" (${agreementRef(agreementId, pot.cite, l)}).`
        : `${r.name} is listed a second time: each recipient has one row in "${pot.title.en}" (${agreementRef(agreementId, pot.cite, l)}).`),
      pot.cite));
  }
  for (const i of s.extras ?? []) {
    const r = t.recipients[i]!;
    rowErrors++;
    out.push(finding(grid.sheet, tableCell(grid, t, i, col), 'error', 'allocation.row-amount',
      both((l) => l === 'sv'
        ? `${r.name} är inte mottagare av "${pot.title.sv}": potten fördelas till ${target.kind === 'rcc' ? 'de regionala cancercentrumen' : 'regionerna'} (${agreementRef(agreementId, pot.cite, l)}).`
        : `${r.name} is not a recipient of "${pot.title.en}": the pot goes to ${target.kind === 'rcc' ? 'the regional cancer centres' : 'the regions'} (${agreementRef(agreementId, pot.cite, l)}).`),
      pot.cite));
  }
  for (const code of s.missing) {
    const e = s.expected.get(code);
    const name = catalog.reference.regions.find((r) => r.code === code)?.name ?? catalog.reference.rcc.find((r) => r.id === code)?.name ?? code;
    rowErrors++;
    out.push(finding(grid.sheet, s.totalCell, 'error', 'allocation.row-amount',
      both((l) => l === 'sv'
        ? `${name} saknas i tabellen: "${pot.title.sv}" fördelas till samtliga ${s.reading.count} mottagare och ${name} ska ha ${kr(e ?? ZERO, l)} (${agreementRef(agreementId, pot.cite, l)}).`
        : `${name} is missing from the table: "${pot.title.en}" goes to all ${s.reading.count} recipients and ${name} should have ${kr(e ?? ZERO, l)} (${agreementRef(agreementId, pot.cite, l)}).`),
      pot.cite, { expected: (e ?? ZERO).toFixed(0), actual: '' }));
  }
  s.rowErrors = rowErrors;
}

function potHow(t: Scored['target'], l: Lang): string {
  if (t.equal) return l === 'sv' ? 'fördelat lika' : 'split equally';
  return l === 'sv' ? 'fördelat efter befolkning' : 'split by population';
}

const rowAmount: Check = {
  id: 'allocation.row-amount',
  severity: 'error',
  title: { sv: 'Mottagarens belopp stämmer med fördelningen', en: "The recipient's amount agrees with the allocation" },
  run(ctx) {
    const out: Finding[] = [];
    for (const [t, tr] of tableReadings(ctx)) {
      if (!tr.chosen) continue;
      for (const s of [tr.chosen, ...tr.others]) columnFindings(ctx, t, s, out);
      if (tr.tie) {
        const c = tr.chosen;
        const o = tr.tie;
        out.push(finding(ctx.grid.sheet, cellA1(ctx.grid, t.headerRow, c.column.col), 'note', 'allocation.reading',
          both((l) => l === 'sv'
            ? `Tabellen förklaras lika väl av två läsningar: ${c.label.sv.replace(/^.*? läst som: /, '')} och ${o.label.sv.replace(/^.*? läst som: /, '')}. Granskad enligt den första; välj en annan läsning om den andra är avsedd.`
            : `Two readings explain the table equally well: ${c.label.en.replace(/^.*? read as: /, '')} and ${o.label.en.replace(/^.*? read as: /, '')}. Audited on the first; pick another reading if the second is meant.`),
          c.target.cite));
      }
    }
    return out;
  },
};

const tableTotal: Check = {
  id: 'allocation.table-total',
  severity: 'error',
  title: { sv: 'Tabellens summa är pottens belopp', en: "The table's total is the pot" },
  run(ctx) {
    const out: Finding[] = [];
    const { grid } = ctx;
    for (const [, tr] of tableReadings(ctx)) {
      for (const s of tr.chosen ? [tr.chosen, ...tr.others] : []) {
        const mode = s.reading.recipients;
        if (mode !== 'all' && mode !== 'qualifying') continue;
        if (s.rowErrors === undefined) {
          const tmp: Finding[] = [];
          columnFindings(ctx, tr.table, s, tmp);
        }
        if (!s.hasTotal && (s.rowErrors ?? 0) > 0) continue; // the rows' findings say it
        const factor = new Decimal(10).pow(EXP[s.column.unit]);
        const tol = s.column.unit === 'kr' ? ZERO : factor.div(2);
        const pot = s.target;
        const diff = s.total.minus(pot.amount);
        if (diff.abs().lte(tol)) continue;
        let expectedTotal = ZERO;
        for (const r of expectedRows(s)) expectedTotal = expectedTotal.plus(s.expected.get(r.code) ?? ZERO);
        for (const code of s.missing) expectedTotal = expectedTotal.plus(s.expected.get(code) ?? ZERO);
        // Nobody qualified: nothing is paid, and a total of 0 is right.
        if (mode === 'qualifying' && s.reading.count === 0 && s.total.abs().lte(tol)) continue;
        if (s.total.minus(expectedTotal).abs().lte(tol) && s.reading.method === 'half-up') {
          out.push(finding(grid.sheet, s.totalCell, 'note', 'allocation.table-total',
            both((l) => l === 'sv'
              ? `Tabellen summerar till ${kr(s.total, l)}, inte ${kr(pot.amount, l)}: varje rad är avrundad uppåt för sig (avvikelse ${kr(diff, l)}).`
              : `The table sums to ${kr(s.total, l)}, not ${kr(pot.amount, l)}: each row is rounded half-up on its own (drift ${kr(diff, l)}).`),
            pot.cite, { expected: pot.amount.toFixed(0), actual: s.total.toFixed() }));
          continue;
        }
        out.push(
          finding(grid.sheet, s.totalCell, 'error', 'allocation.table-total',
            both((l) => l === 'sv'
              ? `Tabellen summerar till ${kr(s.total, l)}, men "${pot.title.sv}" är ${kr(pot.amount, l)} enligt ${agreementRef(s.reading.agreement, pot.cite, l)} (skillnad ${kr(diff, l)}).`
              : `The table sums to ${kr(s.total, l)}, but "${pot.title.en}" is ${kr(pot.amount, l)} under ${agreementRef(s.reading.agreement, pot.cite, l)} (difference ${kr(diff, l)}).`),
            pot.cite, { expected: pot.amount.toFixed(0), actual: s.total.toFixed() }),
        );
      }
    }
    return out;
  },
};

export const allocationChecks: Check[] = [rowAmount, tableTotal];
