// Issue 9, items 3 and 9–11: where the fake host was more lenient than Office.js. Each test
// here failed on the adapter before its fix (see the commit history) and names its item.
import { describe, expect, test } from 'vitest';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { createFakeExcel } from '../fake-host/index';
import { memoryPort } from '../fake-host/memory-port';
import { parseRange, type Rect } from '../../addin/core/a1';
import { OfficeWorkbook, WorkbookError, freeSheetName } from '../../addin/workbook/office';
import { allocate, allocationSheet, builtinCatalog } from '../../addin/api';

const overlaps = (a: Rect, b: Rect) => a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;

describe('item 3: a chart plots the amounts only, with the regions as categories, beside the table', () => {
  test('the fake host derives one series per numeric column of the source, and places a new chart over it', async () => {
    const wb = MemoryWorkbook.fromArrays({ S: [['Region', 'Kod', 'Befolkning', 'Andel', 'Belopp'], ['Region A', '01', 100, 0.5, 1000], ['Region B', '02', 100, 0.5, 1000]] });
    const { Excel } = createFakeExcel(wb);
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('S');
      ws.charts.add('BarClustered', ws.getRange('A2:E3'), 'Columns');
      await ctx.sync();
    });
    const c = wb.sheet('S').charts[0]!;
    expect(c.series).toEqual([
      { values: 'C2:C3', categories: 'A2:B3' },
      { values: 'D2:D3', categories: 'A2:B3' },
      { values: 'E2:E3', categories: 'A2:B3' },
    ]);
    expect(overlaps(parseRange(c.position!), parseRange('A1:E3'))).toBe(true);
  });

  test('writeSheet of an allocation table: one series (Belopp), categories the regions, no overlap with the table', async () => {
    const catalog = builtinCatalog();
    const spec = allocationSheet(allocate(catalog, { agreement: '2026', pot: 'svf-payment-1' }), catalog, 'sv');
    expect(spec.chart && spec.table).toBeTruthy();
    const wb = MemoryWorkbook.fromArrays({ Data: [['a']] });
    const { port } = memoryPort(wb);
    const out = await port.writeSheet(spec);
    const s = wb.sheet(out.sheet);
    const c = s.charts[0]!;
    const t = spec.table!;
    const v = spec.chart!.values;
    const k = spec.chart!.categories;
    expect(c.series).toEqual([{ values: `E${v.fromRow + 1}:E${v.toRow + 1}`, categories: `A${k.fromRow + 1}:A${k.toRow + 1}` }]);
    expect(s.get(v.fromRow - 1, 4).value).toMatch(/Belopp/);
    const table = parseRange(s.tables[0]!.range);
    expect(table).toEqual({ top: t.fromRow, left: t.fromCol, bottom: t.toRow, right: t.toCol });
    // beside the table: not over any written cell of its rows, nor over the table itself
    const pos = parseRange(c.position!);
    expect(overlaps(pos, table)).toBe(false);
    expect(overlaps(pos, parseRange(out.range))).toBe(false);
    expect(pos.left).toBeGreaterThan(table.right);
    expect(pos.top).toBe(table.top);
  });
});

describe('item 3 (hosts before ExcelApi 1.7)', () => {
  test('without ChartSeries.setXAxisValues no chart is written, and capabilities say so', async () => {
    const catalog = builtinCatalog();
    const spec = allocationSheet(allocate(catalog, { agreement: '2026', pot: 'svf-payment-1' }), catalog, 'sv');
    const wb = MemoryWorkbook.fromArrays({ Data: [['a']] });
    const { port } = memoryPort(wb, { api: '1.6' });
    expect((await port.capabilities()).charts).toBe(false);
    const out = await port.writeSheet(spec);
    expect(wb.sheet(out.sheet).charts).toEqual([]);
  });
});

