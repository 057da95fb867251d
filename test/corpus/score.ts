/**
 * Scoring an audit against the corpus's manifest: recall (planted faults found at their
 * cell by a warning or error), false alarms (warnings/errors on cells known correct),
 * notes on correct cells, and findings elsewhere — in total, per layout family and per
 * writer. Shared by the bench (scripts/bench/corpus.ts) and the corpus test.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { builtinCatalog, auditWorkbook, type AuditResult, type Catalog, type Finding } from '../../addin/api';
import { memoryPort, readXlsx } from '../../addin/workbook/xlsx';
import { parseRange } from '../../addin/core/a1';
import { main as cliMain } from '../../addin/cli/main';
import type { Manifest, ManifestSheet } from './make';
import { parseKey, type Fault } from './model';

export type Outcome = 'error' | 'warning' | 'note' | 'missed';

export interface FaultResult {
  file: string;
  sheet: string;
  family: string;
  writer: string;
  fault: Fault;
  outcome: Outcome;
  /** The rules of the findings that found it. */
  rules: string[];
}

export interface AlarmResult {
  file: string;
  sheet: string;
  family: string;
  writer: string;
  finding: Pick<Finding, 'cell' | 'severity' | 'rule'> & { message: string };
  on: 'correct' | 'elsewhere';
}

export interface Tally {
  faults: number;
  found: number;
  byOutcome: Record<Outcome, number>;
  correctCells: number;
  /** Correct cells with a warning or error. */
  falseAlarmCells: number;
  falseAlarms: number;
  notesOnCorrect: number;
  /** Warnings/errors on cells that are neither a fault, nor correct, nor affected (headers, titles …). */
  elsewhere: number;
  sheets: number;
  /** Formula cells saved without a value, and those the audit said so about (rule *uncached*). */
  uncached: number;
  uncachedReported: number;
  /** Tables built into the corpus. */
  tables: number;
  /** Tables the audit found (a table of its result overlapping the built one). */
  tablesFound: number;
  /** …and read as the right agreement and pot (any of a multi-pot table's). */
  tablesRead: number;
}

export interface Score {
  total: Tally;
  byFamily: Map<string, Tally>;
  byWriter: Map<string, Tally>;
  faults: FaultResult[];
  alarms: AlarmResult[];
  unreadable: { file: string; error: string }[];
  ms: number;
}

const RANK: Record<Outcome, number> = { error: 3, warning: 2, note: 1, missed: 0 };

function tally(): Tally {
  return { faults: 0, found: 0, byOutcome: { error: 0, warning: 0, note: 0, missed: 0 }, correctCells: 0, falseAlarmCells: 0, falseAlarms: 0, notesOnCorrect: 0, elsewhere: 0, sheets: 0, uncached: 0, uncachedReported: 0, tables: 0, tablesFound: 0, tablesRead: 0 };
}

function inRange(cell: string, range: string): boolean {
  const r = parseRange(range);
  const p = parseKey(cell);
  return p.row >= r.top && p.row <= r.bottom && p.col >= r.left && p.col <= r.right;
}

function norm(s: string): string {
  return s.normalize('NFC').toLowerCase();
}

/** The outcome of one fault given a sheet's findings. */
export function faultOutcome(fault: Fault, findings: Finding[]): { outcome: Outcome; rules: string[] } {
  const at = new Set([fault.cell, ...(fault.alsoAt ?? [])]);
  const hits = findings.filter((f) => {
    if (fault.range && fault.name) {
      const text = norm(`${f.message.sv} ${f.message.en}`);
      return inRange(f.cell, fault.range) && fault.name.some((n) => text.includes(norm(n)));
    }
    return at.has(f.cell);
  });
  let best: Outcome = 'missed';
  for (const h of hits) if (RANK[h.severity] > RANK[best]) best = h.severity;
  return { outcome: best, rules: [...new Set(hits.map((h) => h.rule))] };
}

function overlaps(a: string, b: string): boolean {
  const x = parseRange(a);
  const y = parseRange(b);
  return x.left <= y.right && y.left <= x.right && x.top <= y.bottom && y.top <= x.bottom;
}

/** What the audit said about the sheet's tables: its result's tables on the sheet and the agreement it audited the sheet against. */
export interface SheetReading {
  tables: { range: string; pot?: string; agreement?: string }[];
  agreement?: string;
}

