import type { Text } from '../../addin/api';
import type { Lang } from '../i18n';

/** An error as the pane shows it: a message, and an Office error code or a cell where there is one. */
export interface ShownError {
  office: boolean;
  message: string;
  code?: string;
  cell?: string;
  sheet?: string;
  detail?: string;
}

function isText(x: unknown): x is Text {
  return typeof x === 'object' && x !== null && typeof (x as Text).sv === 'string' && typeof (x as Text).en === 'string';
}

/** What the user was doing, in words, for the adapter's action names (never shown as such). */
const ACTIONS: Record<string, Text> = {
  writeSheet: { sv: 'Bladet kunde inte skrivas', en: 'The sheet could not be written' },
  flag: { sv: 'Cellerna kunde inte markeras', en: 'The cells could not be flagged' },
  clearFlags: { sv: 'Markeringarna kunde inte rensas', en: 'The flags could not be cleared' },
  readSheet: { sv: 'Bladet kunde inte läsas', en: 'The sheet could not be read' },
  readSelection: { sv: 'Markeringen kunde inte läsas', en: 'The selection could not be read' },
  select: { sv: 'Cellen kunde inte väljas', en: 'The cell could not be selected' },
  listSheets: { sv: 'Arbetsbokens blad kunde inte läsas', en: 'The workbook’s sheets could not be read' },
  activeSheet: { sv: 'Det aktiva bladet kunde inte läsas', en: 'The active sheet could not be read' },
  capabilities: { sv: 'Excels funktioner kunde inte läsas', en: 'Excel’s features could not be read' },
};

/** "writeSheet: …" → "Bladet kunde inte skrivas: …" (an internal name never reaches the user). */
function withoutActionName(message: string, action: unknown, lang: Lang): string {
  if (typeof action !== 'string' || !action) return message;
  const words = ACTIONS[action]?.[lang] ?? (lang === 'sv' ? 'Åtgärden misslyckades' : 'The action failed');
  for (const prefix of [`${action}: `, `${action} `]) if (message.startsWith(prefix)) return `${words}: ${message.slice(prefix.length)}`;
  return message;
}

/**
 * Describe any thrown value for display. Recognises the adapter's WorkbookError (an
 * Office error `code`), the engine's EngineError (`text` in both languages, maybe a
 * `cell`) and Office.js's own OfficeExtension.Error (`code`, `debugInfo`), by shape, so
 * the pane never needs to import Office.js types here.
 */
export function describeError(err: unknown, lang: Lang): ShownError {
  if (typeof err !== 'object' || err === null) return { office: false, message: String(err) };
  const e = err as {
    message?: unknown;
    code?: unknown;
    text?: unknown;
    cell?: unknown;
    sheet?: unknown;
    debugInfo?: { errorLocation?: unknown; message?: unknown };
    cause?: unknown;
    name?: unknown;
    action?: unknown;
  };
  const raw = isText(e.text) ? e.text[lang] : typeof e.message === 'string' && e.message ? e.message : String(err);
  const message = withoutActionName(raw, e.action, lang);
  // EngineError also carries a `code` (its own, e.g. "pot-unspecified"): only errors without
  // bilingual text are Office's.
  const engine = isText(e.text) || e.name === 'EngineError';
  const shown: ShownError = { office: !engine && typeof e.code === 'string' && e.code !== '', message };
  if (typeof e.code === 'string' && e.code) shown.code = e.code;
  if (typeof e.cell === 'string' && e.cell) shown.cell = e.cell;
  if (typeof e.sheet === 'string' && e.sheet) shown.sheet = e.sheet;
  // Office's debugInfo.errorLocation ("Range.format.fill") names API internals: it goes to the
  // console with the error (useAction logs it), not into the pane.
  return shown;
}
