// What the audit takes from the rule files, and the prose readers, against the seeds.
import { describe, expect, test } from 'vitest';
import { builtinCatalog, findAgreement } from '../../addin/api';
import { Decimal, sumDecimals } from '../../addin/core/decimal';
import { CHECKS, agreementFacts } from '../../addin/engine/audit';
import { proseKey } from '../../addin/engine/audit/names';
import { amountsIn, datesIn, paymentCountsIn, percentsIn, sentences, yearsIn } from '../../addin/engine/audit/prose';
import { seed } from './fixtures';

const catalog = builtinCatalog();
const flat = (s: string) => s.replace(/[\s\u00a0]+/g, ' ');

describe('agreement facts', () => {
  const f26 = agreementFacts(catalog, findAgreement(catalog, '2026'));

  test('2026: the SVF money is 500 000 000 in two payments of 250 000 000, cited from § 5.3 in the seed’s own words', () => {
    expect(f26.svfTotal.toFixed()).toBe('500000000');
    expect(f26.payments.map((p) => [p.n, p.amount.toFixed()])).toEqual([
      [1, '250000000'],
      [2, '250000000'],
    ]);
    expect(f26.svfCite.section).toBe('5.3');
    expect(flat(seed(f26.svfCite.source))).toContain(flat(f26.svfCite.text));
  });

  test('every citation the audit adds itself is verbatim in its seed', () => {
    for (const t of f26.thresholds) expect(flat(seed(t.cite.source)).replace(/- /g, '-'), t.cite.text).toContain(flat(t.cite.text).replace(/- /g, '-'));
  });

  test('every region’s money sums to the SVF money; Jämtland Härjedalen’s is about 6,3 Mkr', () => {
    const all = sumDecimals(catalog.reference.regions.map((r) => f26.regionMoney(r.code)));
    expect(all.toFixed()).toBe('500000000');
    const j = f26.regionMoney('23');
    expect(j.toNumber()).toBeGreaterThan(6_200_000);
    expect(j.toNumber()).toBeLessThan(6_300_000);
    expect(f26.regionPayment(1, '23').plus(f26.regionPayment(2, '23')).eq(j)).toBe(true);
  });

  test('thresholds: 70 % inclusion (reached at), 80 % lead-time target, per-SVF 60 % and over 70 %', () => {
    const t = f26.thresholds.map((x) => `${x.kind}${x.svf ? `/${x.svf}` : ''} ${x.strict ? '>' : '>='}${x.value.toString()} ${x.condition ? x.cite.section : 'target'}`);
    expect(t).toEqual([
      'inclusion >=0.7 5.3',
      'leadtime >=0.8 target',
      'inclusion/breast >0.7 5.3',
      'leadtime/breast >=0.6 5.3',
      'inclusion/colorectal >0.7 5.3',
      'leadtime/colorectal >=0.6 5.3',
      'inclusion/prostate >0.7 5.3',
      'leadtime/prostate >=0.6 5.3',
    ]);
    // Thresholds come from the rule files only: 2021's seeds state no target, so none is invented;
    // 2024 states the inclusion target (as its payment condition).
    const f21 = agreementFacts(catalog, findAgreement(catalog, '2021'));
    expect(f21.thresholds).toEqual([]);
    const f24 = agreementFacts(catalog, findAgreement(catalog, '2024'));
    expect(f24.thresholds.map((x) => `${x.kind} ${x.value.toString()} ${x.condition}`)).toEqual(['inclusion 0.7 true']);
  });

  test('a conditional pot among the regions that qualify: the same amount, by population among them', () => {
    const pot = f26.candidates.find((c) => c.id === 'svf-payment-2-inclusion')!;
    const codes = catalog.reference.regions.map((r) => r.code).filter((c) => c !== '01');
    const among = f26.expected(pot, codes)!;
    expect(among.has('01')).toBe(false);
    expect(sumDecimals(among.values()).toFixed()).toBe('125000000');
    expect(among.get('23')!.gt(f26.expected(pot)!.get('23')!)).toBe(true);
  });

  test('dates: deadlines, payment months and the report date', () => {
    for (const d of ['2026-09-30', '2026-09', '2026-12', '2027-03-31', '2026-12-01']) expect(f26.dates.has(d), d).toBe(true);
    expect(f26.dates.has('2026-10-15')).toBe(false);
  });
});

