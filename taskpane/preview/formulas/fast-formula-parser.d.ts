// The part of fast-formula-parser (MIT, no bundled types) the preview's engine uses.
/* eslint-disable @typescript-eslint/no-unused-vars -- an ambient module declaration: its class is used through FormulaParser.FormulaError */
declare module 'fast-formula-parser' {
  class FormulaError extends Error {
    constructor(error: string, msg?: string, details?: unknown);
    readonly error: string;
  }
  interface Config {
    functions?: Record<string, (...args: never[]) => unknown>;
    onCell?: (ref: never) => unknown;
    onRange?: (ref: never) => unknown;
    onVariable?: (name: string, sheet: string) => unknown;
  }
  class FormulaParser {
    constructor(config?: Config);
    parse(formula: string, position?: { sheet: string; row: number; col: number }, allowReturnArray?: boolean): unknown;
    parseAsync(formula: string, position?: { sheet: string; row: number; col: number }, allowReturnArray?: boolean): Promise<unknown>;
    static FormulaError: typeof FormulaError;
  }
  export default FormulaParser;
}
