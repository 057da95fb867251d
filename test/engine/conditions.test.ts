// The payment-2 conditions at their thresholds, and why the built-in
// comparisons of json-rules-engine are not used.
import { describe, expect, test } from 'vitest';
import { Engine } from 'json-rules-engine';
import { Decimal } from '../../addin/core/decimal';
import { builtinCatalog, evaluate, type Facts } from '../../addin/api';
import { ConditionEngine, OPERATORS } from '../../addin/engine/conditions/engine';

const catalog = builtinCatalog();
const a2026 = catalog.agreements.find((a) => a.id === '2026')!;
const a2024 = catalog.agreements.find((a) => a.id === '2024')!;

const passing: Facts = {
  inclusion: new Decimal('0.75'), prem: true, report_submitted: true,
  inclusion_breast: new Decimal('0.8'), leadtime_breast: new Decimal('0.7'),
  inclusion_colorectal: new Decimal('0.8'), leadtime_colorectal: new Decimal('0.7'),
  inclusion_prostate: new Decimal('0.8'), leadtime_prostate: new Decimal('0.7'),
};

async function passed(agreement = a2026, facts: Partial<Facts>, id: string) {
  const r = await new ConditionEngine(agreement).run({ ...passing, ...facts } as Facts);
  return r.get(id)!;
}

describe('thresholds (seed 001 §5.3, seed 002)', () => {
  test.each([
    ['0.6999', false], ['0.70', true], ['0.7001', true], ['1', true], ['0.08', false],
  ])('inclusion target "uppnår … 70 procent": %s → %s', async (v, expected) => {
    expect((await passed(a2026, { inclusion: new Decimal(v) }, 'inclusion-target')).passed).toBe(expected);
    expect((await passed(a2024, { inclusion: new Decimal(v) }, 'inclusion-target')).passed).toBe(expected);
  });

  test.each([
    ['0.70', false], ['0.7001', true], ['0.6999', false], ['1', true],
  ])('per-SVF inclusion must lie "över 70 procent": %s → %s', async (v, expected) => {
    for (const svf of ['breast', 'colorectal', 'prostate']) {
      expect((await passed(a2026, { [`inclusion_${svf}`]: new Decimal(v) }, `inclusion-${svf}`)).passed).toBe(expected);
    }
  });

  test.each([
    ['0.5999', false], ['0.60', true], ['0.6001', true],
  ])('lead time "≥ 60 procent": %s → %s', async (v, expected) => {
    expect((await passed(a2026, { leadtime_breast: new Decimal(v) }, 'leadtime-breast')).passed).toBe(expected);
  });

  test('a result carries the value, the threshold and the citation', async () => {
    const r = await passed(a2026, { inclusion: new Decimal('0.65') }, 'inclusion-target');
    expect(r).toMatchObject({ passed: false, value: '0.65', threshold: '0.70', operator: 'atLeast' });
    expect(r.cite).toMatchObject({ source: 'overenskommelse-2026', section: '5.3' });
    expect(r.cite.text).toContain('70 procent');
  });

  test('PREM and the report: booleans, and the report date against 30 September 2026 (the erratum reading)', async () => {
    expect((await passed(a2026, { prem: false }, 'prem')).passed).toBe(false);
    expect((await passed(a2026, { report_submitted: '2026-09-30' }, 'report-submitted')).passed).toBe(true);
    expect((await passed(a2026, { report_submitted: '2026-10-01' }, 'report-submitted')).passed).toBe(false);
    expect((await passed(a2026, { report_submitted: false }, 'report-submitted')).passed).toBe(false);
    expect(a2026.errata[0]).toMatchObject({ section: '5.3', text: 'senast den 30 september 2025' });
  });

  test('a missing indicator fails loudly (allowUndefinedFacts is off)', async () => {
    const { inclusion: _, ...rest } = passing;
    await expect(new ConditionEngine(a2026).run(rest as Facts, 'Region Gotland')).rejects.toThrow(/inclusion.*Region Gotland/);
  });
});

