/**
 * A fake Excel JavaScript API host over a MemoryWorkbook: the subset of `Excel` and
 * `Office` that the Office.js adapter uses, with Office.js's proxy rules enforced so the
 * bugs that bite in real Excel bite here first:
 *
 * - Reading a property that was not `load()`ed AND `sync()`ed throws `PropertyNotLoaded`.
 * - Writes (property sets, method calls) are queued; the store changes only at `sync()`.
 * - Every proxy made by a method (getItem, getRange, add, …) is an action in the queue,
 *   resolved in order at sync; `getItem` of a missing item rejects the sync with
 *   `ItemNotFound`. Like real Excel, a batch is not a transaction: actions before the
 *   failing one stay applied.
 * - Each sync's queued actions are JSON-sized (request bytes) and its loaded data too
 *   (response bytes); a request over `payloadLimit` (5 MB) rejects with
 *   `RequestPayloadSizeLimitExceeded` (and is not applied at all), a response over it with
 *   `ResponsePayloadSizeLimitExceeded` (its actions have run).
 * - A context dies with its `Excel.run`: a sync of it after the batch settled rejects with
 *   `InvalidObjectPath` (nothing applied).
 * - `failAtSync: k` rejects the k-th sync with `GeneralException`, applying none of it.
 * - APIs above the host's ExcelApi version are missing (`ApiNotFound`, thrown at the call).
 *
 * Not emulated: calculation (a formula written through `formulas` is recorded on the
 * cell, its value is not recomputed; a string starting with "=" in `values` is text), `text`/`valueTypes`, styles, borders, fonts other than bold,
 * events, tracked objects, named items, RangeAreas beyond merged-area addresses,
 * threaded-comment replies and mentions, table/chart objects beyond name and title.
 */
import { MemoryWorkbook, MemorySheet, normFill, type Cell, type SheetPageSetup } from './memory';
import type { CellValue } from './port';
import { cellAddress, parseCell, parseRange, quoteSheet, rectAddress, splitSheet, MAX_COLS, MAX_ROWS, type Rect } from '../core/a1';
import { jsonBytes } from './wire';

export interface FakeExcelOptions {
  /** Highest ExcelApi requirement set the host supports. Default "1.18". */
  api?: string;
  /** Whether worksheets have a chart collection. Default true. */
  charts?: boolean;
  /** Office.context.displayLanguage. Default "sv-SE". */
  displayLanguage?: string;
  /** Request/response size limit per sync, bytes. Default 5 000 000 (Excel on the web). */
  payloadLimit?: number;
  /** Make the k-th sync (1-based, counted over the host's life; or each of a list) reject without applying anything. */
  failAtSync?: number | number[];
  /** Cells a single values/numberFormat load may return before it comes back null. Default 5 000 000. */
  cellReadLimit?: number;
}

export interface SyncRecord {
  requestBytes: number;
  responseBytes: number;
  actions: number;
  error?: string;
}

export class FakeStats {
  syncs = 0;
  failedSyncs = 0;
  requestBytes = 0;
  responseBytes = 0;
  maxRequestBytes = 0;
  maxResponseBytes = 0;
  log: SyncRecord[] = [];
  reset(): void {
    this.syncs = 0;
    this.failedSyncs = 0;
    this.requestBytes = 0;
    this.responseBytes = 0;
    this.maxRequestBytes = 0;
    this.maxResponseBytes = 0;
    this.log = [];
  }
  toJSON() {
    const { syncs, failedSyncs, requestBytes, responseBytes, maxRequestBytes, maxResponseBytes } = this;
    return { syncs, failedSyncs, requestBytes, responseBytes, maxRequestBytes, maxResponseBytes };
  }
}

/** Shaped like OfficeExtension.Error: name "RichApi.Error", code, message, debugInfo. */
export class FakeOfficeError extends Error {
  override name = 'RichApi.Error';
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(
    readonly code: string,
    message: string,
    errorLocation?: string,
  ) {
    super(message);
    this.debugInfo = { code, message, ...(errorLocation ? { errorLocation } : {}) };
  }
}

export interface FakeExcelHost {
  Excel: typeof Excel;
  Office: typeof Office;
  stats: FakeStats;
  workbook: MemoryWorkbook;
  options: Required<Omit<FakeExcelOptions, 'failAtSync'>> & { failAtSync?: number | number[] };
}

