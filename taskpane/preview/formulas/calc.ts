/**
 * Calculation for the preview's in-memory workbook, as Excel calculates: every cell with a
 * formula (`Cell.formula`, en-US invariant form) gets its result as its value, again
 * whenever anything in the workbook changes; a formula whose result is an array spills it
 * into the cells below and to the right (a dynamic array), and shows #SPILL! where one of
 * those cells holds something of the user's.
 *
 * How: after a change, every formula is evaluated in row-major order, reading the values of
 * this pass where a cell has been computed already and the last results elsewhere; another
 * pass follows only if a cell read before this pass computed it came out different, and so
 * on until nothing changes (at most MAX_PASSES, so a circular reference ends). The
 * results are then written in one batch, only where they differ, so the workbook's change
 * event after a calculation is the calculation's own and does not start another.
 *
 * Spilled cells are the calculation's: it remembers what it wrote into each, and clears a
 * cell it spilled into when the array shrinks, but only while the cell still holds what it
 * wrote (a value the user typed there is never cleared; the formula then shows #SPILL!).
 */
import type { MemoryWorkbook, MemorySheet } from '../../../addin/workbook/memory';
import { cellAddress } from '../../../addin/core/a1';
import type { CellReader, Evaluated, FormulaEngine, Scalar } from './engine';

export const MAX_PASSES = 20;

const KEY = 16_384;
const key = (row: number, col: number) => row * KEY + col;

interface FormulaCell {
  sheet: string;
  row: number;
  col: number;
  formula: string;
}

export interface CalcStats {
  /** Calculations run. */
  runs: number;
  /** Passes of the last calculation (1 when nothing depended on a later cell). */
  passes: number;
  /** Formulas evaluated in the last calculation (formulas × passes). */
  evaluations: number;
  /** Formula cells in the workbook at the last calculation. */
  formulas: number;
  /** Wall time of the last calculation, ms. */
  ms: number;
}

export interface Calculation {
  /** Calculate now (also runs by itself after every change). Resolves when the results are written. */
  recalculate(): Promise<void>;
  /** Resolves when no calculation is pending or running. */
  idle(): Promise<void>;
  /** The message behind an error a formula shows (#VALUE! …), or undefined. */
  message(sheet: string, row: number, col: number): string | undefined;
  readonly stats: CalcStats;
  dispose(): void;
}

type SheetValues = Map<number, Scalar>;

