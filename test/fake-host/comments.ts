/** Notes (ExcelApi 1.18) and threaded comments (1.10): one collection class for both; a cell holds one or the other; the threads' replies. */
import { MemorySheet } from '../../addin/workbook/memory';
import { cellAddress, parseCell, quoteSheet, splitSheet } from '../../addin/core/a1';
import { ClientResult, Ctx, FakeOfficeError, NULL, P, notLoaded, parseLoad, protectedSheet } from './context';
import { WorksheetP } from './worksheet';
import { RangeP, cols, rows } from './range';

export interface CellRef {
  sheet: MemorySheet;
  row: number;
  col: number;
}

/** Resolve a cell for notes/comments: "D7" on a worksheet collection, "Sheet!D7" (or a Range) on the workbook's. */
export function resolveCell(ctx: Ctx, owner: WorksheetP | null, cell: string | RangeP): CellRef {
  if (cell instanceof RangeP) {
    const { sheet, rect } = cell._t();
    if (rows(rect) !== 1 || cols(rect) !== 1) throw new FakeOfficeError('InvalidCellAddress', 'The range is not a single cell.');
    return { sheet, row: rect.top, col: rect.left };
  }
  const { sheet, local } = splitSheet(cell);
  let s: MemorySheet | undefined;
  if (owner) s = owner._sheet();
  else s = sheet !== null ? ctx.wb.getSheet(sheet) : ctx.wb.activeSheet !== null ? ctx.wb.getSheet(ctx.wb.activeSheet) : undefined;
  if (!s) throw new FakeOfficeError('InvalidCellAddress', `No such sheet in '${cell}'.`);
  try {
    const { row, col } = parseCell(local);
    return { sheet: s, row, col };
  } catch {
    throw new FakeOfficeError('InvalidCellAddress', `'${cell}' is not a single cell address.`);
  }
}

type Kind = 'note' | 'comment';

/** What differs between the two kinds of cell item; everything else is shared. */
const KINDS = {
  note: { cls: 'NoteCollection', what: 'note', defaults: ['content'] },
  comment: { cls: 'CommentCollection', what: 'comment', defaults: ['id', 'content'] },
} as const;

const holds = (ref: CellRef, kind: Kind): boolean => (kind === 'note' ? ref.sheet.get(ref.row, ref.col).note !== null : ref.sheet.get(ref.row, ref.col).comment !== undefined);

/**
 * A worksheet's (or the workbook's) notes (ExcelApi 1.18) or threaded comments (1.10): one
 * collection class for both, as a cell holds one or the other. Items are loaded with their
 * properties in one action; `add` refuses a cell that already holds either kind.
 */
