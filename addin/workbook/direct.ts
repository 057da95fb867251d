/**
 * The direct in-memory port: WorkbookPort straight over a MemoryWorkbook, with no Excel
 * host in between. Used by the command line (over a workbook read from .xlsx) and the
 * browser preview. It keeps the Office.js adapter's semantics (addin/workbook/office.ts)
 * through the same planning (plan.ts): a new sheet gets a free name and never touches an
 * existing one; text is written into text-formatted cells; flags remember each cell's
 * previous fill and note in the same VeryHidden registry sheet, in the same format, so a
 * file flagged by the CLI is cleared by the pane in Excel and the other way round; clearFlags
 * restores only what still shows its flag; warnings() and capabilities() say the same.
 * A shared contract suite (test/workbook/contract.ts) runs against both ports.
 *
 * Every change to the workbook goes through a transaction: a call that fails part-way
 * (a refusal, or the test hook `failAtChange`) undoes what it changed before it throws,
 * so the workbook is left exactly as it was.
 */
import { type Cell, type MemorySheet, type MemoryWorkbook } from './memory';
import {
  FLAG_FILLS,
  INPUT_FILL,
  type Block,
  type CellValue,
  type Flag,
  type FlagReceipt,
  type Grid,
  type HostCapabilities,
  type NewSheetSpec,
  type WorkbookPort,
  type WrittenSheet,
} from './port';
import { cellAddress, MAX_COLS, MAX_ROWS, parseCell, parseRange, quoteSheet, rectAddress, splitSheet, type Rect } from '../core/a1';
import {
  charsToPoints,
  chartPlacement,
  flagChannel,
  flagPlacementWarnings,
  in1900System,
  protectedSheetText,
  protectedStructureText,
  refusal,
  fillChange,
  listCells,
  savedFill,
  type FillProps,
  freeSheetName,
  freeTableName,
  groupFlags,
  hostCapabilities,
  mayBeRegistry,
  mergeCells,
  needsTextFormat,
  nextEntry,
  parseRegistry,
  regKey,
  REGISTRY_HEADER,
  REGISTRY_SHEET,
  registryLines,
  registryWarnings,
  showsFlagFill,
  showsFlagText,
  WorkbookError,
  type Channel,
  type ParsedRegistry,
  type RegistryEntry,
  type SheetInfo,
} from './plan';

export interface DirectOptions {
  /** Highest ExcelApi requirement set to behave like (notes from 1.18, comments from 1.10, flags from 1.9). Default "1.18". */
  api?: string;
  /** Whether charts are written. Default true. */
  charts?: boolean;
  /**
   * Test hook, like the fake host's failAtSync: the k-th change this port makes to the
   * workbook (1-based, counted over the port's life; or each of a list) fails with
   * GeneralException, and the call undoes what it had changed.
   */
  failAtChange?: number | number[];
}

export class DirectStats {
  /** Port calls. */
  calls = 0;
  /** Calls that failed. */
  failed = 0;
  /** Changes made to the workbook (cells, sheets, selection), undone ones included. */
  changes = 0;
  reset(): void {
    this.calls = 0;
    this.failed = 0;
    this.changes = 0;
  }
  toJSON() {
    return { calls: this.calls, failed: this.failed, changes: this.changes };
  }
}

