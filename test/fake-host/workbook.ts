/** Workbook: selection (one area or several), protection of the structure, defined names, the 1904 date system; its worksheets, tables, notes and comments collections. */
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { parseRange, quoteSheet, rectAddress } from '../../addin/core/a1';
import { Ctx, FakeOfficeError, P, notLoaded, registerWorkbook } from './context';
import { WorksheetCollectionP, WorksheetP } from './worksheet';
import { RangeAreasP, RangeP } from './range';
import { CellItemCollectionP, type CommentCollectionP, type CommentP, type NoteCollectionP, type NoteP } from './comments';
import { WorkbookTablesP } from './tables';

export class WorkbookP extends P<MemoryWorkbook> {
  protected cls = 'Workbook';
  readonly worksheets: WorksheetCollectionP;
  constructor(ctx: Ctx) {
    super(ctx, null, null, ctx.wb);
    this.worksheets = new WorksheetCollectionP(ctx);
  }
  protected fetch(prop: string, t: MemoryWorkbook): unknown {
    if (prop === 'name') return 'Workbook';
    if (prop === 'activeSheetName') return t.activeSheet;
    if (prop === 'use1904DateSystem') {
      this.context.need('1.16', 'Workbook.use1904DateSystem');
      return t.date1904;
    }
    throw new FakeOfficeError('InvalidArgument', `Workbook.${prop} is not emulated`);
  }
  /** True if the workbook uses the 1904 date system (ExcelApi 1.16). */
  get use1904DateSystem(): boolean {
    return this.get_('use1904DateSystem');
  }
  /** "If there are multiple ranges selected, this method will throw an error." (Workbook.getSelectedRange) */
  getSelectedRange(): RangeP {
    return new RangeP(this.context, { m: 'getSelectedRange' }, () => {
      const wb = this.context.wb;
      const sel = wb.selection;
      const name = sel?.sheet ?? wb.activeSheet;
      if (!name) throw new FakeOfficeError('ItemNotFound', 'No selection.');
      const areas = (sel?.range ?? 'A1').split(',');
      if (areas.length > 1) throw new FakeOfficeError('InvalidSelection', 'The current selection is invalid for this operation (it has several areas).', 'Workbook.getSelectedRange');
      return { sheet: wb.sheet(name), rect: parseRange(areas[0]!) };
    });
  }
  /** One or more selected areas (ExcelApi 1.9). */
  getSelectedRanges(): RangeAreasP {
    this.context.need('1.9', 'getSelectedRanges');
    return new RangeAreasP(this.context, { m: 'getSelectedRanges' }, () => {
      const wb = this.context.wb;
      const sel = wb.selection;
      const name = sel?.sheet ?? wb.activeSheet;
      if (!name) throw new FakeOfficeError('ItemNotFound', 'No selection.');
      return { sheet: wb.sheet(name), areas: (sel?.range ?? 'A1').split(',').map((a) => parseRange(a)) };
    });
  }
  private namesP?: NamedItemCollectionP;
  /** Defined names (ExcelApi 1.1; add 1.4). */
  get names(): NamedItemCollectionP {
    return (this.namesP ??= new NamedItemCollectionP(this.context));
  }
  private protectionP?: ProtectionP;
  /** Workbook structure protection (ExcelApi 1.7). */
  get protection(): ProtectionP {
    this.context.need('1.7', 'workbook.protection');
    return (this.protectionP ??= new ProtectionP(this.context, null));
  }
  getActiveCell(): RangeP {
    return new RangeP(this.context, { m: 'getActiveCell' }, () => {
      const wb = this.context.wb;
      const sel = wb.selection;
      const name = sel?.sheet ?? wb.activeSheet;
      if (!name) throw new FakeOfficeError('ItemNotFound', 'No active cell.');
      const r = parseRange((sel?.range ?? 'A1').split(',')[0]!);
      return { sheet: wb.sheet(name), rect: { top: r.top, left: r.left, bottom: r.top, right: r.left } };
    });
  }
  private tablesP?: WorkbookTablesP;
  get tables(): WorkbookTablesP {
    return (this.tablesP ??= new WorkbookTablesP(this.context));
  }
  private notesP?: NoteCollectionP;
  get notes(): NoteCollectionP {
    this.context.need('1.18', 'workbook.notes');
    return (this.notesP ??= new CellItemCollectionP<NoteP>(this.context, null, 'note'));
  }
  private commentsP?: CommentCollectionP;
  get comments(): CommentCollectionP {
    this.context.need('1.10', 'workbook.comments');
    return (this.commentsP ??= new CellItemCollectionP<CommentP>(this.context, null, 'comment'));
  }
}

