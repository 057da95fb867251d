/**
 * The in-memory workbook: the state store behind the fake Excel host (tests, the
 * browser preview) and the .xlsx bridge (the CLI). It holds what the add-in can see
 * or change in a workbook, and nothing else: ordered sheets with values, number
 * formats, fills, notes, bold, wrapped text, hidden rows, row heights, merged areas, print
 * layout, tables, charts, list
 * validations, column widths, and the active sheet and selection.
 *
 * Cells are sparse: a cell with no value, format "General", no fill, no note and not
 * bold is not stored, so a snapshot after flag + clear equals the snapshot before.
 */
import type { CellValue } from './port';
import { cellAddress, parseCell, parseRange, rectAddress, type Rect } from '../core/a1';

export type Visibility = 'Visible' | 'Hidden' | 'VeryHidden';

export interface Cell {
  /** null for an empty cell (Excel reports it as ""). */
  value: CellValue;
  /** en-US number format code; default "General". */
  numberFormat: string;
  /** Fill colour as upper-case hex ("#FFC7CE"), or null for no fill (a solid fill unless fillStyle says otherwise). */
  fill: string | null;
  /** The rest of a fill that is not plain solid: a pattern (Excel.FillPattern, incl. the gradients), its colour, tint/shade. */
  fillStyle?: FillStyle;
  /** The cell's note (ExcelApi 1.18 "notes", the old yellow comments), or null. */
  note: string | null;
  bold?: boolean;
  /** Text wraps within the cell. */
  wrap?: boolean;
  /** A threaded comment's text (ExcelApi 1.10). A cell holds a note or a threaded comment, never both. */
  comment?: string;
  /** Replies in the threaded comment's thread (ExcelApi 1.10), oldest first; absent when none. */
  replies?: { id: string; content: string }[];
  /** The cell's formula (en-US, "=SUM(B2:B9)"), where one was written or Excel would read text as one; `value` is its last result (the fake host does not calculate). */
  formula?: string;
}

/** What a fill has besides its colour (Excel.CellPropertiesFill); absent for a plain solid fill. */
export interface FillStyle {
  /** "Solid", "Gray50", "Checker", …, "LinearGradient", "RectangularGradient". */
  pattern: string;
  patternColor?: string;
  tintAndShade?: number;
  patternTintAndShade?: number;
}

/** A conditional format over a range (local A1) that colours its cells, as the fake host knows it. */
export interface ConditionalFormatSpec {
  range: string;
  fill: string;
}

export interface TableSpec {
  name: string;
  /** Local A1 range ("A1:E22"). */
  range: string;
  hasHeaders: boolean;
}

export interface ChartSpec {
  type: string;
  title: string;
  /** Local A1 source ranges. */
  ranges: string[];
  /** The series Excel made (one per numeric column of the source, by columns): values and, once set, categories (local A1). */
  series?: { values: string; categories?: string }[];
  /** The cells the chart covers (local A1), as set by Chart.setPosition; where Excel put it otherwise. */
  position?: string;
}

export interface ListValidation {
  /** Local A1 range. */
  range: string;
  /** Comma-separated items or a range reference, as Excel takes it. */
  source: string;
  inCellDropDown: boolean;
}

export interface SheetJSON {
  name: string;
  /** Stable over renames, like Worksheet.id; unique in its workbook. */
  id?: string;
  visibility: Visibility;
  /** Cells by A1 address, in row-major order; default fields are omitted. */
  cells: Record<string, Partial<Cell>>;
  hiddenRows: number[];
  merged: string[];
  tables: TableSpec[];
  charts: ChartSpec[];
  validations: ListValidation[];
  conditionalFormats?: ConditionalFormatSpec[];
  /** Column widths in points, by 0-based column index. */
  columnWidths: Record<string, number>;
  /** Row heights in points, by 0-based row index (only rows given a height). */
  rowHeights?: Record<string, number>;
  /** Print layout, where one was set. */
  pageSetup?: SheetPageSetup;
  /** The sheet is protected (Review → Protect Sheet): its cells, notes and objects cannot be changed. */
  protected?: true;
}

