import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { chunkRows, estimateBytesPerCell, freeSheetName, freeTableName, mergeCells, needsTextFormat, parseAreas, charsToPoints, pointsToChars, MAX_READ_CELLS } from '../../addin/workbook/office';
import { cellAddress, colIndex, colName, parseCell, parseRange, quoteSheet, rectAddress, splitSheet } from '../../addin/core/a1';
import { utf8Length } from '../../addin/workbook/wire';

describe('mergeCells', () => {
  test('row runs, then identical spans stacked', () => {
    const cells = [
      ...[0, 1, 2].flatMap((row) => [1, 2, 3].map((col) => ({ row, col, key: 'e' }))),
      { row: 1, col: 4, key: 'w' },
      { row: 5, col: 1, key: 'e' },
    ];
    expect(mergeCells(cells)).toEqual([
      { top: 0, bottom: 2, left: 1, right: 3, key: 'e' },
      { top: 1, bottom: 1, left: 4, right: 4, key: 'w' },
      { top: 5, bottom: 5, left: 1, right: 1, key: 'e' },
    ]);
    expect(mergeCells([])).toEqual([]);
  });

  test('property: the rectangles are disjoint and cover exactly the cells, each with its cell key', () => {
    const cell = fc.record({ row: fc.integer({ min: 0, max: 12 }), col: fc.integer({ min: 0, max: 8 }), key: fc.constantFrom('error', 'warning', 'note') });
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 120 }), (cells) => {
        const want = new Map<string, string>();
        for (const c of cells) want.set(`${c.row},${c.col}`, c.key);
        const got = new Map<string, string>();
        for (const r of mergeCells(cells)) {
          expect(r.top).toBeLessThanOrEqual(r.bottom);
          expect(r.left).toBeLessThanOrEqual(r.right);
          for (let i = r.top; i <= r.bottom; i++)
            for (let j = r.left; j <= r.right; j++) {
              const k = `${i},${j}`;
              expect(got.has(k)).toBe(false); // disjoint
              got.set(k, r.key);
            }
        }
        expect(got).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  test('property: a full rectangle of one key, in any order, merges into one range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 10 }), fc.integer(), (top, left, h, w, seed) => {
        const cells: { row: number; col: number; key: string }[] = [];
        for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) cells.push({ row: top + i, col: left + j, key: 'k' });
        let x = seed >>> 0;
        const order = cells.map((c) => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0), { c, r: x })).sort((p, q) => p.r - q.r).map((p) => p.c);
        expect(mergeCells(order)).toEqual([{ top, left, bottom: top + h - 1, right: left + w - 1, key: 'k' }]);
      }),
    );
  });
});

describe('chunkRows and estimateBytesPerCell', () => {
  test('chunks fit the byte target and the cell cap, at least one row', () => {
    expect(chunkRows(10, 20, { targetBytes: 4_000_000 })).toBe(20_000);
    expect(chunkRows(10, 40, { targetBytes: 4_000_000, bytesPerRow: 400 })).toBe(5_000);
    expect(chunkRows(16_384, 1, { targetBytes: 1e12 })).toBe(Math.floor(MAX_READ_CELLS / 16_384));
    expect(chunkRows(100_000, 1000, { targetBytes: 10 })).toBe(1);
  });

  test('property: rows × (columns × bytes + per-row) ≤ target whenever more than one row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16_384 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1000, max: 5_000_000 }), (cols, bpc, bpr, target) => {
        const n = chunkRows(cols, bpc, { targetBytes: target, bytesPerRow: bpr });
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n * cols).toBeLessThanOrEqual(Math.max(cols, MAX_READ_CELLS));
        if (n > 1) expect(n * (cols * bpc + bpr)).toBeLessThanOrEqual(target);
        expect((n + 1) * (cols * bpc + bpr) > target || (n + 1) * cols > MAX_READ_CELLS).toBe(true); // as large as allowed
      }),
    );
  });

  test('bytes per cell are measured from a sample (JSON of values and formats)', () => {
    expect(estimateBytesPerCell([])).toBe(40);
    const v = [['Region Skåne', 1234567]];
    const f = [['General', '#,##0']];
    expect(estimateBytesPerCell(v, f)).toBe(Math.ceil((utf8Length(JSON.stringify(v)) + utf8Length(JSON.stringify(f))) / 2));
  });
});

describe('names and addresses', () => {
  test('freeSheetName: "name (2)", ≤ 31 characters, no forbidden characters', () => {
    expect(freeSheetName('Fördelning', ['Blad1'])).toBe('Fördelning');
    expect(freeSheetName('Fördelning', ['fördelning', 'Fördelning (2)'])).toBe('Fördelning (3)');
    expect(freeSheetName('a/b:c', [])).toBe('a b c');
    const long = 'x'.repeat(40);
    expect(freeSheetName(long, ['x'.repeat(31)])).toBe(`${'x'.repeat(27)} (2)`);
    fc.assert(fc.property(fc.string(), fc.array(fc.string()), (w, taken) => {
      const n = freeSheetName(w, taken);
      expect(n.length).toBeGreaterThan(0);
      expect(n.length).toBeLessThanOrEqual(31);
      expect(/[[\]:*?/\\]/.test(n)).toBe(false);
      expect(taken.map((t) => t.toLowerCase())).not.toContain(n.toLowerCase());
    }));
  });

  test('freeTableName: valid, not a cell reference, unique', () => {
    expect(freeTableName('Fördelning 2026', [])).toBe('Fördelning_2026');
    expect(freeTableName('A1', [])).toBe('_A1');
    expect(freeTableName('2026', [])).toBe('_2026');
    expect(freeTableName('T', ['t'])).toBe('T_2');
    expect(freeTableName('R', [])).toBe('_R');
  });

  test('needsTextFormat: codes and formula-like text', () => {
    expect(needsTextFormat('01')).toBe(true);
    expect(needsTextFormat('=SUM(A1)')).toBe(true);
    expect(needsTextFormat('Region Skåne')).toBe(true); // every string: Excel would reread '2024-01', '1/2', 'TRUE' …
    expect(needsTextFormat('')).toBe(false);
    expect(needsTextFormat(12)).toBe(false);
  });

  test('parseAreas and A1 helpers', () => {
    expect(parseAreas("Blad1!A1:C1,'Mitt blad'!D4,Blad1!$E$5:$F$6")).toEqual(['A1:C1', 'D4', 'E5:F6']);
    expect(colName(0)).toBe('A');
    expect(colName(16_383)).toBe('XFD');
    expect(colIndex('AA')).toBe(26);
    expect(parseRange('B2:A1')).toEqual({ top: 0, left: 0, bottom: 1, right: 1 });
    expect(parseRange('C:D')).toMatchObject({ left: 2, right: 3, top: 0 });
    expect(parseCell('D7')).toEqual({ row: 6, col: 3 });
    expect(rectAddress({ top: 0, left: 0, bottom: 0, right: 0 })).toBe('A1');
    expect(splitSheet("'It''s'!A1")).toEqual({ sheet: "It's", local: 'A1' });
    expect(quoteSheet('Fördelning 2026')).toBe("'Fördelning 2026'");
    expect(utf8Length('åäö')).toBe(6);
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_048_575 }), fc.integer({ min: 0, max: 16_383 }), (r, c) => {
      expect(parseCell(cellAddress(r, c))).toEqual({ row: r, col: c });
    }));
  });

  test('column widths: characters ↔ points', () => {
    expect(charsToPoints(8.43)).toBeCloseTo(48, 0);
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), (w) => {
      expect(pointsToChars(charsToPoints(w))).toBeCloseTo(w, 1);
    }));
  });
});
