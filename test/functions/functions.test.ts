import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import { allocate, builtinCatalog, evaluate, formatCite, indicatorColumnsFor, indicatorsFromGrid, type Allocation, type AllocateRequest, type Catalog } from '../../addin/api';
import { createFunctions, FunctionError, functions as f } from '../../addin/functions/functions';

const catalog = builtinCatalog();
const sum = (t: (string | number)[][]) => t.slice(1).reduce((s, r) => s.plus(r[4] as number), new Decimal(0));

function thrown(fn: () => unknown): FunctionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FunctionError) return e;
    throw e;
  }
  throw new Error('expected a FunctionError');
}

describe('FÖRDELA and TABELL on the done-when figures', () => {
  it('Region Gotland gets 1 439 664 kr of 2026 payment 1, by id or by Swedish/English title', () => {
    for (const pot of ['Utbetalning 1', 'svf-payment-1', 'Standardiserade vårdförlopp, utbetalning 1', 'Payment 1', 'utbetalning  1']) {
      expect(f.allocate('2026', pot, 'Region Gotland')).toBe(1_439_664);
    }
    expect(f.allocate(2026, 'Utbetalning 1', 'Gotland')).toBe(1_439_664);
  });

  it('TABELL("2026";"svf-payment-1") is a header and 21 rows summing to 250 000 000', () => {
    const t = f.table('2026', 'svf-payment-1');
    expect(t[0]).toEqual(['Region', 'Län', 'Befolkning', 'Andel', 'Belopp']);
    expect(t).toHaveLength(22);
    expect(sum(t).toNumber()).toBe(250_000_000);
    expect(t.find((r) => r[0] === 'Region Gotland')?.[4]).toBe(1_439_664);
    expect(t.every((r) => r.every((v) => typeof v === 'string' || Number.isFinite(v)))).toBe(true);
  });

  it('a population range changes the amounts and still sums to the pot (with or without a header)', () => {
    const base = f.table('2026', 'svf-payment-1');
    const range = base.slice(1).map((r) => [r[0], r[0] === 'Region Gotland' ? (r[2] as number) * 2 : r[2]]);
    const t = f.table('2026', 'svf-payment-1', range);
    expect(sum(t).toNumber()).toBe(250_000_000);
    const gotland = f.allocate('2026', 'Utbetalning 1', 'Region Gotland', range);
    expect(gotland).toBeGreaterThan(2 * 1_439_664 - 100_000);
    expect(gotland).not.toBe(1_439_664);
    expect(t.find((r) => r[0] === 'Region Gotland')?.[4]).toBe(gotland);
    expect(f.allocate('2026', 'Utbetalning 1', 'Region Gotland', [['Region', 'Befolkning'], ...range])).toBe(gotland);
    // A range of only two regions splits between them (and the others are not in the table: #N/A).
    const two = [['Region Gotland', 60_000], ['Region Stockholm', 2_400_000]];
    const t2 = f.table('2026', 'svf-payment-1', two);
    expect(t2).toHaveLength(3);
    expect(sum(t2).toNumber()).toBe(250_000_000);
    expect(thrown(() => f.allocate('2026', 'svf-payment-1', 'Region Uppsala', two)).code).toBe('#N/A');
    // A built-in table by id, typed in a cell (a matrix parameter gets [[value]]).
    const t2024 = f.table('2024', 'svf-payment-1');
    expect(f.table('2024', 'svf-payment-1', [['2024-12-31']])).toEqual(f.table('2024', 'svf-payment-1', '2024-12-31'));
    expect(f.table('2024', 'svf-payment-1', [['2024-12-31']])).not.toEqual(t2024);
    expect(f.table('2024', 'svf-payment-1', [['']])).toEqual(t2024);
  });
});