export class CellItemCollectionP<I extends NoteP | CommentP> extends P<null> {
  protected cls: string;
  private itemsV: I[] | undefined;
  constructor(
    ctx: Ctx,
    private readonly owner: WorksheetP | null,
    private readonly kind: Kind,
  ) {
    super(ctx, null, null, null);
    this.cls = KINDS[kind].cls;
  }
  protected fetch(): unknown {
    return undefined;
  }
  private item(desc: unknown, make: (() => CellRef | typeof NULL) | null, preset?: CellRef): I {
    return (this.kind === 'note' ? new NoteP(this.context, desc, make, preset) : new CommentP(this.context, desc, make, preset)) as I;
  }
  private prop(r: CellRef, p: string): unknown {
    return this.kind === 'note' ? noteProp(r, p) : commentProp(r, p);
  }
  private all(): CellRef[] {
    const sheets = this.owner ? [this.owner._sheet()] : [...this.context.wb.sheets];
    return sheets.flatMap((sheet) => sheet.entries().map((e) => ({ sheet, row: e.row, col: e.col })).filter((r) => holds(r, this.kind)));
  }
  get items(): I[] {
    if (!this.itemsV) throw notLoaded('items', this.cls);
    return this.itemsV;
  }
  override load(arg?: unknown): this {
    const { props, nested } = parseLoad(arg);
    let list = props.filter((p) => p !== 'items');
    for (const [k, v] of nested) if (k === 'items') list = list.concat(v.flatMap((x) => (typeof x === 'string' ? x.split(',') : [])));
    if (list.length === 0) list = [...KINDS[this.kind].defaults];
    this.context.queue({ load: this._id, items: list }, () => {
      const refs = this.all();
      const data = refs.map((r) => Object.fromEntries(list.map((p) => [p, this.prop(r, p)])));
      return {
        data: { items: data },
        commit: () => {
          this.itemsV = refs.map((r, i) => {
            const n = this.item(null, null, r);
            n._preload(data[i]!);
            return n;
          });
        },
      };
    });
    return this;
  }
  add(cellAddress: string | RangeP, content: string): I {
    const what = KINDS[this.kind].what;
    return this.item({ m: `${what}s.add`, cellAddress: cellAddress instanceof RangeP ? cellAddress._id : cellAddress, content }, () => {
      // Comments: "If it's a string, it must contain the full address, including the sheet name."
      // (CommentCollection.add, ExcelApi 1.10; https://learn.microsoft.com/javascript/api/excel/excel.commentcollection#excel-excel-commentcollection-add-member(1)),
      // also on a worksheet's collection. Notes take "A1" (NoteCollection.add).
      if (this.kind === 'comment' && typeof cellAddress === 'string' && splitSheet(cellAddress).sheet === null)
        throw new FakeOfficeError('InvalidArgument', `The argument is invalid or missing or has an incorrect format. (comment address '${cellAddress}' has no sheet name)`);
      const ref = resolveCell(this.context, this.kind === 'note' ? this.owner : null, cellAddress);
      if (ref.sheet.protected) throw protectedSheet(ref.sheet);
      if (holds(ref, this.kind)) throw new FakeOfficeError('InvalidArgument', `The cell ${cellAddressOf(ref)} already has a ${what}.`);
      // A cell holds a note or a threaded comment, never both (Excel: "New Note" is unavailable on a cell with a thread, and the
      // other way round); a host without the notes API (before ExcelApi 1.18) still has the cell's note, unseen.
      const other: Kind = this.kind === 'note' ? 'comment' : 'note';
      if (holds(ref, other))
        throw new FakeOfficeError('InvalidOperation', `The cell ${cellAddressOf(ref)} has a ${other === 'note' ? 'note' : 'threaded comment'}: it cannot also hold a ${this.kind === 'note' ? 'note' : 'threaded comment'}.`);
      ref.sheet.set(ref.row, ref.col, this.kind === 'note' ? { note: String(content) } : { comment: String(content) });
      return ref;
    });
  }
  /** NoteCollection.getItem: the note at a cell. */
  getItem(key: string): I {
    this.only('note', 'getItem');
    return this.item({ m: 'notes.getItem', key }, () => {
      const ref = resolveCell(this.context, this.owner, key);
      if (!holds(ref, 'note')) throw new FakeOfficeError('ItemNotFound', `There is no note at ${key}.`);
      return ref;
    });
  }
  getItemOrNullObject(key: string): I {
    this.only('note', 'getItemOrNullObject');
    return this.item({ m: 'notes.getItemOrNullObject', key }, () => {
      const ref = resolveCell(this.context, this.owner, key);
      return holds(ref, 'note') ? ref : NULL;
    });
  }
  /** CommentCollection.getItemByCell. */
  getItemByCell(cellAddress: string | RangeP): I {
    this.only('comment', 'getItemByCell');
    return this.item({ m: 'comments.getItemByCell', cellAddress: cellAddress instanceof RangeP ? cellAddress._id : cellAddress }, () => {
      const ref = resolveCell(this.context, this.owner, cellAddress);
      if (!holds(ref, 'comment')) throw new FakeOfficeError('ItemNotFound', `There is no comment at ${String(cellAddress)}.`);
      return ref;
    });
  }
  getCount(): ClientResult<number> {
    return new ClientResult(this.context, { m: `${KINDS[this.kind].what}s.getCount` }, () => this.all().length);
  }
  /** A method of the other collection is not there (the fake emulates notes' getItem by cell, comments' getItemByCell). */
  private only(kind: Kind, method: string): void {
    if (this.kind !== kind) throw new FakeOfficeError('InvalidArgument', `${this.cls}.${method} is not emulated (it is ${KINDS[kind].cls}'s)`);
  }
}

