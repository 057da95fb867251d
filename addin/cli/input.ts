/**
 * Input files for the command line, as grids: CSV (comma, semicolon or tab; UTF-8
 * with or without BOM, UTF-16 with BOM, or Windows-1252 — see io/decode), .xlsx (the
 * first sheet, through the same workbook adapter as in Excel) or JSON (an array of
 * objects, or { "rows": [...] }).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseCsv } from '../io/csv';
import { decodeText, encodingName, type Encoding } from '../io/decode';
import type { CellValue, Grid } from '../workbook/port';
import { readXlsx, memoryPort } from '../workbook/xlsx';
import { inspectXlsx, XlsxRefusal } from '../io/xlsx-guard';
import { at, MESSAGES, systemReason, type Text } from '../api';

/** Input that cannot be used: the message names the file (and row, cell or JSON path), in both languages; exit code 2. */
export class InputError extends Error {
  readonly text: Text;
  constructor(text: Text) {
    super(text.en);
    this.text = text;
  }
}

export function gridFromRows(sheet: string, values: CellValue[][]): Grid {
  let width = 0; // no Math.max(...rows): a spread of 500 000 rows overflows the call stack
  for (const r of values) if (r.length > width) width = r.length;
  const rect = values.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? null));
  return { sheet, top: 0, left: 0, values: rect, numberFormats: rect.map((r) => r.map(() => 'General')) };
}

export function gridFromJson(sheet: string, json: unknown): Grid {
  const rows = Array.isArray(json) ? json : json && typeof json === 'object' && Array.isArray((json as { rows?: unknown }).rows) ? (json as { rows: unknown[] }).rows : null;
  if (!rows) throw new InputError(at(sheet, MESSAGES.jsonNotRows()));
  const keys: string[] = [];
  rows.forEach((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw new InputError(at(sheet, MESSAGES.jsonRowNotObject(`/${Array.isArray(json) ? '' : 'rows/'}${i}`, i + 1)));
    for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  });
  const values: CellValue[][] = [keys];
  (rows as Record<string, unknown>[]).forEach((r, i) => {
    values.push(keys.map((k) => {
      const v = r[k];
      if (v === undefined || v === null) return null;
      if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
      try {
        return JSON.stringify(v);
      } catch {
        // e.g. a value nested 50 000 deep: "Maximum call stack size exceeded"
        throw new InputError(at(sheet, MESSAGES.jsonTooDeep(i + 1, `/${Array.isArray(json) ? '' : 'rows/'}${i}/${k}`)));
      }
    }));
  });
  return gridFromRows(sheet, values);
}

/** A grid read from a file, and how its text was decoded (CSV and JSON). */
export interface FileGrid {
  grid: Grid;
  /** The encoding a text file was read in; absent for .xlsx. */
  encoding?: Encoding;
  /** "Windows-1252", "UTF-16 LE", … for notes; absent for UTF-8 and .xlsx. */
  encodingNote?: string;
}

function decodeOrThrow(path: string, buf: Buffer): { text: string; encoding: Encoding } {
  const d = decodeText(buf);
  if (!d.ok) throw new InputError(at(path, d.message));
  return { text: d.text, encoding: d.encoding };
}

export async function gridFromFile(path: string): Promise<Grid> {
  return (await readInputFile(path)).grid;
}

/** `shown`: the file as the user named it, for messages (default: the path). */
export async function readInputFile(path: string, shown = path): Promise<FileGrid> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    throw new InputError(at(path, systemReason(e)));
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') {
    try {
      await inspectXlsx(path); // oversized or hostile: refused before parsing (issue 14)
    } catch (e) {
      if (e instanceof XlsxRefusal && e.limit !== 'zip') throw new InputError(at(path, { sv: e.describe('sv'), en: e.describe('en') }));
    }
    let wb;
    try {
      wb = await readXlsx(buf);
    } catch (e) {
      throw new InputError(at(path, MESSAGES.notXlsx((e as Error).message)));
    }
    const { port } = memoryPort(wb);
    const sheets = await port.listSheets();
    if (sheets.length === 0) throw new InputError(at(path, MESSAGES.noSheets()));
    return { grid: await port.readSheet(sheets[0]!) };
  }
  const { text, encoding } = decodeOrThrow(shown, buf);
  const note = encoding === 'utf-8' || encoding === 'utf-8-bom' ? {} : { encodingNote: encodingName(encoding) };
  if (ext === '.json') {
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new InputError(at(path, MESSAGES.notJson((e as Error).message)));
    }
    return { grid: gridFromJson(path, json), encoding, ...note };
  }
  return { grid: gridFromRows(path, parseCsv(text)), encoding, ...note };
}
