// The table finder on the tables people make: headers in any case or spelling, blank
// label headers, two-row and merged headers, blank rows, hidden rows, total rows, tables
// side by side, numbers as text, units, error values; and a property: no grid crashes it.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { allocate, builtinCatalog } from '../../addin/api';
import { auditGrid, scanGrid } from '../../addin/engine/audit';
import { namesFor } from '../../addin/engine/audit/names';
import { parseA1 } from '../../addin/core/a1';
import type { CellValue, Grid } from '../../addin/workbook/port';

const catalog = builtinCatalog();
const names = namesFor(catalog);

function grid(values: CellValue[][], extra: Partial<Grid> = {}, formats?: (r: number, c: number) => string): Grid {
  const width = Math.max(...values.map((r) => r.length));
  const rect = values.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? null));
  return { sheet: 'Blad1', top: 0, left: 0, values: rect, numberFormats: rect.map((r, i) => r.map((_, j) => formats?.(i, j) ?? 'General')), ...extra };
}

const brief = (g: Grid, agreement?: string) =>
  auditGrid(g, catalog, agreement ? { agreement } : {}).findings.map((f) => `${f.cell} ${f.severity} ${f.rule}${f.expected !== undefined ? ` ${f.expected}` : ''}`);

describe('finding tables', () => {
  test('a header with a blank label cell; roles from Swedish words in any case; the total row ends the table', () => {
    const s = scanGrid(
      grid([
        ['Budget 2026'],
        [],
        [null, 'BEFOLKNING', 'andel (%)', 'Belopp, tkr'],
        ['Region Stockholm', 2_000, 40, 120],
        ['region uppsala', 3_000, 60, 180],
        ['Totalt:', 5_000, 100, 300],
        ['Källa: SCB'],
      ]),
      names,
    );
    expect(s.tables).toHaveLength(1);
    const t = s.tables[0]!;
    expect(t.title).toBe('Budget 2026');
    expect([t.headerRow, t.totalRow, t.endRow, t.left, t.right]).toEqual([2, 5, 5, 0, 3]);
    expect(t.columns.map((c) => c.role)).toEqual(['recipient', 'population', 'share', 'amount']);
    expect(t.columns[2]!.percentPoints).toBe(true);
    expect(t.columns[3]!.unit).toBe('tkr');
    expect(t.recipients.map((r) => r?.code)).toEqual(['01', '03']);
    expect(s.texts.map((x) => x.text)).toEqual(['Budget 2026', 'Källa: SCB']);
  });

  test('one blank row inside a table is allowed; two end it, and a second table below is found', () => {
    const s = scanGrid(
      grid([
        ['Region', 'Befolkning'],
        ['Region Stockholm', 10],
        [],
        ['Region Uppsala', 20],
        [],
        [],
        ['RCC', 'Belopp (kr)'],
        ['RCC Norr', 5],
        ['RCC Syd', 6],
      ]),
      names,
    );
    expect(s.tables.map((t) => [t.headerRow, [...t.rows], t.recipientKind])).toEqual([
      [0, [1, 3], 'regions'],
      [6, [7, 8], 'rcc'],
    ]);
  });

  test('tables side by side, split at an empty column', () => {
    const s = scanGrid(
      grid([
        ['Region', 'Inklusion', null, 'Region', 'Ledtid'],
        ['Region Kalmar län', 0.8, null, 'Region Kronoberg', 0.9],
        ['Region Blekinge', 0.75, null, 'Region Halland', 0.85],
      ]),
      names,
    );
    expect(s.tables.map((t) => [t.left, t.right, t.columns.map((c) => c.role).join(',')])).toEqual([
      [0, 1, 'recipient,inclusion'],
      [3, 4, 'recipient,leadtime'],
    ]);
  });

  test('a merged header over a second header row; a label merged down over two rows', () => {
    const s = scanGrid(
      grid(
        [
          ['Region', 'Utbetalning', null],
          [null, '1 (kr)', '2 (kr)'],
          ['Region Gotland', 100, 100],
          ['Region Skåne', 200, 200],
          [null, 5, 5],
        ],
        { merged: ['B1:C1', 'A4:A5'] },
      ),
      names,
    );
    const t = s.tables[0]!;
    expect(t.headerRows).toBe(2);
    expect(t.columns.map((c) => c.header)).toEqual(['Region', 'Utbetalning 1 (kr)', 'Utbetalning 2 (kr)']);
    expect(t.columns.map((c) => c.word.payment)).toEqual([null, 1, 2]);
    expect(t.recipients.map((r) => r?.code)).toEqual(['09', '12', '12']);
  });

  test('numbers stored as text are read: "2 374 550", "0,23", "42 569 204 kr", "ca 4,6 mkr", no-break spaces', () => {
    const s = scanGrid(
      grid([
        ['Region', 'Befolkning', 'Andel', 'Belopp'],
        ['Region Stockholm', '2 374 550', '0,23', '42 569 204 kr'],
        ['Region Jämtland Härjedalen', '130\u00a0697', '0,01', 'ca 4,6 mkr'],
      ]),
      names,
    );
    const [, pop, share, amount] = s.tables[0]!.columns;
    expect([...pop!.num]).toEqual([2374550, 130697]);
    expect([...share!.num]).toEqual([0.23, 0.01]);
    expect(amount!.texts.get(0)?.unit).toBe('kr');
    expect(amount!.texts.get(1)).toMatchObject({ unit: 'mkr', approx: true });
  });

  test('"Totalt antal …" is not a total row; "Delsumma" rows stay data', () => {
    const s = scanGrid(grid([['Post', 'Belopp'], ['A', 1], ['Totalt antal ärenden', 2], ['B', 3]]), names);
    expect(s.tables[0]!.totalRow).toBe(-1);
    expect(s.tables[0]!.rows).toHaveLength(3);
  });
});

