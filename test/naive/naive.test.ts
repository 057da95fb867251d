// The benchmark's naive adapter is a fair opponent: it reads the same values and sets the
// same fills and notes as the product's adapter, just one cell (and one sync) at a time.
// And the bench sections keep working (a small run of each, as `npm run bench` calls them).
import { describe, expect, test } from 'vitest';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import { createFakeExcel } from '../fake-host/index';
import { FLAG_FILLS } from '../../addin/workbook/port';
import { NaiveWorkbook } from '../../scripts/bench/naive';
import { makeFlags, makeWorkbook, run as runIo, format as formatIo } from '../../scripts/bench/io';
import { run as runEngine, format as formatEngine } from '../../scripts/bench/engine';
import { run as runBundle } from '../../scripts/bench/bundle';

describe('the naive adapter', () => {
  test('reads what the product reads, one sync per cell', async () => {
    const wb = makeWorkbook(1_000);
    const product = await memoryPort(wb).port.readSheet('Data');
    const host = createFakeExcel(wb);
    const naive = await new NaiveWorkbook(host).readSheet('Data');
    expect(naive.values).toEqual(product.values);
    expect(host.stats.syncs).toBe(1 + 1_000);
  });

  test('flags what the product flags (fills and notes), one sync per cell', async () => {
    const flags = makeFlags(1_000);
    expect(flags.length).toBe(100);
    const a = makeWorkbook(1_000), b = makeWorkbook(1_000);
    await memoryPort(a).port.flag(flags);
    const host = createFakeExcel(b);
    expect(await new NaiveWorkbook(host).flag(flags)).toBe(100);
    expect(host.stats.syncs).toBe(100);
    for (const f of flags) {
      expect(b.getCell('Data', f.cell)).toMatchObject({ fill: FLAG_FILLS[f.severity], note: f.message });
      expect(b.getCell('Data', f.cell)).toEqual(a.getCell('Data', f.cell));
    }
  });

  test('flags come in clusters: far fewer fill ranges than cells', async () => {
    const flags = makeFlags(100_000);
    expect(flags.length).toBe(10_000);
    const { port } = memoryPort(MemoryWorkbook.fromArrays({ Data: [['x']] }));
    const receipt = await port.flag(flags);
    expect(receipt.ranges).toBeLessThan(flags.length / 4);
  }, 30_000);
});

describe('bench sections (small runs)', () => {
  test('io: product and naive rows with ratios, sampled naive rows say so', async () => {
    const rows = await runIo({ sizes: [1_000], sample: 500, log: () => {} });
    const naive = rows.filter((r) => r.adapter === 'naive');
    expect(naive.map((r) => r.name)).toEqual(['read', 'flag']);
    for (const r of naive) expect(r.ratio!.syncs).toBeGreaterThan(10);
    expect(naive[0]!.extrapolated).toMatchObject({ sampleOps: 500, factor: 2 });
    expect(formatIo(rows)).toMatch(/scaled linearly/);
  });

  test('engine: allocations and condition evaluations per second', async () => {
    const rows = await runEngine({ scenarios: 10, allocateMs: 20 });
    expect(rows.find((r) => r.name === 'allocate')!.perSecond).toBeGreaterThan(0);
    expect(rows.some((r) => r.name.startsWith('evaluate '))).toBe(true);
    expect(formatEngine(rows)).toMatch(/conditions\/s/);
  });

  test('bundle: sizes and gzip sizes of the built files, and what taskpane.html loads', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'bench-dist-'));
    writeFileSync(join(dir, 'taskpane.abc.js'), 'x'.repeat(10_000));
    writeFileSync(join(dir, 'preview.abc.js'), 'y'.repeat(20_000));
    writeFileSync(join(dir, 'taskpane.html'), '<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script><script defer src="taskpane.abc.js"></script>');
    const rows = await runBundle({ dist: dir, log: () => {} });
    expect(rows.map((r) => [r.name, r.bytes])).toEqual([['preview.abc.js', 20_000], ['taskpane.abc.js', 10_000], ['taskpane.html loads', 10_000]]);
    expect(rows[1]!.gzipBytes).toBeLessThan(200);
  });
});