describe('item 9: a cell holds a note or a threaded comment, not both', () => {
  test('the fake host refuses a note on a cell with a thread, and a thread on a cell with a note', async () => {
    const wb = MemoryWorkbook.fromArrays({ S: [['a', 'b']] });
    wb.setCell('S', 'A1', { comment: 'Tråd' });
    wb.setCell('S', 'B1', { note: 'Anteckning' });
    const { Excel } = createFakeExcel(wb);
    const e1 = await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('S').notes.add('A1', 'x');
      await ctx.sync();
    }).catch((e: unknown) => e);
    expect((e1 as { code: string }).code).toBe('InvalidOperation');
    const e2 = await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('S').comments.add('S!B1', 'x');
      await ctx.sync();
    }).catch((e: unknown) => e);
    expect((e2 as { code: string }).code).toBe('InvalidOperation');
    expect(wb.getCell('S', 'A1')).toMatchObject({ comment: 'Tråd', note: null });
    expect(wb.getCell('S', 'B1')).toMatchObject({ note: 'Anteckning' });
    expect(wb.getCell('S', 'B1').comment).toBeUndefined();
  });

  const book = () => {
    const wb = MemoryWorkbook.fromArrays({ S: [['Region', 'Belopp'], ['A', 1], ['B', 2], ['C', 3]] });
    wb.setCell('S', 'B2', { comment: 'Användarens tråd' });
    wb.setCell('S', 'B3', { note: 'Användarens anteckning' });
    return wb;
  };
  const flags = [
    { sheet: 'S', cell: 'B2', severity: 'error' as const, message: 'Fel: beloppet (5.3)' },
    { sheet: 'S', cell: 'B3', severity: 'warning' as const, message: 'Varning: andelen (4.2)' },
    { sheet: 'S', cell: 'B4', severity: 'note' as const, message: 'Obs: källan (6)' },
  ];

  for (const api of ['1.18', '1.17']) {
    test(`ExcelApi ${api}: every cell is flagged without touching the user's thread or note; clearFlags restores exactly`, async () => {
      const wb = book();
      const before = wb.snapshot();
      const { port } = memoryPort(wb, { api });
      const r = await port.flag(flags);
      expect(r.cells).toBe(3);
      // the thread keeps its text; the flag's message is a reply in it
      expect(wb.getCell('S', 'B2')).toMatchObject({ comment: 'Användarens tråd', note: null, fill: '#FFC7CE' });
      expect(wb.getCell('S', 'B2').replies?.map((x) => x.content)).toEqual(['Fel: beloppet (5.3)']);
      expect(wb.getCell('S', 'B3')).toMatchObject({ note: api === '1.18' ? 'Varning: andelen (4.2)' : 'Användarens anteckning', fill: '#FFEB9C' });
      expect(wb.getCell('S', 'B3').comment).toBeUndefined();
      if (api === '1.17') expect(r.warnings?.join(' ')).toMatch(/B3/);
      expect(api === '1.18' ? wb.getCell('S', 'B4').note : wb.getCell('S', 'B4').comment).toBe('Obs: källan (6)');
      // re-flagging updates the reply, it does not add a second one
      await port.flag([{ ...flags[0]!, message: 'Fel: nytt (5.4)' }]);
      expect(wb.getCell('S', 'B2').replies?.map((x) => x.content)).toEqual(['Fel: nytt (5.4)']);
      expect(await port.clearFlags()).toBe(3);
      expect(port.warnings?.() ?? []).toEqual([]);
      expect(wb.snapshot()).toEqual(before);
    });
  }
});

