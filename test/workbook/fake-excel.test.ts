import { describe, expect, test } from 'vitest';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { createFakeExcel, FakeOfficeError } from '../fake-host/index';

const book = () => MemoryWorkbook.fromArrays({ Blad1: [['a', 1], ['b', 2]], Blad2: [] });

describe('fake Excel host: Office.js proxy rules', () => {
  test('reading a property that was not loaded and synced throws PropertyNotLoaded', async () => {
    const { Excel } = createFakeExcel(book());
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Blad1').getRange('A1:B2');
      expect(() => r.values).toThrow(/not available/);
      r.load('values');
      let err: unknown;
      try {
        void r.values; // loaded but not synced
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FakeOfficeError);
      expect((err as FakeOfficeError).code).toBe('PropertyNotLoaded');
      await ctx.sync();
      expect(r.values).toEqual([['a', 1], ['b', 2]]);
      expect(() => r.numberFormat).toThrow(/numberFormat/);
      expect(() => r.format.fill.color).toThrow(/color/);
    });
  });

  test('writes are queued and reach the workbook only at sync', async () => {
    const wb = book();
    const { Excel, stats } = createFakeExcel(wb);
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Blad1').getRange('A1');
      r.values = [['changed']];
      r.format.fill.color = '#ffc7ce';
      expect(wb.getCell('Blad1', 'A1')).toMatchObject({ value: 'a', fill: null });
      expect(stats.syncs).toBe(0);
      await ctx.sync();
      expect(wb.getCell('Blad1', 'A1')).toMatchObject({ value: 'changed', fill: '#FFC7CE' });
      expect(stats.syncs).toBe(1);
      expect(stats.requestBytes).toBeGreaterThan(0);
    });
  });

  test('like Excel: numeric-looking text becomes a number unless the cell is formatted as text; null leaves a cell alone', async () => {
    const wb = book();
    const { Excel } = createFakeExcel(wb);
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Blad2');
      ws.getRange('A1:C1').values = [['01', null, 'x']];
      ws.getRange('A2').numberFormat = [['@']];
      ws.getRange('A2').values = [['01']];
      await ctx.sync();
    });
    expect(wb.getCell('Blad2', 'A1').value).toBe(1);
    expect(wb.getCell('Blad2', 'B1').value).toBe(null);
    expect(wb.getCell('Blad2', 'A2').value).toBe('01');
  });

  test('getItem of a missing sheet rejects the next sync with ItemNotFound, shaped like OfficeExtension.Error', async () => {
    const { Excel } = createFakeExcel(book());
    const err = await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Nope');
      await ctx.sync();
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ItemNotFound', name: 'RichApi.Error', debugInfo: { code: 'ItemNotFound' } });
  });

  test('getItemOrNullObject: isNullObject after sync', async () => {
    const { Excel } = createFakeExcel(book());
    await Excel.run(async (ctx) => {
      const a = ctx.workbook.worksheets.getItemOrNullObject('Nope').load('name');
      const b = ctx.workbook.worksheets.getItemOrNullObject('blad1').load('name');
      expect(() => a.isNullObject).toThrow();
      await ctx.sync();
      expect(a.isNullObject).toBe(true);
      expect(b.isNullObject).toBe(false);
      expect(b.name).toBe('Blad1');
      expect(() => a.name).toThrow(/null object/);
    });
  });

  test('failAtSync: the k-th sync rejects without applying; earlier syncs stay applied', async () => {
    const wb = book();
    const { Excel, stats } = createFakeExcel(wb, { failAtSync: 2 });
    const err = await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Blad1').getRange('A1');
      r.values = [['first']];
      await ctx.sync();
      r.values = [['second']];
      ctx.workbook.worksheets.add('Ny');
      await ctx.sync();
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'GeneralException' });
    expect(wb.getCell('Blad1', 'A1').value).toBe('first');
    expect(wb.sheetNames()).toEqual(['Blad1', 'Blad2']);
    expect(stats).toMatchObject({ syncs: 2, failedSyncs: 1 });
  });

  test('a request over the payload limit rejects with RequestPayloadSizeLimitExceeded, a response with ResponsePayloadSizeLimitExceeded', async () => {
    const wb = MemoryWorkbook.fromArrays({ S: Array.from({ length: 2000 }, (_, i) => [`row ${i}`, i, i / 7]) });
    const { Excel } = createFakeExcel(wb, { payloadLimit: 20_000 });
    const read = await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('S').getRange('A1:C2000').load('values');
      await ctx.sync();
    }).catch((e: unknown) => e);
    expect(read).toMatchObject({ code: 'ResponsePayloadSizeLimitExceeded' });
    const write = await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('S').getRange('D1:D2000').values = Array.from({ length: 2000 }, () => ['x'.repeat(20)]);
      await ctx.sync();
    }).catch((e: unknown) => e);
    expect(write).toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    expect(wb.getCell('S', 'D1').value).toBe(null); // a refused request changes nothing
  });

  test('objects die with their Excel.run: a sync after the batch settled fails with InvalidObjectPath and applies nothing', async () => {
    const wb = book();
    const { Excel } = createFakeExcel(wb);
    let kept: { ctx: Excel.RequestContext; ws: Excel.Worksheet } | null = null;
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Blad1').load('name');
      await ctx.sync();
      kept = { ctx, ws };
    });
    const { ctx, ws } = kept!;
    expect(ws.name).toBe('Blad1'); // loaded values stay readable
    ws.delete();
    const err = await ctx.sync().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'InvalidObjectPath' });
    expect(wb.sheetNames()).toEqual(['Blad1', 'Blad2']);
    // also after a batch that failed
    let failed: Excel.RequestContext | null = null;
    await Excel.run(async (c) => {
      failed = c;
      c.workbook.worksheets.getItem('Saknas').load('name');
      await c.sync();
    }).catch(() => undefined);
    failed!.workbook.worksheets.getItem('Blad2').delete();
    expect(await failed!.sync().catch((e: unknown) => e)).toMatchObject({ code: 'InvalidObjectPath' });
    expect(wb.sheetNames()).toEqual(['Blad1', 'Blad2']);
  });

  test('APIs above the host version are missing; isSetSupported and displayLanguage are configurable', async () => {
    const { Excel, Office } = createFakeExcel(book(), { api: '1.17', displayLanguage: 'en-US', charts: false });
    expect(Office.context.requirements.isSetSupported('ExcelApi', '1.18')).toBe(false);
    expect(Office.context.requirements.isSetSupported('ExcelApi', '1.10')).toBe(true);
    expect(Office.context.displayLanguage).toBe('en-US');
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Blad1');
      expect(() => ws.notes).toThrow(/1\.18/);
      expect(ws.charts).toBeUndefined();
      ws.comments.add('Blad1!A1', 'hej'); // comments need the sheet in the address
      await ctx.sync();
    });
    const def = createFakeExcel(book());
    expect(def.Office.context.displayLanguage).toBe('sv-SE');
  });

  test('notes: add, getItemOrNullObject, content, delete', async () => {
    const wb = book();
    const { Excel } = createFakeExcel(wb);
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Blad1');
      ws.notes.add('B2', 'Avsnitt 5.3');
      await ctx.sync();
      const n = ctx.workbook.notes.getItem('Blad1!B2').load('content');
      const none = ws.notes.getItemOrNullObject('A1').load('content');
      await ctx.sync();
      expect(n.content).toBe('Avsnitt 5.3');
      expect(none.isNullObject).toBe(true);
      n.delete();
      await ctx.sync();
    });
    expect(wb.getCell('Blad1', 'B2').note).toBe(null);
  });

  test('getCellProperties / setCellProperties (ExcelApi 1.9); a cell without fill reads as white with pattern None', async () => {
    const wb = book();
    wb.setCell('Blad1', 'A1', { fill: '#DDEBF7' });
    const { Excel } = createFakeExcel(wb);
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Blad1').getRange('A1:B1');
      const p = r.getCellProperties({ format: { fill: { color: true, pattern: true } } });
      await ctx.sync();
      expect(p.value[0]!.map((c) => c.format?.fill)).toEqual([{ color: '#DDEBF7', pattern: 'Solid' }, { color: '#FFFFFF', pattern: 'None' }]);
      r.setCellProperties([[{ format: { fill: { pattern: 'None' } } }, { format: { fill: { color: '#FFEB9C' } } }]]);
      await ctx.sync();
    });
    expect([wb.getCell('Blad1', 'A1').fill, wb.getCell('Blad1', 'B1').fill]).toEqual([null, '#FFEB9C']);
  });

  test('change notifications are coalesced: one per sync', async () => {
    const wb = book();
    let n = 0;
    wb.onChange(() => n++);
    const { Excel } = createFakeExcel(wb);
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Blad1');
      ws.getRange('A1:B2').values = [['x', 'y'], ['z', 'w']];
      ws.getRange('A1:B2').format.fill.color = '#FFC7CE';
      await ctx.sync();
    });
    expect(n).toBe(1);
  });
});

test('comments.add refuses a bare address ("B7"): CommentCollection.add needs the sheet name', async () => {
  const wb = book();
  const { Excel } = createFakeExcel(wb, { api: '1.17' });
  const err = await Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem('Blad1').comments.add('B2', 'hej');
    await ctx.sync();
  }).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 'InvalidArgument' });
  expect(wb.getCell('Blad1', 'B2').comment).toBeUndefined();
});
