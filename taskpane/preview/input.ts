/**
 * What a typed or pasted entry becomes in the preview grid, the way Excel with Swedish
 * regional settings reads an entry: "72,5 %" a percentage (0.725, format 0.0%),
 * "2 374 550" or "0,13" a number, "2026-09-30" or "30 september 2026" a date (a serial
 * number with a date format), a leading apostrophe forces text, anything else is text.
 * Only entries that are a number as a whole become numbers: "ca 370 000", "2 milj" and
 * "hög" stay text, as Excel keeps them (the add-in's readers then say so at the cell).
 * A formula ("=…") is not an entry of this kind: the grid stores it in Excel's invariant form
 * (formulas/localize.ts) and the preview's calculation (formulas/) gives its value.
 */
import Decimal from 'decimal.js';
import { isoToExcelSerial, parseDate, parseNumber, type Lang } from '../../addin/api';
import type { CellValue } from '../../addin/workbook/port';

export interface Entry {
  value: CellValue;
  /** The number format Excel would give the entry, or undefined to keep the cell's. */
  numberFormat?: string;
}

const NUMBERISH = /^[+\-\u2212]?[0-9][0-9 \u00A0.,]*$/;
const PERCENTISH = /^[+\-\u2212]?[0-9][0-9 \u00A0.,]*\s*%$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WORD_DATE = /^\d{1,2}\s+\p{L}+\.?\s+\d{4}$/u;

function decimals(text: string): number {
  const m = /[.,](\d+)\s*%?$/.exec(text);
  return m ? m[1]!.length : 0;
}

export function parseEntry(raw: string, lang: Lang = 'sv'): Entry {
  const text = raw.replace(/\r/g, '');
  if (text.trim() === '') return { value: null };
  if (text.startsWith("'")) return { value: text.slice(1), numberFormat: '@' };
  const t = text.trim();
  if (PERCENTISH.test(t)) {
    const p = parseNumber(t, { lang });
    if (p.ok && p.percent && !p.approx && p.unit === undefined) {
      const d = decimals(t);
      return { value: p.value.div(100).toNumber(), numberFormat: d > 0 ? `0.${'0'.repeat(d)}%` : '0%' };
    }
  }
  if (NUMBERISH.test(t)) {
    const p = parseNumber(t, { lang });
    if (p.ok && !p.percent && !p.approx && p.unit === undefined) {
      const value = new Decimal(p.value).toNumber();
      const grouped = /[0-9][ \u00A0][0-9]{3}/.test(t) || (lang === 'en' && /[0-9],[0-9]{3}/.test(t));
      return grouped ? { value, numberFormat: '#,##0' } : { value };
    }
  }
  if (ISO_DATE.test(t) || WORD_DATE.test(t)) {
    const d = parseDate(t);
    const serial = d.ok ? isoToExcelSerial(d.iso) : null;
    if (serial !== null) return { value: serial, numberFormat: 'yyyy-mm-dd' };
  }
  return { value: text };
}

/** A cell's value as the formula bar shows it: numbers with the language's decimal mark, no grouping. */
export function editText(value: CellValue, numberFormat: string, lang: Lang): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return lang === 'sv' ? (value ? 'SANT' : 'FALSKT') : value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (numberFormat.includes('%')) {
      const pct = new Decimal(value).times(100).toSignificantDigits(15).toFixed();
      return lang === 'sv' ? `${pct.replace('.', ',')} %` : `${pct}%`;
    }
    const s = new Decimal(value).toSignificantDigits(15).toFixed();
    return lang === 'sv' ? s.replace('.', ',') : s;
  }
  return String(value);
}

/** Tab-separated text (as Excel and LibreOffice put on the clipboard) → rows of entries. */
export function parseClipboard(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.split('\t'));
}

/** A block of cells → tab-separated text, each value as the formula bar shows it. */
export function toClipboard(rows: { value: CellValue; numberFormat: string }[][], lang: Lang): string {
  return rows.map((r) => r.map((c) => editText(c.value, c.numberFormat, lang).replace(/[\t\n]/g, ' ')).join('\t')).join('\n');
}
