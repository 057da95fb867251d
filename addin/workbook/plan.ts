/**
 * Host-neutral planning for the workbook ports (moved out of office.ts, so the Office.js
 * adapter and the direct in-memory port share it): free sheet and table names, the flag
 * registry's format (the VeryHidden sheet `_AgreementRulesFlags`: one JSON line a flagged
 * cell, keyed by worksheet id), merging flagged cells into ranges, chunking rows by bytes,
 * which values need the text format, RangeAreas addresses, what a host lacks, and the
 * port's error type. Pure functions, no host: nothing here talks to Excel or a workbook.
 */
import { FLAG_FILLS, type CellValue, type Grid, type HostCapabilities, type NewSheetSpec, type Severity } from './port';
import { cellAddress, parseCell, type Rect } from '../core/a1';
import { jsonBytes } from './wire';
import { isDateFormat } from '../core/numfmt';
import { normFill, type Cell, type FillStyle } from './memory';
import type { Text } from '../core/model';

// ---------------------------------------------------------------------------------
// The port's error

/** An Office error (or a refusal of ours), with the Office error code and the port call that failed. */
export class WorkbookError extends Error {
  override name = 'WorkbookError';
  /** What to tell the user, in Swedish and English, where the adapter knows more than Office's message (the pane shows it). */
  readonly text?: Text;
  constructor(
    readonly code: string,
    readonly action: string,
    message: string,
    options?: { cause?: unknown; text?: Text },
  ) {
    super(message, options);
    if (options?.text) this.text = options.text;
  }
  /**
   * Set when the action failed after part of its writes may have reached the workbook
   * (flag, clearFlags: Excel batches are not transactions): what may have been written,
   * and the port call that undoes it. The message says the same in words.
   */
  partial?: { written: string; undo: 'clearFlags' };
}

/** Messages for Office error codes that a user can act on (the pane shows `text` in the user's language). */
const KNOWN_CODES: Record<string, Text> = {
  // Excel refuses every API call while a cell is being edited (Excel.ErrorCodes.invalidOperationInCellEditMode).
  InvalidOperationInCellEditMode: {
    sv: 'Excel väntar medan du redigerar en cell. Tryck Enter (eller Esc) i cellen och försök igen. Inget har ändrats.',
    en: 'Excel is waiting while you are editing a cell. Press Enter (or Esc) in the cell, then try again. Nothing was changed.',
  },
};

export function toWorkbookError(e: unknown, action: string): WorkbookError {
  if (e instanceof WorkbookError) return e;
  const o = (e ?? {}) as { code?: unknown; message?: unknown; debugInfo?: { code?: unknown } };
  const code = typeof o.code === 'string' ? o.code : typeof o.debugInfo?.code === 'string' ? o.debugInfo.code : 'GeneralException';
  const msg = typeof o.message === 'string' ? o.message : String(e);
  const text = KNOWN_CODES[code];
  return new WorkbookError(code, action, `${action}: ${text ? text.en : msg}`, { cause: e, ...(text ? { text } : {}) });
}

/** A refusal of the adapter's own, before anything was written: the message in both languages. */
export function refusal(code: string, action: string, text: Text): WorkbookError {
  return new WorkbookError(code, action, `${action}: ${text.en}`, { text });
}

export const protectedSheetText = (names: string[]): Text => ({
  sv: `${names.length === 1 ? `Bladet "${names[0]}" är skyddat` : `Bladen ${names.map((n) => `"${n}"`).join(', ')} är skyddade`}: markeringar kan inte sättas eller tas bort där. Ta bort bladskyddet (Granska → Ta bort skydd för blad) och försök igen. Inget har ändrats.`,
  en: `${names.length === 1 ? `The sheet "${names[0]}" is protected` : `The sheets ${names.map((n) => `"${n}"`).join(', ')} are protected`}: flags cannot be set or cleared there. Unprotect it (Review → Unprotect Sheet) and try again. Nothing was changed.`,
});

export const protectedStructureText = (what: Text): Text => ({
  sv: `Arbetsbokens struktur är skyddad, så ${what.sv}. Ta bort skyddet (Granska → Skydda arbetsbok) och försök igen. Inget har ändrats.`,
  en: `The workbook's structure is protected, so ${what.en}. Unprotect it (Review → Protect Workbook) and try again. Nothing was changed.`,
});


