/**
 * What the product writes into a workbook, as data: NewSheetSpec values the
 * port writes in one batch, one file per sheet (allocation, overview, indicators,
 * evaluation, forms; print.ts the page setup they share). This file: the wording and
 * formats they share. The pane (Office.js), the preview (fake host) and
 * the CLI (--out, exceljs) all write these same specs.
 *
 * Numbers are written as numbers; formats are en-US codes (`#,##0` shows as
 * "42 569 204" in a Swedish Excel, `0.00%` as "23,01 %").
 */
import { Decimal } from '../../core/decimal';
import type { Catalog, Cite, Method, PartialPopulation, PopulationSource, Text } from '../../core/model';
import { formatDate, formatKr } from '../parse';
import { formatCite } from '../rules/cite';

import type { Lang } from '../../core/lang';
export type { Lang };

export const FORMAT_KR = '#,##0';
export const FORMAT_PERSONS = '#,##0';
export const FORMAT_SHARE = '0.00%';
export const FORMAT_PERCENT_INPUT = '0.0%';

/** A Decimal as the number a cell holds. */
export const num = (d: Decimal): number => Number(d.toString());

export function t(text: Text, lang: Lang): string {
  return text[lang];
}

/** Citations print through the one formatter (addin/engine/rules/cite.ts). */
export const citeLine = (cite: Cite, lang: Lang): string => formatCite(cite, lang);

export function methodText(method: Method, drift: Decimal, lang: Lang): string {
  if (method === 'largest-remainder') {
    return lang === 'sv'
      ? 'Avrundning: största rest (Hamilton) – varje andel avrundas nedåt och de återstående kronorna går till de största resterna; summan är exakt potten.'
      : 'Rounding: largest remainder (Hamilton) – each share is floored and the kronor left go to the largest remainders; the sum is exactly the pot.';
  }
  return lang === 'sv'
    ? `Avrundning: var rad avrundad för sig till närmaste krona (vanlig avrundning); summan avviker ${formatKr(drift, 'sv')} från potten.`
    : `Rounding: each row rounded on its own to the nearest krona (half-up); the sum differs from the pot by ${formatKr(drift, 'en')}.`;
}

/** A sheet name Excel accepts: no []:*?/\\, at most 31 characters. */
export function sheetTitle(s: string): string {
  return s.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31);
}

/** A pot's short title ("Utbetalning 1"): the rule file's `short`, else its title cut at a word within 24 characters. */
export function shortTitle(p: { title: Text; short?: Text }, lang: Lang): string {
  if (p.short) return p.short[lang];
  const full = p.title[lang].replace(/\s*\(.*?\)\s*/g, ' ').trim();
  if (full.length <= 24) return full;
  const cut = full.slice(0, 24);
  return cut.slice(0, cut.lastIndexOf(' ') > 8 ? cut.lastIndexOf(' ') : 24).replace(/[,:;–-]+$/, '').trim();
}

/** An Excel table name from a title: letters, digits and underscores. */
export function tableName(...parts: string[]): string {
  return parts.join('_').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '');
}

/** The line that marks a sheet made from a user's own rule file (file, hash), or null for a built-in agreement. */
export function ruleFileLine(agreement: { id: string; origin?: { file: string; sha256: string; renamedFrom?: string } }, lang: Lang): string | null {
  const o = agreement.origin;
  if (!o) return null;
  const hash = o.sha256.slice(0, 16);
  const renamed = o.renamedFrom
    ? lang === 'sv' ? `; filens id ”${o.renamedFrom}” är en inbyggd överenskommelses och lästes in som ”${agreement.id}”` : `; the file's id “${o.renamedFrom}” is a built-in agreement's and was loaded as “${agreement.id}”`
    : '';
  return lang === 'sv'
    ? `Regler: egen regelfil ${o.file} (SHA-256 ${hash}…), inte en inbyggd överenskommelse${renamed}.`
    : `Rules: own rule file ${o.file} (SHA-256 ${hash}…), not a built-in agreement${renamed}.`;
}

/** The population as a provenance line names it: the table's title, never an empty date. */
export function populationWords(src: PopulationSource | undefined, date: string | null, catalog: Catalog, lang: Lang): string {
  if (src) return t(src.title, lang);
  const table = date ? catalog.reference.populations.find((p) => p.date === date) : undefined;
  return table ? t(table.title, lang) : date ? formatDate(date, lang) : lang === 'sv' ? 'egen befolkningsfil' : 'own population file';
}

/** The remark under the citation when the population table lacks regions (the quote says "samtliga regioner"). */
export function partialRemark(partial: PartialPopulation, lang: Lang): string {
  const names = partial.missing.map((m) => m.name).join(', ');
  const all = partial.missing.length + partial.covered;
  return lang === 'sv'
    ? `Obs: befolkningstabellen saknar ${partial.missing.length} av ${all} regioner (${names}); potten är fördelad mellan de ${partial.covered} regioner som finns i tabellen, inte till samtliga regioner.`
    : `Note: the population table lacks ${partial.missing.length} of ${all} regions (${names}); the pot is split among the ${partial.covered} regions in the table, not among all regions.`;
}