describe('item 10: fills restore exactly (pattern, pattern colour, tint/shade); gradients and conditional formats are said', () => {
  const book = () => {
    const wb = MemoryWorkbook.fromArrays({ S: [['Region', 'Belopp'], ['A', 1], ['B', 2], ['C', 3], ['D', 4], ['E', 5]] });
    wb.setCell('S', 'B2', { fill: '#FF0000', fillStyle: { pattern: 'Gray50', patternColor: '#0000FF', patternTintAndShade: -0.25 } });
    wb.setCell('S', 'B3', { fill: '#4472C4', fillStyle: { pattern: 'Solid', tintAndShade: 0.4 } }); // a theme colour, lighter 40 %
    wb.setCell('S', 'B4', { fill: '#00B050', fillStyle: { pattern: 'LinearGradient' } });
    wb.setCell('S', 'B5', { fill: '#FFFF00' });
    return wb;
  };
  const flags = ['B2', 'B3', 'B4', 'B5', 'B6'].map((cell) => ({ sheet: 'S', cell, severity: 'error' as const, message: `Fel i ${cell}` }));

  test('the fake host reports and sets the whole fill through getCellProperties/setCellProperties, and refuses a gradient', async () => {
    const wb = book();
    const { Excel } = createFakeExcel(wb);
    const props = await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('S').getRange('B2:B3').getCellProperties({ format: { fill: { color: true, pattern: true, patternColor: true, tintAndShade: true, patternTintAndShade: true } } });
      await ctx.sync();
      return r.value;
    });
    expect(props[0]![0]!.format!.fill).toEqual({ color: '#FF0000', pattern: 'Gray50', patternColor: '#0000FF', tintAndShade: 0, patternTintAndShade: -0.25 });
    expect(props[1]![0]!.format!.fill).toMatchObject({ color: '#4472C4', pattern: 'Solid', tintAndShade: 0.4 });
    const e = await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('S').getRange('C2').setCellProperties([[{ format: { fill: { color: '#00B050', pattern: 'LinearGradient' } } }]]);
      await ctx.sync();
    }).catch((x: unknown) => x);
    expect((e as { code: string }).code).toBe('UnsupportedFillType');
  });

  test('a flag shows a plain solid fill on patterned and tinted cells, leaves a gradient alone (saying so), and Clear flags gives every fill back', async () => {
    const wb = book();
    const before = wb.snapshot();
    const { port } = memoryPort(wb);
    const r = await port.flag(flags);
    for (const c of ['B2', 'B3', 'B5', 'B6']) {
      expect(wb.getCell('S', c).fill, c).toBe('#FFC7CE');
      // what shows: a solid fill at full colour (a pattern colour kept under a solid fill is not seen)
      expect(wb.getCell('S', c).fillStyle?.pattern ?? 'Solid', c).toBe('Solid');
      expect(wb.getCell('S', c).fillStyle?.tintAndShade ?? 0, c).toBe(0);
    }
    expect(wb.getCell('S', 'B4')).toMatchObject({ fill: '#00B050', fillStyle: { pattern: 'LinearGradient' }, note: 'Fel i B4' });
    expect(r.warnings?.join(' ')).toMatch(/gradient.*S!B4/);
    expect(await port.clearFlags()).toBe(5);
    expect(port.warnings?.() ?? []).toEqual([]);
    expect(wb.snapshot()).toEqual(before);
  });

  test('a flag over a conditional format says that Excel shows the conditional colour over it', async () => {
    const wb = book();
    wb.sheet('S').conditionalFormats.push({ range: 'B4:B6', fill: '#C6EFCE' });
    const { port } = memoryPort(wb);
    const plain = await port.flag([flags[0]!]);
    expect(plain.warnings).toBeUndefined();
    const r = await port.flag(flags.slice(4));
    expect(r.warnings?.join(' ')).toMatch(/conditional format.*S!B6/);
  });
});

