// The port contract (contract.ts) on both executors: the direct in-memory port (the CLI's
// and the preview's) and the Office.js adapter on the fake Excel host. Then what ties them
// together: a workbook flagged by one is cleared by the other, and the same calls give the
// same results and the same workbook — registry lines included, so a change to the
// registry format (or to what a sheet gets) in one executor and not the other fails here.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { builtinCatalog, findingsSheet, reportSheet, requisitionSheet, type Flag, type NewSheetSpec } from '../../addin/api';
import { directPort } from '../../addin/workbook/direct';
import { memoryPort } from '../fake-host/memory-port';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import type { WorkbookPort } from '../../addin/workbook/port';
import type { WorkbookError } from '../../addin/workbook/plan';
import { SEED, flagsArb, userSheets, workbookArb } from '../safety/arbitraries';
import { failingPort, filledIndicatorBook, specs, syncsOf, userBook, type FaultMode } from '../safety/scenario';
import { contractSuite, type PortKit } from './contract';

const direct: PortKit = {
  name: 'direct port',
  make: (wb, o = {}) => directPort(wb, o).port,
  faultModes: ['undone'],
  step: 'change',
  async steps(wb, action, o = {}) {
    const { port, stats } = directPort(wb.clone(), o);
    await action(port);
    return stats.changes;
  },
  faulty: (wb, k, _mode, o = {}) => directPort(wb, { ...o, failAtChange: k }).port,
  runs: 200,
};

const office: PortKit = {
  name: 'Office adapter on the fake host',
  make: (wb, o = {}) => memoryPort(wb, o).port,
  faultModes: ['nothing-applied', 'half-applied'],
  step: 'sync',
  steps: (wb, action, o = {}) => syncsOf(wb, action, o),
  faulty: (wb, k, mode, o = {}) => failingPort(wb, k, mode as FaultMode, o).port,
  async hostRefuses(wb, action, o = {}) {
    const healthy = memoryPort(wb.clone(), o);
    await action(healthy.port);
    return new Set(healthy.stats.log.flatMap((r, i) => (r.error ? [i + 1] : [])));
  },
  runs: 60,
};

contractSuite(direct);
contractSuite(office);

const kits = [
  ['direct', (wb: MemoryWorkbook, api: string) => directPort(wb, { api }).port],
  ['office', (wb: MemoryWorkbook, api: string) => memoryPort(wb, { api }).port],
] as const;