describe('every pot of every agreement, both methods', () => {
  for (const a of catalog.agreements) {
    for (const p of a.pots) {
      for (const method of ['largest-remainder', 'half-up'] as const) {
        it(`${a.id} ${p.id} ${method}`, () => {
          const word = method === 'half-up' ? 'vanlig avrundning' : 'största rest';
          if (p.split.by === 'unspecified' || (p.split.by === 'parts' && method === 'half-up')) {
            const e = thrown(() => f.table(a.id, p.id, undefined, word));
            expect(e.code).toBe('#VALUE!');
            expect(e.argument).toBe(p.split.by === 'unspecified' ? 'pot' : 'method');
            return;
          }
          const t = f.table(a.id, p.id, undefined, word);
          const pot = new Decimal(p.amount);
          expect(f.pot(a.id, p.id)).toBe(pot.toNumber());
          const amounts = t.slice(1).map((r) => new Decimal(r[4] as number));
          expect(amounts.every((x) => x.isInteger() && x.gte(0))).toBe(true);
          // Each amount within a krona of its exact quota (a part-split pot: within a krona per part).
          const tolerance = p.split.by === 'parts' ? p.split.parts.length : 1;
          const shares = t.slice(1).map((r) => new Decimal(r[3] as number));
          amounts.forEach((x, i) => expect(x.minus(pot.times(shares[i]!)).abs().lte(tolerance)).toBe(true));
          if (method === 'largest-remainder') {
            expect(sum(t).eq(pot)).toBe(true);
            // FÖRDELA gives each recipient its row of the same table.
            for (const r of t.slice(1)) expect(f.allocate(a.id, p.title.sv, r[0])).toBe(r[4]);
          } else {
            expect(sum(t).minus(pot).abs().lte(t.length)).toBe(true);
          }
        });
      }
    }
  }
});

describe('VILLKOR', () => {
  it('"uppnår 70 procent" (atLeast): 69.99 % fails, 70 % and 70.01 % pass, in every accepted form', () => {
    for (const v of [0.6999, '69,99 %', 69.99]) expect(f.condition('2026', 'inclusion-target', v)).toBe(false);
    for (const v of [0.7, '70 %', 70, '70,0 %']) expect(f.condition('2026', 'inclusion-target', v)).toBe(true);
    for (const v of [0.7001, '70,01 %', 70.01]) expect(f.condition('2026', 'inclusion-target', v)).toBe(true);
  });

  it('"över 70 procent" (over): exactly 70 % fails, 70.01 % passes', () => {
    for (const v of [0.7, '70 %', 70, 0.6999]) expect(f.condition('2026', 'inclusion-breast', v)).toBe(false);
    for (const v of [0.7001, '70,01 %', 70.01]) expect(f.condition('2026', 'Inklusionen i SVF bröstcancer över 70 procent', v)).toBe(true);
  });

  it('0.1 + 0.2 style floats are read exactly: 0.6 passes "minst 60 procent"', () => {
    expect(f.condition('2026', 'leadtime-breast', 0.6)).toBe(true);
    expect(f.condition('2026', 'leadtime-breast', 0.1 + 0.5 - 0.0001)).toBe(false);
  });

  it('boolean and date conditions', () => {
    expect(f.condition('2026', 'prem', true)).toBe(true);
    expect(f.condition('2026', 'prem', 'nej')).toBe(false);
    expect(f.condition('2026', 'report-submitted', '2026-09-30')).toBe(true);
    expect(f.condition('2026', 'report-submitted', '2026-10-01')).toBe(false);
    expect(f.condition('2026', 'report-submitted', 46295)).toBe(true); // Excel serial of 2026-09-30
    expect(f.condition('2026', 'report-submitted', 46296)).toBe(false);
  });
});

describe('TABELL: the Län column is the län code, as the Fördela sheet writes it', () => {
  it('Region Gotland is "09", Region Stockholm "01" (text, keeps its leading zero)', () => {
    const t = f.table('2026', 'svf-payment-1');
    expect(t.find((r) => r[0] === 'Region Gotland')?.[1]).toBe('09');
    expect(t.find((r) => r[0] === 'Region Stockholm')?.[1]).toBe('01');
    expect(f.table('2026', 'barncancer')[0]![1]).toBe('Sjukvårdsregion');
  });
});

