/** Range: values (read as Excel reads typed input), formats, whole fills, fonts, list validation, conditional formats (count), cell/row properties, RangeAreas. */
import { MemorySheet, defaultCell as defaultCellFor, normFill, type Cell } from '../../addin/workbook/memory';
import type { CellValue } from '../../addin/workbook/port';
import { cellAddress, parseRange, quoteSheet, rectAddress, MAX_COLS, MAX_ROWS, type Rect } from '../../addin/core/a1';
import { ClientResult, Ctx, FakeOfficeError, NULL, P } from './context';
import { WorksheetP } from './worksheet';
import { fillChange } from '../../addin/workbook/plan';

export function rangeOrThrow(local: string): Rect {
  try {
    return parseRange(local);
  } catch {
    throw new FakeOfficeError('InvalidArgument', `The argument is invalid or missing or has an incorrect format. (address '${local}')`);
  }
}

export function validRect(r: Rect): void {
  if (!(r.top >= 0 && r.left >= 0 && r.bottom >= r.top && r.right >= r.left && r.bottom < MAX_ROWS && r.right < MAX_COLS))
    throw new FakeOfficeError('InvalidArgument', `The argument is invalid or missing or has an incorrect format. (rows ${r.top}..${r.bottom}, columns ${r.left}..${r.right})`);
}

// ---------------------------------------------------------------------------------
// Ranges

export interface RangeT {
  sheet: MemorySheet;
  rect: Rect;
}

/** Excel's error values in Swedish Excel (what `Range.values` shows there), by the English value. */
export const SV_ERRORS: ReadonlyMap<string, string> = new Map([
  ['#N/A', '#SAKNAS!'],
  ['#DIV/0!', '#DIVISION/0!'],
  ['#VALUE!', '#VÄRDEFEL!'],
  ['#REF!', '#REFERENS!'],
  ['#NAME?', '#NAMN?'],
  ['#NUM!', '#OGILTIGT!'],
  ['#NULL!', '#SKÄRNING!'],
  ['#CALC!', '#BERÄKNA!'],
  ['#GETTING_DATA', '#HÄMTAR_DATA'],
  ['#FIELD!', '#FÄLT!'],
  ['#BLOCKED!', '#BLOCKERAD!'],
  ['#UNKNOWN!', '#OKÄND!'],
]);

export const ERROR_VALUES = new Set(['#N/A', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!', '#GETTING_DATA', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!', '#PYTHON!']);

/** Range.valueTypes: "Unknown" | "Empty" | "String" | "Integer" | "Double" | "Boolean" | "Error" (Excel.RangeValueType). */
export function valueType(c: Cell): string {
  const v = c.value;
  if (v === null || v === '') return 'Empty';
  if (typeof v === 'number') return 'Double';
  if (typeof v === 'boolean') return 'Boolean';
  return ERROR_VALUES.has(v) && c.numberFormat !== '@' ? 'Error' : 'String'; // "#N/A" in a text cell is text
}

export const rows = (r: Rect) => r.bottom - r.top + 1;
export const cols = (r: Rect) => r.right - r.left + 1;

/** Stored cells inside a rect, without scanning a huge empty rectangle. */
export function storedIn(s: MemorySheet, r: Rect): { row: number; col: number; cell: Cell }[] {
  const area = rows(r) * cols(r);
  const out: { row: number; col: number; cell: Cell }[] = [];
  if (area <= s.cells.size) {
    for (let i = r.top; i <= r.bottom; i++)
      for (let j = r.left; j <= r.right; j++) {
        const c = s.cells.get(i * 16_384 + j);
        if (c) out.push({ row: i, col: j, cell: c });
      }
  } else {
    for (const [k, cell] of s.cells) {
      const row = Math.floor(k / 16_384), col = k % 16_384;
      if (row >= r.top && row <= r.bottom && col >= r.left && col <= r.right) out.push({ row, col, cell });
    }
  }
  return out;
}

export function forEachCell(r: Rect, f: (row: number, col: number, i: number, j: number) => void): void {
  for (let i = r.top; i <= r.bottom; i++) for (let j = r.left; j <= r.right; j++) f(i, j, i - r.top, j - r.left);
}

export function grid<V>(r: Rect, f: (row: number, col: number) => V): V[][] {
  const out: V[][] = new Array(rows(r));
  for (let i = 0; i < rows(r); i++) {
    const line: V[] = new Array(cols(r));
    for (let j = 0; j < cols(r); j++) line[j] = f(r.top + i, r.left + j);
    out[i] = line;
  }
  return out;
}

/** Excel's serial day number of a date (1900 system; serial 1 = 1900-01-01, with its fictitious 29 Feb 1900). */
export function serial(y: number, m: number, d: number): number | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 9999) return null;
  const t = Date.UTC(y, m - 1, d);
  if (new Date(t).getUTCDate() !== d) return null;
  return Math.round((t - Date.UTC(1899, 11, 30)) / 86_400_000);
}