describe('a file flagged by the CLI is cleared by the pane in Excel, and the other way round', () => {
  for (const api of ['1.18', '1.17'])
    for (const [by, flagWith] of kits)
      for (const [clearBy, clearWith] of kits) {
        if (by === clearBy) continue;
        test(`flag with ${by}, re-flag with ${clearBy}, clear with ${clearBy} (${api})`, async () => {
          const { wb, flags } = await filledIndicatorBook(api);
          const before = wb.snapshot();
          await flagWith(wb, api).flag(flags);
          await clearWith(wb, api).flag(flags.slice(0, 2).map((f) => ({ ...f, severity: 'note', message: `${f.message} (igen)` })));
          expect(await clearWith(wb, api).clearFlags()).toBe(flags.length);
          expect(wb.snapshot()).toEqual(before);
        });
      }

  test('property: random workbooks, rounds of flags by either port, cleared by either (same MemoryWorkbook)', async () => {
    const arb = workbookArb.chain((json) =>
      fc.record({
        json: fc.constant(json),
        rounds: fc.array(fc.record({ flags: flagsArb(userSheets(json), 12), by: fc.constantFrom(0, 1) }), { minLength: 1, maxLength: 3 }),
        clearBy: fc.constantFrom(0, 1),
        api: fc.constantFrom('1.18', '1.17'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ({ json, rounds, clearBy, api }) => {
        const wb = MemoryWorkbook.fromJSON(json);
        const before = wb.snapshot();
        for (const r of rounds) await kits[r.by][1](wb, api).flag(r.flags);
        await kits[clearBy][1](wb, api).clearFlags();
        expect(wb.snapshot()).toEqual(before);
      }),
      { seed: SEED, numRuns: 80 },
    );
  }, 120_000);
});

/** A workbook with the ids of threaded-comment replies left out (each host numbers its own). */
const same = (wb: MemoryWorkbook) =>
  JSON.parse(JSON.stringify(wb.snapshot(), (k, v: unknown) => (k === 'replies' && Array.isArray(v) ? v.map((r: { content: string }) => ({ content: r.content })) : v))) as unknown;

describe('the same calls on both executors give the same results and the same workbook', () => {
  const both = async <T,>(wb: MemoryWorkbook, call: (p: WorkbookPort) => Promise<T>, api = '1.18') => {
    const a = wb.clone(), b = wb.clone();
    const ra = await call(memoryPort(a, { api }).port).catch((e: unknown) => ({ error: (e as Error).name }));
    const rb = await call(directPort(b, { api }).port).catch((e: unknown) => ({ error: (e as Error).name }));
    return { a, b, ra, rb };
  };

  test('writeSheet of every sheet the product writes', async () => {
    const catalog = builtinCatalog();
    const all: Record<string, NewSheetSpec> = {
      ...(await specs()),
      requisition: requisitionSheet(catalog, '2026', 'Region Gotland', undefined, 'sv'),
      report: reportSheet(catalog, '2026', 'Region Gotland', undefined, 'sv'),
      findings: findingsSheet([], 'sv'),
      tricky: { name: 'Annat', cells: [['=1+1', '+46 70', '-5', '2024-01', '1/2', '12:30', '50%', 'TRUE', '(100)', 3, true, null, '']], formats: [{ fromRow: 0, toRow: 0, fromCol: 9, toCol: 11, format: '0.0%' }], formulas: [{ row: 0, col: 12, formula: '=SUM(J1:J1)' }] },
    };
    for (const [kind, spec] of Object.entries(all))
      for (const api of ['1.18', '1.9']) {
        for (const charts of [true, false]) {
          const a = userBook(), b = userBook();
          const ra = await memoryPort(a, { api, charts }).port.writeSheet(spec);
          const rb = await directPort(b, { api, charts }).port.writeSheet(spec);
          expect(rb, `${kind} ${api}`).toEqual(ra);
          expect(same(b), `${kind} ${api} charts ${charts}`).toEqual(same(a));
        }
      }
  });

  test('protected sheets and structure, defined names, several areas selected, the 1904 date system: the same refusals and results', async () => {
    const book = () => {
      const wb = MemoryWorkbook.fromArrays({ Data: [['Region', 'Datum', 'Belopp'], ['Region Skåne', 45_000, 100]], Skyddat: [['x', 1]] });
      wb.setCell('Data', 'B2', { numberFormat: 'yyyy-mm-dd' });
      wb.sheet('Skyddat').protected = true;
      wb.names = [{ name: 'Tabell', formula: '=Data!$A$1' }];
      return wb;
    };
    const flag = (sheet: string): Flag[] => [{ sheet, cell: 'B2', severity: 'error', message: 'Fel' }];
    const calls: [string, (wb: MemoryWorkbook) => void, (p: WorkbookPort) => Promise<unknown>][] = [
      ['flag on a protected sheet', () => undefined, (p) => p.flag(flag('Skyddat'))],
      ['flag, protected structure, no registry yet', (wb) => void (wb.structureProtected = true), (p) => p.flag(flag('Data'))],
      ['writeSheet, protected structure', (wb) => void (wb.structureProtected = true), (p) => p.writeSheet({ name: 'Ny', cells: [['a']] })],
      ['a table named like a defined name', () => undefined, (p) => p.writeSheet({ name: 'Ny', cells: [['a', 'b'], ['c', 1]], table: { name: 'Tabell', fromRow: 0, toRow: 1, fromCol: 0, toCol: 1 } })],
      ['History is never a new sheet name', () => undefined, (p) => p.writeSheet({ name: 'history', cells: [['a']] })],
      ['several areas selected', (wb) => wb.setSelection('Data', 'A1:B2,C2'), (p) => p.readSelection()],
      ['the 1904 date system', (wb) => void (wb.date1904 = true), (p) => p.readSheet('Data')],
      ['flag then clear', () => undefined, async (p) => [await p.flag(flag('Data')), await p.clearFlags()]],
    ];
    for (const [name, setup, call] of calls)
      for (const api of ['1.18', '1.9']) {
        const a = book(), b = book();
        setup(a);
        setup(b);
        const ra = await call(memoryPort(a, { api }).port).catch((e: unknown) => ({ code: (e as WorkbookError).code, text: (e as WorkbookError).text }));
        const rb = await call(directPort(b, { api }).port).catch((e: unknown) => ({ code: (e as WorkbookError).code, text: (e as WorkbookError).text }));
        expect(rb, `${name} (${api})`).toEqual(ra);
        expect(same(b), `${name} (${api})`).toEqual(same(a));
      }
    // the structure protected between flag and clear: both keep the registry sheet, emptied, and say so
    for (const [, port] of kits) {
      const wb = book();
      await port(wb, '1.18').flag(flag('Data'));
      wb.structureProtected = true;
      const p = port(wb, '1.18');
      expect(await p.clearFlags()).toBe(1);
      expect(p.warnings!().join(' ')).toMatch(/structure is protected/);
      expect(wb.getSheet('_AgreementRulesFlags')?.visibility).toBe('VeryHidden');
      expect(wb.getCell('Data', 'B2')).toMatchObject({ fill: null, note: null });
    }
  });

  test('capabilities at every API level', async () => {
    for (const api of ['1.1', '1.4', '1.9', '1.10', '1.13', '1.17', '1.18'])
      for (const charts of [true, false]) {
        const wb = new MemoryWorkbook();
        expect(await directPort(wb, { api, charts }).port.capabilities()).toEqual(await memoryPort(wb, { api, charts }).port.capabilities());
      }
  });

  test('property: reads (listSheets, activeSheet, readSheet, readSelection) of random workbooks', async () => {
    await fc.assert(
      fc.asyncProperty(workbookArb, fc.constantFrom('A1', 'B2:D5', 'C:C', '3:3', 'A1:H14'), fc.constantFrom('1.18', '1.9', '1.4'), async (json, sel, api) => {
        const wb = MemoryWorkbook.fromJSON(json);
        const name = wb.sheetNames()[0]!;
        wb.setSelection(name, sel);
        const calls: ((p: WorkbookPort) => Promise<unknown>)[] = [
          (p: WorkbookPort) => p.listSheets(),
          (p: WorkbookPort) => p.activeSheet(),
          (p: WorkbookPort) => p.readSelection(),
          ...wb.sheetNames().map((s) => (p: WorkbookPort) => p.readSheet(s)),
          (p: WorkbookPort) => p.readSheet('Saknas'),
        ];
        for (const call of calls) {
          const { ra, rb } = await both(wb, call, api);
          expect(rb).toEqual(ra);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, 120_000);

  test('property: flag, re-flag, select and clearFlags of random workbooks: same receipts, warnings and workbooks (registry lines included)', async () => {
    const arb = workbookArb.chain((json) =>
      fc.record({
        json: fc.constant(json),
        rounds: fc.array(flagsArb(userSheets(json), 15), { minLength: 1, maxLength: 3 }),
        clear: fc.option(fc.constantFrom(...userSheets(json)), { nil: undefined }),
        api: fc.constantFrom('1.18', '1.17', '1.9'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ({ json, rounds, clear, api }) => {
        const a = MemoryWorkbook.fromJSON(json), b = MemoryWorkbook.fromJSON(json);
        const pa = memoryPort(a, { api }).port, pb = directPort(b, { api }).port;
        const steps: ((p: WorkbookPort) => Promise<unknown>)[] = [
          ...rounds.map((flags: Flag[]) => (p: WorkbookPort) => p.flag(flags)),
          (p) => p.select(rounds[0]![0]!.sheet, rounds[0]![0]!.cell),
          (p) => p.clearFlags(clear),
          (p) => p.clearFlags(),
        ];
        for (const step of steps) {
          const ra = await step(pa).catch((e: unknown) => ({ error: String((e as Error).message) }));
          const rb = await step(pb).catch((e: unknown) => ({ error: String((e as Error).message) }));
          expect('error' in Object(rb), JSON.stringify(rb)).toBe('error' in Object(ra));
          if (!('error' in Object(ra))) expect(rb).toEqual(ra);
          expect(pb.warnings()).toEqual(pa.warnings!());
          expect(same(b)).toEqual(same(a));
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, 180_000);

  test('errors: the same Office code for a missing sheet, a flag on a host without cell properties', async () => {
    const wb = MemoryWorkbook.fromArrays({ Data: [['x']] });
    for (const call of [(p: WorkbookPort) => p.readSheet('Saknas'), (p: WorkbookPort) => p.flag([{ sheet: 'Saknas', cell: 'A1', severity: 'error', message: 'x' }]), (p: WorkbookPort) => p.select('Saknas', 'A1')]) {
      const ea = await call(memoryPort(wb.clone()).port).catch((e: unknown) => e as { code: string; action: string });
      const eb = await call(directPort(wb.clone()).port).catch((e: unknown) => e as { code: string; action: string });
      expect([(eb as { code: string }).code, (eb as { action: string }).action]).toEqual([(ea as { code: string }).code, (ea as { action: string }).action]);
    }
    const ea = await memoryPort(wb.clone(), { api: '1.8' }).port.flag([{ sheet: 'Data', cell: 'A1', severity: 'error', message: 'x' }]).catch((e: unknown) => e as { code: string });
    const eb = await directPort(wb.clone(), { api: '1.8' }).port.flag([{ sheet: 'Data', cell: 'A1', severity: 'error', message: 'x' }]).catch((e: unknown) => e as { code: string });
    expect((eb as { code: string }).code).toBe((ea as { code: string }).code);
  });
});

describe('through a saved file: the CLI flags a copy (.xlsx), the pane clears it', () => {
  test('flag with the direct port, save as .xlsx, open, clear with the Office adapter: the workbook as read before', async () => {
    const { readXlsx, xlsxBytes } = await import('../../addin/workbook/xlsx');
    const { wb, flags } = await filledIndicatorBook('1.18');
    const original = await readXlsx(await xlsxBytes(wb)); // as the CLI reads the user's file
    const before = original.snapshot();
    await directPort(original).port.flag(flags);
    const copy = await readXlsx(await xlsxBytes(original)); // the flagged copy, opened in Excel
    expect(copy.getSheet('_AgreementRulesFlags')?.visibility).toBe('VeryHidden');
    expect(await memoryPort(copy).port.clearFlags()).toBe(flags.length);
    expect(copy.snapshot()).toEqual(before);
  });
});
