// Fuzzing the table readers (fast-check, fixed seed): grids as people make them — junk,
// blank cells where a merged area was, Excel error values (#REF!, #DIV/0!), numbers typed
// as text ("1 234 567", "72,5 %"), header words in odd places, ragged rows, a sheet that
// does not start at A1 — and grids holding a real population or indicator table that has
// been damaged. populationFromGrid and indicatorsFromGrid never throw; they return rows, or
// errors each naming a cell inside the grid (with a message in Swedish and English). The
// audit (auditGrid) on the damaged tables: never throws, every finding inside the grid.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { indicatorColumnsFor, indicatorsFromGrid, populationFromGrid, agreementsWithConditions, type Grid } from '../../addin/api';
import { POPULATION_COLUMNS } from '../../addin/engine/table/population';
import { REGION_COLUMN } from '../../addin/engine/table/indicators';
import { parseA1 } from '../../addin/core/a1';
import { auditGrid } from '../../addin/engine/audit';
import type { CellValue } from '../../addin/workbook/port';
import { ERROR_VALUES, SEED } from './arbitraries';
import { decodeText } from '../../addin/io/decode';
import { parseCsv } from '../../addin/io/csv';
import { gridFromRows } from '../../addin/cli/input';
import { catalog } from './scenario';

const RUNS = 400;
const regions = catalog.reference.regions;
const conditionAgreements = agreementsWithConditions(catalog);

const HEADER_WORDS = [
  ...POPULATION_COLUMNS.flatMap((c) => c.aliases),
  ...REGION_COLUMN.aliases,
  ...conditionAgreements.flatMap((a) => indicatorColumnsFor(catalog, a).flatMap((c) => [c.label.sv, c.label.en, ...c.aliases])),
  'Summa', 'Totalt', 'Total', 'REGION', 'Befolkning (antal)', 'Län:', ' region ', 'Region;Befolkning',
];
const NUMBERS_AS_TEXT = ['1 234 567', '2 454 821', '1,234,567', '72,5 %', '72.5%', '0,72', '1e6', '−5', '-0', '12 345,00', '100 %', '3.5', '٣٤', '1\u00a0234', "'0123", '+46'];
const REGION_TEXTS = [...regions.flatMap((r) => [r.name, r.code, r.name.toUpperCase()]), 'Region Gotlan', 'Stockholms län', 'Västra Götaland', 'Region', '01 ', '22', 'RCC Norr'];

const junk: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', '\t', '\n') }, // blanks of a merged area, stray spaces
  { weight: 2, arbitrary: fc.string({ maxLength: 16 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom(...ERROR_VALUES) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERS_AS_TEXT) },
  { weight: 2, arbitrary: fc.constantFrom(...HEADER_WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...REGION_TEXTS) },
  { weight: 2, arbitrary: fc.oneof(fc.integer({ min: -1e7, max: 1e10 }), fc.double({ noNaN: true }), fc.constantFrom(0, -0, 1, 0.7, 0.6999, 1e308, 45566)) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5000), '=SUMMA(B2:B22)', '{"a":1}', '<script>', '\u202eRegion') },
);
const formatArb = fc.constantFrom('General', 'General', '@', '#,##0', '0.0%', '0.00%', 'yyyy-mm-dd', '# ##0 "kr"', '0');

/** A grid of junk: ragged rows sometimes, any offset. */
const junkGridArb: fc.Arbitrary<Grid> = fc
  .record({
    top: fc.nat(60),
    left: fc.nat(12),
    rows: fc.array(fc.array(fc.tuple(junk, formatArb), { maxLength: 9 }), { maxLength: 35 }),
    ragged: fc.boolean(),
  })
  .map(({ top, left, rows, ragged }) => {
    const width = Math.max(0, ...rows.map((r) => r.length));
    const pad = (r: [CellValue, string][]) => (ragged ? r : [...r, ...Array.from({ length: width - r.length }, (): [CellValue, string] => [null, 'General'])]);
    const full = rows.map(pad);
    return { sheet: 'Fuzz', top, left, values: full.map((r) => r.map((c) => c[0])), numberFormats: full.map((r) => r.map((c) => c[1])), merged: ['A1:B1'] };
  });

