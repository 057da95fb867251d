// Issue #13 item 3: selection events behind the port. The Office.js adapter registers
// workbook.onSelectionChanged (ExcelApi 1.2) in one sync and removes it in the same context;
// where the host lacks the event it rejects and registers nothing. The preview's wrapper
// fires on the grid's selection changes only, and leaves every other member alone.
import { describe, expect, test, vi } from 'vitest';
import { OfficeWorkbook } from '../../addin/workbook/office';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import { withSelectionEvents } from '../../taskpane/preview/selectionEvents';

/** A minimal Office host with a selection event, counting syncs and contexts. */
function host(opts: { api12: boolean; event: boolean }) {
  const handlers = new Set<() => Promise<unknown>>();
  const contexts: object[] = [];
  let syncs = 0;
  const makeCtx = () => {
    const ctx = {
      sync: async () => void syncs++,
      workbook: opts.event
        ? {
            onSelectionChanged: {
              add(h: () => Promise<unknown>) {
                handlers.add(h);
                return { context: ctx, remove: () => handlers.delete(h) };
              },
            },
          }
        : {},
    };
    contexts.push(ctx);
    return ctx;
  };
  const Excel = {
    run: async (a: unknown, b?: unknown) => {
      const fn = (typeof a === 'function' ? a : b) as (ctx: unknown) => Promise<unknown>;
      const ctx = typeof a === 'function' ? makeCtx() : a;
      return fn(ctx);
    },
  };
  const Office = { context: { requirements: { isSetSupported: (_: string, v: string) => opts.api12 || Number(v.split('.')[1]) < 2 } } };
  return { h: { Excel, Office } as unknown as ConstructorParameters<typeof OfficeWorkbook>[0], handlers, contexts, syncs: () => syncs };
}

describe('OfficeWorkbook.onSelectionChanged', () => {
  test('registers in one sync, fires the handler, removes it in the context it was added in', async () => {
    const x = host({ api12: true, event: true });
    const port = new OfficeWorkbook(x.h);
    const handler = vi.fn();
    const off = await port.onSelectionChanged(handler);
    expect(x.syncs()).toBe(1);
    expect(x.handlers.size).toBe(1);
    for (const h of x.handlers) await h();
    expect(handler).toHaveBeenCalledTimes(1);
    off();
    await new Promise((r) => setTimeout(r, 0));
    expect(x.handlers.size).toBe(0);
    expect(x.contexts.length).toBe(1); // the removal ran in the registration's context
    off(); // a second call does nothing
    expect(x.syncs()).toBe(2);
  });
  test('an Excel without ExcelApi 1.2, or without the event, rejects and registers nothing', async () => {
    for (const o of [{ api12: false, event: true }, { api12: true, event: false }]) {
      const x = host(o);
      await expect(new OfficeWorkbook(x.h).onSelectionChanged(() => {})).rejects.toMatchObject({ code: 'ApiNotFound', action: 'onSelectionChanged' });
      expect(x.handlers.size).toBe(0);
    }
  });
});

describe('the preview port with selection events', () => {
  test('fires when the selection or the sheet changes, not on other edits; unsubscribes', async () => {
    const wb = MemoryWorkbook.fromArrays({ Blad1: [['a', 1]], Blad2: [['b', 2]] });
    const inner = memoryPort(wb).port;
    const port = withSelectionEvents(inner, wb);
    const handler = vi.fn();
    const off = await port.onSelectionChanged!(handler);
    wb.setCell('Blad1', 'A1', { value: 'x' });
    expect(handler).toHaveBeenCalledTimes(0);
    wb.setSelection('Blad1', 'A1:B2');
    expect(handler).toHaveBeenCalledTimes(1);
    wb.setSelection('Blad1', 'A1:B2'); // the same selection again
    expect(handler).toHaveBeenCalledTimes(1);
    await port.select('Blad2', 'B1'); // the pane's own select goes through the wrapped port
    expect(handler).toHaveBeenCalledTimes(2);
    expect((await port.readSelection()).sheet).toBe('Blad2');
    off();
    wb.setSelection('Blad1', 'C3');
    expect(handler).toHaveBeenCalledTimes(2);
  });
  test('without events it is the port itself (no onSelectionChanged)', () => {
    const wb = MemoryWorkbook.fromArrays({ Blad1: [] });
    const inner = memoryPort(wb).port;
    const port = withSelectionEvents(inner, wb, false);
    expect(port).toBe(inner);
    // the fake host has no selection events: the Office adapter over it rejects
    return expect(inner.onSelectionChanged!(() => {})).rejects.toMatchObject({ code: 'ApiNotFound' });
  });
});
