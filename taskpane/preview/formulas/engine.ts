/**
 * The preview's formula engine behind a small interface: evaluate one formula (en-US
 * invariant form, as `Range.formulas` holds it) at a cell, reading other cells through a
 * reader. The implementation is fast-formula-parser (MIT; https://github.com/LesterLyu/fast-formula-parser):
 * arithmetic, references and ranges (also on other sheets), SUM, IF, VLOOKUP … , plus the
 * product's worksheet functions registered under their namespace-qualified ids
 * (AVTAL.ALLOCATE …). This file is imported only by the preview (taskpane/preview): the
 * task pane's Excel bundle and the CLI never load the engine (test/functions/bundles.test.ts).
 */
import FormulaParser from 'fast-formula-parser';

export type Scalar = number | string | boolean | null;

/** A formula's result: a value or an array to spill, or an Excel error ("#VALUE!") with its message. */
export type Evaluated = { value: Scalar } | { array: Scalar[][] } | { error: string; message?: string };

/** What a formula reads (0-based rows and columns). */
export interface CellReader {
  cell(sheet: string, row: number, col: number): Scalar;
  range(sheet: string, top: number, left: number, bottom: number, right: number): Scalar[][];
}

/** A worksheet function as the engine calls it: scalars and 2-D arrays in, a value, an array or a Promise out; it throws { code, message } for an Excel error. */
export type SheetFunction = (...args: unknown[]) => unknown;

export interface FormulaEngine {
  evaluate(formula: string, at: { sheet: string; row: number; col: number }, read: CellReader): Promise<Evaluated>;
}

interface FfpArg {
  value: unknown;
  omitted?: boolean;
}

interface FfpRef {
  sheet: string;
  row?: number;
  col?: number;
  from?: { row: number; col: number };
  to?: { row: number; col: number };
}

const ERROR_CODES = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A']);

function isFormulaError(v: unknown): v is { error: string; message?: string } {
  return v instanceof FormulaParser.FormulaError;
}

/** An engine over fast-formula-parser with the given functions (by upper-case, namespace-qualified name). */
export function fastFormulaEngine(functions: Record<string, SheetFunction>): FormulaEngine {
  let reader: CellReader | null = null;
  const wrapped: Record<string, (...args: FfpArg[]) => unknown> = {};
  for (const [name, fn] of Object.entries(functions)) {
    wrapped[name.toUpperCase()] = (...args: FfpArg[]) => {
      // An omitted argument (",," or left off at the end) arrives as undefined, as Excel passes it.
      const values = args.map((a) => (a === null || a === undefined || a.omitted ? undefined : a.value));
      while (values.length > 0 && values[values.length - 1] === undefined) values.pop();
      const fail = (e: unknown) => {
        const code = (e as { code?: unknown }).code;
        const message = (e as { message?: unknown }).message;
        return new FormulaParser.FormulaError(typeof code === 'string' && ERROR_CODES.has(code) ? code : '#VALUE!', typeof message === 'string' ? message : String(e));
      };
      try {
        const r = fn(...values);
        return r instanceof Promise ? r.catch(fail) : r;
      } catch (e) {
        return fail(e);
      }
    };
  }
  const parser = new FormulaParser({
    functions: wrapped,
    onCell: (ref: FfpRef) => reader!.cell(ref.sheet, ref.row! - 1, ref.col! - 1),
    onRange: (ref: FfpRef) => {
      // Whole columns/rows come as huge ranges: clip them to the sheet's used part (the reader does).
      return reader!.range(ref.sheet, ref.from!.row - 1, ref.from!.col - 1, ref.to!.row - 1, ref.to!.col - 1);
    },
  });

  // The parser keeps the position and the reader of the formula it is on: one evaluation at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const one = async (formula: string, at: { sheet: string; row: number; col: number }, read: CellReader): Promise<Evaluated> => {
      const body = formula.startsWith('=') ? formula.slice(1) : formula;
      reader = read;
      let r: unknown;
      try {
        r = await parser.parseAsync(body, { sheet: at.sheet, row: at.row + 1, col: at.col + 1 }, true);
      } catch (e) {
        const err = e as { error?: string; message?: string };
        if (/not implemented/i.test(err.message ?? '')) return { error: '#NAME?', message: err.message };
        return { error: isFormulaError(e) && err.error && ERROR_CODES.has(err.error) ? err.error : '#VALUE!', message: err.message };
      } finally {
        reader = null;
      }
      if (isFormulaError(r)) return { error: r.error, ...(r.message ? { message: r.message } : {}) };
      if (Array.isArray(r)) {
        const rows = (r as unknown[][]).map((row) => (Array.isArray(row) ? row : [row]).map((v) => (isFormulaError(v) ? v.error : (v ?? null) as Scalar)));
        if (rows.length === 1 && rows[0]!.length === 1) return { value: rows[0]![0] ?? 0 };
        return { array: rows };
      }
      // A formula that is only a reference to an empty cell shows 0, as in Excel.
      return { value: r === null || r === undefined ? 0 : (r as Scalar) };
  };
  return {
    evaluate(formula, at, read) {
      const run = queue.then(() => one(formula, at, read));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