export type NoteCollectionP = CellItemCollectionP<NoteP>;
export type CommentCollectionP = CellItemCollectionP<CommentP>;

export function cellAddressOf(r: CellRef): string {
  return `${quoteSheet(r.sheet.name)}!${cellAddress(r.row, r.col)}`;
}

export function noteProp(r: CellRef, p: string): unknown {
  if (p === 'content') return r.sheet.get(r.row, r.col).note;
  if (p === 'authorName') return 'Fake Author';
  if (p === 'visible') return false;
  throw new FakeOfficeError('InvalidArgument', `Note.${p} is not emulated`);
}

export class NoteP extends P<CellRef> {
  protected cls = 'Note';
  protected override scalarProps = ['content', 'authorName'];
  protected override check(t: CellRef): void {
    if (!this.context.wb.sheets.includes(t.sheet) || t.sheet.get(t.row, t.col).note === null)
      throw new FakeOfficeError('ItemNotFound', `The note at ${cellAddressOf(t)} no longer exists.`);
  }
  protected fetch(prop: string, t: CellRef): unknown {
    return noteProp(t, prop);
  }
  get content(): string {
    return this.get_('content');
  }
  set content(v: string) {
    this.set_('content', v, (t) => t.sheet.set(t.row, t.col, { note: String(v) }));
  }
  delete(): void {
    this.call('note.delete', [], (t) => t.sheet.set(t.row, t.col, { note: null }));
  }
  getLocation(): RangeP {
    return new RangeP(this.context, { m: 'note.getLocation', n: this._id }, () => {
      const t = this.target('getLocation');
      return { sheet: t.sheet, rect: { top: t.row, left: t.col, bottom: t.row, right: t.col } };
    });
  }
}

export function commentProp(r: CellRef, p: string): unknown {
  if (p === 'content') return r.sheet.get(r.row, r.col).comment;
  if (p === 'id') return `{comment-${r.sheet.name}!${cellAddress(r.row, r.col)}}`;
  if (p === 'authorName') return 'Fake Author';
  if (p === 'resolved') return false;
  throw new FakeOfficeError('InvalidArgument', `Comment.${p} is not emulated`);
}

export class CommentP extends P<CellRef> {
  protected cls = 'Comment';
  protected override scalarProps = ['id', 'content', 'authorName'];
  private repliesP?: CommentReplyCollectionP;
  /** The thread's replies (ExcelApi 1.10). */
  get replies(): CommentReplyCollectionP {
    return (this.repliesP ??= new CommentReplyCollectionP(this.context, this));
  }
  /** @internal */
  _ref(): CellRef {
    return this.target('replies');
  }
  protected override check(t: CellRef): void {
    if (!this.context.wb.sheets.includes(t.sheet) || t.sheet.get(t.row, t.col).comment === undefined)
      throw new FakeOfficeError('ItemNotFound', `The comment at ${cellAddressOf(t)} no longer exists.`);
  }
  protected fetch(prop: string, t: CellRef): unknown {
    return commentProp(t, prop);
  }
  get content(): string {
    return this.get_('content');
  }
  set content(v: string) {
    this.set_('content', v, (t) => t.sheet.set(t.row, t.col, { comment: String(v) }));
  }
  get id(): string {
    return this.get_('id');
  }
  delete(): void {
    this.call('comment.delete', [], (t) => t.sheet.set(t.row, t.col, { comment: undefined }));
  }
  getLocation(): RangeP {
    return new RangeP(this.context, { m: 'comment.getLocation', c: this._id }, () => {
      const t = this.target('getLocation');
      return { sheet: t.sheet, rect: { top: t.row, left: t.col, bottom: t.row, right: t.col } };
    });
  }
}

export let nextReply = 1;