describe('why the operators are Decimal-aware', () => {
  test("json-rules-engine's built-in comparison on Decimal facts compares text: 100 fails 70", async () => {
    const builtin = async (fact: string, threshold: string) => {
      const engine = new Engine(
        [{ conditions: { all: [{ fact: 'x', operator: 'greaterThanInclusive', value: new Decimal(threshold) as unknown as number }] }, event: { type: 'ok' } }],
        { allowUndefinedFacts: false },
      );
      return (await engine.run({ x: new Decimal(fact) })).results.length === 1;
    };
    expect(await builtin('100', '70')).toBe(false); // wrong: "100" < "70" as text
    expect(await builtin('8', '70')).toBe(true); // wrong: "8" > "70" as text
    expect(OPERATORS.atLeast(new Decimal('100'), '70')).toBe(true);
    expect(OPERATORS.atLeast(new Decimal('8'), '70')).toBe(false);
    expect(OPERATORS.atLeast(new Decimal('1'), '0.70')).toBe(true);
    expect(OPERATORS.atLeast(new Decimal('0.08'), '0.70')).toBe(false);
  });

  test('a non-Decimal fact never passes a numeric threshold', () => {
    expect(OPERATORS.atLeast('0.9', '0.70')).toBe(false);
    expect(OPERATORS.over(0.9, '0.70')).toBe(false);
  });
});

describe('conditional money (DOMAIN.md, "How the conditional money is split")', () => {
  const indicators = (f: (code: string) => Partial<Facts>) => catalog.reference.regions.map((r) => ({ code: r.code, values: { ...passing, ...f(r.code) } as Facts }));

  test('2025-style: three regions fail, the pot goes to the other 18 by population, nothing unpaid', async () => {
    const fail = new Set(['21', '13', '24']);
    const e = await evaluate(catalog, { agreement: '2024', indicators: indicators((c) => (fail.has(c) ? { inclusion: new Decimal('0.6') } : {})) });
    expect(e.total.toFixed(0)).toBe('182500000');
    expect(e.unpaid.isZero()).toBe(true);
    expect(e.rows.filter((r) => r.total.gt(0))).toHaveLength(18);
    for (const r of e.rows) if (fail.has(r.code)) expect(r.total.isZero()).toBe(true);
  });

  test('forfeit: failing regions\' shares over all 21 are left unpaid', async () => {
    const fail = new Set(['21', '13', '24']);
    const ind = indicators((c) => (fail.has(c) ? { inclusion: new Decimal('0.6') } : {}));
    const all = await evaluate(catalog, { agreement: '2024', indicators: indicators(() => ({})) });
    const f = await evaluate(catalog, { agreement: '2024', indicators: ind, unclaimed: 'forfeit' });
    const failingShares = all.rows.filter((r) => fail.has(r.code)).reduce((s, r) => s.plus(r.total), new Decimal(0));
    expect(f.unpaid.eq(failingShares)).toBe(true);
    for (const r of f.rows) if (!fail.has(r.code)) expect(r.total.eq(all.rows.find((x) => x.code === r.code)!.total)).toBe(true);
  });

  test('2026: each SVF part goes only to the regions qualifying for that SVF', async () => {
    const e = await evaluate(catalog, {
      agreement: '2026',
      indicators: indicators((c) => (c === '01' ? { inclusion_colorectal: new Decimal('0.70') } : c === '23' ? { prem: false } : {})),
    });
    const sthlm = e.rows.find((r) => r.code === '01')!;
    expect(sthlm.parts.find((p) => p.part === 'colorectal')!.amount.isZero()).toBe(true);
    expect(sthlm.parts.find((p) => p.part === 'breast')!.amount.gt(0)).toBe(true);
    const jmt = e.rows.find((r) => r.code === '23')!;
    expect(jmt.total.isZero()).toBe(true); // PREM is a condition of every part
    expect(e.total.toFixed(0)).toBe('250000000');
    expect(e.outcomes.map((o) => o.qualifying)).toEqual([20, 20, 19, 20]);
  });

  test('no region qualifying: the part is left unpaid, never divided by zero', async () => {
    const e = await evaluate(catalog, { agreement: '2026', indicators: indicators(() => ({ leadtime_prostate: new Decimal('0.1') })) });
    expect(e.unpaid.toFixed(0)).toBe('41666666');
  });

  test('2021 has no conditional pot: evaluate says why', async () => {
    await expect(evaluate(catalog, { agreement: '2021', indicators: [] })).rejects.toThrow(/no conditional pots/);
  });
});