describe('checks on odd tables', () => {
  test('hidden rows count in the sum, as in Excel', () => {
    const g = grid([['Post', 'Belopp (kr)'], ['A', 100], ['B', 50], ['Summa', 150]], { hiddenRows: [2] });
    expect(brief(g)).toEqual([]);
  });

  test('error values anywhere are errors, never a crash; text in a number column is a warning', () => {
    const g = grid([
      ['#REF!', null, 'Rapport 2026'],
      ['Region', 'Befolkning', 'Belopp (kr)'],
      ['Region Stockholm', '#DIV/0!', 10],
      ['Region Uppsala', 'saknas', 20],
      ['Region Skåne', 5, ' #N/A '],
    ]);
    expect(brief(g)).toEqual(['A1 error input.unreadable', 'B3 error input.unreadable', 'B4 warning input.unreadable', 'C5 error input.unreadable']);
  });

  test('an amount column in tkr is compared with the allocation at its precision; one off by 2 tkr is an error', () => {
    const a = allocate(catalog, { agreement: '2021', pot: 'svf-payment-1' });
    const rows: CellValue[][] = [['Fördelning av 185 miljoner kronor'], ['Region', 'Fördelade medel (tkr)']];
    for (const r of a.rows) rows.push([r.recipient, Math.round(r.amount.toNumber() / 1000)]);
    rows.push(['Summa', 185_000]);
    expect(brief(grid(rows), '2021').filter((x) => x.includes('allocation'))).toEqual([]);
    rows[3]![1] = Number(rows[3]![1]) + 2; // the second region (Uppsala)
    expect(brief(grid(rows), '2021').filter((x) => x.includes('allocation'))).toEqual([`B4 error allocation.row-amount ${a.rows[1]!.amount.toFixed(0)}`]);
  });

  test('a conditional pot listed for most regions is split among those listed (the qualifying ones)', () => {
    // 2026 payment 2 (inclusion part) paid to 20 regions: Gotland (09) left out.
    const pop = catalog.reference.populations.find((p) => p.id === '2024-12-31')!;
    const listed = pop.rows.filter((r) => r.code !== '09');
    const total = listed.reduce((s, r) => s + Number(r.population), 0);
    // largest remainder by hand, as a check on the engine
    const exact = listed.map((r) => ({ code: r.code, q: (125_000_000 * Number(r.population)) / total }));
    const floor = exact.map((e) => Math.floor(e.q));
    let left = 125_000_000 - floor.reduce((s, x) => s + x, 0);
    const order = exact.map((e, i) => i).sort((i, j) => (exact[j]!.q % 1) - (exact[i]!.q % 1));
    for (const i of order) if (left-- > 0) floor[i]!++;
    const rows: CellValue[][] = [['Utbetalning 2, inklusionsmål, 2026'], ['Region', 'Belopp (kr)']];
    listed.forEach((r, i) => rows.push([catalog.reference.regions.find((x) => x.code === r.code)!.name, floor[i]!]));
    rows.push(['Summa', 125_000_000]);
    expect(brief(grid(rows), '2026')).toEqual([]);
  });

  test('a share that matches its population only at a coarser precision is an error; at its own precision it is not', () => {
    const rows: CellValue[][] = [['Region', 'Invånare', 'Andel'], ['Region Norrbotten', 1, 0.333], ['Region Västerbotten', 2, 0.667]];
    expect(brief(grid(rows))).toEqual([]);
    rows[1]![2] = 0.34;
    // 0,34 + 0,667 = 1,007: more than two rounded shares explain (±0,001), so the sum is an error too (on the header: no total row).
    expect(brief(grid(rows))).toEqual(['C1 error arithmetic.share-sum 1', 'C2 error arithmetic.share-vs-population 0.33']);
  });
});