/** A sheet's print layout as stored: orientation, fit to pages wide/tall (0 = as many as needed), print title rows ("$3:$3"). */
export interface SheetPageSetup {
  orientation: 'portrait' | 'landscape';
  fitToPagesWide: number;
  fitToPagesTall: number;
  printTitleRows: string | null;
}

export interface WorkbookJSON {
  sheets: SheetJSON[];
  activeSheet: string | null;
  /** The selection; `range` may hold several areas ("A1:B2,D4"). */
  selection: { sheet: string; range: string } | null;
  /** Defined names (Formulas → Name Manager), where there are any. */
  names?: { name: string; formula: string }[];
  /** The workbook's structure is protected (Review → Protect Workbook): no sheet added, deleted, renamed, hidden. */
  structureProtected?: true;
  /** The 1904 date system (Excel for Mac's former default): serial 0 is 1 January 1904. */
  date1904?: true;
}

export type ChangeListener = (change: { sheets: string[] }) => void;

const KEY = 16_384;
const key = (row: number, col: number) => row * KEY + col;

export function defaultCell(): Cell {
  return { value: null, numberFormat: 'General', fill: null, note: null };
}

function normValue(v: CellValue | undefined): CellValue {
  return v === undefined || v === '' ? null : v;
}

export function normFill(f: string | null | undefined): string | null {
  if (f === undefined || f === null || f === '') return null;
  return /^#[0-9a-f]{6}$/i.test(f) ? f.toUpperCase() : f;
}

function isDefault(c: Cell): boolean {
  return (
    c.value === null &&
    c.numberFormat === 'General' &&
    c.fill === null &&
    c.note === null &&
    !c.bold &&
    !c.wrap &&
    c.comment === undefined &&
    c.replies === undefined &&
    c.fillStyle === undefined &&
    c.formula === undefined
  );
}

function copyChart(c: ChartSpec): ChartSpec {
  return { ...c, ranges: [...c.ranges], ...(c.series ? { series: c.series.map((x) => ({ ...x })) } : {}) };
}

export class MemorySheet {
  visibility: Visibility = 'Visible';
  readonly cells = new Map<number, Cell>();
  readonly hiddenRows = new Set<number>();
  merged: string[] = [];
  tables: TableSpec[] = [];
  charts: ChartSpec[] = [];
  validations: ListValidation[] = [];
  /** Conditional formats that colour cells (what the fake host reports through Range.conditionalFormats). */
  conditionalFormats: ConditionalFormatSpec[] = [];
  /** Points, by column. */
  readonly columnWidths = new Map<number, number>();
  /** Points, by row (only rows given a height). */
  readonly rowHeights = new Map<number, number>();
  pageSetup: SheetPageSetup | null = null;
  /** Sheet protection (Review → Protect Sheet). */
  protected = false;

  constructor(
    public name: string,
    private readonly owner: MemoryWorkbook,
    /** Stable over renames (Excel's Worksheet.id is a GUID such as "{00000000-0001-0000-0100-000000000000}"). */
    readonly id: string,
  ) {}

  /** The cell at (row, col); a fresh default cell if none is stored. Do not mutate; use set. */
  get(row: number, col: number): Cell {
    return this.cells.get(key(row, col)) ?? defaultCell();
  }

