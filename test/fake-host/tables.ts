/** Tables: a worksheet's collection (add), the workbook's (names), a table's name (not a defined name, not another table's). */
import { MemorySheet } from '../../addin/workbook/memory';
import { parseRange, rectAddress, splitSheet, type Rect } from '../../addin/core/a1';
import { Ctx, FakeOfficeError, P, notLoaded, protectedSheet } from './context';
import { WorksheetP } from './worksheet';
import { RangeP, overlaps, rangeOrThrow } from './range';

export class TableCollectionP extends P<MemorySheet> {
  protected cls = 'TableCollection';
  constructor(
    ctx: Ctx,
    private readonly ws: WorksheetP,
  ) {
    super(ctx, null, null);
  }
  protected override target(): MemorySheet {
    return this.ws._sheet();
  }
  protected fetch(): unknown {
    return undefined;
  }
  add(address: string | RangeP, hasHeaders: boolean): TableP {
    return new TableP(this.context, { m: 'tables.add', ws: this.ws._id, address: address instanceof RangeP ? address._id : address, hasHeaders }, () => {
      const s = this.ws._sheet();
      if (s.protected) throw protectedSheet(s);
      let rect: Rect;
      if (address instanceof RangeP) {
        const t = address._t();
        if (t.sheet !== s) throw new FakeOfficeError('InvalidArgument', 'The table range is on another sheet.');
        rect = t.rect;
      } else rect = rangeOrThrow(splitSheet(address).local);
      const all = this.context.wb.sheets.flatMap((x) => x.tables.map((t) => ({ s: x, t })));
      if (all.some(({ s: x, t }) => x === s && overlaps(parseRange(t.range), rect)))
        throw new FakeOfficeError('InvalidOperation', 'A table cannot overlap another table.');
      let i = 1;
      const names = this.context.wb.names;
      while (all.some(({ t }) => t.name.toLowerCase() === `table${i}`) || names.some((n) => n.name.toLowerCase() === `table${i}`)) i++;
      const spec = { name: `Table${i}`, range: rectAddress(rect), hasHeaders: !!hasHeaders };
      s.tables.push(spec);
      s.touch();
      return { sheet: s, spec };
    });
  }
}

/** workbook.tables: enough to list the names in use. */
export class WorkbookTablesP extends P<null> {
  protected cls = 'TableCollection';
  private itemsV: TableP[] | undefined;
  constructor(ctx: Ctx) {
    super(ctx, null, null, null);
  }
  protected fetch(): unknown {
    return undefined;
  }
  get items(): TableP[] {
    if (!this.itemsV) throw notLoaded('items', this.cls);
    return this.itemsV;
  }
  override load(arg?: unknown): this {
    void arg;
    this.context.queue({ load: this._id, items: ['name'] }, () => {
      const all = this.context.wb.sheets.flatMap((sheet) => sheet.tables.map((spec) => ({ sheet, spec })));
      const data = all.map((t) => ({ name: t.spec.name }));
      return {
        data: { items: data },
        commit: () => {
          this.itemsV = all.map((t, i) => {
            const p = new TableP(this.context, null, null, t);
            p._preload(data[i]!);
            return p;
          });
        },
      };
    });
    return this;
  }
}

export class TableP extends P<{ sheet: MemorySheet; spec: { name: string; range: string; hasHeaders: boolean } }> {
  protected cls = 'Table';
  protected override scalarProps = ['name'];
  protected fetch(prop: string, t: { spec: { name: string } }): unknown {
    if (prop === 'name') return t.spec.name;
    throw new FakeOfficeError('InvalidArgument', `Table.${prop} is not emulated`);
  }
  get name(): string {
    return this.get_('name');
  }
  set name(v: string) {
    this.set_('name', v, (t) => {
      if (!/^[\p{L}_\\][\p{L}\p{N}_.]*$/u.test(v) || /^[A-Za-z]{1,3}[0-9]+$/.test(v))
        throw new FakeOfficeError('InvalidArgument', `'${v}' is not a valid table name.`);
      const clash = this.context.wb.sheets.some((x) => x.tables.some((o) => o !== t.spec && o.name.toLowerCase() === v.toLowerCase()));
      if (clash) throw new FakeOfficeError('ItemAlreadyExists', `A table named '${v}' already exists.`);
      // A table's name is a defined name too: it cannot be one the workbook already has (Formulas → Name Manager).
      if (this.context.wb.names.some((n) => n.name.toLowerCase() === v.toLowerCase())) throw new FakeOfficeError('ItemAlreadyExists', `The name '${v}' is already a defined name in this workbook.`);
      t.spec.name = v;
      t.sheet.touch();
    });
  }
}