/** WorksheetProtection (ExcelApi 1.2) or WorkbookProtection (1.7): `protected`, protect(), unprotect(). */
export class ProtectionP extends P<null> {
  protected cls = 'Protection';
  protected override scalarProps = ['protected'];
  constructor(
    ctx: Ctx,
    private readonly ws: WorksheetP | null,
  ) {
    super(ctx, null, null, null);
  }
  protected fetch(prop: string): unknown {
    if (prop !== 'protected') throw new FakeOfficeError('InvalidArgument', `Protection.${prop} is not emulated`);
    return this.ws ? this.ws._sheet().protected : this.context.wb.structureProtected;
  }
  get protected(): boolean {
    return this.get_('protected');
  }
  protect(): void {
    this.call('protect', [], () => {
      if (this.ws) this.ws._sheet().protected = true;
      else this.context.wb.structureProtected = true;
    });
  }
  unprotect(): void {
    this.call('unprotect', [], () => {
      if (this.ws) this.ws._sheet().protected = false;
      else this.context.wb.structureProtected = false;
    });
  }
}

/** workbook.names: the defined names; add (ExcelApi 1.4). */
export class NamedItemCollectionP extends P<null> {
  protected cls = 'NamedItemCollection';
  private itemsV: NamedItemP[] | undefined;
  constructor(ctx: Ctx) {
    super(ctx, null, null, null);
  }
  protected fetch(): unknown {
    return undefined;
  }
  get items(): NamedItemP[] {
    if (!this.itemsV) throw notLoaded('items', this.cls);
    return this.itemsV;
  }
  override load(arg?: unknown): this {
    void arg;
    this.context.queue({ load: this._id, items: ['name'] }, () => {
      const all = [...this.context.wb.names];
      const data = all.map((n) => ({ name: n.name }));
      return {
        data: { items: data },
        commit: () => {
          this.itemsV = all.map((n, i) => {
            const p = new NamedItemP(this.context, null, null, n);
            p._preload(data[i]!);
            return p;
          });
        },
      };
    });
    return this;
  }
  add(name: string, reference: string | RangeP): NamedItemP {
    this.context.need('1.4', 'names.add');
    return new NamedItemP(this.context, { m: 'names.add', name, reference: reference instanceof RangeP ? reference._id : reference }, () => {
      const wb = this.context.wb;
      if (!/^[\p{L}_\\][\p{L}\p{N}_.]*$/u.test(name) || /^[A-Za-z]{1,3}[0-9]+$/.test(name)) throw new FakeOfficeError('InvalidArgument', `'${name}' is not a valid name.`);
      const taken = (n: string) => wb.names.some((x) => x.name.toLowerCase() === n) || wb.sheets.some((x) => x.tables.some((t) => t.name.toLowerCase() === n));
      if (taken(name.toLowerCase())) throw new FakeOfficeError('ItemAlreadyExists', `The name '${name}' already exists.`);
      const formula = reference instanceof RangeP ? `=${quoteSheet(reference._t().sheet.name)}!${rectAddress(reference._t().rect)}` : String(reference);
      const item = { name, formula };
      wb.names.push(item);
      return item;
    });
  }
}

export class NamedItemP extends P<{ name: string; formula: string }> {
  protected cls = 'NamedItem';
  protected override scalarProps = ['name', 'formula'];
  protected fetch(prop: string, t: { name: string; formula: string }): unknown {
    if (prop === 'name') return t.name;
    if (prop === 'formula') return t.formula;
    throw new FakeOfficeError('InvalidArgument', `NamedItem.${prop} is not emulated`);
  }
  get name(): string {
    return this.get_('name');
  }
}

registerWorkbook((ctx) => new WorkbookP(ctx));