describe('reading prose', () => {
  test('amounts with their unit, approximation and precision', () => {
    const key = proseKey('totalt 375 miljoner kronor … ca 4,6 miljoner kronor. Ca 2,3 mkr, 100 000 kr (Gläntan), 1 005 000 000 kronor, 11 februari 2026, 063-14 75 51');
    expect(amountsIn(key).map((a) => [a.kronor.toFixed(), a.approx, a.precision.toFixed()])).toEqual([
      ['375000000', false, '1000000'],
      ['4600000', true, '100000'],
      ['2300000', true, '100000'],
      ['100000', false, '1'],
      ['1005000000', false, '1'],
    ]);
  });

  test('percentages, dates, payment counts, years, sentences', () => {
    expect(percentsIn(proseKey('dvs 70 procent av nya cancerfall och 80 % av patienterna, 72,5 %')).map((p) => p.fraction.toString())).toEqual(['0.7', '0.8', '0.725']);
    expect(datesIn(proseKey('senast 30 september 2026 och 31 mars 2027; i december 2026; 2026-03-24')).map((d) => d.date)).toEqual(['2026-09-30', '2027-03-31', '2026-12', '2026-03-24']);
    expect(paymentCountsIn(proseKey('fördelat på två utbetalningar; tre lika stora utbetalningar; utbetalning nr två')).map((c) => c.count)).toEqual([2, 3]);
    expect(yearsIn('RS/178/2026, SKR2026/00069, 2026-03-10, år 2021')).toEqual([2026, 2026, 2021]);
    expect(sentences('Fördelat på två utbetalningar. Ca 2,3 mkr i början av 2026, bl.a. nedan.').map((s) => s.text)).toEqual([
      'Fördelat på två utbetalningar.',
      'Ca 2,3 mkr i början av 2026, bl.a. nedan.',
    ]);
  });
});

describe('the checks', () => {
  test('each has an id, a severity and a title in both languages; ids are unique', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      'input.unreadable',
      'input.text-number',
      'arithmetic.total-row',
      'arithmetic.share-vs-population',
      'arithmetic.share-sum',
      'allocation.row-amount',
      'allocation.table-total',
      'facts.pot-total',
      'facts.region-share',
      'facts.payment-count',
      'facts.threshold',
      'facts.date',
      'svf.inclusion',
      'svf.leadtime',
      'svf.prem',
      'budget.within',
      'forms.requested-amount',
      'forms.requisition-date',
      'forms.diarienummer',
      'forms.orgnr',
      'forms.giro',
      'forms.period',
      'forms.received',
      'forms.total-costs',
      'forms.unspent',
      'forms.repayment',
      'forms.attestation',
      'forms.attestation-deviations',
    ]);
    for (const c of CHECKS) {
      expect(['error', 'warning', 'note']).toContain(c.severity);
      expect(c.title.sv.length * c.title.en.length).toBeGreaterThan(0);
    }
  });

  test('money is Decimal: a column of large whole kronor sums exactly past 2^53', async () => {
    const { auditGrid } = await import('../../addin/engine/audit');
    const big = 4_503_599_627_370_496; // 2^52
    const values = [['Post', 'Belopp (kr)'], ['A', big], ['B', big], ['C', 3], ['Summa', '9 007 199 254 740 995']];
    const g = { sheet: 'S', top: 0, left: 0, values, numberFormats: values.map((r) => r.map(() => 'General')) };
    expect(auditGrid(g, catalog, { agreement: '2026' }).findings.filter((f) => f.rule === 'arithmetic.total-row')).toEqual([]);
    values[4]![1] = '9 007 199 254 740 996';
    const f = auditGrid(g, catalog, { agreement: '2026' }).findings.find((x) => x.rule === 'arithmetic.total-row')!;
    expect(f.expected).toBe(new Decimal(big).times(2).plus(3).toFixed());
  });
});
