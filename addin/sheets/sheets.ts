/**
 * What the product writes into a workbook, as data: NewSheetSpec values the
 * port writes in one batch. The pane (Office.js), the preview (fake host) and
 * the CLI (--out, exceljs) all write these same specs.
 *
 * Numbers are written as numbers; formats are en-US codes (`#,##0` shows as
 * "42 569 204" in a Swedish Excel, `0.00%` as "23,01 %").
 */
import { Decimal } from '../decimal';
import type { Allocation, Catalog, Cite, Method, PartialPopulation, PopulationSource, Text } from '../model';
import type { CellValue, Flag, NewSheetSpec } from '../workbook/port';
import { formatDate, formatKr, formatPercent } from '../parse';
import { formatCite } from '../cite';
import { printable } from './print';
import { findAgreement, findPopulation } from '../rules/catalog';
import { allocate } from '../allocate/allocate';
import type { Evaluation } from '../conditions/evaluate';
import type { ConditionResult } from '../conditions/engine';
import { INDICATOR_COLUMNS, indicatorColumnsFor, type IndicatorRow } from '../table/indicators';

export type Lang = 'sv' | 'en';

export const FORMAT_KR = '#,##0';
export const FORMAT_PERSONS = '#,##0';
export const FORMAT_SHARE = '0.00%';
export const FORMAT_PERCENT_INPUT = '0.0%';

const num = (d: Decimal): number => Number(d.toString());

export function t(text: Text, lang: Lang): string {
  return text[lang];
}

/** Citations print through the one formatter (addin/cite.ts). */
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

