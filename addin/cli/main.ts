/**
 * `agreement-rules`: the engine on files, for batch work and for users without
 * the add-in. Exit codes: 0 ok; 1 check-rules found problems (or audit found
 * errors); 2 bad input (the message names the file, row and column, or JSON path;
 * nothing is written).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { Decimal } from '../decimal';
import {
  allocate,
  allocationSheet,
  partialRemark,
  builtinCatalog,
  EngineError,
  evaluate,
  evaluationSheet,
  conditionWords,
  partHeader,
  findPot,
  findAgreement,
  findPopulation,
  formatCite,
  indicatorsFromGrid,
  loadAgreementText,
  tooBig,
  MAX_RULE_FILE_BYTES,
  populationFromGrid,
  populationSource,
  sectionName,
  type Allocation,
  type Catalog,
  type CellError,
  type Evaluation,
  type Lang,
  type Method,
  type NewSheetSpec,
  type PopulationSource,
  type PopulationTable,
} from '../api';
import { formatKr, formatNumber, formatPercent } from '../parse';
import type { Grid } from '../workbook/port';
import { parseArgs, type ParsedArgs } from './args';
import { InputError, readInputFile } from './input';
import { writeSheetsXlsx } from './output';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}

const USAGE = `agreement-rules – statens och SKR:s cancervårdsöverenskommelser som regler

Användning / usage:
  agreement-rules list [--json]
  agreement-rules allocate --agreement ID --pot POT [--population FILE] [--method largest-remainder|half-up] [--json] [--out FILE.xlsx]
  agreement-rules evaluate --agreement ID --indicators FILE [--population FILE] [--unclaimed redistribute|forfeit] [--json] [--out FILE.xlsx]
  agreement-rules check-rules FILE.json
  agreement-rules audit FILE.xlsx ... [--agreement ID] [--json] [--out DIR]
  agreement-rules requisition --agreement ID --recipient NAME [--pot POT,...] --out FILE.xlsx
  agreement-rules report --agreement ID --recipient NAME [--pot POT,...] --out FILE.xlsx

Options: --lang sv|en (default sv). Input files: CSV (comma, semicolon or tab; UTF-8, UTF-16 or Windows-1252), .xlsx (first sheet) or JSON.
Exit codes: 0 ok, 1 problems found, 2 bad input (nothing written).`;

class UsageError extends Error {}

function lang(args: ParsedArgs): Lang {
  const l = args.options.get('lang');
  return l === 'en' ? 'en' : 'sv';
}

function opt(args: ParsedArgs, name: string, required: true): string;
function opt(args: ParsedArgs, name: string, required?: false): string | undefined;
function opt(args: ParsedArgs, name: string, required = false): string | undefined {
  const v = args.options.get(name);
  if (v === true || v === '') throw new UsageError(`--${name} needs a value`);
  if (v === undefined && required) throw new UsageError(`--${name} is required`);
  return v;
}

function checkOptions(args: ParsedArgs, allowed: string[]) {
  for (const k of args.options.keys()) {
    if (!allowed.includes(k) && k !== 'lang') throw new UsageError(`unknown option --${k}`);
  }
}

/** The first errors of a file, one a line; a file with thousands of bad rows is not printed whole. */
export const MAX_ERRORS_SHOWN = 50;

function cellErrors(file: string, errors: CellError[], l: Lang): string {
  const where = (e: CellError) => (e.sheet && !e.sheet.endsWith(basename(file)) ? ` [${e.sheet}]` : '');
  const shown = errors.slice(0, MAX_ERRORS_SHOWN).map((e) => `${file}${where(e)}: ${e.message[l]}`);
  if (errors.length > MAX_ERRORS_SHOWN) {
    const more = errors.length - MAX_ERRORS_SHOWN;
    shown.push(`${file}: ${l === 'sv' ? `… och ${formatNumber(more, 0, l)} fel till (${formatNumber(errors.length, 0, l)} i alla)` : `… and ${formatNumber(more, 0, l)} more errors (${formatNumber(errors.length, 0, l)} in all)`}`);
  }
  return shown.join('\n');
}

