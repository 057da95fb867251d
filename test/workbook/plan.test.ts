// plan.ts's registry format and flag planning (the rest of plan.ts: pure.test.ts).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  groupFlags,
  hostCapabilities,
  mayBeRegistry,
  nextEntry,
  parseRegistry,
  REGISTRY_HEADER,
  REGISTRY_SHEET,
  registryLines,
  registryWarnings,
  showsFlagFill,
  showsFlagText,
  type RegistryEntry,
} from '../../addin/workbook/plan';
import { FLAG_FILLS } from '../../addin/workbook/port';
import { cellAddress } from '../../addin/core/a1';

const sheets = [
  { name: 'Data', id: '{A}' },
  { name: 'Annat', id: '{B}' },
];

const entryArb: fc.Arbitrary<RegistryEntry> = fc
  .record({
    sheet: fc.constantFrom(...sheets),
    row: fc.nat(2000),
    col: fc.nat(300),
    f: fc.option(fc.constantFrom('#FFFF00', '#00B050', '#ffc7ce'), { nil: null }),
    n: fc.option(fc.string({ maxLength: 40 }), { nil: null }),
    ch: fc.constantFrom('note' as const, 'comment' as const, 'none' as const),
    v: fc.constantFrom('error' as const, 'warning' as const, 'note' as const),
    m: fc.string({ maxLength: 40 }),
    prev: fc.option(fc.record({ pv: fc.constantFrom('error' as const, 'warning' as const, 'note' as const), pm: fc.string({ maxLength: 20 }) }), { nil: undefined }),
  })
  .map((x) => ({ s: x.sheet.name, i: x.sheet.id, c: cellAddress(x.row, x.col), f: x.f, n: x.n, ch: x.ch, v: x.v, m: x.m, ...(x.prev ?? {}) }));

describe('the registry format', () => {
  test('property: registryLines → parseRegistry gives back every entry (fills upper-cased), keyed by sheet id and cell', () => {
    fc.assert(
      fc.property(fc.uniqueArray(entryArb, { maxLength: 40, selector: (e) => `${e.i}!${e.c}` }), (entries) => {
        const lines = registryLines(entries);
        expect(lines[0]).toEqual([REGISTRY_HEADER]);
        const parsed = parseRegistry(lines, sheets);
        expect(parsed.bad).toBe(0);
        expect([...parsed.entries.values()]).toEqual(entries.map((e) => ({ ...e, f: e.f === null ? null : e.f.toUpperCase() })));
        expect([...parsed.entries.keys()]).toEqual(entries.map((e) => `${e.i}!${e.c}`));
      }),
      { seed: 9, numRuns: 200 },
    );
  });

  test('a renamed sheet is found by its id; a deleted sheet\'s lines are dropped; bad lines are counted, not applied', () => {
    const e: RegistryEntry = { s: 'Data', i: '{A}', c: 'B2', f: null, n: null, ch: 'note', v: 'error', m: 'x' };
    const gone: RegistryEntry = { ...e, i: '{GONE}', s: 'Borta' };
    const lines = [...registryLines([e, gone]), ['not json'], [JSON.stringify({ ...e, c: 'B0' })], [JSON.stringify({ ...e, f: 'red' })], ['']];
    const parsed = parseRegistry(lines, [{ name: 'Nytt namn', id: '{A}' }]);
    expect(parsed.bad).toBe(3);
    expect([...parsed.entries.values()]).toEqual([{ ...e, s: 'Nytt namn' }]);
    expect(registryWarnings(parsed.bad, 2)).toEqual([
      "3 line(s) of the flag registry are not the add-in's (malformed or planted): ignored, not applied",
      '2 flagged cell(s) no longer showed their flag (moved by an inserted row or column, or changed since): their fill and note were left as they are',
    ]);
    expect(registryWarnings(0, 0)).toEqual([]);
  });

  test('only a VeryHidden sheet named like the registry may be it', () => {
    expect(mayBeRegistry(REGISTRY_SHEET, 'VeryHidden')).toBe(true);
    expect(mayBeRegistry(`${REGISTRY_SHEET} (2)`, 'VeryHidden')).toBe(true);
    expect(mayBeRegistry(REGISTRY_SHEET.toLowerCase(), 'VeryHidden')).toBe(true);
    expect(mayBeRegistry(REGISTRY_SHEET, 'Hidden')).toBe(false);
    expect(mayBeRegistry(REGISTRY_SHEET, 'Visible')).toBe(false);
    expect(mayBeRegistry(`${REGISTRY_SHEET} kopia`, 'VeryHidden')).toBe(false);
  });
});