export function apiAtLeast(have: string, want: string): boolean {
  const a = have.split('.').map(Number), b = want.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0, y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** Create a fake `Excel` + `Office` pair over a workbook. */
export function createFakeExcel(workbook: MemoryWorkbook, opts: FakeExcelOptions = {}): FakeExcelHost {
  const options = {
    api: opts.api ?? '1.18',
    charts: opts.charts ?? true,
    displayLanguage: opts.displayLanguage ?? 'sv-SE',
    payloadLimit: opts.payloadLimit ?? 5_000_000,
    cellReadLimit: opts.cellReadLimit ?? 5_000_000,
    ...(opts.failAtSync !== undefined ? { failAtSync: opts.failAtSync } : {}),
  };
  const stats = new FakeStats();
  const host = { workbook, stats, options };
  const ExcelFake = {
    async run<T>(batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
      if (typeof batch !== 'function') throw new FakeOfficeError('InvalidArgument', 'Excel.run needs a batch function');
      const ctx = new Ctx(host);
      try {
        const out = await batch(ctx as unknown as Excel.RequestContext);
        // Like Office.js, whatever is still queued is sent when the batch ends.
        await ctx.sync();
        return out;
      } finally {
        // Objects die with their Excel.run: a proxy used after the batch has settled (resolved
        // or rejected) fails with InvalidObjectPath at its next sync, unless it was added to
        // context.trackedObjects (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-advanced-concepts#request-context).
        ctx.dead = true;
      }
    },
    ...(options.charts ? { ChartType: { barClustered: 'BarClustered', columnClustered: 'ColumnClustered', pie: 'Pie', line: 'Line' } } : {}),
    ErrorCodes: {
      generalException: 'GeneralException',
      itemNotFound: 'ItemNotFound',
      invalidArgument: 'InvalidArgument',
      itemAlreadyExists: 'ItemAlreadyExists',
      requestPayloadSizeLimitExceeded: 'RequestPayloadSizeLimitExceeded',
      responsePayloadSizeLimitExceeded: 'ResponsePayloadSizeLimitExceeded',
      invalidObjectPath: 'InvalidObjectPath',
      apiNotFound: 'ApiNotFound',
      propertyNotLoaded: 'PropertyNotLoaded',
    },
  };
  const OfficeFake = {
    context: {
      displayLanguage: options.displayLanguage,
      requirements: {
        isSetSupported(name: string, version?: string | number): boolean {
          if (name !== 'ExcelApi') return false;
          return apiAtLeast(options.api, version === undefined ? '1.1' : String(version));
        },
      },
    },
    HostType: { Excel: 'Excel' },
    onReady: async () => ({ host: 'Excel', platform: 'OfficeOnline' }),
  };
  return {
    Excel: ExcelFake as unknown as typeof Excel,
    Office: OfficeFake as unknown as typeof Office,
    stats,
    workbook,
    options,
  };
}

// ---------------------------------------------------------------------------------
// Request context and the queue

interface Host {
  workbook: MemoryWorkbook;
  stats: FakeStats;
  options: FakeExcelHost['options'];
}

interface Loaded {
  data: unknown;
  commit: () => void;
}

interface Action {
  desc: unknown;
  run: () => Loaded | void;
}

let nextId = 1;

/** Wire cost of one action besides its payload (conservative: Office.js sends object paths and action envelopes). */
export const ACTION_BYTES = 300;

class Ctx {
  actions: Action[] = [];
  /** Set when the Excel.run that made this context has settled. */
  dead = false;
  readonly workbook: WorkbookP;
  constructor(readonly host: Host) {
    this.workbook = new WorkbookP(this);
  }
  get wb(): MemoryWorkbook {
    return this.host.workbook;
  }
  need(version: string, what: string): void {
    if (!apiAtLeast(this.host.options.api, version))
      throw new FakeOfficeError('ApiNotFound', `${what} needs ExcelApi ${version}; this host has ${this.host.options.api}`);
  }
  queue(desc: unknown, run: () => Loaded | void): void {
    this.actions.push({ desc, run });
  }
  async sync(): Promise<void> {
    if (this.actions.length === 0) return;
    const actions = this.actions;
    this.actions = [];
    const { stats, options } = this.host;
    if (this.dead) {
      await Promise.resolve();
      stats.failedSyncs++;
      throw new FakeOfficeError(
        'InvalidObjectPath',
        `The object path isn't working for what you're trying to do. If you're using the object across multiple "context.sync" calls and outside the sequential execution of a ".run" batch, please use the "context.trackedObjects.add()" and "context.trackedObjects.remove()" methods to manage the object's lifetime.`,
      );
    }
    stats.syncs++;
    const n = stats.syncs;
    // Each action costs its object path and envelope on the wire, a few hundred bytes in
    // Office.js's request format, besides its payload: counted as ACTION_BYTES + the payload's JSON.
    const requestBytes = actions.length * ACTION_BYTES + jsonBytes(actions.map((a) => a.desc));
    const rec: SyncRecord = { requestBytes, responseBytes: 0, actions: actions.length };
    stats.log.push(rec);
    stats.requestBytes += requestBytes;
    stats.maxRequestBytes = Math.max(stats.maxRequestBytes, requestBytes);
    await Promise.resolve();
    const fail = (e: FakeOfficeError): never => {
      stats.failedSyncs++;
      rec.error = e.code;
      throw e;
    };
    if (options.failAtSync === n || (Array.isArray(options.failAtSync) && options.failAtSync.includes(n))) fail(new FakeOfficeError('GeneralException', `An internal error has occurred (injected failure at sync ${n}).`));
    if (requestBytes > options.payloadLimit)
      fail(new FakeOfficeError('RequestPayloadSizeLimitExceeded', `The request payload size (${requestBytes} bytes) has exceeded the limit.`));
    const commits: (() => void)[] = [];
    let responseBytes = 0;
    try {
      this.wb.batch(() => {
        for (const a of actions) {
          const r = a.run();
          if (r) {
            responseBytes += jsonBytes(r.data);
            commits.push(r.commit);
          }
        }
      });
    } catch (e) {
      fail(e instanceof FakeOfficeError ? e : new FakeOfficeError('GeneralException', String((e as Error)?.message ?? e)));
    }
    rec.responseBytes = responseBytes;
    stats.responseBytes += responseBytes;
    stats.maxResponseBytes = Math.max(stats.maxResponseBytes, responseBytes);
    // A response over the limit is refused with its own code (Excel on the web; the error-code
    // table of https://learn.microsoft.com/office/dev/add-ins/testing/application-specific-api-error-handling
    // lists RequestPayloadSizeLimitExceeded and ResponsePayloadSizeLimitExceeded separately).
    // The actions have run by then (a batch is not a transaction).
    if (responseBytes > options.payloadLimit)
      fail(new FakeOfficeError('ResponsePayloadSizeLimitExceeded', `The response payload size (${responseBytes} bytes) has exceeded the limit.`));
    for (const c of commits) c();
  }
  trackedObjects = { add() {}, remove() {} };
}

function notLoaded(prop: string, cls: string): FakeOfficeError {
  return new FakeOfficeError(
    'PropertyNotLoaded',
    `The property '${prop}' of ${cls} is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

const NULL = Symbol('null object');

/** Parse load()'s argument into property names and nested paths. */
function parseLoad(arg: unknown): { props: string[]; nested: Map<string, unknown[]>; all: boolean } {
  const props: string[] = [];
  const nested = new Map<string, unknown[]>();
  let all = false;
  const addPath = (p: string) => {
    const s = p.trim();
    if (!s) return;
    const i = s.indexOf('/');
    if (i < 0) props.push(s);
    else {
      const head = s.slice(0, i);
      const list = nested.get(head) ?? [];
      list.push(s.slice(i + 1));
      nested.set(head, list);
    }
  };
  if (arg === undefined || arg === null) all = true;
  else if (typeof arg === 'string') arg.split(',').forEach(addPath);
  else if (Array.isArray(arg)) arg.forEach((a) => addPath(String(a)));
  else if (typeof arg === 'object') {
    const o = arg as Record<string, unknown>;
    if (typeof o.select === 'string' || typeof o.expand === 'string') {
      if (typeof o.select === 'string') o.select.split(',').forEach(addPath);
      if (typeof o.expand === 'string') o.expand.split(',').forEach((e) => nested.set(e.trim(), [...(nested.get(e.trim()) ?? []), undefined]));
    } else {
      for (const [k, v] of Object.entries(o)) {
        if (v === true) addPath(k);
        else if (v && typeof v === 'object') nested.set(k, [...(nested.get(k) ?? []), v]);
      }
    }
  }
  return { props, nested, all };
}

/** A proxy: the base of every fake client object. T is the store object it stands for. */
abstract class P<T> {
  readonly _id = nextId++;
  /** undefined: not yet instantiated (before its creating action ran); NULL: a null object. */
  protected t: T | typeof NULL | undefined;
  private readonly _vals = new Map<string, unknown>();
  private synced = false;
  private isNull = false;
  protected abstract readonly cls: string;
  protected readonly scalarProps: string[] = [];

  constructor(
    readonly context: Ctx,
    desc: unknown,
    make: (() => T | typeof NULL) | null,
    preset?: T,
  ) {
    if (preset !== undefined) this.t = preset;
    else if (make) context.queue(desc, () => void (this.t = make()));
  }

  protected target(what = 'this operation'): T {
    if (this.t === undefined) throw new FakeOfficeError('GeneralException', `internal: ${this.cls} used before its creating action`);
    if (this.t === NULL) throw new FakeOfficeError('InvalidOperation', `${what} is not allowed on a null object (${this.cls}).`);
    this.check(this.t);
    return this.t;
  }

  /** Throw ItemNotFound if the target has gone (e.g. its sheet was deleted). */
  protected check(_t: T): void {}

  /** Value of a property at sync time. */
  protected abstract fetch(prop: string, t: T): unknown;

  /** A navigation property for nested loads ("format/fill/color"). */
  protected child(name: string): P<unknown> | undefined {
    const v = (this as unknown as Record<string, unknown>)[name];
    return v instanceof P ? (v as P<unknown>) : undefined;
  }

  load(arg?: unknown): this {
    const { props, nested, all } = parseLoad(arg);
    const list = all ? this.scalarProps : props;
    for (const [name, subs] of nested) {
      const c = this.child(name);
      if (!c) throw new FakeOfficeError('InvalidArgument', `${this.cls} has no navigation property '${name}'`);
      for (const s of subs) c.load(s);
    }
    this.context.queue({ load: this._id, props: list }, () => {
      if (this.t === NULL) return { data: null, commit: () => { this.synced = true; this.isNull = true; } };
      const t = this.target('load');
      const data: Record<string, unknown> = {};
      for (const p of list) data[p] = this.fetch(p, t);
      return {
        data,
        commit: () => {
          this.synced = true;
          this.isNull = false;
          for (const p of list) this._vals.set(p, data[p]);
        },
      };
    });
    return this;
  }

  protected get_<V>(prop: string): V {
    if (!this._vals.has(prop)) {
      if (this.synced && this.isNull)
        throw new FakeOfficeError('PropertyNotLoaded', `The property '${prop}' is not available: this ${this.cls} is a null object.`);
      throw notLoaded(prop, this.cls);
    }
    return this._vals.get(prop) as V;
  }

  /** Used by collection loads to fill items' values without a round trip of their own. */
  _preload(values: Record<string, unknown>): void {
    this.synced = true;
    for (const [k, v] of Object.entries(values)) this._vals.set(k, v);
  }

  protected set_(prop: string, value: unknown, apply: (t: T) => void): void {
    this.context.queue({ set: this._id, prop, value }, () => apply(this.target(`setting ${prop}`)));
  }

  protected call(method: string, args: unknown[], apply: (t: T) => void): void {
    this.context.queue({ call: this._id, method, args }, () => apply(this.target(method)));
  }

  get isNullObject(): boolean {
    if (!this.synced) throw notLoaded('isNullObject', this.cls);
    return this.isNull;
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._vals);
  }
}

class ClientResult<V> {
  private v: V | undefined;
  private done = false;
  constructor(ctx: Ctx, desc: unknown, compute: () => V) {
    ctx.queue(desc, () => {
      const data = compute();
      return { data, commit: () => { this.v = data; this.done = true; } };
    });
  }
  get value(): V {
    if (!this.done) throw notLoaded('value', 'ClientResult');
    return this.v as V;
  }
}

// ---------------------------------------------------------------------------------
// Workbook and worksheets

class WorkbookP extends P<MemoryWorkbook> {
  protected cls = 'Workbook';
  readonly worksheets: WorksheetCollectionP;
  constructor(ctx: Ctx) {
    super(ctx, null, null, ctx.wb);
    this.worksheets = new WorksheetCollectionP(ctx);
  }
  protected fetch(prop: string, t: MemoryWorkbook): unknown {
    if (prop === 'name') return 'Workbook';
    if (prop === 'activeSheetName') return t.activeSheet;
    throw new FakeOfficeError('InvalidArgument', `Workbook.${prop} is not emulated`);
  }
  getSelectedRange(): RangeP {
    return new RangeP(this.context, { m: 'getSelectedRange' }, () => {
      const wb = this.context.wb;
      const sel = wb.selection;
      const name = sel?.sheet ?? wb.activeSheet;
      if (!name) throw new FakeOfficeError('ItemNotFound', 'No selection.');
      return { sheet: wb.sheet(name), rect: parseRange(sel?.range ?? 'A1') };
    });
  }
  getActiveCell(): RangeP {
    return new RangeP(this.context, { m: 'getActiveCell' }, () => {
      const wb = this.context.wb;
      const sel = wb.selection;
      const name = sel?.sheet ?? wb.activeSheet;
      if (!name) throw new FakeOfficeError('ItemNotFound', 'No active cell.');
      const r = parseRange(sel?.range ?? 'A1');
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
    return (this.notesP ??= new NoteCollectionP(this.context, null));
  }
  private commentsP?: CommentCollectionP;
  get comments(): CommentCollectionP {
    this.context.need('1.10', 'workbook.comments');
    return (this.commentsP ??= new CommentCollectionP(this.context, null));
  }
}

const BAD_NAME = /[[\]:*?/\\]/;

class WorksheetCollectionP extends P<MemoryWorkbook> {
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
      if (!n || n.length > 31 || BAD_NAME.test(n) || n.startsWith("'") || n.endsWith("'"))
        throw new FakeOfficeError('InvalidArgument', `The argument is invalid or missing or has an incorrect format. (sheet name '${n}')`);
      if (wb.getSheet(n)) throw new FakeOfficeError('ItemAlreadyExists', `A resource with the same name or identifier already exists. (worksheet '${n}')`);
      return wb.addSheet(n);
    });
  }
  getCount(): ClientResult<number> {
    return new ClientResult(this.context, { m: 'worksheets.getCount' }, () => this.context.wb.sheets.length);
  }
}

function sheetProp(wb: MemoryWorkbook, s: MemorySheet, p: string, i?: number): unknown {
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

class WorksheetP extends P<MemorySheet> {
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
      if (!v || v.length > 31 || BAD_NAME.test(v)) throw new FakeOfficeError('InvalidArgument', `Bad sheet name '${v}'`);
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
  private notesP?: NoteCollectionP;
  get notes(): NoteCollectionP {
    this.context.need('1.18', 'worksheet.notes');
    return (this.notesP ??= new NoteCollectionP(this.context, this));
  }
  private commentsP?: CommentCollectionP;
  get comments(): CommentCollectionP {
    this.context.need('1.10', 'worksheet.comments');
    return (this.commentsP ??= new CommentCollectionP(this.context, this));
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
class PageLayoutP extends P<null> {
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

function rangeOrThrow(local: string): Rect {
  try {
    return parseRange(local);
  } catch {
    throw new FakeOfficeError('InvalidArgument', `The argument is invalid or missing or has an incorrect format. (address '${local}')`);
  }
}

function validRect(r: Rect): void {
  if (!(r.top >= 0 && r.left >= 0 && r.bottom >= r.top && r.right >= r.left && r.bottom < MAX_ROWS && r.right < MAX_COLS))
    throw new FakeOfficeError('InvalidArgument', `The argument is invalid or missing or has an incorrect format. (rows ${r.top}..${r.bottom}, columns ${r.left}..${r.right})`);
}

// ---------------------------------------------------------------------------------
// Ranges

interface RangeT {
  sheet: MemorySheet;
  rect: Rect;
}

const rows = (r: Rect) => r.bottom - r.top + 1;
const cols = (r: Rect) => r.right - r.left + 1;

/** Stored cells inside a rect, without scanning a huge empty rectangle. */
function storedIn(s: MemorySheet, r: Rect): { row: number; col: number; cell: Cell }[] {
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

function forEachCell(r: Rect, f: (row: number, col: number, i: number, j: number) => void): void {
  for (let i = r.top; i <= r.bottom; i++) for (let j = r.left; j <= r.right; j++) f(i, j, i - r.top, j - r.left);
}

function grid<V>(r: Rect, f: (row: number, col: number) => V): V[][] {
  const out: V[][] = new Array(rows(r));
  for (let i = 0; i < rows(r); i++) {
    const line: V[] = new Array(cols(r));
    for (let j = 0; j < cols(r); j++) line[j] = f(r.top + i, r.left + j);
    out[i] = line;
  }
  return out;
}

/** Excel's serial day number of a date (1900 system; serial 1 = 1900-01-01, with its fictitious 29 Feb 1900). */
function serial(y: number, m: number, d: number): number | null {
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
function coerce(v: unknown, format: string): Partial<Cell> | undefined {
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

function shapeOf(v: unknown, r: Rect, what: string): 'scalar' | 'grid' {
  if (!Array.isArray(v)) return 'scalar';
  if (v.length === rows(r) && v.every((line) => Array.isArray(line) && line.length === cols(r))) return 'grid';
  if (v.length === 1 && Array.isArray(v[0]) && v[0].length === 1) return 'grid';
  throw new FakeOfficeError(
    'InvalidArgument',
    `The number of rows or columns in the input array doesn't match the size or dimensions of the range. (${what}: ${rows(r)}×${cols(r)})`,
  );
}

function at(v: unknown, i: number, j: number, kind: 'scalar' | 'grid'): unknown {
  if (kind === 'scalar') return v;
  const g = v as unknown[][];
  return g.length === 1 && g[0]!.length === 1 ? g[0]![0] : g[i]![j];
}

class RangeP extends P<RangeT> {
  protected cls = 'Range';
  protected override scalarProps = ['address', 'rowIndex', 'columnIndex', 'rowCount', 'columnCount', 'cellCount', 'values', 'numberFormat'];
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
      case 'values':
        return tooBig ? null : grid(r, (i, j) => s.get(i, j).value ?? '');
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
      forEachCell(r, (row, col, i, j) => {
        const p = at(props, i, j, 'grid') as { format?: { fill?: { color?: string; pattern?: string }; font?: { bold?: boolean } } } | null;
        const fill = p?.format?.fill;
        if (fill?.pattern === 'None') s.set(row, col, { fill: null });
        else if (fill?.color !== undefined) s.set(row, col, { fill: fill.color });
        if (p?.format?.font?.bold !== undefined) s.set(row, col, { bold: p.format.font.bold });
      });
    });
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

