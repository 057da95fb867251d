/**
 * The preview's calculation: the formula engine (fast-formula-parser, behind engine.ts) with
 * the product's worksheet functions under their namespace (AVTAL.ALLOCATE …, the Swedish
 * names are translated when typed: localize.ts), over the in-memory workbook (calc.ts). The
 * functions read the catalog the pane shares (a rule file loaded in Regler), as in Excel.
 */
import type { MemoryWorkbook } from '../../../addin/workbook/memory';
import { createFunctions, FunctionError, NAMESPACE, type AgreementFunctions } from '../../../addin/functions/functions';
import { functionTable, onSharedChange, sharedCatalog, sharedLang } from '../../functions';
import { attachCalculation, type Calculation } from './calc';
import { fastFormulaEngine } from './engine';

export { toInvariant, toLocal } from './localize';
export type { Calculation } from './calc';

export function previewCalculation(workbook: MemoryWorkbook, fns: AgreementFunctions = createFunctions({ catalog: sharedCatalog, lang: sharedLang })): Calculation & { functions: AgreementFunctions } {
  // An argument error's message in the pane's language (as taskpane/functions.ts gives Excel).
  const own = (e: unknown) => (e instanceof FunctionError ? { code: e.code, message: e.text[sharedLang()] } : e);
  const named = Object.fromEntries(
    Object.entries(functionTable(fns)).map(([id, fn]) => [
      `${NAMESPACE}.${id}`,
      (...args: unknown[]) => {
        try {
          const r = (fn as (...a: unknown[]) => unknown)(...args);
          return r instanceof Promise ? r.catch((e: unknown) => Promise.reject(own(e))) : r;
        } catch (e) {
          throw own(e);
        }
      },
    ]),
  );
  const calc = attachCalculation(workbook, fastFormulaEngine(named));
  // A rule file loaded, or the language switched (TABELL's header, KÄLLA): calculate again.
  const off = onSharedChange(() => void calc.recalculate());
  return {
    ...calc,
    stats: calc.stats,
    functions: fns,
    dispose: () => {
      off();
      calc.dispose();
    },
  };
}
