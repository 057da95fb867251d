// Speed as a tested promise: a generated 100 000 × 10 sheet is read and flagged through
// the fake Excel host in a small, constant number of syncs (not one per row or cell),
// neighbouring flags merge into few ranges, and clearing restores the sheet exactly.
// (Cells per second are printed by `npm run bench`, not timed here.)
import { describe, expect, test } from 'vitest';
import { builtinCatalog } from '../../addin/api';
import { auditGrid, findingsToFlags } from '../../addin/engine/audit';
import { memoryPort } from '../fake-host/memory-port';
import { FLAG_FILLS } from '../../addin/workbook/port';
import { BENCH_LOW_BLOCK, benchWorkbook } from './fixtures';

const ROWS = 100_000;
const COLS = 10;
/** Bytes a read sync may carry (the adapter's chunk target is 4.5 MB; Excel's limit is 5 MB). */
const CHUNK = 4_000_000;

describe(`${ROWS} rows × ${COLS} columns through the fake host`, () => {
  test('read: 1 + ⌈response / 4 MB⌉ syncs at most, none over 5 MB; flag and clear: a few syncs each', async () => {
    const wb = benchWorkbook(ROWS);
    // The sheet's cells as they were (a full snapshot of a million cells is too slow to take twice).
    const cells = wb.sheet('Bench').cells;
    const before = new Map([...cells].map(([k, c]) => [k, { ...c }]));
    const { port, stats } = memoryPort(wb);

    stats.reset();
    const grid = await port.readSheet('Bench');
    expect(grid.values.length).toBe(ROWS);
    expect(grid.values[0]!.length).toBe(COLS);
    const readSyncs = stats.syncs;
    expect(stats.maxResponseBytes).toBeLessThanOrEqual(5_000_000);
    expect(readSyncs).toBeLessThanOrEqual(1 + Math.ceil(stats.responseBytes / CHUNK));
    expect(readSyncs).toBeLessThanOrEqual(8); // ~17 MB of values and formats

    const r = auditGrid(grid, builtinCatalog(), { agreement: '2026' });
    expect(r.cells).toBe(ROWS * COLS);
    const low = r.findings.filter((f) => f.rule === 'svf.inclusion');
    // every 500th row and the block of 1 000 neighbours (grid rows are 1-based data rows + the header)
    expect(low.length).toBe(BENCH_LOW_BLOCK[1] - BENCH_LOW_BLOCK[0] + Math.floor((ROWS - 1) / 500) - 2);
    expect(r.findings.filter((f) => f.rule === 'input.unreadable').length).toBe(9); // #REF! every 10 000 rows
    expect(r.findings.filter((f) => f.rule === 'input.text-number').length).toBe(Math.floor((ROWS - 1) / 997));
    const flags = findingsToFlags(r.findings, 'sv');
    stats.reset();
    const receipt = await port.flag(flags);
    const flagSyncs = stats.syncs;
    expect(receipt.cells).toBe(flags.length);
    expect(flagSyncs).toBeLessThanOrEqual(4);
    expect(stats.maxRequestBytes).toBeLessThanOrEqual(5_000_000);
    // The 1 000 neighbouring inclusion cells are one range.
    expect(receipt.ranges).toBeLessThanOrEqual(receipt.cells - (BENCH_LOW_BLOCK[1] - BENCH_LOW_BLOCK[0] - 1));
    expect(wb.getCell('Bench', `G${BENCH_LOW_BLOCK[0] + 1}`).fill).toBe(FLAG_FILLS.warning);
    expect(wb.getCell('Bench', `G${BENCH_LOW_BLOCK[0] + 1}`).note).toContain('Inklusionen');

    stats.reset();
    const restored = await port.clearFlags();
    expect(restored).toBe(flags.length);
    expect(stats.syncs).toBeLessThanOrEqual(6);
    expect(wb.sheetNames()).toEqual(['Bench']); // the flag registry is gone too
    expect(cells.size).toBe(before.size);
    let changed = 0;
    for (const [k, c] of cells) {
      const b = before.get(k);
      if (!b || b.value !== c.value || b.numberFormat !== c.numberFormat || b.fill !== c.fill || b.note !== c.note || b.bold !== c.bold) changed++;
    }
    expect(changed).toBe(0);
    // For the record (the closing note quotes them).
    console.log(`audit speed test: read ${readSyncs} syncs, flag ${flagSyncs} syncs (${receipt.cells} cells in ${receipt.ranges} ranges), clear ${stats.syncs} syncs`);
  }, 120_000);
});
