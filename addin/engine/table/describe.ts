import { formatNumber, isExcelError } from '../parse';
import type { CellValue } from '../../workbook/port';
import type { Lang } from '../../core/lang';

/**
 * A number as a message shows it: every digit kept (no rounding), decimal comma and
 * thousands spaces in Swedish ("246 352,5"), the English way in English ("246,352.5").
 */
export function describeNumber(n: number, lang: Lang): string {
  if (!Number.isFinite(n)) return String(n);
  const s = String(n);
  if (/e/i.test(s)) return lang === 'sv' ? s.replace('.', ',') : s; // 1e+308: as JS writes it
  const decimals = s.includes('.') ? s.length - s.indexOf('.') - 1 : 0;
  return formatNumber(s, decimals, lang);
}

/** A cell value as words for an error message: "tom cell", "texten "abc"", "felvärdet #REF!", "246 352,5". */
export function describeValue(v: CellValue | undefined, lang: Lang): string {
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return lang === 'sv' ? 'en tom cell' : 'an empty cell';
  if (typeof v === 'string' && isExcelError(v)) return lang === 'sv' ? `felvärdet ${v.trim()}` : `the error value ${v.trim()}`;
  if (typeof v === 'string') return lang === 'sv' ? `texten "${v.slice(0, 60)}"` : `the text "${v.slice(0, 60)}"`;
  if (typeof v === 'number') return describeNumber(v, lang);
  if (typeof v === 'boolean') return lang === 'sv' ? (v ? 'SANT' : 'FALSKT') : v ? 'TRUE' : 'FALSE';
  return String(v);
}
