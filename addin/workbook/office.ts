/**
 * The Office.js adapter: WorkbookPort over the Excel JavaScript API.
 *
 * It never touches the global `Excel`/`Office`: it is given them (the real globals inside
 * Excel, the fake host in tests, the preview and the CLI). Types come from @types/office-js
 * only. Rules it keeps (and the fake host checks):
 * - one `Excel.run` per port call; no `context.sync()` inside a loop over cells or rows;
 * - reads in row chunks sized to stay under the 5 MB payload limit, one sync per chunk;
 * - writes and flags queued and synced once per ~4 MB chunk;
 * - flags remember each cell's previous fill and note in a registry kept in the workbook
 *   (a VeryHidden sheet), so clearFlags restores them exactly, even after a reload;
 * - every Office error is rethrown as a WorkbookError with its code, never swallowed.
 */
import {
  FLAG_FILLS,
  INPUT_FILL,
  type CellValue,
  type Flag,
  type FlagReceipt,
  type Grid,
  type HostCapabilities,
  type NewSheetSpec,
  type Severity,
  type WorkbookPort,
  type WrittenSheet,
} from './port';
import { cellAddress, MAX_ROWS, parseCell, quoteSheet, rectAddress, splitSheet, type Rect } from '../core/a1';
import { jsonBytes, utf8Length } from './wire';
import type { Text } from '../core/model';

export interface OfficeHost {
  Excel: typeof Excel;
  Office: typeof Office;
}

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

/** The error of a flag/clearFlags that failed while writing, saying what may be written and how to undo it. */
function partialError(e: unknown, action: string, written: string, advice: string): WorkbookError {
  const base = toWorkbookError(e, action);
  const err = new WorkbookError(base.code, action, `${base.message} — ${written}; ${advice}`, { cause: e });
  err.partial = { written, undo: 'clearFlags' };
  return err;
}

const sheetList = (sheets: string[]) => sheets.map((s) => `"${s}"`).join(', ');

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
function refusal(code: string, action: string, text: Text): WorkbookError {
  return new WorkbookError(code, action, `${action}: ${text.en}`, { text });
}

const protectedSheetText = (names: string[]): Text => ({
  sv: `${names.length === 1 ? `Bladet "${names[0]}" är skyddat` : `Bladen ${names.map((n) => `"${n}"`).join(', ')} är skyddade`}: markeringar kan inte sättas eller tas bort där. Ta bort bladskyddet (Granska → Ta bort skydd för blad) och försök igen. Inget har ändrats.`,
  en: `${names.length === 1 ? `The sheet "${names[0]}" is protected` : `The sheets ${names.map((n) => `"${n}"`).join(', ')} are protected`}: flags cannot be set or cleared there. Unprotect it (Review → Unprotect Sheet) and try again. Nothing was changed.`,
});

const protectedStructureText = (what: Text): Text => ({
  sv: `Arbetsbokens struktur är skyddad, så ${what.sv}. Ta bort skyddet (Granska → Skydda arbetsbok) och försök igen. Inget har ändrats.`,
  en: `The workbook's structure is protected, so ${what.en}. Unprotect it (Review → Protect Workbook) and try again. Nothing was changed.`,
});

/** The VeryHidden sheet that remembers flagged cells' previous state. */
export const REGISTRY_SHEET = '_AgreementRulesFlags';
const REGISTRY_HEADER = 'agreement-rules flag registry v1 — do not edit';

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

// ---------------------------------------------------------------------------------
// The registry of flagged cells

