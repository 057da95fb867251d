/**
 * Dates as they appear in a workbook: ISO text, Swedish and English month names,
 * day-first numeric forms, yyyymmdd, Excel serial numbers and JS Date objects.
 * Never throws; every ok result is a real calendar date as `yyyy-mm-dd`.
 */
import { collapseWhitespace, isExcelError, normalizeText, safeText } from './text';
import { isDateFormat } from '../../core/numfmt';

export type DateFailReason = 'empty' | 'error-value' | 'not-a-date' | 'invalid-date';

export type DateParse = { ok: true; iso: string } | { ok: false; reason: DateFailReason; text: string };

export interface DateOptions {
  /** The cell's number format (Office.js `numberFormat`): a date format makes a number an Excel serial date. */
  cellFormat?: string;
}

const MONTHS: Record<string, number> = {};
(
  [
    ['januari', 'january', 'jan'],
    ['februari', 'february', 'feb'],
    ['mars', 'march', 'mar'],
    ['april', 'apr'],
    ['maj', 'may'],
    ['juni', 'june', 'jun'],
    ['juli', 'july', 'jul'],
    ['augusti', 'august', 'aug'],
    ['september', 'sept', 'sep'],
    ['oktober', 'october', 'okt', 'oct'],
    ['november', 'nov'],
    ['december', 'dec'],
  ] as const
).forEach((names, i) => {
  for (const n of names) MONTHS[n] = i + 1;
});
const MONTH_RE = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}

/** A validated ISO date, or null (years 1000–9999 only, so the result is always yyyy-mm-dd). */
export function isoDate(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

const DAY_MS = 86_400_000;
/** Serial 61 = 1900-03-01; serials from 61 on count from 1899-12-30 (Excel's fake 1900-02-29 is serial 60). */
const EPOCH_AFTER_BUG = Date.UTC(1899, 11, 30);
const EPOCH_BEFORE_BUG = Date.UTC(1899, 11, 31);
/** 9999-12-31, the last date Excel shows. */
export const MAX_EXCEL_SERIAL = 2_958_465;

/** Excel 1900-system serial → ISO date, or null (0, the fake 1900-02-29 (60), and out of range). */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial)) return null;
  const day = Math.floor(serial);
  if (day < 1 || day > MAX_EXCEL_SERIAL || day === 60) return null;
  const ms = (day < 60 ? EPOCH_BEFORE_BUG : EPOCH_AFTER_BUG) + day * DAY_MS;
  const dt = new Date(ms);
  return isoDate(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

/** ISO date → Excel 1900-system serial (inverse of excelSerialToIso), or null. */
export function isoToExcelSerial(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || isoDate(Number(m[1]), Number(m[2]), Number(m[3])) === null) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const after = (ms - EPOCH_AFTER_BUG) / DAY_MS;
  if (after >= 61) return after;
  const before = (ms - EPOCH_BEFORE_BUG) / DAY_MS;
  return before >= 1 && before < 60 ? before : null;
}

export { isDateFormat };

const RE_ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?: ?(?:z|[+-]\d{2}(?::?\d{2})?))?)?$/;
const RE_YMD_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const RE_YMD_SEP = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
/** 30/9 2026, 30/9/2026, 30.9.2026, 30/9-2026, 30-9-2026 (day first, as in Sweden). */
const RE_DMY = /^(\d{1,2})(?:[/.] ?(\d{1,2})(?:[/.\- ] ?|\. )|-(\d{1,2})-)(\d{4})$/;
/** (den) 30(:e) september(.) 2026 */
const RE_D_MONTH_Y = new RegExp(
  `^(?:(?:mandag|tisdag|onsdag|torsdag|fredag|lordag|sondag|monday|tuesday|wednesday|thursday|friday|saturday|sunday),? )?(?:den )?(\\d{1,2})(?::?[ae]|st|nd|rd|th)?\\.? (${MONTH_RE})\\.?,? (\\d{4})$`,
);
/** September 30(th), 2026 */
const RE_MONTH_D_Y = new RegExp(`^(${MONTH_RE})\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})$`);

