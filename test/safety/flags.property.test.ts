// Data safety, property-based (fast-check, fixed seed): on random workbooks, flagging a
// random subset of cells (cells with their own fill, note or comment included, re-flagged
// with other severities, across fresh adapter instances) never changes a value, number
// format or the sheets' structure, and clearing the flags gives back exactly the workbook
// as it was: values, fills, notes, comments, number formats, bold, hidden rows, merged
// areas, sheets, active sheet and selection.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MemoryWorkbook, type WorkbookJSON } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import { REGISTRY_SHEET } from '../../addin/workbook/office';
import { FLAG_FILLS } from '../../addin/workbook/port';
import { SEED, flagsArb, userSheets, withoutMarks, workbookArb } from './arbitraries';

const RUNS = 200;

const userPart = (s: WorkbookJSON) => withoutMarks({ ...s, sheets: s.sheets.filter((x) => x.name !== REGISTRY_SHEET) });

/** A workbook, 1–3 rounds of flags (each through a fresh adapter or the same one), the host's API level, and how to clear. */
const caseArb = workbookArb.chain((json) =>
  fc.record({
    json: fc.constant(json),
    rounds: fc.array(fc.record({ flags: flagsArb(userSheets(json)), fresh: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    api: fc.constantFrom('1.18', '1.18', '1.17'), // notes; or comments where the host lacks notes
    clearBy: fc.constantFrom('all', 'per-sheet'),
  }),
);

describe('flag → clearFlags restores every cell exactly', () => {
  test(`random workbooks and flags (${RUNS} cases)`, async () => {
    let cases = 0, flagged = 0, reflagged = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ json, rounds, api, clearBy }) => {
        cases++;
        const wb = MemoryWorkbook.fromJSON(json);
        const before = wb.snapshot();
        let port = memoryPort(wb, { api }).port;
        const seen = new Set<string>();
        for (const round of rounds) {
          if (round.fresh) port = memoryPort(wb, { api }).port; // the registry lives in the workbook, not the adapter
          const receipt = await port.flag(round.flags);
          // the last flag for a cell wins; its fill shows, its message is the note (or comment)
          const last = new Map(round.flags.map((f) => [`${f.sheet.toLowerCase()}!${f.cell}`, f]));
          expect(receipt.cells).toBe(last.size);
          for (const f of last.values()) {
            const c = wb.getCell(f.sheet, f.cell);
            expect(c.fill).toBe(FLAG_FILLS[f.severity]);
            const had = wb.getCell(f.sheet, f.cell); // a cell holds a note or a thread, never both
            const own = before.sheets.find((x) => x.name.toLowerCase() === f.sheet.toLowerCase())!.cells[f.cell];
            if (own?.comment !== undefined) {
              expect(c.comment).toBe(own.comment); // the user's thread is never rewritten: the message is a reply in it
              expect(had.replies?.map((x) => x.content)).toEqual([f.message]);
            } else if (api === '1.18') expect(c.note).toBe(f.message);
            else if (own?.note) expect(c.note).toBe(own.note); // a note the host cannot see: fill only
            else expect(c.comment).toBe(f.message);
            const k = `${f.sheet.toLowerCase()}!${f.cell}`;
            if (seen.has(k)) reflagged++;
            seen.add(k);
          }
          flagged += last.size;
          // flags never change a value, a number format, bold, or any sheet's structure
          expect(userPart(wb.snapshot())).toEqual(userPart(before));
          expect(wb.sheet(REGISTRY_SHEET).visibility).toBe('VeryHidden');
          expect(await port.listSheets()).toEqual(userSheets(before));
        }
        const fresh = memoryPort(wb, { api }).port;
        if (clearBy === 'all') expect(await fresh.clearFlags()).toBe(seen.size);
        else {
          let n = 0;
          for (const s of [...userSheets(before)].reverse()) n += await fresh.clearFlags(s);
          expect(n).toBe(seen.size);
        }
        expect(wb.snapshot()).toEqual(before);
        expect(await fresh.clearFlags()).toBe(0); // nothing left to clear
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(`flag/clear property: ${cases} cases, ${flagged} cells flagged (${reflagged} re-flags of a flagged cell)`);
  }, 120_000);
});
