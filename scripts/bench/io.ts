/**
 * Talking to Excel: the product's adapter (addin/workbook/office.ts) against a naive
 * cell-by-cell adapter (scripts/bench/naive.ts), both through the fake Excel host
 * (test/fake-host/), which counts syncs (round trips to Excel) and the
 * JSON bytes of each request and response.
 *
 * For sheets of 1 000, 100 000 and 1 000 000 cells (10 columns): read the sheet, then
 * flag 10 % of its cells in clusters (1–20 rows × 1–3 columns, mixed severities), then
 * (product only: the naive way cannot restore) clear the flags. The naive adapter at
 * 1 000 000 cells is measured on the first SAMPLE cells (flags) and scaled linearly;
 * its cost per cell is constant (one sync per cell), so the scaling is exact in syncs
 * and bytes up to the per-cell variation of the sample, and approximate in time.
 *
 * Time is the fake host's and the adapter's CPU time on this machine, with no network:
 * in Excel on the web every sync is also a round trip, so the sync count is what a
 * user feels.
 */
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../../test/fake-host/memory-port';
import { createFakeExcel } from '../../test/fake-host/index';
import { cellAddress } from '../../addin/core/a1';
import type { CellValue, Flag, Severity } from '../../addin/workbook/port';
import { NaiveWorkbook } from './naive';
import { bytes, isMain, main, ms, n, ratio, rng, table, type BenchRow } from './common';

export const SIZES = [1_000, 100_000, 1_000_000];
export const COLUMNS = 10;
/** Naive operations measured at most, per action; beyond it the naive figures are scaled linearly. */
export const SAMPLE = 100_000;
export const FLAG_SHARE = 0.1;
/** Round-trip time assumed for the "at 20 ms a sync" column: a fast Excel on the web connection. */
export const RTT_MS = 20;

const REGIONS = ['Region Stockholm', 'Region Uppsala', 'Region Sörmland', 'Region Östergötland', 'Region Jönköpings län', 'Region Kronoberg', 'Region Kalmar län', 'Region Gotland', 'Region Blekinge', 'Region Skåne', 'Region Halland', 'Västra Götalandsregionen', 'Region Värmland', 'Region Örebro län', 'Region Västmanland', 'Region Dalarna', 'Region Gävleborg', 'Region Västernorrland', 'Region Jämtland Härjedalen', 'Region Västerbotten', 'Region Norrbotten'];
const HEADER = ['Region', 'Län', 'Befolkning', 'Andel', 'Belopp (kr)', 'PREM', 'År', 'Kvartal', 'Kommentar', 'Klar'];

/** A sheet "Data" of `cells` cells: a header and rows of text, whole numbers, fractions, booleans, with number formats. */
export function makeWorkbook(cells: number): MemoryWorkbook {
  const rows = Math.max(2, Math.round(cells / COLUMNS));
  const wb = new MemoryWorkbook();
  const s = wb.addSheet('Data');
  wb.batch(() => {
    HEADER.forEach((h, j) => s.set(0, j, { value: h, bold: true }));
    for (let i = 1; i < rows; i++) {
      const line: CellValue[] = [REGIONS[i % 21]!, String((i % 21) + 1).padStart(2, '0'), 100_000 + ((i * 7919) % 2_400_000), ((i * 37) % 1000) / 1000, 1_000_000 + i * 3, i % 3 === 0 ? 'ja' : 'nej', 2026, (i % 4) + 1, `rad ${i}`, i % 2 === 0];
      line.forEach((v, j) => {
        const patch: Parameters<typeof s.set>[2] = { value: v };
        if (j === 1) patch.numberFormat = '@';
        if (j === 2 || j === 4) patch.numberFormat = '#,##0';
        if (j === 3) patch.numberFormat = '0.0%';
        s.set(i, j, patch);
      });
    }
  });
  return wb;
}

const MESSAGES: Record<Severity, string> = {
  error: 'Beloppet stämmer inte med överenskommelsen: 11 904 762 kr väntat (avsnitt 5.3, ”fördelas … utifrån befolkningsmängd”).',
  warning: 'Andelen ligger under målet om 70 procent (avsnitt 4.2).',
  note: 'Befolkning enligt SCB 2024-12-31; kontrollera att rätt tabell används.',
};

/** ~share of the data cells, in clusters of 1–20 rows × 1–3 columns, each cluster one severity; deterministic. */
export function makeFlags(cells: number, share = FLAG_SHARE, seed = 4): Flag[] {
  const rows = Math.max(2, Math.round(cells / COLUMNS));
  const target = Math.round(cells * share);
  const r = rng(seed);
  const taken = new Set<number>();
  const flags: Flag[] = [];
  const sev: Severity[] = ['error', 'warning', 'note'];
  while (flags.length < target) {
    const top = 1 + Math.floor(r() * (rows - 1));
    const left = Math.floor(r() * COLUMNS);
    const h = 1 + Math.floor(r() * 20);
    const w = 1 + Math.floor(r() * 3);
    const severity = sev[Math.floor(r() * 3)]!;
    for (let i = top; i < Math.min(rows, top + h) && flags.length < target; i++)
      for (let j = left; j < Math.min(COLUMNS, left + w) && flags.length < target; j++) {
        const k = i * COLUMNS + j;
        if (taken.has(k)) continue;
        taken.add(k);
        flags.push({ sheet: 'Data', cell: cellAddress(i, j), severity, message: MESSAGES[severity] });
      }
  }
  // Findings come in sheet order from an audit.
  return flags.sort((a, b) => parseInt(a.cell.replace(/^[A-Z]+/, ''), 10) - parseInt(b.cell.replace(/^[A-Z]+/, ''), 10));
}