/** Read a file as a grid; a note on stderr when its text was not UTF-8 (it was decoded, and says how). */
async function readGrid(io: Io, file: string, l: Lang) {
  const r = await readInputFile(resolve(io.cwd, file), file);
  if (r.encodingNote) io.err(l === 'sv' ? `agreement-rules: ${file} lästes som ${r.encodingNote} (inte UTF-8).` : `agreement-rules: ${file} was read as ${r.encodingNote} (not UTF-8).`);
  return r;
}

async function loadPopulation(io: Io, catalog: Catalog, file: string | undefined, l: Lang): Promise<PopulationTable | undefined> {
  if (!file) return undefined;
  const { grid, encodingNote } = await readGrid(io, file, l);
  const r = populationFromGrid(grid, catalog, { id: basename(file), origin: { kind: 'file', name: basename(file), ...(encodingNote ? { encoding: encodingNote } : {}) } });
  if (!r.ok) throw new InputError(cellErrors(file, r.errors, l));
  return r.table;
}

function populationJson(src: PopulationSource | undefined, l: Lang) {
  if (!src) return null;
  return {
    id: src.id,
    date: src.date,
    title: src.title[l],
    builtin: src.builtin,
    ...(src.origin ? { file: src.origin.name, ...(src.origin.encoding ? { encoding: src.origin.encoding } : {}), ...(src.origin.dateCell ? { dateCell: src.origin.dateCell } : {}) } : {}),
  };
}

export function allocationJson(a: Allocation, l: Lang = 'sv') {
  return {
    agreement: a.agreement,
    pot: a.pot,
    amount: a.amount.toFixed(0),
    method: a.method,
    populationDate: a.populationDate,
    population: populationJson(a.populationSource, l),
    ...(a.partial ? { partial: { missing: a.partial.missing, covered: a.partial.covered } } : {}),
    rows: a.rows.map((r) => ({
      recipient: r.recipient,
      code: r.code,
      population: a.weighted ? r.population.toFixed(0) : null,
      share: r.share.toDecimalPlaces(12).toString(),
      amount: r.amount.toFixed(0),
    })),
    total: a.total.toFixed(0),
    drift: a.drift.toFixed(0),
    cite: a.cite,
  };
}

export function evaluationJson(e: Evaluation, population?: PopulationSource, l: Lang = 'sv') {
  return {
    agreement: e.agreement,
    unclaimed: e.unclaimed,
    populationDate: e.populationDate === '' ? null : e.populationDate,
    population: populationJson(population, l),
    rows: e.rows.map((r) => ({
      region: r.region,
      code: r.code,
      parts: r.parts.map((p) => ({
        pot: p.pot,
        ...(p.part ? { part: p.part } : {}),
        eligible: p.eligible,
        amount: p.amount.toFixed(0),
        conditions: p.conditions.map((c) => ({ id: c.id, passed: c.passed, value: c.value, threshold: c.threshold, cite: c.cite })),
      })),
      total: r.total.toFixed(0),
    })),
    total: e.total.toFixed(0),
    potTotal: e.potTotal.toFixed(0),
    unpaid: e.unpaid.toFixed(0),
  };
}

function pad(s: string, n: number, right = false): string {
  const len = [...s].length;
  return len >= n ? s : right ? ' '.repeat(n - len) + s : s + ' '.repeat(n - len);
}

function table(rows: string[][], rightCols: number[]): string {
  const widths = rows[0]!.map((_, c) => rows.reduce((w, r) => Math.max(w, [...(r[c] ?? '')].length), 0));
  return rows.map((r) => r.map((v, c) => pad(v, widths[c]!, rightCols.includes(c))).join('  ').trimEnd()).join('\n');
}

