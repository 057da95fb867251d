/**
 * A population table from a grid: columns region and population, one row per
 * region. A table that covers only some regions splits among those.
 */
import { Decimal } from '../decimal';
import { a1, makeRegionResolver, parseNumber } from '../parse';
import type { Catalog, PopulationTable } from '../model';
import type { CellError } from '../errors';
import type { Grid } from '../workbook/port';
import { dataRows, locateColumns, missingColumnsError, type ColumnSpec } from './columns';
import { describeValue } from './describe';

export const POPULATION_COLUMNS: ColumnSpec[] = [
  { key: 'region', aliases: ['region', 'regioner', 'regionnamn', 'län', 'landsting', 'namn', 'name', 'mottagare'], required: true, label: { sv: 'Region', en: 'Region' } },
  { key: 'population', aliases: ['population', 'befolkning', 'befolkningsmängd', 'folkmängd', 'invånare', 'antal invånare', 'inhabitants'], required: true, label: { sv: 'Befolkning', en: 'Population' } },
];

export function populationFromGrid(grid: Grid, catalog: Catalog, id = 'egen', date = ''): { ok: true; table: PopulationTable } | { ok: false; errors: CellError[] } {
  const located = locateColumns(grid, POPULATION_COLUMNS);
  if (!located) return { ok: false, errors: [missingColumnsError(grid, POPULATION_COLUMNS)] };
  const resolve = makeRegionResolver(catalog.reference.regions);
  const errors: CellError[] = [];
  const seen = new Map<string, string>();
  const rows: { code: string; population: string }[] = [];
  const regionCol = located.columns.get('region')!;
  for (const row of dataRows(grid, located, (cells) => resolve(cells[regionCol]) !== null)) {
    const regionCell = row.cells.get('region')!;
    const popCell = row.cells.get('population')!;
    const region = resolve(regionCell.value);
    if (!region) {
      errors.push({ sheet: grid.sheet, cell: regionCell.address, message: {
        sv: `${regionCell.address}: okänd region ${describeValue(regionCell.value, 'sv')}.`,
        en: `${regionCell.address}: unknown region ${describeValue(regionCell.value, 'en')}.` } });
      continue;
    }
    const prior = seen.get(region.code);
    if (prior) {
      errors.push({ sheet: grid.sheet, cell: regionCell.address, message: {
        sv: `${regionCell.address}: ${region.name} förekommer två gånger (även ${prior}).`,
        en: `${regionCell.address}: ${region.name} appears twice (also ${prior}).` } });
      continue;
    }
    seen.set(region.code, regionCell.address);
    const n = parseNumber(popCell.value);
    if (!n.ok || n.percent || !n.value.isInteger() || n.value.isNegative()) {
      errors.push({ sheet: grid.sheet, cell: popCell.address, message: {
        sv: `${popCell.address}: befolkningen för ${region.name} ska vara ett helt antal personer, inte ${describeValue(popCell.value, 'sv')}.`,
        en: `${popCell.address}: the population of ${region.name} must be a whole number of persons, not ${describeValue(popCell.value, 'en')}.` } });
      continue;
    }
    rows.push({ code: region.code, population: n.value.toFixed(0) });
  }
  if (errors.length === 0 && rows.length === 0) {
    errors.push({ sheet: grid.sheet, cell: a1(grid.top + located.headerRow, grid.left), message: {
      sv: 'Tabellen har inga rader med regioner.', en: 'The table has no rows with regions.' } });
  }
  if (errors.length > 0) return { ok: false, errors };
  rows.sort((a, b) => Number(a.code) - Number(b.code));
  const total = rows.reduce((s, r) => s.plus(r.population), new Decimal(0));
  return { ok: true, table: { id, date, title: { sv: 'Egen befolkningstabell', en: 'Own population table' }, source: grid.sheet, total: total.toFixed(0), rows } };
}