function apiAtLeast(have: string, want: string): boolean {
  const a = have.split('.').map(Number), b = want.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0, y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

const refuse = (code: string, action: string, message: string) => new WorkbookError(code, action, `${action}: ${message}`);

/** MemorySheet's key of a cell in its `cells` map. */
const cellKey = (row: number, col: number) => row * 16_384 + col;

/**
 * The changes of one port call, each with its undo. `step` counts a change and runs the
 * test hook; undo() puts everything back in reverse order (without counting).
 */
class Tx {
  private readonly undos: (() => void)[] = [];
  constructor(
    private readonly wb: MemoryWorkbook,
    private readonly step: (what: string) => void,
  ) {}

  setCell(s: MemorySheet, row: number, col: number, patch: Partial<Cell>): void {
    this.step(`${s.name}!${cellAddress(row, col)}`);
    // The stored cell object itself (set() replaces it, never mutates it): put back as it was, every field.
    const k = cellKey(row, col);
    const old = s.cells.get(k);
    s.set(row, col, patch);
    this.undos.push(() => {
      if (old === undefined) s.cells.delete(k);
      else s.cells.set(k, old);
      s.touch();
    });
  }

  addSheet(name: string): MemorySheet {
    this.step(`add sheet ${name}`);
    const s = this.wb.addSheet(name);
    this.undos.push(() => {
      if (this.wb.sheets.includes(s)) this.wb.deleteSheet(s.name);
    });
    return s;
  }

  deleteSheet(s: MemorySheet): void {
    this.step(`delete sheet ${s.name}`);
    const index = this.wb.sheets.indexOf(s);
    const active = this.wb.activeSheet, sel = this.wb.selection;
    this.wb.deleteSheet(s.name);
    this.undos.push(() => {
      restoreSheet(this.wb.addSheet(s.name, index, s.id), s);
      if (active !== null) this.wb.setActive(active);
      if (sel) this.wb.setSelection(sel.sheet, sel.range);
    });
  }

  /** A change to a sheet's own properties (tables, charts, widths, layout, visibility): undone with its given undo. */
  sheetChange(s: MemorySheet, what: string, apply: () => void, undo: () => void): void {
    this.step(`${s.name}: ${what}`);
    apply();
    s.touch();
    this.undos.push(() => {
      undo();
      s.touch();
    });
  }

  select(sheet: string, range: string | null): void {
    this.step(`select ${sheet}!${range ?? ''}`);
    const active = this.wb.activeSheet, sel = this.wb.selection;
    if (range === null) this.wb.setActive(sheet);
    else this.wb.setSelection(sheet, range);
    this.undos.push(() => {
      if (active !== null && this.wb.getSheet(active)) this.wb.setActive(active);
      if (sel && this.wb.getSheet(sel.sheet)) this.wb.setSelection(sel.sheet, sel.range);
    });
  }

  undo(): void {
    for (let i = this.undos.length - 1; i >= 0; i--) this.undos[i]!();
    this.undos.length = 0;
  }
}

/** Put a deleted sheet's contents back into a fresh sheet of the same name and id: every field but its identity. */
function restoreSheet(to: MemorySheet, from: MemorySheet): void {
  const a = to as unknown as Record<string, unknown>, b = from as unknown as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (key === 'name' || key === 'id' || key === 'owner') continue;
    const v = b[key];
    if (v instanceof Map) for (const [k, x] of v) (a[key] as Map<unknown, unknown>).set(k, x);
    else if (v instanceof Set) for (const x of v) (a[key] as Set<unknown>).add(x);
    else a[key] = v;
  }
  to.touch();
}

/** A cell's whole fill as Excel reports it (getCellProperties): no fill is white with pattern None. */
function fillProps(c: Cell): FillProps {
  const st = c.fillStyle;
  return {
    color: c.fill ?? '#FFFFFF',
    pattern: c.fill === null ? 'None' : (st?.pattern ?? 'Solid'),
    patternColor: st?.patternColor ?? '#000000',
    tintAndShade: st?.tintAndShade ?? 0,
    patternTintAndShade: st?.patternTintAndShade ?? 0,
  };
}

const overlaps = (a: Rect, b: Rect) => a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
const blockRect = (b: Block): Rect => ({ top: b.fromRow, left: b.fromCol, bottom: b.toRow, right: b.toCol });

function validRect(r: Rect, action: string): Rect {
  if (!(r.top >= 0 && r.left >= 0 && r.bottom >= r.top && r.right >= r.left && r.bottom < MAX_ROWS && r.right < MAX_COLS))
    throw refuse('InvalidArgument', action, `the argument is invalid (rows ${r.top}..${r.bottom}, columns ${r.left}..${r.right})`);
  return r;
}

export class DirectWorkbook implements WorkbookPort {
  readonly stats = new DirectStats();
  private readonly api: string;
  private readonly charts: boolean;
  private readonly failAt: Set<number>;
  private lastWarnings: string[] = [];
  private replyIds = 0;

  constructor(
    readonly workbook: MemoryWorkbook,
    opts: DirectOptions = {},
  ) {
    this.api = opts.api ?? '1.18';
    this.charts = opts.charts ?? true;
    const f = opts.failAtChange;
    this.failAt = new Set(f === undefined ? [] : Array.isArray(f) ? f : [f]);
  }

  private supports(version: string): boolean {
    return apiAtLeast(this.api, version);
  }