async function cmdList(args: ParsedArgs, io: Io, catalog: Catalog) {
  checkOptions(args, ['json']);
  const l = lang(args);
  const data = catalog.agreements.map((a) => ({
    id: a.id,
    title: a.title,
    total: a.total,
    potsTotal: a.pots.reduce((s, p) => s.plus(p.amount), new Decimal(0)).toFixed(0),
    groups: a.groups.map((g) => ({
      id: g.id,
      title: g.title[l],
      amount: g.amount,
      potsTotal: a.pots.filter((p) => p.group === g.id).reduce((s, p) => s.plus(p.amount), new Decimal(0)).toFixed(0),
    })),
    pots: a.pots.map((p) => ({
      id: p.id,
      title: p.title[l],
      amount: p.amount,
      group: p.group,
      recipients: p.recipients,
      split: p.split.by,
      conditional: Boolean(p.conditions) || p.split.by === 'parts',
      cite: p.cite,
    })),
  }));
  if (args.options.get('json')) {
    io.out(JSON.stringify({ agreements: data }, null, 2));
    return 0;
  }
  // Text: groups by title, each pot by title (its id is what --pot takes), how it is split, its section.
  const SPLIT: Record<string, Record<Lang, string>> = {
    population: { sv: 'efter befolkning', en: 'by population' },
    equal: { sv: 'lika delar', en: 'equal parts' },
    single: { sv: 'en mottagare', en: 'one recipient' },
    unspecified: { sv: 'fördelning anges inte', en: 'split not stated' },
    parts: { sv: 'i delar, efter befolkning', en: 'in parts, by population' },
  };
  for (const a of data) {
    io.out(`${a.id}  ${a.title}\n  ${l === 'sv' ? 'Totalt' : 'Total'} ${formatKr(a.total, l)}`);
    for (const g of a.groups) {
      io.out(`\n  ${g.title}: ${formatKr(g.amount, l)}`);
      io.out(table(
        a.pots.filter((p) => p.group === g.id).map((p) => ['    ' + p.title, formatKr(p.amount, l), SPLIT[p.split]![l] + (p.conditional ? (l === 'sv' ? ' (villkorad)' : ' (conditional)') : ''), sectionName(p.cite.section, l), `--pot ${p.id}`]),
        [1],
      ));
    }
    io.out('');
  }
  return 0;
}

async function cmdAllocate(args: ParsedArgs, io: Io, catalog: Catalog) {
  checkOptions(args, ['agreement', 'pot', 'population', 'method', 'json', 'out']);
  const l = lang(args);
  const method = opt(args, 'method') ?? 'largest-remainder';
  if (method !== 'largest-remainder' && method !== 'half-up') throw new UsageError('--method must be largest-remainder or half-up');
  const agreementId = opt(args, 'agreement', true);
  const potId = opt(args, 'pot', true);
  findPot(findAgreement(catalog, agreementId), potId);
  const population = await loadPopulation(io, catalog, opt(args, 'population'), l);
  const a = allocate(catalog, { agreement: agreementId, pot: potId, method, ...(population ? { population } : {}) });
  const out = opt(args, 'out');
  if (out) await writeSheetsXlsx(resolve(io.cwd, out), [allocationSheet(a, catalog, l)]);
  if (args.options.get('json')) {
    io.out(JSON.stringify(allocationJson(a, l), null, 2));
    if (a.partial) io.err(`agreement-rules: ${partialRemark(a.partial, l)}`);
    return 0;
  }
  // The columns that apply, as on the written sheet: no Befolkning without a population
  // behind the split, no code for a single recipient, an RCC by its healthcare region.
  const rcc = a.rows.some((r) => r.code.startsWith('rcc-'));
  const single = a.split === 'single';
  const codeOf = (code: string) => (rcc ? (catalog.reference.rcc.find((x) => x.id === code)?.sjukvardsregion ?? code) : code);
  const head = [l === 'sv' ? 'Mottagare' : 'Recipient', ...(single ? [] : [rcc ? (l === 'sv' ? 'Sjukvårdsregion' : 'Healthcare region') : l === 'sv' ? 'Län' : 'County code']), ...(a.weighted ? [l === 'sv' ? 'Befolkning' : 'Population'] : []), l === 'sv' ? 'Andel' : 'Share', l === 'sv' ? 'Belopp' : 'Amount'];
  const rows = [head];
  for (const r of a.rows) {
    rows.push([r.recipient, ...(single ? [] : [codeOf(r.code)]), ...(a.weighted ? [formatNumber(r.population, 0, l)] : []), formatPercent(r.share, 2, l), formatKr(r.amount, l)]);
  }
  rows.push([l === 'sv' ? 'Summa' : 'Total', ...head.slice(1, -1).map(() => ''), formatKr(a.total, l)]);
  const numeric = head.map((_, i) => i).filter((i) => i >= head.length - (a.weighted ? 3 : 2));
  io.out(table(rows, numeric));
  const basis = a.weighted
    ? `${l === 'sv' ? 'befolkning' : 'population'}: ${a.populationSource ? a.populationSource.title[l] : '–'}`
    : a.split === 'equal' ? (l === 'sv' ? 'fördelning: lika delar' : 'split: equal parts') : l === 'sv' ? 'en mottagare' : 'single recipient';
  io.out(`\n${methodName(a.method, l)}${a.drift.isZero() ? '' : ` (drift ${formatKr(a.drift, l)})`}; ${basis}\n${formatCite(a.cite, l)}`);
  if (a.partial) io.out(partialRemark(a.partial, l));
  if (out) io.out(`${l === 'sv' ? 'Skrev' : 'Wrote'} ${out}`);
  return 0;
}