function fromText(s: string): string | null | undefined {
  let m: RegExpExecArray | null;
  if ((m = RE_ISO.exec(s)) || (m = RE_YMD_COMPACT.exec(s)) || (m = RE_YMD_SEP.exec(s))) {
    return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  if ((m = RE_DMY.exec(s))) {
    return isoDate(Number(m[4]), Number(m[2] ?? m[3]), Number(m[1]));
  }
  if ((m = RE_D_MONTH_Y.exec(s))) {
    return isoDate(Number(m[3]), MONTHS[m[2] ?? ''] ?? 0, Number(m[1]));
  }
  if ((m = RE_MONTH_D_Y.exec(s))) {
    return isoDate(Number(m[3]), MONTHS[m[1] ?? ''] ?? 0, Number(m[2]));
  }
  return undefined; // not date-shaped at all
}

/**
 * Parse a cell value as a date. A JS number is an Excel serial date when the cell
 * format is a date format or the number is an integer in [20000, 80000]
 * (1954-10-03 … 2119-01-11); an 8-digit integer like 20260930 is read as yyyymmdd.
 */
export function parseDate(input: unknown, opts: DateOptions = {}): DateParse {
  const text = safeText(input);
  if (input === null || input === undefined) return { ok: false, reason: 'empty', text };
  if (input instanceof Date) {
    const t = input.getTime();
    if (Number.isNaN(t)) return { ok: false, reason: 'not-a-date', text };
    const iso = isoDate(input.getUTCFullYear(), input.getUTCMonth() + 1, input.getUTCDate());
    return iso ? { ok: true, iso } : { ok: false, reason: 'invalid-date', text };
  }
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, reason: 'not-a-date', text };
    const dateFormat = typeof opts.cellFormat === 'string' && isDateFormat(opts.cellFormat);
    if (dateFormat || (Number.isInteger(input) && input >= 20000 && input <= 80000)) {
      const iso = excelSerialToIso(input);
      return iso ? { ok: true, iso } : { ok: false, reason: 'invalid-date', text };
    }
    if (Number.isInteger(input) && input >= 10_000_000 && input <= 99_999_999) {
      const s = String(input);
      const iso = isoDate(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)));
      return iso ? { ok: true, iso } : { ok: false, reason: 'invalid-date', text };
    }
    return { ok: false, reason: 'not-a-date', text };
  }
  if (typeof input !== 'string') return { ok: false, reason: 'not-a-date', text };
  const raw = collapseWhitespace(input);
  if (raw === '') return { ok: false, reason: 'empty', text };
  if (isExcelError(raw)) return { ok: false, reason: 'error-value', text };
  const r = fromText(normalizeText(raw));
  if (r === undefined) return { ok: false, reason: 'not-a-date', text };
  if (r === null) return { ok: false, reason: 'invalid-date', text };
  return { ok: true, iso: r };
}

const RE_FIND_ISO = /(?<![0-9])(\d{4})-(\d{1,2})-(\d{1,2})(?![0-9])/g;
const RE_FIND_D_MONTH_Y = new RegExp(`(?<![0-9a-z])(\\d{1,2})(?::?[ae])?\\.? (${MONTH_RE})\\.?,? (\\d{4})(?![0-9])`, 'g');
const RE_FIND_DMY = /(?<![0-9./-])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?![0-9])/g;

/**
 * The dates written inside a longer text, such as a title or a header cell:
 * "Folkmängd 31 december 2024" → ["2024-12-31"], "Befolkning 2024-12-31" → ["2024-12-31"],
 * "Befolkning 1/11 2019"-style day-first forms with a year. A year alone ("Befolkning 2024")
 * or a month and year is not a date (the day is not said). Distinct ISO dates, in order.
 */
export function datesInText(input: unknown): string[] {
  if (typeof input !== 'string') return [];
  const s = normalizeText(input.slice(0, 2000)).replace(/\s*\/\s*/g, '/');
  const found: { at: number; iso: string }[] = [];
  for (const m of s.matchAll(RE_FIND_ISO)) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (iso) found.push({ at: m.index ?? 0, iso });
  }
  for (const m of s.matchAll(RE_FIND_D_MONTH_Y)) {
    const iso = isoDate(Number(m[3]), MONTHS[m[2] ?? ''] ?? 0, Number(m[1]));
    if (iso) found.push({ at: m.index ?? 0, iso });
  }
  for (const m of s.replace(/(\d{1,2}\/\d{1,2})(?:- ?| )(\d{4})/g, '$1/$2').matchAll(RE_FIND_DMY)) {
    const iso = isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
    if (iso) found.push({ at: m.index ?? 0, iso });
  }
  found.sort((a, b) => a.at - b.at);
  const out: string[] = [];
  for (const f of found) if (!out.includes(f.iso)) out.push(f.iso);
  return out;
}