/** An indicator range as a user has it: the indicator sheet's header, one row per region (Swedish labels). */
function indicatorRange(over: (code: string) => Record<string, unknown> = () => ({})): unknown[][] {
  const cols = indicatorColumnsFor(catalog, '2026');
  const good: Record<string, unknown> = { inclusion: 0.75, prem: 'ja', report_submitted: true };
  for (const c of cols) if (!(c.key in good)) good[c.key] = c.key.startsWith('leadtime') ? 0.65 : 0.75;
  return [
    ['Region', 'Län', ...cols.map((c) => c.label.sv)],
    ...catalog.reference.regions.map((r) => {
      const v = { ...good, ...over(r.code) };
      return [r.name, r.code, ...cols.map((c) => v[c.key])];
    }),
  ];
}

const total = (t: (string | number)[][], col: number) => t.slice(1).reduce((s, r) => s.plus(r[col] as number), new Decimal(0)).toNumber();

describe('UTBETALNING2: payment 2 per region from an indicator range', () => {
  it('spills a header and 21 rows that are the engine\'s evaluation (as Villkor computes it); all qualifying, the parts sum to their pots', async () => {
    const range = indicatorRange();
    const t = await f.payment2('2026', range);
    const parsed = indicatorsFromGrid({ sheet: 'x', top: 0, left: 0, values: range as never, numberFormats: range.map((r) => r.map(() => 'General')) }, catalog, '2026');
    if (!parsed.ok) throw new Error('fixture');
    const e = await evaluate(catalog, { agreement: '2026', indicators: parsed.rows });
    expect(t).toHaveLength(22);
    expect(t[0]![0]).toBe('Region');
    expect(t[0]!.at(-2)).toBe('Totalt');
    expect(t[0]!.at(-1)).toBe('Ej uppfyllda villkor');
    expect(t[0]!.length).toBe(2 + e.outcomes.length + 2);
    for (const row of e.rows) {
      const line = t.find((r) => r[0] === row.region)!;
      expect(line[1]).toBe(row.code);
      expect(line.slice(2, 2 + row.parts.length)).toEqual(row.parts.map((p) => p.amount.toNumber()));
      expect(line.at(-2)).toBe(row.total.toNumber());
      expect(line.at(-1)).toBe('');
    }
    e.outcomes.forEach((o, i) => expect(total(t, 2 + i)).toBe(o.amount.toNumber()));
    expect(total(t, 2 + e.outcomes.length)).toBe(e.potTotal.toNumber());
    expect(t.every((r) => r.every((v) => typeof v === 'string' || Number.isFinite(v)))).toBe(true); // no errors inside the spill
  });

  it('inclusion exactly 70 % reaches the inclusion target (≥) but not "over 70 %" of an SVF; the failing part is 0 and named, the rest is redistributed', async () => {
    const t = await f.payment2('2026', indicatorRange((code) => (code === '09' ? { inclusion: 0.7, inclusion_breast: 0.7 } : {})));
    const gotland = t.find((r) => r[0] === 'Region Gotland')!;
    const head = t[0]!;
    const breast = head.findIndex((h) => /bröst/i.test(String(h)));
    expect(breast).toBeGreaterThan(1);
    expect(gotland[breast]).toBe(0);
    expect(String(gotland.at(-1))).toMatch(/bröst/i);
    expect(String(gotland.at(-1))).not.toMatch(/Inklusionsmålet|alla SVF/i);
    expect(gotland[2]).toBeGreaterThan(0); // the inclusion part (≥ 70 %) is paid
    const all = await f.payment2('2026', indicatorRange());
    // Redistribution: the breast part still sums to its pot, among the other 20.
    expect(total(t, breast)).toBe(total(all, breast));
    // No redistribution: Gotland's share is not paid.
    const forfeit = await f.payment2('2026', indicatorRange((code) => (code === '09' ? { inclusion_breast: 0.7 } : {})), 'ingen omfördelning');
    expect(total(forfeit, breast)).toBe(total(all, breast) - (all.find((r) => r[0] === 'Region Gotland')![breast] as number));
  });

  it('is memoised per argument set (a recalculation does not evaluate again) and errors name the argument', async () => {
    let n = 0;
    const fns = createFunctions({ evaluate: (c, r) => (n++, evaluate(c, r)) });
    const range = indicatorRange();
    await Promise.all(Array.from({ length: 50 }, () => fns.payment2('2026', range.map((r) => [...r]))));
    expect(n).toBe(1);
    expect(fns.evaluations).toBe(1);
    const bad = indicatorRange((code) => (code === '01' ? { inclusion: 'hög' } : {}));
    await expect(fns.payment2('2026', bad)).rejects.toMatchObject({ code: '#VALUE!', argument: 'indicators' });
    await expect(fns.payment2('2026', bad)).rejects.toThrow(/Inclusion all SVF for Region Stockholm/);
    await expect(fns.payment2('2021', range)).rejects.toMatchObject({ argument: 'agreement' });
    await expect(fns.payment2('2026', 'A1')).rejects.toMatchObject({ argument: 'indicators' });
    await expect(fns.payment2('2026', range, 'slump')).rejects.toMatchObject({ argument: 'reading' });
    const missing = range.filter((r) => r[0] !== 'Region Gotland');
    const e = await fns.payment2('2026', missing).catch((x: FunctionError) => x);
    expect(e).toBeInstanceOf(FunctionError);
    expect((e as FunctionError).text.sv).toMatch(/^indikatorer: .*Region Gotland/);
  });
});