export function attachCalculation(workbook: MemoryWorkbook, engine: FormulaEngine): Calculation {
  /** What the calculation spilled into each cell, per sheet (by lower-case sheet name). */
  let spilled = new Map<string, SheetValues>();
  let messages = new Map<string, Map<number, string>>();
  const stats: CalcStats = { runs: 0, passes: 0, evaluations: 0, formulas: 0, ms: 0 };
  let writing = false;
  let running: Promise<void> | null = null;
  let again = false;
  let disposed = false;
  /** The workbook's content version the last calculation saw (a selection change is no reason to calculate). */
  let seen = -1;

  const lower = (s: string) => s.toLowerCase();

  function formulaCells(): FormulaCell[] {
    const out: FormulaCell[] = [];
    for (const s of workbook.sheets) {
      for (const [k, c] of s.cells) if (c.formula !== undefined) out.push({ sheet: s.name, row: Math.floor(k / KEY), col: k % KEY, formula: c.formula });
    }
    const order = new Map(workbook.sheets.map((s, i) => [s.name, i]));
    out.sort((a, b) => order.get(a.sheet)! - order.get(b.sheet)! || a.row - b.row || a.col - b.col);
    return out;
  }

  /** Still the calculation's own spilled value (nothing else was written there since). */
  function ownSpill(sheet: MemorySheet, row: number, col: number): boolean {
    const mine = spilled.get(lower(sheet.name));
    if (!mine || !mine.has(key(row, col))) return false;
    const c = sheet.get(row, col);
    return c.formula === undefined && c.value === mine.get(key(row, col));
  }

  async function run(force: boolean): Promise<void> {
    if (!force && workbook.contentVersion === seen) return;
    const version = workbook.contentVersion;
    const t0 = performance.now();
    const cells = formulaCells();
    const sheetOf = (name: string) => workbook.getSheet(name);
    // This pass's results and the last pass's, by sheet then cell.
    let cur = new Map<string, SheetValues>();
    let prev = new Map<string, SheetValues>();
    let curMessages = new Map<string, Map<number, string>>();
    let curSpills = new Map<string, SheetValues>();
    /** How far this run's spills reach, per sheet (for whole-column ranges). */
    const extent = new Map<string, { bottom: number; right: number }>();
    const get = (m: Map<string, SheetValues>, sheet: string) => {
      let v = m.get(lower(sheet));
      if (!v) m.set(lower(sheet), (v = new Map()));
      return v;
    };

    // What this pass read of cells it had not computed yet: if every such cell comes out as
    // it was read, the pass is final and no confirming pass is needed.
    let early = new Map<string, SheetValues>();
    const read = (sheet: string, row: number, col: number): Scalar => {
      const k = key(row, col);
      const c1 = cur.get(lower(sheet));
      if (c1?.has(k)) return c1.get(k)!;
      const p1 = prev.get(lower(sheet));
      let v: Scalar;
      if (p1?.has(k)) v = p1.get(k)!;
      else {
        const s = sheetOf(sheet);
        if (!s) return null;
        v = ownSpill(s, row, col) ? null : s.get(row, col).value; // spilled last time: this calculation decides again
      }
      const e = get(early, sheet);
      if (!e.has(k)) e.set(k, v);
      return v;
    };
    const value = read;
    const reader: CellReader = {
      cell: (sheet, row, col) => {
        if (!sheetOf(sheet)) throw Object.assign(new Error(`#REF!`), { code: '#REF!' });
        return value(sheet, row, col);
      },
      range: (sheet, top, left, bottom, right) => {
        const s = sheetOf(sheet);
        if (!s) return [[null]];
        // A whole column or row (A:A, 1:1) is read up to the last cell in use, spills of this run included.
        if (bottom - top > 10_000 || right - left > 1_000) {
          const used = s.usedRange();
          const ext = extent.get(lower(sheet));
          bottom = Math.min(bottom, Math.max(top, used?.bottom ?? top, ext?.bottom ?? top));
          right = Math.min(right, Math.max(left, used?.right ?? left, ext?.right ?? left));
        }
        const out: Scalar[][] = [];
        for (let i = top; i <= bottom; i++) {
          const line: Scalar[] = [];
          for (let j = left; j <= right; j++) line.push(value(sheet, i, j));
          out.push(line);
        }
        return out;
      },
    };
    let passes = 0;
    let evaluations = 0;
    for (; passes < MAX_PASSES; ) {
      passes++;
      early = new Map();
      cur = new Map();
      curMessages = new Map();
      curSpills = new Map();
      for (const f of cells) {
        const s = sheetOf(f.sheet);
        if (!s || s.get(f.row, f.col).formula !== f.formula) continue; // changed while calculating: the next run has it
        let r: Evaluated;
        try {
          r = await engine.evaluate(f.formula, f, reader);
        } catch (e) {
          r = { error: '#VALUE!', message: e instanceof Error ? e.message : String(e) };
        }
        evaluations++;
        const mine = get(cur, f.sheet);
        const here = key(f.row, f.col);
        if ('error' in r) {
          mine.set(here, r.error);
          if (r.message) get(curMessages, f.sheet).set(here, r.message);
        } else if ('value' in r) {
          mine.set(here, r.value);
        } else {
          const arr = r.array;
          const width = Math.max(...arr.map((line) => line.length));
          const spills = get(curSpills, f.sheet);
          let blocked: string | null = null;
          for (let i = 0; i < arr.length && !blocked; i++) {
            for (let j = 0; j < width && !blocked; j++) {
              if (i === 0 && j === 0) continue;
              const row = f.row + i, col = f.col + j;
              const c = s.get(row, col);
              const k = key(row, col);
              if (c.formula !== undefined || spills.has(k) || (c.value !== null && !ownSpill(s, row, col))) blocked = cellAddress(row, col);
            }
          }
          if (blocked) {
            mine.set(here, '#SPILL!');
            get(curMessages, f.sheet).set(here, `#SPILL!: ${arr.length} × ${width}, ${blocked}`);
          } else {
            const ext = extent.get(lower(f.sheet)) ?? { bottom: 0, right: 0 };
            extent.set(lower(f.sheet), { bottom: Math.max(ext.bottom, f.row + arr.length - 1), right: Math.max(ext.right, f.col + width - 1) });
            for (let i = 0; i < arr.length; i++) {
              for (let j = 0; j < width; j++) {
                const v = arr[i]![j] ?? null;
                if (i === 0 && j === 0) mine.set(here, v ?? 0);
                else {
                  mine.set(key(f.row + i, f.col + j), v);
                  spills.set(key(f.row + i, f.col + j), v);
                }
              }
            }
          }
        }
      }
      if (same(cur, prev) || final(early, cur)) break;
      prev = cur;
    }

    // Write the results where they differ, in one batch.
    const unchanged = workbook.contentVersion === version; // nothing was typed while calculating
    writing = true;
    try {
      workbook.batch(() => {
        for (const f of cells) {
          const s = sheetOf(f.sheet);
          if (!s) continue;
          const c = s.get(f.row, f.col);
          if (c.formula !== f.formula) continue;
          const v = cur.get(lower(f.sheet))?.get(key(f.row, f.col)) ?? null;
          if (c.value !== v) s.set(f.row, f.col, { value: v, formula: f.formula });
        }
        // Cells spilled last time and not now: cleared, while they still hold what was spilled.
        for (const [name, old] of spilled) {
          const s = workbook.getSheet(name);
          if (!s) continue;
          const now = curSpills.get(name);
          for (const k of old.keys()) {
            const row = Math.floor(k / KEY), col = k % KEY;
            if (!now?.has(k) && ownSpill(s, row, col)) s.set(row, col, { value: null });
          }
        }
        for (const [name, now] of curSpills) {
          const s = workbook.getSheet(name);
          if (!s) continue;
          for (const [k, v] of now) {
            const row = Math.floor(k / KEY), col = k % KEY;
            if (s.get(row, col).value !== v) s.set(row, col, { value: v });
          }
        }
      });
    } finally {
      writing = false;
    }
    spilled = curSpills;
    messages = curMessages;
    // What this run saw: with its own writes when nothing else changed meanwhile (else the next run calculates again).
    seen = unchanged ? workbook.contentVersion : version;
    Object.assign(stats, { runs: stats.runs + 1, passes, evaluations, formulas: cells.length, ms: performance.now() - t0 });
  }

  function schedule(force = false): Promise<void> {
    if (disposed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        let first = force;
        do {
          again = false;
          await run(first);
          first = false;
        } while (again && !disposed);
      } catch (e) {
        console.error('calculation failed', e);
      } finally {
        running = null;
      }
    })();
    return running;
  }

  const off = workbook.onChange(() => {
    if (!writing) void schedule();
  });

  return {
    recalculate: () => schedule(true),
    idle: async () => {
      while (running) await running;
    },
    message: (sheet, row, col) => messages.get(lower(sheet))?.get(key(row, col)),
    stats,
    dispose: () => {
      disposed = true;
      off();
    },
  };
}

/** Every cell read before this pass computed it came out as read. */
function final(early: Map<string, SheetValues>, cur: Map<string, SheetValues>): boolean {
  for (const [name, reads] of early) {
    const now = cur.get(name);
    if (!now) continue;
    for (const [k, v] of reads) if (now.has(k) && now.get(k) !== v) return false;
  }
  return true;
}

function same(a: Map<string, SheetValues>, b: Map<string, SheetValues>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, va] of a) {
    const vb = b.get(name);
    if (!vb || vb.size !== va.size) return false;
    for (const [k, v] of va) if (!vb.has(k) || vb.get(k) !== v) return false;
  }
  return true;
}
