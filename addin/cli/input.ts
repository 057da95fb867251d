/**
 * Input files for the command line, as grids: CSV (comma or semicolon, UTF-8
 * with or without BOM), .xlsx (the first sheet, through the same workbook
 * adapter as in Excel) or JSON (an array of objects, or { "rows": [...] }).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseCsv } from '../io/csv';
import type { CellValue, Grid } from '../workbook/port';
import { readXlsx, memoryPort } from '../workbook/xlsx';
import { inspectXlsx, XlsxRefusal } from '../io/xlsx-guard';

export class InputError extends Error {}

export function gridFromRows(sheet: string, values: CellValue[][]): Grid {
  const width = Math.max(0, ...values.map((r) => r.length));
  const rect = values.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? null));
  return { sheet, top: 0, left: 0, values: rect, numberFormats: rect.map((r) => r.map(() => 'General')) };
}

export function gridFromJson(sheet: string, json: unknown): Grid {
  const rows = Array.isArray(json) ? json : json && typeof json === 'object' && Array.isArray((json as { rows?: unknown }).rows) ? (json as { rows: unknown[] }).rows : null;
  if (!rows) throw new InputError(`${sheet}: JSON must be an array of objects or { "rows": [...] }`);
  const keys: string[] = [];
  rows.forEach((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw new InputError(`${sheet}: JSON row ${i + 1} (/${Array.isArray(json) ? '' : 'rows/'}${i}) is not an object`);
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
        throw new InputError(`${sheet}: JSON row ${i + 1} (/${Array.isArray(json) ? '' : 'rows/'}${i}/${k}): the value is nested too deeply to read; a cell must be a number, text or true/false`);
      }
    }));
  });
  return gridFromRows(sheet, values);
}

export async function gridFromFile(path: string): Promise<Grid> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    throw new InputError(`${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file / filen finns inte' : (e as Error).message}`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') {
    try {
      await inspectXlsx(path); // oversized or hostile: refused before parsing (issue 14)
    } catch (e) {
      if (e instanceof XlsxRefusal && e.limit !== 'zip') throw new InputError(`${path}: ${e.describe('en')}`);
    }
    let wb;
    try {
      wb = await readXlsx(buf);
    } catch (e) {
      throw new InputError(`${path}: not a readable .xlsx file (${(e as Error).message})`);
    }
    const { port } = memoryPort(wb);
    const sheets = await port.listSheets();
    if (sheets.length === 0) throw new InputError(`${path}: the workbook has no sheets`);
    return port.readSheet(sheets[0]!);
  }
  const text = buf.toString('utf8');
  if (ext === '.json') {
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new InputError(`${path}: not valid JSON (${(e as Error).message})`);
    }
    return gridFromJson(path, json);
  }
  return gridFromRows(path, parseCsv(text));
}
