/**
 * The worksheet functions (addin/functions): what a recalculation of a sheet of
 * 1 000 =AVTAL.FÖRDELA(…) cells costs, the way Excel calls them (one call per cell).
 *
 *   same table      1 000 cells, distinct recipients (the 21 regions in turn), one pot,
 *                   the agreement's population: the table is computed once
 *   own population  1 000 cells, each with its own population range (Gotland's
 *                   population + i): 1 000 distinct argument sets, 1 000 tables
 *
 * Each row gives the wall time of the 1 000 calls, per cell, and how many tables the
 * memo computed (counted through the injected allocate).
 */
import { allocate, builtinCatalog, type Allocation, type AllocateRequest, type Catalog } from '../../addin/api';
import { createFunctions } from '../../addin/functions/functions';
import { isMain, main, ms, n, table, type BenchRow } from './common';

export const CELLS = 1_000;

export interface FunctionsBenchRow extends Omit<BenchRow, 'section'> {
  section: 'functions';
  tables: number;
}

function counted(): { fns: ReturnType<typeof createFunctions>; tables: () => number } {
  let tables = 0;
  const fns = createFunctions({ allocate: (c: Catalog, r: AllocateRequest): Allocation => (tables++, allocate(c, r)), cacheSize: 2 * CELLS });
  return { fns, tables: () => tables };
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export async function run(opts: { cells?: number } = {}): Promise<FunctionsBenchRow[]> {
  const cells = opts.cells ?? CELLS;
  const catalog = builtinCatalog();
  const regions = catalog.reference.regions.map((r) => r.name);
  const population = catalog.reference.populations.find((p) => p.id === '2024-12-31')!;
  const rows: FunctionsBenchRow[] = [];
  createFunctions().allocate('2026', 'Utbetalning 1', 'Region Gotland'); // warm-up (validates the built-in rule files)

  const fill = (fns: ReturnType<typeof createFunctions>) => {
    for (let i = 0; i < cells; i++) fns.allocate('2026', 'Utbetalning 1', regions[i % regions.length]);
  };
  const a = counted();
  const first = time(() => fill(a.fns));
  rows.push({ section: 'functions', name: 'FÖRDELA same table, first', ops: cells, ms: first, perSecond: cells / (first / 1000), unit: 'cells/s', tables: a.tables(),
    note: `${n(cells)} cells, ${regions.length} recipients in turn, 2026 Utbetalning 1` });
  const again = time(() => fill(a.fns));
  rows.push({ section: 'functions', name: 'FÖRDELA same table, recalc', ops: cells, ms: again, perSecond: cells / (again / 1000), unit: 'cells/s', tables: a.tables() - 1,
    note: 'the same sheet recalculated (memo warm)' });

  const grid = (i: number) => population.rows.map((r) => [catalog.reference.regions.find((x) => x.code === r.code)?.name ?? r.code, Number(r.population) + (r.code === '09' ? i : 0)]);
  const ranges = Array.from({ length: cells }, (_, i) => grid(i));
  const b = counted();
  const own = time(() => {
    for (let i = 0; i < cells; i++) b.fns.allocate('2026', 'Utbetalning 1', 'Region Gotland', ranges[i]);
  });
  rows.push({ section: 'functions', name: 'FÖRDELA own population', ops: cells, ms: own, perSecond: cells / (own / 1000), unit: 'cells/s', tables: b.tables(),
    note: `${n(cells)} cells, each with its own ${population.rows.length}-row population range` });
  return rows;
}

export function format(rows: FunctionsBenchRow[]): string {
  return [
    `Worksheet functions: a recalculation of ${n(CELLS)} =AVTAL.FÖRDELA(…) cells`,
    table(
      ['case', 'cells', 'time', 'per cell', 'tables computed', 'note'],
      rows.map((r) => [r.name, n(r.ops), ms(r.ms), `${n(((r.ms ?? 0) * 1000) / (r.ops ?? 1), 1)} µs`, n(r.tables), r.note ?? '']),
    ),
  ].join('\n');
}

if (isMain(import.meta.url)) void main('functions', run as never, format as never);