  /** Patch a cell. "" and undefined values become null (empty). */
  set(row: number, col: number, patch: Partial<Cell>): void {
    const k = key(row, col);
    const old = this.cells.get(k);
    const c: Cell = old ? { ...old } : defaultCell();
    if ('value' in patch) c.value = normValue(patch.value);
    if (patch.numberFormat !== undefined) c.numberFormat = patch.numberFormat || 'General';
    if ('fill' in patch) {
      c.fill = normFill(patch.fill);
      if (c.fill === null) delete c.fillStyle; // no fill, no pattern
    }
    if ('fillStyle' in patch) {
      if (patch.fillStyle && c.fill !== null) c.fillStyle = { ...patch.fillStyle };
      else delete c.fillStyle;
    }
    if ('note' in patch) c.note = patch.note ?? null;
    if ('bold' in patch) {
      if (patch.bold) c.bold = true;
      else delete c.bold;
    }
    if ('wrap' in patch) {
      if (patch.wrap) c.wrap = true;
      else delete c.wrap;
    }
    if ('formula' in patch) {
      if (patch.formula) c.formula = patch.formula;
      else delete c.formula;
    }
    if ('comment' in patch) {
      if (patch.comment === undefined || patch.comment === null) {
        delete c.comment;
        delete c.replies; // a thread goes with its comment
      } else c.comment = patch.comment;
    }
    if ('replies' in patch) {
      if (!patch.replies || patch.replies.length === 0) delete c.replies;
      else c.replies = patch.replies.map((r) => ({ ...r }));
    }
    if ('formula' in patch) {
      if (patch.formula === undefined || patch.formula === null) delete c.formula;
      else c.formula = patch.formula;
    } else if ('value' in patch) delete c.formula; // a constant replaces a formula
    if (isDefault(c)) this.cells.delete(k);
    else this.cells.set(k, c);
    this.owner.contentVersion++;
    this.touch();
  }

  /** Every stored cell, in row-major order. */
  entries(): { row: number; col: number; cell: Cell }[] {
    const out = [...this.cells.entries()].map(([k, cell]) => ({ row: Math.floor(k / KEY), col: k % KEY, cell }));
    out.sort((a, b) => a.row - b.row || a.col - b.col);
    return out;
  }

  /**
   * The used range: the smallest rectangle holding every stored cell (valuesOnly: every
   * cell with a value), or null for an empty sheet.
   */
  usedRange(valuesOnly = false): Rect | null {
    let top = Infinity, left = Infinity, bottom = -1, right = -1;
    for (const [k, c] of this.cells) {
      if (valuesOnly && c.value === null) continue;
      const row = Math.floor(k / KEY), col = k % KEY;
      if (row < top) top = row;
      if (row > bottom) bottom = row;
      if (col < left) left = col;
      if (col > right) right = col;
    }
    if (!valuesOnly) {
      for (const m of this.merged) {
        const r = parseRange(m);
        top = Math.min(top, r.top); left = Math.min(left, r.left);
        bottom = Math.max(bottom, r.bottom); right = Math.max(right, r.right);
      }
    }
    return bottom < 0 ? null : { top, left, bottom, right };
  }

  /**
   * Insert `count` empty rows before row `at` (0-based), as Excel's Insert → Sheet Rows:
   * cells, hidden rows, merged areas, tables and list validations at or below move down.
   */
  insertRows(at: number, count = 1): void {
    this.shift((r, c) => [r >= at ? r + count : r, c], (r) => (r.top >= at ? { ...r, top: r.top + count, bottom: r.bottom + count } : r.bottom >= at ? { ...r, bottom: r.bottom + count } : r));
    const hidden = [...this.hiddenRows].map((r) => (r >= at ? r + count : r));
    this.hiddenRows.clear();
    for (const r of hidden) this.hiddenRows.add(r);
    this.touch();
  }

  /** Insert `count` empty columns before column `at` (0-based), as Excel's Insert → Sheet Columns. */
  insertColumns(at: number, count = 1): void {
    this.shift((r, c) => [r, c >= at ? c + count : c], (r) => (r.left >= at ? { ...r, left: r.left + count, right: r.right + count } : r.right >= at ? { ...r, right: r.right + count } : r));
    const widths = [...this.columnWidths].map(([c, w]) => [c >= at ? c + count : c, w] as const);
    this.columnWidths.clear();
    for (const [c, w] of widths) this.columnWidths.set(c, w);
    this.touch();
  }

