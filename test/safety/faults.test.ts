// Fault injection: for every action that writes (writeSheet of each product sheet, flag,
// re-flag, clearFlags — with notes and with the comments fallback), and for every k from 1
// to the number of syncs the action takes, a fresh copy of the workbook whose k-th sync
// fails — refused whole (the fake host's failAtSync) or half-applied (as a real Excel
// batch can be: it is not a transaction). The action must reject with a WorkbookError
// carrying an Office code, and then either the workbook is exactly as before, or (flag and
// clearFlags, which cannot take back what reached Excel) the error says what may have been
// written and that "Clear flags" undoes it — and it does: clearing gives back the workbook
// as it was before any flag, and a retry of the action succeeds.
import { describe, expect, test } from 'vitest';
import type { MemoryWorkbook, WorkbookJSON } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import { WorkbookError } from '../../addin/workbook/office';
import type { WorkbookPort } from '../../addin/workbook/port';
import { failingPort, filledIndicatorBook, specs, syncsOf, userBook, type FaultMode } from './scenario';

const MODES: FaultMode[] = ['nothing-applied', 'half-applied'];
const counts: string[] = [];

async function expectFailure(p: Promise<unknown>, action: string): Promise<WorkbookError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `${action} should have failed`).toBeInstanceOf(WorkbookError);
  const w = err as WorkbookError;
  expect(w.action).toBe(action);
  expect(w.code).toMatch(/^[A-Z][A-Za-z]+$/);
  return w;
}

describe('writeSheet: a failure at any sync leaves the workbook exactly as before', async () => {
  const all = await specs();
  for (const [kind, spec] of Object.entries(all)) {
    test(`${kind} sheet`, async () => {
      const base = userBook();
      const n = await syncsOf(base, (port) => port.writeSheet(spec));
      expect(n).toBeGreaterThan(0);
      let runs = 0;
      for (const mode of MODES)
        for (let k = 1; k <= n; k++) {
          const wb = base.clone();
          const before = wb.snapshot();
          const { port } = failingPort(wb, k, mode);
          await expectFailure(port.writeSheet(spec), 'writeSheet');
          expect(wb.snapshot(), `${mode}, sync ${k} of ${n}`).toEqual(before);
          // and a retry on a healthy host writes the sheet, under a free name
          const again = await memoryPort(wb).port.writeSheet(spec);
          expect(again.sheet).not.toBe('Utbetalning 1 2026');
          for (const s of before.sheets) expect(wb.snapshot().sheets.find((x) => x.name === s.name)).toEqual(s);
          runs++;
        }
      counts.push(`writeSheet ${kind}: ${n} syncs × ${MODES.length} modes = ${runs} failures`);
    });
  }
});

interface FlagCase {
  name: string;
  api: string;
  /** State before the action, and the state with no flags at all (what Clear flags gives back). */
  setup: () => Promise<{ wb: MemoryWorkbook; unflagged: WorkbookJSON }>;
  action: (port: WorkbookPort) => Promise<unknown>;
  actionName: 'flag' | 'clearFlags';
}

async function flagCases(): Promise<FlagCase[]> {
  const out: FlagCase[] = [];
  for (const api of ['1.18', '1.17']) {
    const { wb: base, sheet, flags } = await filledIndicatorBook(api);
    const unflagged = base.snapshot();
    const flagged = async () => {
      const wb = base.clone();
      await memoryPort(wb, { api }).port.flag(flags);
      return { wb, unflagged };
    };
    // re-flag: the same cells with another severity, plus cells of another sheet (some with the user's own fill/note)
    const more = [
      ...flags.slice(0, 3).map((f) => ({ ...f, severity: 'warning' as const, message: `${f.message} (igen)` })),
      { sheet: 'Annat', cell: 'B3', severity: 'note' as const, message: 'Se avsnitt 6' },
      { sheet: 'Annat', cell: 'C4', severity: 'error' as const, message: 'Fel' },
      { sheet: 'Annat', cell: 'D10', severity: 'warning' as const, message: 'Kommentar?' },
    ];
    out.push(
      { name: `flag (${api})`, api, actionName: 'flag', setup: async () => ({ wb: base.clone(), unflagged }), action: (p) => p.flag(flags) },
      { name: `re-flag (${api})`, api, actionName: 'flag', setup: flagged, action: (p) => p.flag(more) },
      { name: `clearFlags (${api})`, api, actionName: 'clearFlags', setup: flagged, action: (p) => p.clearFlags() },
      { name: `clearFlags of one sheet (${api})`, api, actionName: 'clearFlags', setup: async () => { const s = await flagged(); await memoryPort(s.wb, { api }).port.flag(more.slice(3)); return s; }, action: (p) => p.clearFlags(sheet) },
    );
  }
  return out;
}

describe('flag and clearFlags: a failure at any sync is undone by Clear flags, and the error says so', async () => {
  for (const c of await flagCases()) {
    test(c.name, async () => {
      const probe = await c.setup();
      const n = await syncsOf(probe.wb, c.action, { api: c.api });
      // Syncs a healthy host refuses too (a thread on a cell holding a note the 1.17 host cannot
      // see, issue 9 item 9): the adapter handles that refusal, so a half-applied fault there may
      // be met by the host's own refusal first, and the action then rightly succeeds.
      const healthyRun = memoryPort((await c.setup()).wb, { api: c.api });
      await c.action(healthyRun.port);
      const refusedByHost = new Set(healthyRun.stats.log.flatMap((r, i) => (r.error ? [i + 1] : [])));
      let runs = 0, untouched = 0;
      for (const mode of MODES)
        for (let k = 1; k <= n; k++) {
          const { wb, unflagged } = await c.setup();
          const before = wb.snapshot();
          const { port } = failingPort(wb, k, mode, { api: c.api });
          const outcome = c.action(port).then(
            () => null,
            (e: unknown) => e,
          );
          if ((await outcome) === null && mode === 'half-applied' && refusedByHost.has(k)) {
            await memoryPort(wb, { api: c.api }).port.clearFlags();
            expect(wb.snapshot(), `${mode}, sync ${k} of ${n} (refused by the host too)`).toEqual(unflagged);
            runs++;
            continue;
          }
          const err = await expectFailure(outcome.then((e) => (e === null ? null : Promise.reject(e))), c.actionName);
          const where = `${mode}, sync ${k} of ${n}`;
          if (JSON.stringify(wb.snapshot()) === JSON.stringify(before)) untouched++;
          else {
            // something reached the workbook: the error must say what and how to undo it
            expect(err.partial, where).toBeDefined();
            expect(err.partial!.undo, where).toBe('clearFlags');
            expect(err.message, where).toMatch(/Clear flags/);
          }
          // Clear flags gives back the workbook as it was before any flag …
          const healthy = memoryPort(wb, { api: c.api }).port;
          await healthy.clearFlags();
          expect(wb.snapshot(), where).toEqual(unflagged);
          // … and the action can simply be retried
          const again = await c.setup();
          await c.action(memoryPort(again.wb, { api: c.api }).port);
          runs++;
        }
      counts.push(`${c.name}: ${n} syncs × ${MODES.length} modes = ${runs} failures (${untouched} left the workbook untouched)`);
    });
  }
});

test('counts', () => {
  console.log(`fault injection:\n  ${counts.join('\n  ')}`);
});
