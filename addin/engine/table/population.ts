/**
 * A population table from a grid: columns region and population, one row per
 * region. A table that covers only some regions splits among those (and the
 * allocation says which regions are missing).
 *
 * A population must be an exact whole number of persons, because the split is
 * exact to the krona: "ca 370 000", "~203 000", "≈ 1 000", "cirka 5 000" (approximate),
 * "2 milj", "12 tusen", "12 tkr" (a unit word), "72 %", "246 352,5", "-5" and numbers
 * above 9 007 199 254 740 991 (2^53 − 1, beyond which a spreadsheet number is not exact)
 * are refused, naming the cell. No unit is ever applied.
 *
 * The table's date is taken from the population column's heading or a title above
 * the header ("Folkmängd 31 december 2024", "Befolkning 2024-12-31"); without one the
 * table is "egen befolkningsfil" and has no date.
 */
import { Decimal } from '../../core/decimal';
import { a1 } from '../../core/a1';
import { datesInText, formatDate, formatNumber, makeRegionResolver, parseNumber, shift, type Unit } from '../parse';
import type { Catalog, PopulationOrigin, PopulationTable, Text } from '../../core/model';
import type { CellError } from '../../core/errors';
import type { Grid } from '../../workbook/port';
import { dataRows, locateColumns, missingColumnsError, type ColumnSpec } from './columns';
import { describeValue } from './describe';
import type { Lang } from '../../core/lang';

export const POPULATION_COLUMNS: ColumnSpec[] = [
  { key: 'region', aliases: ['region', 'regioner', 'regionnamn', 'län', 'landsting', 'namn', 'name', 'mottagare'], required: true, label: { sv: 'Region', en: 'Region' } },
  { key: 'population', aliases: ['population', 'befolkning', 'befolkningsmängd', 'folkmängd', 'invånare', 'antal invånare', 'inhabitants'], required: true, label: { sv: 'Befolkning', en: 'Population' } },
];

/** The largest population read: 2^53 − 1 (a spreadsheet number above it is not an exact integer). */
export const MAX_POPULATION = Number.MAX_SAFE_INTEGER;

const UNIT_EXP: Record<Unit, number> = { kr: 0, tkr: 3, mkr: 6, mdkr: 9 };

export interface PopulationOptions {
  /** Table id (default "egen"). */
  id?: string;
  /** The table's date when the caller knows it; otherwise it is looked for in the grid's titles. */
  date?: string;
  /** Where the grid came from (a file, a selection), for the output's provenance line. */
  origin?: PopulationOrigin;
}

export type PopulationRead = { ok: true; table: PopulationTable } | { ok: false; errors: CellError[] };

/** Why a population cell is not an exact number of persons, or null when it is (with the number). */
function readPersons(value: unknown): { ok: true; persons: Decimal } | { ok: false; why: Text } {
  if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) > MAX_POPULATION) {
    return { ok: false, why: {
      sv: `är för stor för att läsas exakt (över ${formatNumber(MAX_POPULATION, 0, 'sv')})`,
      en: `is too large to be read exactly (above ${formatNumber(MAX_POPULATION, 0, 'en')})` } };
  }
  const n = parseNumber(value);
  if (!n.ok) return { ok: false, why: { sv: 'ska vara ett helt antal personer', en: 'must be a whole number of persons' } };
  if (n.approx) {
    return { ok: false, why: {
      sv: 'är ett ungefärligt tal; fördelningen behöver det exakta antalet personer',
      en: 'is an approximate number; the split needs the exact number of persons' } };
  }
  if (n.unit !== undefined) {
    const meant = shift(n.value, UNIT_EXP[n.unit]);
    const hint = meant.isInteger() && meant.abs().lte(MAX_POPULATION)
      ? { sv: ` (skriv ${formatNumber(meant.toFixed(), 0, 'sv')} om det är vad som menas)`, en: ` (write ${formatNumber(meant.toFixed(), 0, 'en')} if that is what is meant)` }
      : { sv: '', en: '' };
    return { ok: false, why: {
      sv: `har en enhet och läses inte; ange antalet personer som ett helt tal utan enhet${hint.sv}`,
      en: `has a unit and is not read; give the number of persons as a whole number without a unit${hint.en}` } };
  }
  if (n.percent) return { ok: false, why: { sv: 'ska vara ett antal personer, inte en procentsats', en: 'must be a number of persons, not a percentage' } };
  if (n.value.isNegative()) return { ok: false, why: { sv: 'kan inte vara negativ', en: 'cannot be negative' } };
  if (!n.value.isInteger()) return { ok: false, why: { sv: 'ska vara ett helt antal personer', en: 'must be a whole number of persons' } };
  if (n.value.gt(MAX_POPULATION)) {
    return { ok: false, why: {
      sv: `är för stor för att läsas exakt (över ${formatNumber(MAX_POPULATION, 0, 'sv')})`,
      en: `is too large to be read exactly (above ${formatNumber(MAX_POPULATION, 0, 'en')})` } };
  }
  return { ok: true, persons: n.value };
}