describe('POTT and KÄLLA', () => {
  it('the pot amount and its citation through the product formatter', () => {
    const pot = catalog.agreements.find((a) => a.id === '2026')!.pots.find((p) => p.id === 'svf-payment-1')!;
    expect(f.pot('2026', 'Utbetalning 1')).toBe(250_000_000);
    expect(f.source('2026', 'Utbetalning 1')).toBe(formatCite(pot.cite, 'sv'));
    expect(f.source('2026', 'Utbetalning 1')).toMatch(/avsnitt 5\.3/);
    const en = createFunctions({ lang: () => 'en' });
    expect(en.source('2026', 'svf-payment-1')).toBe(formatCite(pot.cite, 'en'));
    expect(en.table('2026', 'svf-payment-1')[0]).toEqual(['Region', 'County code', 'Population', 'Share', 'Amount']);
  });
});

describe('errors name the argument and why', () => {
  const cases: [string, () => unknown, string, RegExp][] = [
    ['unknown agreement', () => f.allocate('2099', 'svf-payment-1', 'Gotland'), 'agreement', /^avtal: okänd överenskommelse ”2099”\. Kända: 2021, 2024, 2026/],
    ['missing agreement', () => f.pot('', 'svf-payment-1'), 'agreement', /^avtal: saknas/],
    ['unknown pot', () => f.pot('2026', 'Utbetalning 9'), 'pot', /^pott: okänd pott ”Utbetalning 9”.*Utbetalning 1 \(svf-payment-1\)/],
    ['pot as a range', () => f.pot('2026', [['a']]), 'pot', /^pott: ska vara en cell/],
    ['unspecified split', () => f.table('2021', 'svf-regional-support'), 'pot', /^pott: Potten .* kan inte fördelas/],
    ['unknown method', () => f.table('2026', 'svf-payment-1', undefined, 'slump'), 'method', /^metod: okänd metod ”slump”/],
    ['bad population cell', () => f.table('2026', 'svf-payment-1', [['Gotland', 'ca 60 000']]), 'population', /^befolkning: B1: befolkningen för Region Gotland är ett ungefärligt tal/],
    ['population one column', () => f.table('2026', 'svf-payment-1', [['Gotland'], ['Uppsala']]), 'population', /två kolumner/],
    ['population unknown table', () => f.table('2026', 'svf-payment-1', '1999-01-01'), 'population', /inbyggd befolkningstabell/],
    ['missing recipient', () => f.allocate('2026', 'svf-payment-1', ''), 'recipient', /^mottagare: saknas/],
    ['unknown condition', () => f.condition('2026', 'inclusion-lung', 0.8), 'condition', /^villkor: okänt villkor/],
    ['bad value', () => f.condition('2026', 'inclusion-target', 'mycket'), 'value', /^värde: ska vara en andel/],
    ['approximate value', () => f.condition('2026', 'inclusion-target', 'ca 70 %'), 'value', /^värde: ska vara en andel/],
    ['no conditions', () => f.condition('2021', 'x', 1), 'agreement', /har inga villkor/],
  ];
  for (const [name, fn, arg, msg] of cases) {
    it(`${name} → #VALUE! on ${arg}`, () => {
      const e = thrown(fn);
      expect(e.code).toBe('#VALUE!');
      expect(e.argument).toBe(arg);
      expect(e.text.sv).toMatch(msg);
      expect(e.text.en.length).toBeGreaterThan(10);
    });
  }

  it('a recipient not in the table → #N/A (unknown name, or a region for an RCC pot)', () => {
    for (const who of ['Region Narnia', 'Region Gotland']) {
      const e = thrown(() => f.allocate('2026', who === 'Region Gotland' ? 'barncancer' : 'svf-payment-1', who));
      expect(e.code).toBe('#N/A');
      expect(e.argument).toBe('recipient');
    }
    expect(f.allocate('2026', 'barncancer', 'RCC Väst')).toBe(13_333_333);
  });
});