/**
 * What Excel makes of a string written through `Range.values` into a cell that is not
 * formatted as text (en-US parsing, as the Office.js values are): "=…" and "+…"/"-…" that
 * are not numbers become formulas; "TRUE"/"FALSE" booleans; "1,000", "(100)", "$5", "50%"
 * numbers; "2024-01", "2024-01-31", "1/2", "1/2/2024" dates; "12:30" times. Returns
 * { formula } or the value, or null when Excel keeps the text. A cell formatted as text
 * ("@", Range.numberFormat) keeps the string as typed, as in Excel. (Range.values:
 * https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-values-member;
 * the readings modelled here are what Excel does with typed input in an en-US locale.)
 */
export function excelReading(text: string): { formula: string } | { value: number | boolean } | null {
  const v = text.trim();
  if (v === '') return null;
  const num = /^(\()?([+-])?\$?((\d{1,3}(,\d{3})+|\d+)(\.\d*)?|\.\d+)([eE][+-]?\d+)?(%)?(\))?$/.exec(v);
  if (num && !!num[1] === !!num[9]) {
    let n = Number(num[3]!.replace(/,/g, '') + (num[7] ?? ''));
    if (num[2] === '-' || num[1]) n = -n;
    if (num[8]) n = n / 100;
    return { value: n };
  }
  if (text.startsWith('=') && text.length > 1) return { formula: text };
  if ((text.startsWith('+') || text.startsWith('-')) && text.length > 1) return { formula: `=${text}` };
  if (/^(true|false)$/i.test(v)) return { value: v.toLowerCase() === 'true' };
  let m = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(v);
  if (m) {
    const d = serial(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : 1);
    if (d !== null) return { value: d };
  }
  m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?$/.exec(v);
  if (m) {
    const y = m[3] ? (m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3])) : 2026;
    const d = serial(y, Number(m[1]), Number(m[2]));
    if (d !== null) return { value: d };
  }
  m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])[Mm])?$/.exec(v);
  if (m) {
    let h = Number(m[1]);
    const min = Number(m[2]), sec = m[3] ? Number(m[3]) : 0;
    if (m[4] && /p/i.test(m[4]) && h < 12) h += 12;
    if (m[4] && /a/i.test(m[4]) && h === 12) h = 0;
    if (h < 24 && min < 60 && sec < 60) return { value: (h * 3600 + min * 60 + sec) / 86_400 };
  }
  return null;
}

/** How Excel stores a value typed through `Range.values`: a patch of the cell, or undefined to leave it. */
export function coerce(v: unknown, format: string): Partial<Cell> | undefined {
  if (v === null || v === undefined) return undefined; // null leaves the cell as it is
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new FakeOfficeError('InvalidArgument', `Not a number Excel can hold: ${v}`);
    return { value: v };
  }
  if (typeof v === 'boolean') return { value: v };
  if (typeof v === 'string') {
    if (v === '') return { value: null };
    if (format === '@') return { value: v }; // text format: kept as typed
    const r = excelReading(v);
    if (r === null) return { value: v };
    if ('formula' in r) return { value: null, formula: r.formula };
    return { value: r.value };
  }
  throw new FakeOfficeError('InvalidArgument', `Unsupported value type ${typeof v}`);
}

export function shapeOf(v: unknown, r: Rect, what: string): 'scalar' | 'grid' {
  if (!Array.isArray(v)) return 'scalar';
  if (v.length === rows(r) && v.every((line) => Array.isArray(line) && line.length === cols(r))) return 'grid';
  if (v.length === 1 && Array.isArray(v[0]) && v[0].length === 1) return 'grid';
  throw new FakeOfficeError(
    'InvalidArgument',
    `The number of rows or columns in the input array doesn't match the size or dimensions of the range. (${what}: ${rows(r)}×${cols(r)})`,
  );
}

