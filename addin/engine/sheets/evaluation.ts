/** The evaluation sheet (payment 2 per region and part) and the flags on failing input cells. */
import type { Catalog, PopulationSource, Text } from '../../core/model';
import type { CellValue, Flag, NewSheetSpec } from '../../workbook/port';
import type { ConditionResult } from '../conditions/engine';
import type { Evaluation } from '../conditions/evaluate';
import { formatDate, formatKr, formatPercent } from '../parse';
import { findAgreement } from '../rules/catalog';
import type { IndicatorRow } from '../table/indicators';
import { citeLine, FORMAT_KR, num, populationWords, ruleFileLine, sheetTitle, shortTitle, t, type Lang } from './common';
import { printable } from './print';

export function partTitle(p: { title: Text; part?: string }, lang: Lang): string {
  return t(p.title, lang);
}

/** A part's column header: the pot's short title, or the part's own ("SVF bröstcancer"). */
export function partHeader(p: { pot: string; title: Text; part?: string }, agreement: { pots: { id: string; title: Text; short?: Text }[] }, lang: Lang): string {
  const pot = agreement.pots.find((x) => x.id === p.pot);
  return p.part || !pot ? t(p.title, lang) : shortTitle(pot, lang);
}

/** A failed condition in words: label, the region's value against the threshold, and the section. */
export function conditionWords(c: ConditionResult, lang: Lang): string {
  const show = (v: string) => (/^[01](\.\d+)?$/.test(v) ? formatPercent(v, 1, lang) : /^\d{4}-\d{2}(-\d{2})?$/.test(v) ? formatDate(v, lang) : v === 'true' ? (lang === 'sv' ? 'ja' : 'yes') : v === 'false' ? (lang === 'sv' ? 'nej' : 'no') : v);
  const op = c.operator === 'atLeast' ? '≥ ' : c.operator === 'over' ? '> ' : c.operator === 'submittedBy' ? (lang === 'sv' ? 'senast ' : 'by ') : '';
  const sec = lang === 'sv' ? `§ ${c.cite.section}` : `section ${c.cite.section}`;
  return lang === 'sv'
    ? `${t(c.label, lang)}: ej uppfyllt (värde ${show(c.value)}, krav ${op}${show(c.threshold)}; ${sec})`
    : `${t(c.label, lang)}: not met (value ${show(c.value)}, required ${op}${show(c.threshold)}; ${sec})`;
}

/** The payment-2 result: per region and part, the amount; the failed conditions in words with their section. */
export function evaluationSheet(e: Evaluation, catalog: Catalog, lang: Lang, opts: { population?: PopulationSource } = {}): NewSheetSpec {
  const agreement = findAgreement(catalog, e.agreement);
  const parts = e.outcomes;
  const cells: CellValue[][] = [];
  cells.push([`${lang === 'sv' ? 'Utbetalning 2 – överenskommelse' : 'Payment 2 – agreement'} ${agreement.id}: ${formatKr(e.total, lang)} ${lang === 'sv' ? 'av' : 'of'} ${formatKr(e.potTotal, lang)}`]);
  cells.push([e.unclaimed === 'redistribute'
    ? (lang === 'sv' ? 'Villkorade medel fördelas efter befolkning mellan de regioner som uppfyller villkoren.' : 'Conditional money is split by population among the qualifying regions.')
    : (lang === 'sv' ? 'Varje regions andel räknas över alla regioner; andelar för regioner som inte uppfyller villkoren betalas inte ut.' : "Each region's share is computed over all regions; failing regions' shares are not paid.")]);
  cells.push(['Region', lang === 'sv' ? 'Län' : 'County', ...parts.map((p) => partHeader(p, agreement, lang)), lang === 'sv' ? 'Totalt (kr)' : 'Total (kr)', lang === 'sv' ? 'Ej uppfyllda villkor' : 'Conditions not met']);
  const headerRow = 2;
  for (const r of e.rows) {
    const failed = new Map<string, ConditionResult>();
    for (const p of r.parts) for (const c of p.conditions) if (!c.passed) failed.set(c.id, c);
    cells.push([r.region, r.code, ...r.parts.map((p) => num(p.amount)), num(r.total), [...failed.values()].map((c) => conditionWords(c, lang)).join('; ') || null]);
  }
  const last = cells.length - 1;
  cells.push([lang === 'sv' ? 'Summa' : 'Total', null, ...parts.map((p) => num(p.paid)), num(e.total), null]);
  const sumRow = cells.length - 1;
  cells.push([lang === 'sv' ? 'Pott' : 'Pot', null, ...parts.map((p) => num(p.amount)), num(e.potTotal), null]);
  cells.push([lang === 'sv' ? 'Ej utbetalt' : 'Not paid', null, ...parts.map((p) => num(p.amount.minus(p.paid))), num(e.unpaid), null]);
  const endRow = cells.length - 1;
  cells.push([]);
  cells.push([`${lang === 'sv' ? 'Befolkning' : 'Population'}: ${populationWords(opts.population, e.populationDate || null, catalog, lang)}`]);
  for (const p of parts) cells.push([`${partTitle(p, lang)}: ${citeLine(p.cite, lang)}`]);
  const ownRules = ruleFileLine(agreement, lang);
  if (ownRules) cells.push([ownRules]);
  const amountCols = parts.length + 1;
  return printable({
    name: sheetTitle(`${lang === 'sv' ? 'Utbetalning 2' : 'Payment 2'} ${agreement.id}`),
    cells,
    boldRows: [0, headerRow, sumRow],
    columnWidths: [26, 6, ...parts.map(() => 14), 14, 50],
    formats: [{ fromRow: headerRow + 1, toRow: endRow, fromCol: 2, toCol: 1 + amountCols, format: FORMAT_KR }],
    table: { fromRow: headerRow, toRow: last, fromCol: 0, toCol: 2 + amountCols, name: `Utbetalning2_${agreement.id}` },
  }, { headerRow, wrapHeader: true, wrapCols: [2 + amountCols] });
}

/** Flags on the input cells that fail a condition: one per cell, naming every condition it fails and its section. */
export function evaluationFlags(e: Evaluation, rows: IndicatorRow[], lang: Lang): Flag[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const flags = new Map<string, { sheet: string; cell: string; texts: Map<string, string> }>();
  for (const r of e.rows) {
    const input = byCode.get(r.code);
    if (!input) continue;
    for (const p of r.parts) {
      for (const c of p.conditions) {
        if (c.passed) continue;
        const cell = input.cells[c.fact];
        if (!cell) continue;
        const key = `${input.sheet}!${cell}`;
        const f = flags.get(key) ?? { sheet: input.sheet, cell, texts: new Map() };
        f.texts.set(c.id, conditionWords(c, lang));
        flags.set(key, f);
      }
    }
  }
  return [...flags.values()].map((f) => ({
    sheet: f.sheet,
    cell: f.cell,
    severity: 'error' as const,
    message: `${r0(lang)}\n${[...f.texts.values()].join('\n')}`,
  }));
}

function r0(lang: Lang): string {
  return lang === 'sv' ? 'Överenskommelsen – villkor för utbetalning 2:' : 'Agreement – conditions for payment 2:';
}
