/**
 * The identifiers a Bilaga 2 form carries, checked for format and check digit: the
 * organisationsnummer (10 digits NNNNNN-NNNN, the last a Luhn check digit), bankgiro
 * (7–8 digits, NNN-NNNN or NNNN-NNNN, Luhn) and plusgiro (2–8 digits, the check digit after
 * the hyphen, Luhn), and Regeringskansliet's diarienummer (S20YY/NNNNN). Pure functions:
 * a value as read from a cell in, a verdict out. What is accepted is said in each function:
 * the checks must never call a correct number wrong.
 */
import type { CellValue } from '../../../workbook/port';

/** True when the digits end in a valid Luhn (mod 10) check digit. */
export function luhnOk(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The Luhn check digit the digits before it call for. */
export function luhnDigit(body: string): number {
  for (let d = 0; d <= 9; d++) if (luhnOk(`${body}${d}`)) return d;
  return 0;
}

export type IdVerdict = { ok: true; digits: string } | { ok: false; reason: 'format' | 'check'; digits: string; expected?: number };

/** The text of a cell: numbers as their integer digits (an orgnr or giro typed as a number), strings trimmed. */
function cellText(v: CellValue | undefined): string | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? String(v) : null;
  if (typeof v === 'string') return v.replace(/[\u00a0\u2007\u202f]/g, ' ').replace(/[\u2010-\u2013\u2212]/g, '-').trim();
  return null;
}

/**
 * An organisationsnummer: NNNNNN-NNNN (also accepted: the same ten digits without the hyphen
 * or with a space, and the twelve-digit form with the century prefix 16). The tenth digit is
 * the Luhn check digit of the first nine.
 */
export function checkOrgnr(v: CellValue | undefined): IdVerdict | null {
  const s = cellText(v);
  if (s === null || s === '') return null;
  const m = /^(?:16)?(\d{6})[- ]?(\d{4})$/.exec(s);
  const digits = s.replace(/\D/g, '');
  if (!m) return { ok: false, reason: 'format', digits };
  const ten = `${m[1]}${m[2]}`;
  if (!luhnOk(ten)) return { ok: false, reason: 'check', digits: ten, expected: luhnDigit(ten.slice(0, 9)) };
  return { ok: true, digits: ten };
}

export type GiroKind = 'bankgiro' | 'plusgiro';
export type GiroVerdict = (IdVerdict & { kind: GiroKind | null }) | null;

/**
 * A bankgiro or plusgiro number, as one "Bankgiro/Plusgiro" field holds it, optionally
 * named ("BG 5050-1055", "Plusgiro: 12 34 56-7"). Bankgiro: 7 or 8 digits, a hyphen (if
 * any) before the last four. Plusgiro: 2 to 8 digits, a hyphen (if any) before the last
 * digit, spaces between groups allowed. Unnamed, the hyphen's place says which; without a
 * hyphen any 2–8 digits pass the format. The last digit is a Luhn check digit in both.
 */
export function checkGiro(v: CellValue | undefined): GiroVerdict {
  const raw = cellText(v);
  if (raw === null || raw === '') return null;
  const named = /^(bg|bankgiro|bankgironummer|pg|plusgiro|plusgironummer|postgiro)\b\.?\s*(?:nr\.?|nummer)?\s*:?\s*/i.exec(raw);
  let kind: GiroKind | null = named ? (/^(bg|bank)/i.test(named[1]!) ? 'bankgiro' : 'plusgiro') : null;
  const s = named ? raw.slice(named[0].length).trim() : raw;
  const digits = s.replace(/\D/g, '');
  const m = /^(\d[\d ]*?)(?:-(\d+))?$/.exec(s);
  const fail = (reason: 'format' | 'check', expected?: number) => ({ ok: false as const, reason, digits, kind, ...(expected !== undefined ? { expected } : {}) });
  if (!m) return fail('format');
  const after = m[2];
  if (kind === null && after !== undefined) kind = after.length === 4 ? 'bankgiro' : after.length === 1 ? 'plusgiro' : null;
  if (after !== undefined && kind === null) return fail('format');
  if (kind === 'bankgiro') {
    if (digits.length < 7 || digits.length > 8 || (after !== undefined && after.length !== 4)) return fail('format');
  } else if (kind === 'plusgiro') {
    if (digits.length < 2 || digits.length > 8 || (after !== undefined && after.length !== 1)) return fail('format');
  } else if (digits.length < 2 || digits.length > 8) return fail('format');
  if (!luhnOk(digits)) return fail('check', luhnDigit(digits.slice(0, -1)));
  return { ok: true, digits, kind };
}

/**
 * Regeringskansliet's diarienummer: S, the year (20YY), a slash and five digits
 * ("S2020/09796"). A trailing "(delvis)", as Regeringskansliet writes a number that
 * covers part of a case, is accepted; so is white space around the slash.
 */
export function checkDiarienummer(v: CellValue | undefined): boolean | null {
  if (typeof v !== 'string') return v === null || v === undefined ? null : false;
  const s = v.replace(/[\u00a0\u202f]/g, ' ').trim();
  if (s === '') return null;
  return /^S ?20\d{2} ?\/ ?\d{5}(?: ?\(delvis\))?$/.test(s);
}
