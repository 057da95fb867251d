/**
 * The corpus's own data: a sheet as cells (values, formulas with the value Excel would
 * cache, number formats), merges and hidden rows, plus what was planted where. Both
 * writers (exceljs and the minimal SpreadsheetML writer) write from this.
 */
import { cellAddress } from '../../addin/core/a1';

export type Value = number | string | boolean | null;

export interface CellSpec {
  /** The value; for a formula, the value Excel would compute (written as the cached result only by exceljs). */
  v: Value;
  /** Formula without "=" (e.g. "SUM(E5:E25)"). */
  f?: string;
  /** en-US number format code (only the exceljs writer writes formats). */
  fmt?: string;
  bold?: boolean;
  /** An ISO date: exceljs writes a date cell (serial + format), the minimal writer this text in `v`. */
  date?: string;
}

/** What the audit should say about a cell: which check family catches it. */
export type Family =
  | 'allocation.row-amount'
  | 'allocation.table-total'
  | 'arithmetic.total-row'
  | 'arithmetic.share-vs-population'
  | 'arithmetic.share-sum'
  | 'facts.pot-total'
  | 'facts.region-share'
  | 'facts.payment-count'
  | 'facts.threshold'
  | 'facts.date'
  | 'input.text-number'
  | 'missing-recipient'
  | 'duplicate-recipient'
  | 'extra-recipient';

export interface Fault {
  /** A1 cell where the fault is. */
  cell: string;
  kind: string;
  /** The rule family expected to catch it (any finding of warning or error at the cell counts). */
  expect: Family;
  /** Other cells where a finding also counts (e.g. the label of a label–value pair, the name of a duplicated row). */
  alsoAt?: string[];
  /** For a missing recipient: any warning/error finding inside `range` whose message names `name` counts. */
  range?: string;
  name?: string[];
  what: string;
}

/** The reading a table was made with: agreement, pot(s), the recipients the money is split among. */
export interface TableReading {
  range: string;
  agreement: string;
  pots: string[];
  /** Recipient codes the pot is split among (the qualifying regions of a conditional table; one RCC's members list their national amounts). */
  recipients: string[];
  reading: string;
}

export interface SheetSpec {
  name: string;
  family: string;
  features: string[];
  agreement: string;
  pot: string;
  cells: Map<string, CellSpec>;
  merges: string[];
  hiddenRows: Set<number>;
  widths: Map<number, number>;
  faults: Fault[];
  /** Cells known correct (numbers the agreement determines; right facts). */
  correct: Set<string>;
  /** Cells a fault changes in consequence (a SUM over a wrong row): neither fault nor correct. */
  affected: Set<string>;
  /** Tables as built (range with its title rows) and the reading that explains them. */
  tables: TableReading[];
}

export interface FileSpec {
  file: string;
  /** exceljs; the minimal SpreadsheetML writer; LibreOffice re-saving the exceljs file (optional, needs soffice). */
  writer: 'exceljs' | 'minimal' | 'libreoffice';
  sheets: SheetSpec[];
}

export const key = (r: number, c: number) => cellAddress(r, c);

export function newSheet(name: string, family: string, agreement: string, pot: string, features: string[] = []): SheetSpec {
  return { name, family, features, agreement, pot, cells: new Map(), merges: [], hiddenRows: new Set(), widths: new Map(), faults: [], correct: new Set(), affected: new Set(), tables: [] };
}

export function put(s: SheetSpec, r: number, c: number, cell: CellSpec | Value): string {
  const a = key(r, c);
  const spec: CellSpec = cell !== null && typeof cell === 'object' ? cell : { v: cell };
  s.cells.set(a, spec);
  return a;
}

export function parseKey(a: string): { row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(a)!;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

export function sortedCells(s: SheetSpec): { row: number; col: number; a: string; cell: CellSpec }[] {
  return [...s.cells.entries()]
    .map(([a, cell]) => ({ ...parseKey(a), a, cell }))
    .sort((x, y) => x.row - y.row || x.col - y.col);
}
