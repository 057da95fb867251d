/**
 * The engine's speed: allocations per second (every allocatable pot of every built-in
 * agreement, by largest remainder and half-up, over and over for ~1 s), and condition
 * evaluations per second: 21 regions × 1 000 scenarios of random (seeded) indicators
 * through `evaluate`, for each agreement with conditions.
 */
import { builtinCatalog, allocate, evaluate, agreementsWithConditions, indicatorColumnsFor, findAgreement, type Facts } from '../../addin/api';
import { Decimal } from '../../addin/core/decimal';
import { isMain, main, ms, n, rng, table, type BenchRow } from './common';

export const SCENARIOS = 1_000;

export async function run(opts: { scenarios?: number; allocateMs?: number } = {}): Promise<BenchRow[]> {
  const scenarios = opts.scenarios ?? SCENARIOS;
  const budget = opts.allocateMs ?? 1_000;
  const catalog = builtinCatalog();
  const rows: BenchRow[] = [];

  // --- allocation
  const jobs = catalog.agreements.flatMap((a) =>
    a.pots
      .filter((p) => p.split.by !== 'unspecified')
      .flatMap((p) => (p.split.by === 'parts' ? (['largest-remainder'] as const) : (['largest-remainder', 'half-up'] as const)).map((method) => ({ agreement: a.id, pot: p.id, method }))),
  );
  for (const j of jobs) allocate(catalog, j); // warm-up (and validation of the built-in rule files)
  let count = 0, recipients = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < budget) {
    for (const j of jobs) {
      recipients += allocate(catalog, j).rows.length;
      count++;
    }
  }
  const allocMs = performance.now() - t0;
  rows.push({ section: 'engine', name: 'allocate', ops: count, ms: allocMs, perSecond: count / (allocMs / 1000), unit: 'allocations/s',
    note: `${jobs.length} pots × methods of ${catalog.agreements.length} agreements, ${n(recipients / count, 1)} recipients each on average` });

  // --- conditions: 21 regions × scenarios random indicators
  const regions = catalog.reference.regions;
  for (const id of agreementsWithConditions(catalog)) {
    const agreement = findAgreement(catalog, id);
    const columns = indicatorColumnsFor(catalog, id);
    const r = rng(2026);
    const deadline = agreement.conditions.find((c) => c.operator === 'submittedBy')?.value;
    const fact = (kind: string): Facts[string] => {
      if (kind === 'percent') return new Decimal(Math.round((0.5 + r() * 0.45) * 1000)).div(1000); // 50.0–95.0 %, around the 60/70 % thresholds
      if (kind === 'boolean') return r() < 0.85;
      if (r() < 0.5) return r() < 0.85; // report: yes/no, or a date around the deadline
      const d = new Date(`${typeof deadline === 'string' ? deadline : '2026-09-30'}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + Math.round((r() - 0.8) * 40));
      return d.toISOString().slice(0, 10);
    };
    const inputs = Array.from({ length: scenarios }, () =>
      regions.map((reg) => ({ code: reg.code, values: Object.fromEntries(columns.map((c) => [c.key, fact(c.kind)])) as Facts })),
    );
    await evaluate(catalog, { agreement: id, indicators: inputs[0]! }); // warm-up
    let qualifying = 0, parts = 0;
    const t1 = performance.now();
    for (const indicators of inputs) {
      const e = await evaluate(catalog, { agreement: id, indicators });
      if (e.total.gt(e.potTotal)) throw new Error('bench: evaluation paid more than the pots');
      for (const o of e.outcomes) {
        qualifying += o.qualifying;
        parts++;
      }
    }
    const evalMs = performance.now() - t1;
    const conditions = agreement.conditions.length;
    const regionRuns = scenarios * regions.length;
    rows.push({ section: 'engine', name: `evaluate ${id}`, ops: scenarios, ms: evalMs, perSecond: scenarios / (evalMs / 1000), unit: 'scenarios/s',
      note: `${regions.length} regions × ${n(scenarios)} scenarios: ${n(regionRuns / (evalMs / 1000))} region evaluations/s, ${n((regionRuns * conditions) / (evalMs / 1000))} conditions/s (${conditions} conditions a region); ${n((100 * qualifying) / (parts * regions.length), 1)} % of region-parts qualified` });
    rows.push({ section: 'engine', name: `conditions ${id}`, ops: regionRuns * conditions, ms: evalMs, perSecond: (regionRuns * conditions) / (evalMs / 1000), unit: 'conditions/s' });
  }
  return rows;
}

export function format(rows: BenchRow[]): string {
  const e = rows.filter((r) => r.section === 'engine');
  return [
    'The engine (exact Decimal arithmetic, json-rules-engine with Decimal-aware operators)',
    '',
    table(['measure', 'count', 'time', 'per second', 'unit'], e.map((r) => [r.name, n(r.ops), ms(r.ms), n(r.perSecond), r.unit ?? ''])),
    '',
    ...e.filter((r) => r.note).map((r) => `${r.name}: ${r.note}`),
  ].join('\n');
}

if (isMain(import.meta.url)) await main('engine', () => run(), format);
