/**
 * A region's payment-2 indicators from a grid (the indicator sheet the pane
 * writes, a CSV, an .xlsx): percentages as `72 %`, `72,5 %`, `72.5%` or a
 * fraction `0.725`; booleans as ja/nej/yes/no/true/false/1/0; the report as
 * a boolean or a date; regions by any known spelling or län code.
 */
import { a1 } from '../../core/a1';
import { formatNumber, formatPercent, makeRegionResolver, parseBoolean, parseDate, parsePercent } from '../parse';
import type { Catalog, Text } from '../../core/model';
import type { CellError } from '../../core/errors';
import type { Grid } from '../../workbook/port';
import type { Facts } from '../conditions/engine';
import { findAgreement } from '../rules/catalog';
import { dataRows, locateColumns, missingColumnsError, type ColumnSpec } from './columns';
import { describeValue } from './describe';

export type FactKind = 'percent' | 'boolean' | 'date-or-boolean';

export interface IndicatorColumn extends ColumnSpec {
  kind: FactKind;
}

const pct = (key: string, sv: string, en: string, aliases: string[]): IndicatorColumn => ({
  key, kind: 'percent', required: false, label: { sv, en }, aliases: [key, sv, en, ...aliases],
});

/** Every indicator the agreements use; the first Swedish label is what the indicator sheet writes. */
export const INDICATOR_COLUMNS: IndicatorColumn[] = [
  pct('inclusion', 'Inklusion alla SVF', 'Inclusion all SVF', ['inklusion', 'inklusionsgrad', 'inklusionsmål', 'inclusion rate']),
  { key: 'prem', kind: 'boolean', required: false, label: { sv: 'PREM används', en: 'PREM used' }, aliases: ['prem', 'PREM används', 'PREM used', 'prem-enkäter', 'prem enkät'] },
  { key: 'report_submitted', kind: 'date-or-boolean', required: false, label: { sv: 'Redovisning inlämnad', en: 'Report submitted' },
    aliases: ['report_submitted', 'Redovisning inlämnad', 'Report submitted', 'redovisning', 'rapport inlämnad', 'inlämnad'] },
  pct('inclusion_breast', 'Inklusion bröst', 'Inclusion breast', ['inklusion bröstcancer', 'inklusion svf bröst']),
  pct('leadtime_breast', 'Inom ledtid bröst', 'Within lead time breast', ['ledtid bröst', 'ledtid bröstcancer', 'leadtime breast', 'lead time breast']),
  pct('inclusion_colorectal', 'Inklusion tjock- och ändtarm', 'Inclusion colorectal', ['inklusion tjocktarm', 'inklusion kolorektal', 'inklusion tjock och ändtarmscancer']),
  pct('leadtime_colorectal', 'Inom ledtid tjock- och ändtarm', 'Within lead time colorectal', ['ledtid tjock- och ändtarm', 'ledtid tjocktarm', 'ledtid kolorektal', 'leadtime colorectal', 'lead time colorectal']),
  pct('inclusion_prostate', 'Inklusion prostata', 'Inclusion prostate', ['inklusion prostatacancer']),
  pct('leadtime_prostate', 'Inom ledtid prostata', 'Within lead time prostate', ['ledtid prostata', 'ledtid prostatacancer', 'leadtime prostate', 'lead time prostate']),
];

export const REGION_COLUMN: ColumnSpec = {
  key: 'region', required: true, label: { sv: 'Region', en: 'Region' }, aliases: ['region', 'regioner', 'län', 'landsting', 'namn', 'name'],
};

export interface IndicatorRow {
  code: string;
  region: string;
  values: Facts;
  /** Fact → A1 address of its input cell. */
  cells: Record<string, string>;
  sheet: string;
}

/** The indicator columns an agreement's conditions need, in sheet order. */
export function indicatorColumnsFor(catalog: Catalog, agreementId: string): IndicatorColumn[] {
  const facts = new Set(findAgreement(catalog, agreementId).conditions.map((c) => c.fact));
  return INDICATOR_COLUMNS.filter((c) => facts.has(c.key)).map((c) => ({ ...c, required: true }));
}

