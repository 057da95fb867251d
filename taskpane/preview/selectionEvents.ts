import type { MemoryWorkbook } from '../../addin/workbook/memory';
import type { WorkbookPort } from '../../addin/workbook/port';

/**
 * The preview's port with selection events: whatever port the preview uses (the Office.js
 * adapter over the fake host, or a direct in-memory port), plus `onSelectionChanged` fired
 * when the grid's selection (sheet or range) changes — by a click in the grid or by the
 * pane's own select. Every other member is the wrapped port's, unchanged.
 * `events: false` leaves the event out, as in an Excel without ExcelApi 1.2.
 */
export function withSelectionEvents(port: WorkbookPort, workbook: MemoryWorkbook, events = true): WorkbookPort {
  if (!events) return port;
  const key = () => {
    const s = workbook.selection;
    return s ? `${s.sheet}\u0000${s.range}` : `${workbook.activeSheet ?? ''}\u0000`;
  };
  const onSelectionChanged = (handler: () => void): Promise<() => void> => {
    let last = key();
    const off = workbook.onChange(() => {
      const now = key();
      if (now === last) return;
      last = now;
      handler();
    });
    return Promise.resolve(() => void off());
  };
  return new Proxy(port, {
    get(target, prop, receiver) {
      if (prop === 'onSelectionChanged') return onSelectionChanged;
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
    has(target, prop) {
      return prop === 'onSelectionChanged' || Reflect.has(target, prop);
    },
  });
}
