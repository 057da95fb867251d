/**
 * Reading a typed table out of a grid a person made: find the header row by
 * its column names (Swedish or English, case- and accent-tolerant), then read
 * the data rows below it, skipping empty rows and stopping at a total row
 * ("Summa", "Totalt", "Total"). Every problem is reported against its cell.
 */
import { a1 } from '../../core/a1';
import { normalizeText } from '../parse';
import type { CellError } from '../../core/errors';
import type { CellValue, Grid } from '../../workbook/port';
import type { Lang } from '../../core/lang';

export interface ColumnSpec {
  key: string;
  /** Header words that name this column (compared after normalisation). */
  aliases: string[];
  required: boolean;
  label: { sv: string; en: string };
}

export interface Located {
  /** Column key → 0-based column index in the grid. */
  columns: Map<string, number>;
  /** 0-based row index in the grid of the header. */
  headerRow: number;
}

/** Header text normalised for matching: lower case, no accents, punctuation as spaces. */
export function headerKey(v: CellValue): string {
  if (typeof v !== 'string') return '';
  return normalizeText(v).replace(/[_\-–—:;()[\]%/.,*]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function matches(header: string, a: string): boolean {
  return header === a || header.startsWith(`${a} `);
}

const candidateCache = new WeakMap<ColumnSpec[], { s: ColumnSpec; key: string }[]>();

/** Every (column, alias) pair, alias normalised, longest first (so "inklusion bröst" is not taken by "inklusion"). */
function candidatesFor(specs: ColumnSpec[]): { s: ColumnSpec; key: string }[] {
  let c = candidateCache.get(specs);
  if (!c) {
    c = specs.flatMap((s) => s.aliases.map((alias) => ({ s, key: headerKey(alias) }))).sort((x, y) => y.key.length - x.key.length);
    candidateCache.set(specs, c);
  }
  return c;
}

function matchRow(row: readonly CellValue[], specs: ColumnSpec[]): Map<string, number> {
  const keys = row.map(headerKey);
  const columns = new Map<string, number>();
  if (keys.every((k) => k === '')) return columns;
  const used = new Set<number>();
  for (const { s, key } of candidatesFor(specs)) {
    if (columns.has(s.key)) continue;
    const c = keys.findIndex((k, i) => !used.has(i) && k !== '' && matches(k, key));
    if (c >= 0) {
      columns.set(s.key, c);
      used.add(c);
    }
  }
  return columns;
}

/** How many rows from the top are searched for the header. */
export const HEADER_SEARCH_ROWS = 30;

/** Find the header row: the first row (of the first 30) where every required column is named. */
export function locateColumns(grid: Grid, specs: ColumnSpec[]): Located | null {
  const limit = Math.min(grid.values.length, HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r++) {
    const columns = matchRow(grid.values[r] ?? [], specs);
    if (specs.every((s) => !s.required || columns.has(s.key))) return { columns, headerRow: r };
  }
  return null;
}

function quoteList(values: readonly CellValue[], max = 12): string {
  const texts = values
    .filter((v) => !isEmptyValue(v))
    .map((v) => {
      const t = (typeof v === 'string' ? v : String(v)).replace(/\s+/g, ' ').trim();
      return `"${t.length > 40 ? `${t.slice(0, 40)}…` : t}"`;
    });
  return texts.length > max ? `${texts.slice(0, max).join(', ')} …` : texts.join(', ');
}

/**
 * No header row with every required column: name what is missing. When a row names
 * some of the columns (the likely header), the message names the missing columns and
 * quotes that row's headings; otherwise it quotes the first non-empty row.
 */
export function missingColumnsError(grid: Grid, specs: ColumnSpec[]): CellError {
  const wanted = specs.filter((s) => s.required);
  const limit = Math.min(grid.values.length, HEADER_SEARCH_ROWS);
  let best = -1;
  let bestFound = 0;
  for (let r = 0; r < limit; r++) {
    const matched = matchRow(grid.values[r] ?? [], specs);
    const found = wanted.filter((s) => matched.has(s.key)).length;
    if (found > bestFound) {
      best = r;
      bestFound = found;
    }
  }
  if (best >= 0) {
    const row = grid.values[best] ?? [];
    const columns = matchRow(row, specs);
    const missing = wanted.filter((s) => !columns.has(s.key));
    const cell = a1(grid.top + best, grid.left);
    const one = missing.length === 1;
    const names = (l: Lang) => missing.map((s) => `"${s.label[l]}"`).join(', ');
    return {
      sheet: grid.sheet,
      cell,
      message: {
        sv: `${cell}: ${one ? 'kolumnen' : 'kolumnerna'} ${names('sv')} saknas; rubrikerna på rad ${grid.top + best + 1} är: ${quoteList(row)}.`,
        en: `${cell}: the ${one ? 'column' : 'columns'} ${names('en')} ${one ? 'is' : 'are'} missing; the headings in row ${grid.top + best + 1} are: ${quoteList(row)}.`,
      },
    };
  }
  const cell = a1(grid.top, grid.left);
  const first = grid.values.findIndex((r, i) => i < limit && r.some((v) => !isEmptyValue(v)));
  const seen = first >= 0
    ? { sv: ` Rad ${grid.top + first + 1} är: ${quoteList(grid.values[first]!)}.`, en: ` Row ${grid.top + first + 1} is: ${quoteList(grid.values[first]!)}.` }
    : { sv: ' Tabellen är tom.', en: ' The table is empty.' };
  return {
    sheet: grid.sheet,
    cell,
    message: {
      sv: `Hittar ingen rubrikrad med kolumnerna ${wanted.map((s) => `"${s.label.sv}"`).join(', ')} (från ${cell}).${seen.sv}`,
      en: `No header row with the columns ${wanted.map((s) => `"${s.label.en}"`).join(', ')} (from ${cell}).${seen.en}`,
    },
  };
}

export function isEmptyValue(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

const TOTAL_WORDS = new Set(['summa', 'totalt', 'total', 'sum', 'totalsumma', 'summa totalt']);

export function isTotalLabel(v: CellValue | undefined): boolean {
  return typeof v === 'string' && TOTAL_WORDS.has(headerKey(v));
}

export interface DataRow {
  /** 0-based row index in the grid. */
  row: number;
  cells: Map<string, { value: CellValue; format: string; address: string }>;
}

/**
 * The data rows under the header: a total row ends the table; empty rows are
 * skipped, except that after an empty row a row that is not data (by
 * `isDataRow`, e.g. a footnote whose first cell names no region) ends it.
 */
export function dataRows(grid: Grid, located: Located, isDataRow: (row: CellValue[]) => boolean = () => true): DataRow[] {
  const out: DataRow[] = [];
  const picked = [...located.columns.values()];
  let afterGap = false;
  for (let r = located.headerRow + 1; r < grid.values.length; r++) {
    const row = grid.values[r] ?? [];
    if (picked.every((c) => isEmptyValue(row[c]))) {
      if (out.length > 0) afterGap = true;
      continue;
    }
    if (row.some((v) => isTotalLabel(v))) break;
    if (afterGap && !isDataRow(row)) break;
    afterGap = false;
    const cells = new Map<string, { value: CellValue; format: string; address: string }>();
    for (const [key, c] of located.columns) {
      cells.set(key, {
        value: row[c] ?? null,
        format: grid.numberFormats[r]?.[c] ?? 'General',
        address: a1(grid.top + r, grid.left + c),
      });
    }
    out.push({ row: r, cells });
  }
  return out;
}
