import type { Text } from '../../addin/model';
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
  };
  const message = isText(e.text) ? e.text[lang] : typeof e.message === 'string' && e.message ? e.message : String(err);
  // EngineError also carries a `code` (its own, e.g. "pot-unspecified"): only errors without
  // bilingual text are Office's.
  const engine = isText(e.text) || e.name === 'EngineError';
  const shown: ShownError = { office: !engine && typeof e.code === 'string' && e.code !== '', message };
  if (typeof e.code === 'string' && e.code) shown.code = e.code;
  if (typeof e.cell === 'string' && e.cell) shown.cell = e.cell;
  if (typeof e.sheet === 'string' && e.sheet) shown.sheet = e.sheet;
  const loc = e.debugInfo?.errorLocation;
  if (typeof loc === 'string' && loc) shown.detail = loc;
  return shown;
}
