/**
 * The worksheet functions (addin/functions): what a recalculation of a sheet of
 * 1 000 =AVTAL.FÖRDELA(…) cells costs, the way Excel calls them (one call per cell).
 *
 *   same table      1 000 cells, distinct recipients (the 21 regions in turn), one pot,
 *                   the agreement's population: the table is computed once
 *   own population  1 000 cells, each with its own population range (Gotland's
 *                   population + i): 1 000 distinct argument sets, 1 000 tables
 *
 *   preview         the same sheet as the preview calculates it (taskpane/preview/formulas:
 *                   fast-formula-parser parsing each cell's =AVTAL.ALLOCATE(…, A2, $F$2:$G$22),
 *                   the range read from the in-memory workbook): the first calculation, and
 *                   the recalculation after one population cell changed (a new argument set:
 *                   one new table, every other call a cache hit)
 *
 * Each row gives the wall time of the 1 000 calls, per cell, how many tables the memo
 * computed (counted through the injected allocate) and how many calls it served from the
 * memo (cache hits).
 */
import { allocate, builtinCatalog, type Allocation, type AllocateRequest, type Catalog } from '../../addin/api';
import { createFunctions } from '../../addin/functions/functions';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { previewCalculation } from '../../taskpane/preview/formulas';
import { isMain, main, ms, n, table, type BenchRow } from './common';

export const CELLS = 1_000;

export interface FunctionsBenchRow extends Omit<BenchRow, 'section'> {
  section: 'functions';
  tables: number;
  hits: number;
  passes?: number;
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
  rows.push({ section: 'functions', name: 'FÖRDELA same table, first', ops: cells, ms: first, perSecond: cells / (first / 1000), unit: 'cells/s', tables: a.tables(), hits: a.fns.hits,
    note: `${n(cells)} cells, ${regions.length} recipients in turn, 2026 Utbetalning 1` });
  const hits0 = a.fns.hits;
  const again = time(() => fill(a.fns));
  rows.push({ section: 'functions', name: 'FÖRDELA same table, recalc', ops: cells, ms: again, perSecond: cells / (again / 1000), unit: 'cells/s', tables: a.tables() - 1, hits: a.fns.hits - hits0,
    note: 'the same sheet recalculated (memo warm)' });

  const grid = (i: number) => population.rows.map((r) => [catalog.reference.regions.find((x) => x.code === r.code)?.name ?? r.code, Number(r.population) + (r.code === '09' ? i : 0)]);
  const ranges = Array.from({ length: cells }, (_, i) => grid(i));
  const b = counted();
  const own = time(() => {
    for (let i = 0; i < cells; i++) b.fns.allocate('2026', 'Utbetalning 1', 'Region Gotland', ranges[i]);
  });
  rows.push({ section: 'functions', name: 'FÖRDELA own population', ops: cells, ms: own, perSecond: cells / (own / 1000), unit: 'cells/s', tables: b.tables(), hits: b.fns.hits,
    note: `${n(cells)} cells, each with its own ${population.rows.length}-row population range` });

  // The preview's calculation of a sheet of 1 000 FÖRDELA cells over one population range.
  const wb = new MemoryWorkbook();
  const sheet = wb.addSheet('Blad1');
  const pop = grid(0);
  wb.batch(() => {
    sheet.set(0, 5, { value: 'Region' });
    sheet.set(0, 6, { value: 'Befolkning' });
    pop.forEach((r, i) => {
      sheet.set(i + 1, 5, { value: r[0] as string });
      sheet.set(i + 1, 6, { value: r[1] as number });
    });
  });
  const c = counted();
  const calc = previewCalculation(wb, c.fns);
  wb.batch(() => {
    for (let i = 0; i < cells; i++) {
      sheet.set(i + 1, 0, { value: regions[i % regions.length]! });
      sheet.set(i + 1, 1, { value: null, formula: `=AVTAL.ALLOCATE("2026","svf-payment-1",A${i + 2},$F$1:$G$${pop.length + 1})` });
    }
  });
  await calc.idle();
  const s1 = { ...calc.stats };
  rows.push({ section: 'functions', name: 'preview: first calculation', ops: cells, ms: s1.ms, perSecond: cells / (s1.ms / 1000), unit: 'cells/s', tables: c.tables(), hits: c.fns.hits, passes: s1.passes,
    note: `${n(s1.evaluations)} evaluations, ${s1.passes} pass${s1.passes === 1 ? '' : 'es'}; the table computed once, every other cell a cache hit` });
  const t1 = c.tables();
  const h1 = c.fns.hits;
  sheet.set(pop.findIndex((r) => r[0] === 'Region Gotland') + 1, 6, { value: 120_000 });
  await calc.idle();
  const s2 = { ...calc.stats };
  const sum = Array.from({ length: regions.length }, (_, i) => sheet.get(i + 1, 1).value as number).reduce((x, y) => x + y, 0);
  rows.push({ section: 'functions', name: 'preview: recalculation after a population edit', ops: cells, ms: s2.ms, perSecond: cells / (s2.ms / 1000), unit: 'cells/s', tables: c.tables() - t1, hits: c.fns.hits - h1, passes: s2.passes,
    note: `${n(s2.evaluations)} evaluations, ${s2.passes} pass${s2.passes === 1 ? '' : 'es'}; one new table; the 21 regions' amounts sum to ${n(sum)}` });
  calc.dispose();
  return rows;
}

export function format(rows: FunctionsBenchRow[]): string {
  return [
    `Worksheet functions: a recalculation of ${n(CELLS)} =AVTAL.FÖRDELA(…) cells`,
    table(
      ['case', 'cells', 'time', 'per cell', 'tables computed', 'cache hits', 'note'],
      rows.map((r) => [r.name, n(r.ops), ms(r.ms), `${n(((r.ms ?? 0) * 1000) / (r.ops ?? 1), 1)} µs`, n(r.tables), n(r.hits), r.note ?? '']),
    ),
  ].join('\n');
}

if (isMain(import.meta.url)) void main('functions', run as never, format as never);
