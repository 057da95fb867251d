import type { CellValue } from '../workbook/port';

/** A cell value as words for an error message: "tom cell", "texten "abc"", "felvärdet #REF!". */
export function describeValue(v: CellValue | undefined, lang: 'sv' | 'en'): string {
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return lang === 'sv' ? 'en tom cell' : 'an empty cell';
  if (typeof v === 'string' && /^#[A-Z0-9/!?_]+[!?A-Z0-9]*$/.test(v.trim())) return lang === 'sv' ? `felvärdet ${v.trim()}` : `the error value ${v.trim()}`;
  if (typeof v === 'string') return lang === 'sv' ? `texten "${v.slice(0, 60)}"` : `the text "${v.slice(0, 60)}"`;
  return String(v);
}