/**
 * The table's date from its own words: the population column's heading first, then
 * the rows above the header (titles). One distinct date is taken; two different dates
 * in the same place are not guessed between.
 */
export function populationDateInGrid(grid: Grid, headerRow: number, populationCol: number): { date: string; cell: string } | { date: null; conflict?: string[] } {
  const places: { value: unknown; cell: string }[] = [
    { value: grid.values[headerRow]?.[populationCol], cell: a1(grid.top + headerRow, grid.left + populationCol) },
  ];
  for (let r = 0; r < headerRow; r++) {
    const row = grid.values[r] ?? [];
    for (let c = 0; c < Math.min(row.length, 50); c++) places.push({ value: row[c], cell: a1(grid.top + r, grid.left + c) });
  }
  // The header's own cells beside the population column ("Region | Befolkning | 31 dec 2024" is rare; not read).
  const header = places[0]!;
  const own = datesInText(header.value);
  if (own.length === 1) return { date: own[0]!, cell: header.cell };
  if (own.length > 1) return { date: null, conflict: own };
  const found: { date: string; cell: string }[] = [];
  for (const p of places.slice(1)) for (const d of datesInText(p.value)) if (!found.some((f) => f.date === d)) found.push({ date: d, cell: p.cell });
  if (found.length === 1) return found[0]!;
  return found.length > 1 ? { date: null, conflict: found.map((f) => f.date) } : { date: null };
}

const longDate = (iso: string, lang: Lang): string => formatDate(iso, lang);

/** How the output names a user's table: "egen befolkningsfil (pop.csv), 31 december 2024 (datum från B1)". */
export function ownTableTitle(origin: PopulationOrigin | undefined, date: string | null): Text {
  const read = origin?.readOn ? { sv: `, läst ${longDate(origin.readOn, 'sv')}`, en: `, read ${longDate(origin.readOn, 'en')}` } : { sv: '', en: '' };
  const what = origin?.kind === 'selection'
    ? origin.range
      ? { sv: `egen befolkningstabell (${origin.range}${read.sv})`, en: `own population table (${origin.range}${read.en})` }
      : { sv: `egen befolkningstabell (bladet ${origin.name}${read.sv})`, en: `own population table (sheet ${origin.name}${read.en})` }
    : { sv: `egen befolkningsfil${origin ? ` (${origin.name})` : ''}`, en: `own population file${origin ? ` (${origin.name})` : ''}` };
  if (!date) return { sv: `${what.sv}, utan datum`, en: `${what.en}, no date given` };
  const from = origin?.dateCell ? { sv: ` (datum från ${origin.dateCell})`, en: ` (date from ${origin.dateCell})` } : { sv: '', en: '' };
  return { sv: `${what.sv}, ${longDate(date, 'sv')}${from.sv}`, en: `${what.en}, ${longDate(date, 'en')}${from.en}` };
}

export function populationFromGrid(grid: Grid, catalog: Catalog, idOrOptions: string | PopulationOptions = {}, legacyDate = ''): PopulationRead {
  const opts: PopulationOptions = typeof idOrOptions === 'string' ? { id: idOrOptions, date: legacyDate } : idOrOptions;
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
    const n = readPersons(popCell.value);
    if (!n.ok) {
      errors.push({ sheet: grid.sheet, cell: popCell.address, message: {
        sv: `${popCell.address}: befolkningen för ${region.name} ${n.why.sv}, inte ${describeValue(popCell.value, 'sv')}.`,
        en: `${popCell.address}: the population of ${region.name} ${n.why.en}, not ${describeValue(popCell.value, 'en')}.` } });
      continue;
    }
    rows.push({ code: region.code, population: n.persons.toFixed(0) });
  }
  const headerCell = a1(grid.top + located.headerRow, grid.left);
  if (errors.length === 0 && rows.length === 0) {
    errors.push({ sheet: grid.sheet, cell: headerCell, message: {
      sv: `${headerCell}: tabellen har inga rader med regioner.`, en: `${headerCell}: the table has no rows with regions.` } });
  }
  if (errors.length > 0) return { ok: false, errors };
  const total = rows.reduce((s, r) => s.plus(r.population), new Decimal(0));
  if (total.isZero()) {
    return { ok: false, errors: [{ sheet: grid.sheet, cell: headerCell, message: {
      sv: `${headerCell}: befolkningen summerar till 0; det finns inget att fördela efter.`,
      en: `${headerCell}: the populations sum to 0; there is nothing to split by.` } }] };
  }
  rows.sort((a, b) => Number(a.code) - Number(b.code));
  let date = opts.date ?? '';
  let origin: PopulationOrigin = opts.origin ?? { kind: 'selection', name: grid.sheet };
  if (date === '') {
    const found = populationDateInGrid(grid, located.headerRow, located.columns.get('population')!);
    if (found.date !== null) {
      date = found.date;
      origin = { ...origin, dateCell: found.cell };
    }
  }
  const own = ownTableTitle(origin, date === '' ? null : date);
  return {
    ok: true,
    table: {
      id: opts.id ?? 'egen',
      date,
      title: own,
      source: grid.sheet,
      total: total.toFixed(0),
      rows,
      origin,
    },
  };
}