/** Comment.replies (ExcelApi 1.10): the thread's replies, oldest first. */
export class CommentReplyCollectionP extends P<null> {
  protected cls = 'CommentReplyCollection';
  private itemsV: CommentReplyP[] | undefined;
  constructor(
    ctx: Ctx,
    private readonly comment: CommentP,
  ) {
    super(ctx, null, null, null);
  }
  protected fetch(): unknown {
    return undefined;
  }
  get items(): CommentReplyP[] {
    if (!this.itemsV) throw notLoaded('items', this.cls);
    return this.itemsV;
  }
  override load(arg?: unknown): this {
    const { props, nested } = parseLoad(arg);
    let list = props.filter((p) => p !== 'items');
    for (const [k, v] of nested) if (k === 'items') list = list.concat(v.flatMap((x) => (typeof x === 'string' ? x.split(',') : [])));
    if (list.length === 0) list = ['id', 'content'];
    this.context.queue({ load: this._id, items: list }, () => {
      const ref = this.comment._ref();
      const replies = ref.sheet.get(ref.row, ref.col).replies ?? [];
      const data = replies.map((r) => Object.fromEntries(list.map((p) => [p, replyProp(r, p)])));
      return {
        data: { items: data },
        commit: () => {
          this.itemsV = replies.map((r, i) => {
            const n = new CommentReplyP(this.context, null, null, { ref, id: r.id });
            n._preload(data[i]!);
            return n;
          });
        },
      };
    });
    return this;
  }
  add(content: string): CommentReplyP {
    return new CommentReplyP(this.context, { m: 'replies.add', c: this.comment._id, content }, () => {
      const ref = this.comment._ref();
      if (ref.sheet.protected) throw protectedSheet(ref.sheet);
      const cell = ref.sheet.get(ref.row, ref.col);
      const id = `{reply-${nextReply++}}`;
      ref.sheet.set(ref.row, ref.col, { replies: [...(cell.replies ?? []), { id, content: String(content) }] });
      return { ref, id };
    });
  }
  getCount(): ClientResult<number> {
    return new ClientResult(this.context, { m: 'replies.getCount', c: this.comment._id }, () => {
      const ref = this.comment._ref();
      return ref.sheet.get(ref.row, ref.col).replies?.length ?? 0;
    });
  }
}

export function replyProp(r: { id: string; content: string }, p: string): unknown {
  if (p === 'content') return r.content;
  if (p === 'id') return r.id;
  if (p === 'authorName') return 'Fake Author';
  throw new FakeOfficeError('InvalidArgument', `CommentReply.${p} is not emulated`);
}

export class CommentReplyP extends P<{ ref: CellRef; id: string }> {
  protected cls = 'CommentReply';
  protected override scalarProps = ['id', 'content', 'authorName'];
  private find(t: { ref: CellRef; id: string }) {
    const list = t.ref.sheet.get(t.ref.row, t.ref.col).replies ?? [];
    const i = list.findIndex((r) => r.id === t.id);
    if (!this.context.wb.sheets.includes(t.ref.sheet) || i < 0) throw new FakeOfficeError('ItemNotFound', `The reply ${t.id} no longer exists.`);
    return { list, i };
  }
  protected override check(t: { ref: CellRef; id: string }): void {
    this.find(t);
  }
  protected fetch(prop: string, t: { ref: CellRef; id: string }): unknown {
    const { list, i } = this.find(t);
    return replyProp(list[i]!, prop);
  }
  get content(): string {
    return this.get_('content');
  }
  set content(v: string) {
    this.set_('content', v, (t) => {
      const { list, i } = this.find(t);
      t.ref.sheet.set(t.ref.row, t.ref.col, { replies: list.map((r, k) => (k === i ? { ...r, content: String(v) } : r)) });
    });
  }
  delete(): void {
    this.call('reply.delete', [], (t) => {
      const { list, i } = this.find(t);
      t.ref.sheet.set(t.ref.row, t.ref.col, { replies: list.filter((_, k) => k !== i) });
    });
  }
}