async function timed<T>(f: () => Promise<T>): Promise<{ out: T; ms: number }> {
  const t0 = performance.now();
  const out = await f();
  return { out, ms: performance.now() - t0 };
}

export async function run(opts: { sizes?: number[]; sample?: number; log?: (s: string) => void } = {}): Promise<BenchRow[]> {
  const sizes = opts.sizes ?? SIZES;
  const sample = opts.sample ?? SAMPLE;
  const log = opts.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const out: BenchRow[] = [];
  for (const cells of sizes) {
    const flags = makeFlags(cells);
    // --- the product's adapter
    const wb = makeWorkbook(cells);
    const { port, stats } = memoryPort(wb);
    const product: Record<string, BenchRow> = {};
    const measure = async (name: string, ops: number, f: () => Promise<unknown>) => {
      stats.reset();
      const t = await timed(f);
      const row: BenchRow = { section: 'io', name, adapter: 'product', cells, ops, syncs: stats.syncs, requestBytes: stats.requestBytes, responseBytes: stats.responseBytes, ms: t.ms, perSecond: ops / (t.ms / 1000), unit: 'cells/s' };
      if (stats.failedSyncs > 0) row.note = `${stats.failedSyncs} sync(s) refused and retried`;
      product[name] = row;
      out.push(row);
      log(`io: product ${name} ${n(cells)} cells: ${stats.syncs} syncs, ${ms(t.ms)}`);
    };
    await measure('read', cells, () => port.readSheet('Data'));
    await measure('flag', flags.length, () => port.flag(flags));
    await measure('clear', flags.length, () => port.clearFlags());

    // --- the naive adapter, on a fresh copy (sampled beyond `sample` operations)
    const nwb = makeWorkbook(cells);
    const host = createFakeExcel(nwb);
    const naive = new NaiveWorkbook(host);
    const nmeasure = async (name: string, total: number, f: (limit: number) => Promise<number>) => {
      host.stats.reset();
      const limit = Math.min(total, sample);
      const t = await timed(() => f(limit));
      const done = t.out;
      const factor = total / done;
      const s = host.stats;
      const row: BenchRow = {
        section: 'io', name, adapter: 'naive', cells, ops: total,
        syncs: Math.round(s.syncs * factor), requestBytes: Math.round(s.requestBytes * factor), responseBytes: Math.round(s.responseBytes * factor),
        ms: t.ms * factor, perSecond: done / (t.ms / 1000), unit: 'cells/s',
      };
      if (factor !== 1) {
        row.extrapolated = { sampleOps: done, factor };
        row.note = `measured on the first ${n(done)} of ${n(total)} cells, scaled ×${n(factor, 1)}`;
      }
      const p = product[name]!;
      row.ratio = { syncs: row.syncs! / p.syncs!, requestBytes: row.requestBytes! / p.requestBytes!, ms: row.ms! / p.ms! };
      out.push(row);
      log(`io: naive ${name} ${n(cells)} cells: ${n(row.syncs)} syncs, ${ms(row.ms)}${factor !== 1 ? ' (extrapolated)' : ''}`);
    };
    await nmeasure('read', cells, async (limit) => (await naive.readSheet('Data', limit)).cells);
    await nmeasure('flag', flags.length, (limit) => naive.flag(flags, limit));
  }
  return out;
}

export function format(rows: BenchRow[]): string {
  const io = rows.filter((r) => r.section === 'io');
  const body = io.map((r) => [
    `${r.name} ${n(r.cells)}`,
    r.adapter ?? '',
    n(r.ops),
    n(r.syncs),
    bytes(r.requestBytes),
    bytes(r.responseBytes),
    ms(r.ms) + (r.extrapolated ? '*' : ''),
    r.syncs !== undefined ? ms(r.syncs * RTT_MS) : '–',
    n(r.perSecond),
    r.ratio ? ratio(r.ratio.syncs) : '',
    r.ratio ? ratio(r.ratio.requestBytes) : '',
    r.ratio ? ratio(r.ratio.ms) : '',
  ]);
  const sampled = io.filter((r) => r.extrapolated);
  return [
    'Talking to Excel: the product\'s adapter vs a naive cell-by-cell adapter, through the fake Excel host',
    `(sheets of 10 columns; flag = ${FLAG_SHARE * 100} % of the cells in clusters of 1–20 rows × 1–3 columns; clear restores them)`,
    '',
    table(
      ['action, sheet size', 'adapter', 'cells touched', 'syncs', 'request', 'response', 'time', `at ${RTT_MS} ms/sync`, 'cells/s', '× syncs', '× request', '× time'],
      body,
    ),
    '',
    `time: the adapter's and the fake host's CPU time here, no network. "at ${RTT_MS} ms/sync": the round trips alone at ${RTT_MS} ms each (Excel on the web sends every sync over the network).`,
    '× columns: naive ÷ product for the same sheet and action. The product\'s flags carry more bytes than the naive ones (× request < 1): before marking a cell it reads its fill and note and saves them in the flag registry, so Clear flags can restore them; the naive way cannot. Without a network the fake host makes the naive way\'s many tiny syncs cheap, so its CPU time can even be lower; the round trips are what cost in Excel.',
    ...io.filter((r) => r.note && !r.extrapolated).map((r) => `${r.name} ${n(r.cells)} (${r.adapter}): ${r.note} — the host refused a read as over 5 MB; the refused bytes are counted in "response".`),
    ...(sampled.length ? [`* naive rows scaled linearly from a sample: ${sampled.map((r) => `${r.name} ${n(r.cells)}: first ${n(r.extrapolated!.sampleOps)} cells`).join('; ')} (one sync per cell, so cost grows linearly with cells).`] : []),
  ].join('\n');
}

if (isMain(import.meta.url)) await main('io', () => run(), format);