  private shift(cell: (row: number, col: number) => [number, number], rect: (r: Rect) => Rect): void {
    this.owner.contentVersion++;
    const moved = [...this.cells].map(([k, c]) => [cell(Math.floor(k / KEY), k % KEY), c] as const);
    this.cells.clear();
    for (const [[r, c], v] of moved) this.cells.set(key(r, c), v);
    const area = (a: string) => rectAddress(rect(parseRange(a)));
    this.merged = this.merged.map(area);
    this.tables = this.tables.map((t) => ({ ...t, range: area(t.range) }));
    this.validations = this.validations.map((v) => ({ ...v, range: area(v.range) }));
    this.conditionalFormats = this.conditionalFormats.map((v) => ({ ...v, range: area(v.range) }));
    this.charts = this.charts.map((c) => ({ ...c, ranges: c.ranges.map(area), ...(c.series ? { series: c.series.map((x) => ({ values: area(x.values), ...(x.categories ? { categories: area(x.categories) } : {}) })) } : {}), ...(c.position ? { position: area(c.position) } : {}) }));
  }

  setRowHidden(row: number, hidden: boolean): void {
    if (hidden) this.hiddenRows.add(row);
    else this.hiddenRows.delete(row);
    this.touch();
  }

  setColumnWidth(col: number, points: number): void {
    this.columnWidths.set(col, points);
    this.touch();
  }

  setRowHeight(row: number, points: number): void {
    this.rowHeights.set(row, points);
    this.touch();
  }

  touch(): void {
    this.owner.changed(this.name);
  }

  toJSON(): SheetJSON {
    const cells: Record<string, Partial<Cell>> = {};
    for (const { row, col, cell } of this.entries()) {
      const c: Partial<Cell> = {};
      if (cell.value !== null) c.value = cell.value;
      if (cell.numberFormat !== 'General') c.numberFormat = cell.numberFormat;
      if (cell.fill !== null) c.fill = cell.fill;
      if (cell.fillStyle !== undefined) c.fillStyle = { ...cell.fillStyle };
      if (cell.note !== null) c.note = cell.note;
      if (cell.bold) c.bold = true;
      if (cell.wrap) c.wrap = true;
      if (cell.comment !== undefined) c.comment = cell.comment;
      if (cell.replies !== undefined) c.replies = cell.replies.map((r) => ({ ...r }));
      if (cell.formula !== undefined) c.formula = cell.formula;
      cells[cellAddress(row, col)] = c;
    }
    const widths: Record<string, number> = {};
    for (const [c, w] of [...this.columnWidths.entries()].sort((a, b) => a[0] - b[0])) widths[String(c)] = w;
    return {
      name: this.name,
      id: this.id,
      visibility: this.visibility,
      cells,
      hiddenRows: [...this.hiddenRows].sort((a, b) => a - b),
      merged: [...this.merged].sort(),
      tables: this.tables.map((t) => ({ ...t })),
      charts: this.charts.map(copyChart),
      validations: this.validations.map((v) => ({ ...v })),
      ...(this.conditionalFormats.length ? { conditionalFormats: this.conditionalFormats.map((v) => ({ ...v })) } : {}),
      columnWidths: widths,
      ...(this.rowHeights.size ? { rowHeights: Object.fromEntries([...this.rowHeights.entries()].sort((a, b) => a[0] - b[0]).map(([r, h]) => [String(r), h])) } : {}),
      ...(this.pageSetup ? { pageSetup: { ...this.pageSetup } } : {}),
      ...(this.protected ? { protected: true as const } : {}),
    };
  }
}

export class MemoryWorkbook {
  private readonly list: MemorySheet[] = [];
  private active: string | null = null;
  private sel: { sheet: string; range: string } | null = null;
  private readonly listeners = new Set<ChangeListener>();
  private batchDepth = 0;
  private pending = new Set<string>();
  private nextSheetId = 1;
  /** Counts changes of cell contents and of sheets (not of the selection): a preview's calculation skips a change that is not one. */
  contentVersion = 0;
  /** Defined names. */
  names: { name: string; formula: string }[] = [];
  /** Workbook structure protection. */
  structureProtected = false;
  /** The 1904 date system. */
  date1904 = false;

  /** A workbook from plain arrays: `{ Sheet1: [["a", 1], ["b", 2]] }`. The first sheet is active. */
  static fromArrays(data: Record<string, CellValue[][]>): MemoryWorkbook {
    const wb = new MemoryWorkbook();
    for (const [name, rows] of Object.entries(data)) {
      const s = wb.addSheet(name);
      rows.forEach((r, i) => r.forEach((v, j) => {
        if (normValue(v) !== null) s.set(i, j, { value: v });
      }));
    }
    return wb;
  }

