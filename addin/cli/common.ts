/**
 * What the commands of `agreement-rules` share: the I/O the entry point hands them,
 * option reading, usage errors, reading input files as grids, and the JSON of a
 * population source. One file per command is under commands/; main.ts dispatches.
 */
import { basename, resolve } from 'node:path';
import {
  populationFromGrid,
  type Catalog,
  type CellError,
  type Lang,
  type PopulationSource,
  type PopulationTable,
  type Text,
  formatNumber,
  MESSAGES,
} from '../api';
import type { ParsedArgs } from './args';
import { InputError, readInputFile } from './input';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}

const COMMANDS = `  agreement-rules list [--json]
  agreement-rules allocate --agreement ID --pot POT [--population FILE] [--method largest-remainder|half-up] [--json] [--out FILE.xlsx]
  agreement-rules evaluate --agreement ID --indicators FILE [--population FILE] [--unclaimed redistribute|forfeit] [--json] [--out FILE.xlsx]
  agreement-rules check-rules FILE.json
  agreement-rules audit FILE.xlsx ... [--agreement ID] [--json] [--out DIR]
  agreement-rules requisition --agreement ID --recipient NAME [--pot POT,...] --out FILE.xlsx
  agreement-rules report --agreement ID --recipient NAME [--pot POT,...] --out FILE.xlsx`;

/** The usage text, in the language of --lang. */
export const USAGE: Text = {
  sv: `agreement-rules – statens och SKR:s cancervårdsöverenskommelser som regler

Användning:
${COMMANDS}

Alternativ: --lang sv|en (standard sv). Indatafiler: CSV (komma, semikolon eller tabb; UTF-8, UTF-16 eller Windows-1252), .xlsx (första bladet) eller JSON.
Slutkoder: 0 klart, 1 problem hittade, 2 felaktig indata (inget skrevs).`,
  en: `agreement-rules – the state–SKR cancer-care agreements as rules

Usage:
${COMMANDS}

Options: --lang sv|en (default sv). Input files: CSV (comma, semicolon or tab; UTF-8, UTF-16 or Windows-1252), .xlsx (first sheet) or JSON.
Exit codes: 0 ok, 1 problems found, 2 bad input (nothing written).`,
};

/** A command line that does not parse: printed with the usage, exit code 2. */
export class UsageError extends Error {
  readonly text: Text;
  constructor(text: Text) {
    super(text.en);
    this.text = text;
  }
}

export function lang(args: ParsedArgs): Lang {
  const l = args.options.get('lang');
  return l === 'en' ? 'en' : 'sv';
}

export function opt(args: ParsedArgs, name: string, required: true): string;
export function opt(args: ParsedArgs, name: string, required?: false): string | undefined;
export function opt(args: ParsedArgs, name: string, required = false): string | undefined {
  const v = args.options.get(name);
  if (v === true || v === '') throw new UsageError(MESSAGES.needsValue(name));
  if (v === undefined && required) throw new UsageError(MESSAGES.required(name));
  return v;
}

export function checkOptions(args: ParsedArgs, allowed: string[]) {
  for (const k of args.options.keys()) {
    if (!allowed.includes(k) && k !== 'lang') throw new UsageError(MESSAGES.unknownOption(k));
  }
}

/** The first errors of a file, one a line; a file with thousands of bad rows is not printed whole. */
export const MAX_ERRORS_SHOWN = 50;

export function cellErrors(file: string, errors: CellError[]): Text {
  const where = (e: CellError) => (e.sheet && !e.sheet.endsWith(basename(file)) ? ` [${e.sheet}]` : '');
  const lines = (l: Lang) => {
    const shown = errors.slice(0, MAX_ERRORS_SHOWN).map((e) => `${file}${where(e)}: ${e.message[l]}`);
    if (errors.length > MAX_ERRORS_SHOWN) {
      shown.push(`${file}: ${MESSAGES.moreErrors(formatNumber(errors.length - MAX_ERRORS_SHOWN, 0, l), formatNumber(errors.length, 0, l))[l]}`);
    }
    return shown.join('\n');
  };
  return { sv: lines('sv'), en: lines('en') };
}

/** Read a file as a grid; a note on stderr when its text was not UTF-8 (it was decoded, and says how). */
export async function readGrid(io: Io, file: string, l: Lang) {
  const r = await readInputFile(resolve(io.cwd, file), file);
  if (r.encodingNote) io.err(`agreement-rules: ${MESSAGES.readAs(file, r.encodingNote)[l]}`);
  return r;
}

export async function loadPopulation(io: Io, catalog: Catalog, file: string | undefined, l: Lang): Promise<PopulationTable | undefined> {
  if (!file) return undefined;
  const { grid, encodingNote } = await readGrid(io, file, l);
  const r = populationFromGrid(grid, catalog, { id: basename(file), origin: { kind: 'file', name: basename(file), ...(encodingNote ? { encoding: encodingNote } : {}) } });
  if (!r.ok) throw new InputError(cellErrors(file, r.errors));
  return r.table;
}

export function populationJson(src: PopulationSource | undefined, l: Lang) {
  if (!src) return null;
  return {
    id: src.id,
    date: src.date,
    title: src.title[l],
    builtin: src.builtin,
    ...(src.origin ? { file: src.origin.name, ...(src.origin.encoding ? { encoding: src.origin.encoding } : {}), ...(src.origin.dateCell ? { dateCell: src.origin.dateCell } : {}) } : {}),
  };
}

export function pad(s: string, n: number, right = false): string {
  const len = [...s].length;
  return len >= n ? s : right ? ' '.repeat(n - len) + s : s + ' '.repeat(n - len);
}

export function table(rows: string[][], rightCols: number[]): string {
  const widths = rows[0]!.map((_, c) => rows.reduce((w, r) => Math.max(w, [...(r[c] ?? '')].length), 0));
  return rows.map((r) => r.map((v, c) => pad(v, widths[c]!, rightCols.includes(c))).join('  ').trimEnd()).join('\n');
}
