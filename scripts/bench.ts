/**
 * `npm run bench`: the product's figures on this machine.
 *
 * Section "audit" (this file): the engine's audit of a generated 100 000 × 10 sheet
 * (cells per second, the first run and the median of warm runs), the seed fixtures,
 * and the same sheet read, flagged and cleared through the fake Excel host (syncs,
 * bytes, time). Then the sections under scripts/bench/ (io, engine, bundle, corpus, memory: peak
 * RSS of the built CLI auditing generated workbooks, in a child process), each of
 * which exports run() and format().
 *
 *   npm run bench                      every section
 *   npm run bench -- --only audit      one or more sections (comma-separated)
 *   npm run bench -- --json            JSON instead of tables
 *   npm run bench -- --rows 20000      a smaller generated sheet for the audit section
 *   npm run bench:corpus               the audit corpus only (recall, false alarms)
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinCatalog } from '../addin/api';
import { auditGrid, findingsToFlags } from '../addin/engine/audit';
import { memoryPort } from '../test/fake-host/memory-port';
import type { Grid } from '../addin/workbook/port';
import { annexWorkbook, benchGrid, benchWorkbook, jamtlandWorkbook, svfReportWorkbook } from '../test/audit/fixtures';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET = 1_000_000;

export interface AuditBenchRow {
  name: string;
  cells?: number;
  ms: number;
  cellsPerSecond?: number;
  findings?: number;
  syncs?: number;
  requestBytes?: number;
  responseBytes?: number;
  note?: string;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  return v === undefined || v.startsWith('--') ? 'true' : v;
}

function fmt(v: number | undefined, digits = 0): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  const [int, frac] = v.toFixed(digits).split('.');
  const g = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return frac ? `${g}.${frac}` : g;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function gridsOf(wb: ReturnType<typeof annexWorkbook>): Promise<Grid[]> {
  const { port } = memoryPort(wb);
  const out: Grid[] = [];
  for (const s of await port.listSheets()) out.push(await port.readSheet(s));
  return out;
}

export async function runAudit(opts: { rows?: number; warm?: number; log?: (s: string) => void } = {}): Promise<AuditBenchRow[]> {
  const rows = opts.rows ?? 100_000;
  const warm = opts.warm ?? 5;
  const log = opts.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const catalog = builtinCatalog();
  const out: AuditBenchRow[] = [];

  log(`audit: generating ${fmt(rows)} × 10 …`);
  const grid = benchGrid(rows);
  const cells = rows * 10;
  let t = performance.now();
  let r = auditGrid(grid, catalog, { agreement: '2026' });
  const cold = performance.now() - t;
  out.push({ name: `auditGrid ${fmt(rows)}×10, first run`, cells, ms: cold, cellsPerSecond: cells / (cold / 1000), findings: r.findings.length, note: 'includes JIT warm-up and memo fill' });
  const times: number[] = [];
  for (let i = 0; i < warm; i++) {
    t = performance.now();
    r = auditGrid(grid, catalog, { agreement: '2026' });
    times.push(performance.now() - t);
  }
  const med = median(times);
  out.push({ name: `auditGrid ${fmt(rows)}×10, median of ${warm}`, cells, ms: med, cellsPerSecond: cells / (med / 1000), findings: r.findings.length, note: `target ≥ ${fmt(TARGET)} cells/s` });

  for (const [name, wb] of [
    ['seed 004 annex', annexWorkbook()],
    ['seed 000 Jämtland budget', jamtlandWorkbook().workbook],
    ['RCC Norr report (planted faults)', svfReportWorkbook().workbook],
  ] as const) {
    const grids = await gridsOf(wb);
    const n = grids.reduce((s, g) => s + g.values.reduce((x, row) => x + row.length, 0), 0);
    const ts: number[] = [];
    let found = 0;
    for (let i = 0; i < 20; i++) {
      t = performance.now();
      let f = 0;
      for (const g of grids) f += auditGrid(g, catalog).findings.length;
      ts.push(performance.now() - t);
      found = f;
    }
    out.push({ name: `auditGrid ${name}`, cells: n, ms: median(ts), findings: found, note: 'median of 20' });
  }

  log('audit: through the fake Excel host …');
  const wb = benchWorkbook(rows);
  const { port, stats } = memoryPort(wb);
  stats.reset();
  t = performance.now();
  const g = await port.readSheet('Bench');
  out.push({ name: 'readSheet through the fake host', cells, ms: performance.now() - t, syncs: stats.syncs, requestBytes: stats.requestBytes, responseBytes: stats.responseBytes });
  const res = auditGrid(g, catalog, { agreement: '2026' });
  const flags = findingsToFlags(res.findings, 'sv');
  stats.reset();
  t = performance.now();
  const receipt = await port.flag(flags);
  out.push({ name: 'flag findings', cells: receipt.cells, ms: performance.now() - t, syncs: stats.syncs, requestBytes: stats.requestBytes, responseBytes: stats.responseBytes, note: `${fmt(receipt.cells)} cells in ${fmt(receipt.ranges)} fill ranges` });
  stats.reset();
  t = performance.now();
  const restored = await port.clearFlags();
  out.push({ name: 'clearFlags ("Rensa markeringar")', cells: restored, ms: performance.now() - t, syncs: stats.syncs, requestBytes: stats.requestBytes, responseBytes: stats.responseBytes });
  return out;
}

export function formatAudit(rows: AuditBenchRow[]): string {
  const head = ['audit', 'cells', 'ms', 'cells/s', 'findings', 'syncs', 'request', 'response', 'note'];
  const body = rows.map((r) => [
    r.name,
    fmt(r.cells),
    fmt(r.ms, r.ms < 10 ? 2 : 0),
    fmt(r.cellsPerSecond),
    fmt(r.findings),
    fmt(r.syncs),
    r.requestBytes === undefined ? '–' : `${fmt(r.requestBytes / 1000, 1)} kB`,
    r.responseBytes === undefined ? '–' : `${fmt(r.responseBytes / 1000, 1)} kB`,
    r.note ?? '',
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 || i === c.length - 1 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  ').trimEnd();
  return [line(head), w.map((x) => '─'.repeat(x)).join('  '), ...body.map(line)].join('\n');
}

interface Section {
  run: (opts?: Record<string, unknown>) => Promise<unknown[]>;
  format: (rows: never[]) => string;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const only = arg('only')?.split(',').map((s) => s.trim());
  const rowsOpt = arg('rows');
  const want = (s: string) => !only || only.includes(s);
  const results: Record<string, unknown[]> = {};
  const texts: string[] = [];
  if (want('audit')) {
    const rows = await runAudit(rowsOpt ? { rows: Number(rowsOpt) } : {});
    results.audit = rows;
    texts.push(formatAudit(rows));
  }
  for (const name of ['io', 'engine', 'bundle', 'corpus', 'memory', 'functions']) {
    if (!want(name)) continue;
    const file = path.join(ROOT, 'scripts', 'bench', `${name}.ts`);
    if (!existsSync(file)) continue;
    const mod = (await import(`./bench/${name}.ts`)) as Section;
    const rows = await mod.run();
    results[name] = rows;
    texts.push(mod.format(rows as never[]));
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const machine = { cpu, cores: os.availableParallelism?.() ?? os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` };
  if (json) process.stdout.write(`${JSON.stringify({ machine, sections: results }, null, 2)}\n`);
  else process.stdout.write(`${texts.join('\n\n')}\n\nMachine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.platform}\n`);
}

const self = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (self === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
}
