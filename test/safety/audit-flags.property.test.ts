// The audit's flags on random workbooks (fast-check, fixed seed): a user's workbook (random
// sheets with their own values, fills, notes, comments, formats) plus product tables the
// user has since edited (amounts changed, sums broken, their own marks added). Auditing
// the whole workbook with flags, re-auditing, and "Rensa markeringar" give back every cell's
// value, fill, note and number format exactly; so does the pure path (auditGrid →
// findingsToFlags → flag → clearFlags).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import { auditGrid, auditWorkbook, clearAuditFlags, findingsToFlags } from '../../addin/engine/audit';
import { allocate, allocationSheet, overviewSheet } from '../../addin/api';
import { SEED, cellArb, workbookArb } from './arbitraries';
import { catalog } from './scenario';

const RUNS = 60;

const pots = catalog.agreements.flatMap((a) => a.pots.filter((p) => p.split.by === 'population' || p.split.by === 'equal').map((p) => ({ agreement: a.id, pot: p.id })));

const caseArb = fc.record({
  json: workbookArb,
  tables: fc.array(
    fc.record({
      spec: fc.oneof(fc.constantFrom(...pots).map((p) => allocationSheet(allocate(catalog, p), catalog, 'sv')), fc.constantFrom('2024', '2026').map((id) => overviewSheet(catalog, id, {}, 'sv'))),
      // the user's edits: amounts changed by a krona or a lot, cells replaced, own marks
      edits: fc.array(fc.tuple(fc.nat(28), fc.nat(6), fc.oneof(fc.integer({ min: -2, max: 2 }), fc.integer({ min: 1000, max: 1e8 }))), { maxLength: 4 }),
      marks: fc.array(fc.tuple(fc.nat(28), fc.nat(6), cellArb), { maxLength: 6 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  lang: fc.constantFrom('sv', 'en') as fc.Arbitrary<'sv' | 'en'>,
});

describe('audit → flag → clear leaves every cell as it was', () => {
  test(`random workbooks with edited product tables (${RUNS} cases)`, async () => {
    let cases = 0, findings = 0, flaggedCases = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ json, tables, lang }) => {
        cases++;
        const wb = MemoryWorkbook.fromJSON(json);
        const setup = memoryPort(wb).port;
        for (const t of tables) {
          const { sheet } = await setup.writeSheet({ ...t.spec, activate: false });
          const s = wb.sheet(sheet);
          for (const [r, c, delta] of t.edits) {
            const v = s.get(r, c).value;
            if (typeof v === 'number') s.set(r, c, { value: Math.abs(delta) < 10 ? v + delta : delta });
          }
          for (const [r, c, cell] of t.marks) s.set(r, c, { fill: cell.fill ?? null, note: cell.note ?? null, ...(cell.comment ? { comment: cell.comment } : {}) });
        }
        const before = wb.snapshot();
        const { port } = memoryPort(wb);
        const r = await auditWorkbook(port, catalog, { scope: 'workbook', lang });
        findings += r.findings.length;
        if (r.findings.length > 0) flaggedCases++;
        await auditWorkbook(port, catalog, { scope: 'workbook', lang: lang === 'sv' ? 'en' : 'sv' }); // again, in the other language
        await clearAuditFlags(memoryPort(wb).port);
        expect(wb.snapshot()).toEqual(before);

        // the pure path, sheet by sheet
        const grids = await Promise.all(wb.sheetNames().map((n) => port.readSheet(n)));
        const flags = grids.flatMap((g) => findingsToFlags(auditGrid(g, catalog).findings, lang));
        if (flags.length > 0) await port.flag(flags);
        await port.clearFlags();
        expect(wb.snapshot()).toEqual(before);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(`audit flag/clear property: ${cases} cases, ${findings} findings flagged in ${flaggedCases} of them`);
    expect(flaggedCases).toBeGreaterThan(RUNS / 4);
  }, 120_000);
});