  static fromJSON(json: WorkbookJSON): MemoryWorkbook {
    const wb = new MemoryWorkbook();
    for (const sj of json.sheets) {
      const s = wb.addSheet(sj.name, undefined, sj.id);
      s.visibility = sj.visibility ?? 'Visible';
      for (const [a1, c] of Object.entries(sj.cells ?? {})) {
        const { row, col } = parseCell(a1);
        s.set(row, col, c);
      }
      for (const r of sj.hiddenRows ?? []) s.hiddenRows.add(r);
      s.merged = [...(sj.merged ?? [])];
      s.tables = (sj.tables ?? []).map((t) => ({ ...t }));
      s.charts = (sj.charts ?? []).map(copyChart);
      s.validations = (sj.validations ?? []).map((v) => ({ ...v }));
      s.conditionalFormats = (sj.conditionalFormats ?? []).map((v) => ({ ...v }));
      for (const [c, w] of Object.entries(sj.columnWidths ?? {})) s.columnWidths.set(Number(c), w);
      for (const [r, h] of Object.entries(sj.rowHeights ?? {})) s.rowHeights.set(Number(r), h);
      if (sj.pageSetup) s.pageSetup = { ...sj.pageSetup };
      s.protected = sj.protected === true;
    }
    wb.names = (json.names ?? []).map((n) => ({ ...n }));
    wb.structureProtected = json.structureProtected === true;
    wb.date1904 = json.date1904 === true;
    wb.active = json.activeSheet ?? wb.list[0]?.name ?? null;
    wb.sel = json.selection ? { ...json.selection } : null;
    return wb;
  }

  get sheets(): readonly MemorySheet[] {
    return this.list;
  }

  sheetNames(): string[] {
    return this.list.map((s) => s.name);
  }

  /** Sheet by name, case-insensitive like Excel. */
  getSheet(name: string): MemorySheet | undefined {
    const n = name.toLowerCase();
    return this.list.find((s) => s.name.toLowerCase() === n);
  }

  sheet(name: string): MemorySheet {
    const s = this.getSheet(name);
    if (!s) throw new Error(`no sheet named ${name}`);
    return s;
  }

  /** Sheet by its id (stable over renames). */
  sheetById(id: string): MemorySheet | undefined {
    return this.list.find((s) => s.id === id);
  }

  /** Add a sheet at the end (or at `index`). Throws if the name is taken. */
  addSheet(name: string, index?: number, id?: string): MemorySheet {
    if (this.getSheet(name)) throw new Error(`a sheet named ${name} already exists`);
    let sid = id;
    if (sid === undefined || this.sheetById(sid)) {
      do sid = `{${String(this.nextSheetId++).padStart(8, '0')}-0001-0000-0000-000000000000}`;
      while (this.sheetById(sid));
    }
    const s = new MemorySheet(name, this, sid);
    if (index === undefined || index >= this.list.length) this.list.push(s);
    else this.list.splice(Math.max(0, index), 0, s);
    if (this.active === null) this.active = name;
    this.contentVersion++;
    this.changed(name);
    return s;
  }

  deleteSheet(name: string): void {
    const s = this.sheet(name);
    const i = this.list.indexOf(s);
    this.list.splice(i, 1);
    if (this.active !== null && this.active.toLowerCase() === s.name.toLowerCase()) {
      const next = this.list.slice(Math.max(0, i - 1)).find((x) => x.visibility === 'Visible') ?? this.list[0];
      this.active = next?.name ?? null;
      this.sel = null;
    }
    if (this.sel && this.sel.sheet.toLowerCase() === s.name.toLowerCase()) this.sel = null;
    this.contentVersion++;
    this.changed(s.name);
  }