/**
 * How a percentage column writes its bare numbers (no % sign, no percent cell format):
 * as fractions (0,72) or as percentage points (72). One rule for the whole column:
 * - if any bare number in the column is above 1, the column is in percentage points:
 *   72 = 72 %, and a bare number in (0, 1] there (e.g. 1 or 0,5) is refused as ambiguous;
 * - otherwise bare numbers are fractions: 0,72 = 72 %; a bare 1 is 100 % only when the
 *   column has other bare fractions between 0 and 1, else it is refused as ambiguous
 *   (100 % or 1 %?);
 * - 0 is 0 % either way; numbers with a % sign or a percent format are read as shown.
 */
export interface BareRule {
  points: boolean;
  fractions: boolean;
}

export const BARE_RULE_TEXT: Text = {
  sv: 'Tal utan %-tecken läses som andelar (0,72 = 72 %) när kolumnens tal utan % är andelar och som procent (72 = 72 %) när något av dem är större än 1; en ensam 1 eller ett tal ≤ 1 bland procenttal är tvetydigt.',
  en: 'Numbers without a % sign are fractions (0.72 = 72 %) when the column\'s numbers without % are fractions, and percentages (72 = 72 %) when any of them is above 1; a lone 1, or a number ≤ 1 among percentages, is ambiguous.',
};

export function bareRule(values: { value: unknown; format: string }[]): BareRule {
  let points = false;
  let fractions = false;
  for (const v of values) {
    const p = parsePercent(v.value, { cellFormat: v.format });
    if (!p.ok || !p.bare) continue;
    if (p.assumed) points = true;
    else if (p.fraction.gt(0) && p.fraction.lt(1)) fractions = true;
  }
  return { points, fractions };
}

function parseFact(kind: FactKind, value: unknown, format: string, rule: BareRule = { points: false, fractions: true }): { ok: true; value: Facts[string] } | { ok: false; expected: Text } {
  if (kind === 'percent') {
    const p = parsePercent(value, { cellFormat: format });
    if (!p.ok) return { ok: false, expected: { sv: 'en procentsats (t.ex. 72 % eller 0,72)', en: 'a percentage (e.g. 72 % or 0.72)' } };
    if (p.approx) {
      return { ok: false, expected: {
        sv: 'en exakt procentsats (ett ungefärligt värde kan inte prövas mot villkorets gräns)',
        en: 'an exact percentage (an approximate value cannot be tested against the threshold)' } };
    }
    if (p.bare && !p.assumed && !p.fraction.isZero()) {
      const ambiguous = rule.points || (p.fraction.eq(1) && !rule.fractions);
      if (ambiguous) {
        const n = formatNumber(p.fraction, p.fraction.decimalPlaces(), 'sv');
        const ne = formatNumber(p.fraction, p.fraction.decimalPlaces(), 'en');
        return { ok: false, expected: {
          sv: `en procentsats med %-tecken: ${n} utan % kan betyda ${formatPercent(p.fraction, Math.max(0, p.fraction.decimalPlaces() - 2), 'sv')} eller ${n} %${rule.points ? ' (kolumnens övriga tal utan % är procent, t.ex. 72)' : ''}; skriv t.ex. 72 % eller 0,72`,
          en: `a percentage with a % sign: ${ne} without % could mean ${formatPercent(p.fraction, Math.max(0, p.fraction.decimalPlaces() - 2), 'en')} or ${ne}%${rule.points ? " (the column's other numbers without % are percentages, e.g. 72)" : ''}; write e.g. 72 % or 0.72` } };
      }
    }
    return { ok: true, value: p.fraction };
  }
  const b = parseBoolean(value);
  if (b.ok) return { ok: true, value: b.value };
  if (kind === 'date-or-boolean') {
    const d = parseDate(value, { cellFormat: format });
    if (d.ok) return { ok: true, value: d.iso };
    return { ok: false, expected: { sv: 'ja/nej eller ett datum', en: 'yes/no or a date' } };
  }
  return { ok: false, expected: { sv: 'ja eller nej', en: 'yes or no' } };
}