function overlaps(a: Rect, b: Rect): boolean {
  return a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
}

function cellProps(s: MemorySheet, row: number, col: number, opts: Record<string, unknown>): Record<string, unknown> {
  const c = s.get(row, col);
  const o: Record<string, unknown> = {};
  if (opts.address) o.address = `${quoteSheet(s.name)}!${cellAddress(row, col)}`;
  const f = opts.format as Record<string, unknown> | undefined;
  if (f) {
    const fo: Record<string, unknown> = {};
    const fill = f.fill as Record<string, unknown> | undefined;
    if (fill) {
      const fl: Record<string, unknown> = {};
      // Like Excel: a cell without fill reports white with pattern "None".
      if (fill.color) fl.color = c.fill ?? '#FFFFFF';
      if (fill.pattern) fl.pattern = c.fill === null ? 'None' : 'Solid';
      fo.fill = fl;
    }
    const font = f.font as Record<string, unknown> | undefined;
    if (font) fo.font = font.bold ? { bold: !!c.bold } : {};
    o.format = fo;
  }
  return o;
}

class RangeAreasP extends P<{ sheet: MemorySheet; areas: Rect[] }> {
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
abstract class RangeChild extends P<RangeT> {
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

class RangeFormatP extends RangeChild {
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

class RangeFillP extends RangeChild {
  protected cls = 'RangeFill';
  protected override scalarProps = ['color'];
  protected fetch(prop: string, { sheet: s, rect: r }: RangeT): unknown {
    if (prop === 'color' || prop === 'pattern') {
      const seen = new Set<string | null>();
      const area = rows(r) * cols(r);
      const stored = storedIn(s, r);
      for (const { cell } of stored) seen.add(cell.fill);
      if (stored.length < area) seen.add(null);
      if (seen.size !== 1) return null;
      const f = [...seen][0]!;
      if (prop === 'pattern') return f === null ? 'None' : 'Solid';
      return f ?? '#FFFFFF';
    }
    throw new FakeOfficeError('InvalidArgument', `RangeFill.${prop} is not emulated`);
  }
  get color(): string | null {
    return this.get_('color');
  }
  set color(v: string) {
    this.set_('color', v, ({ sheet: s, rect: r }) => {
      const f = normFill(v);
      if (f === null || !/^#[0-9A-F]{6}$/.test(f)) throw new FakeOfficeError('InvalidArgument', `The fake host takes colours as #RRGGBB, not '${v}'`);
      forEachCell(r, (row, col) => s.set(row, col, { fill: f }));
    });
  }
  clear(): void {
    this.call('fill.clear', [], ({ sheet: s, rect: r }) => {
      for (const { row, col } of storedIn(s, r)) s.set(row, col, { fill: null });
    });
  }
}

class RangeFontP extends RangeChild {
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

class DataValidationP extends RangeChild {
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

// ---------------------------------------------------------------------------------
// Notes (ExcelApi 1.18) and comments (1.10)

interface CellRef {
  sheet: MemorySheet;
  row: number;
  col: number;
}

/** Resolve a cell for notes/comments: "D7" on a worksheet collection, "Sheet!D7" (or a Range) on the workbook's. */
function resolveCell(ctx: Ctx, owner: WorksheetP | null, cell: string | RangeP): CellRef {
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

class NoteCollectionP extends P<null> {
  protected cls = 'NoteCollection';
  private itemsV: NoteP[] | undefined;
  constructor(
    ctx: Ctx,
    private readonly owner: WorksheetP | null,
  ) {
    super(ctx, null, null, null);
  }
  protected fetch(): unknown {
    return undefined;
  }
  private all(): CellRef[] {
    const sheets = this.owner ? [this.owner._sheet()] : [...this.context.wb.sheets];
    return sheets.flatMap((sheet) => sheet.entries().filter((e) => e.cell.note !== null).map((e) => ({ sheet, row: e.row, col: e.col })));
  }
  get items(): NoteP[] {
    if (!this.itemsV) throw notLoaded('items', this.cls);
    return this.itemsV;
  }
  override load(arg?: unknown): this {
    const { props, nested } = parseLoad(arg);
    let list = props.filter((p) => p !== 'items');
    for (const [k, v] of nested) if (k === 'items') list = list.concat(v.flatMap((x) => (typeof x === 'string' ? x.split(',') : [])));
    if (list.length === 0) list = ['content'];
    this.context.queue({ load: this._id, items: list }, () => {
      const refs = this.all();
      const data = refs.map((r) => Object.fromEntries(list.map((p) => [p, noteProp(r, p)])));
      return {
        data: { items: data },
        commit: () => {
          this.itemsV = refs.map((r, i) => {
            const n = new NoteP(this.context, null, null, r);
            n._preload(data[i]!);
            return n;
          });
        },
      };
    });
    return this;
  }
  add(cellAddress: string | RangeP, content: string): NoteP {
    return new NoteP(this.context, { m: 'notes.add', cellAddress: cellAddress instanceof RangeP ? cellAddress._id : cellAddress, content }, () => {
      const ref = resolveCell(this.context, this.owner, cellAddress);
      if (ref.sheet.get(ref.row, ref.col).note !== null) throw new FakeOfficeError('InvalidArgument', `The cell ${cellAddressOf(ref)} already has a note.`);
      ref.sheet.set(ref.row, ref.col, { note: String(content) });
      return ref;
    });
  }
  getItem(key: string): NoteP {
    return new NoteP(this.context, { m: 'notes.getItem', key }, () => {
      const ref = resolveCell(this.context, this.owner, key);
      if (ref.sheet.get(ref.row, ref.col).note === null) throw new FakeOfficeError('ItemNotFound', `There is no note at ${key}.`);
      return ref;
    });
  }
  getItemOrNullObject(key: string): NoteP {
    return new NoteP(this.context, { m: 'notes.getItemOrNullObject', key }, () => {
      const ref = resolveCell(this.context, this.owner, key);
      return ref.sheet.get(ref.row, ref.col).note === null ? NULL : ref;
    });
  }
  getCount(): ClientResult<number> {
    return new ClientResult(this.context, { m: 'notes.getCount' }, () => this.all().length);
  }
}

function cellAddressOf(r: CellRef): string {
  return `${quoteSheet(r.sheet.name)}!${cellAddress(r.row, r.col)}`;
}

function noteProp(r: CellRef, p: string): unknown {
  if (p === 'content') return r.sheet.get(r.row, r.col).note;
  if (p === 'authorName') return 'Fake Author';
  if (p === 'visible') return false;
  throw new FakeOfficeError('InvalidArgument', `Note.${p} is not emulated`);
}

class NoteP extends P<CellRef> {
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

class CommentCollectionP extends P<null> {
  protected cls = 'CommentCollection';
  private itemsV: CommentP[] | undefined;
  constructor(
    ctx: Ctx,
    private readonly owner: WorksheetP | null,
  ) {
    super(ctx, null, null, null);
  }
  protected fetch(): unknown {
    return undefined;
  }
  private all(): CellRef[] {
    const sheets = this.owner ? [this.owner._sheet()] : [...this.context.wb.sheets];
    return sheets.flatMap((sheet) => sheet.entries().filter((e) => e.cell.comment !== undefined).map((e) => ({ sheet, row: e.row, col: e.col })));
  }
  get items(): CommentP[] {
    if (!this.itemsV) throw notLoaded('items', this.cls);
    return this.itemsV;
  }
  override load(arg?: unknown): this {
    const { props, nested } = parseLoad(arg);
    let list = props.filter((p) => p !== 'items');
    for (const [k, v] of nested) if (k === 'items') list = list.concat(v.flatMap((x) => (typeof x === 'string' ? x.split(',') : [])));
    if (list.length === 0) list = ['id', 'content'];
    this.context.queue({ load: this._id, items: list }, () => {
      const refs = this.all();
      const data = refs.map((r) => Object.fromEntries(list.map((p) => [p, commentProp(r, p)])));
      return {
        data: { items: data },
        commit: () => {
          this.itemsV = refs.map((r, i) => {
            const n = new CommentP(this.context, null, null, r);
            n._preload(data[i]!);
            return n;
          });
        },
      };
    });
    return this;
  }
  add(cellAddress: string | RangeP, content: string): CommentP {
    return new CommentP(this.context, { m: 'comments.add', cellAddress: cellAddress instanceof RangeP ? cellAddress._id : cellAddress, content }, () => {
      // "If it's a string, it must contain the full address, including the sheet name."
      // (CommentCollection.add, ExcelApi 1.10; https://learn.microsoft.com/javascript/api/excel/excel.commentcollection#excel-excel-commentcollection-add-member(1)),
      // also on a worksheet's collection. Notes take "A1" (NoteCollection.add).
      if (typeof cellAddress === 'string' && splitSheet(cellAddress).sheet === null)
        throw new FakeOfficeError('InvalidArgument', `The argument is invalid or missing or has an incorrect format. (comment address '${cellAddress}' has no sheet name)`);
      const ref = resolveCell(this.context, null, cellAddress);
      if (ref.sheet.get(ref.row, ref.col).comment !== undefined) throw new FakeOfficeError('InvalidArgument', `The cell ${cellAddressOf(ref)} already has a comment.`);
      ref.sheet.set(ref.row, ref.col, { comment: String(content) });
      return ref;
    });
  }
  getItemByCell(cellAddress: string | RangeP): CommentP {
    return new CommentP(this.context, { m: 'comments.getItemByCell', cellAddress: cellAddress instanceof RangeP ? cellAddress._id : cellAddress }, () => {
      const ref = resolveCell(this.context, this.owner, cellAddress);
      if (ref.sheet.get(ref.row, ref.col).comment === undefined) throw new FakeOfficeError('ItemNotFound', `There is no comment at ${String(cellAddress)}.`);
      return ref;
    });
  }
  getCount(): ClientResult<number> {
    return new ClientResult(this.context, { m: 'comments.getCount' }, () => this.all().length);
  }
}

function commentProp(r: CellRef, p: string): unknown {
  if (p === 'content') return r.sheet.get(r.row, r.col).comment;
  if (p === 'id') return `{comment-${r.sheet.name}!${cellAddress(r.row, r.col)}}`;
  if (p === 'authorName') return 'Fake Author';
  if (p === 'resolved') return false;
  throw new FakeOfficeError('InvalidArgument', `Comment.${p} is not emulated`);
}

class CommentP extends P<CellRef> {
  protected cls = 'Comment';
  protected override scalarProps = ['id', 'content', 'authorName'];
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

// ---------------------------------------------------------------------------------
// Tables and charts (just enough: a name over a range; a title over source ranges)

class TableCollectionP extends P<MemorySheet> {
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
      while (all.some(({ t }) => t.name.toLowerCase() === `table${i}`)) i++;
      const spec = { name: `Table${i}`, range: rectAddress(rect), hasHeaders: !!hasHeaders };
      s.tables.push(spec);
      s.touch();
      return { sheet: s, spec };
    });
  }
}

/** workbook.tables: enough to list the names in use. */
class WorkbookTablesP extends P<null> {
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

class TableP extends P<{ sheet: MemorySheet; spec: { name: string; range: string; hasHeaders: boolean } }> {
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
      t.spec.name = v;
      t.sheet.touch();
    });
  }
}

class ChartCollectionP extends P<MemorySheet> {
  protected cls = 'ChartCollection';
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
  add(type: string, sourceData: RangeP, seriesBy?: string): ChartP {
    return new ChartP(this.context, { m: 'charts.add', ws: this.ws._id, type, source: sourceData._id, seriesBy }, () => {
      const s = this.ws._sheet();
      const t = sourceData._t();
      const spec = { type: String(type), title: '', ranges: [rectAddress(t.rect)] };
      s.charts.push(spec);
      s.touch();
      return { sheet: s, spec };
    });
  }
}

type ChartT = { sheet: MemorySheet; spec: { type: string; title: string; ranges: string[] } };

class ChartP extends P<ChartT> {
  protected cls = 'Chart';
  readonly title: ChartTitleP;
  constructor(ctx: Ctx, desc: unknown, make: () => ChartT) {
    super(ctx, desc, make);
    this.title = new ChartTitleP(ctx, this);
  }
  protected fetch(prop: string, t: ChartT): unknown {
    if (prop === 'name') return `Chart ${t.sheet.charts.indexOf(t.spec) + 1}`;
    throw new FakeOfficeError('InvalidArgument', `Chart.${prop} is not emulated`);
  }
  /** @internal */
  _c(): ChartT {
    return this.target();
  }
  setPosition(_start: string, _end?: string): void {
    this.call('chart.setPosition', [_start, _end], () => undefined);
  }
}

class ChartTitleP extends P<ChartT> {
  protected cls = 'ChartTitle';
  protected override scalarProps = ['text'];
  constructor(
    ctx: Ctx,
    private readonly chart: ChartP,
  ) {
    super(ctx, null, null);
  }
  protected override target(): ChartT {
    return this.chart._c();
  }
  protected fetch(prop: string, t: ChartT): unknown {
    if (prop === 'text') return t.spec.title;
    throw new FakeOfficeError('InvalidArgument', `ChartTitle.${prop} is not emulated`);
  }
  get text(): string {
    return this.get_('text');
  }
  set text(v: string) {
    this.set_('text', v, (t) => {
      t.spec.title = String(v);
      t.sheet.touch();
    });
  }
}
