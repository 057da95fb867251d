/**
 * Bytes of a text file → text, the way Excel and other tools save CSV:
 * - UTF-8 with or without BOM ("CSV UTF-8");
 * - UTF-16 LE or BE with BOM (Excel's "Unicode text", tab-separated);
 * - UTF-16 without BOM when every other byte of an ASCII-heavy start is 0;
 * - Windows-1252 (Excel's "CSV (semikolonavgränsad)" on a Swedish Windows) when the
 *   bytes are not valid UTF-8 and the non-ASCII bytes read as letters in 1252
 *   ("S\xF6dermanland" → "Södermanland").
 * Anything else (binary, another code page) is refused with a message that says what
 * was found. Which encoding was read is part of the result, so the caller can say so.
 */

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type Decoded =
  | { ok: true; text: string; encoding: Encoding }
  | { ok: false; reason: 'binary' | 'xlsx' | 'xls' | 'not-text'; message: { sv: string; en: string } };

/** Human name of an encoding, for notes ("read as Windows-1252"). */
export function encodingName(e: Encoding): string {
  return e === 'utf-8' ? 'UTF-8' : e === 'utf-8-bom' ? 'UTF-8 (BOM)' : e === 'utf-16le' ? 'UTF-16 LE' : e === 'utf-16be' ? 'UTF-16 BE' : 'Windows-1252';
}

/** Windows-1252's 0x80–0x9F (the rest of 0xA0–0xFF is Latin-1). Undefined bytes are -1. */
const CP1252_HIGH = [
  0x20ac, -1, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, -1, 0x017d, -1,
  -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, -1, 0x017e, 0x0178,
];

/** What non-ASCII text in a Swedish CSV is made of: letters (å ä ö é), €, dashes, quotes, §, °, NBSP. */
const PLAUSIBLE = /[\p{L}€\u2013\u2014\u2018\u2019\u201c\u201d§°\u00a0½±×]/u;

function decode1252(bytes: Uint8Array): { text: string; undefinedBytes: number; letters: number; high: number; inRuns: number } {
  let undefinedBytes = 0;
  let letters = 0;
  let high = 0;
  let inRuns = 0; // high bytes in runs of 3 or more (Cyrillic, Greek, CJK in another code page)
  let run = 0;
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    let cp = b;
    if (b >= 0x80) {
      run++;
      if (run === 3) inRuns += 3;
      else if (run > 3) inRuns++;
      high++;
      if (b < 0xa0) cp = CP1252_HIGH[b - 0x80]!;
      if (cp === -1) {
        undefinedBytes++;
        cp = 0xfffd;
      } else if (PLAUSIBLE.test(String.fromCharCode(cp))) letters++;
    } else run = 0;
    chunk.push(cp);
    if (chunk.length >= 8192) {
      parts.push(String.fromCharCode.apply(null, chunk));
      chunk = [];
    }
  }
  if (chunk.length) parts.push(String.fromCharCode.apply(null, chunk));
  return { text: parts.join(''), undefinedBytes, letters, high, inRuns };
}

/** Control characters other than tab, CR, LF, FF (and NUL) are not in a text file. */
function controlBytes(bytes: Uint8Array, limit = bytes.length): number {
  let n = 0;
  for (let i = 0; i < Math.min(limit, bytes.length); i++) {
    const b = bytes[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) n++;
  }
  return n;
}

function swap16(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length - (bytes.length % 2));
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1]!;
    out[i + 1] = bytes[i]!;
  }
  return out;
}

function utf16le(bytes: Uint8Array): string {
  return new TextDecoder('utf-16le').decode(bytes);
}

/** UTF-16 without BOM: in the first 200 bytes, NUL on one parity and (almost) none on the other. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 200);
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) evenNul++;
    else oddNul++;
  }
  const half = n / 2;
  if (oddNul >= half * 0.6 && evenNul === 0) return 'utf-16le';
  if (evenNul >= half * 0.6 && oddNul === 0) return 'utf-16be';
  return null;
}

const NOT_TEXT = (what: string, whatEn: string): Decoded => ({
  ok: false,
  reason: 'not-text',
  message: {
    sv: `filen är inte läsbar text (${what}); spara den som "CSV UTF-8" eller .xlsx`,
    en: `the file is not readable text (${whatEn}); save it as "CSV UTF-8" or .xlsx`,
  },
});

export function decodeText(input: Uint8Array): Decoded {
  const bytes = input;
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return { ok: false, reason: 'xlsx', message: {
      sv: 'filen är en Excel-arbetsbok (.xlsx) men har inte ändelsen .xlsx; byt namn till .xlsx',
      en: 'the file is an Excel workbook (.xlsx) without the .xlsx extension; rename it to .xlsx' } };
  }
  if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return { ok: false, reason: 'xls', message: {
      sv: 'filen är i det gamla Excel-formatet .xls; spara den som .xlsx eller "CSV UTF-8"',
      en: 'the file is in the old Excel format .xls; save it as .xlsx or "CSV UTF-8"' } };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: utf16le(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: utf16le(swap16(bytes.subarray(2))), encoding: 'utf-16be' };
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
    } catch {
      return NOT_TEXT('den börjar som UTF-8 men innehåller ogiltiga UTF-8-byte', 'it starts as UTF-8 but holds invalid UTF-8 bytes');
    }
  }
  const sniffed = sniffUtf16(bytes);
  if (sniffed === 'utf-16le') return { ok: true, text: utf16le(bytes), encoding: 'utf-16le' };
  if (sniffed === 'utf-16be') return { ok: true, text: utf16le(swap16(bytes)), encoding: 'utf-16be' };
  if (bytes.includes(0) || controlBytes(bytes, 65536) > 0) {
    return { ok: false, reason: 'binary', message: {
      sv: 'filen är inte text (den innehåller styrtecken); spara den som "CSV UTF-8" eller .xlsx',
      en: 'the file is not text (it holds control bytes); save it as "CSV UTF-8" or .xlsx' } };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: Windows-1252?
  }
  // Valid UTF-8 sequences for å ä ö é (0xC3 0x80–0xBF) beside invalid bytes: two encodings in one file.
  let utf8Pairs = 0;
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0xc3 && bytes[i + 1]! >= 0x80 && bytes[i + 1]! <= 0xbf) utf8Pairs++;
  if (utf8Pairs > 0) {
    return NOT_TEXT(
      `den blandar UTF-8 (${utf8Pairs} tecken som å, ä, ö) med byte som inte är UTF-8, t.ex. Windows-1252`,
      `it mixes UTF-8 (${utf8Pairs} characters such as å, ä, ö) with bytes that are not UTF-8, e.g. Windows-1252`,
    );
  }
  const w = decode1252(bytes);
  // 1252-like: no byte that 1252 leaves undefined, most non-ASCII bytes are letters or common signs (å ä ö é € – § …),
  // and they stand alone or in pairs inside words ("S\xF6dermanland"), not in long runs.
  if (w.undefinedBytes === 0 && w.letters * 2 >= w.high && w.inRuns * 5 <= w.high) return { ok: true, text: w.text, encoding: 'windows-1252' };
  return NOT_TEXT(
    `den är varken UTF-8 eller Windows-1252: ${w.high} byte över 127 läses inte som svensk text`,
    `it is neither UTF-8 nor Windows-1252: ${w.high} bytes above 127 do not read as Swedish text`,
  );
}
