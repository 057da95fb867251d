/**
 * Shared shapes and printing for the benchmark sections (io, engine, bundle).
 * Each section exports `run(): Promise<BenchRow[]>` (the stable interface that
 * `npm run bench` calls) and `format(rows)` for its readable table; run standalone
 * with `npx tsx scripts/bench/<section>.ts [--json]`.
 */
import os from 'node:os';
import { readFileSync } from 'node:fs';

export interface BenchRow {
  section: 'io' | 'engine' | 'bundle';
  /** What was measured: "read", "flag", "clear", "allocate", "evaluate", "taskpane.js" … */
  name: string;
  /** io: which adapter. */
  adapter?: 'product' | 'naive' | 'direct';
  /** io: cells in the sheet. */
  cells?: number;
  /** Units of work done (cells read, cells flagged, allocations, scenarios). */
  ops?: number;
  syncs?: number;
  requestBytes?: number;
  responseBytes?: number;
  /** Wall time, ms (for extrapolated rows: the sample's time × factor). */
  ms?: number;
  /** ops per second. */
  perSecond?: number;
  unit?: string;
  /** bundle: bytes on disk and gzipped. */
  bytes?: number;
  gzipBytes?: number;
  /** Set when a row was measured on a sample and scaled linearly. */
  extrapolated?: { sampleOps: number; factor: number };
  /** On naive rows: naive ÷ product for the same sheet and action. */
  ratio?: { syncs: number; requestBytes: number; ms: number };
  note?: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  memoryGB: number;
}

export function machine(): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) cpu = m[1].trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  return { cpu, cores: os.availableParallelism?.() ?? os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}`, memoryGB: Math.round(os.totalmem() / 2 ** 30) };
}

/** Thin spaces between thousands, like the product's Swedish figures but readable in any terminal. */
export function n(v: number | undefined, digits = 0): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  const s = v.toFixed(digits);
  const [int, frac] = s.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return frac ? `${grouped}.${frac}` : grouped;
}

export function bytes(v: number | undefined): string {
  if (v === undefined) return '–';
  if (v < 10_000) return `${v} B`;
  if (v < 10_000_000) return `${n(v / 1000, 1)} kB`;
  return `${n(v / 1_000_000, 1)} MB`;
}

export function ms(v: number | undefined): string {
  if (v === undefined) return '–';
  if (v < 10) return `${v.toFixed(2)} ms`;
  if (v < 10_000) return `${n(v)} ms`;
  if (v < 600_000) return `${n(v / 1000, 1)} s`;
  return `${n(v / 60_000, 1)} min`;
}

export function ratio(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  return v >= 100 ? `${n(v)}×` : `${v.toFixed(1)}×`;
}

/** A plain-text table: first column left-aligned, the rest right-aligned. */
export function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  return [line(head), w.map((x) => '─'.repeat(x)).join('  '), ...rows.map(line)].join('\n');
}

/** A deterministic PRNG (mulberry32), so every run measures the same workload. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Run a section standalone: the table, or JSON with --json. */
export async function main(section: string, run: () => Promise<BenchRow[]>, format: (rows: BenchRow[]) => string): Promise<void> {
  const json = process.argv.includes('--json');
  const rows = await run();
  if (json) process.stdout.write(`${JSON.stringify({ section, machine: machine(), rows }, null, 2)}\n`);
  else {
    const m = machine();
    process.stdout.write(`${format(rows)}\n\nMachine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node}, ${m.platform}\n`);
  }
}

/** True when the module is run directly (npx tsx scripts/bench/x.ts), not imported. */
export function isMain(url: string): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return new URL(url).pathname === new URL(`file://${arg.startsWith('/') ? arg : `${process.cwd()}/${arg}`}`).pathname;
  } catch {
    return false;
  }
}
