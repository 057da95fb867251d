/**
 * A fake Excel JavaScript API host over a MemoryWorkbook (a test double: the tests, the
 * browser preview, the benches; until the direct port lands, the CLI through memory-port.ts): the subset of `Excel` and
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
 * One module per Office object: context.ts (request context, the queue, sync accounting,
 * the proxy base class), workbook.ts (Workbook, protection, defined names), worksheet.ts
 * (worksheets, page layout), range.ts (Range and its format, fill, font, validation,
 * conditional formats, RangeAreas), comments.ts (notes and threaded comments, one
 * collection class, and replies), tables.ts, charts.ts.
 *
 * Not emulated: calculation (a formula written through `formulas` is recorded on the
 * cell, its value is not recomputed; a string starting with "=" in `values` is text), `text`, styles, borders, fonts other than bold,
 * events, tracked objects, named items beyond their names, RangeAreas beyond addresses,
 * threaded-comment mentions, conditional formats beyond their count, table/chart objects
 * beyond name, title, series and position.
 */
import type { MemoryWorkbook } from '../../addin/workbook/memory';
import { Ctx, FakeOfficeError, FakeStats, apiAtLeast, type FakeExcelHost, type FakeExcelOptions } from './context';
import './workbook'; // registers context.workbook

export { ACTION_BYTES, FakeOfficeError, FakeStats, apiAtLeast, type FakeExcelHost, type FakeExcelOptions, type SyncRecord } from './context';
export { DEFAULT_WIDTH, SV_ERRORS, excelReading } from './range';

/** Create a fake `Excel` + `Office` pair over a workbook. */
export function createFakeExcel(workbook: MemoryWorkbook, opts: FakeExcelOptions = {}): FakeExcelHost {
  const options = {
    api: opts.api ?? '1.18',
    charts: opts.charts ?? true,
    displayLanguage: opts.displayLanguage ?? 'sv-SE',
    payloadLimit: opts.payloadLimit ?? 5_000_000,
    cellReadLimit: opts.cellReadLimit ?? 5_000_000,
    cellEditMode: opts.cellEditMode ?? false,
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
      accessDenied: 'AccessDenied',
      invalidSelection: 'InvalidSelection',
      invalidOperation: 'InvalidOperation',
      invalidOperationInCellEditMode: 'InvalidOperationInCellEditMode',
      unsupportedFillType: 'UnsupportedFillType',
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