describe('statements in text', () => {
  const text = (...lines: string[]) => grid(lines.map((l) => [l]));

  test('a wrong target is an error; a measured value is not', () => {
    expect(brief(text('Överenskommelse 2026: inklusionsmålet om 75 procent ska uppnås.'))).toEqual(['A1 error facts.threshold 0.7']);
    expect(brief(text('Överenskommelse 2026: inklusionen var 65 procent första halvåret.'))).toEqual([]);
    expect(brief(text('Ledtidsmålet är att 80 procent av patienterna ska utredas inom tidsgränserna (SVF 2026).'))).toEqual([]);
  });

  test('a wrong number of payments is an error; a date not in the agreement is a warning', () => {
    expect(brief(text('SVF-medlen 2026 betalas fördelat på tre utbetalningar.'))).toEqual(['A1 error facts.payment-count 2']);
    expect(brief(text('SVF 2026: redovisningen ska lämnas senast den 15 oktober 2026.'))).toEqual(['A1 warning facts.date 2026-09-30']);
    expect(brief(text('SVF 2026: redovisningen ska lämnas senast den 30 september 2026.'))).toEqual([]);
  });

  test('a payment of the wrong size is an error; the right figures pass, in any unit', () => {
    expect(brief(text('SVF 2026: den första utbetalningen om 200 miljoner kronor sker efter rekvisition.'))).toEqual(['A1 error facts.pot-total 250000000']);
    expect(brief(text('För SVF avsätts 500 mnkr 2026, i två utbetalningar om 250 000 000 kronor.'))).toEqual([]);
    expect(brief(text('Överenskommelsen 2026 omfattar totalt 1 005 miljoner kronor.'))).toEqual([]);
    expect(brief(text('Överenskommelsen 2026 omfattar totalt 900 miljoner kronor.'))).toEqual(['A1 error facts.pot-total 1005000000']);
  });
});

describe('robustness', () => {
  const words = ['Region', 'Befolkning', 'Andel', 'Belopp (kr)', 'Summa', 'Totalt', 'Inklusion', 'Ledtid bröst', 'PREM', 'tkr', 'Region Gotland', 'RCC Norr', 'SKR', 'ja', 'nej', 'bl.a.', '#REF!', '#DIV/0!', '2 374 550', '0,23', '42 569 204 kr', 'ca 4,6 mkr', '70 %', '375 miljoner kronor för SVF 2026', 'senast den 30 september 2026', '', ' ', '–'];
  const cell = fc.oneof(
    fc.constant(null),
    fc.constantFrom(...words),
    fc.integer({ min: -1e9, max: 1e12 }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.boolean(),
    fc.string({ maxLength: 12 }),
  );
  test('no grid crashes the audit; every finding names a cell inside the grid', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 25 }), fc.nat(5), fc.nat(5), fc.constantFrom(undefined, '2021', '2024', '2026'), (values, top, left, agreement) => {
        const g = grid(values.length ? values : [[]], { top, left, merged: ['A1:B1'], hiddenRows: [top + 1] });
        const r = auditGrid(g, catalog, agreement ? { agreement } : {});
        for (const f of r.findings) {
          expect(f.rule).not.toBe('audit.internal');
          const p = parseA1(f.cell)!;
          expect(p.row).toBeGreaterThanOrEqual(top);
          expect(p.col).toBeGreaterThanOrEqual(left);
          expect(p.row).toBeLessThan(top + g.values.length);
          expect(f.message.sv.length).toBeGreaterThan(0);
          expect(f.message.en.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: Number(process.env.AUDIT_RUNS ?? 300) },
    );
  });
});

describe('another population date', () => {
  test('amounts right by the table’s own population column are a warning that names the rule file’s population, not an error', async () => {
    const { apportion } = await import('../../addin/engine/allocate/apportion');
    const { Decimal } = await import('../../addin/core/decimal');
    // 2021's 185 000 000 split by the 2023-12-31 population instead of 2019-11-01.
    const pop = catalog.reference.populations.find((p) => p.id === '2023-12-31')!;
    const split = apportion(new Decimal(185_000_000), pop.rows.map((r) => ({ code: r.code, weight: new Decimal(r.population) })));
    const rows: CellValue[][] = [['Fördelning av 185 miljoner kronor'], ['Region', 'Befolkning 2023-12-31', 'Belopp (kr)']];
    for (const r of split) rows.push([catalog.reference.regions.find((x) => x.code === r.code)!.name, Number(r.weight.toFixed()), Number(r.amount.toFixed())]);
    rows.push(['Summa', null, 185_000_000]);
    const r = auditGrid(grid(rows), catalog, { agreement: '2021' });
    const alloc = r.findings.filter((f) => f.rule === 'allocation.row-amount');
    expect(alloc.length).toBeGreaterThan(15);
    expect(new Set(alloc.map((f) => f.severity))).toEqual(new Set(['warning']));
    expect(alloc[0]!.message.sv).toContain('rätt fördelat efter tabellens egen befolkning (Befolkning 2023-12-31)');
    expect(alloc[0]!.message.sv).toContain('befolkningen 1 november 2019'); // dates one way (#13.4)
    // One figure wrong by 1 000 kr is still an error.
    rows[2]![2] = Number(rows[2]![2]) + 1000;
    const r2 = auditGrid(grid(rows), catalog, { agreement: '2021' });
    expect(r2.findings.filter((f) => f.cell === 'C3').map((f) => `${f.severity} ${f.rule}`)).toEqual(['error allocation.row-amount']);
  });
});