interface RegistryEntry {
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

interface SavedFillStyle {
  p: string;
  pc?: string;
  t?: number;
  pt?: number;
}

/** Patterns Office.js can set (Excel.FillPattern without None and the gradients). */
const SETTABLE_PATTERNS: readonly string[] = ['Solid', 'Gray50', 'Gray75', 'Gray25', 'Horizontal', 'Vertical', 'Down', 'Up', 'Checker', 'SemiGray75', 'LightHorizontal', 'LightVertical', 'LightDown', 'LightUp', 'Grid', 'CrissCross', 'Gray16', 'Gray8'];
const GRADIENT_PATTERNS: readonly string[] = ['LinearGradient', 'RectangularGradient'];

const validStyle = (o: unknown): o is SavedFillStyle => {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return false;
  const x = o as Record<string, unknown>;
  const tint = (v: unknown) => v === undefined || (typeof v === 'number' && v >= -1 && v <= 1);
  return typeof x.p === 'string' && SETTABLE_PATTERNS.includes(x.p) && (x.pc === undefined || (typeof x.pc === 'string' && /^#[0-9A-Fa-f]{6}$/.test(x.pc))) && tint(x.t) && tint(x.pt);
};

const regKey = (sheetId: string, cell: string) => `${sheetId}!${cell.toUpperCase()}`;

/** Excel's limit on a cell's text (and so on a note's). */
const MAX_TEXT = 32_767;
const SEVERITIES: readonly string[] = ['error', 'warning', 'note'];
const CHANNELS: readonly string[] = ['note', 'comment', 'reply', 'none'];

/**
 * A registry line the adapter could have written: a single-cell A1 address inside the
 * sheet, a fill that is none or #RRGGBB (never "javascript:…" or a theme name), texts within
 * Excel's limits. Anything else is ignored (with a warning), never applied.
 */
function validEntry(e: unknown): e is RegistryEntry {
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

interface SheetInfo {
  name: string;
  id: string;
}

interface ParsedRegistry {
  /** Valid lines whose sheet still exists, by sheet id and cell; `s` and `i` updated to the sheet now. */
  entries: Map<string, RegistryEntry>;
  /** Lines that are not the adapter's (malformed or planted): ignored. */
  bad: number;
}

function parseRegistry(values: CellValue[][] | null | undefined, sheets: readonly SheetInfo[]): ParsedRegistry {
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
const REGISTRY_NAME = /^_agreementrulesflags(?: \(\d+\))?$/i;

// ---------------------------------------------------------------------------------
// Write planning: operations with an estimated request size, synced in ~4 MB chunks

interface PlannedOp {
  bytes: number;
  queue: () => void;
}

async function runPlanned(ctx: Excel.RequestContext, ops: PlannedOp[], limit = WRITE_TARGET_BYTES): Promise<number> {
  let syncs = 0;
  // A chunk the host refuses as too large a request was not applied at all (nothing of it ran),
  // so it is split in two and each half sent again; any other failure stands.
  const send = async (chunk: PlannedOp[]): Promise<void> => {
    for (const op of chunk) op.queue();
    try {
      syncs++;
      await ctx.sync(); // one sync per ~4 MB chunk of queued operations, not per cell
    } catch (e) {
      const code = (e as { code?: unknown }).code ?? (e as { debugInfo?: { code?: unknown } }).debugInfo?.code;
      if (code !== 'RequestPayloadSizeLimitExceeded' || chunk.length < 2) throw e;
      const half = Math.ceil(chunk.length / 2);
      await send(chunk.slice(0, half));
      await send(chunk.slice(half));
    }
  };
  let chunk: PlannedOp[] = [];
  let size = 0;
  for (const op of ops) {
    if (chunk.length > 0 && size + op.bytes > limit) {
      await send(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(op);
    size += op.bytes;
  }
  if (chunk.length > 0) await send(chunk);
  return syncs;
}

/**
 * Request bytes budgeted for one planned operation besides its payload: an operation is
 * about two actions (a range proxy and a property set or a method call), each costing a few
 * hundred bytes of object path and envelope in Office.js's request format (≈ 300 bytes an
 * action, issue 9 item 7), plus slack.
 */
const OP_OVERHEAD = 700;

/**
 * A sync refused for its size: the request (RequestPayloadSizeLimitExceeded) or, on Excel on
 * the web, the response (ResponsePayloadSizeLimitExceeded). Both are listed in the error-code
 * table of https://learn.microsoft.com/office/dev/add-ins/testing/application-specific-api-error-handling;
 * the 5 MB limit is in https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins.
 * A read refused so can be split and retried (reads change nothing).
 */
export function isPayloadRefusal(e: unknown): boolean {
  const o = (e ?? {}) as { code?: unknown; debugInfo?: { code?: unknown } };
  const code = typeof o.code === 'string' ? o.code : o.debugInfo?.code;
  return code === 'RequestPayloadSizeLimitExceeded' || code === 'ResponsePayloadSizeLimitExceeded';
}

/**
 * Run read operations (loads, nothing written) in chunks of ~`limit` estimated request
 * bytes, one sync per chunk. A chunk the host refuses as too large (a long note makes a
 * big response) is split in two and retried: reads change nothing, so a retry is safe.
 * Returns the syncs made; none for no operations.
 */
async function runReads(ctx: Excel.RequestContext, ops: PlannedOp[], limit = WRITE_TARGET_BYTES): Promise<number> {
  let syncs = 0;
  let start = 0;
  let cap = Infinity; // operations per chunk, lowered for the rest of the reads after a refusal
  while (start < ops.length) {
    let end = start, size = 0;
    while (end < ops.length && end - start < cap && (end === start || size + ops[end]!.bytes <= limit)) size += ops[end++]!.bytes;
    for (;;) {
      for (let i = start; i < end; i++) ops[i]!.queue();
      try {
        await ctx.sync(); // one sync per chunk of reads
        syncs++;
        break;
      } catch (e) {
        syncs++;
        if (!isPayloadRefusal(e) || end - start <= 1) throw e;
        cap = Math.ceil((end - start) / 2);
        end = start + cap;
      }
    }
    start = end;
  }
  return syncs;
}

/**
 * Delete a sheet this adapter added, found by its id (or, if the id never came back, by the
 * free name it was given): getItemOrNullObject, so a sheet that was never made is no error.
 */
async function removeSheet(ctx: Excel.RequestContext, made: { name: string; id: string | null }): Promise<void> {
  const ws = ctx.workbook.worksheets.getItemOrNullObject(made.id ?? made.name).load('id');
  await ctx.sync();
  if (ws.isNullObject || (made.id !== null && ws.id !== made.id)) return;
  ws.delete();
  await ctx.sync();
}

/** The fill properties read and restored: the whole fill (Excel.CellPropertiesFill, ExcelApi 1.9). */
const FULL_FILL = { color: true, pattern: true, patternColor: true, tintAndShade: true, patternTintAndShade: true } as const;
/** Response bytes a cell's whole fill costs in getCellProperties (JSON of the five properties, with slack). */
const FILL_BYTES = 160;

interface SavedFill {
  f: string | null;
  fs?: SavedFillStyle;
  gradient: boolean;
}

/** A cell's fill as read, as the registry keeps it: the colour, and the rest when it is not plain solid. */
function savedFill(fill: Excel.CellPropertiesFill | undefined): SavedFill {
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

/** Response bytes Range.valueTypes adds per cell ("Double", "String", "Empty" as JSON, with a comma). */
const VALUE_TYPE_BYTES = 10;

/**
 * Error values as Excel shows them in its display language (Range.values gives that text; the
 * cell's valueType is "Error"), to the English names the engine knows (#N/A, #DIV/0! …).
 * Swedish Excel's names; an error in another language is kept as its text.
 */
const LOCAL_ERRORS: ReadonlyMap<string, string> = new Map([
  ['#SAKNAS!', '#N/A'],
  ['#DIVISION/0!', '#DIV/0!'],
  ['#VÄRDEFEL!', '#VALUE!'],
  ['#REFERENS!', '#REF!'],
  ['#NAMN?', '#NAME?'],
  ['#OGILTIGT!', '#NUM!'],
  ['#SKÄRNING!', '#NULL!'],
  ['#BERÄKNA!', '#CALC!'],
  ['#HÄMTAR_DATA', '#GETTING_DATA'],
  ['#FÄLT!', '#FIELD!'],
  ['#BLOCKERAD!', '#BLOCKED!'],
  ['#OKÄND!', '#UNKNOWN!'],
]);

function englishError(v: CellValue): CellValue {
  return typeof v === 'string' ? (LOCAL_ERRORS.get(v.toUpperCase()) ?? v) : v;
}

/**
 * Does a number format show a date (a y/d/m/å outside quotes, escapes and [brackets])? The
 * same test as engine/parse/date.ts's isDateFormat, kept here because workbook/ sits below
 * the engine and imports nothing of it (docs/LAYOUT.md).
 */
function isDateFormat(format: string): boolean {
  const f = format.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '').replace(/_./g, '').toLowerCase();
  if (/^(general|standard|allmänt|allmant)$/.test(f.trim())) return false;
  return /[ydmå]/.test(f);
}

/** Days between the 1900 and the 1904 date systems' serial 0 (1 January 1904 is serial 1462 in the 1900 system). */
const DAYS_1904 = 1462;

/**
 * A grid read from a workbook in the 1904 date system, with its dates as 1900-system serials
 * (what the engine reads): every number in a date-formatted cell moved by 1462 days. Other
 * numbers are left as they are. `system` null: the host cannot say (before ExcelApi 1.16).
 */
function in1900System(grid: Grid, system: { readonly use1904DateSystem: boolean } | null): Grid {
  if (!system?.use1904DateSystem) return grid;
  grid.values = grid.values.map((line, i) => line.map((v, j) => (typeof v === 'number' && isDateFormat(grid.numberFormats[i]?.[j] ?? 'General') ? v + DAYS_1904 : v)));
  return grid;
}

/** A threaded comment to add on a cell that had none when read. */
interface CommentAdd {
  sheetId: string;
  sheetName: string;
  cell: string;
  op: PlannedOp;
}

/** Cells for a message: the first ten, then how many more. */
function listCells(cells: readonly string[]): string {
  return cells.length <= 10 ? cells.join(', ') : `${cells.slice(0, 10).join(', ')} and ${cells.length - 10} more`;
}

const errorCode = (e: unknown): unknown => (e as { code?: unknown })?.code ?? (e as { debugInfo?: { code?: unknown } })?.debugInfo?.code;

// ---------------------------------------------------------------------------------

export class OfficeWorkbook implements WorkbookPort {
  private readonly Excel: typeof Excel;
  private readonly Office: typeof Office;

  constructor(host: OfficeHost) {
    this.Excel = host.Excel;
    this.Office = host.Office;
  }

  private supports(version: string): boolean {
    try {
      return !!this.Office?.context?.requirements?.isSetSupported('ExcelApi', version);
    } catch {
      return false;
    }
  }

  private async run<T>(action: string, fn: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
    try {
      return await this.Excel.run(fn);
    } catch (e) {
      throw toWorkbookError(e, action);
    }
  }

  async capabilities(): Promise<HostCapabilities> {
    const notes = this.supports('1.18');
    const comments = this.supports('1.10');
    const tables = this.supports('1.1');
    const charts = tables && this.supports('1.7') && !!(this.Excel as unknown as { ChartType?: unknown }).ChartType; // 1.7: ChartSeries.setXAxisValues
    const missing: string[] = [];
    if (!notes && comments) missing.push('ExcelApi 1.18 (notes): flags use comments instead');
    if (!notes && !comments) missing.push('ExcelApi 1.10 (comments) and 1.18 (notes): flags are fills only, without their messages');
    if (!this.supports('1.9')) missing.push('ExcelApi 1.9 (cell properties): flags cannot be set or cleared, new sheets print without their page layout');
    if (!tables) missing.push('ExcelApi 1.1 (tables): new sheets are written without an Excel table');
    if (!charts) missing.push('Charts (ExcelApi 1.7, series categories): new sheets are written without a chart');
    if (!this.supports('1.13')) missing.push('ExcelApi 1.13 (merged areas): reading a sheet does not report merged cells');
    if (!this.supports('1.16'))
      missing.push("ExcelApi 1.16 (the workbook's date system): a workbook in the 1904 date system (older Mac workbooks) is read as if in the 1900 system, its dates 1 462 days (4 years) early");
    return { notes, comments, charts, tables, missing };
  }

  async listSheets(): Promise<string[]> {
    return this.run('listSheets', async (ctx) => {
      const found = await this.findRegistry(ctx);
      return found.sheets.map((s) => s.name);
    });
  }

  async activeSheet(): Promise<string> {
    return this.run('activeSheet', async (ctx) => {
      const ws = ctx.workbook.worksheets.getActiveWorksheet().load('name');
      await ctx.sync();
      return ws.name;
    });
  }

  async select(sheet: string, cell: string): Promise<void> {
    await this.run('select', async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(splitSheet(cell).local).select();
      await ctx.sync();
    });
  }

  // ----- reading

  async readSheet(sheet: string): Promise<Grid> {
    return this.run('readSheet', async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(sheet);
      const dims = ws.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount');
      const used = ws.getUsedRange(true).load('rowHidden');
      // Sample rows (the first and the last) size the first chunk; later chunks are sized from
      // the bytes per cell measured over everything read so far, and a refused chunk is split.
      const samples = [used.getRow(0), used.getLastRow()].map((r) => r.load('values,numberFormat'));
      const merged = this.supports('1.13') ? used.getMergedAreasOrNullObject().load('address') : null;
      const system = this.dateSystem(ctx);
      await ctx.sync();
      if (dims.isNullObject) return { sheet, top: 0, left: 0, values: [], numberFormats: [], hiddenRows: [], merged: [] };
      const rect = { top: dims.rowIndex, left: dims.columnIndex, bottom: dims.rowIndex + dims.rowCount - 1, right: dims.columnIndex + dims.columnCount - 1 };
      let perCell = 0;
      for (const s of samples) perCell = Math.max(perCell, estimateBytesPerCell(s.values, s.numberFormat) + VALUE_TYPE_BYTES);
      const hidden = used.rowHidden;
      const grid = await this.readRect(ctx, ws, sheet, rect, perCell, hidden === null && this.supports('1.9'));
      if (hidden === true) grid.hiddenRows = Array.from({ length: dims.rowCount }, (_, i) => dims.rowIndex + i);
      grid.merged = merged && !merged.isNullObject ? parseAreas(merged.address) : [];
      return in1900System(grid, system);
    });
  }

  /** Workbook.use1904DateSystem (ExcelApi 1.16), loaded with the next sync; null where the host cannot say. */
  private dateSystem(ctx: Excel.RequestContext): { readonly use1904DateSystem: boolean } | null {
    return this.supports('1.16') ? (ctx.workbook as unknown as { load(p: string): { use1904DateSystem: boolean } }).load('use1904DateSystem') : null;
  }

  async readSelection(): Promise<Grid> {
    try {
      return await this.readSelectionIn();
    } catch (e) {
      if (!(e instanceof WorkbookError) || e.code !== 'InvalidSelection' || !this.supports('1.9')) throw e;
      // Several areas are selected (getSelectedRange throws then): say which, and read none of them
      // rather than a part the user did not mean.
      let areas: string[] = [];
      try {
        areas = await this.Excel.run(async (ctx) => {
          const all = ctx.workbook.getSelectedRanges().load('address');
          await ctx.sync();
          return parseAreas(all.address);
        });
      } catch {
        throw e;
      }
      if (areas.length < 2) throw e;
      throw refusal('InvalidSelection', 'readSelection', {
        sv: `Markeringen har ${areas.length} områden (${listCells(areas)}). Markera ett område och försök igen.`,
        en: `The selection has ${areas.length} areas (${listCells(areas)}). Select one area and try again.`,
      });
    }
  }

  private async readSelectionIn(): Promise<Grid> {
    return this.run('readSelection', async (ctx) => {
      const sel = ctx.workbook.getSelectedRange().load('rowIndex,columnIndex,rowCount,columnCount');
      const ws = sel.worksheet.load('name');
      const used = ws.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount');
      // The selection's first row sizes the first chunk (a whole-row selection: 16 384 cells at most).
      const sample = sel.getRow(0).load('values,numberFormat');
      const system = this.dateSystem(ctx);
      await ctx.sync();
      let bottom = sel.rowIndex + sel.rowCount - 1;
      let right = sel.columnIndex + sel.columnCount - 1;
      // A whole-column or whole-row selection is read only as far as the sheet has data.
      const usedBottom = used.isNullObject ? sel.rowIndex : used.rowIndex + used.rowCount - 1;
      const usedRight = used.isNullObject ? sel.columnIndex : used.columnIndex + used.columnCount - 1;
      bottom = Math.max(sel.rowIndex, Math.min(bottom, usedBottom));
      right = Math.max(sel.columnIndex, Math.min(right, usedRight));
      const rect = { top: sel.rowIndex, left: sel.columnIndex, bottom, right };
      return in1900System(await this.readRect(ctx, ws, ws.name, rect, Math.max(DEFAULT_BYTES_PER_CELL, estimateBytesPerCell(sample.values, sample.numberFormat) + VALUE_TYPE_BYTES), false), system);
    });
  }

  /**
   * Read a rectangle's values and number formats (and hidden rows if asked) in row chunks
   * of ~READ_TARGET_BYTES: all in one sync when it fits, else one sync per chunk, each
   * chunk sized from the bytes per cell measured so far. A chunk the host refuses as too
   * large is split in two and retried.
   */
  private async readRect(ctx: Excel.RequestContext, ws: Excel.Worksheet, sheet: string, rect: Rect, bytesPerCell: number, hiddenRows: boolean): Promise<Grid> {
    const ncols = rect.right - rect.left + 1;
    const nrows = rect.bottom - rect.top + 1;
    const values: CellValue[][] = [];
    const numberFormats: string[][] = [];
    const hidden: number[] = [];
    const rowBytes = hiddenRows ? 36 : 0;
    let perCell = bytesPerCell;
    let readBytes = 0, readCells = 0;
    let row = 0;
    while (row < nrows) {
      let n = Math.min(nrows - row, chunkRows(ncols, perCell, { bytesPerRow: rowBytes }));
      for (;;) {
        // valueTypes: an error value is known by its type, not by its text, which is in Excel's display language ("#SAKNAS!").
        const r = ws.getRangeByIndexes(rect.top + row, rect.left, n, ncols).load('values,numberFormat,valueTypes');
        const rp = hiddenRows ? r.getRowProperties({ rowIndex: true, rowHidden: true }) : null;
        try {
          await ctx.sync();
        } catch (e) {
          if (isPayloadRefusal(e) && n > 1) {
            n = Math.ceil(n / 2);
            continue;
          }
          throw e;
        }
        const v = r.values as CellValue[][] | null;
        if (v === null) throw new WorkbookError('GeneralException', 'readSheet', 'readSheet: Excel returned no values (too many cells in one read)');
        const types = r.valueTypes as string[][];
        v.forEach((line, i) => values.push(types[i]?.includes('Error') ? line.map((x, j) => (types[i]![j] === 'Error' ? englishError(x) : x)) : line));
        for (const line of r.numberFormat as string[][]) numberFormats.push(line);
        if (rp) for (const p of rp.value) if (p.rowHidden) hidden.push(p.rowIndex ?? 0);
        // Later chunks are sized from the bytes per cell measured over everything read so far
        // (whole chunks, not a sample row); a chunk still refused is split above.
        if (row + n < nrows) {
          readBytes += jsonBytes(v) + jsonBytes(r.numberFormat) + jsonBytes(types);
          readCells += n * ncols;
          perCell = Math.max(4, Math.ceil(readBytes / readCells));
        }
        row += n;
        break;
      }
    }
    return { sheet, top: rect.top, left: rect.left, values, numberFormats, hiddenRows: hidden };
  }

  // ----- writing

  async writeSheet(spec: NewSheetSpec): Promise<WrittenSheet> {
    const action = 'writeSheet';
    // The sheet this call added (its id once a sync has returned it), and whether a failure's clean-up removed it.
    let made: { name: string; id: string | null } | null = null;
    let cleaned = false;
    try {
      return await this.Excel.run(async (ctx) => {
        const caps = await this.capabilities();
        const sheets = ctx.workbook.worksheets.load('items/name');
        const tables = spec.table && caps.tables ? ctx.workbook.tables.load('items/name') : null;
        // A table's name is a defined name too: it must not be one the workbook has (Name Manager).
        const names = tables ? ctx.workbook.names.load('items/name') : null;
        const protection = this.structureProtection(ctx);
        await ctx.sync();
        if (protection?.protected)
          throw refusal('WorkbookProtected', action, protectedStructureText({ sv: 'kan inget nytt blad läggas till', en: 'no new sheet can be added' }));
        const name = freeSheetName(spec.name, sheets.items.map((s) => s.name));
        const ws = ctx.workbook.worksheets.add(name);
        made = { name, id: null };
        ws.load('id'); // returned with the first chunk: the clean-up then deletes by id, never another sheet
        const nrows = spec.cells.length;
        let ncols = 0; // a loop, not Math.max(...rows): a spread of 130 000+ arguments overflows the call stack
        for (const r of spec.cells) if (r.length > ncols) ncols = r.length;
        const ops: PlannedOp[] = [];
        if (nrows > 0 && ncols > 0) {
          const cells = spec.cells.map((r) => Array.from({ length: ncols }, (_, j) => (r[j] ?? '') as CellValue));
          const fmts = cells.map((r) => r.map(() => 'General'));
          for (const f of spec.formats ?? [])
            for (let i = f.fromRow; i <= f.toRow && i < nrows; i++) for (let j = f.fromCol; j <= f.toCol && j < ncols; j++) fmts[i]![j] = f.format;
          for (let i = 0; i < nrows; i++) for (let j = 0; j < ncols; j++) if (needsTextFormat(cells[i]![j]!)) fmts[i]![j] = '@';
          const anyFormat = fmts.some((r) => r.some((f) => f !== 'General'));
          // Rows in chunks of ~4 MB; formats before values, so text stays text.
          let start = 0;
          while (start < nrows) {
            let end = start, size = 0;
            while (end < nrows && (end === start || size + jsonBytes(cells[end]) * 2 < WRITE_TARGET_BYTES)) size += jsonBytes(cells[end++]) + jsonBytes(fmts[end - 1]);
            const s = start, e = end;
            ops.push({
              bytes: size + OP_OVERHEAD,
              queue: () => {
                const r = ws.getRangeByIndexes(s, 0, e - s, ncols);
                if (anyFormat) r.numberFormat = fmts.slice(s, e);
                r.values = cells.slice(s, e);
              },
            });
            start = end;
          }
          for (const b of spec.inputs ?? [])
            ops.push({ bytes: OP_OVERHEAD, queue: () => void (ws.getRangeByIndexes(b.fromRow, b.fromCol, b.toRow - b.fromRow + 1, b.toCol - b.fromCol + 1).format.fill.color = INPUT_FILL) });
          for (const f of spec.formulas ?? [])
            ops.push({ bytes: OP_OVERHEAD + utf8Length(f.formula), queue: () => void (ws.getRangeByIndexes(f.row, f.col, 1, 1).formulas = [[f.formula]]) });
          const bold = [...new Set(spec.boldRows ?? [])].filter((r) => r >= 0 && r < nrows).sort((a, b) => a - b);
          for (const m of mergeCells(bold.map((row) => ({ row, col: 0, key: 'b' }))))
            ops.push({ bytes: OP_OVERHEAD, queue: () => void (ws.getRangeByIndexes(m.top, 0, m.bottom - m.top + 1, ncols).format.font.bold = true) });
        }
        (spec.columnWidths ?? []).forEach((w, j) => {
          if (typeof w === 'number' && w > 0)
            ops.push({ bytes: OP_OVERHEAD, queue: () => void (ws.getRangeByIndexes(0, j, 1, 1).format.columnWidth = charsToPoints(w)) });
        });
        for (const l of spec.lists ?? []) {
          const source = l.items.join(',');
          ops.push({
            bytes: OP_OVERHEAD + utf8Length(source),
            queue: () => {
              ws.getRangeByIndexes(l.fromRow, l.fromCol, l.toRow - l.fromRow + 1, l.toCol - l.fromCol + 1).dataValidation.rule = {
                list: { inCellDropDown: true, source },
              };
            },
          });
        }
        if (spec.table && tables) {
          const tableName = freeTableName(spec.table.name, [...tables.items.map((t) => t.name), ...(names?.items.map((n) => n.name) ?? [])]);
          const t = spec.table;
          ops.push({
            bytes: OP_OVERHEAD * 2,
            queue: () => {
              const table = ws.tables.add(rectAddress({ top: t.fromRow, left: t.fromCol, bottom: t.toRow, right: t.toCol }), true);
              table.name = tableName;
            },
          });
        }
        if (spec.chart && caps.charts && ws.charts) {
          const c = spec.chart;
          const block = (b: { fromRow: number; toRow: number; fromCol: number; toCol: number }) =>
            ws.getRangeByIndexes(b.fromRow, b.fromCol, b.toRow - b.fromRow + 1, b.toCol - b.fromCol + 1);
          // Excel plots every column of a chart's source as a series (Befolkning, Andel and
          // Belopp alike) and puts a new chart over the table: the source is the amounts only,
          // the categories are set on the series (ChartSeries.setXAxisValues, ExcelApi 1.7),
          // and the chart is moved beside the table (Chart.setPosition), one column right of
          // everything written in the table's rows, as tall as the table (at least 15 rows).
          const tableBox = spec.table ?? { fromRow: Math.min(c.categories.fromRow, c.values.fromRow), toRow: Math.max(c.categories.toRow, c.values.toRow), fromCol: 0, toCol: 0 };
          let right = Math.max(c.values.toCol, c.categories.toCol, tableBox.toCol);
          for (let i = tableBox.fromRow; i <= tableBox.toRow && i < nrows; i++) right = Math.max(right, (spec.cells[i]?.length ?? 0) - 1);
          const top = tableBox.fromRow;
          const left = right + 2;
          const bottom = Math.max(tableBox.toRow, top + 14);
          ops.push({
            bytes: OP_OVERHEAD * 6 + utf8Length(c.title),
            queue: () => {
              const chart = ws.charts.add('BarClustered', block(c.values), 'Columns');
              chart.title.text = c.title;
              chart.series.getItemAt(0).setXAxisValues(block(c.categories));
              chart.setPosition(ws.getRangeByIndexes(top, left, 1, 1), ws.getRangeByIndexes(bottom, left + 7, 1, 1));
            },
          });
        }
        ops.push(...layoutOps(ws, spec, nrows, ncols, this.supports('1.9')));
        if (spec.activate !== false) ops.push({ bytes: OP_OVERHEAD, queue: () => ws.activate() });
        try {
          await runPlanned(ctx, ops);
        } catch (e) {
          // Nothing is left behind: delete the half-made sheet inside this batch, while its
          // context lives (proxies die with their Excel.run: used after it they fail with
          // InvalidObjectPath, https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-advanced-concepts).
          const m = made as { name: string; id: string | null };
          try {
            m.id = ws.id; // loaded if any chunk reached Excel
          } catch {
            // not loaded: the first chunk did not come back; look the sheet up by its name
          }
          try {
            await removeSheet(ctx, m);
            cleaned = true;
          } catch {
            // tried again below, in a new Excel.run
          }
          throw e;
        }
        return { sheet: name, range: nrows > 0 && ncols > 0 ? rectAddress({ top: 0, left: 0, bottom: nrows - 1, right: ncols - 1 }) : 'A1' };
      });
    } catch (e) {
      const err = toWorkbookError(e, action);
      const m = made as { name: string; id: string | null } | null;
      if (m && !cleaned) {
        // The clean-up inside the batch failed too: a new Excel.run, finding the sheet by id (or name).
        try {
          await this.Excel.run((ctx) => removeSheet(ctx, m));
        } catch {
          const left = new WorkbookError(err.code, action, `${err.message} — the new sheet "${m.name}" may be left half-written; delete it`, { cause: e });
          throw left;
        }
      }
      throw err;
    }
  }

  // ----- flags

  private channel(): 'note' | 'comment' | 'none' {
    return this.supports('1.18') ? 'note' : this.supports('1.10') ? 'comment' : 'none';
  }

  async flag(flags: Flag[]): Promise<FlagReceipt> {
    const action = 'flag';
    this.lastWarnings = [];
    if (flags.length === 0) return { cells: 0, ranges: 0 };
    if (!this.supports('1.9')) throw new WorkbookError('ApiNotFound', action, 'flag: this Excel lacks ExcelApi 1.9 (cell properties)');
    const channel = this.channel();
    // The last flag for a cell wins.
    const byCell = new Map<string, Flag & { row: number; col: number }>();
    for (const f of flags) {
      const { row, col } = parseCell(splitSheet(f.cell).local);
      const cell = cellAddress(row, col);
      byCell.set(regKey(f.sheet, cell), { ...f, cell, row, col });
    }
    const bySheet = new Map<string, (Flag & { row: number; col: number })[]>();
    for (const f of byCell.values()) {
      const list = bySheet.get(f.sheet);
      if (list) list.push(f);
      else bySheet.set(f.sheet, [f]);
    }

    let writing = false;
    try {
      return await this.flagIn(action, channel, byCell.size, bySheet, () => void (writing = true));
    } catch (e) {
      if (!writing) throw toWorkbookError(e, action); // failed while reading: nothing was written
      const sheets = [...bySheet.keys()];
      throw partialError(
        e,
        action,
        `up to ${byCell.size} cell(s) on ${sheetList(sheets)} may already show the new flag (their previous fills and notes were saved first, in the flag registry)`,
        '"Clear flags" restores every flagged cell\'s fill and note as they were before it was first flagged',
      );
    }
  }

  private async flagIn(
    action: string,
    channel: 'note' | 'comment' | 'none',
    cellCount: number,
    bySheet: Map<string, (Flag & { row: number; col: number })[]>,
    writing: () => void,
  ): Promise<FlagReceipt> {
    return this.run(action, async (ctx) => {
      // 1. Read: where the registry is (only a VeryHidden sheet with its header is), each flagged
      //    cell's fill and note (or the sheet's comments), in chunks under the payload limit.
      const found = await this.findRegistry(ctx);
      const idOf = new Map(found.sheets.map((x) => [x.name.toLowerCase(), x]));
      for (const sheet of bySheet.keys())
        if (!idOf.has(sheet.toLowerCase())) throw new WorkbookError('ItemNotFound', action, `${action}: there is no sheet "${sheet}"`);
      type SheetRead = {
        ws: Excel.Worksheet;
        cells: (Flag & { row: number; col: number })[];
        rects: MergedRange[];
        props: { rect: MergedRange; res: OfficeExtension.ClientResult<Excel.CellProperties[][]> }[];
        /** conditional formats over each read rectangle (ExcelApi 1.6) */
        cf: { rect: MergedRange; n: OfficeExtension.ClientResult<number> }[];
        notes: Map<string, Excel.Note>;
        comments: Excel.CommentCollection | null;
        protection?: Excel.WorksheetProtection | null;
      };
      const reads: SheetRead[] = [];
      const readOps: PlannedOp[] = [];
      for (const [sheet, cells] of bySheet) {
        const rects = mergeCells(cells.map((c) => ({ row: c.row, col: c.col, key: c.severity })));
        const r: SheetRead = { ws: null as unknown as Excel.Worksheet, cells, rects, props: [], cf: [], notes: new Map(), comments: null };
        reads.push(r);
        // Proxies are (re)made inside the operations, so a chunk retried after a refusal makes them anew.
        readOps.push({
          bytes: OP_OVERHEAD,
          queue: () => {
            r.ws = ctx.workbook.worksheets.getItem(sheet);
            // Threaded comments are read on every host that has them: a cell with one cannot take a note.
            if (channel !== 'none') r.comments = r.ws.comments.load('items/content');
            r.protection = this.supports('1.2') ? r.ws.protection.load('protected') : null;
          },
        });
        const cfs = this.supports('1.6');
        rects.forEach((rect, i) =>
          readOps.push({
            bytes: OP_OVERHEAD * (cfs ? 2 : 1) + (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1) * FILL_BYTES, // the response: the whole fill, each cell
            queue: () => {
              const range = r.ws.getRangeByIndexes(rect.top, rect.left, rect.bottom - rect.top + 1, rect.right - rect.left + 1);
              // The whole fill (not just its colour), so Clear flags gives back patterns and tints too.
              r.props[i] = { rect, res: range.getCellProperties({ format: { fill: FULL_FILL } }) };
              // A conditional format's colour shows over the cell's own fill and is not in the cell properties.
              if (cfs) r.cf[i] = { rect, n: range.conditionalFormats.getCount() };
            },
          }),
        );
        if (channel === 'note')
          for (const c of cells) readOps.push({ bytes: OP_OVERHEAD, queue: () => void r.notes.set(c.cell, r.ws.notes.getItemOrNullObject(c.cell).load('content')) });
      }
      await runReads(ctx, readOps);
      // Nothing is written on a protected sheet, nor a first registry in a workbook whose structure is protected.
      const locked = reads.filter((r) => r.protection?.protected).map((r) => r.cells[0]!.sheet);
      if (locked.length > 0) throw refusal('SheetProtected', action, protectedSheetText(locked));
      if (!found.reg && found.structure)
        throw refusal(
          'WorkbookProtected',
          action,
          protectedStructureText({ sv: 'kan den dolda flik där markeringarna minns cellernas tidigare utseende inte läggas till', en: "the hidden sheet where flags remember the cells' previous look cannot be added" }),
        );

      // 2. Read the registry's lines and where the sheets' comments are (only when needed).
      const parsed = found.reg ? await this.readRegistry(ctx, found.reg, found.sheets) : { entries: new Map<string, RegistryEntry>(), bad: 0 };
      this.warn(parsed.bad);
      const registry = parsed.entries;
      const locations = reads.map(() => [] as { c: Excel.Comment; at: Excel.Range }[]);
      await runReads(
        ctx,
        reads.flatMap((r, idx) =>
          (r.comments ? r.comments.items : []).map((c, j) => ({ bytes: OP_OVERHEAD, queue: () => void (locations[idx]![j] = { c, at: c.getLocation().load('address') }) })),
        ),
      );

      // Replies in the threads on flagged cells: a flag on a cell with a user's threaded comment
      // is a reply in that thread (found again by its text when re-flagged or cleared).
      const commentAt = reads.map((r, idx) => {
        const m = new Map<string, Excel.Comment>();
        const wanted = new Set(r.cells.map((c) => c.cell));
        for (const { c, at } of locations[idx] ?? []) {
          const a = splitSheet(at.address).local.toUpperCase();
          if (wanted.has(a)) m.set(a, c);
        }
        return m;
      });
      const replies = new Map<Excel.Comment, Excel.CommentReplyCollection>();
      await runReads(ctx, commentAt.flatMap((m) => [...m.values()].map((c) => ({ bytes: OP_OVERHEAD, queue: () => void replies.set(c, c.replies.load('items/content')) }))));

      // 3. Decide each cell's entry: the original previous state is kept on re-flagging.
      const ops: PlannedOp[] = [];
      const writes: PlannedOp[] = [];
      const fillOps: PlannedOp[] = [];
      const commentAdds: CommentAdd[] = [];
      const paint: { row: number; col: number; key: string }[] = []; // cells to fill, by severity ("*": make plain solid)
      const gradients: string[] = [];
      const underCf: string[] = [];
      const blocked: string[] = []; // cells whose message could not be placed (a thread appeared on a noted cell)
      let ranges = 0;
      reads.forEach((r, idx) => {
        const fills = new Map<string, SavedFill>();
        for (const { rect, res } of r.props)
          res.value.forEach((line, i) => line.forEach((p, j) => fills.set(cellAddress(rect.top + i, rect.left + j), savedFill(p.format?.fill))));
        for (const x of r.cf) if (x && x.n.value > 0) underCf.push(`${quoteSheet(r.cells[0]!.sheet)}!${rectAddress(x.rect)}`);
        const comments = commentAt[idx]!;
        for (const c of r.cells) {
          const info = idOf.get(c.sheet.toLowerCase())!;
          const k = regKey(info.id, c.cell);
          const old = registry.get(k);
          const note = r.notes.get(c.cell);
          const comment = comments.get(c.cell);
          const hasNote = !!note && !note.isNullObject;
          const saved = fills.get(c.cell) ?? { f: null, gradient: false };
          // A gradient cannot be set back through Office.js: such a cell keeps its fill and gets the message only.
          const gradient = old ? old.nf === 1 : saved.gradient;
          if (gradient) gradients.push(`${quoteSheet(info.name)}!${c.cell}`);
          else paint.push({ row: c.row, col: c.col, key: `${c.severity}${saved.fs && !old ? '*' : ''}` });
          // A cell with a user's thread (and no flag of ours yet) gets the message as a reply in it.
          const ch: RegistryEntry['ch'] = old ? old.ch : comment && channel !== 'none' ? 'reply' : channel;
          const current = ch === 'note' ? (hasNote ? note.content : null) : ch === 'comment' ? (comment ? comment.content : null) : null;
          registry.set(k, {
            s: info.name,
            i: info.id,
            c: c.cell,
            f: old ? old.f : saved.f,
            ...(old ? (old.fs ? { fs: old.fs } : {}) : saved.fs ? { fs: saved.fs } : {}),
            ...(gradient ? { nf: 1 as const } : {}),
            n: old ? old.n : current,
            ch,
            v: c.severity,
            m: c.message,
            ...(old ? { pv: old.v, pm: old.m } : {}),
          });
          if (ch === 'note') {
            if (!hasNote && comment) blocked.push(`${quoteSheet(info.name)}!${c.cell}`);
            else
              writes.push({
                bytes: OP_OVERHEAD + utf8Length(c.message),
                queue: () => {
                  if (hasNote) note.content = c.message;
                  else r.ws.notes.add(c.cell, c.message);
                },
              });
          } else if (ch === 'reply') {
            const thread = comment ? replies.get(comment) : undefined;
            if (!comment || !thread) blocked.push(`${quoteSheet(info.name)}!${c.cell}`);
            else {
              const mine = old ? thread.items.find((x) => x.content === old.m || (old.pm !== undefined && x.content === old.pm)) : undefined;
              writes.push({
                bytes: OP_OVERHEAD + utf8Length(c.message),
                queue: () => {
                  if (mine) mine.content = c.message;
                  else comment.replies.add(c.message);
                },
              });
            }
          } else if (ch === 'comment') {
            if (comment)
              writes.push({ bytes: OP_OVERHEAD + utf8Length(c.message), queue: () => void (comment.content = c.message) });
            else
              commentAdds.push({
                sheetId: info.id,
                sheetName: info.name,
                cell: c.cell,
                // CommentCollection.add takes a Range or the full address with the sheet name, never a bare "B7"
                // (https://learn.microsoft.com/javascript/api/excel/excel.commentcollection#excel-excel-commentcollection-add-member(1)).
                op: { bytes: OP_OVERHEAD + utf8Length(c.message), queue: () => void r.ws.comments.add(`${quoteSheet(info.name)}!${c.cell}`, c.message) },
              });
          }
        }
        for (const m of mergeCells(paint.splice(0))) {
          ranges++;
          const severity = m.key.replace('*', '') as Severity;
          const reset = m.key.endsWith('*'); // a pattern or tint there: made plain solid, so the flag looks like a flag
          fillOps.push({
            bytes: OP_OVERHEAD * (reset ? 2 : 1),
            queue: () => {
              const fill = r.ws.getRangeByIndexes(m.top, m.left, m.bottom - m.top + 1, m.right - m.left + 1).format.fill;
              fill.color = FLAG_FILLS[severity];
              if (reset) {
                fill.pattern = 'Solid';
                fill.tintAndShade = 0;
              }
            },
          });
        }
      });
      if (gradients.length > 0)
        this.lastWarnings.push(`${gradients.length} cell(s) have a gradient fill, which Excel's API cannot set back: their fill was left as it is and the flag is the message only (${listCells(gradients)})`);
      if (underCf.length > 0)
        this.lastWarnings.push(
          `${underCf.length} flagged area(s) have conditional formatting (${listCells(underCf)}): Excel shows a conditional format's colour over the flag's fill, so the fill may not be seen there; the message is there, and Clear flags gives back the cells' own fills as usual`,
        );
      // The registry goes first, so a failure part-way leaves nothing clearFlags cannot undo; then fills, then notes.
      writing();
      await runPlanned(ctx, ops.concat(this.registryWrites(ctx, found.reg, found.newName, [...registry.values()]), fillOps, writes));
      // New threaded comments last: a cell may hold a note this host cannot see (no notes API
      // before ExcelApi 1.18), and Excel refuses a thread there. Such a cell keeps its note
      // and gets the fill only; its registry line then says the message went nowhere.
      const refused = await this.addComments(ctx, commentAdds);
      if (refused.length > 0) {
        for (const a of refused) {
          const e = registry.get(regKey(a.sheetId, a.cell));
          if (e) registry.set(regKey(a.sheetId, a.cell), { ...e, ch: 'none', n: null });
        }
        const reg = found.reg ?? ctx.workbook.worksheets.getItem(found.newName);
        await runPlanned(ctx, this.registryWrites(ctx, reg, found.newName, [...registry.values()]));
        this.lastWarnings.push(
          `${refused.length} cell(s) already hold a note, which this Excel cannot read or change (notes need ExcelApi 1.18), and a cell holds a note or a threaded comment, not both: flagged with the fill only, the note kept as it is (${listCells(refused.map((a) => `${quoteSheet(a.sheetName)}!${a.cell}`))})`,
        );
      }
      if (blocked.length > 0)
        this.lastWarnings.push(`${blocked.length} cell(s) have a threaded comment where the flag's note was: flagged with the fill only (${listCells(blocked)})`);
      return { cells: cellCount, ranges, ...(this.lastWarnings.length ? { warnings: [...this.lastWarnings] } : {}) };
    });
  }

  /**
   * Add threaded comments, sent in ~4 MB chunks. Excel refuses a thread on a cell holding a
   * note, and before ExcelApi 1.18 the note cannot be seen beforehand. A batch is not a
   * transaction: the actions before the refused one are applied, so after a refusal the
   * comments now on those sheets are read (2 syncs) and the first planned one missing is the
   * refused cell; it is left out and the rest sent again. Returns the refused cells. Only
   * InvalidOperation/InvalidArgument count as such a refusal; more than 50 of them, or any
   * other failure, stands (the flag then fails, with what may have been written).
   */
  private async addComments(ctx: Excel.RequestContext, adds: CommentAdd[]): Promise<CommentAdd[]> {
    const refused: CommentAdd[] = [];
    let pending = adds;
    for (let round = 0; pending.length > 0; round++) {
      try {
        await runPlanned(ctx, pending.map((a) => a.op));
        break;
      } catch (e) {
        const code = errorCode(e);
        // Only a refusal of the argument or the operation is taken as a cell that cannot take a thread; anything else (a lost connection, a general failure) stands.
        if (round >= 50 || (code !== 'InvalidOperation' && code !== 'InvalidArgument')) throw e;
        const lists = [...new Set(pending.map((a) => a.sheetId))].map((id) => ({ id, list: ctx.workbook.worksheets.getItem(id).comments.load('items/content') }));
        await ctx.sync();
        const at = lists.flatMap(({ id, list }) => list.items.map((c) => ({ id, at: c.getLocation().load('address') })));
        if (at.length > 0) await ctx.sync();
        const present = new Set(at.map((x) => regKey(x.id, splitSheet(x.at.address).local.toUpperCase())));
        const i = pending.findIndex((a) => !present.has(regKey(a.sheetId, a.cell)));
        if (i < 0) break; // all there: the failure came after the last one
        refused.push(pending[i]!);
        pending = pending.slice(i + 1).filter((a) => !present.has(regKey(a.sheetId, a.cell)));
      }
    }
    return refused;
  }

  /**
   * Where the flag registry is: only a VeryHidden sheet named like it whose A1 is the
   * registry's header. A sheet of the user's with that name (visible, hidden, or with other
   * contents) is not the registry and is never deleted or rewritten: a new registry then
   * gets a free name ("_AgreementRulesFlags (2)"). One sync, two when such sheets exist.
   */
  private async findRegistry(ctx: Excel.RequestContext): Promise<{ reg: Excel.Worksheet | null; sheets: SheetInfo[]; newName: string; structure: boolean }> {
    const all = ctx.workbook.worksheets.load('items/name,items/id,items/visibility');
    const protection = this.structureProtection(ctx);
    await ctx.sync();
    const heads = all.items
      .filter((w) => w.visibility === 'VeryHidden' && REGISTRY_NAME.test(w.name))
      .map((w) => ({ w, a1: w.getRange('A1').load('values') }));
    if (heads.length > 0) await ctx.sync();
    const reg = heads.find((h) => h.a1.values?.[0]?.[0] === REGISTRY_HEADER)?.w ?? null;
    return {
      reg,
      sheets: all.items.filter((w) => w !== reg).map((w) => ({ name: w.name, id: w.id })),
      newName: freeSheetName(REGISTRY_SHEET, all.items.map((w) => w.name)),
      structure: protection?.protected === true,
    };
  }

  /** workbook.protection (ExcelApi 1.7), loaded with the next sync: whether sheets can be added, deleted, hidden. */
  private structureProtection(ctx: Excel.RequestContext): Excel.WorkbookProtection | null {
    return this.supports('1.7') ? ctx.workbook.protection.load('protected') : null;
  }

  /** Warnings of the last flag or clearFlags (lines of a malformed or planted registry ignored, cells that no longer showed their flag left alone). */
  lastWarnings: string[] = [];

  warnings(): readonly string[] {
    return this.lastWarnings;
  }

  private warn(bad: number, changed = 0): void {
    if (bad > 0) this.lastWarnings.push(`${bad} line(s) of the flag registry are not the add-in's (malformed or planted): ignored, not applied`);
    if (changed > 0)
      this.lastWarnings.push(`${changed} flagged cell(s) no longer showed their flag (moved by an inserted row or column, or changed since): their fill and note were left as they are`);
  }

  /**
   * The registry's lines: in one sync when they fit a response, else (refused as too large,
   * request or response) in row chunks like any big sheet.
   */
  private async readRegistry(ctx: Excel.RequestContext, reg: Excel.Worksheet, sheets: readonly SheetInfo[]): Promise<ParsedRegistry> {
    const used = reg.getUsedRangeOrNullObject(true).load('values');
    try {
      await ctx.sync();
      return parseRegistry(used.isNullObject ? null : used.values, sheets);
    } catch (e) {
      if (!isPayloadRefusal(e)) throw e;
    }
    const dims = reg.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount');
    const whole = reg.getUsedRange(true);
    const samples = [whole.getRow(0), whole.getLastRow()].map((r) => r.load('values,numberFormat')); // size the first chunk
    await ctx.sync();
    if (dims.isNullObject) return { entries: new Map(), bad: 0 };
    const rect = { top: dims.rowIndex, left: dims.columnIndex, bottom: dims.rowIndex + dims.rowCount - 1, right: dims.columnIndex + dims.columnCount - 1 };
    let perCell = DEFAULT_BYTES_PER_CELL;
    for (const x of samples) perCell = Math.max(perCell, estimateBytesPerCell(x.values, x.numberFormat));
    return parseRegistry((await this.readRect(ctx, reg, REGISTRY_SHEET, rect, perCell, false)).values, sheets);
  }

  /**
   * Operations that rewrite the registry sheet (creating it VeryHidden if needed, deleting it
   * when empty). The lines are overwritten in place and the rows below cleared last, so a
   * rewrite cut short by a failure (it takes several syncs when large) loses no entry: the
   * new lines keep the old ones' order (updated in place, new ones appended, cleared ones
   * dropped), so every entry still wanted is either already rewritten or still in its old row.
   */
  private registryWrites(ctx: Excel.RequestContext, existing: Excel.Worksheet | null, newName: string, entries: RegistryEntry[], canDelete = true): PlannedOp[] {
    if (entries.length === 0 && (canDelete || !existing)) return existing ? [{ bytes: OP_OVERHEAD, queue: () => existing.delete() }] : [];
    const lines: CellValue[][] = [[REGISTRY_HEADER], ...entries.map((e) => [JSON.stringify(e)])];
    let ws: Excel.Worksheet | null = existing;
    const ops: PlannedOp[] = [];
    if (!ws)
      ops.push({
        bytes: OP_OVERHEAD * 3,
        queue: () => {
          ws = ctx.workbook.worksheets.add(newName);
          ws.visibility = 'VeryHidden';
        },
      });
    let start = 0;
    while (start < lines.length) {
      let end = start, size = 0;
      while (end < lines.length && (end === start || size + jsonBytes(lines[end]) < WRITE_TARGET_BYTES / 2)) size += jsonBytes(lines[end++]);
      const s = start, e = end;
      ops.push({ bytes: size + OP_OVERHEAD, queue: () => void (ws!.getRangeByIndexes(s, 0, e - s, 1).values = lines.slice(s, e)) });
      start = end;
    }
    if (existing) ops.push({ bytes: OP_OVERHEAD, queue: () => existing.getRange(`A${lines.length + 1}:A${MAX_ROWS}`).clear('Contents') });
    return ops;
  }

  async clearFlags(sheet?: string): Promise<number> {
    const action = 'clearFlags';
    this.lastWarnings = [];
    let writing: { cells: number; sheets: string[] } | null = null;
    try {
      return await this.clearIn(action, sheet, (w) => void (writing = w));
    } catch (e) {
      const w = writing as { cells: number; sheets: string[] } | null;
      if (!w) throw toWorkbookError(e, action); // failed while reading: nothing was written
      throw partialError(
        e,
        action,
        `up to ${w.cells} cell(s) on ${sheetList(w.sheets)} may already be restored, the others still show their flag (the flag registry is kept until the end)`,
        '"Clear flags" again finishes restoring them',
      );
    }
  }

  private async clearIn(action: string, sheet: string | undefined, writing: (w: { cells: number; sheets: string[] }) => void): Promise<number> {
    return this.run(action, async (ctx) => {
      // 1. The registry (only the add-in's own), its valid lines, the sheets by id.
      const found = await this.findRegistry(ctx);
      if (!found.reg) return 0;
      const parsed = await this.readRegistry(ctx, found.reg, found.sheets);
      this.warn(parsed.bad);
      const registry = parsed.entries;
      const target = sheet === undefined ? null : found.sheets.find((x) => x.name.toLowerCase() === sheet.toLowerCase());
      if (target === undefined) return 0; // no such sheet: nothing of it to clear
      const live = [...registry.values()].filter((e) => target === null || e.i === target.id);
      const needNotes = live.some((e) => e.ch === 'note');
      const needComments = live.some((e) => e.ch === 'comment' || e.ch === 'reply');
      if (needNotes && !this.supports('1.18')) throw new WorkbookError('ApiNotFound', action, 'clearFlags: these flags were made with notes (ExcelApi 1.18), which this Excel lacks');
      if (needComments && !this.supports('1.10')) throw new WorkbookError('ApiNotFound', action, 'clearFlags: these flags were made with comments (ExcelApi 1.10), which this Excel lacks');

      // 2. What those cells show now: fill, note or comment (in chunks under the payload limit).
      const bySheet = new Map<string, RegistryEntry[]>(); // by sheet id
      for (const e of live) {
        const list = bySheet.get(e.i!);
        if (list) list.push(e);
        else bySheet.set(e.i!, [e]);
      }
      const notes = new Map<string, Excel.Note>();
      const fillsNow = new Map<string, string | null>();
      const props: { id: string; rect: MergedRange; res: OfficeExtension.ClientResult<Excel.CellProperties[][]> }[] = [];
      const commentLists: { id: string; list: Excel.CommentCollection }[] = [];
      const protections = new Map<string, { name: string; p: Excel.WorksheetProtection }>();
      const readOps: PlannedOp[] = [];
      for (const [id, entries] of bySheet) {
        let ws = null as unknown as Excel.Worksheet;
        readOps.push({
          bytes: OP_OVERHEAD,
          queue: () => {
            ws = ctx.workbook.worksheets.getItem(id);
            if (entries.some((e) => e.ch === 'comment' || e.ch === 'reply')) commentLists.push({ id, list: ws.comments.load('items/content') });
            if (this.supports('1.2')) protections.set(id, { name: entries[0]!.s, p: ws.protection.load('protected') });
          },
        });
        for (const rect of mergeCells(entries.map((e) => ({ ...parseCell(e.c), key: '' }))))
          readOps.push({
            bytes: OP_OVERHEAD + (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1) * 60,
            queue: () =>
              void props.push({
                id,
                rect,
                res: ws.getRangeByIndexes(rect.top, rect.left, rect.bottom - rect.top + 1, rect.right - rect.left + 1).getCellProperties({ format: { fill: { color: true, pattern: true } } }),
              }),
          });
        // the note there now is most likely the flag's message: its length sizes the response
        for (const e of entries) if (e.ch === 'note') readOps.push({ bytes: OP_OVERHEAD + utf8Length(e.m ?? ''), queue: () => void notes.set(regKey(id, e.c), ws.notes.getItemOrNullObject(e.c).load('content')) });
      }
      await runReads(ctx, readOps);
      const locked = [...protections.values()].filter((x) => x.p.protected).map((x) => x.name);
      if (locked.length > 0) throw refusal('SheetProtected', action, protectedSheetText(locked));
      const seen = new Set<string>(); // a chunk retried after a refusal pushes its results again: the last wins
      for (let i = props.length - 1; i >= 0; i--) {
        const { id, rect, res } = props[i]!;
        const key = `${id}:${rect.top}:${rect.left}`;
        if (seen.has(key)) continue;
        seen.add(key);
        res.value.forEach((line, r) =>
          line.forEach((p, c) => {
            const fill = p.format?.fill;
            fillsNow.set(regKey(id, cellAddress(rect.top + r, rect.left + c)), !fill || fill.pattern === 'None' ? null : (fill.color ?? '').toUpperCase());
          }),
        );
      }
      const comments = new Map<string, Excel.Comment>();
      const lists = [...new Map(commentLists.map((l) => [l.id, l])).values()]; // the last made, if a chunk was retried
      const items = lists.flatMap(({ id, list }) => list.items.map((c) => ({ id, c })));
      const located: { id: string; c: Excel.Comment; at: Excel.Range }[] = new Array(items.length);
      await runReads(ctx, items.map((it, j) => ({ bytes: OP_OVERHEAD, queue: () => void (located[j] = { ...it, at: it.c.getLocation().load('address') }) })));
      for (const { id, c, at } of located) comments.set(regKey(id, splitSheet(at.address).local), c);
      // The replies in the threads where a flag is a reply (one sync, only when there are such flags).
      const threads = new Map<string, Excel.CommentReplyCollection>();
      const replyAt = [...new Set(live.filter((e) => e.ch === 'reply').map((e) => regKey(e.i!, e.c)))].filter((k) => comments.has(k));
      await runReads(ctx, replyAt.map((k) => ({ bytes: OP_OVERHEAD, queue: () => void threads.set(k, comments.get(k)!.replies.load('items/content')) })));

      // 3. Restore, touching only what still shows the flag: a fill that is still the flag's
      //    colour, a note or comment whose text is still the flag's message. A cell that moved
      //    (an inserted row or column) or that the user changed since is left as it is, so a
      //    user's own note that moved into a flagged address is never deleted.
      const ops: PlannedOp[] = [];
      let changed = 0;
      for (const [id, entries] of bySheet) {
        const ws = ctx.workbook.worksheets.getItem(id);
        const flagFill = (e: RegistryEntry, now: string | null | undefined) => now === FLAG_FILLS[e.v].toUpperCase() || (e.pv !== undefined && now === FLAG_FILLS[e.pv].toUpperCase());
        const restoreFill = entries.filter((e) => flagFill(e, fillsNow.get(regKey(id, e.c))));
        // Cells with the same previous fill are restored together: no fill (clear), a plain solid
        // colour (the flag made the fill plain solid, so the colour is all that differs), or the
        // whole fill — pattern, pattern colour, tint/shade — at once with setCellProperties.
        const rects = mergeCells(restoreFill.map((e) => ({ ...parseCell(e.c), key: e.f === null ? '' : JSON.stringify([e.f, e.fs ?? null]) })));
        for (const m of rects) {
          const h = m.bottom - m.top + 1, w = m.right - m.left + 1;
          const [colour, style] = m.key === '' ? [null, null] : (JSON.parse(m.key) as [string, SavedFillStyle | null]);
          const whole = style
            ? { color: colour!, pattern: style.p as Excel.FillPattern, tintAndShade: style.t ?? 0, patternTintAndShade: style.pt ?? 0, ...(style.pc ? { patternColor: style.pc } : {}) }
            : null;
          ops.push({
            bytes: OP_OVERHEAD + (whole ? h * w * FILL_BYTES : 0),
            queue: () => {
              const range = ws.getRangeByIndexes(m.top, m.left, h, w);
              if (colour === null) range.format.fill.clear();
              else if (!whole) range.format.fill.color = colour;
              else range.setCellProperties(Array.from({ length: h }, () => Array.from({ length: w }, () => ({ format: { fill: whole } }))));
            },
          });
        }
        const filled = new Set(restoreFill);
        for (const e of entries) {
          const k = regKey(id, e.c);
          let same = filled.has(e) || e.nf === 1; // a gradient was never filled: nothing to restore there
          if (e.ch === 'reply') {
            // The flag's reply in the user's thread goes; the thread itself is never touched.
            const mine = threads.get(k)?.items.find((x) => x.content === e.m || (e.pm !== undefined && x.content === e.pm));
            same &&= !!mine;
            if (mine) ops.push({ bytes: OP_OVERHEAD, queue: () => mine.delete() });
          } else if (e.ch === 'note' || e.ch === 'comment') {
            // A note or comment is restored only while its text is still the flag's (a user's own is left alone).
            const now = e.ch === 'note' ? notes.get(k) : comments.get(k);
            const isFlag = !!now && !(e.ch === 'note' && now.isNullObject) && (now.content === e.m || now.content === e.pm);
            same &&= isFlag;
            if (isFlag)
              ops.push({
                bytes: OP_OVERHEAD + utf8Length(e.n ?? ''),
                queue: () => {
                  if (e.n === null) now.delete();
                  else now.content = e.n;
                },
              });
          }
          if (!same) changed++;
        }
      }
      this.warn(0, changed);
      const cleared = new Set(live);
      const keep = [...registry.values()].filter((e) => !cleared.has(e));
      writing({ cells: live.length, sheets: [...new Set(live.map((e) => e.s))] });
      // A protected structure keeps the registry sheet (it cannot be deleted then): it is emptied instead, and goes with a later Clear flags.
      if (keep.length === 0 && found.structure)
        this.lastWarnings.push("The workbook's structure is protected, so the hidden flag registry sheet could not be removed: it was emptied, and goes with the next Clear flags once the structure is unprotected");
      await runPlanned(ctx, ops.concat(this.registryWrites(ctx, found.reg, found.newName, keep, !found.structure)));
      return live.length;
    });
  }

  /**
   * Selection events: `workbook.onSelectionChanged` (ExcelApi 1.2). Registered in one sync;
   * the function it resolves to removes the handler again in the context it was added in
   * (Office requires that). Rejects (nothing registered) where the host lacks the event.
   */
  async onSelectionChanged(handler: () => void): Promise<() => void> {
    const action = 'onSelectionChanged';
    if (!this.supports('1.2')) throw new WorkbookError('ApiNotFound', action, `${action}: this Excel has no selection events (ExcelApi 1.2)`);
    let registered: OfficeExtension.EventHandlerResult<Excel.SelectionChangedEventArgs> | undefined;
    await this.run(action, async (ctx) => {
      const events = (ctx.workbook as Partial<Excel.Workbook>).onSelectionChanged;
      if (!events) throw new WorkbookError('ApiNotFound', action, `${action}: this Excel has no selection events (ExcelApi 1.2)`);
      registered = events.add(async () => {
        handler();
      });
      await ctx.sync();
    });
    let removed = false;
    return () => {
      const r = registered;
      if (removed || !r) return;
      removed = true;
      this.Excel.run(r.context, async (ctx) => {
        r.remove();
        await ctx.sync();
      }).catch((e: unknown) => console.error(toWorkbookError(e, 'onSelectionChanged (remove)')));
    };
  }
}

/**
 * Print layout and text layout of a written sheet (NewSheetSpec.wrap, merges, rowHeights,
 * pageSetup), queued in the same batch as the rest of writeSheet: wrapText and merge
 * (ExcelApi 1.1/1.2), rowHeight, worksheet.pageLayout (ExcelApi 1.9).
 */
function layoutOps(ws: Excel.Worksheet, spec: NewSheetSpec, nrows: number, ncols: number, pageLayout: boolean): PlannedOp[] {
  const ops: PlannedOp[] = [];
  const inside = (b: { fromRow: number; toRow: number; fromCol: number; toCol: number }) =>
    b.fromRow >= 0 && b.fromCol >= 0 && b.toRow >= b.fromRow && b.toCol >= b.fromCol && b.fromRow < Math.max(nrows, 1) && b.fromCol < Math.max(ncols, 1);
  const range = (b: { fromRow: number; toRow: number; fromCol: number; toCol: number }) => ws.getRangeByIndexes(b.fromRow, b.fromCol, b.toRow - b.fromRow + 1, b.toCol - b.fromCol + 1);
  for (const b of spec.merges ?? []) if (inside(b)) ops.push({ bytes: OP_OVERHEAD, queue: () => range(b).merge(false) });
  for (const b of spec.wrap ?? []) if (inside(b)) ops.push({ bytes: OP_OVERHEAD, queue: () => void (range(b).format.wrapText = true) });
  for (const h of spec.rowHeights ?? [])
    if (h.row >= 0 && h.height > 0) ops.push({ bytes: OP_OVERHEAD, queue: () => void (ws.getRangeByIndexes(h.row, 0, 1, 1).format.rowHeight = Math.min(409, h.height)) });
  const p = spec.pageSetup;
  if (p && pageLayout) {
    // worksheet.pageLayout is ExcelApi 1.9: on older hosts the sheet is written without its print layout
    ops.push({
      bytes: OP_OVERHEAD * 2,
      queue: () => {
        ws.pageLayout.orientation = p.orientation === 'landscape' ? 'Landscape' : 'Portrait';
        ws.pageLayout.zoom = { horizontalFitToPages: p.fitToPagesWide, verticalFitToPages: p.fitToPagesTall ?? 0 };
        if (p.repeatRows) ws.pageLayout.setPrintTitleRows(`$${p.repeatRows.from + 1}:$${p.repeatRows.to + 1}`);
      },
    });
  }
  return ops;
}
