/**
 * The custom-functions runtime: registers the worksheet functions (addin/functions)
 * with Excel under their stable ids, in the pane's shared runtime, so the catalog the
 * pane has (with a rule file loaded in Regler) is the one the functions read.
 *
 * Where Excel does not support custom functions (no CustomFunctions global, or
 * CustomFunctionsRuntime < 1.1) nothing is registered and the pane works as before.
 * A FunctionError becomes CustomFunctions.Error(#VALUE! or #N/A) with its message in
 * the pane's language; any other failure is #VALUE! with the engine's message.
 */
import type { Catalog, Lang } from '../addin/api';
import { createFunctions, FunctionError, type AgreementFunctions } from '../addin/functions/functions';

/** The part of the CustomFunctions API the runtime uses (office-js types do not declare it). */
export interface CustomFunctionsApi {
  associate(id: string, fn: (...args: never[]) => unknown): void;
  Error: new (code: string, message?: string) => unknown;
  ErrorCode: { invalidValue: string; notAvailable: string };
}

/** Wrap a function so errors are returned as Excel errors (as custom functions must). */
export function excelSafe<A extends unknown[], R>(cf: CustomFunctionsApi, lang: () => Lang, fn: (...args: A) => R): (...args: A) => R | unknown {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch (e) {
      if (e instanceof FunctionError) return new cf.Error(e.code === '#N/A' ? cf.ErrorCode.notAvailable : cf.ErrorCode.invalidValue, e.text[lang()]);
      return new cf.Error(cf.ErrorCode.invalidValue, e instanceof Error ? e.message : String(e));
    }
  };
}

/**
 * Register the functions (ids as in addin/functions/functions.*.json). Returns the
 * functions registered, or null where the host has no custom functions.
 */
export function registerFunctions(getCatalog: () => Catalog, getLang: () => Lang, cf: CustomFunctionsApi | undefined = (globalThis as { CustomFunctions?: CustomFunctionsApi }).CustomFunctions): AgreementFunctions | null {
  if (!cf) return null;
  const fns = createFunctions({ catalog: getCatalog, lang: getLang });
  const safe = <A extends unknown[], R>(fn: (...args: A) => R) => excelSafe(cf, getLang, fn) as (...args: never[]) => unknown;
  // An asynchronous function's rejection becomes the same CustomFunctions.Error as a thrown one.
  const safeAsync = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    ((...args: A) => fn(...args).catch((e: unknown) => excelSafe(cf, getLang, () => { throw e; })())) as (...args: never[]) => unknown;
  cf.associate('ALLOCATE', safe(fns.allocate));
  cf.associate('TABLE', safe(fns.table));
  cf.associate('CONDITION', safe(fns.condition));
  cf.associate('PAYMENT2', safeAsync(fns.payment2));
  cf.associate('POT', safe(fns.pot));
  cf.associate('SOURCE', safe(fns.source));
  return fns;
}
