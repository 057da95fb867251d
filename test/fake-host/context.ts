/** The fake host's request context: options and statistics, the action queue, sync accounting (request/response bytes, limits, dead contexts, injected failures, cell-edit mode), the proxy base class and protection guards. */
import { MemoryWorkbook, MemorySheet } from '../../addin/workbook/memory';
import { jsonBytes } from '../../addin/workbook/wire';
import type { WorkbookP } from './workbook';

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
  /**
   * Excel is in cell-edit mode (the user is typing in a cell): every sync rejects with
   * InvalidOperationInCellEditMode, nothing applied. Mutable on `host.options`. Default false.
   */
  cellEditMode?: boolean;
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

// ---------------------------------------------------------------------------------
// Request context and the queue

export interface Host {
  workbook: MemoryWorkbook;
  stats: FakeStats;
  options: FakeExcelHost['options'];
}

export interface Loaded {
  data: unknown;
  commit: () => void;
}

export interface Action {
  desc: unknown;
  run: () => Loaded | void;
}

export let nextId = 1;

let makeWorkbook: ((ctx: Ctx) => WorkbookP) | undefined;
/** Called once by workbook.ts. */
export function registerWorkbook(make: (ctx: Ctx) => WorkbookP): void {
  makeWorkbook = make;
}

/** Wire cost of one action besides its payload (conservative: Office.js sends object paths and action envelopes). */
export const ACTION_BYTES = 300;

export class Ctx {
  actions: Action[] = [];
  /** Set when the Excel.run that made this context has settled. */
  dead = false;
  private workbookP?: WorkbookP;
  constructor(readonly host: Host) {}
  /** context.workbook (made by workbook.ts, which registers itself: no import cycle at load). */
  get workbook(): WorkbookP {
    if (!makeWorkbook) throw new Error('fake host: workbook.ts not loaded');
    return (this.workbookP ??= makeWorkbook(this));
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
    if (options.cellEditMode)
      fail(
        new FakeOfficeError(
          'InvalidOperationInCellEditMode',
          "The operation isn't available while Excel is in Edit cell mode. Exit Edit mode by using the Enter or Tab keys, or by selecting another cell, and then try again.",
        ),
      );
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

export function notLoaded(prop: string, cls: string): FakeOfficeError {
  return new FakeOfficeError(
    'PropertyNotLoaded',
    `The property '${prop}' of ${cls} is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

export const NULL = Symbol('null object');

/** Parse load()'s argument into property names and nested paths. */
export function parseLoad(arg: unknown): { props: string[]; nested: Map<string, unknown[]>; all: boolean } {
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

/** What a protected sheet still allows (and what sheet protection does not govern: the structure's, checked on its own). */
export const UNGUARDED = new Set(['activate', 'select', 'name', 'visibility', 'delete', 'protect', 'unprotect', 'setPrintTitleRows', 'orientation', 'zoom']);

/** The sheet a proxy's target lives on, if any. */
export function sheetOf(t: unknown): MemorySheet | null {
  if (t instanceof MemorySheet) return t;
  const o = t as { sheet?: unknown; ref?: { sheet?: unknown }; chart?: { sheet?: unknown } } | null;
  const s = o?.sheet ?? o?.ref?.sheet ?? o?.chart?.sheet;
  return s instanceof MemorySheet ? s : null;
}

/** A change on a protected sheet is refused with AccessDenied (Review → Protect Sheet; WorksheetProtection, ExcelApi 1.2). */
export function guarded<T>(t: T, what: string): T {
  const s = sheetOf(t);
  if (s?.protected && !UNGUARDED.has(what)) throw protectedSheet(s);
  return t;
}

export function protectedSheet(s: MemorySheet): FakeOfficeError {
  return new FakeOfficeError('AccessDenied', `The cell or chart you're trying to change is on a protected sheet ('${s.name}'). To make a change, unprotect the sheet.`);
}

export function protectedStructure(): FakeOfficeError {
  return new FakeOfficeError('AccessDenied', "The workbook's structure is protected: sheets cannot be added, deleted, renamed or hidden.");
}

/** Excel reserves this sheet name (case-insensitive). */
export const RESERVED_SHEET = 'history';

/** A proxy: the base of every fake client object. T is the store object it stands for. */
export abstract class P<T> {
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
  protected check(_t: T): void {
    void _t;
  }

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
    this.context.queue({ set: this._id, prop, value }, () => apply(guarded(this.target(`setting ${prop}`), prop)));
  }

  protected call(method: string, args: unknown[], apply: (t: T) => void): void {
    this.context.queue({ call: this._id, method, args }, () => apply(guarded(this.target(method), method)));
  }

  get isNullObject(): boolean {
    if (!this.synced) throw notLoaded('isNullObject', this.cls);
    return this.isNull;
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._vals);
  }
}

export class ClientResult<V> {
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