/** A real table (population or an agreement's indicators) at a random place, then damaged: cells replaced by junk, rows blanked, junk around. */
const damagedTableArb: fc.Arbitrary<Grid> = fc
  .record({
    kind: fc.constantFrom('population', ...conditionAgreements),
    top: fc.nat(40),
    left: fc.nat(6),
    above: fc.nat(6),
    indent: fc.nat(3),
    order: fc.shuffledSubarray(regions.map((r) => r.code), { minLength: 1 }),
    damage: fc.array(fc.tuple(fc.nat(30), fc.nat(12), junk), { maxLength: 8 }),
    blankRows: fc.uniqueArray(fc.nat(30), { maxLength: 3 }),
    total: fc.boolean(),
  })
  .map(({ kind, top, left, above, indent, order, damage, blankRows, total }) => {
    const values: CellValue[][] = Array.from({ length: above }, (_, i) => [i === 0 ? `Tabell för ${kind}` : null]);
    const pad = (r: CellValue[]) => [...Array.from({ length: indent }, () => null), ...r];
    if (kind === 'population') {
      values.push(pad(['Region', 'Befolkning']));
      for (const code of order) values.push(pad([regions.find((r) => r.code === code)!.name, 100_000 + Number(code) * 1000]));
    } else {
      const cols = indicatorColumnsFor(catalog, kind);
      values.push(pad(['Region', ...cols.map((c) => c.label.sv)]));
      for (const code of order)
        values.push(pad([regions.find((r) => r.code === code)!.name, ...cols.map((c) => (c.kind === 'percent' ? 0.75 : c.kind === 'boolean' ? 'ja' : '2026-09-01'))]));
    }
    if (total) values.push(pad(['Summa', null]));
    for (const r of blankRows) if (values[r]) values[r] = values[r]!.map(() => null);
    for (const [r, c, v] of damage) if (values[r] && c < values[r]!.length + 2) values[r]![c] = v;
    const width = Math.max(1, ...values.map((r) => r.length));
    const full = values.map((r) => [...r, ...Array.from({ length: width - r.length }, () => null)]);
    return { sheet: 'Tabell', top, left, values: full, numberFormats: full.map((r) => r.map(() => 'General')) };
  });

const gridArb = fc.oneof(junkGridArb, damagedTableArb);

function expectInside(g: Grid, cell: string, what: string): void {
  const p = parseA1(cell);
  expect(p, `${what}: "${cell}" is not an A1 address`).not.toBeNull();
  const width = Math.max(1, ...g.values.map((r) => r.length));
  const height = Math.max(1, g.values.length);
  expect(p!.row, `${what} ${cell}: row`).toBeGreaterThanOrEqual(g.top);
  expect(p!.row, `${what} ${cell}: row`).toBeLessThan(g.top + height);
  expect(p!.col, `${what} ${cell}: column`).toBeGreaterThanOrEqual(g.left);
  expect(p!.col, `${what} ${cell}: column`).toBeLessThan(g.left + width);
}

type Outcome = { ok: true } | { ok: false; errors: { sheet?: string; cell: string; message: { sv: string; en: string } }[] };

