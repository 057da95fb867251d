// Allocation and export never write over a non-empty cell: writeSheet always makes a new
// sheet under a free name (Excel compares names case-insensitively; ≤ 31 characters) and
// leaves every existing sheet exactly as it was — on a workbook whose sheet names collide
// with the product's, and on random workbooks (fast-check, fixed seed), for every kind of
// sheet the product writes, with flags set before and cleared after.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MemoryWorkbook, type WorkbookJSON } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import { REGISTRY_SHEET } from '../../addin/workbook/office';
import { allocate, allocationSheet, type NewSheetSpec } from '../../addin/api';
import { SEED, cellArb, flagsArb } from './arbitraries';
import { catalog, specs } from './scenario';

const RUNS = 120;

/** Every pot the product can allocate, as the sheet the pane writes. */
const allocationSpecs: NewSheetSpec[] = catalog.agreements.flatMap((a) =>
  a.pots.filter((p) => p.split.by !== 'unspecified').map((p) => allocationSheet(allocate(catalog, { agreement: a.id, pot: p.id }), catalog, 'sv')),
);

const productNames = (all: NewSheetSpec[]) => [...new Set(all.map((s) => s.name))];

function collidingNames(names: string[]): string[] {
  const out = new Set<string>();
  for (const n of names) {
    out.add(n);
    out.add(n.toUpperCase());
    out.add(`${n} (2)`);
    out.add(`${n} (3)`.toLowerCase());
    out.add(`${n} ${'x'.repeat(31)}`.slice(0, 31)); // a name the product's would be cut to
  }
  out.add('Blad1');
  return [...out].filter((n) => n.length <= 31);
}

describe('writeSheet never writes into an existing sheet', async () => {
  const kinds = await specs();
  const all = [...Object.values(kinds), ...allocationSpecs];

  test('the allocation sheet into a workbook that has "Utbetalning 1 2026" with data: a new free name, the old sheet unchanged', async () => {
    const wb = MemoryWorkbook.fromArrays({
      'Utbetalning 1 2026': [['Mina egna siffror'], ['Region Skåne', 123, '=A1']],
      'Utbetalning 1 2026 (2)': [['också min']],
    });
    wb.setCell('Utbetalning 1 2026', 'B2', { fill: '#FFFF00', note: 'min', numberFormat: '#,##0' });
    const before = wb.snapshot();
    const { port } = memoryPort(wb);
    const out = await port.writeSheet(kinds.allocation!);
    expect(out.sheet).toBe('Utbetalning 1 2026 (3)');
    const after = wb.snapshot();
    for (const s of before.sheets) expect(after.sheets.find((x) => x.name === s.name)).toEqual(s);
    expect(after.sheets.map((s) => s.name)).toEqual([...before.sheets.map((s) => s.name), out.sheet]);
    expect(wb.getCell(out.sheet, 'A3').value).toBe('Region');
  });

  /** The sheets to write first, then a workbook whose sheet names mostly collide with theirs (case, " (n)" suffixes, 31-character cuts). */
  const caseArb = fc.array(fc.constantFrom(...all), { minLength: 1, maxLength: 4 }).chain((writes) => {
    const names = collidingNames(productNames(writes));
    const others = collidingNames(productNames(all));
    return fc
      .uniqueArray(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom(...others) }), {
        minLength: 1,
        maxLength: 5,
        selector: (x) => x.toLowerCase(),
      })
      .chain((ns) => fc.tuple(fc.constant(ns), fc.array(fc.array(fc.tuple(fc.nat(30), fc.nat(8), cellArb), { maxLength: 25 }), { minLength: ns.length, maxLength: ns.length })))
      .map(([ns, cells]): WorkbookJSON => {
        const wb = new MemoryWorkbook();
        ns.forEach((n, i) => {
          const sh = wb.addSheet(n);
          for (const [r, c, cell] of cells[i]!) sh.set(r, c, cell);
        });
        return wb.snapshot();
      })
      .chain((json) => fc.record({ json: fc.constant(json), writes: fc.constant(writes), flags: fc.option(flagsArb(json.sheets.map((x) => x.name), 10), { nil: undefined }) }));
  });

  test(`random workbooks × every sheet kind (${RUNS} cases)`, async () => {
    let cases = 0, written = 0, renamed = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ json, writes, flags }) => {
        cases++;
        const wb = MemoryWorkbook.fromJSON(json);
        const original = wb.snapshot();
        const { port } = memoryPort(wb);
        if (flags) await port.flag(flags);
        const before = wb.snapshot();
        for (const spec of writes) {
          const taken = wb.sheetNames().map((n) => n.toLowerCase());
          const out = await port.writeSheet(spec);
          written++;
          if (out.sheet !== spec.name) renamed++;
          expect(taken).not.toContain(out.sheet.toLowerCase());
          expect(out.sheet.length).toBeLessThanOrEqual(31);
          expect(out.sheet).not.toMatch(/[[\]:*?/\\]/);
          // the new sheet holds what was asked, from A1
          spec.cells.forEach((row, i) => row.forEach((v, j) => {
            const got = wb.getCell(out.sheet, i, j).value;
            if (v === null || v === '') expect(got).toBe(null);
            else expect(got).toEqual(v);
          }));
        }
        // every sheet that was there is exactly as it was, in its place
        const after = wb.snapshot();
        expect(after.sheets.slice(0, before.sheets.length)).toEqual(before.sheets);
        expect(after.sheets.length).toBe(before.sheets.length + writes.length);
        if (flags) {
          await port.clearFlags();
          const cleared = wb.snapshot();
          expect(cleared.sheets.filter((s) => s.name !== REGISTRY_SHEET).slice(0, original.sheets.length)).toEqual(original.sheets);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(`no-overwrite property: ${cases} cases, ${written} sheets written (${renamed} under a new name because the wanted one was taken)`);
  }, 120_000);
});

describe('the command line\'s --out', () => {
  // `--out FILE.xlsx` onto an existing workbook is refused (exit 2) and the file is left
  // byte-identical: the .xlsx bridge cannot carry everything a workbook holds.
  test('never replaces a workbook the user already has', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { main } = await import('../../addin/cli/main');
    const { readXlsx, writeXlsx } = await import('../../addin/workbook/xlsx');
    const dir = mkdtempSync(join(tmpdir(), 'agreement-rules-out-'));
    const file = join(dir, 'budget.xlsx');
    await writeXlsx(MemoryWorkbook.fromArrays({ Mina: [['viktigt', 42]] }), file);
    const bytes = readFileSync(file);
    const code = await main(['allocate', '--agreement', '2026', '--pot', 'svf-payment-1', '--out', 'budget.xlsx'], { out: () => {}, err: () => {}, cwd: dir });
    expect(code).toBe(2);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect((await readXlsx(file)).getCell('Mina', 'B1').value).toBe(42);
  });
});
