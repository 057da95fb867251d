/**
 * fast-check arbitraries for the data-safety tests: random workbooks as a user makes
 * them (values of every kind incl. Excel error values, their own fills, notes, comments,
 * number formats, bold, hidden rows, merged areas, on 1–3 sheets) and random flags on
 * them (cells with and without their own fill/note, several severities, re-flagging).
 */
import fc from 'fast-check';
import { MemoryWorkbook, type Cell, type WorkbookJSON } from '../../addin/workbook/memory';
import { cellAddress } from '../../addin/core/a1';
import type { CellValue, Flag, Severity } from '../../addin/workbook/port';

/** One place for the seeds, so every run checks the same cases. */
export const SEED = 20_261_123;

export const SHEET_NAMES = ['Blad1', 'Indikatorer', 'Utbetalning 1 2026', 'Data (2)', "Region's data", 'Åäö 2026', 'Summa'];

export const ERROR_VALUES = ['#REF!', '#DIV/0!', '#N/A', '#VALUE!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!'];

export const valueArb: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('Region Skåne', 'Summa', 'Totalt', '72 %', '0,72', '1 234 567', '2026-09-30', 'ja', 'nej', '=SUM(A1:A3)', "'01") },
  { weight: 3, arbitrary: fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true })) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(...ERROR_VALUES) },
);

export const FORMATS = ['General', '#,##0', '0.00%', '0.0%', '@', 'yyyy-mm-dd', '# ##0 "kr"', '0.000'];
export const USER_FILLS = ['#FFFF00', '#00B050', '#FFC7CE' /* the same red as an error flag */, '#DDEBF7', '#FFFFFF'];

const noteArb = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('Kolla detta', 'Användarens anteckning\nrad två', 'x'.repeat(300)));

export const cellArb: fc.Arbitrary<Partial<Cell>> = fc
  .record(
    {
      value: valueArb,
      numberFormat: fc.oneof({ weight: 3, arbitrary: fc.constant('General') }, { weight: 2, arbitrary: fc.constantFrom(...FORMATS) }),
      fill: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...USER_FILLS) }),
      note: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: noteArb }),
      bold: fc.boolean(),
      comment: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: noteArb }),
      // the rest of a fill (issue 9 item 10): a pattern with its colour, a theme tint/shade
      fillStyle: fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.record({ pattern: fc.constantFrom('Gray50', 'Checker', 'LightUp'), patternColor: fc.constantFrom('#0000FF', '#FF0000') }) },
        { weight: 1, arbitrary: fc.record({ pattern: fc.constant('Solid'), tintAndShade: fc.constantFrom(0.4, -0.25, 0.8) }) },
      ),
    },
    { requiredKeys: ['value', 'numberFormat', 'fill', 'note'] },
  )
  .map((c) => {
    const out: Partial<Cell> = { value: c.value, numberFormat: c.numberFormat, fill: c.fill, note: c.note };
    if (c.bold) out.bold = true;
    if (c.fillStyle && c.fill !== null) out.fillStyle = c.fillStyle;
    // A cell holds a note or a threaded comment, never both (Excel refuses the second): the comment then stands alone.
    if (c.comment !== undefined) {
      out.comment = c.comment;
      out.note = null;
    }
    return out;
  });

/** The area cells and flags fall in: rows 0..ROWS-1, columns 0..COLS-1. */
export const ROWS = 14;
export const COLS = 8;

const sheetArb = fc.record({
  cells: fc.array(fc.tuple(fc.nat(ROWS - 1), fc.nat(COLS - 1), cellArb), { maxLength: 40 }),
  hiddenRows: fc.uniqueArray(fc.nat(ROWS - 1), { maxLength: 3 }),
  merged: fc.constantFrom([], ['A1:C1'], ['B2:B3', 'E5:F6']),
});

export const workbookArb: fc.Arbitrary<WorkbookJSON> = fc
  .uniqueArray(fc.constantFrom(...SHEET_NAMES), { minLength: 1, maxLength: 3, selector: (s) => s.toLowerCase() })
  .chain((names) => fc.tuple(fc.constant(names), fc.array(sheetArb, { minLength: names.length, maxLength: names.length }), fc.nat(names.length - 1)))
  .map(([names, sheets, active]) => {
    const wb = new MemoryWorkbook();
    names.forEach((name, i) => {
      const s = wb.addSheet(name);
      const spec = sheets[i]!;
      for (const [r, c, cell] of spec.cells) s.set(r, c, cell);
      for (const r of spec.hiddenRows) s.hiddenRows.add(r);
      s.merged = [...spec.merged];
    });
    wb.setSelection(names[active]!, 'B2');
    return wb.snapshot();
  });

export const severityArb: fc.Arbitrary<Severity> = fc.constantFrom('error', 'warning', 'note');

const messageArb = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('Beloppet saknas i avtalet (avsnitt 5.3)', 'Under 70 % (4.2)', 'Rad 1\nRad 2 – ”citat”', '{"s":"not a registry line"}', '=HYPERLINK("x")'),
);

/** Flags on the given sheets, inside the area (so on cells with and without their own state). */
export function flagsArb(sheets: string[], maxLength = 30): fc.Arbitrary<Flag[]> {
  return fc.array(
    fc.record({
      sheet: fc.constantFrom(...sheets),
      cell: fc.tuple(fc.nat(ROWS + 1), fc.nat(COLS + 1)).map(([r, c]) => cellAddress(r, c)),
      severity: severityArb,
      message: messageArb,
    }),
    { minLength: 1, maxLength },
  );
}

/** Everything a flag must never change: values, number formats, bold, and the sheets' structure. */
export function withoutMarks(s: WorkbookJSON): unknown {
  return {
    ...s,
    sheets: s.sheets.map((sh) => ({
      ...sh,
      cells: Object.fromEntries(
        Object.entries(sh.cells)
          .map(([a, c]) => [a, { value: c.value, numberFormat: c.numberFormat, bold: c.bold }] as const)
          .filter(([, c]) => c.value !== undefined || c.numberFormat !== undefined || c.bold !== undefined),
      ),
    })),
  };
}

export const userSheets = (s: WorkbookJSON): string[] => s.sheets.map((x) => x.name).filter((n) => !n.startsWith('_'));