/**
 * Why an indicator sheet could not be read, so the pane can say it in one line:
 * `no-table` — no header row with the region and indicator columns (the wrong sheet);
 * `empty` — the table is there but every value the errors name is an empty cell (not filled in);
 * `invalid` — anything else (the errors name the cells).
 */
export type IndicatorFailure = 'no-table' | 'empty' | 'invalid';

const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

export function indicatorsFromGrid(
  grid: Grid,
  catalog: Catalog,
  agreementId: string,
): { ok: true; rows: IndicatorRow[] } | { ok: false; errors: CellError[]; reason: IndicatorFailure } {
  const columns = indicatorColumnsFor(catalog, agreementId);
  const specs: ColumnSpec[] = [REGION_COLUMN, ...columns];
  const located = locateColumns(grid, specs);
  if (!located) return { ok: false, errors: [missingColumnsError(grid, specs)], reason: 'no-table' };
  const resolve = makeRegionResolver(catalog.reference.regions);
  const errors: CellError[] = [];
  const rows: IndicatorRow[] = [];
  const seen = new Map<string, string>();
  const regionCol = located.columns.get('region')!;
  const data = dataRows(grid, located, (cells) => resolve(cells[regionCol]) !== null);
  const rules = new Map<string, BareRule>();
  for (const col of columns) if (col.kind === 'percent') rules.set(col.key, bareRule(data.map((r) => r.cells.get(col.key)!)));
  let blankErrors = 0;
  for (const row of data) {
    const rc = row.cells.get('region')!;
    const region = resolve(rc.value);
    if (!region) {
      errors.push({ sheet: grid.sheet, cell: rc.address, message: {
        sv: `${rc.address}: okänd region ${describeValue(rc.value, 'sv')}.`, en: `${rc.address}: unknown region ${describeValue(rc.value, 'en')}.` } });
      continue;
    }
    if (seen.has(region.code)) {
      errors.push({ sheet: grid.sheet, cell: rc.address, message: {
        sv: `${rc.address}: ${region.name} förekommer två gånger (även ${seen.get(region.code)}).`,
        en: `${rc.address}: ${region.name} appears twice (also ${seen.get(region.code)}).` } });
      continue;
    }
    seen.set(region.code, rc.address);
    const values: Facts = {};
    const cells: Record<string, string> = {};
    for (const col of columns) {
      const cell = row.cells.get(col.key)!;
      cells[col.key] = cell.address;
      const parsed = parseFact(col.kind, cell.value, cell.format, rules.get(col.key));
      if (parsed.ok) values[col.key] = parsed.value;
      else {
        if (isBlank(cell.value)) blankErrors++;
        errors.push({ sheet: grid.sheet, cell: cell.address, message: {
          sv: `${cell.address}: ${col.label.sv} för ${region.name} ska vara ${parsed.expected.sv}, inte ${describeValue(cell.value, 'sv')}.`,
          en: `${cell.address}: ${col.label.en} for ${region.name} must be ${parsed.expected.en}, not ${describeValue(cell.value, 'en')}.` } });
      }
    }
    rows.push({ code: region.code, region: region.name, values, cells, sheet: grid.sheet });
  }
  if (errors.length > 0) return { ok: false, errors, reason: blankErrors === errors.length ? 'empty' : 'invalid' };
  if (rows.length === 0) {
    const cell = a1(grid.top + located.headerRow, grid.left);
    return { ok: false, reason: 'invalid', errors: [{ sheet: grid.sheet, cell, message: { sv: `${cell}: tabellen har inga regionrader.`, en: `${cell}: the table has no region rows.` } }] };
  }
  return { ok: true, rows };
}
