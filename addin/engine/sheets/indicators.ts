/** The indicators sheet: the input of payment 2, one row per region. */
import type { Catalog } from '../../core/model';
import type { CellValue, NewSheetSpec } from '../../workbook/port';
import { findAgreement } from '../rules/catalog';
import { indicatorColumnsFor } from '../table/indicators';
import { citeLine, FORMAT_PERCENT_INPUT, ruleFileLine, sheetTitle, t, type Lang } from './common';
import { printable } from './print';

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