/** Target size of one read chunk's response. Chunks must carry ≥ 4 MB so a read costs ≤ 1 + ceil(bytes / 4 MB) syncs; 5 MB is the hard limit. */
export const READ_TARGET_BYTES = 4_500_000;
/** Target size of one write request (values, fills, notes). */
export const WRITE_TARGET_BYTES = 4_000_000;
/** Excel refuses to return more than this many cells in one read. */
export const MAX_READ_CELLS = 5_000_000;
/** Bytes per cell assumed when nothing has been measured: 40 + a typical value. */
export const DEFAULT_BYTES_PER_CELL = 40;

// ---------------------------------------------------------------------------------
// Pure helpers (exported, tested)

/**
 * Rows per read chunk: as many as fit `targetBytes` at `bytesPerCell` per cell (plus
 * `bytesPerRow`, e.g. row properties), never more than `maxCells` cells, at least 1.
 */
export function chunkRows(
  columns: number,
  bytesPerCell: number,
  opts: { targetBytes?: number; bytesPerRow?: number; maxCells?: number } = {},
): number {
  const cols = Math.max(1, Math.floor(columns));
  const target = opts.targetBytes ?? READ_TARGET_BYTES;
  const perRow = cols * Math.max(1, bytesPerCell) + Math.max(0, opts.bytesPerRow ?? 0);
  const byBytes = Math.floor(target / perRow);
  const byCells = Math.floor((opts.maxCells ?? MAX_READ_CELLS) / cols);
  return Math.max(1, Math.min(byBytes, byCells));
}

/**
 * Bytes per cell of a read response (values and number formats as JSON), measured on a
 * sample; DEFAULT_BYTES_PER_CELL if the sample is empty.
 */
export function estimateBytesPerCell(values: readonly (readonly unknown[])[], formats?: readonly (readonly unknown[])[]): number {
  let cells = 0;
  for (const r of values) cells += r.length;
  if (cells === 0) return DEFAULT_BYTES_PER_CELL;
  const bytes = jsonBytes(values) + (formats ? jsonBytes(formats) : 0);
  return Math.max(4, Math.ceil(bytes / cells));
}

export interface MergedRange extends Rect {
  key: string;
}

/**
 * Merge cells with the same key into rectangles: runs along each row, then runs with the
 * same columns and key in consecutive rows stacked. The rectangles are disjoint and cover
 * exactly the given cells (a cell given twice counts once; the last key wins).
 */
export function mergeCells(cells: readonly { row: number; col: number; key: string }[]): MergedRange[] {
  const byCell = new Map<string, { row: number; col: number; key: string }>();
  for (const c of cells) byCell.set(`${c.row},${c.col}`, c);
  const sorted = [...byCell.values()].sort((a, b) => a.row - b.row || a.col - b.col);
  // 1. runs along rows
  const runs: MergedRange[] = [];
  for (const c of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.top === c.row && last.right === c.col - 1 && last.key === c.key) last.right = c.col;
    else runs.push({ top: c.row, bottom: c.row, left: c.col, right: c.col, key: c.key });
  }
  // 2. stack identical spans in consecutive rows
  const out: MergedRange[] = [];
  let row = -2;
  let prev = new Map<string, MergedRange>(); // rectangles ending on the row above
  let cur = new Map<string, MergedRange>(); // rectangles ending on this row
  for (const r of runs) {
    if (r.top !== row) {
      prev = r.top === row + 1 ? cur : new Map();
      cur = new Map();
      row = r.top;
    }
    const k = `${r.left}:${r.right}:${r.key}`;
    const up = prev.get(k);
    if (up) {
      up.bottom = r.top;
      prev.delete(k);
      cur.set(k, up);
    } else {
      out.push(r);
      cur.set(k, r);
    }
  }
  return out.sort((a, b) => a.top - b.top || a.left - b.left);
}

/** Column width in points for a width in characters (Excel: 7 px a character + 5 px padding, 0.75 pt a pixel). */
export function charsToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

export function pointsToChars(points: number): number {
  return Math.max(0, Math.round(((points / 0.75 - 5) / 7) * 100) / 100);
}