async function cmdEvaluate(args: ParsedArgs, io: Io, catalog: Catalog) {
  checkOptions(args, ['agreement', 'indicators', 'population', 'unclaimed', 'json', 'out']);
  const l = lang(args);
  const agreementId = opt(args, 'agreement', true);
  findAgreement(catalog, agreementId);
  const indicatorsFile = opt(args, 'indicators', true);
  const unclaimed = opt(args, 'unclaimed') ?? 'redistribute';
  if (unclaimed !== 'redistribute' && unclaimed !== 'forfeit') throw new UsageError('--unclaimed must be redistribute or forfeit');
  const population = await loadPopulation(io, catalog, opt(args, 'population'), l);
  const grid: Grid = (await readGrid(io, indicatorsFile, l)).grid;
  const parsed = indicatorsFromGrid(grid, catalog, agreementId);
  if (!parsed.ok) throw new InputError(cellErrors(indicatorsFile, parsed.errors, l));
  const e = await evaluate(catalog, { agreement: agreementId, indicators: parsed.rows, unclaimed, ...(population ? { population } : {}) });
  const out = opt(args, 'out');
  const source = populationSource(catalog, population ?? findPopulation(catalog, findAgreement(catalog, agreementId).defaultPopulation));
  if (out) await writeSheetsXlsx(resolve(io.cwd, out), [evaluationSheet(e, catalog, l, { population: source })]);
  if (args.options.get('json')) {
    io.out(JSON.stringify(evaluationJson(e, source, l), null, 2));
    return 0;
  }
  const agreement = findAgreement(catalog, agreementId);
  const rows = [['Region', ...e.outcomes.map((o) => partHeader(o, agreement, l)), l === 'sv' ? 'Totalt' : 'Total']];
  for (const r of e.rows) rows.push([r.region, ...r.parts.map((p) => (p.eligible ? formatKr(p.amount, l) : '–')), formatKr(r.total, l)]);
  rows.push([l === 'sv' ? 'Summa' : 'Total', ...e.outcomes.map((o) => formatKr(o.paid, l)), formatKr(e.total, l)]);
  io.out(table(rows, rows[0]!.map((_, i) => i).slice(1)));
  io.out(`\n${l === 'sv' ? 'Utbetalt' : 'Paid'} ${formatKr(e.total, l)} ${l === 'sv' ? 'av' : 'of'} ${formatKr(e.potTotal, l)} (${unclaimedName(e.unclaimed, l)}); ${l === 'sv' ? 'befolkning' : 'population'}: ${source.title[l]}`);
  for (const r of e.rows) {
    const failed = new Map<string, string>();
    for (const p of r.parts) for (const c of p.conditions) if (!c.passed) failed.set(c.id, conditionWords(c, l));
    if (failed.size) io.out(`  ${r.region}: ${[...failed.values()].join('; ')}`);
  }
  if (out) io.out(`${l === 'sv' ? 'Skrev' : 'Wrote'} ${out}`);
  return 0;
}

