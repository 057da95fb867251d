/**
 * The workbook port's contract, as one suite run against every executor (the direct
 * in-memory port, the Office.js adapter on the fake host): contractSuite(kit).
 *
 * - flag → clearFlags restores exactly (fills, notes, comments; values, formats and the
 *   sheets untouched while flagged), on random workbooks and flags (fast-check), across
 *   fresh port instances (the registry lives in the workbook);
 * - clearFlags leaves alone what no longer shows its flag, and says so;
 * - writeSheet never writes into an existing sheet: names taken (case-insensitive), 31
 *   characters, a user's sheet named like the registry;
 * - a fault at every step (every sync of the fake host, every change of the direct port)
 *   leaves the workbook exactly as it was, or the error says what may have been written
 *   and Clear flags undoes it.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MemoryWorkbook, type WorkbookJSON } from '../../addin/workbook/memory';
import { freeSheetName, REGISTRY_SHEET, WorkbookError } from '../../addin/workbook/plan';
import { FLAG_FILLS, type Flag, type NewSheetSpec, type WorkbookPort } from '../../addin/workbook/port';
import { SEED, flagsArb, userSheets, withoutMarks, workbookArb } from '../safety/arbitraries';
import { allocationSpec, filledIndicatorBook, userBook } from '../safety/scenario';

export interface PortOptions {
  /** The ExcelApi level the host has ("1.18": notes; "1.17": comments instead). */
  api?: string;
}

export interface PortKit {
  name: string;
  /** A healthy port over the workbook. */
  make(wb: MemoryWorkbook, opts?: PortOptions): WorkbookPort;
  /** The ways one step can fail (the fake host: a sync refused whole or half-applied). */
  faultModes: readonly string[];
  /** What a step is, for messages ("sync", "change"). */
  step: string;
  /** Steps an action takes on a healthy port (measured on a copy of the workbook). */
  steps(wb: MemoryWorkbook, action: (p: WorkbookPort) => Promise<unknown>, opts?: PortOptions): Promise<number>;
  /**
   * Steps a healthy host refuses too (the fake host: a thread on a cell holding a note a 1.17
   * host cannot see); the port handles that refusal, so a fault there may be met by the
   * host's own refusal first and the action then rightly succeeds. Default: none.
   */
  hostRefuses?(wb: MemoryWorkbook, action: (p: WorkbookPort) => Promise<unknown>, opts?: PortOptions): Promise<Set<number>>;
  /** A port whose k-th step fails in the given mode. */
  faulty(wb: MemoryWorkbook, k: number, mode: string, opts?: PortOptions): WorkbookPort;
  /** Property-test runs (fewer for slow executors). Default 100. */
  runs?: number;
}

const registryless = (s: WorkbookJSON): WorkbookJSON => ({ ...s, sheets: s.sheets.filter((x) => !/^_AgreementRulesFlags/.test(x.name) || x.visibility !== 'VeryHidden') });

async function failure(p: Promise<unknown>, action: string, where: string): Promise<WorkbookError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `${action} should have failed (${where})`).toBeInstanceOf(WorkbookError);
  const w = err as WorkbookError;
  expect(w.action, where).toBe(action);
  expect(w.code, where).toMatch(/^[A-Z][A-Za-z]+$/);
  return w;
}