export function at(v: unknown, i: number, j: number, kind: 'scalar' | 'grid'): unknown {
  if (kind === 'scalar') return v;
  const g = v as unknown[][];
  return g.length === 1 && g[0]!.length === 1 ? g[0]![0] : g[i]![j];
}

export class RangeP extends P<RangeT> {
  protected cls = 'Range';
  protected override scalarProps = ['address', 'rowIndex', 'columnIndex', 'rowCount', 'columnCount', 'cellCount', 'values', 'formulas', 'numberFormat'];
  readonly format: RangeFormatP;
  readonly dataValidation: DataValidationP;
  constructor(ctx: Ctx, desc: unknown, make: () => RangeT | typeof NULL) {
    super(ctx, desc, make);
    this.format = new RangeFormatP(ctx, this);
    this.dataValidation = new DataValidationP(ctx, this);
  }
  protected override check(t: RangeT): void {
    if (!this.context.wb.sheets.includes(t.sheet)) throw new FakeOfficeError('ItemNotFound', `The worksheet '${t.sheet.name}' was deleted.`);
  }
  /** @internal */
  _t(): RangeT {
    return this.target();
  }
  protected fetch(prop: string, t: RangeT): unknown {
    const { sheet: s, rect: r } = t;
    const tooBig = rows(r) * cols(r) > this.context.host.options.cellReadLimit;
    switch (prop) {
      case 'address':
        return `${quoteSheet(s.name)}!${rectAddress(r)}`;
      case 'addressLocal':
        return `${quoteSheet(s.name)}!${rectAddress(r)}`;
      case 'rowIndex':
        return r.top;
      case 'columnIndex':
        return r.left;
      case 'rowCount':
        return rows(r);
      case 'columnCount':
        return cols(r);
      case 'cellCount':
        return rows(r) * cols(r);
      case 'values': {
        // Error values come back as the text Excel shows, in its display language ("#SAKNAS!" for #N/A in Swedish Excel).
        const local = this.context.host.options.displayLanguage.toLowerCase().startsWith('sv') ? SV_ERRORS : null;
        return tooBig ? null : grid(r, (i, j) => {
          const c = s.get(i, j);
          const v = c.value ?? '';
          return local && typeof v === 'string' && valueType(c) === 'Error' ? (local.get(v) ?? v) : v;
        });
      }
      case 'formulas':
        // As Range.formulas: the en-US (invariant) formula where a cell has one, else its value ("" when empty).
        return tooBig ? null : grid(r, (i, j) => {
          const c = s.get(i, j);
          return c.formula ?? c.value ?? '';
        });
      case 'valueTypes':
        return tooBig ? null : grid(r, (i, j) => valueType(s.get(i, j)));
      case 'numberFormat':
        return tooBig ? null : grid(r, (i, j) => s.get(i, j).numberFormat);
      case 'rowHidden': {
        let h = 0;
        for (let i = r.top; i <= r.bottom; i++) if (s.hiddenRows.has(i)) h++;
        return h === 0 ? false : h === rows(r) ? true : null;
      }
      default:
        throw new FakeOfficeError('InvalidArgument', `Range.${prop} is not emulated by the fake host`);
    }
  }
  get address(): string {
    return this.get_('address');
  }
  get rowIndex(): number {
    return this.get_('rowIndex');
  }
  get columnIndex(): number {
    return this.get_('columnIndex');
  }
  get rowCount(): number {
    return this.get_('rowCount');
  }
  get columnCount(): number {
    return this.get_('columnCount');
  }
  get cellCount(): number {
    return this.get_('cellCount');
  }
  get values(): CellValue[][] {
    return this.get_('values');
  }
  get valueTypes(): string[][] {
    return this.get_('valueTypes');
  }
  set values(v: unknown) {
    this.set_('values', v, ({ sheet: s, rect: r }) => {
      const kind = shapeOf(v, r, 'values');
      forEachCell(r, (row, col, i, j) => {
        const x = coerce(at(v, i, j, kind), s.get(row, col).numberFormat);
        // Writing a value replaces a formula the cell had (as in Excel), unless the value is itself read as one.
        if (x !== undefined) s.set(row, col, 'formula' in x ? x : { ...x, formula: undefined });
      });
    });
  }
  get formulas(): (string | number | boolean)[][] {
    return this.get_('formulas');
  }
  /** Formulas are recorded on the cell (its value is not recomputed: the fake has no calculation engine). */
  set formulas(v: unknown) {
    this.set_('formulas', v, ({ sheet: s, rect: r }) => {
      const kind = shapeOf(v, r, 'formulas');
      forEachCell(r, (row, col, i, j) => {
        const x = at(v, i, j, kind);
        if (typeof x === 'string' && x.startsWith('=')) s.set(row, col, { formula: x });
        else if (x !== undefined) s.set(row, col, { value: x as CellValue, formula: undefined });
      });
    });
  }
  get numberFormat(): string[][] {
    return this.get_('numberFormat');
  }
  set numberFormat(v: unknown) {
    this.set_('numberFormat', v, ({ sheet: s, rect: r }) => {
      const kind = shapeOf(v, r, 'numberFormat');
      forEachCell(r, (row, col, i, j) => {
        const x = at(v, i, j, kind);
        if (x === null || x === undefined) return;
        if (typeof x !== 'string') throw new FakeOfficeError('InvalidArgument', 'numberFormat must be text');
        s.set(row, col, { numberFormat: x });
      });
    });
  }
  get rowHidden(): boolean | null {
    return this.get_('rowHidden');
  }
  set rowHidden(v: boolean) {
    this.set_('rowHidden', v, ({ sheet: s, rect: r }) => {
      for (let i = r.top; i <= r.bottom; i++) s.setRowHidden(i, !!v);
    });
  }
  get worksheet(): WorksheetP {
    return new WorksheetP(this.context, { m: 'range.worksheet', r: this._id }, () => this.target('worksheet').sheet);
  }
  private derive(m: string, args: unknown[], f: (r: Rect) => Rect): RangeP {
    return new RangeP(this.context, { m, r: this._id, args }, () => {
      const t = this.target(m);
      const rect = f(t.rect);
      validRect(rect);
      return { sheet: t.sheet, rect };
    });
  }
  getCell(row: number, column: number): RangeP {
    return this.derive('getCell', [row, column], (r) => ({ top: r.top + row, left: r.left + column, bottom: r.top + row, right: r.left + column }));
  }
  getRow(row: number): RangeP {
    return this.derive('getRow', [row], (r) => ({ top: r.top + row, bottom: r.top + row, left: r.left, right: r.right }));
  }
  getLastRow(): RangeP {
    return this.derive('getLastRow', [], (r) => ({ top: r.bottom, bottom: r.bottom, left: r.left, right: r.right }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): RangeP {
    return this.derive('getResizedRange', [deltaRows, deltaColumns], (r) => ({ ...r, bottom: r.bottom + deltaRows, right: r.right + deltaColumns }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): RangeP {
    return this.derive('getOffsetRange', [rowOffset, columnOffset], (r) => ({
      top: r.top + rowOffset, bottom: r.bottom + rowOffset, left: r.left + columnOffset, right: r.right + columnOffset,
    }));
  }
  getAbsoluteResizedRange(numRows: number, numColumns: number): RangeP {
    return this.derive('getAbsoluteResizedRange', [numRows, numColumns], (r) => ({ ...r, bottom: r.top + numRows - 1, right: r.left + numColumns - 1 }));
  }
  select(): void {
    this.call('select', [], ({ sheet: s, rect: r }) => {
      if (s.visibility !== 'Visible') throw new FakeOfficeError('InvalidOperation', 'Cannot select on a hidden sheet.');
      this.context.wb.setSelection(s.name, rectAddress(r));
    });
  }
  clear(applyTo: string = 'All'): void {
    this.call('clear', [applyTo], ({ sheet: s, rect: r }) => {
      for (const { row, col } of storedIn(s, r)) {
        const patch: Partial<Cell> = {};
        if (applyTo === 'All' || applyTo === 'Contents') patch.value = null;
        if (applyTo === 'All' || applyTo === 'Formats') Object.assign(patch, { numberFormat: 'General', fill: null, bold: false });
        s.set(row, col, patch);
      }
    });
  }
  merge(across = false): void {
    this.call('merge', [across], ({ sheet: s, rect: r }) => {
      const areas = across ? Array.from({ length: rows(r) }, (_, i) => ({ ...r, top: r.top + i, bottom: r.top + i })) : [r];
      for (const a of areas) if (rows(a) * cols(a) > 1) s.merged.push(rectAddress(a));
      s.touch();
    });
  }
  unmerge(): void {
    this.call('unmerge', [], ({ sheet: s, rect: r }) => {
      s.merged = s.merged.filter((m) => !overlaps(parseRange(m), r));
      s.touch();
    });
  }
  getMergedAreasOrNullObject(): RangeAreasP {
    this.context.need('1.13', 'getMergedAreasOrNullObject');
    return new RangeAreasP(this.context, { m: 'getMergedAreasOrNullObject', r: this._id }, () => {
      const { sheet: s, rect: r } = this.target('getMergedAreasOrNullObject');
      const areas = s.merged.map(parseRange).filter((m) => overlaps(m, r));
      return areas.length ? { sheet: s, areas } : NULL;
    });
  }
  getCellProperties(opts: Record<string, unknown>): ClientResult<Record<string, unknown>[][]> {
    this.context.need('1.9', 'getCellProperties');
    return new ClientResult(this.context, { m: 'getCellProperties', r: this._id, opts }, () => {
      const { sheet: s, rect: r } = this.target('getCellProperties');
      return grid(r, (i, j) => cellProps(s, i, j, opts));
    });
  }
  setCellProperties(props: Record<string, unknown>[][]): void {
    this.context.need('1.9', 'setCellProperties');
    this.call('setCellProperties', [props], ({ sheet: s, rect: r }) => {
      if (shapeOf(props, r, 'setCellProperties') !== 'grid') throw new FakeOfficeError('InvalidArgument', 'setCellProperties needs a 2-D array');
      // Every cell's properties are checked before any is applied (one action).
      forEachCell(r, (_row, _col, i, j) => {
        const fill = (at(props, i, j, 'grid') as { format?: { fill?: FillProps } } | null)?.format?.fill;
        if (fill) checkFill(fill);
      });
      forEachCell(r, (row, col, i, j) => {
        const p = at(props, i, j, 'grid') as { format?: { fill?: FillProps; font?: { bold?: boolean } } } | null;
        const fill = p?.format?.fill;
        if (fill) applyFill(s, row, col, fill);
        if (p?.format?.font?.bold !== undefined) s.set(row, col, { bold: p.format.font.bold });
      });
    });
  }
  private cfP?: ConditionalFormatCollectionP;
  /** Range.conditionalFormats (ExcelApi 1.6): the conditional formats that intersect the range. */
  get conditionalFormats(): ConditionalFormatCollectionP {
    this.context.need('1.6', 'Range.conditionalFormats');
    return (this.cfP ??= new ConditionalFormatCollectionP(this.context, this));
  }
  getRowProperties(opts: Record<string, unknown>): ClientResult<Record<string, unknown>[]> {
    this.context.need('1.9', 'getRowProperties');
    return new ClientResult(this.context, { m: 'getRowProperties', r: this._id, opts }, () => {
      const { sheet: s, rect: r } = this.target('getRowProperties');
      const out: Record<string, unknown>[] = [];
      for (let i = r.top; i <= r.bottom; i++) {
        const o: Record<string, unknown> = {};
        if (opts.rowIndex) o.rowIndex = i;
        if (opts.rowHidden) o.rowHidden = s.hiddenRows.has(i);
        if (opts.address) o.address = `${quoteSheet(s.name)}!${i + 1}:${i + 1}`;
        out.push(o);
      }
      return out;
    });
  }
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
}

export function cellProps(s: MemorySheet, row: number, col: number, opts: Record<string, unknown>, cell?: Cell): Record<string, unknown> {
  const c = cell ?? s.get(row, col);
  const o: Record<string, unknown> = {};
  if (opts.address) o.address = `${quoteSheet(s.name)}!${cellAddress(row, col)}`;
  const f = opts.format as Record<string, unknown> | undefined;
  if (f) {
    const fo: Record<string, unknown> = {};
    const fill = f.fill as Record<string, unknown> | undefined;
    if (fill) {
      const fl: Record<string, unknown> = {};
      // Like Excel: a cell without fill reports white with pattern "None". A conditional
      // format's colour is not a cell property: it never shows here (Range.conditionalFormats does).
      const st = c.fillStyle;
      if (fill.color) fl.color = c.fill ?? '#FFFFFF';
      if (fill.pattern) fl.pattern = c.fill === null ? 'None' : (st?.pattern ?? 'Solid');
      if (fill.patternColor) fl.patternColor = st?.patternColor ?? '#000000';
      if (fill.tintAndShade) fl.tintAndShade = st?.tintAndShade ?? 0;
      if (fill.patternTintAndShade) fl.patternTintAndShade = st?.patternTintAndShade ?? 0;
      fo.fill = fl;
    }
    const font = f.font as Record<string, unknown> | undefined;
    if (font) fo.font = font.bold ? { bold: !!c.bold } : {};
    o.format = fo;
  }
  return o;
}

export type FillProps = { color?: string; pattern?: string; patternColor?: string; tintAndShade?: number; patternTintAndShade?: number };

export const FILL_PATTERNS = new Set(['None', 'Solid', 'Gray50', 'Gray75', 'Gray25', 'Horizontal', 'Vertical', 'Down', 'Up', 'Checker', 'SemiGray75', 'LightHorizontal', 'LightVertical', 'LightDown', 'LightUp', 'Grid', 'CrissCross', 'Gray16', 'Gray8', 'LinearGradient', 'RectangularGradient']);
export const GRADIENTS = new Set(['LinearGradient', 'RectangularGradient']);

/**
 * A fill the API can set: colours #RRGGBB, tints in [-1, 1], a known pattern. A gradient
 * cannot be set through Office.js (its stops are not in the API): UnsupportedFillType.
 */
export function checkFill(f: FillProps): void {
  const colour = (v: unknown) => v === undefined || (typeof v === 'string' && /^#[0-9A-Fa-f]{6}$/.test(v));
  const tint = (v: unknown) => v === undefined || (typeof v === 'number' && v >= -1 && v <= 1);
  if (!colour(f.color) || !colour(f.patternColor)) throw new FakeOfficeError('InvalidArgument', `The fake host takes colours as #RRGGBB, not '${f.color ?? f.patternColor}'`);
  if (!tint(f.tintAndShade) || !tint(f.patternTintAndShade)) throw new FakeOfficeError('InvalidArgument', 'tintAndShade must be between -1 and 1.');
  if (f.pattern !== undefined && !FILL_PATTERNS.has(f.pattern)) throw new FakeOfficeError('InvalidArgument', `Bad fill pattern '${f.pattern}'`);
  if (f.pattern !== undefined && GRADIENTS.has(f.pattern)) throw new FakeOfficeError('UnsupportedFillType', `A ${f.pattern} fill cannot be set through the API.`);
}

/** Apply fill properties to a cell as Excel does (plan.ts's fillChange: the ones given change, the others stay; pattern "None" removes the fill). */
export function applyFill(s: MemorySheet, row: number, col: number, f: FillProps): void {
  s.set(row, col, fillChange(s.get(row, col), f));
}

export class RangeAreasP extends P<{ sheet: MemorySheet; areas: Rect[] }> {
  protected cls = 'RangeAreas';
  protected override scalarProps = ['address', 'areaCount'];
  protected fetch(prop: string, t: { sheet: MemorySheet; areas: Rect[] }): unknown {
    if (prop === 'address') return t.areas.map((a) => `${quoteSheet(t.sheet.name)}!${rectAddress(a)}`).join(',');
    if (prop === 'areaCount') return t.areas.length;
    throw new FakeOfficeError('InvalidArgument', `RangeAreas.${prop} is not emulated`);
  }
  get address(): string {
    return this.get_('address');
  }
  get areaCount(): number {
    return this.get_('areaCount');
  }
}

/** Child objects (format, fill, font, …) share their range's target. */
export abstract class RangeChild extends P<RangeT> {
  constructor(
    ctx: Ctx,
    protected readonly range: RangeP,
  ) {
    super(ctx, null, null);
  }
  protected override target(what?: string): RangeT {
    void what;
    return this.range._t();
  }
  override load(arg?: unknown): this {
    // Children are instantiated with their range: defer target lookup to run time.
    return super.load(arg);
  }
}
// RangeChild's own t stays undefined; target() is overridden, so loads and sets use the range's.

/**
 * The conditional formats over a range: only getCount is emulated (a conditional format's
 * colour shows over the cell's own fill and is in neither getCellProperties nor format.fill).
 */
export class ConditionalFormatCollectionP extends RangeChild {
  protected cls = 'ConditionalFormatCollection';
  protected fetch(prop: string): unknown {
    throw new FakeOfficeError('InvalidArgument', `ConditionalFormatCollection.${prop} is not emulated`);
  }
  getCount(): ClientResult<number> {
    return new ClientResult(this.context, { m: 'conditionalFormats.getCount', r: this.range._id }, () => {
      const { sheet: s, rect: r } = this.range._t();
      return s.conditionalFormats.filter((c) => overlaps(parseRange(c.range), r)).length;
    });
  }
}

export class RangeFormatP extends RangeChild {
  protected cls = 'RangeFormat';
  protected override scalarProps = ['columnWidth', 'rowHeight', 'wrapText'];
  readonly fill: RangeFillP;
  readonly font: RangeFontP;
  constructor(ctx: Ctx, range: RangeP) {
    super(ctx, range);
    this.fill = new RangeFillP(ctx, range);
    this.font = new RangeFontP(ctx, range);
  }
  protected fetch(prop: string, { sheet: s, rect: r }: RangeT): unknown {
    if (prop === 'columnWidth') {
      const ws = new Set<number>();
      for (let j = r.left; j <= r.right; j++) ws.add(s.columnWidths.get(j) ?? DEFAULT_WIDTH);
      return ws.size === 1 ? [...ws][0] : null;
    }
    if (prop === 'rowHeight') {
      const hs = new Set<number>();
      for (let i = r.top; i <= r.bottom; i++) hs.add(s.rowHeights.get(i) ?? 15);
      return hs.size === 1 ? [...hs][0] : null;
    }
    if (prop === 'wrapText') {
      const stored = storedIn(s, r);
      const n = stored.filter((x) => x.cell.wrap).length;
      return n === 0 ? false : n === rows(r) * cols(r) ? true : null;
    }
    throw new FakeOfficeError('InvalidArgument', `RangeFormat.${prop} is not emulated`);
  }
  get columnWidth(): number | null {
    return this.get_('columnWidth');
  }
  set columnWidth(v: number) {
    this.set_('columnWidth', v, ({ sheet: s, rect: r }) => {
      if (typeof v !== 'number' || !(v >= 0)) throw new FakeOfficeError('InvalidArgument', `Bad column width ${v}`);
      for (let j = r.left; j <= r.right; j++) s.setColumnWidth(j, v);
    });
  }
  get rowHeight(): number | null {
    return this.get_('rowHeight');
  }
  set rowHeight(v: number) {
    this.set_('rowHeight', v, ({ sheet: s, rect: r }) => {
      if (typeof v !== 'number' || !(v >= 0 && v <= 409)) throw new FakeOfficeError('InvalidArgument', `Bad row height ${v}`);
      for (let i = r.top; i <= r.bottom; i++) s.setRowHeight(i, v);
    });
  }
  get wrapText(): boolean | null {
    return this.get_('wrapText');
  }
  set wrapText(v: boolean) {
    this.set_('wrapText', v, ({ sheet: s, rect: r }) => forEachCell(r, (row, col) => s.set(row, col, { wrap: !!v })));
  }
}

/** Excel's default column width in points (8.43 characters). */
export const DEFAULT_WIDTH = 48;

export class RangeFillP extends RangeChild {
  protected cls = 'RangeFill';
  protected override scalarProps = ['color', 'pattern', 'patternColor', 'tintAndShade', 'patternTintAndShade'];
  protected fetch(prop: string, { sheet: s, rect: r }: RangeT): unknown {
    if (!['color', 'pattern', 'patternColor', 'tintAndShade', 'patternTintAndShade'].includes(prop)) throw new FakeOfficeError('InvalidArgument', `RangeFill.${prop} is not emulated`);
    // null when the cells differ (as Excel: "null indicates that the range doesn't have uniform … settings")
    const seen = new Set<string>();
    const area = rows(r) * cols(r);
    const stored = storedIn(s, r);
    const one = (c: Cell) => JSON.stringify((cellProps(s, 0, 0, { format: { fill: { [prop]: true } } }, c).format as { fill: Record<string, unknown> }).fill[prop]);
    for (const { cell } of stored) seen.add(one(cell));
    if (stored.length < area) seen.add(one(defaultCellFor()));
    return seen.size === 1 ? JSON.parse([...seen][0]!) : null;
  }
  get color(): string | null {
    return this.get_('color');
  }
  set color(v: string) {
    this.set_('color', v, ({ sheet: s, rect: r }) => {
      const f = normFill(v);
      if (f === null || !/^#[0-9A-F]{6}$/.test(f)) throw new FakeOfficeError('InvalidArgument', `The fake host takes colours as #RRGGBB, not '${v}'`);
      forEachCell(r, (row, col) => applyFill(s, row, col, { color: f }));
    });
  }
  private setProp(prop: keyof FillProps, v: string | number): void {
    this.context.need('1.9', `RangeFill.${prop}`);
    this.set_(prop, v, ({ sheet: s, rect: r }) => {
      checkFill({ [prop]: v });
      forEachCell(r, (row, col) => applyFill(s, row, col, { [prop]: v }));
    });
  }
  get pattern(): string | null {
    return this.get_('pattern');
  }
  set pattern(v: string) {
    this.setProp('pattern', v);
  }
  get patternColor(): string | null {
    return this.get_('patternColor');
  }
  set patternColor(v: string) {
    this.setProp('patternColor', v);
  }
  get tintAndShade(): number | null {
    return this.get_('tintAndShade');
  }
  set tintAndShade(v: number) {
    this.setProp('tintAndShade', v);
  }
  get patternTintAndShade(): number | null {
    return this.get_('patternTintAndShade');
  }
  set patternTintAndShade(v: number) {
    this.setProp('patternTintAndShade', v);
  }
  clear(): void {
    this.call('fill.clear', [], ({ sheet: s, rect: r }) => {
      for (const { row, col } of storedIn(s, r)) s.set(row, col, { fill: null });
    });
  }
}

export class RangeFontP extends RangeChild {
  protected cls = 'RangeFont';
  protected override scalarProps = ['bold'];
  protected fetch(prop: string, { sheet: s, rect: r }: RangeT): unknown {
    if (prop !== 'bold') throw new FakeOfficeError('InvalidArgument', `RangeFont.${prop} is not emulated`);
    const stored = storedIn(s, r);
    const bold = stored.filter((x) => x.cell.bold).length;
    return bold === 0 ? false : bold === rows(r) * cols(r) ? true : null;
  }
  get bold(): boolean | null {
    return this.get_('bold');
  }
  set bold(v: boolean) {
    this.set_('bold', v, ({ sheet: s, rect: r }) => forEachCell(r, (row, col) => s.set(row, col, { bold: !!v })));
  }
}

export class DataValidationP extends RangeChild {
  protected cls = 'DataValidation';
  protected override scalarProps = ['rule'];
  protected fetch(prop: string, { sheet: s, rect: r }: RangeT): unknown {
    if (prop !== 'rule') throw new FakeOfficeError('InvalidArgument', `DataValidation.${prop} is not emulated`);
    const v = s.validations.find((x) => x.range === rectAddress(r));
    return v ? { list: { inCellDropDown: v.inCellDropDown, source: v.source } } : {};
  }
  get rule(): unknown {
    return this.get_('rule');
  }
  set rule(v: { list?: { inCellDropDown?: boolean; source?: string } }) {
    this.set_('rule', v, ({ sheet: s, rect: r }) => {
      if (!v?.list || typeof v.list.source !== 'string') throw new FakeOfficeError('InvalidArgument', 'The fake host emulates list validation rules only.');
      const range = rectAddress(r);
      s.validations = s.validations.filter((x) => !overlaps(parseRange(x.range), r));
      s.validations.push({ range, source: v.list.source, inCellDropDown: v.list.inCellDropDown ?? true });
      s.touch();
    });
  }
  clear(): void {
    this.call('dataValidation.clear', [], ({ sheet: s, rect: r }) => {
      s.validations = s.validations.filter((x) => !overlaps(parseRange(x.range), r));
      s.touch();
    });
  }
}