describe('flag planning', () => {
  test('the last flag for a cell wins; cells upper-cased, grouped by sheet as named', () => {
    const g = groupFlags(
      [
        { sheet: 'Data', cell: 'b2', severity: 'error', message: '1' },
        { sheet: 'Data', cell: 'C3', severity: 'note', message: '2' },
        { sheet: 'Data', cell: 'B2', severity: 'warning', message: '3' },
        { sheet: 'Annat', cell: "'Annat'!A1", severity: 'note', message: '4' },
      ],
      (c) => c.replace(/^.*!/, ''),
    );
    expect([...g.keys()]).toEqual(['Data', 'Annat']);
    expect(g.get('Data')).toEqual([
      { sheet: 'Data', cell: 'B2', row: 1, col: 1, severity: 'warning', message: '3' },
      { sheet: 'Data', cell: 'C3', row: 2, col: 2, severity: 'note', message: '2' },
    ]);
    expect(g.get('Annat')![0]!.cell).toBe('A1');
  });

  test('a first flag remembers the cell as it is; a re-flag keeps the original and the flag it replaces', () => {
    const first = nextEntry(undefined, sheets[0]!, { cell: 'B2', severity: 'error', message: 'Fel' }, { fill: { f: '#FFFF00', gradient: false }, text: 'Min' }, 'note');
    expect(first).toEqual({ s: 'Data', i: '{A}', c: 'B2', f: '#FFFF00', n: 'Min', ch: 'note', v: 'error', m: 'Fel' });
    const again = nextEntry(first, sheets[0]!, { cell: 'B2', severity: 'note', message: 'Obs' }, { fill: { f: FLAG_FILLS.error, gradient: false }, text: 'Fel' }, 'comment');
    expect(again).toEqual({ s: 'Data', i: '{A}', c: 'B2', f: '#FFFF00', n: 'Min', ch: 'note', v: 'note', m: 'Obs', pv: 'error', pm: 'Fel' });
  });

  test('what still shows its flag: the flag\'s fill or, after a re-flag cut short, the one before; its message', () => {
    const e: RegistryEntry = { s: 'Data', i: '{A}', c: 'B2', f: null, n: null, ch: 'note', v: 'note', m: 'Obs', pv: 'error', pm: 'Fel' };
    expect(showsFlagFill(e, FLAG_FILLS.note)).toBe(true);
    expect(showsFlagFill(e, FLAG_FILLS.note.toLowerCase())).toBe(true);
    expect(showsFlagFill(e, FLAG_FILLS.error)).toBe(true);
    expect(showsFlagFill(e, FLAG_FILLS.warning)).toBe(false);
    expect(showsFlagFill(e, null)).toBe(false);
    expect(showsFlagFill({ ...e, pv: undefined }, FLAG_FILLS.error)).toBe(false);
    expect(showsFlagText(e, 'Obs')).toBe(true);
    expect(showsFlagText(e, 'Fel')).toBe(true);
    expect(showsFlagText(e, 'Användarens')).toBe(false);
    expect(showsFlagText(e, null)).toBe(false);
    expect(showsFlagText({ ...e, pm: undefined }, undefined)).toBe(false);
  });

  test('capabilities by API level', () => {
    const at = (api: number) => (v: string) => Number(v.split('.')[1]) <= api;
    expect(hostCapabilities(at(18), true)).toEqual({ notes: true, comments: true, charts: true, tables: true, missing: [] });
    const old = hostCapabilities(at(10), false);
    expect(old).toMatchObject({ notes: false, comments: true, charts: false, tables: true });
    expect(old.missing).toEqual(['ExcelApi 1.18 (notes): flags use comments instead', 'Charts (ExcelApi 1.7, series categories): new sheets are written without a chart', 'ExcelApi 1.13 (merged areas): reading a sheet does not report merged cells',
      "ExcelApi 1.16 (the workbook's date system): a workbook in the 1904 date system (older Mac workbooks) is read as if in the 1900 system, its dates 1 462 days (4 years) early",
    ]);
    expect(hostCapabilities(at(8), true).missing).toContain('ExcelApi 1.9 (cell properties): flags cannot be set or cleared, new sheets print without their page layout');
  });
});
