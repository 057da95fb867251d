// populationFromGrid and indicatorsFromGrid on grids (as the pane's "Använd markerat område"
// and the CLI give them): exact persons only, dates from titles, missing columns named.
import { describe, expect, test } from 'vitest';
import { allocate, allocationSheet, builtinCatalog, indicatorsFromGrid, populationFromGrid, type Grid } from '../../addin/api';
import { bareRule } from '../../addin/engine/table/indicators';
import { describeValue } from '../../addin/engine/table/describe';
import type { CellValue } from '../../addin/workbook/port';

const catalog = builtinCatalog();
const regions = catalog.reference.regions;
const grid = (values: CellValue[][], top = 0, left = 0): Grid => ({
  sheet: 'Blad1', top, left, values, numberFormats: values.map((r) => r.map(() => 'General')),
});
const table = (cell: (code: string) => CellValue = () => 100_000, header: CellValue[] = ['Region', 'Befolkning'], above: CellValue[][] = []) =>
  grid([...above, header, ...regions.map((r) => [r.name, cell(r.code)])]);

describe('population cells', () => {
  test.each<[CellValue, RegExp]>([
    ['ca 370 000', /ungefärligt tal/],
    ['c:a 370 000', /ungefärligt tal/],
    ['omkring 5 000', /ungefärligt tal/],
    ['2,5 miljoner', /har en enhet.*2\u00a0500\u00a0000/],
    ['12 tusen', /har en enhet.*12\u00a0000/],
    ['12 kr', /har en enhet/],
    ['72 %', /inte en procentsats/],
    ['-5', /kan inte vara negativ/],
    [-5, /kan inte vara negativ/],
    [246352.5, /ska vara ett helt antal personer, inte 246\u00a0352,5\./],
    [2 ** 53, /för stor/],
    [1e308, /för stor.*inte 1e\+308/],
    [true, /ska vara ett helt antal personer, inte SANT/],
  ])('%j refused at its cell', (value, why) => {
    const r = populationFromGrid(table((c) => (c === '05' ? value : 100_000)), catalog);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.cell).toBe('B5');
    expect(r.errors[0]!.message.sv).toMatch(/^B5: befolkningen för Region Östergötland /);
    expect(r.errors[0]!.message.sv).toMatch(why);
  });
  test.each<CellValue>(['383 044', '383\u00a0044', 383044, '383044', 2 ** 53 - 1])('%j is read exactly', (value) => {
    const r = populationFromGrid(table((c) => (c === '05' ? value : 100_000)), catalog);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.table.rows.find((x) => x.code === '05')!.population).toBe(String(typeof value === 'string' ? value.replace(/\D/g, '') : value));
  });
});

describe('the table date', () => {
  test.each<[CellValue[][], CellValue[], string | null, string | undefined]>([
    [[], ['Region', 'Folkmängd 31 december 2024'], '2024-12-31', 'B1'],
    [[], ['Region', 'Befolkning 2024-12-31'], '2024-12-31', 'B1'],
    [[['Befolkning per region, 1 nov 2019']], ['Region', 'Befolkning'], '2019-11-01', 'A1'],
    [[['Källa: SCB'], [null, 'Folkmängd 31/12 2023']], ['Region', 'Befolkning'], '2023-12-31', 'B2'],
    [[], ['Region', 'Befolkning 2024'], null, undefined], // a year is not a date
    [[['Befolkning 2023-12-31 och 2024-12-31']], ['Region', 'Befolkning'], null, undefined], // two dates: not guessed
  ])('%j %j → %s', (above, header, date, cell) => {
    const r = populationFromGrid(table(undefined, header, above), catalog);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.table.date).toBe(date ?? '');
    expect(r.table.origin?.dateCell).toBe(cell);
    expect(r.table.title.sv).toMatch(date ? /egen befolkningstabell \(bladet Blad1\), \d+ \w+ \d{4} \(datum från [A-Z]+\d+\)/ : /egen befolkningstabell \(bladet Blad1\), utan datum/);
  });
  test('the allocation sheet of a selection without a date says "egen befolkningstabell … utan datum", never an empty date', () => {
    const r = populationFromGrid(table(), catalog);
    if (!r.ok) throw new Error('unreadable');
    const a = allocate(catalog, { agreement: '2026', pot: 'svf-payment-1', population: r.table });
    expect(a.populationDate).toBeNull();
    const lines = allocationSheet(a, catalog, 'sv').cells.flat().filter((v) => typeof v === 'string');
    expect(lines).toContain('Befolkning: egen befolkningstabell (bladet Blad1), utan datum');
    expect(lines.some((l) => /Befolkning: ?$/.test(l as string))).toBe(false);
  });
});

describe('missing columns are named', () => {
  test('population column missing: named, with the headings found', () => {
    const r = populationFromGrid(grid([['Rapport'], ['Region', 'Antal', 'Not'], ['Uppsala', 1, null]], 4, 2), catalog);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ cell: 'C6', message: { sv: 'C6: kolumnen "Befolkning" saknas; rubrikerna på rad 6 är: "Region", "Antal", "Not".', en: 'C6: the column "Population" is missing; the headings in row 6 are: "Region", "Antal", "Not".' } });
  });
  test('indicator columns missing: every missing one named', () => {
    const r = indicatorsFromGrid(grid([['Region', 'Inklusion alla SVF', 'PREM används'], ...regions.map((x) => [x.name, '72 %', 'ja'])]), catalog, '2026');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]!.message.sv).toMatch(/^A1: kolumnerna "Redovisning inlämnad", "Inklusion bröst", .*"Inom ledtid prostata" saknas; rubrikerna på rad 1 är: "Region", "Inklusion alla SVF", "PREM används"\.$/);
  });
});

describe('bare percentages: one rule per column', () => {
  const cells = (...v: CellValue[]) => v.map((value) => ({ value, format: 'General' }));
  test('rule', () => {
    expect(bareRule(cells(0.72, 0.8, 1))).toEqual({ points: false, fractions: true });
    expect(bareRule(cells(72, 80, 1))).toEqual({ points: true, fractions: false });
    expect(bareRule(cells('72 %', 1))).toEqual({ points: false, fractions: false });
    expect(bareRule([{ value: 0.72, format: '0%' }, { value: 1, format: 'General' }])).toEqual({ points: false, fractions: false });
  });
  test('a percent-formatted 1 (100 %) is not ambiguous', () => {
    const g = grid([['Region', 'Inklusion', 'PREM'], ...regions.map((x) => [x.name, 1, 'ja'])]);
    g.numberFormats = g.values.map((r) => r.map((_, c) => (c === 1 ? '0%' : 'General')));
    const r = indicatorsFromGrid(g, catalog, '2024');
    expect(r.ok).toBe(true);
  });
});

describe('describeValue', () => {
  test.each<[CellValue, string, string]>([
    [246352.5, '246\u00a0352,5', '246,352.5'],
    [0.1 + 0.2, '0,30000000000000004', '0.30000000000000004'],
    [-1234, '-1\u00a0234', '-1,234'],
    [1e308, '1e+308', '1e+308'],
    ['#REF!', 'felvärdet #REF!', 'the error value #REF!'],
    ['#1', 'texten "#1"', 'the text "#1"'],
  ])('%j', (v, sv, en) => {
    expect(describeValue(v, 'sv')).toBe(sv);
    expect(describeValue(v, 'en')).toBe(en);
  });
});