export function contractSuite(kit: PortKit): void {
  const runs = kit.runs ?? 100;

  describe(`${kit.name}: flag → clearFlags restores exactly`, () => {
    const caseArb = workbookArb.chain((json) =>
      fc.record({
        json: fc.constant(json),
        rounds: fc.array(fc.record({ flags: flagsArb(userSheets(json)), fresh: fc.boolean() }), { minLength: 1, maxLength: 3 }),
        api: fc.constantFrom('1.18', '1.18', '1.17'),
        clearBy: fc.constantFrom('all', 'per-sheet'),
      }),
    );

    test(`property: random workbooks, flags and re-flags (${runs} cases)`, async () => {
      await fc.assert(
        fc.asyncProperty(caseArb, async ({ json, rounds, api, clearBy }) => {
          const wb = MemoryWorkbook.fromJSON(json);
          const before = wb.snapshot();
          let port = kit.make(wb, { api });
          const seen = new Set<string>();
          for (const round of rounds) {
            if (round.fresh) port = kit.make(wb, { api });
            const receipt = await port.flag(round.flags);
            const last = new Map(round.flags.map((f) => [`${f.sheet.toLowerCase()}!${f.cell}`, f]));
            expect(receipt.cells).toBe(last.size);
            for (const f of last.values()) {
              const c = wb.getCell(f.sheet, f.cell);
              expect(c.fill).toBe(FLAG_FILLS[f.severity]);
              // a cell holds a note or a thread, never both
              const own = before.sheets.find((x) => x.name.toLowerCase() === f.sheet.toLowerCase())!.cells[f.cell];
              if (own?.comment !== undefined) {
                expect(c.comment).toBe(own.comment); // the user's thread is never rewritten: the message is a reply in it
                expect(c.replies?.map((x) => x.content)).toEqual([f.message]);
              } else if (api === '1.18') expect(c.note).toBe(f.message);
              else if (own?.note) expect(c.note).toBe(own.note); // a note the host cannot see: fill only
              else expect(c.comment).toBe(f.message);
              seen.add(`${f.sheet.toLowerCase()}!${f.cell}`);
            }
            // a flag never changes a value, a number format, bold, or any sheet's structure
            expect(withoutMarks(registryless(wb.snapshot()))).toEqual(withoutMarks(before));
            expect(wb.sheet(REGISTRY_SHEET).visibility).toBe('VeryHidden');
            expect(await port.listSheets()).toEqual(userSheets(before));
          }
          const fresh = kit.make(wb, { api });
          if (clearBy === 'all') expect(await fresh.clearFlags()).toBe(seen.size);
          else {
            let n = 0;
            for (const s of [...userSheets(before)].reverse()) n += await fresh.clearFlags(s);
            expect(n).toBe(seen.size);
          }
          expect(wb.snapshot()).toEqual(before);
          expect(await fresh.clearFlags()).toBe(0);
        }),
        { seed: SEED, numRuns: runs },
      );
    }, 180_000);

    test("a cell the user changed since it was flagged is left as it is, and the port says so", async () => {
      const wb = MemoryWorkbook.fromArrays({ Data: [['Region', 'Belopp'], ['Region Skåne', 100], ['Region Kalmar län', 200]] });
      wb.setCell('Data', 'B2', { fill: '#00B050', note: 'Min egen' });
      const port = kit.make(wb);
      await port.flag([
        { sheet: 'Data', cell: 'B2', severity: 'error', message: 'Fel belopp' },
        { sheet: 'Data', cell: 'B3', severity: 'warning', message: 'Kontrollera' },
      ]);
      wb.setCell('Data', 'B3', { note: 'Användaren skrev här', fill: '#FFFF00' });
      expect(await kit.make(wb).clearFlags()).toBe(2);
      expect(wb.getCell('Data', 'B2')).toMatchObject({ fill: '#00B050', note: 'Min egen', value: 100 });
      expect(wb.getCell('Data', 'B3')).toMatchObject({ fill: '#FFFF00', note: 'Användaren skrev här', value: 200 });
      expect(wb.getSheet(REGISTRY_SHEET)).toBeUndefined();
      expect(port.warnings).toBeDefined();
      const p = kit.make(wb);
      await p.flag([{ sheet: 'Data', cell: 'B3', severity: 'note', message: 'Igen' }]);
      wb.setCell('Data', 'B3', { note: 'Ändrad igen' });
      await p.clearFlags();
      expect(p.warnings!().join(' ')).toMatch(/1 flagged cell\(s\) no longer showed their flag/);
      expect(wb.getCell('Data', 'B3')).toMatchObject({ fill: '#FFFF00', note: 'Ändrad igen' });
    });

    test('registry lines that are not the adapter\'s are ignored, with a warning, never applied', async () => {
      const wb = MemoryWorkbook.fromArrays({ Data: [['a', 1]] });
      const port = kit.make(wb);
      await port.flag([{ sheet: 'Data', cell: 'B1', severity: 'error', message: 'x' }]);
      const reg = wb.sheet(REGISTRY_SHEET);
      reg.set(5, 0, { value: JSON.stringify({ s: 'Data', i: wb.sheet('Data').id, c: 'A1', f: 'javascript:alert(1)', n: null, ch: 'note', v: 'error', m: 'x' }) });
      reg.set(6, 0, { value: 'not json' });
      expect(await kit.make(wb).clearFlags()).toBe(1);
      expect(wb.getCell('Data', 'A1')).toMatchObject({ value: 'a', fill: null });
      expect(wb.getCell('Data', 'B1')).toMatchObject({ value: 1, fill: null, note: null });
    });
  });

  describe(`${kit.name}: never writes into an existing sheet`, () => {
    const spec = (name: string): NewSheetSpec => ({ name, cells: [['Rubrik', 'Belopp'], ['Region Skåne', 123]], boldRows: [0], table: { name: 'Tabell', fromRow: 0, toRow: 1, fromCol: 0, toCol: 1 } });

    test('taken names (case-insensitive) and 31-character names get a free name', async () => {
      const long = 'Fördelning av medel 2026 – allt'; // 31 characters
      expect(long.length).toBe(31);
      const wb = MemoryWorkbook.fromArrays({ Fördelning: [['mitt']], 'FÖRDELNING (2)': [['också mitt']], [long]: [['lång']] });
      const before = wb.snapshot();
      const port = kit.make(wb);
      const a = await port.writeSheet(spec('fördelning'));
      expect(a.sheet).toBe('fördelning (3)');
      const b = await port.writeSheet(spec(long.toUpperCase()));
      expect(b.sheet.length).toBeLessThanOrEqual(31);
      expect(b.sheet.toLowerCase()).not.toBe(long.toLowerCase());
      const c = await port.writeSheet(spec(`${long} och mer text`));
      expect(c.sheet.length).toBeLessThanOrEqual(31);
      for (const s of before.sheets) expect(wb.snapshot().sheets.find((x) => x.name === s.name)).toEqual(s);
      const names = wb.sheetNames().map((n) => n.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
      expect(wb.getCell(a.sheet, 'A2').value).toBe('Region Skåne');
    });

    test('property: whatever names are taken, the new sheet gets a free one and no other sheet changes', async () => {
      const nameArb = fc.oneof(
        fc.constantFrom('Blad1', 'BLAD1', 'blad1 (2)', 'Fördelning', 'fördelning (2)', 'Fördelning (3)', 'x'.repeat(31), 'X'.repeat(27) + ' (2)', REGISTRY_SHEET),
        fc.string({ minLength: 1, maxLength: 31 }).filter((s) => !/[[\]:*?/\\]/.test(s) && !/^'|'$/.test(s) && s.trim() === s && s.length > 0),
      );
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(nameArb, { minLength: 1, maxLength: 6, selector: (s) => s.toLowerCase() }), nameArb, async (taken, wanted) => {
          const wb = new MemoryWorkbook();
          taken.forEach((n, i) => wb.addSheet(n).set(0, 0, { value: `användarens ${i}` }));
          const before = wb.snapshot();
          const { sheet } = await kit.make(wb).writeSheet(spec(wanted));
          expect(taken.map((t) => t.toLowerCase())).not.toContain(sheet.toLowerCase());
          expect(sheet.length).toBeLessThanOrEqual(31);
          expect(sheet).toBe(freeSheetName(wanted, taken));
          for (const s of before.sheets) expect(wb.snapshot().sheets.find((x) => x.name === s.name)).toEqual(s);
        }),
        { seed: SEED, numRuns: Math.max(20, Math.floor(runs / 2)) },
      );
    }, 120_000);

    test("a user's own sheet named like the registry is never used, rewritten or deleted", async () => {
      const wb = MemoryWorkbook.fromArrays({ Data: [['a', 1]], [REGISTRY_SHEET]: [['mina anteckningar']] });
      const mine = () => wb.snapshot().sheets.find((s) => s.name === REGISTRY_SHEET);
      const before = wb.snapshot();
      const port = kit.make(wb);
      await port.flag([{ sheet: 'Data', cell: 'A1', severity: 'warning', message: 'Se upp' }]);
      expect(mine()).toEqual(before.sheets[1]);
      expect(wb.sheetNames()).toContain(`${REGISTRY_SHEET} (2)`);
      expect(await port.listSheets()).toEqual(['Data', REGISTRY_SHEET]);
      expect(await kit.make(wb).clearFlags()).toBe(1);
      expect(wb.snapshot()).toEqual(before);
    });
  });

  describe(`${kit.name}: a fault at every ${kit.step} leaves the workbook intact or says what was written`, () => {
    const run = async (name: string, setup: () => Promise<{ wb: MemoryWorkbook; unflagged: WorkbookJSON }>, action: (p: WorkbookPort) => Promise<unknown>, actionName: string, api = '1.18') => {
      const probe = await setup();
      const n = await kit.steps(probe.wb, action, { api });
      expect(n, `${name}: steps`).toBeGreaterThan(0);
      const refused = kit.hostRefuses ? await kit.hostRefuses((await setup()).wb, action, { api }) : new Set<number>();
      let untouched = 0;
      for (const mode of kit.faultModes)
        for (let k = 1; k <= n; k++) {
          const { wb, unflagged } = await setup();
          const before = wb.snapshot();
          const where = `${name}, ${mode}, ${kit.step} ${k} of ${n}`;
          const outcome = action(kit.faulty(wb, k, mode, { api })).then(
            () => null,
            (e: unknown) => e,
          );
          if ((await outcome) === null && refused.has(k) && mode !== kit.faultModes[0]) {
            if (actionName !== 'writeSheet') await kit.make(wb, { api }).clearFlags();
            expect(wb.snapshot(), `${where} (refused by the host too)`).toEqual(unflagged);
            continue;
          }
          const err = await failure(outcome.then((e) => (e === null ? null : Promise.reject(e))), actionName, where);
          if (JSON.stringify(wb.snapshot()) === JSON.stringify(before)) untouched++;
          else {
            expect(err.partial, where).toBeDefined();
            expect(err.partial!.undo, where).toBe('clearFlags');
            expect(err.message, where).toMatch(/Clear flags/);
          }
          if (actionName !== 'writeSheet') {
            await kit.make(wb, { api }).clearFlags();
            expect(wb.snapshot(), where).toEqual(unflagged);
          }
        }
      return { n, untouched };
    };

    test('writeSheet (the allocation table, on a user\'s workbook with a sheet of the same name)', async () => {
      const spec = allocationSpec();
      const setup = async () => ({ wb: userBook(), unflagged: userBook().snapshot() });
      const { n, untouched } = await run('writeSheet', setup, (p) => p.writeSheet(spec), 'writeSheet');
      expect(untouched).toBe(n * kit.faultModes.length); // a failed writeSheet leaves nothing behind
    }, 180_000);

    for (const api of ['1.18', '1.17']) {
      test(`flag, re-flag and clearFlags (${api === '1.18' ? 'notes' : 'comments'})`, async () => {
        const { wb: base, flags } = await filledIndicatorBook(api);
        const unflagged = base.snapshot();
        const flagged = async () => {
          const wb = base.clone();
          await kit.make(wb, { api }).flag(flags);
          return { wb, unflagged };
        };
        const more: Flag[] = [
          ...flags.slice(0, 3).map((f) => ({ ...f, severity: 'warning' as const, message: `${f.message} (igen)` })),
          { sheet: 'Annat', cell: 'B3', severity: 'note', message: 'Se avsnitt 6' },
          { sheet: 'Annat', cell: 'D10', severity: 'warning', message: 'Kommentar?' },
        ];
        await run('flag', async () => ({ wb: base.clone(), unflagged }), (p) => p.flag(flags), 'flag', api);
        await run('re-flag', flagged, (p) => p.flag(more), 'flag', api);
        await run('clearFlags', flagged, (p) => p.clearFlags(), 'clearFlags', api);
      }, 300_000);
    }
  });
}