function checkOutcome(g: Grid, r: Outcome, what: string): void {
  if (r.ok) return;
  expect(r.errors.length, `${what}: a rejection names at least one cell`).toBeGreaterThan(0);
  for (const e of r.errors) {
    expectInside(g, e.cell, what);
    expect(e.sheet).toBe(g.sheet);
    expect(e.message.sv.trim().length).toBeGreaterThan(0);
    expect(e.message.en.trim().length).toBeGreaterThan(0);
    // Swedish messages write numbers with a decimal comma (quoted cell text aside).
    expect(e.message.sv.replace(/"[^"]*"?/g, ''), `${what}: a decimal point in a Swedish message`).not.toMatch(/\d\.\d/);
  }
}

describe('table readers on bad grids', () => {
  test(`populationFromGrid and indicatorsFromGrid never throw; errors name cells inside the grid (${RUNS} grids)`, () => {
    const tally = { grids: 0, populationOk: 0, indicatorsOk: 0, errors: 0 };
    fc.assert(
      fc.property(gridArb, (g) => {
        tally.grids++;
        const p = populationFromGrid(g, catalog);
        checkOutcome(g, p, 'populationFromGrid');
        if (p.ok) {
          tally.populationOk++;
          expect(p.table.rows.length).toBeGreaterThan(0);
          for (const row of p.table.rows) {
            expect(regions.some((r) => r.code === row.code)).toBe(true);
            expect(row.population).toMatch(/^\d+$/);
          }
        } else tally.errors += p.errors.length;
        for (const a of conditionAgreements) {
          const r = indicatorsFromGrid(g, catalog, a);
          checkOutcome(g, r, `indicatorsFromGrid ${a}`);
          if (r.ok) {
            tally.indicatorsOk++;
            for (const row of r.rows) for (const cell of Object.values(row.cells)) expectInside(g, cell, 'indicator input cell');
          } else tally.errors += r.errors.length;
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(`readers fuzz: ${tally.grids} grids; population read ${tally.populationOk}×, indicators read ${tally.indicatorsOk}×; ${tally.errors} cell errors, all inside their grid`);
    expect(tally.populationOk + tally.indicatorsOk).toBeGreaterThan(0); // the damaged tables reach the readers' success path too
  }, 60_000);

  test(`auditGrid on damaged tables never throws; every finding is inside the grid (${RUNS / 2} grids)`, () => {
    let findings = 0, grids = 0;
    fc.assert(
      fc.property(fc.oneof(damagedTableArb, junkGridArb.filter((g) => g.values.every((r) => r.length === (g.values[0]?.length ?? 0)))), fc.constantFrom(undefined, '2021', '2024', '2026'), (g, agreement) => {
        grids++;
        const r = auditGrid(g, catalog, agreement ? { agreement } : {});
        for (const f of r.findings) {
          findings++;
          expect(f.sheet).toBe(g.sheet);
          expectInside(g, f.cell, `finding ${f.rule}`);
          expect(['error', 'warning', 'note']).toContain(f.severity);
          expect(f.message.sv.length).toBeGreaterThan(0);
          expect(f.message.en.length).toBeGreaterThan(0);
        }
      }),
      { seed: SEED, numRuns: RUNS / 2 },
    );
    console.log(`audit fuzz: ${grids} grids, ${findings} findings, all inside their grid`);
  }, 60_000);
});

describe('text decoding of input files', () => {
  test(`decodeText never throws on arbitrary bytes; an ok result is text (${RUNS} buffers)`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const d = decodeText(bytes);
        if (d.ok) {
          expect(typeof d.text).toBe('string');
          expect(() => gridFromRows('f.csv', parseCsv(d.text))).not.toThrow();
        } else {
          expect(d.message.sv.length).toBeGreaterThan(0);
          expect(d.message.en.length).toBeGreaterThan(0);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
  test(`Swedish CSV text saved as UTF-8, UTF-8 BOM, UTF-16 LE/BE (BOM) or Windows-1252 decodes back exactly (${RUNS} texts)`, () => {
    const word = fc.constantFrom(...regions.map((r) => r.name), 'Befolkning', 'Folkmängd', 'Invånare', 'Åre', 'Härnösand', 'Malmö', 'é', '–', '€', '123 456', ';', ',', '\r\n', ' ');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), fc.constantFrom('utf8', 'utf8bom', 'utf16le', 'utf16be', 'cp1252'), (words, enc) => {
        const text = `Region;Befolkning\r\n${words.join('')}`;
        const latin = [...text].every((ch) => ch.charCodeAt(0) < 256 || ch === '€' || ch === '–');
        if (enc === 'cp1252' && !latin) return;
        const bytes = enc === 'utf8' ? Buffer.from(text, 'utf8')
          : enc === 'utf8bom' ? Buffer.from('\uFEFF' + text, 'utf8')
          : enc === 'utf16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
          : enc === 'utf16be' ? Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])
          : Buffer.from([...text].map((ch) => (ch === '€' ? 0x80 : ch === '–' ? 0x96 : ch.charCodeAt(0))));
        const d = decodeText(bytes);
        expect(d.ok).toBe(true);
        if (d.ok) expect(d.text).toBe(text);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