export function scoreSheet(file: string, writer: string, family: string, sheet: ManifestSheet, findings: Finding[], out: Score, read: SheetReading = { tables: [] }): void {
  const add = (t: Tally) => {
    t.sheets++;
  };
  const tallies = [out.total, getT(out.byFamily, family), getT(out.byWriter, writer)];
  tallies.forEach(add);
  const faultCells = new Set(sheet.faults.flatMap((f) => [f.cell, ...(f.alsoAt ?? [])]));
  for (const fault of sheet.faults) {
    const { outcome, rules } = faultOutcome(fault, findings);
    out.faults.push({ file, sheet: sheet.name, family, writer, fault, outcome, rules });
    for (const t of tallies) {
      t.faults++;
      t.byOutcome[outcome]++;
      if (outcome === 'error' || outcome === 'warning') t.found++;
    }
  }
  const correct = new Set(sheet.correct);
  const affected = new Set(sheet.affected);
  const alarmed = new Set<string>();
  const uncached = new Set(sheet.uncached ?? []);
  const reported = new Set<string>();
  for (const f of findings) {
    const serious = f.severity === 'error' || f.severity === 'warning';
    if (uncached.has(f.cell) && /uncached/.test(f.rule)) {
      reported.add(f.cell);
      continue;
    }
    if (correct.has(f.cell)) {
      if (serious) {
        alarmed.add(f.cell);
        out.alarms.push({ file, sheet: sheet.name, family, writer, finding: { cell: f.cell, severity: f.severity, rule: f.rule, message: f.message.en }, on: 'correct' });
        for (const t of tallies) t.falseAlarms++;
      } else for (const t of tallies) t.notesOnCorrect++;
    } else if (serious && !faultCells.has(f.cell) && !affected.has(f.cell)) {
      // A missing-recipient fault is found by a finding somewhere in its range: not "elsewhere".
      const ranged = sheet.faults.some((x) => x.range && inRange(f.cell, x.range) && faultOutcome(x, [f]).outcome !== 'missed');
      if (!ranged) {
        out.alarms.push({ file, sheet: sheet.name, family, writer, finding: { cell: f.cell, severity: f.severity, rule: f.rule, message: f.message.en }, on: 'elsewhere' });
        for (const t of tallies) t.elsewhere++;
      }
    }
  }
  for (const t of tallies) {
    t.correctCells += correct.size;
    t.falseAlarmCells += alarmed.size;
    t.uncached += uncached.size;
    t.uncachedReported += reported.size;
  }
  for (const built of sheet.tables) {
    const hits = read.tables.filter((x) => overlaps(x.range, built.range));
    const right = hits.some((x) => (x.agreement ?? read.agreement) === built.agreement && x.pot !== undefined && built.pots.includes(x.pot));
    for (const t of tallies) {
      t.tables++;
      if (hits.length) t.tablesFound++;
      if (right) t.tablesRead++;
    }
  }
}

function getT(m: Map<string, Tally>, k: string): Tally {
  let t = m.get(k);
  if (!t) m.set(k, (t = tally()));
  return t;
}

interface CliFile {
  file: string;
  agreement?: string;
  error?: string;
  findings: { sheet: string; cell: string; severity: Finding['severity']; rule: string; message: string; cite: Finding['cite'] }[];
  tables?: { sheet: string; range: string; pot?: string; reading?: { agreement?: string; pot?: string } }[];
}

/** One file through the command line's own code (`agreement-rules audit FILE --json`, in-process): what a user gets. */
async function auditByCli(dir: string, file: string): Promise<CliFile> {
  const out: string[] = [];
  const err: string[] = [];
  await cliMain(['audit', file, '--json'], { out: (s) => out.push(s), err: (s) => err.push(s), cwd: dir });
  const json = JSON.parse(out.join('\n') || '{"files":[]}') as { files: CliFile[] };
  return json.files[0] ?? { file, error: err.join(' ') || 'no output', findings: [] };
}

/** Audit every file of the corpus in `dir` (written by make.ts) as the CLI does, and score it. */
export async function scoreCorpus(dir: string, opts: { catalog?: Catalog; only?: (file: string) => boolean } = {}): Promise<Score> {
  const catalog = opts.catalog ?? builtinCatalog();
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const out: Score = { total: tally(), byFamily: new Map(), byWriter: new Map(), faults: [], alarms: [], unreadable: [], ms: 0 };
  const t0 = performance.now();
  for (const file of manifest.files) {
    if (opts.only && !opts.only(file.file)) continue;
    const cli = await auditByCli(dir, file.file);
    if (cli.error !== undefined) out.unreadable.push({ file: file.file, error: cli.error });
    const findings: Finding[] = cli.findings.map((f) => ({ ...f, message: { sv: f.message, en: f.message } }));
    // The tables' readings: from --json where the CLI gives them, else from auditWorkbook (same reader, same engine).
    let tables: (SheetReading['tables'][number] & { sheet: string })[] = (cli.tables ?? []).map((t) => ({
      sheet: t.sheet,
      range: t.range,
      ...((t.reading?.pot ?? t.pot) ? { pot: t.reading?.pot ?? t.pot } : {}),
      ...(t.reading?.agreement ? { agreement: t.reading.agreement } : {}),
    }));
    let sheets: AuditResult['sheets'] = [];
    if (!cli.tables && cli.error === undefined) {
      const bytes = await readFile(path.join(dir, file.file));
      const res = await auditWorkbook(memoryPort(await readXlsx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))).port, catalog, { scope: 'workbook', lang: 'sv', flag: false });
      tables = res.tables.map((t) => ({ sheet: t.sheet, range: t.range, ...(t.pot ? { pot: t.pot } : {}) }));
      sheets = res.sheets;
    }
    for (const sheet of file.sheets) {
      const read: SheetReading = {
        tables: tables.filter((t) => t.sheet === sheet.name),
        ...((sheets.find((x) => x.sheet === sheet.name)?.agreement ?? cli.agreement) ? { agreement: sheets.find((x) => x.sheet === sheet.name)?.agreement ?? cli.agreement } : {}),
      };
      scoreSheet(file.file, file.writer, file.family, sheet, findings.filter((f) => f.sheet === sheet.name), out, read);
    }
  }
  out.ms = performance.now() - t0;
  return out;
}

export function pct(n: number, d: number): string {
  return d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`;
}