  /**
   * A range's formulas as Excel's `Range.formulas` gives them: the en-US (invariant) formula
   * where a cell has one ("=SUM(B2:B9)"), else its value ("" for an empty cell).
   */
  formulas(sheet: string, range: string): (string | number | boolean)[][] {
    const s = this.sheet(sheet);
    const r = parseRange(range);
    const out: (string | number | boolean)[][] = [];
    for (let row = r.top; row <= r.bottom; row++) {
      const line: (string | number | boolean)[] = [];
      for (let col = r.left; col <= r.right; col++) {
        const c = s.get(row, col);
        line.push(c.formula ?? c.value ?? '');
      }
      out.push(line);
    }
    return out;
  }

  getCell(sheet: string, row: number, col: number): Cell;
  getCell(sheet: string, a1: string): Cell;
  getCell(sheet: string, a: number | string, b?: number): Cell {
    const { row, col } = typeof a === 'string' ? parseCell(a) : { row: a, col: b ?? 0 };
    return { ...this.sheet(sheet).get(row, col) };
  }

  setCell(sheet: string, row: number, col: number, patch: Partial<Cell>): void;
  setCell(sheet: string, a1: string, patch: Partial<Cell>): void;
  setCell(sheet: string, a: number | string, b: number | Partial<Cell>, c?: Partial<Cell>): void {
    if (typeof a === 'string') {
      const { row, col } = parseCell(a);
      this.sheet(sheet).set(row, col, b as Partial<Cell>);
    } else this.sheet(sheet).set(a, b as number, c ?? {});
  }

  /** The used range as a local A1 address, or null for an empty sheet. */
  usedRange(sheet: string, valuesOnly = false): string | null {
    const r = this.sheet(sheet).usedRange(valuesOnly);
    return r ? rectAddress(r) : null;
  }

  get activeSheet(): string | null {
    return this.active;
  }

  setActive(name: string): void {
    const s = this.sheet(name);
    if (this.active !== s.name) {
      this.active = s.name;
      if (this.sel && this.sel.sheet !== s.name) this.sel = { sheet: s.name, range: 'A1' };
      this.changed(s.name);
    }
  }

  get selection(): { sheet: string; range: string } | null {
    return this.sel ? { ...this.sel } : null;
  }

  /** Select a local range on a sheet (and make that sheet active); several areas are comma-separated ("A1:B2,D4"). */
  setSelection(sheet: string, range: string): void {
    const s = this.sheet(sheet);
    for (const area of range.split(',')) parseRange(area.trim());
    this.active = s.name;
    this.sel = { sheet: s.name, range: range.toUpperCase().replace(/\$/g, '') };
    this.changed(s.name);
  }

  /** Listen to changes (coalesced per batch). Returns an unsubscribe function. */
  onChange(cb: ChangeListener): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Run fn with change notifications coalesced into one event at the end. */
  batch<T>(fn: () => T): T {
    this.batchDepth++;
    try {
      return fn();
    } finally {
      this.batchDepth--;
      if (this.batchDepth === 0) this.flush();
    }
  }

  /** @internal called by sheets. */
  changed(sheet: string): void {
    this.pending.add(sheet);
    if (this.batchDepth === 0) this.flush();
  }

  private flush(): void {
    if (this.pending.size === 0) return;
    const sheets = [...this.pending];
    this.pending = new Set();
    for (const l of this.listeners) {
      try {
        l({ sheets });
      } catch {
        // a listener's failure must not break the store
      }
    }
  }

  /** A deep, plain-JSON copy of everything, stable in key order (for equality tests). */
  snapshot(): WorkbookJSON {
    return {
      sheets: this.list.map((s) => s.toJSON()),
      activeSheet: this.active,
      selection: this.sel ? { ...this.sel } : null,
      ...(this.names.length ? { names: this.names.map((n) => ({ ...n })) } : {}),
      ...(this.structureProtected ? { structureProtected: true as const } : {}),
      ...(this.date1904 ? { date1904: true as const } : {}),
    };
  }

  toJSON(): WorkbookJSON {
    return this.snapshot();
  }

  clone(): MemoryWorkbook {
    return MemoryWorkbook.fromJSON(this.snapshot());
  }
}