  /** One port call: counted; its changes in one transaction, undone if it fails; change events coalesced. */
  private call<T>(action: string, fn: (tx: Tx) => T): T {
    this.stats.calls++;
    const tx = new Tx(this.workbook, (what) => {
      const n = ++this.stats.changes;
      if (this.failAt.has(n)) throw new WorkbookError('GeneralException', action, `${action}: an internal error has occurred (injected at change ${n}: ${what})`);
    });
    return this.workbook.batch(() => {
      try {
        return fn(tx);
      } catch (e) {
        this.stats.failed++;
        tx.undo();
        if (e instanceof WorkbookError) throw e;
        throw new WorkbookError('GeneralException', action, `${action}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    });
  }

  private sheetOf(key: string, action: string): MemorySheet {
    const s = this.workbook.getSheet(key) ?? this.workbook.sheetById(key);
    if (!s) throw refuse('ItemNotFound', action, `there is no sheet "${key}"`);
    return s;
  }

  async capabilities(): Promise<HostCapabilities> {
    return hostCapabilities((v) => this.supports(v), this.charts);
  }

  async listSheets(): Promise<string[]> {
    return this.call('listSheets', () => this.findRegistry().sheets.map((s) => s.name));
  }

  async activeSheet(): Promise<string> {
    return this.call('activeSheet', () => {
      const a = this.workbook.activeSheet;
      if (a === null) throw refuse('ItemNotFound', 'activeSheet', 'no active worksheet');
      return a;
    });
  }

  async select(sheet: string, cell: string): Promise<void> {
    this.call('select', (tx) => {
      const s = this.sheetOf(sheet, 'select');
      if (s.visibility !== 'Visible') throw refuse('InvalidOperation', 'select', 'a hidden sheet cannot be activated');
      let rect: Rect;
      try {
        rect = parseRange(splitSheet(cell).local);
      } catch {
        throw refuse('InvalidArgument', 'select', `the address "${cell}" is not valid`);
      }
      tx.select(s.name, rectAddress(rect));
    });
  }

  // ----- reading

  private grid(s: MemorySheet, name: string, r: Rect): Grid {
    const values: CellValue[][] = [];
    const numberFormats: string[][] = [];
    for (let i = r.top; i <= r.bottom; i++) {
      const v: CellValue[] = new Array(r.right - r.left + 1);
      const f: string[] = new Array(r.right - r.left + 1);
      for (let j = r.left; j <= r.right; j++) {
        const c = s.get(i, j);
        v[j - r.left] = c.value ?? '';
        f[j - r.left] = c.numberFormat;
      }
      values.push(v);
      numberFormats.push(f);
    }
    return { sheet: name, top: r.top, left: r.left, values, numberFormats, hiddenRows: [] };
  }

  async readSheet(sheet: string): Promise<Grid> {
    return this.call('readSheet', () => {
      const s = this.sheetOf(sheet, 'readSheet');
      const r = s.usedRange(true);
      if (!r) return { sheet, top: 0, left: 0, values: [], numberFormats: [], hiddenRows: [], merged: [] };
      const g = this.grid(s, sheet, r);
      const hidden: number[] = [];
      for (let i = r.top; i <= r.bottom; i++) if (s.hiddenRows.has(i)) hidden.push(i);
      // As Excel reports them: all rows hidden (rowHidden true), or per row where cell properties exist (ExcelApi 1.9).
      g.hiddenRows = hidden.length === r.bottom - r.top + 1 || this.supports('1.9') ? hidden : [];
      g.merged = this.supports('1.13') ? s.merged.map(parseRange).filter((m) => overlaps(m, r)).map(rectAddress) : [];
      return in1900System(g, this.dateSystem());
    });
  }

  async readSelection(): Promise<Grid> {
    return this.call('readSelection', () => {
      const sel = this.workbook.selection;
      const name = sel?.sheet ?? this.workbook.activeSheet;
      if (!name) throw refuse('ItemNotFound', 'readSelection', 'no selection');
      const s = this.sheetOf(name, 'readSelection');
      // Several areas selected: say which, and read none of them rather than a part the user did not mean.
      const areas = (sel?.range ?? 'A1').split(',').map((a) => a.trim());
      if (areas.length > 1) {
        if (!this.supports('1.9')) throw refuse('InvalidSelection', 'readSelection', 'the selection has several areas');
        throw refusal('InvalidSelection', 'readSelection', {
          sv: `Markeringen har ${areas.length} områden (${listCells(areas)}). Markera ett område och försök igen.`,
          en: `The selection has ${areas.length} areas (${listCells(areas)}). Select one area and try again.`,
        });
      }
      const r = parseRange(areas[0]!);
      // A whole-column or whole-row selection is read only as far as the sheet has data.
      const used = s.usedRange(true);
      const bottom = Math.max(r.top, Math.min(r.bottom, used ? used.bottom : r.top));
      const right = Math.max(r.left, Math.min(r.right, used ? used.right : r.left));
      return in1900System(this.grid(s, s.name, { top: r.top, left: r.left, bottom, right }), this.dateSystem());
    });
  }

  /** The workbook's date system, as a host with ExcelApi 1.16 reports it (use1904DateSystem); null before. */
  private dateSystem(): { use1904DateSystem: boolean } | null {
    return this.supports('1.16') ? { use1904DateSystem: this.workbook.date1904 } : null;
  }

  /** Whether the workbook's structure is protected, as a host with ExcelApi 1.7 reports it (workbook.protection). */
  private structureProtected(): boolean {
    return this.supports('1.7') && this.workbook.structureProtected;
  }

  // ----- writing

  async writeSheet(spec: NewSheetSpec): Promise<WrittenSheet> {
    const action = 'writeSheet';
    const caps = await this.capabilities();
    return this.call(action, (tx) => {
      const wb = this.workbook;
      if (this.structureProtected()) throw refusal('WorkbookProtected', action, protectedStructureText({ sv: 'kan inget nytt blad läggas till', en: 'no new sheet can be added' }));
      const name = freeSheetName(spec.name, wb.sheetNames());
      const ws = tx.addSheet(name);
      const nrows = spec.cells.length;
      let ncols = 0; // a loop, not Math.max(...rows): a spread of 130 000+ arguments overflows the call stack
      for (const r of spec.cells) if (r.length > ncols) ncols = r.length;
      const each = (b: Rect, f: (row: number, col: number) => void) => {
        validRect(b, action);
        for (let i = b.top; i <= b.bottom; i++) for (let j = b.left; j <= b.right; j++) f(i, j);
      };
      if (nrows > 0 && ncols > 0) {
        const fmts: string[][] = spec.cells.map((r) => Array.from({ length: ncols }, (_, j) => (needsTextFormat(r[j] ?? '') ? '@' : 'General')));
        for (const f of spec.formats ?? [])
          for (let i = f.fromRow; i <= f.toRow && i < nrows; i++)
            for (let j = f.fromCol; j <= f.toCol && j < ncols; j++) if (fmts[i]![j] !== '@') fmts[i]![j] = f.format;
        // Values and their formats: text into text-formatted cells, so it stays text.
        spec.cells.forEach((r, i) => {
          for (let j = 0; j < ncols; j++) {
            const v = r[j] ?? '';
            const fmt = fmts[i]![j]!;
            if (typeof v === 'number' && !Number.isFinite(v)) throw refuse('InvalidArgument', action, `not a number Excel can hold: ${v} (row ${i + 1})`);
            if ((v === '' || v === null) && fmt === 'General') continue;
            tx.setCell(ws, i, j, { numberFormat: fmt, value: v === '' ? null : v });
          }
        });
        for (const b of spec.inputs ?? []) each(blockRect(b), (i, j) => tx.setCell(ws, i, j, { fill: INPUT_FILL }));
        for (const f of spec.formulas ?? [])
          each({ top: f.row, left: f.col, bottom: f.row, right: f.col }, (i, j) =>
            tx.setCell(ws, i, j, f.formula.startsWith('=') ? { formula: f.formula } : { value: f.formula, formula: undefined }),
          );
        const bold = [...new Set(spec.boldRows ?? [])].filter((r) => r >= 0 && r < nrows).sort((a, b) => a - b);
        for (const row of bold) for (let j = 0; j < ncols; j++) tx.setCell(ws, row, j, { bold: true });
      }
      (spec.columnWidths ?? []).forEach((w, j) => {
        if (typeof w === 'number' && w > 0) tx.sheetChange(ws, `width of column ${j}`, () => ws.columnWidths.set(j, charsToPoints(w)), () => ws.columnWidths.delete(j));
      });
      for (const l of spec.lists ?? []) {
        const r = validRect(blockRect(l), action);
        const before = ws.validations;
        tx.sheetChange(ws, 'list validation', () => {
          ws.validations = ws.validations.filter((x) => !overlaps(parseRange(x.range), r)).concat({ range: rectAddress(r), source: l.items.join(','), inCellDropDown: true });
        }, () => void (ws.validations = before));
      }
      if (spec.table && caps.tables) {
        // A table's name is a defined name too: it must not be one the workbook has (Name Manager).
        const taken = [...wb.sheets.flatMap((x) => x.tables.map((t) => t.name)), ...wb.names.map((n) => n.name)];
        const t = { name: freeTableName(spec.table.name, taken), range: rectAddress(validRect(blockRect(spec.table), action)), hasHeaders: true };
        if (ws.tables.some((o) => overlaps(parseRange(o.range), parseRange(t.range)))) throw refuse('InvalidOperation', action, 'a table cannot overlap another table');
        tx.sheetChange(ws, 'table', () => ws.tables.push(t), () => void (ws.tables = ws.tables.filter((x) => x !== t)));
      }
      if (spec.chart && caps.charts) {
        // The amounts only, the regions as the series' categories, beside the table (plan.ts).
        const c = spec.chart;
        const values = rectAddress(validRect(blockRect(c.values), action));
        const chart = {
          type: 'BarClustered',
          title: c.title,
          ranges: [values],
          series: [{ values, categories: rectAddress(validRect(blockRect(c.categories), action)) }],
          position: rectAddress(validRect(chartPlacement({ ...spec, chart: c }, nrows), action)),
        };
        tx.sheetChange(ws, 'chart', () => ws.charts.push(chart), () => void (ws.charts = ws.charts.filter((x) => x !== chart)));
      }
      this.layout(tx, ws, spec, nrows, ncols);
      if (spec.activate !== false) tx.select(name, null);
      return { sheet: name, range: nrows > 0 && ncols > 0 ? rectAddress({ top: 0, left: 0, bottom: nrows - 1, right: ncols - 1 }) : 'A1' };
    });
  }

  /** Merges, wrapped text, row heights and print layout, as the Office adapter's layoutOps. */
  private layout(tx: Tx, ws: MemorySheet, spec: NewSheetSpec, nrows: number, ncols: number): void {
    const inside = (b: Block) => b.fromRow >= 0 && b.fromCol >= 0 && b.toRow >= b.fromRow && b.toCol >= b.fromCol && b.fromRow < Math.max(nrows, 1) && b.fromCol < Math.max(ncols, 1);
    for (const b of spec.merges ?? [])
      if (inside(b) && (b.toRow > b.fromRow || b.toCol > b.fromCol)) {
        const a = rectAddress(validRect(blockRect(b), 'writeSheet'));
        tx.sheetChange(ws, `merge ${a}`, () => ws.merged.push(a), () => void (ws.merged = ws.merged.filter((m) => m !== a)));
      }
    for (const b of spec.wrap ?? [])
      if (inside(b)) {
        const r = validRect(blockRect(b), 'writeSheet');
        for (let i = r.top; i <= r.bottom; i++) for (let j = r.left; j <= r.right; j++) tx.setCell(ws, i, j, { wrap: true });
      }
    for (const h of spec.rowHeights ?? [])
      if (h.row >= 0 && h.height > 0) {
        const before = ws.rowHeights.get(h.row);
        tx.sheetChange(ws, `height of row ${h.row}`, () => ws.rowHeights.set(h.row, Math.min(409, h.height)), () => (before === undefined ? ws.rowHeights.delete(h.row) : ws.rowHeights.set(h.row, before)));
      }
    const p = spec.pageSetup;
    if (p && this.supports('1.9')) {
      // worksheet.pageLayout is ExcelApi 1.9: on older hosts the sheet is written without its print layout
      if (!Number.isInteger(p.fitToPagesWide) || p.fitToPagesWide < 0 || p.fitToPagesWide > 32767) throw refuse('InvalidArgument', 'writeSheet', `fit to ${p.fitToPagesWide} pages wide`);
      if (p.fitToPagesTall !== undefined && (!Number.isInteger(p.fitToPagesTall) || p.fitToPagesTall < 0 || p.fitToPagesTall > 32767)) throw refuse('InvalidArgument', 'writeSheet', `fit to ${p.fitToPagesTall} pages tall`);
      const before = ws.pageSetup;
      const setup = {
        orientation: p.orientation === 'landscape' ? ('landscape' as const) : ('portrait' as const),
        fitToPagesWide: p.fitToPagesWide,
        fitToPagesTall: p.fitToPagesTall ?? 0,
        printTitleRows: p.repeatRows ? `$${p.repeatRows.from + 1}:$${p.repeatRows.to + 1}` : (before?.printTitleRows ?? null),
      };
      tx.sheetChange(ws, 'page layout', () => void (ws.pageSetup = setup), () => void (ws.pageSetup = before));
    }
  }

  // ----- flags

  /** Warnings of the last flag or clearFlags, as the Office adapter's. */
  warnings(): readonly string[] {
    return this.lastWarnings;
  }

  /**
   * Where the flag registry is: only a VeryHidden sheet named like it whose A1 is the
   * registry's header (a user's sheet with that name is never the registry: a new one
   * then gets a free name).
   */
  private findRegistry(): { reg: MemorySheet | null; sheets: SheetInfo[]; newName: string } {
    const all = this.workbook.sheets;
    const reg = all.find((s) => mayBeRegistry(s.name, s.visibility) && s.get(0, 0).value === REGISTRY_HEADER) ?? null;
    return {
      reg,
      sheets: all.filter((s) => s !== reg).map((s) => ({ name: s.name, id: s.id })),
      newName: freeSheetName(REGISTRY_SHEET, all.map((s) => s.name)),
    };
  }

  private readRegistry(reg: MemorySheet, sheets: readonly SheetInfo[]): ParsedRegistry {
    const r = reg.usedRange(true);
    return parseRegistry(r ? this.grid(reg, reg.name, r).values : null, sheets);
  }

  /** Rewrite the registry (creating it VeryHidden, deleting it when empty), as the Office adapter's registryWrites. */
  private writeRegistry(tx: Tx, existing: MemorySheet | null, newName: string, entries: RegistryEntry[], canDelete = true): void {
    if (entries.length === 0 && (canDelete || !existing)) {
      if (existing) tx.deleteSheet(existing);
      return;
    }
    let ws = existing;
    if (!ws) {
      const made = tx.addSheet(newName);
      if (!this.workbook.sheets.some((x) => x !== made && x.visibility === 'Visible'))
        throw refuse('InvalidOperation', 'flag', 'a workbook must keep at least one visible sheet');
      tx.sheetChange(made, 'visibility', () => void (made.visibility = 'VeryHidden'), () => void (made.visibility = 'Visible'));
      ws = made;
    }
    const lines = registryLines(entries);
    lines.forEach((line, i) => {
      if (ws.get(i, 0).value !== line[0] || ws.get(i, 0).formula !== undefined) tx.setCell(ws, i, 0, { value: line[0]!, formula: undefined });
    });
    if (existing) for (const { row, col, cell } of existing.entries()) if (col === 0 && row >= lines.length && (cell.value !== null || cell.formula !== undefined)) tx.setCell(existing, row, 0, { value: null });
  }

  async flag(flags: Flag[]): Promise<FlagReceipt> {
    const action = 'flag';
    this.lastWarnings = [];
    if (flags.length === 0) return { cells: 0, ranges: 0 };
    if (!this.supports('1.9')) throw new WorkbookError('ApiNotFound', action, 'flag: this Excel lacks ExcelApi 1.9 (cell properties)');
    const channel: Channel = flagChannel((v) => this.supports(v));
    const bySheet = groupFlags(flags, (c) => splitSheet(c).local);
    return this.call(action, (tx) => {
      const found = this.findRegistry();
      const idOf = new Map(found.sheets.map((x) => [x.name.toLowerCase(), x]));
      for (const sheet of bySheet.keys()) if (!idOf.has(sheet.toLowerCase())) throw refuse('ItemNotFound', action, `there is no sheet "${sheet}"`);
      // Nothing is written on a protected sheet, nor a first registry in a workbook whose structure is protected.
      const locked = this.supports('1.2') ? [...bySheet.keys()].filter((x) => this.workbook.sheetById(idOf.get(x.toLowerCase())!.id)!.protected) : [];
      if (locked.length > 0) throw refusal('SheetProtected', action, protectedSheetText(locked));
      if (!found.reg && this.structureProtected())
        throw refusal(
          'WorkbookProtected',
          action,
          protectedStructureText({ sv: 'kan den dolda flik där markeringarna minns cellernas tidigare utseende inte läggas till', en: "the hidden sheet where flags remember the cells' previous look cannot be added" }),
        );
      const parsed = found.reg ? this.readRegistry(found.reg, found.sheets) : { entries: new Map<string, RegistryEntry>(), bad: 0 };
      this.lastWarnings.push(...registryWarnings(parsed.bad));
      const registry = parsed.entries;
      // 1. Each cell's entry: its fill and note (or comment) now, or on a re-flag the original ones.
      //    A cell holds a note or a threaded comment, never both: a cell with a user's thread gets
      //    the message as a reply in it; a note the host cannot see (before ExcelApi 1.18) blocks a
      //    new thread, so that cell gets the fill only.
      const marks: { ws: MemorySheet; rects: ReturnType<typeof mergeCells> }[] = [];
      const gradients: string[] = [], underCf: string[] = [];
      const texts: { ws: MemorySheet; row: number; col: number; patch: Partial<Cell> }[] = [];
      const blocked: string[] = [], refused: string[] = [];
      const paint: { row: number; col: number; key: string }[] = [];
      let cells = 0, ranges = 0;
      for (const [sheet, list] of bySheet) {
        const info = idOf.get(sheet.toLowerCase())!;
        const ws = this.workbook.sheetById(info.id)!;
        for (const f of list) {
          const k = regKey(info.id, f.cell);
          const c = ws.get(f.row, f.col);
          const old = registry.get(k);
          const hasNote = channel === 'note' && c.note !== null; // notes are seen only with the notes API
          const comment = channel !== 'none' ? c.comment : undefined; // threads on every host that has them
          const ch: Channel = old ? old.ch : comment !== undefined ? 'reply' : channel;
          const text = ch === 'note' ? (hasNote ? c.note : null) : ch === 'comment' ? (comment ?? null) : null;
          const saved = savedFill(fillProps(c));
          let entry = nextEntry(old, info, f, { fill: saved, text }, ch);
          const where = `${quoteSheet(info.name)}!${f.cell}`;
          // A gradient cannot be set back through Office.js: such a cell keeps its fill and gets the message only.
          if (entry.nf === 1) gradients.push(where);
          else paint.push({ row: f.row, col: f.col, key: `${f.severity}${saved.fs && !old ? '*' : ''}` });
          if (ch === 'note') {
            if (!hasNote && comment !== undefined) blocked.push(where);
            else texts.push({ ws, row: f.row, col: f.col, patch: { note: f.message } });
          } else if (ch === 'reply') {
            if (comment === undefined) blocked.push(where);
            else {
              const thread = c.replies ?? [];
              const mine = old ? thread.findIndex((x) => x.content === old.m || (old.pm !== undefined && x.content === old.pm)) : -1;
              const replies = mine >= 0 ? thread.map((x, n) => (n === mine ? { ...x, content: f.message } : x)) : [...thread, { id: `{reply-direct-${++this.replyIds}}`, content: f.message }];
              texts.push({ ws, row: f.row, col: f.col, patch: { replies } });
            }
          } else if (ch === 'comment') {
            if (comment !== undefined) texts.push({ ws, row: f.row, col: f.col, patch: { comment: f.message } });
            else if (c.note !== null) {
              // Excel refuses a thread on a cell holding a note (unseen here before ExcelApi 1.18): fill only, the note kept.
              refused.push(where);
              entry = { ...entry, ch: 'none', n: null };
            } else texts.push({ ws, row: f.row, col: f.col, patch: { comment: f.message } });
          }
          registry.set(k, entry);
        }
        // Conditional formats over the flagged areas (ExcelApi 1.6): their colour shows over the flag's fill.
        if (this.supports('1.6'))
          for (const r of mergeCells(list.map((f) => ({ row: f.row, col: f.col, key: f.severity }))))
            if (ws.conditionalFormats.some((x) => overlaps(parseRange(x.range), r))) underCf.push(`${quoteSheet(sheet)}!${rectAddress(r)}`);
        const rects = mergeCells(paint.splice(0));
        marks.push({ ws, rects });
        cells += list.length;
        ranges += rects.length;
      }
      // 2. The registry first, then fills, then notes and comments (the Office adapter's order).
      this.writeRegistry(tx, found.reg, found.newName, [...registry.values()]);
      for (const m of marks)
        for (const r of m.rects) {
          // A pattern or tint there is made plain solid, so the flag looks like a flag.
          const color = FLAG_FILLS[r.key.replace('*', '') as keyof typeof FLAG_FILLS];
          const props: FillProps[] = r.key.endsWith('*') ? [{ color }, { pattern: 'Solid' }, { tintAndShade: 0 }] : [{ color }];
          for (let i = r.top; i <= r.bottom; i++) for (let j = r.left; j <= r.right; j++) {
              const c = props.reduce((x, p) => ({ ...x, ...fillChange(x, p) }), m.ws.get(i, j));
              tx.setCell(m.ws, i, j, { fill: c.fill, fillStyle: c.fillStyle });
            }
        }
      for (const t of texts) tx.setCell(t.ws, t.row, t.col, t.patch);
      if (gradients.length > 0)
        this.lastWarnings.push(`${gradients.length} cell(s) have a gradient fill, which Excel's API cannot set back: their fill was left as it is and the flag is the message only (${listCells(gradients)})`);
      if (underCf.length > 0)
        this.lastWarnings.push(
          `${underCf.length} flagged area(s) have conditional formatting (${listCells(underCf)}): Excel shows a conditional format's colour over the flag's fill, so the fill may not be seen there; the message is there, and Clear flags gives back the cells' own fills as usual`,
        );
      this.lastWarnings.push(...flagPlacementWarnings(refused, blocked));
      return { cells, ranges, ...(this.lastWarnings.length ? { warnings: [...this.lastWarnings] } : {}) };
    });
  }

  async clearFlags(sheet?: string): Promise<number> {
    const action = 'clearFlags';
    this.lastWarnings = [];
    return this.call(action, (tx) => {
      const found = this.findRegistry();
      if (!found.reg) return 0;
      const parsed = this.readRegistry(found.reg, found.sheets);
      this.lastWarnings.push(...registryWarnings(parsed.bad));
      const registry = parsed.entries;
      const target = sheet === undefined ? null : found.sheets.find((x) => x.name.toLowerCase() === sheet.toLowerCase());
      if (target === undefined) return 0;
      const live = [...registry.values()].filter((e) => target === null || e.i === target.id);
      if (live.some((e) => e.ch === 'note') && !this.supports('1.18')) throw refuse('ApiNotFound', action, 'these flags were made with notes (ExcelApi 1.18), which this Excel lacks');
      if (live.some((e) => e.ch === 'comment' || e.ch === 'reply') && !this.supports('1.10')) throw refuse('ApiNotFound', action, 'these flags were made with comments (ExcelApi 1.10), which this Excel lacks');
      const lockedIds = this.supports('1.2') ? [...new Set(live.map((e) => e.i!))].filter((id) => this.workbook.sheetById(id)!.protected) : [];
      if (lockedIds.length > 0) throw refusal('SheetProtected', action, protectedSheetText(lockedIds.map((id) => live.find((e) => e.i === id)!.s)));
      // Restore only what still shows the flag: a cell that moved or that the user changed since is left as it is.
      let changed = 0;
      const fills: { ws: MemorySheet; e: RegistryEntry; row: number; col: number }[] = [];
      const texts: typeof fills = [];
      const replies: { ws: MemorySheet; row: number; col: number; replies: NonNullable<Cell['replies']> }[] = [];
      for (const e of live) {
        const ws = this.workbook.sheetById(e.i!)!;
        const { row, col } = parseCell(e.c);
        const c = ws.get(row, col);
        const shows = showsFlagFill(e, c.fill);
        if (shows) fills.push({ ws, e, row, col });
        let same = shows || e.nf === 1; // a gradient was never filled: nothing to restore there
        if (e.ch === 'reply') {
          // The flag's reply in the user's thread goes; the thread itself is never touched.
          const mine = c.comment === undefined ? -1 : (c.replies ?? []).findIndex((x) => showsFlagText(e, x.content));
          same &&= mine >= 0;
          if (mine >= 0) replies.push({ ws, row, col, replies: c.replies!.filter((_, n) => n !== mine) });
        } else if (e.ch === 'note' || e.ch === 'comment') {
          const isFlag = showsFlagText(e, e.ch === 'note' ? c.note : c.comment);
          same &&= isFlag;
          if (isFlag) texts.push({ ws, e, row, col });
        }
        if (!same) changed++;
      }
      this.lastWarnings.push(...registryWarnings(0, changed));
      // The registry first here (the Office adapter keeps it to the end, as its batches are not
      // transactions): a failure after it is undone like any other, the registry sheet included.
      const cleared = new Set(live);
      const keep = [...registry.values()].filter((e) => !cleared.has(e));
      // A protected structure keeps the registry sheet (it cannot be deleted then): it is emptied instead, and goes with a later Clear flags.
      const structure = this.structureProtected();
      if (keep.length === 0 && structure)
        this.lastWarnings.push("The workbook's structure is protected, so the hidden flag registry sheet could not be removed: it was emptied, and goes with the next Clear flags once the structure is unprotected");
      this.writeRegistry(tx, found.reg, found.newName, keep, !structure);
      // No fill (cleared), a plain solid colour (the flag made the fill plain solid), or the whole fill at once.
      for (const { ws, e, row, col } of fills) {
        const c = ws.get(row, col);
        const whole: FillProps | null = e.f !== null && e.fs ? { color: e.f, pattern: e.fs.p, tintAndShade: e.fs.t ?? 0, patternTintAndShade: e.fs.pt ?? 0, ...(e.fs.pc ? { patternColor: e.fs.pc } : {}) } : null;
        tx.setCell(ws, row, col, e.f === null ? { fill: null } : fillChange(c, whole ?? { color: e.f }));
      }
      for (const { ws, e, row, col } of texts) tx.setCell(ws, row, col, e.ch === 'note' ? { note: e.n } : { comment: e.n ?? undefined });
      for (const r of replies) tx.setCell(r.ws, r.row, r.col, { replies: r.replies });
      return live.length;
    });
  }
}

/** A direct port over a workbook, shaped like memoryPort's result. */
export function directPort(workbook: MemoryWorkbook, opts: DirectOptions = {}): { port: DirectWorkbook; stats: DirectStats } {
  const port = new DirectWorkbook(workbook, opts);
  return { port, stats: port.stats };
}