describe('memoisation: the table is computed once per argument set', () => {
  function counting(): { fns: ReturnType<typeof createFunctions>; calls: () => number } {
    let n = 0;
    const fns = createFunctions({ allocate: (c: Catalog, r: AllocateRequest): Allocation => (n++, allocate(c, r)) });
    return { fns, calls: () => n };
  }

  it('1 000 FÖRDELA calls with the same arguments compute the table once', () => {
    const { fns, calls } = counting();
    for (let i = 0; i < 1000; i++) expect(fns.allocate('2026', 'Utbetalning 1', 'Region Gotland')).toBe(1_439_664);
    expect(calls()).toBe(1);
    expect(fns.computed).toBe(1);
  });

  it('distinct recipients and spellings of one pot share the table; a new method or population is a new table', () => {
    const { fns, calls } = counting();
    const regions = catalog.reference.regions.map((r) => r.name);
    for (let i = 0; i < 1000; i++) fns.allocate('2026', i % 2 ? 'Utbetalning 1' : 'svf-payment-1', regions[i % regions.length]);
    expect(calls()).toBe(1);
    fns.table('2026', 'svf-payment-1');
    expect(calls()).toBe(1);
    fns.table('2026', 'svf-payment-1', undefined, 'vanlig avrundning');
    expect(calls()).toBe(2);
    const range = () => [['Region Gotland', 60_000], ['Region Stockholm', 2_400_000]];
    fns.allocate('2026', 'svf-payment-1', 'Gotland', range());
    fns.allocate('2026', 'svf-payment-1', 'Gotland', range()); // equal values, another array: same table
    expect(calls()).toBe(3);
    fns.allocate('2026', 'svf-payment-1', 'Gotland', [['Region Gotland', 60_001], ['Region Stockholm', 2_400_000]]);
    expect(calls()).toBe(4);
  });

  it('a new catalog (a rule file loaded) is not served from the old memo', () => {
    let current = catalog;
    let n = 0;
    const fns = createFunctions({ catalog: () => current, allocate: (c, r) => (n++, allocate(c, r)) });
    fns.pot('2026', 'svf-payment-1');
    fns.allocate('2026', 'svf-payment-1', 'Gotland');
    current = { ...catalog };
    fns.allocate('2026', 'svf-payment-1', 'Gotland');
    expect(n).toBe(2);
  });
});