/** A free sheet name: wanted, else "wanted (2)", "wanted (3)" …; ≤ 31 characters, no []:*?/\ , never the reserved "History". */
export function freeSheetName(wanted: string, taken: readonly string[]): string {
  const clean = (wanted.replace(/[[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '').trim() || 'Blad').slice(0, 31);
  const used = new Set([...taken.map((t) => t.toLowerCase()), 'history']); // Excel reserves "History" (any case)
  if (!used.has(clean.toLowerCase())) return clean;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const name = clean.slice(0, 31 - suffix.length).trimEnd() + suffix;
    if (!used.has(name.toLowerCase())) return name;
  }
}

/** A valid, free Excel table name: letters, digits, _ and . only, not like a cell reference, unique ("name_2", …). */
export function freeTableName(wanted: string, taken: readonly string[]): string {
  let base = wanted.normalize('NFC').replace(/[^\p{L}\p{N}_.]/gu, '_');
  if (!/^[\p{L}_]/u.test(base)) base = `_${base}`;
  if (/^[A-Za-z]{1,3}\d+$/.test(base) || /^[RrCc]\d*$/.test(base) || /^R\d*C\d*$/i.test(base)) base = `_${base}`;
  base = base.slice(0, 240);
  const used = new Set(taken.map((t) => t.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`.toLowerCase())) return `${base}_${i}`;
}

/**
 * Whether a value must be written into a text-formatted ("@") cell. Every non-empty string:
 * Excel reads a string written to `values` as if typed — "=…", "+…", "-…" become formulas,
 * "2024-01", "1/2", "12:30", "50%", "TRUE", "(100)" dates, numbers or booleans (en-US) — and
 * no list of patterns is complete, so all text goes into text cells.
 */
export function needsTextFormat(v: CellValue): boolean {
  return typeof v === 'string' && v !== '';
}

/** Local A1 areas of a RangeAreas address ("Sheet1!A1:B2,'My sheet'!C3"). */
export function parseAreas(address: string): string[] {
  const out: string[] = [];
  const re = /(?:'(?:[^']|'')*'|[^,'!]+)!(\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?)|(\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?)/g;
  for (const m of address.matchAll(re)) out.push((m[1] ?? m[2] ?? '').replace(/\$/g, ''));
  return out.filter(Boolean);
}

/** The VeryHidden sheet that remembers flagged cells' previous state. */
export const REGISTRY_SHEET = '_AgreementRulesFlags';
export const REGISTRY_HEADER = 'agreement-rules flag registry v1 — do not edit';


// ---------------------------------------------------------------------------------
// The registry of flagged cells

export interface RegistryEntry {
  /** sheet name when flagged (for messages; the sheet is found by `i`) */
  s: string;
  /** the sheet's Worksheet.id: stable when the sheet is renamed (older lines without it are found by name) */
  i?: string;
  /** cell, A1 */
  c: string;
  /** previous fill colour (null: none) */
  f: string | null;
  /** the rest of the previous fill when it was not plain solid: pattern, pattern colour, tint/shade (Excel.CellPropertiesFill) */
  fs?: SavedFillStyle;
  /** 1: the flag left this cell's fill alone (a gradient, which Office.js cannot set back): only its message was added */
  nf?: 1;
  /** previous note or comment text (null: none) */
  n: string | null;
  /**
   * where the message went: a note, a comment, a reply in the user's own threaded comment on
   * the cell (a cell holds a note or a thread, never both), or nowhere (host has neither)
   */
  ch: 'note' | 'comment' | 'reply' | 'none';
  v: Severity;
  m: string;
  /** the severity and message of the flag before a re-flag: a re-flag cut short may leave the cell showing it */
  pv?: Severity;
  pm?: string;
}

export interface SavedFillStyle {
  p: string;
  pc?: string;
  t?: number;
  pt?: number;
}

/** Patterns Office.js can set (Excel.FillPattern without None and the gradients). */
export const SETTABLE_PATTERNS: readonly string[] = ['Solid', 'Gray50', 'Gray75', 'Gray25', 'Horizontal', 'Vertical', 'Down', 'Up', 'Checker', 'SemiGray75', 'LightHorizontal', 'LightVertical', 'LightDown', 'LightUp', 'Grid', 'CrissCross', 'Gray16', 'Gray8'];
export const GRADIENT_PATTERNS: readonly string[] = ['LinearGradient', 'RectangularGradient'];

const validStyle = (o: unknown): o is SavedFillStyle => {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return false;
  const x = o as Record<string, unknown>;
  const tint = (v: unknown) => v === undefined || (typeof v === 'number' && v >= -1 && v <= 1);
  return typeof x.p === 'string' && SETTABLE_PATTERNS.includes(x.p) && (x.pc === undefined || (typeof x.pc === 'string' && /^#[0-9A-Fa-f]{6}$/.test(x.pc))) && tint(x.t) && tint(x.pt);
};

/** A cell's whole fill as a host reports it (Excel.CellPropertiesFill). */
export interface FillProps {
  color?: string;
  pattern?: string;
  patternColor?: string;
  tintAndShade?: number;
  patternTintAndShade?: number;
}

/**
 * Fill properties applied to a cell as Excel applies them: the ones given change, the others
 * stay; pattern "None" removes the fill; a colour on a gradient makes it solid, on a pattern
 * the pattern stays. The cell's new fill and fillStyle. (One rule for the direct port and the
 * fake Excel host.)
 */
export function fillChange(c: Pick<Cell, 'fill' | 'fillStyle'>, f: FillProps): Pick<Cell, 'fill' | 'fillStyle'> {
  if (f.pattern === 'None') return { fill: null, fillStyle: undefined };
  const was = c.fill === null ? null : { pattern: c.fillStyle?.pattern ?? 'Solid', patternColor: c.fillStyle?.patternColor, tintAndShade: c.fillStyle?.tintAndShade, patternTintAndShade: c.fillStyle?.patternTintAndShade };
  if (was === null && f.color === undefined && f.pattern === undefined) return { fill: null, fillStyle: undefined }; // a pattern colour or tint alone on no fill: still no fill
  const pattern = f.pattern ?? (was && !GRADIENT_PATTERNS.includes(was.pattern) ? was.pattern : 'Solid');
  const st: FillStyle = { pattern };
  const pc = f.patternColor ?? was?.patternColor;
  const t = f.tintAndShade ?? was?.tintAndShade;
  const pt = f.patternTintAndShade ?? was?.patternTintAndShade;
  if (pc !== undefined && pc.toUpperCase() !== '#000000') st.patternColor = pc.toUpperCase();
  if (t !== undefined && t !== 0) st.tintAndShade = t;
  if (pt !== undefined && pt !== 0) st.patternTintAndShade = pt;
  const plain = st.pattern === 'Solid' && st.patternColor === undefined && st.tintAndShade === undefined && st.patternTintAndShade === undefined;
  return { fill: normFill(f.color ?? c.fill ?? '#FFFFFF'), fillStyle: plain ? undefined : st };
}

export interface SavedFill {
  f: string | null;
  fs?: SavedFillStyle;
  gradient: boolean;
}

/** A cell's fill as read, as the registry keeps it: the colour, and the rest when it is not plain solid. */
export function savedFill(fill: FillProps | undefined): SavedFill {
  if (!fill || !fill.pattern || fill.pattern === 'None') return { f: null, gradient: false };
  const f = /^#[0-9A-Fa-f]{6}$/.test(fill.color ?? '') ? fill.color!.toUpperCase() : null;
  if (GRADIENT_PATTERNS.includes(fill.pattern)) return { f, gradient: true };
  const fs: SavedFillStyle = { p: SETTABLE_PATTERNS.includes(fill.pattern) ? fill.pattern : 'Solid' };
  if (fill.patternColor && /^#[0-9A-Fa-f]{6}$/.test(fill.patternColor) && fill.patternColor.toUpperCase() !== '#000000') fs.pc = fill.patternColor.toUpperCase();
  if (typeof fill.tintAndShade === 'number' && fill.tintAndShade !== 0) fs.t = fill.tintAndShade;
  if (typeof fill.patternTintAndShade === 'number' && fill.patternTintAndShade !== 0) fs.pt = fill.patternTintAndShade;
  const plain = fs.p === 'Solid' && fs.pc === undefined && fs.t === undefined && fs.pt === undefined;
  return { f, ...(plain ? {} : { fs }), gradient: false };
}

export const regKey = (sheetId: string, cell: string) => `${sheetId}!${cell.toUpperCase()}`;

/** Excel's limit on a cell's text (and so on a note's). */
export const MAX_TEXT = 32_767;
const SEVERITIES: readonly string[] = ['error', 'warning', 'note'];
const CHANNELS: readonly string[] = ['note', 'comment', 'reply', 'none'];

/**
 * A registry line the adapter could have written: a single-cell A1 address inside the
 * sheet, a fill that is none or #RRGGBB (never "javascript:…" or a theme name), texts within
 * Excel's limits. Anything else is ignored (with a warning), never applied.
 */
export function validEntry(e: unknown): e is RegistryEntry {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return false;
  const o = e as Record<string, unknown>;
  if (typeof o.s !== 'string' || o.s.length === 0 || o.s.length > 31) return false;
  if (o.i !== undefined && (typeof o.i !== 'string' || o.i.length === 0 || o.i.length > 200)) return false;
  if (typeof o.c !== 'string' || !/^[A-Z]{1,3}[1-9][0-9]{0,6}$/.test(o.c)) return false;
  try {
    parseCell(o.c);
  } catch {
    return false;
  }
  if (o.f !== null && (typeof o.f !== 'string' || !/^#[0-9A-Fa-f]{6}$/.test(o.f))) return false;
  if (o.fs !== undefined && !validStyle(o.fs)) return false;
  if (o.nf !== undefined && o.nf !== 1) return false;
  if (o.n !== null && (typeof o.n !== 'string' || o.n.length > MAX_TEXT)) return false;
  if (typeof o.ch !== 'string' || !CHANNELS.includes(o.ch)) return false;
  if (typeof o.v !== 'string' || !SEVERITIES.includes(o.v)) return false;
  if (o.pv !== undefined && (typeof o.pv !== 'string' || !SEVERITIES.includes(o.pv))) return false;
  if (o.pm !== undefined && (typeof o.pm !== 'string' || o.pm.length > MAX_TEXT)) return false;
  return typeof o.m === 'string' && o.m.length <= MAX_TEXT;
}

export interface SheetInfo {
  name: string;
  id: string;
}

export interface ParsedRegistry {
  /** Valid lines whose sheet still exists, by sheet id and cell; `s` and `i` updated to the sheet now. */
  entries: Map<string, RegistryEntry>;
  /** Lines that are not the adapter's (malformed or planted): ignored. */
  bad: number;
}

export function parseRegistry(values: CellValue[][] | null | undefined, sheets: readonly SheetInfo[]): ParsedRegistry {
  const entries = new Map<string, RegistryEntry>();
  const byId = new Map(sheets.map((x) => [x.id, x]));
  const byName = new Map(sheets.map((x) => [x.name.toLowerCase(), x]));
  let bad = 0;
  (values ?? []).forEach((row, idx) => {
    const v = row[0];
    if (idx === 0 || v === null || v === '') return; // the header; blank rows
    let e: unknown;
    try {
      e = typeof v === 'string' && v.startsWith('{') ? JSON.parse(v) : null;
    } catch {
      e = null;
    }
    if (!validEntry(e)) {
      bad++;
      return;
    }
    const sheet = (e.i !== undefined ? byId.get(e.i) : undefined) ?? (e.i === undefined ? byName.get(e.s.toLowerCase()) : undefined);
    if (!sheet) return; // its sheet is gone: nothing to restore
    const c = e.c.toUpperCase();
    entries.set(regKey(sheet.id, c), {
      s: sheet.name,
      i: sheet.id,
      c,
      f: e.f === null ? null : e.f.toUpperCase(),
      ...(e.fs !== undefined ? { fs: e.fs } : {}),
      ...(e.nf !== undefined ? { nf: e.nf } : {}),
      n: e.n,
      ch: e.ch,
      v: e.v,
      m: e.m,
      ...(e.pv !== undefined ? { pv: e.pv } : {}),
      ...(e.pm !== undefined ? { pm: e.pm } : {}),
    });
  });
  return { entries, bad };
}

/** Names the registry may have: the plain name, or a free variant when a sheet of the user's has it. */
export const REGISTRY_NAME = /^_agreementrulesflags(?: \(\d+\))?$/i;


/** The registry sheet's lines, as written to its column A from A1: the header, then one JSON line an entry. */
export function registryLines(entries: readonly RegistryEntry[]): CellValue[][] {
  return [[REGISTRY_HEADER], ...entries.map((e) => [JSON.stringify(e)])];
}

/** Whether a sheet may be the registry (then it is, if its A1 is REGISTRY_HEADER): VeryHidden and named like it. */
export function mayBeRegistry(name: string, visibility: string): boolean {
  return visibility === 'VeryHidden' && REGISTRY_NAME.test(name);
}

/** The warnings of a flag or clearFlags: registry lines ignored, flagged cells left alone. */
export function registryWarnings(bad: number, changed = 0): string[] {
  const out: string[] = [];
  if (bad > 0) out.push(`${bad} line(s) of the flag registry are not the add-in's (malformed or planted): ignored, not applied`);
  if (changed > 0)
    out.push(`${changed} flagged cell(s) no longer showed their flag (moved by an inserted row or column, or changed since): their fill and note were left as they are`);
  return out;
}

/** Cells for a message: the first ten, then how many more. */
export function listCells(cells: readonly string[]): string {
  return cells.length <= 10 ? cells.join(', ') : `${cells.slice(0, 10).join(', ')} and ${cells.length - 10} more`;
}

/** The warnings of a flag about cells that got the fill only: a new thread refused on a cell with an unseen note, a note blocked by a thread. */
export function flagPlacementWarnings(refused: readonly string[], blocked: readonly string[]): string[] {
  const out: string[] = [];
  if (refused.length > 0)
    out.push(
      `${refused.length} cell(s) already hold a note, which this Excel cannot read or change (notes need ExcelApi 1.18), and a cell holds a note or a threaded comment, not both: flagged with the fill only, the note kept as it is (${listCells(refused)})`,
    );
  if (blocked.length > 0) out.push(`${blocked.length} cell(s) have a threaded comment where the flag's note was: flagged with the fill only (${listCells(blocked)})`);
  return out;
}

// ---------------------------------------------------------------------------------
// Flag planning (used by the direct port; the Office adapter keeps its own inline copy)

/** Where a flag's message goes: a note (ExcelApi 1.18), a threaded comment (1.10), or nowhere. */
export type Channel = RegistryEntry['ch'];

export function flagChannel(supports: (version: string) => boolean): 'note' | 'comment' | 'none' {
  return supports('1.18') ? 'note' : supports('1.10') ? 'comment' : 'none';
}

/** What a host has and lacks, from the requirement sets it supports and whether it has charts. */
export function hostCapabilities(supports: (version: string) => boolean, chartType: boolean): HostCapabilities {
  const notes = supports('1.18');
  const comments = supports('1.10');
  const tables = supports('1.1');
  const charts = tables && supports('1.7') && chartType; // 1.7: ChartSeries.setXAxisValues
  const missing: string[] = [];
  if (!notes && comments) missing.push('ExcelApi 1.18 (notes): flags use comments instead');
  if (!notes && !comments) missing.push('ExcelApi 1.10 (comments) and 1.18 (notes): flags are fills only, without their messages');
  if (!supports('1.9')) missing.push('ExcelApi 1.9 (cell properties): flags cannot be set or cleared, new sheets print without their page layout');
  if (!tables) missing.push('ExcelApi 1.1 (tables): new sheets are written without an Excel table');
  if (!charts) missing.push('Charts (ExcelApi 1.7, series categories): new sheets are written without a chart');
  if (!supports('1.13')) missing.push('ExcelApi 1.13 (merged areas): reading a sheet does not report merged cells');
  if (!supports('1.16'))
    missing.push("ExcelApi 1.16 (the workbook's date system): a workbook in the 1904 date system (older Mac workbooks) is read as if in the 1900 system, its dates 1 462 days (4 years) early");
  return { notes, comments, charts, tables, missing };
}

export interface PlacedFlag {
  sheet: string;
  /** Local A1, upper case. */
  cell: string;
  row: number;
  col: number;
  severity: Severity;
  message: string;
}

/** Flags by sheet (as named in the flags), one a cell: the last flag for a cell wins. */
export function groupFlags(flags: readonly { sheet: string; cell: string; severity: Severity; message: string }[], local: (cell: string) => string): Map<string, PlacedFlag[]> {
  const byCell = new Map<string, PlacedFlag>();
  for (const f of flags) {
    const { row, col } = parseCell(local(f.cell));
    const cell = cellAddress(row, col);
    byCell.set(regKey(f.sheet, cell), { sheet: f.sheet, cell, row, col, severity: f.severity, message: f.message });
  }
  const bySheet = new Map<string, PlacedFlag[]>();
  for (const f of byCell.values()) {
    const list = bySheet.get(f.sheet);
    if (list) list.push(f);
    else bySheet.set(f.sheet, [f]);
  }
  return bySheet;
}

/**
 * A flagged cell's registry entry: on a first flag, the cell's fill and note (or comment) as
 * they are now; on a re-flag, the original previous state is kept and the flag it replaces
 * is remembered (pv, pm), since a re-flag cut short may leave the cell showing it.
 */
export function nextEntry(
  old: RegistryEntry | undefined,
  sheet: SheetInfo,
  flag: { cell: string; severity: Severity; message: string },
  now: { fill: SavedFill; text: string | null },
  channel: Channel,
): RegistryEntry {
  const gradient = old ? old.nf === 1 : now.fill.gradient;
  return {
    s: sheet.name,
    i: sheet.id,
    c: flag.cell,
    f: old ? old.f : now.fill.f,
    ...(old ? (old.fs ? { fs: old.fs } : {}) : now.fill.fs ? { fs: now.fill.fs } : {}),
    ...(gradient ? { nf: 1 as const } : {}),
    n: old ? old.n : now.text,
    ch: old ? old.ch : channel,
    v: flag.severity,
    m: flag.message,
    ...(old ? { pv: old.v, pm: old.m } : {}),
  };
}

/** Whether a cell's fill now is still its flag's (or, after a re-flag cut short, the flag before it). */
export function showsFlagFill(e: RegistryEntry, now: string | null | undefined): boolean {
  const up = now === null || now === undefined ? now : now.toUpperCase();
  return up === FLAG_FILLS[e.v].toUpperCase() || (e.pv !== undefined && up === FLAG_FILLS[e.pv].toUpperCase());
}

/** Whether a note's or comment's text now is still its flag's message (a user's own is left alone). */
export function showsFlagText(e: RegistryEntry, now: string | null | undefined): boolean {
  return now !== null && now !== undefined && (now === e.m || now === e.pm);
}

/**
 * Where a new sheet's chart goes: beside its table, one column right of everything written in
 * the table's rows, as tall as the table (at least 15 rows), 8 columns wide. Excel would put a
 * new chart over its source, and plot every column of the source: the chart's source is the
 * amounts only, its categories set on the series.
 */
export function chartPlacement(spec: NewSheetSpec & { chart: NonNullable<NewSheetSpec['chart']> }, nrows: number): Rect {
  const c = spec.chart;
  const tableBox = spec.table ?? { fromRow: Math.min(c.categories.fromRow, c.values.fromRow), toRow: Math.max(c.categories.toRow, c.values.toRow), fromCol: 0, toCol: 0 };
  let right = Math.max(c.values.toCol, c.categories.toCol, tableBox.toCol);
  for (let i = tableBox.fromRow; i <= tableBox.toRow && i < nrows; i++) right = Math.max(right, (spec.cells[i]?.length ?? 0) - 1);
  const top = tableBox.fromRow;
  const left = right + 2;
  return { top, left, bottom: Math.max(tableBox.toRow, top + 14), right: left + 7 };
}

// ---------------------------------------------------------------------------------
// The 1904 date system (moved out of office.ts)


/** Days between the 1900 and the 1904 date systems' serial 0 (1 January 1904 is serial 1462 in the 1900 system). */
const DAYS_1904 = 1462;

/**
 * A grid read from a workbook in the 1904 date system, with its dates as 1900-system serials
 * (what the engine reads): every number in a date-formatted cell moved by 1462 days. Other
 * numbers are left as they are. `system` null: the host cannot say (before ExcelApi 1.16).
 */
export function in1900System(grid: Grid, system: { readonly use1904DateSystem: boolean } | null): Grid {
  if (!system?.use1904DateSystem) return grid;
  grid.values = grid.values.map((line, i) => line.map((v, j) => (typeof v === 'number' && isDateFormat(grid.numberFormats[i]?.[j] ?? 'General') ? v + DAYS_1904 : v)));
  return grid;
}

