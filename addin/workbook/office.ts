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

export interface OfficeHost {
  Excel: typeof Excel;
  Office: typeof Office;
}

/** An Office error (or a refusal of ours), with the Office error code and the port call that failed. */
export class WorkbookError extends Error {
  override name = 'WorkbookError';
  constructor(
    readonly code: string,
    readonly action: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
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

export function toWorkbookError(e: unknown, action: string): WorkbookError {
  if (e instanceof WorkbookError) return e;
  const o = (e ?? {}) as { code?: unknown; message?: unknown; debugInfo?: { code?: unknown } };
  const code = typeof o.code === 'string' ? o.code : typeof o.debugInfo?.code === 'string' ? o.debugInfo.code : 'GeneralException';
  const msg = typeof o.message === 'string' ? o.message : String(e);
  return new WorkbookError(code, action, `${action}: ${msg}`, { cause: e });
}

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

/** A free sheet name: wanted, else "wanted (2)", "wanted (3)" …; ≤ 31 characters, no []:*?/\ . */
export function freeSheetName(wanted: string, taken: readonly string[]): string {
  const clean = (wanted.replace(/[[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '').trim() || 'Blad').slice(0, 31);
  const used = new Set(taken.map((t) => t.toLowerCase()));
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
  /** previous fill (null: none) */
  f: string | null;
  /** previous note or comment text (null: none) */
  n: string | null;
  /** where the message went: a note, a comment, or nowhere (host has neither) */
  ch: 'note' | 'comment' | 'none';
  v: Severity;
  m: string;
  /** the severity and message of the flag before a re-flag: a re-flag cut short may leave the cell showing it */
  pv?: Severity;
  pm?: string;
}

const regKey = (sheetId: string, cell: string) => `${sheetId}!${cell.toUpperCase()}`;

/** Excel's limit on a cell's text (and so on a note's). */
const MAX_TEXT = 32_767;
const SEVERITIES: readonly string[] = ['error', 'warning', 'note'];
const CHANNELS: readonly string[] = ['note', 'comment', 'none'];

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
    const charts = tables && !!(this.Excel as unknown as { ChartType?: unknown }).ChartType;
    const missing: string[] = [];
    if (!notes && comments) missing.push('ExcelApi 1.18 (notes): flags use comments instead');
    if (!notes && !comments) missing.push('ExcelApi 1.10 (comments) and 1.18 (notes): flags are fills only, without their messages');
    if (!this.supports('1.9')) missing.push('ExcelApi 1.9 (cell properties): flags cannot be set or cleared');
    if (!tables) missing.push('ExcelApi 1.1 (tables): new sheets are written without an Excel table');
    if (!charts) missing.push('Charts: new sheets are written without a chart');
    if (!this.supports('1.13')) missing.push('ExcelApi 1.13 (merged areas): reading a sheet does not report merged cells');
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
      await ctx.sync();
      if (dims.isNullObject) return { sheet, top: 0, left: 0, values: [], numberFormats: [], hiddenRows: [], merged: [] };
      const rect = { top: dims.rowIndex, left: dims.columnIndex, bottom: dims.rowIndex + dims.rowCount - 1, right: dims.columnIndex + dims.columnCount - 1 };
      let perCell = 0;
      for (const s of samples) perCell = Math.max(perCell, estimateBytesPerCell(s.values, s.numberFormat));
      const hidden = used.rowHidden;
      const grid = await this.readRect(ctx, ws, sheet, rect, perCell, hidden === null && this.supports('1.9'));
      if (hidden === true) grid.hiddenRows = Array.from({ length: dims.rowCount }, (_, i) => dims.rowIndex + i);
      grid.merged = merged && !merged.isNullObject ? parseAreas(merged.address) : [];
      return grid;
    });
  }