describe('item 11: what real Excel refuses or reads differently, each with a clear message before anything is written', () => {
  const sheetBook = () => MemoryWorkbook.fromArrays({ S: [['Region', 'Belopp'], ['A', 1], ['B', 2]], T: [['x']] });
  const flag = { sheet: 'S', cell: 'B2', severity: 'error' as const, message: 'Fel (5.3)' };
  const textOf = (e: unknown) => (e as WorkbookError).text;

  test('a selection of several areas: getSelectedRange throws; readSelection refuses, naming the areas, in Swedish and English', async () => {
    const wb = sheetBook();
    wb.setSelection('S', 'A1:B2,B3');
    const { Excel } = createFakeExcel(wb);
    const raw = await Excel.run(async (ctx) => {
      ctx.workbook.getSelectedRange().load('address');
      await ctx.sync();
    }).catch((e: unknown) => e);
    expect((raw as { code: string }).code).toBe('InvalidSelection');
    const e = await memoryPort(wb).port.readSelection().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WorkbookError);
    expect((e as WorkbookError).code).toBe('InvalidSelection');
    expect(textOf(e)?.sv).toMatch(/2 områden.*A1:B2.*B3.*ett område/);
    expect(textOf(e)?.en).toMatch(/2 areas.*A1:B2.*B3.*one area/);
    wb.setSelection('S', 'A1:B2');
    expect((await memoryPort(wb).port.readSelection()).values).toEqual([['Region', 'Belopp'], ['A', 1]]);
  });

  test('cell-edit mode: every action fails with InvalidOperationInCellEditMode and a message saying to press Enter or Esc and retry; nothing written', async () => {
    const wb = sheetBook();
    const before = wb.snapshot();
    const host = createFakeExcel(wb, { cellEditMode: true });
    const port = new OfficeWorkbook(host);
    for (const action of [() => port.readSheet('S'), () => port.flag([flag]), () => port.writeSheet({ name: 'Ny', cells: [['a']] }), () => port.clearFlags()]) {
      const e = await action().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(WorkbookError);
      expect((e as WorkbookError).code).toBe('InvalidOperationInCellEditMode');
      expect(textOf(e)?.sv).toMatch(/redigerar en cell.*Enter.*Esc.*försök igen/);
      expect(textOf(e)?.en).toMatch(/editing a cell.*Enter.*Esc.*try again/);
    }
    expect(wb.snapshot()).toEqual(before);
    host.options.cellEditMode = false; // the user left the cell: the retry works
    expect((await port.flag([flag])).cells).toBe(1);
  });

  test('a protected sheet: flag and clearFlags refuse before writing anything, naming the sheet', async () => {
    const wb = sheetBook();
    const before = wb.snapshot();
    wb.sheet('S').protected = true;
    const { port } = memoryPort(wb);
    const e = await port.flag([flag]).catch((x: unknown) => x);
    expect((e as WorkbookError).code).toBe('SheetProtected');
    expect(textOf(e)?.sv).toMatch(/"S" är skyddat.*Inget har ändrats/);
    expect(textOf(e)?.en).toMatch(/"S" is protected.*Nothing was changed/);
    expect(wb.snapshot()).toEqual({ ...before, sheets: before.sheets.map((s) => (s.name === 'S' ? { ...s, protected: true } : s)) });
    // flagged, then protected: Clear flags refuses too, and changes nothing
    wb.sheet('S').protected = false;
    await port.flag([flag]);
    wb.sheet('S').protected = true;
    const flagged = wb.snapshot();
    const c = await port.clearFlags().catch((x: unknown) => x);
    expect((c as WorkbookError).code).toBe('SheetProtected');
    expect(wb.snapshot()).toEqual(flagged);
    wb.sheet('S').protected = false;
    expect(await port.clearFlags()).toBe(1);
    expect(wb.snapshot()).toEqual(before);
  });

  test("a protected workbook structure: writeSheet and a first flag refuse before writing; flags made before are still cleared (the registry emptied, not deleted)", async () => {
    const wb = sheetBook();
    const before = wb.snapshot();
    wb.structureProtected = true;
    const { port } = memoryPort(wb);
    for (const e of [await port.writeSheet({ name: 'Ny', cells: [['a']] }).catch((x: unknown) => x), await port.flag([flag]).catch((x: unknown) => x)]) {
      expect((e as WorkbookError).code).toBe('WorkbookProtected');
      expect(textOf(e)?.sv).toMatch(/arbetsbokens struktur är skyddad.*Inget har ändrats/i);
      expect(textOf(e)?.en).toMatch(/workbook's structure is protected.*Nothing was changed/i);
    }
    expect(wb.snapshot()).toEqual({ ...before, structureProtected: true });
    wb.structureProtected = false;
    await port.flag([flag]);
    wb.structureProtected = true;
    expect(await port.clearFlags()).toBe(1);
    const after = wb.snapshot();
    expect(after.sheets.filter((s) => s.name !== '_AgreementRulesFlags')).toEqual(before.sheets);
    expect(port.warnings?.().join(' ')).toMatch(/structure is protected/);
    // later, unprotected: the empty registry goes with the next Clear flags
    wb.structureProtected = false;
    expect(await port.clearFlags()).toBe(0);
    expect(wb.snapshot()).toEqual(before);
  });

  test('"History" is a name Excel reserves: a new sheet never gets it', async () => {
    const wb = sheetBook();
    const { Excel } = createFakeExcel(wb);
    const e = await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.add('history');
      await ctx.sync();
    }).catch((x: unknown) => x);
    expect((e as { code: string }).code).toBe('InvalidArgument');
    expect(freeSheetName('History', [])).not.toMatch(/^history$/i);
    const out = await memoryPort(wb).port.writeSheet({ name: 'History', cells: [['a']] });
    expect(out.sheet).toBe('History (2)');
  });

  test('a table name that is a defined name of the workbook gets a free one', async () => {
    const wb = sheetBook();
    wb.names.push({ name: 'Fördelning', formula: '=S!$A$1' }, { name: 'Table1', formula: '=S!$B$1' });
    const out = await memoryPort(wb).port.writeSheet({ name: 'Ny', cells: [['Region', 'Belopp'], ['A', 1]], table: { name: 'Fördelning', fromRow: 0, toRow: 1, fromCol: 0, toCol: 1 } });
    expect(wb.sheet(out.sheet).tables[0]!.name).toBe('Fördelning_2');
  });

  test('the 1904 date system (Mac workbooks): dates are read as the same days, other numbers as they are', async () => {
    const wb = MemoryWorkbook.fromArrays({ S: [['Datum', 'Belopp'], [43_000, 43_000]] });
    wb.setCell('S', 'A2', { numberFormat: 'yyyy-mm-dd' });
    wb.date1904 = true; // serial 43 000 is 2021-09-25 in the 1904 system (2017-09-24 in the 1900 system)
    const g = await memoryPort(wb).port.readSheet('S');
    expect(g.values[1]).toEqual([44_462, 43_000]); // the 1900 serial of 2021-09-25; the amount untouched
    const old = memoryPort(wb, { api: '1.15' }).port;
    expect((await old.capabilities()).missing.join(' ')).toMatch(/1904/);
  });

  test('error values are read by their type (valueTypes), not by the localized text ("#SAKNAS!" is #N/A)', async () => {
    const wb = MemoryWorkbook.fromArrays({ S: [['#N/A', '#DIV/0!', '#REF!', '#VALUE!', 'Text'], [1, '#NAME?', '#NUM!', '#NULL!', '#SPILL!']] });
    wb.setCell('S', 'E1', { value: '#N/A', numberFormat: '@' }); // text that looks like an error stays text
    const { Excel } = createFakeExcel(wb, { displayLanguage: 'sv-SE' });
    const raw = await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('S').getRange('A1:B1').load('values,valueTypes');
      await ctx.sync();
      return [r.values, r.valueTypes];
    });
    expect(raw).toEqual([[['#SAKNAS!', '#DIVISION/0!']], [['Error', 'Error']]]);
    for (const lang of ['sv-SE', 'en-US']) {
      const g = await memoryPort(wb, { displayLanguage: lang }).port.readSheet('S');
      expect(g.values).toEqual([['#N/A', '#DIV/0!', '#REF!', '#VALUE!', '#N/A'], [1, '#NAME?', '#NUM!', '#NULL!', '#SPILL!']]);
      wb.setSelection('S', 'A1:B2');
      expect((await memoryPort(wb, { displayLanguage: lang }).port.readSelection()).values).toEqual([['#N/A', '#DIV/0!'], [1, '#NAME?']]);
    }
  });
});
