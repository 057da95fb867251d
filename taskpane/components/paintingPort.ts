import type { WorkbookPort } from '../../addin/workbook/port';

/** After the next paint (or 50 ms, when the pane is hidden and frames do not come). */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        resolve();
      }
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(finish, 0));
    setTimeout(finish, 50);
  });
}

function abortError(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const e = new Error('The operation was cancelled');
  e.name = 'AbortError';
  return e;
}

/**
 * The port for a long, cancellable run (Granska): before each read it lets the pane paint
 * (so the progress bar moves and an "Avbryt" click gets through, also over the preview's
 * fake host whose syncs never yield to the browser), and it honours `signal` up to the
 * first write. Once flagging has begun it runs to the end, so a cancel never leaves a
 * workbook half flagged or half cleared: cancelled means nothing was changed.
 */
export function paintingPort(port: WorkbookPort, signal: AbortSignal): WorkbookPort {
  let writing = false;
  const before = async () => {
    if (writing) return;
    await nextPaint();
    if (signal.aborted) throw abortError(signal);
  };
  const beforeWrite = async () => {
    await before();
    writing = true;
  };
  return {
    capabilities: () => port.capabilities(),
    listSheets: async () => (await before(), port.listSheets()),
    activeSheet: async () => (await before(), port.activeSheet()),
    readSheet: async (sheet) => (await before(), port.readSheet(sheet)),
    readSelection: async () => (await before(), port.readSelection()),
    writeSheet: async (spec) => (await beforeWrite(), port.writeSheet(spec)),
    flag: async (flags) => (await beforeWrite(), port.flag(flags)),
    clearFlags: async (sheet) => (await beforeWrite(), port.clearFlags(sheet)),
    select: (sheet, cell) => port.select(sheet, cell),
  };
}