function sheetTitle(s: string): string {
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
function tableName(...parts: string[]): string {
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

/** The allocation table of one pot: Region, Län, Befolkning, Andel, Belopp (kr), a sum row, and its provenance below. */
export function allocationSheet(a: Allocation, catalog: Catalog, lang: Lang): NewSheetSpec {
  const agreement = findAgreement(catalog, a.agreement);
  const pot = agreement.pots.find((p) => p.id === a.pot)!;
  const rcc = a.rows.some((r) => r.code.startsWith('rcc-'));
  const L = lang === 'sv'
    ? { recipient: rcc ? 'RCC' : 'Region', code: rcc ? 'Sjukvårdsregion' : 'Län', pop: 'Befolkning', share: 'Andel', amount: 'Belopp (kr)', sum: 'Summa' }
    : { recipient: rcc ? 'RCC' : 'Region', code: rcc ? 'Healthcare region' : 'County code', pop: 'Population', share: 'Share', amount: 'Amount (kr)', sum: 'Total' };
  // Columns that apply: no Befolkning column without a population behind the split (equal,
  // single), and a single recipient is named as such, without a Län column (it has none).
  const single = a.split === 'single';
  type Col = { head: string; cell: (r: Allocation['rows'][number]) => CellValue; sum: CellValue; format?: string };
  const cols: Col[] = [
    { head: single ? (lang === 'sv' ? 'Mottagare' : 'Recipient') : L.recipient, cell: (r) => r.recipient, sum: L.sum },
    ...(single ? [] : [{ head: L.code, cell: (r: Allocation['rows'][number]) => (rcc ? (catalog.reference.rcc.find((x) => x.id === r.code)?.sjukvardsregion ?? r.code) : r.code), sum: null }]),
    ...(a.weighted ? [{ head: L.pop, cell: (r: Allocation['rows'][number]) => num(r.population), sum: num(a.rows.reduce((s, r) => s.plus(r.population), new Decimal(0))), format: FORMAT_PERSONS }] : []),
    { head: L.share, cell: (r) => num(r.share), sum: 1, format: FORMAT_SHARE },
    { head: L.amount, cell: (r) => num(r.amount), sum: num(a.total), format: FORMAT_KR },
  ];
  const amountCol = cols.length - 1;
  const cells: CellValue[][] = [];
  cells.push([`${t(pot.title, lang)} – ${lang === 'sv' ? 'överenskommelse' : 'agreement'} ${agreement.id}`]);
  cells.push([`${lang === 'sv' ? 'Pott' : 'Pot'}: ${formatKr(a.amount, lang)}`]);
  cells.push(cols.map((c) => c.head));
  const headerRow = 2;
  for (const r of a.rows) cells.push(cols.map((c) => c.cell(r)));
  const lastData = cells.length - 1;
  cells.push(cols.map((c) => c.sum));
  const sumRow = cells.length - 1;
  cells.push([]);
  cells.push([`${lang === 'sv' ? 'Överenskommelse' : 'Agreement'}: ${agreement.title}`]);
  const own = ruleFileLine(agreement, lang);
  if (own) cells.push([own]);
  cells.push([citeLine(a.cite, lang)]);
  if (a.partial) cells.push([partialRemark(a.partial, lang)]);
  if (a.weighted) {
    cells.push([`${lang === 'sv' ? 'Befolkning' : 'Population'}: ${populationWords(a.populationSource, a.populationDate, catalog, lang)}`]);
    if (rcc) {
      cells.push([lang === 'sv'
        ? 'RCC:s befolkning = summan av medlemsregionernas; Region Halland delad mellan RCC Väst (norra) och RCC Syd (södra) efter kommunernas folkmängd 31 december 2023.'
        : "An RCC's population = the sum of its member regions'; Region Halland split between RCC Väst (north) and RCC Syd (south) by its municipalities' population on 31 December 2023."]);
    }
  } else {
    cells.push([a.split === 'equal' ? (lang === 'sv' ? 'Fördelning: lika delar.' : 'Split: equal parts.') : (lang === 'sv' ? 'En mottagare.' : 'Single recipient.')]);
  }
  cells.push([methodText(a.method, a.drift, lang)]);
  const name = sheetTitle(`${shortTitle(pot, lang)} ${agreement.id}`);
  return printable({
    name,
    cells,
    boldRows: [0, headerRow, sumRow],
    columnWidths: cols.map((c, i) => (i === 0 ? 30 : c.head === L.code ? 18 : c.format === FORMAT_SHARE ? 10 : c.format === FORMAT_PERSONS ? 14 : 16)),
    formats: cols.flatMap((c, i) => (c.format ? [{ fromRow: headerRow + 1, toRow: sumRow, fromCol: i, toCol: i, format: c.format }] : [])),
    table: { fromRow: headerRow, toRow: lastData, fromCol: 0, toCol: amountCol, name: tableName('Fordelning', shortTitle(pot, 'sv'), agreement.id) },
    chart: a.rows.length > 1
      ? { title: t(pot.title, lang), categories: { fromRow: headerRow + 1, toRow: lastData, fromCol: 0, toCol: 0 }, values: { fromRow: headerRow + 1, toRow: lastData, fromCol: amountCol, toCol: amountCol } }
      : undefined,
  }, { headerRow });
}

/** "Alla potter": every pot of an agreement, what each recipient gets from it, totals per recipient, per pot and per group. */
export function overviewSheet(catalog: Catalog, agreementId: string, opts: { population?: string; method?: Method }, lang: Lang): NewSheetSpec {
  const agreement = findAgreement(catalog, agreementId);
  const ref = catalog.reference;
  const recipients: { code: string; name: string }[] = [
    ...ref.regions.map((r) => ({ code: r.code, name: r.name })),
    ...ref.rcc.map((r) => ({ code: r.id, name: r.name })),
    ...ref.organisations.map((o) => ({ code: o.id, name: o.name })),
  ];
  const unsplitCode = '__unsplit';
  recipients.push({ code: unsplitCode, name: lang === 'sv' ? 'Ej fördelat (källan anger inte hur)' : 'Not allocated (the source does not say how)' });
  const amounts = new Map<string, Decimal>(); // `${pot}/${code}`
  const conditional: string[] = [];
  for (const pot of agreement.pots) {
    if (pot.split.by === 'unspecified') {
      amounts.set(`${pot.id}/${unsplitCode}`, new Decimal(pot.amount));
      continue;
    }
    if (pot.conditions || pot.split.by === 'parts') conditional.push(shortTitle(pot, lang));
    const a = allocate(catalog, { agreement: agreementId, pot: pot.id, population: opts.population, method: opts.method });
    for (const r of a.rows) amounts.set(`${pot.id}/${r.code}`, r.amount);
  }
  const used = recipients.filter((r) => agreement.pots.some((p) => amounts.has(`${p.id}/${r.code}`)));
  const cells: CellValue[][] = [];
  cells.push([`${lang === 'sv' ? 'Alla potter – överenskommelse' : 'All pots – agreement'} ${agreement.id}: ${formatKr(agreement.total, lang)}`]);
  cells.push([lang === 'sv'
    ? `Villkorade potter (${conditional.join(', ') || '–'}) visas som om alla regioner uppfyller villkoren.`
    : `Conditional pots (${conditional.join(', ') || '–'}) are shown as if every region meets the conditions.`]);
  const header: CellValue[] = [lang === 'sv' ? 'Mottagare' : 'Recipient', lang === 'sv' ? 'Län' : 'County',
    ...agreement.pots.map((p) => shortTitle(p, lang)), lang === 'sv' ? 'Totalt' : 'Total'];
  cells.push(header);
  const headerRow = 2;
  for (const r of used) {
    const row = agreement.pots.map((p) => amounts.get(`${p.id}/${r.code}`));
    const total = row.reduce<Decimal>((s, v) => (v ? s.plus(v) : s), new Decimal(0));
    cells.push([r.name, /^\d{2}$/.test(r.code) ? r.code : null, ...row.map((v) => (v ? num(v) : null)), num(total)]);
  }
  const potTotals = agreement.pots.map((p) => used.reduce((s, r) => s.plus(amounts.get(`${p.id}/${r.code}`) ?? 0), new Decimal(0)));
  cells.push([lang === 'sv' ? 'Summa' : 'Total', null, ...potTotals.map(num), num(potTotals.reduce((s, v) => s.plus(v), new Decimal(0)))]);
  const sumRow = cells.length - 1;
  cells.push([]);
  // Groups: title, amount (under the first pot column, wide enough for it) and source.
  cells.push([lang === 'sv' ? 'Grupp' : 'Group', null, lang === 'sv' ? 'Belopp (kr)' : 'Amount (kr)', lang === 'sv' ? 'Källa' : 'Source']);
  const groupHeader = cells.length - 1;
  for (const g of agreement.groups) cells.push([t(g.title, lang), null, num(new Decimal(g.amount)), citeLine(g.cite, lang)]);
  cells.push([lang === 'sv' ? 'Totalt för överenskommelsen' : 'Agreement total', null, num(new Decimal(agreement.total)), citeLine(agreement.totalCite, lang)]);
  const groupEnd = cells.length - 1;
  cells.push([]);
  for (const p of agreement.pots) cells.push([`${t(p.title, lang)}: ${citeLine(p.cite, lang)}`]);
  const ownRules = ruleFileLine(agreement, lang);
  if (ownRules) cells.push([ownRules]);
  cells.push([methodText(opts.method ?? 'largest-remainder', new Decimal(0), lang)]);
  const lastCol = header.length - 1;
  return printable({
    name: sheetTitle(`${lang === 'sv' ? 'Alla potter' : 'All pots'} ${agreement.id}`),
    cells,
    boldRows: [0, headerRow, sumRow, groupHeader, groupEnd],
    columnWidths: [30, 6, ...agreement.pots.map(() => 13), 14],
    formats: [
      { fromRow: headerRow + 1, toRow: sumRow, fromCol: 2, toCol: lastCol, format: FORMAT_KR },
      { fromRow: groupHeader + 1, toRow: groupEnd, fromCol: 2, toCol: 2, format: FORMAT_KR },
    ],
  }, { headerRow, wrapHeader: true, wrapCols: [0], spillCols: [3] });
}

/** The input sheet for payment 2: one row per region, the indicator columns the agreement's conditions need. */
export function indicatorSheet(catalog: Catalog, agreementId: string, lang: Lang): NewSheetSpec {
  const agreement = findAgreement(catalog, agreementId);
  const columns = indicatorColumnsFor(catalog, agreementId);
  const cells: CellValue[][] = [];
  cells.push([`${lang === 'sv' ? 'Indikatorer för utbetalning 2 – överenskommelse' : 'Indicators for payment 2 – agreement'} ${agreement.id}`]);
  cells.push([lang === 'sv'
    ? 'Fyll i andelar i procent (t.ex. 72 % eller 0,72), ja/nej för PREM, och ja/nej eller inlämningsdatum för redovisningen.'
    : 'Enter shares as percentages (e.g. 72 % or 0.72), yes/no for PREM, and yes/no or the date handed in for the report.']);
  cells.push([lang === 'sv' ? 'Region' : 'Region', lang === 'sv' ? 'Län' : 'County code', ...columns.map((c) => c.label[lang])]);
  const headerRow = 2;
  for (const r of catalog.reference.regions) cells.push([r.name, r.code, ...columns.map(() => null)]);
  const last = cells.length - 1;
  const formats: NonNullable<NewSheetSpec['formats']> = [{ fromRow: headerRow + 1, toRow: last, fromCol: 1, toCol: 1, format: '@' }];
  const lists: NonNullable<NewSheetSpec['lists']> = [];
  columns.forEach((c, i) => {
    const col = i + 2;
    if (c.kind === 'percent') formats.push({ fromRow: headerRow + 1, toRow: last, fromCol: col, toCol: col, format: FORMAT_PERCENT_INPUT });
    if (c.kind === 'boolean') lists.push({ fromRow: headerRow + 1, toRow: last, fromCol: col, toCol: col, items: lang === 'sv' ? ['ja', 'nej'] : ['yes', 'no'] });
  });
  cells.push([]);
  for (const c of agreement.conditions) cells.push([`${t(c.label, lang)} – ${citeLine(c.cite, lang)}`]);
  const ownRules = ruleFileLine(agreement, lang);
  if (ownRules) cells.push([ownRules]);
  return printable({
    name: sheetTitle(`${lang === 'sv' ? 'Indikatorer' : 'Indicators'} ${agreement.id}`),
    cells,
    boldRows: [0, headerRow],
    columnWidths: [26, 6, ...columns.map(() => 13)],
    formats,
    lists,
    table: { fromRow: headerRow, toRow: last, fromCol: 0, toCol: columns.length + 1, name: `Indikatorer_${agreement.id}` },
  }, { headerRow, wrapHeader: true });
}

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

export { INDICATOR_COLUMNS, findPopulation };