  async readSelection(): Promise<Grid> {
    return this.run('readSelection', async (ctx) => {
      const sel = ctx.workbook.getSelectedRange().load('rowIndex,columnIndex,rowCount,columnCount');
      const ws = sel.worksheet.load('name');
      const used = ws.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount');
      // The selection's first row sizes the first chunk (a whole-row selection: 16 384 cells at most).
      const sample = sel.getRow(0).load('values,numberFormat');
      await ctx.sync();
      let bottom = sel.rowIndex + sel.rowCount - 1;
      let right = sel.columnIndex + sel.columnCount - 1;
      // A whole-column or whole-row selection is read only as far as the sheet has data.
      const usedBottom = used.isNullObject ? sel.rowIndex : used.rowIndex + used.rowCount - 1;
      const usedRight = used.isNullObject ? sel.columnIndex : used.columnIndex + used.columnCount - 1;
      bottom = Math.max(sel.rowIndex, Math.min(bottom, usedBottom));
      right = Math.max(sel.columnIndex, Math.min(right, usedRight));
      const rect = { top: sel.rowIndex, left: sel.columnIndex, bottom, right };
      return this.readRect(ctx, ws, ws.name, rect, Math.max(DEFAULT_BYTES_PER_CELL, estimateBytesPerCell(sample.values, sample.numberFormat)), false);
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
        const r = ws.getRangeByIndexes(rect.top + row, rect.left, n, ncols).load('values,numberFormat');
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
        for (const line of v) values.push(line);
        for (const line of r.numberFormat as string[][]) numberFormats.push(line);
        if (rp) for (const p of rp.value) if (p.rowHidden) hidden.push(p.rowIndex ?? 0);
        // Later chunks are sized from the bytes per cell measured over everything read so far
        // (whole chunks, not a sample row); a chunk still refused is split above.
        if (row + n < nrows) {
          readBytes += jsonBytes(v) + jsonBytes(r.numberFormat);
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
        await ctx.sync();
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
          const tableName = freeTableName(spec.table.name, tables.items.map((t) => t.name));
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
          ops.push({
            bytes: OP_OVERHEAD * 2 + utf8Length(c.title),
            queue: () => {
              const box = {
                top: Math.min(c.categories.fromRow, c.values.fromRow),
                left: Math.min(c.categories.fromCol, c.values.fromCol),
                bottom: Math.max(c.categories.toRow, c.values.toRow),
                right: Math.max(c.categories.toCol, c.values.toCol),
              };
              const chart = ws.charts.add('BarClustered', ws.getRange(rectAddress(box)), 'Columns');
              chart.title.text = c.title;
            },
          });
        }
        ops.push(...layoutOps(ws, spec, nrows, ncols));
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
        notes: Map<string, Excel.Note>;
        comments: Excel.CommentCollection | null;
      };
      const reads: SheetRead[] = [];
      const readOps: PlannedOp[] = [];
      for (const [sheet, cells] of bySheet) {
        const rects = mergeCells(cells.map((c) => ({ row: c.row, col: c.col, key: c.severity })));
        const r: SheetRead = { ws: null as unknown as Excel.Worksheet, cells, rects, props: [], notes: new Map(), comments: null };
        reads.push(r);
        // Proxies are (re)made inside the operations, so a chunk retried after a refusal makes them anew.
        readOps.push({
          bytes: OP_OVERHEAD,
          queue: () => {
            r.ws = ctx.workbook.worksheets.getItem(sheet);
            if (channel === 'comment') r.comments = r.ws.comments.load('items/content');
          },
        });
        rects.forEach((rect, i) =>
          readOps.push({
            bytes: OP_OVERHEAD + (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1) * 60, // the response: ~60 bytes a cell
            queue: () =>
              void (r.props[i] = {
                rect,
                res: r.ws
                  .getRangeByIndexes(rect.top, rect.left, rect.bottom - rect.top + 1, rect.right - rect.left + 1)
                  .getCellProperties({ format: { fill: { color: true, pattern: true } } }),
              }),
          }),
        );
        if (channel === 'note')
          for (const c of cells) readOps.push({ bytes: OP_OVERHEAD, queue: () => void r.notes.set(c.cell, r.ws.notes.getItemOrNullObject(c.cell).load('content')) });
      }
      await runReads(ctx, readOps);

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

      // 3. Decide each cell's entry: the original previous state is kept on re-flagging.
      const ops: PlannedOp[] = [];
      const writes: PlannedOp[] = [];
      const fillOps: PlannedOp[] = [];
      let ranges = 0;
      reads.forEach((r, idx) => {
        const fills = new Map<string, string | null>();
        for (const { rect, res } of r.props)
          res.value.forEach((line, i) =>
            line.forEach((p, j) => {
              const fill = p.format?.fill;
              fills.set(cellAddress(rect.top + i, rect.left + j), !fill || fill.pattern === 'None' ? null : (fill.color ?? null));
            }),
          );
        const comments = new Map<string, Excel.Comment>();
        for (const { c, at } of locations[idx] ?? []) comments.set(splitSheet(at.address).local.toUpperCase(), c);
        for (const c of r.cells) {
          const info = idOf.get(c.sheet.toLowerCase())!;
          const k = regKey(info.id, c.cell);
          const old = registry.get(k);
          const note = r.notes.get(c.cell);
          const comment = comments.get(c.cell);
          const current = channel === 'note' ? (note && !note.isNullObject ? note.content : null) : channel === 'comment' ? (comment ? comment.content : null) : null;
          registry.set(k, {
            s: info.name,
            i: info.id,
            c: c.cell,
            f: old ? old.f : (fills.get(c.cell) ?? null),
            n: old ? old.n : current,
            ch: old ? old.ch : channel,
            v: c.severity,
            m: c.message,
            ...(old ? { pv: old.v, pm: old.m } : {}),
          });
          if (channel === 'note')
            writes.push({
              bytes: OP_OVERHEAD + utf8Length(c.message),
              queue: () => {
                if (note && !note.isNullObject) note.content = c.message;
                else r.ws.notes.add(c.cell, c.message);
              },
            });
          else if (channel === 'comment')
            writes.push({
              bytes: OP_OVERHEAD + utf8Length(c.message),
              queue: () => {
                if (comment) comment.content = c.message;
                // CommentCollection.add takes a Range or the full address with the sheet name, never a bare "B7"
                // (https://learn.microsoft.com/javascript/api/excel/excel.commentcollection#excel-excel-commentcollection-add-member(1)).
                else r.ws.comments.add(`${quoteSheet(info.name)}!${c.cell}`, c.message);
              },
            });
        }
        for (const m of r.rects) {
          ranges++;
          fillOps.push({
            bytes: OP_OVERHEAD,
            queue: () => void (r.ws.getRangeByIndexes(m.top, m.left, m.bottom - m.top + 1, m.right - m.left + 1).format.fill.color = FLAG_FILLS[m.key as Severity]),
          });
        }
      });
      // The registry goes first, so a failure part-way leaves nothing clearFlags cannot undo; then fills, then notes.
      writing();
      await runPlanned(ctx, ops.concat(this.registryWrites(ctx, found.reg, found.newName, [...registry.values()]), fillOps, writes));
      return { cells: cellCount, ranges, ...(this.lastWarnings.length ? { warnings: [...this.lastWarnings] } : {}) };
    });
  }

  /**
   * Where the flag registry is: only a VeryHidden sheet named like it whose A1 is the
   * registry's header. A sheet of the user's with that name (visible, hidden, or with other
   * contents) is not the registry and is never deleted or rewritten: a new registry then
   * gets a free name ("_AgreementRulesFlags (2)"). One sync, two when such sheets exist.
   */
  private async findRegistry(ctx: Excel.RequestContext): Promise<{ reg: Excel.Worksheet | null; sheets: SheetInfo[]; newName: string }> {
    const all = ctx.workbook.worksheets.load('items/name,items/id,items/visibility');
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
    };
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
  private registryWrites(ctx: Excel.RequestContext, existing: Excel.Worksheet | null, newName: string, entries: RegistryEntry[]): PlannedOp[] {
    if (entries.length === 0) return existing ? [{ bytes: OP_OVERHEAD, queue: () => existing.delete() }] : [];
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
      const needComments = live.some((e) => e.ch === 'comment');
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
      const readOps: PlannedOp[] = [];
      for (const [id, entries] of bySheet) {
        let ws = null as unknown as Excel.Worksheet;
        readOps.push({
          bytes: OP_OVERHEAD,
          queue: () => {
            ws = ctx.workbook.worksheets.getItem(id);
            if (entries.some((e) => e.ch === 'comment')) commentLists.push({ id, list: ws.comments.load('items/content') });
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
        const rects = mergeCells(restoreFill.map((e) => ({ ...parseCell(e.c), key: e.f ?? '' })));
        for (const m of rects)
          ops.push({
            bytes: OP_OVERHEAD,
            queue: () => {
              const range = ws.getRangeByIndexes(m.top, m.left, m.bottom - m.top + 1, m.right - m.left + 1);
              if (m.key === '') range.format.fill.clear();
              else range.format.fill.color = m.key;
            },
          });
        const filled = new Set(restoreFill);
        for (const e of entries) {
          const k = regKey(id, e.c);
          let same = filled.has(e);
          if (e.ch === 'note' || e.ch === 'comment') {
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
      await runPlanned(ctx, ops.concat(this.registryWrites(ctx, found.reg, found.newName, keep)));
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
function layoutOps(ws: Excel.Worksheet, spec: NewSheetSpec, nrows: number, ncols: number): PlannedOp[] {
  const ops: PlannedOp[] = [];
  const inside = (b: { fromRow: number; toRow: number; fromCol: number; toCol: number }) =>
    b.fromRow >= 0 && b.fromCol >= 0 && b.toRow >= b.fromRow && b.toCol >= b.fromCol && b.fromRow < Math.max(nrows, 1) && b.fromCol < Math.max(ncols, 1);
  const range = (b: { fromRow: number; toRow: number; fromCol: number; toCol: number }) => ws.getRangeByIndexes(b.fromRow, b.fromCol, b.toRow - b.fromRow + 1, b.toCol - b.fromCol + 1);
  for (const b of spec.merges ?? []) if (inside(b)) ops.push({ bytes: OP_OVERHEAD, queue: () => range(b).merge(false) });
  for (const b of spec.wrap ?? []) if (inside(b)) ops.push({ bytes: OP_OVERHEAD, queue: () => void (range(b).format.wrapText = true) });
  for (const h of spec.rowHeights ?? [])
    if (h.row >= 0 && h.height > 0) ops.push({ bytes: OP_OVERHEAD, queue: () => void (ws.getRangeByIndexes(h.row, 0, 1, 1).format.rowHeight = Math.min(409, h.height)) });
  const p = spec.pageSetup;
  if (p) {
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
