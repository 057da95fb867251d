/** The allocation sheet: one pot split among its recipients, with its provenance. */
import { Decimal } from '../../core/decimal';
import type { Allocation, Catalog } from '../../core/model';
import type { CellValue, NewSheetSpec } from '../../workbook/port';
import { formatKr } from '../parse';
import { findAgreement } from '../rules/catalog';
import { citeLine, FORMAT_KR, FORMAT_PERSONS, FORMAT_SHARE, methodText, num, partialRemark, populationWords, ruleFileLine, sheetTitle, shortTitle, t, tableName, type Lang } from './common';
import { printable } from './print';

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
