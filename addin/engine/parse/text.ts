/**
 * Text helpers shared by the parse module. Pure functions, no Office.js.
 */

/**
 * Every kind of white space a workbook cell can carry: JS `\s` already covers
 * space, tab, newlines, U+00A0 (NBSP), U+2000–U+200A (incl. U+2009 thin space),
 * U+202F (narrow NBSP), U+205F, U+3000 and U+FEFF; we add the zero-width ones.
 */
// The zero-width joiner is listed as an alternative, not in the class, so no
// character sequence is joined inside the class (eslint no-misleading-character-class).
const WHITESPACE_RUN = /(?:[\s\u200B\u200C\u2060]|\u200D)+/g;

/** Collapse every run of white space (of any kind) to one ASCII space and trim. Keeps case and diacritics. */
export function collapseWhitespace(s: string): string {
  return s.replace(WHITESPACE_RUN, ' ').trim();
}

const EXTRA_FOLDS: Record<string, string> = { ø: 'o', æ: 'ae', ß: 'ss', đ: 'd', ł: 'l', œ: 'oe' };

/**
 * Text for matching headers and names: lower-case, diacritics stripped
 * (å ä ö é → a a o e), every kind of white space collapsed to one space, trimmed.
 */
export function normalizeText(s: string): string {
  return collapseWhitespace(
    s
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .replace(/[øæßđłœ]/g, (c) => EXTRA_FOLDS[c] ?? c),
  );
}

/**
 * The text of any cell value, for error messages and the `text` field of parse
 * results. Never throws (objects with a hostile `toString` give '').
 */
export function safeText(input: unknown): string {
  if (input === null || input === undefined) return '';
  if (typeof input === 'string') return input;
  if (typeof input === 'number' || typeof input === 'boolean' || typeof input === 'bigint') return String(input);
  try {
    if (input instanceof Date) return Number.isNaN(input.getTime()) ? 'Invalid Date' : input.toISOString();
    const t = String(input);
    return typeof t === 'string' ? t : '';
  } catch {
    return '';
  }
}

/** Excel error values as they arrive in a cell's value (Office.js and exceljs give the text). */
export const EXCEL_ERRORS: ReadonlySet<string> = new Set([
  '#REF!',
  '#DIV/0!',
  '#N/A',
  '#VALUE!',
  '#NAME?',
  '#NUM!',
  '#NULL!',
  '#SPILL!',
  '#CALC!',
  '#GETTING_DATA',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
  '#PYTHON!',
]);

/** True when the text (after trimming, any case) is an Excel error value such as `#REF!`. */
export function isExcelError(s: string): boolean {
  return EXCEL_ERRORS.has(collapseWhitespace(s).toUpperCase());
}
