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
import { builtinCatalog, type Catalog, type Lang } from '../addin/api';
import { createFunctions, FunctionError, type AgreementFunctions } from '../addin/functions/functions';

/**
 * What the pane shares with the functions: its catalog (the built-in agreements plus a rule
 * file loaded in Regler) and its language. Kept on globalThis, so the functions read the
 * pane's catalog whichever bundle registered them in the shared runtime (the pane's
 * taskpane.js, or functions.js where Excel loads it); without a pane, the built-in catalog.
 */
interface Shared {
  catalog: Catalog | null;
  lang: Lang;
  listeners: Set<() => void>;
  /** Set once the functions are registered in this runtime (they are associated once). */
  registered?: AgreementFunctions;
}

const KEY = '__agreementRulesFunctions';

function shared(): Shared {
  const g = globalThis as unknown as Record<string, Shared | undefined>;
  return (g[KEY] ??= { catalog: null, lang: 'sv', listeners: new Set() });
}

/** The catalog the functions read: the pane's, or the built-in one. */
export function sharedCatalog(): Catalog {
  return shared().catalog ?? builtinCatalog();
}

export function sharedLang(): Lang {
  return shared().lang;
}

/** The pane registers its catalog (and language) with the functions; listeners (the preview's calculation) hear of it. */
export function shareWithFunctions(catalog: Catalog, lang?: Lang): void {
  const s = shared();
  if (s.catalog === catalog && (lang === undefined || lang === s.lang)) return;
  s.catalog = catalog;
  if (lang) s.lang = lang;
  for (const l of s.listeners) l();
}

export function shareLang(lang: Lang): void {
  const s = shared();
  if (s.lang === lang) return;
  s.lang = lang;
  for (const l of s.listeners) l();
}

export function onSharedChange(cb: () => void): () => void {
  const s = shared();
  s.listeners.add(cb);
  return () => s.listeners.delete(cb);
}

/** The functions by their stable ids (as in addin/functions/functions.*.json). */
export function functionTable(fns: AgreementFunctions): Record<'ALLOCATE' | 'TABLE' | 'CONDITION' | 'PAYMENT2' | 'POT' | 'SOURCE', (...args: never[]) => unknown> {
  return { ALLOCATE: fns.allocate, TABLE: fns.table, CONDITION: fns.condition, PAYMENT2: fns.payment2, POT: fns.pot, SOURCE: fns.source };
}

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
 * Register the functions (ids as in addin/functions/functions.*.json) with
 * CustomFunctions.associate. Returns the functions registered, or null where the host has no
 * custom functions. In one runtime they are associated once (the pane's bundle and
 * functions.js may both be loaded); both read the shared catalog.
 */
export function registerFunctions(getCatalog: () => Catalog = sharedCatalog, getLang: () => Lang = sharedLang, cf: CustomFunctionsApi | undefined = (globalThis as { CustomFunctions?: CustomFunctionsApi }).CustomFunctions): AgreementFunctions | null {
  if (!cf) return null;
  const fns = createFunctions({ catalog: getCatalog, lang: getLang });
  const safe = <A extends unknown[], R>(fn: (...args: A) => R) => excelSafe(cf, getLang, fn) as (...args: never[]) => unknown;
  // An asynchronous function's rejection becomes the same CustomFunctions.Error as a thrown one.
  const safeAsync = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    ((...args: A) => fn(...args).catch((e: unknown) => excelSafe(cf, getLang, () => { throw e; })())) as (...args: never[]) => unknown;
  const table = functionTable(fns);
  for (const [id, fn] of Object.entries(table)) cf.associate(id, id === 'PAYMENT2' ? safeAsync(fn as never) : safe(fn as never));
  return fns;
}

/** Register once per runtime, with the shared catalog (the Excel entry points call this at start). */
export function registerSharedFunctions(cf: CustomFunctionsApi | undefined = (globalThis as { CustomFunctions?: CustomFunctionsApi }).CustomFunctions): AgreementFunctions | null {
  const s = shared();
  if (s.registered) return s.registered;
  const fns = registerFunctions(sharedCatalog, sharedLang, cf);
  if (fns) s.registered = fns;
  return fns;
}
