/**
 * The audit's public shapes: a finding, the options and the result of an audit,
 * and the check (rule) interface every file under checks/ implements.
 */
import type { Agreement, Catalog, Cite, Text } from '../../core/model';
import type { Lang } from '../parse';
import type { Grid, Severity } from '../../workbook/port';
import type { AgreementFacts } from './knowledge';
import type { Scan } from './finder';

export type { Severity, Lang };

/** A citation of plain arithmetic (a total is the sum of its rows), not of an agreement. */
export interface ArithmeticCite {
  source: 'aritmetik';
  section: '';
  /** What the arithmetic is, in Swedish ("Summa = summan av raderna ovanför"). */
  text: string;
  /** The same in English. */
  textEn: string;
}

export type FindingCite = Cite | ArithmeticCite;

/** One problem, on one cell. */
export interface Finding {
  sheet: string;
  /** A1 address of the cell in its sheet, e.g. "D7". */
  cell: string;
  severity: Severity;
  /** The check's id, e.g. "arithmetic.total-row". */
  rule: string;
  message: Text;
  cite: FindingCite;
  /** The figure the check expected, where there is one (whole kronor, a fraction, an ISO date …), as plain text. */
  expected?: string;
  /** The figure the sheet has, as read. */
  actual?: string;
  /** For a finding on a table: the table ("Blad1!B4:F26") and the reading it rests on, as said to the user. */
  table?: string;
  reading?: string;
}

/** How a table was read (see readings.ts), as data. */
export interface TableReadingInfo {
  id: string;
  agreement: string;
  pot: string;
  part?: string;
  recipients: 'all' | 'qualifying' | 'forfeit' | 'extract';
  count: number;
  population: string | null;
  method: 'largest-remainder' | 'half-up';
}

/** A table found, with its reading. */
export interface AuditTable {
  sheet: string;
  range: string;
  title: string;
  pot?: string;
  /** The reading the table was audited on; null when it is not read as an allocation. */
  reading: TableReadingInfo | null;
  /** "B4:F26 läst som: 2026, utbetalning 1, 21 regioner, befolkning 31 dec 2024, största rest" (in the audit's language). */
  label: string;
  /** Both languages. */
  labels: Text | null;
  /** Other readings, best first, for the user to pick. */
  alternatives: { id: string; reading: TableReadingInfo; label: string; unexplained: number }[];
  /** Cells the reading leaves unexplained. */
  unexplained: number;
  /** Another reading explains the table equally well. */
  tie: boolean;
  /** The reading was chosen by the user (the `readings` option). */
  picked: boolean;
}

export type AuditScope = 'sheet' | 'selection' | 'workbook';

export interface AuditOptions {
  /** Agreement id ("2026"). Default: the year the sheets talk about, else the agreement a table's total belongs to, else the newest. */
  agreement?: string;
  scope: AuditScope;
  /** For scope "sheet": the sheet; default the active sheet. */
  sheet?: string;
  lang: Lang;
  /** Progress: `done` of `total` steps (each sheet is read, then audited; flagging is the last step). */
  onProgress?: (done: number, total: number) => void;
  /** Cancels the audit between steps; the promise rejects with an AbortError and nothing is flagged. */
  signal?: AbortSignal;
  /** Mark the findings' cells (fills and notes) through the port, after clearing this audit's earlier flags on those sheets. Default true. */
  flag?: boolean;
  /** A chosen reading per table: "Blad1!B4:F26" → a reading id from AuditResult.tables[].alternatives. */
  readings?: Record<string, string>;
}

export interface AuditResult {
  /** The agreement audited against. */
  agreement: string;
  /** How the agreement was chosen. */
  agreementFrom: 'option' | 'year-in-text' | 'table-total' | 'newest';
  findings: Finding[];
  /** Cells read. */
  cells: number;
  /** Milliseconds spent. */
  ms: number;
  /** Tables found, per sheet (for the pane and for tests). */
  tables: AuditTable[];
  /**
   * The agreement each sheet was audited against. Without the option, a sheet with evidence
   * of its own (a year in its text, a table total) is audited against that; a sheet without,
   * against the workbook's.
   */
  sheets: { sheet: string; agreement: string; from: AuditResult['agreementFrom'] }[];
  /** Sheets a whole-workbook audit passed over, each with the reason (nothing is skipped silently). */
  skipped: { sheet: string; reason: Text }[];
}

export interface GridAuditOptions {
  agreement?: string;
  lang?: Lang;
  /** A chosen reading per table, as in AuditOptions. */
  readings?: Record<string, string>;
}

/** What a check sees: the scanned sheet, the agreement and what follows from it. */
export interface CheckContext {
  grid: Grid;
  scan: Scan;
  catalog: Catalog;
  agreement: Agreement;
  facts: AgreementFacts;
  /** The region the sheet is about (named in its text), if any: län code. */
  sheetRegion: string | null;
  /** The agreement was given by the user (tables are then read against it only). */
  agreementFixed?: boolean;
  /** Chosen readings per table key ("Blad1!B4:F26"). */
  readings?: Record<string, string>;
}

/** A rule: one kind of check, with its id, its (highest) severity and a title in both languages. */
export interface Check {
  id: string;
  severity: Severity;
  title: Text;
  run(ctx: CheckContext): Finding[];
}
