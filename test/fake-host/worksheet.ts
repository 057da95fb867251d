/** Worksheets: the collection (names, History reserved, structure protection), a worksheet's ranges and collections, its page layout. */
import { MemoryWorkbook, MemorySheet, type SheetPageSetup } from '../../addin/workbook/memory';
import { splitSheet, MAX_COLS, MAX_ROWS } from '../../addin/core/a1';
import { ClientResult, Ctx, FakeOfficeError, NULL, P, RESERVED_SHEET, notLoaded, parseLoad, protectedStructure } from './context';
import { ProtectionP } from './workbook';
import { RangeP, rangeOrThrow, validRect } from './range';
import { CellItemCollectionP, type CommentCollectionP, type CommentP, type NoteCollectionP, type NoteP } from './comments';
import { TableCollectionP } from './tables';
import { ChartCollectionP } from './charts';

export const BAD_NAME = /[[\]:*?/\\]/;

export class WorksheetCollectionP extends P<MemoryWorkbook> {
  protected cls = 'WorksheetCollection';
  private itemsV: WorksheetP[] | undefined;
  constructor(ctx: Ctx) {
    super(ctx, null, null, ctx.wb);
  }
  protected fetch(): unknown {
    return undefined;
  }
  get items(): WorksheetP[] {
    if (!this.itemsV) throw notLoaded('items', this.cls);
    return this.itemsV;
  }
  override load(arg?: unknown): this {
    const { props, nested, all } = parseLoad(arg);
    let list = all ? ['name', 'visibility', 'position', 'id'] : props.filter((p) => p !== 'items');
    for (const [k, v] of nested) if (k === 'items') list = list.concat(v.flatMap((x) => (typeof x === 'string' ? x.split(',') : [])));
    if (list.length === 0) list = ['name', 'visibility', 'position', 'id'];
    this.context.queue({ load: this._id, items: list }, () => {
      const sheets = [...this.context.wb.sheets];
      const data = sheets.map((s, i) => Object.fromEntries(list.map((p) => [p, sheetProp(this.context.wb, s, p, i)])));
      return {
        data: { items: data },
        commit: () => {
          this.itemsV = sheets.map((s, i) => {
            const w = new WorksheetP(this.context, null, null, s);
            w._preload(data[i]!);
            return w;
          });
        },
      };
    });
    return this;
  }
  getItem(key: string): WorksheetP {
    // "Gets a worksheet object using its name or ID." (WorksheetCollection.getItem)
    return new WorksheetP(this.context, { m: 'worksheets.getItem', key }, () => {
      const s = this.context.wb.getSheet(key) ?? this.context.wb.sheetById(key);
      if (!s) throw new FakeOfficeError('ItemNotFound', `The requested resource doesn't exist. (worksheet '${key}')`, 'WorksheetCollection.getItem');
      return s;
    });
  }
  getItemOrNullObject(key: string): WorksheetP {
    return new WorksheetP(this.context, { m: 'worksheets.getItemOrNullObject', key }, () => this.context.wb.getSheet(key) ?? this.context.wb.sheetById(key) ?? NULL);
  }
  getActiveWorksheet(): WorksheetP {
    return new WorksheetP(this.context, { m: 'getActiveWorksheet' }, () => {
      const a = this.context.wb.activeSheet;
      if (!a) throw new FakeOfficeError('ItemNotFound', 'No active worksheet.');
      return this.context.wb.sheet(a);
    });
  }
  add(name?: string): WorksheetP {
    return new WorksheetP(this.context, { m: 'worksheets.add', name }, () => {
      const wb = this.context.wb;
      let n = name;
      if (n === undefined) {
        let i = wb.sheets.length + 1;
        while (wb.getSheet(`Sheet${i}`)) i++;
        n = `Sheet${i}`;
      }
      if (wb.structureProtected) throw protectedStructure();
      if (!n || n.length > 31 || BAD_NAME.test(n) || n.startsWith("'") || n.endsWith("'") || n.toLowerCase() === RESERVED_SHEET)
        throw new FakeOfficeError('InvalidArgument', `The argument is invalid or missing or has an incorrect format. (sheet name '${n}')`);
      if (wb.getSheet(n)) throw new FakeOfficeError('ItemAlreadyExists', `A resource with the same name or identifier already exists. (worksheet '${n}')`);
      return wb.addSheet(n);
    });
  }
  getCount(): ClientResult<number> {
    return new ClientResult(this.context, { m: 'worksheets.getCount' }, () => this.context.wb.sheets.length);
  }
}

