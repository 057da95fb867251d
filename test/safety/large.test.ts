// Data safety at scale: flags on tens of thousands of cells, where a single read of the
// flagged cells or of the flag registry is over Excel's 5 MB payload limit and the
// registry is rewritten over several syncs. Flagging and clearing must stay under the
// limit, and a failure at any of the registry's write syncs must not lose the previous
// fills and notes it remembers (Clear flags still gives back the workbook as it was).
import { describe, expect, test } from 'vitest';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import { WorkbookError } from '../../addin/workbook/office';
import { cellAddress } from '../../addin/core/a1';
import type { Flag } from '../../addin/workbook/port';
import { failingPort, type FaultMode } from './scenario';

const LIMIT = 5_000_000;
const ROWS = 1_400;
const COLS = 10;
const LONG = 'Beloppet stämmer inte med överenskommelsen: 11 904 762 kr väntat enligt avsnitt 5.3, ”den första utbetalningen fördelas till samtliga regioner utifrån befolkningsmängd” (001_0afe7a3aeed66da6.txt). Kontrollera befolkningstabellen. '.repeat(3).trim();

function book(): MemoryWorkbook {
  const wb = new MemoryWorkbook();
  const s = wb.addSheet('Data');
  wb.batch(() => {
    for (let i = 0; i < ROWS; i++) for (let j = 0; j < COLS; j++) s.set(i, j, { value: j === 0 ? `Region ${i % 21}` : i * COLS + j });
    // the user's own marks on some of the cells that will be flagged
    for (let i = 0; i < ROWS; i += 97) s.set(i, 2, { fill: '#FFFF00', note: `Användarens anteckning ${i}` });
  });
  const b = wb.addSheet('Annat');
  b.set(0, 0, { value: 'x', fill: '#00B050', note: 'min' });
  return wb;
}

/** 12 600 flags in columns B–J of every row, in stripes of severities, with long messages (a registry line is ~750 bytes). */
function bigFlags(): Flag[] {
  const out: Flag[] = [];
  for (let i = 0; i < ROWS; i++)
    for (let j = 1; j < COLS; j++) out.push({ sheet: 'Data', cell: cellAddress(i, j), severity: i % 30 < 10 ? 'error' : i % 30 < 20 ? 'warning' : 'note', message: LONG });
  return out;
}

describe('tens of thousands of flags', () => {
  const base = book();
  const unflagged = base.snapshot();
  const flags = bigFlags();

  test(`flag ${flags.length} cells, re-flag them all, clear: no request over the payload limit, every cell restored`, async () => {
    const flagged = base.clone();
    const { port, stats } = memoryPort(flagged);
    const r = await port.flag(flags);
    expect(r.cells).toBe(flags.length);
    const first = stats.toJSON();
    stats.reset();
    // re-flag: now the registry alone is over a response's 5 MB, so it is read in chunks
    const wb2 = flagged.clone();
    const p2 = memoryPort(wb2);
    await p2.port.flag(flags.map((f) => ({ ...f, severity: 'warning' as const })));
    const second = p2.stats.toJSON();
    const p3 = memoryPort(wb2);
    expect(await p3.port.clearFlags()).toBe(flags.length);
    expect(wb2.snapshot()).toEqual(unflagged);
    const third = p3.stats.toJSON();
    for (const s of [first, second, third]) expect(s.maxRequestBytes).toBeLessThan(LIMIT);
    // Refused (too large) reads are retried in smaller chunks; they cost round trips, so few:
    expect(first.failedSyncs).toBe(0);
    expect(second.failedSyncs).toBeLessThanOrEqual(3); // the registry's optimistic read; the long notes of the re-flagged cells (sizes unknown beforehand)
    expect(third.failedSyncs).toBeLessThanOrEqual(1); // the registry's optimistic read
    console.log(
      `large: flag ${flags.length}: ${first.syncs} syncs (max request ${first.maxRequestBytes}, max response ${first.maxResponseBytes}); ` +
        `re-flag: ${second.syncs} syncs (${second.failedSyncs} refused and retried in chunks); clear: ${third.syncs} syncs (${third.failedSyncs} refused)`,
    );
  }, 120_000);

  test('a failure at any write sync of flag or clearFlags over a multi-sync registry loses nothing', async () => {
    // 2 800 flags with 2 000-character messages (the audit's longest note): a ~6 MB registry, rewritten over several syncs
    const small0 = new MemoryWorkbook();
    const d = small0.addSheet('Data');
    small0.batch(() => {
      for (let i = 0; i < ROWS; i++) for (let j = 0; j < 4; j++) d.set(i, j, { value: i * 4 + j, ...(i % 97 === 0 && j === 2 ? { fill: '#FFFF00', note: `Användarens anteckning ${i}` } : {}) });
    });
    small0.addSheet('Annat').set(0, 0, { value: 'x', fill: '#00B050', note: 'min' });
    const unflagged = small0.snapshot();
    const unflaggedJSON = JSON.stringify(unflagged);
    const flagged = small0.clone();
    const huge = LONG.repeat(3).slice(0, 2000);
    await memoryPort(flagged).port.flag(flags.filter((f) => /^[BC]\d/.test(f.cell)).map((f) => ({ ...f, message: huge })));
    const small: Flag[] = [
      { sheet: 'Annat', cell: 'A1', severity: 'error', message: 'Fel' },
      { sheet: 'Annat', cell: 'B2', severity: 'note', message: 'Obs' },
    ];
    const actions: { name: 'flag' | 'clearFlags'; run: (p: ReturnType<typeof memoryPort>['port']) => Promise<unknown> }[] = [
      { name: 'flag', run: (p) => p.flag(small) },
      { name: 'clearFlags', run: (p) => p.clearFlags('Annat') },
    ];
    const withSmall = flagged.clone();
    await memoryPort(withSmall).port.flag(small);
    const lines: string[] = [];
    for (const a of actions) {
      const start = a.name === 'flag' ? flagged : withSmall;
      const probe = memoryPort(start.clone());
      await a.run(probe.port);
      const log = probe.stats.log;
      // the write syncs: those after the last read (the registry's rewrite, the fills and notes)
      const firstWrite = log.findIndex((l) => l.requestBytes > 500_000) + 1;
      const writes = Array.from({ length: log.length - firstWrite + 1 }, (_, i) => firstWrite + i);
      expect(firstWrite).toBeGreaterThan(0);
      expect(writes.length).toBeGreaterThanOrEqual(2); // the registry alone takes two syncs
      for (const mode of ['nothing-applied', 'half-applied'] as FaultMode[])
        for (const k of writes) {
          const wb = start.clone();
          const err = await a.run(failingPort(wb, k, mode).port).then(() => null, (e: unknown) => e);
          expect(err).toBeInstanceOf(WorkbookError);
          expect((err as WorkbookError).partial?.undo).toBe('clearFlags');
          await memoryPort(wb).port.clearFlags();
          const after = wb.snapshot();
          if (JSON.stringify(after) !== unflaggedJSON) expect(after, `${a.name}, ${mode}, sync ${k}`).toEqual(unflagged);
        }
      lines.push(`${a.name}: failures at write syncs ${writes.join(', ')} of ${log.length}, 2 modes`);
    }
    console.log(`large registry faults: ${lines.join('; ')}`);
  }, 240_000);
});