async function cmdCheckRules(args: ParsedArgs, io: Io, catalog: Catalog) {
  checkOptions(args, ['json']);
  const l = lang(args);
  const file = args.positionals[0];
  if (!file) throw new UsageError('check-rules needs a FILE.json');
  let text: string;
  try {
    const size = (await stat(resolve(io.cwd, file))).size;
    if (size > MAX_RULE_FILE_BYTES) {
      io.err(`${file}: : ${tooBig(size)[l]}`);
      return 1;
    }
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (e) {
    throw new InputError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const r = loadAgreementText(text, file, catalog.reference);
  if (args.options.get('json')) {
    io.out(JSON.stringify(r.ok ? { file, ok: true, problems: [] } : { file, ok: false, problems: r.errors }, null, 2));
    return r.ok ? 0 : 1;
  }
  if (r.ok) {
    io.out(`${file}: OK (${r.agreement.id}, ${r.agreement.pots.length} ${l === 'sv' ? 'potter' : 'pots'}, ${formatKr(r.agreement.total, l)})`);
    return 0;
  }
  for (const e of r.errors) io.err(`${e.file}: ${e.path}: ${e.text?.[l] ?? e.message}`);
  io.err(l === 'sv' ? `${r.errors.length} fel i regelfilen` : `${r.errors.length} problem(s)`);
  return 1;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv);
  const l = lang(args);
  try {
    if (!args.command || args.command === 'help' || args.options.has('help') || args.options.has('h')) {
      io.out(USAGE);
      return args.command ? 0 : 2;
    }
    const catalog = builtinCatalog();
    switch (args.command) {
      case 'list':
        return await cmdList(args, io, catalog);
      case 'allocate':
        return await cmdAllocate(args, io, catalog);
      case 'evaluate':
        return await cmdEvaluate(args, io, catalog);
      case 'check-rules':
        return await cmdCheckRules(args, io, catalog);
      case 'requisition':
      case 'report': {
        const { cmdForm } = await import('./forms');
        return await cmdForm(args.command, args, io, catalog, { opt, checkOptions, lang, UsageError });
      }
      case 'audit': {
        const { cmdAudit } = await import('./audit');
        return await cmdAudit(args, io, catalog);
      }
      default:
        throw new UsageError(`unknown command "${args.command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`agreement-rules: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.err(e.message);
      return 2;
    }
    if (e instanceof EngineError) {
      io.err(`agreement-rules: ${e.text[l]}`);
      return 2;
    }
    io.err(`agreement-rules: ${(e as Error).stack ?? String(e)}`);
    return 3;
  }
}

export { extname, UsageError };
export type { NewSheetSpec };

// Run when bundled as the command (build/cli.cjs) or executed directly.
const isEntry = typeof process !== 'undefined' && process.argv[1] !== undefined && /(cli\.cjs|cli[\\/]main\.ts|agreement-rules(\.cjs)?)$/.test(process.argv[1]);
if (isEntry) {
  // A reader that goes away (`| head`) closes the pipe: stop writing to it, finish the work
  // (files still get written) and exit with the command's own code — no EPIPE stack trace.
  const closed = { out: false, err: false };
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed.out = true;
  });
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed.err = true;
  });
  main(process.argv.slice(2), {
    out: (s) => {
      if (!closed.out) process.stdout.write(s + '\n');
    },
    err: (s) => {
      if (!closed.err) process.stderr.write(s + '\n');
    },
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  });
}

/** The rounding method in words (the id is what --method takes and --json gives). */
function methodName(m: Method, l: Lang): string {
  if (m === 'largest-remainder') return l === 'sv' ? 'Avrundning: största rest' : 'Rounding: largest remainder';
  return l === 'sv' ? 'Avrundning: vanlig avrundning av varje rad' : 'Rounding: half-up, row by row';
}

/** The reading of conditional money in words (the id is what --unclaimed takes). */
function unclaimedName(u: 'redistribute' | 'forfeit', l: Lang): string {
  if (u === 'redistribute') return l === 'sv' ? 'omfördelning till dem som uppfyller villkoren' : 'redistributed among those who qualify';
  return l === 'sv' ? 'ingen omfördelning' : 'not redistributed';
}