export function sheetProp(wb: MemoryWorkbook, s: MemorySheet, p: string, i?: number): unknown {
  switch (p) {
    case 'name':
      return s.name;
    case 'visibility':
      return s.visibility;
    case 'position':
      return i ?? wb.sheets.indexOf(s);
    case 'id':
      return s.id;
    default:
      throw new FakeOfficeError('InvalidArgument', `Worksheet.${p} is not emulated`);
  }
}

export class WorksheetP extends P<MemorySheet> {
  protected cls = 'Worksheet';
  protected override scalarProps = ['name', 'visibility', 'position', 'id'];
  protected override check(t: MemorySheet): void {
    if (!this.context.wb.sheets.includes(t)) throw new FakeOfficeError('ItemNotFound', `The worksheet '${t.name}' was deleted.`);
  }
  protected fetch(prop: string, t: MemorySheet): unknown {
    return sheetProp(this.context.wb, t, prop);
  }
  get name(): string {
    return this.get_('name');
  }
  set name(v: string) {
    this.set_('name', v, (s) => {
      if (this.context.wb.structureProtected) throw protectedStructure();
      if (!v || v.length > 31 || BAD_NAME.test(v) || v.toLowerCase() === RESERVED_SHEET) throw new FakeOfficeError('InvalidArgument', `Bad sheet name '${v}'`);
      const other = this.context.wb.getSheet(v);
      if (other && other !== s) throw new FakeOfficeError('ItemAlreadyExists', `A sheet named '${v}' exists.`);
      const wasActive = this.context.wb.activeSheet === s.name;
      s.name = v;
      if (wasActive) this.context.wb.setActive(v);
      s.touch();
    });
  }
  get visibility(): string {
    return this.get_('visibility');
  }
  set visibility(v: string) {
    this.set_('visibility', v, (s) => {
      if (this.context.wb.structureProtected) throw protectedStructure();
      if (v !== 'Visible' && v !== 'Hidden' && v !== 'VeryHidden') throw new FakeOfficeError('InvalidArgument', `Bad visibility ${v}`);
      if (v !== 'Visible' && this.context.wb.sheets.filter((x) => x.visibility === 'Visible' && x !== s).length === 0)
        throw new FakeOfficeError('InvalidOperation', 'A workbook must keep at least one visible sheet.');
      s.visibility = v;
      s.touch();
    });
  }
  get position(): number {
    return this.get_('position');
  }
  get id(): string {
    return this.get_('id');
  }
  activate(): void {
    this.call('activate', [], (s) => {
      if (s.visibility !== 'Visible') throw new FakeOfficeError('InvalidOperation', 'A hidden sheet cannot be activated.');
      this.context.wb.setActive(s.name);
    });
  }
  delete(): void {
    this.call('delete', [], (s) => {
      const wb = this.context.wb;
      if (wb.structureProtected) throw protectedStructure();
      if (wb.sheets.filter((x) => x.visibility === 'Visible' && x !== s).length === 0)
        throw new FakeOfficeError('InvalidOperation', 'The last visible sheet cannot be deleted.');
      wb.deleteSheet(s.name);
    });
  }
  getRange(address?: string): RangeP {
    return new RangeP(this.context, { m: 'getRange', ws: this._id, address }, () => {
      const s = this.target('getRange');
      if (address === undefined || address === '') return { sheet: s, rect: { top: 0, left: 0, bottom: MAX_ROWS - 1, right: MAX_COLS - 1 } };
      const { sheet, local } = splitSheet(address);
      if (sheet !== null && sheet.toLowerCase() !== s.name.toLowerCase()) throw new FakeOfficeError('InvalidArgument', `Address ${address} is on another sheet.`);
      return { sheet: s, rect: rangeOrThrow(local) };
    });
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): RangeP {
    return new RangeP(this.context, { m: 'getRangeByIndexes', ws: this._id, a: [startRow, startColumn, rowCount, columnCount] }, () => {
      const s = this.target('getRangeByIndexes');
      const rect = { top: startRow, left: startColumn, bottom: startRow + rowCount - 1, right: startColumn + columnCount - 1 };
      validRect(rect);
      return { sheet: s, rect };
    });
  }
  getCell(row: number, column: number): RangeP {
    return this.getRangeByIndexes(row, column, 1, 1);
  }
  getUsedRange(valuesOnly?: boolean): RangeP {
    return new RangeP(this.context, { m: 'getUsedRange', ws: this._id, valuesOnly }, () => {
      const s = this.target('getUsedRange');
      return { sheet: s, rect: s.usedRange(!!valuesOnly) ?? { top: 0, left: 0, bottom: 0, right: 0 } };
    });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeP {
    this.context.need('1.4', 'getUsedRangeOrNullObject');
    return new RangeP(this.context, { m: 'getUsedRangeOrNullObject', ws: this._id, valuesOnly }, () => {
      const s = this.target('getUsedRangeOrNullObject');
      const r = s.usedRange(!!valuesOnly);
      return r ? { sheet: s, rect: r } : NULL;
    });
  }
  private protectionP?: ProtectionP;
  /** Sheet protection (ExcelApi 1.2). */
  get protection(): ProtectionP {
    this.context.need('1.2', 'worksheet.protection');
    return (this.protectionP ??= new ProtectionP(this.context, this));
  }
  private notesP?: NoteCollectionP;
  get notes(): NoteCollectionP {
    this.context.need('1.18', 'worksheet.notes');
    return (this.notesP ??= new CellItemCollectionP<NoteP>(this.context, this, 'note'));
  }
  private commentsP?: CommentCollectionP;
  get comments(): CommentCollectionP {
    this.context.need('1.10', 'worksheet.comments');
    return (this.commentsP ??= new CellItemCollectionP<CommentP>(this.context, this, 'comment'));
  }
  private tablesP?: TableCollectionP;
  get tables(): TableCollectionP {
    return (this.tablesP ??= new TableCollectionP(this.context, this));
  }
  private chartsP?: ChartCollectionP;
  get charts(): ChartCollectionP | undefined {
    if (!this.context.host.options.charts) return undefined;
    return (this.chartsP ??= new ChartCollectionP(this.context, this));
  }
  private pageLayoutP?: PageLayoutP;
  get pageLayout(): PageLayoutP {
    this.context.need('1.9', 'worksheet.pageLayout');
    return (this.pageLayoutP ??= new PageLayoutP(this.context, this));
  }
  /** @internal */
  _sheet(): MemorySheet {
    return this.target();
  }
}

/** Worksheet.pageLayout (ExcelApi 1.9): orientation, zoom (fit to pages) and print title rows — what the product sets. */
export class PageLayoutP extends P<null> {
  protected cls = 'PageLayout';
  protected override scalarProps = ['orientation', 'zoom'];
  constructor(
    ctx: Ctx,
    private readonly ws: WorksheetP,
  ) {
    super(ctx, null, null, null);
  }
  private layout(): SheetPageSetup {
    const s = this.ws._sheet();
    return (s.pageSetup ??= { orientation: 'portrait', fitToPagesWide: 0, fitToPagesTall: 0, printTitleRows: null });
  }
  protected fetch(prop: string): unknown {
    const l = this.ws._sheet().pageSetup;
    if (prop === 'orientation') return l?.orientation === 'landscape' ? 'Landscape' : 'Portrait';
    if (prop === 'zoom') return l && (l.fitToPagesWide || l.fitToPagesTall) ? { horizontalFitToPages: l.fitToPagesWide, verticalFitToPages: l.fitToPagesTall } : { scale: 100 };
    throw new FakeOfficeError('InvalidArgument', `PageLayout.${prop} is not emulated`);
  }
  get orientation(): string {
    return this.get_('orientation');
  }
  set orientation(v: string) {
    this.set_('orientation', v, () => {
      if (v !== 'Portrait' && v !== 'Landscape') throw new FakeOfficeError('InvalidArgument', `Bad page orientation ${v}`);
      this.layout().orientation = v === 'Landscape' ? 'landscape' : 'portrait';
      this.ws._sheet().touch();
    });
  }
  get zoom(): { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number } {
    return this.get_('zoom');
  }
  set zoom(v: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number }) {
    this.set_('zoom', v, () => {
      const ok = (n: unknown) => n === undefined || (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 32767);
      if (!v || typeof v !== 'object' || !ok(v.horizontalFitToPages) || !ok(v.verticalFitToPages) || v.scale !== undefined)
        throw new FakeOfficeError('InvalidArgument', 'The fake host emulates zoom as fit to pages (horizontalFitToPages, verticalFitToPages) only.');
      const l = this.layout();
      l.fitToPagesWide = v.horizontalFitToPages ?? 0;
      l.fitToPagesTall = v.verticalFitToPages ?? 0;
      this.ws._sheet().touch();
    });
  }
  setPrintTitleRows(address: string): void {
    this.call('setPrintTitleRows', [address], () => {
      if (!/^\$?\d+:\$?\d+$/.test(address)) throw new FakeOfficeError('InvalidArgument', `The fake host takes print title rows as "$3:$3", not '${address}'`);
      this.layout().printTitleRows = address;
      this.ws._sheet().touch();
    });
  }
}
