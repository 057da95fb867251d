/**
 * The workbook port: the only way the engine and the pane reach a workbook.
 * Implemented by the in-memory workbook (tests, browser preview), the .xlsx
 * adapter (exceljs, the CLI) and the Office.js adapter (inside Excel).
 *
 * Coordinates are 0-based (row, col) within a sheet; addresses are A1 ("D7").
 */

/** A cell value as Excel gives it: numbers, text, booleans; empty cells are "" or null. Error values are strings such as "#REF!". */
export type CellValue = string | number | boolean | null;

/** A block of a sheet as read: values and number formats of the same shape, starting at (top, left). */
export interface Grid {
  sheet: string;
  /** 0-based row and column of values[0][0] in the sheet. */
  top: number;
  left: number;
  values: CellValue[][];
  /** en-US number format codes ("General", "# ##0", "0.00%"), same shape as values. */
  numberFormats: string[][];
  /** Rows hidden in the sheet (0-based sheet row numbers). */
  hiddenRows?: number[];
  /** Merged areas, as A1 ranges ("A1:C1"). */
  merged?: string[];
}

export type Severity = 'error' | 'warning' | 'note';

/** A mark on one cell: fill by severity and a note with the message. Flags never change a value. */
export interface Flag {
  sheet: string;
  /** A1 address of a single cell. */
  cell: string;
  severity: Severity;
  /** The note's text, already in the user's language, with its citation. */
  message: string;
}

/** Fills used for flags, by severity (hex). */
export const FLAG_FILLS: Record<Severity, string> = {
  error: '#FFC7CE',
  warning: '#FFEB9C',
  note: '#DDEBF7',
};

/** The fill of cells the user fills in (a form's fields), distinct from every flag fill. */
export const INPUT_FILL = '#E2EFDA';

export interface Block {
  fromRow: number;
  toRow: number; // inclusive
  fromCol: number;
  toCol: number; // inclusive
}

/** How a written sheet prints (Excel: Page Layout). */
export interface PageSetup {
  orientation: 'portrait' | 'landscape';
  /** Scale so that every column fits this many pages wide; as many pages tall as needed. */
  fitToPagesWide: number;
  /** Also scale so that every row fits this many pages tall (a form printed on one page); absent or 0: as many as needed. */
  fitToPagesTall?: number;
  /** Rows (0-based, inclusive) printed again at the top of every page: the header row. */
  repeatRows?: { from: number; to: number };
}

/** A new sheet to write. The adapter picks a free name (never overwrites a sheet) and writes everything in one batch. */
export interface NewSheetSpec {
  /** Wanted name; if taken, the adapter uses "name (2)", "name (3)", … (max 31 chars, no []:*?/\). */
  name: string;
  /** Cells from A1, row by row. Numbers are written as numbers. */
  cells: CellValue[][];
  /** Number formats (en-US codes) for blocks of cells. */
  formats?: (Block & { format: string })[];
  /** Rows to show in bold (0-based). */
  boldRows?: number[];
  /** Column widths in characters, by column index. */
  columnWidths?: number[];
  /** An Excel table (ListObject) over header + data rows. */
  table?: Block & { name: string };
  /** A bar chart over a block (first column categories, second values), where the host supports charts. */
  chart?: { title: string; categories: Block; values: Block };
  /** Formulas (en-US, "=SUM(B20:B29)") at single cells; the value in `cells` is the formula's result when written. */
  formulas?: { row: number; col: number; formula: string }[];
  /** Cells the user fills in (a form's fields): written with the light input fill INPUT_FILL. */
  inputs?: Block[];
  /** Drop-down lists (data validation), e.g. ja/nej. */
  lists?: (Block & { items: string[] })[];
  /** Text that wraps within its cell (headers, citation lines, messages). */
  wrap?: Block[];
  /** Blocks merged into one cell each (a citation line across the printed width). */
  merges?: Block[];
  /** Row heights in points (wrapped text in merged cells: Excel does not grow those rows itself). */
  rowHeights?: { row: number; height: number }[];
  /** Print layout. */
  pageSetup?: PageSetup;
  /** Activate the sheet after writing. Default true. */
  activate?: boolean;
}

export interface WrittenSheet {
  /** The name actually used. */
  sheet: string;
  /** A1 range written, e.g. "A1:E26". */
  range: string;
}

export interface FlagReceipt {
  /** Cells flagged. */
  cells: number;
  /** Ranges the fills were merged into. */
  ranges: number;
  /** What the adapter ignored or left alone, in words (e.g. a malformed flag registry). Absent when nothing. */
  warnings?: string[];
}

export interface HostCapabilities {
  notes: boolean; // ExcelApi 1.18
  comments: boolean; // ExcelApi 1.10 fallback
  charts: boolean;
  tables: boolean;
  /** Human-readable list of what the host lacks, for the pane. */
  missing: string[];
}

export interface WorkbookPort {
  capabilities(): Promise<HostCapabilities>;
  listSheets(): Promise<string[]>;
  activeSheet(): Promise<string>;
  /** The used range of a sheet (values and number formats). An empty sheet gives an empty grid. */
  readSheet(sheet: string): Promise<Grid>;
  /** The current selection (one area). */
  readSelection(): Promise<Grid>;
  /** Write a new sheet; never touches an existing one. On failure nothing is left behind. */
  writeSheet(spec: NewSheetSpec): Promise<WrittenSheet>;
  /** Flag cells: fill and note. Remembers each cell's previous fill and note (persisted in the workbook) so clearFlags restores them exactly. */
  flag(flags: Flag[]): Promise<FlagReceipt>;
  /** Restore every flagged cell's fill and note exactly as before. Returns the number of cells restored. */
  clearFlags(sheet?: string): Promise<number>;
  /** Select a cell (and activate its sheet). */
  select(sheet: string, cell: string): Promise<void>;
  /**
   * Warnings of the last flag or clearFlags: registry lines ignored as not the add-in's,
   * flagged cells left alone because they no longer showed their flag. Optional.
   */
  warnings?(): readonly string[];
  /**
   * Call `handler` whenever the selection in the workbook changes (the user's or the
   * add-in's own). Resolves to a function that removes the handler; rejects where the host
   * has no such event (then nothing is registered). Optional: a port without it has no event.
   */
  onSelectionChanged?(handler: () => void): Promise<() => void>;
}
