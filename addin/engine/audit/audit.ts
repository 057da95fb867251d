/**
 * The audit's use cases: auditGrid (pure: a grid in, findings out; for tests and
 * the bench), auditGrids (several sheets, one agreement), and auditWorkbook
 * (through the WorkbookPort: read the sheets in scope, audit, flag), with a
 * progress callback and cancellation for the pane.
 */
import type { Catalog } from '../../core/model';
import { findAgreement } from '../rules/catalog';
import type { FlagReceipt, Grid, WorkbookPort } from '../../workbook/port';
import { colName, rangeA1 } from '../../core/a1';
import { CHECKS } from './checks';
import { columnLabel, tableReadings, type Scored } from './readings';
import { scanGrid, type Scan } from './finder';
import { SEVERITY_RANK, findingsToFlags, isFindingsSheet } from './flags';
import { inferAgreement } from './infer';
import { agreementFacts } from './knowledge';
import { arithmetic } from './messages';
import { namesFor, proseKey } from './names';
import { parseA1 } from '../../core/a1';
import type { AuditOptions, AuditResult, AuditTable, Check, CheckContext, Finding, GridAuditOptions, Lang, TableReadingInfo } from './types';

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** The region a sheet is about: the one its free text names most (ties: the first named). */
export function sheetRegion(scan: Scan, catalog: Catalog): string | null {
  const names = namesFor(catalog);
  const counts = new Map<string, number>();
  for (const t of scan.texts) {
    if (t.text.length > 2000) continue;
    for (const m of names.regionsIn(proseKey(t.text))) counts.set(m.code, (counts.get(m.code) ?? 0) + 1);
  }
  let best: string | null = null;
  let n = 0;
  for (const [code, c] of counts) if (c > n) {
    best = code;
    n = c;
  }
  return best;
}

function runCheck(check: Check, ctx: CheckContext): Finding[] {
  try {
    return check.run(ctx);
  } catch (e) {
    // A check's own failure is reported, never a crash of the audit.
    const msg = e instanceof Error ? e.message : String(e);
    return [{
      sheet: ctx.grid.sheet,
      cell: rangeA1(ctx.grid.top, ctx.grid.left, ctx.grid.top, ctx.grid.left),
      severity: 'warning',
      rule: 'audit.internal',
      message: { sv: `Kontrollen ${check.id} kunde inte köras: ${msg}`, en: `The check ${check.id} could not run: ${msg}` },
      cite: arithmetic('intern kontroll', 'internal check'),
    }];
  }
}

function sortFindings(findings: Finding[], sheetOrder: Map<string, number>): Finding[] {
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const k = `${f.sheet}\u0000${f.cell}\u0000${f.rule}\u0000${f.message.sv}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const pos = new Map<Finding, { row: number; col: number }>();
  for (const f of unique) {
    const p = parseA1(f.cell);
    pos.set(f, p ? { row: p.row, col: p.col } : { row: 0, col: 0 });
  }
  const checkOrder = new Map(CHECKS.map((c, i) => [c.id, i]));
  return unique.sort((a, b) => {
    const pa = pos.get(a)!;
    const pb = pos.get(b)!;
    return (
      (sheetOrder.get(a.sheet) ?? 0) - (sheetOrder.get(b.sheet) ?? 0) ||
      pa.row - pb.row ||
      pa.col - pb.col ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (checkOrder.get(a.rule) ?? 99) - (checkOrder.get(b.rule) ?? 99)
    );
  });
}

type Choice = { id: string; from: AuditResult['agreementFrom'] };

/**
 * The agreement for the audit and for each sheet: the option for all; else each sheet's own
 * evidence (a year in its text, a table total), and the workbook's for sheets without any.
 */
export function chooseAgreements(scans: readonly Scan[], catalog: Catalog, option?: string): { main: Choice; perSheet: Choice[] } {
  if (option) {
    const id = findAgreement(catalog, option).id;
    return { main: { id, from: 'option' }, perSheet: scans.map(() => ({ id, from: 'option' })) };
  }
  const main = inferAgreement(catalog, scans);
  const perSheet = scans.map((s) => {
    const own = inferAgreement(catalog, [s]);
    return own.from === 'newest' ? main : own;
  });
  return { main, perSheet };
}

function info(s: Scored): TableReadingInfo {
  const r = s.reading;
  return { id: r.id, agreement: r.agreement, pot: r.pot, ...(r.part ? { part: r.part } : {}), recipients: r.recipients, count: r.count, population: r.population, method: r.method };
}

export interface CheckOptions {
  lang?: Lang;
  agreementFixed?: boolean;
  readings?: Record<string, string>;
}

/** Run the checks on scanned sheets, each against its agreement (one id for all, or one per scan). */
export function checkScans(scans: readonly Scan[], catalog: Catalog, agreementIds: string | readonly string[], opts: CheckOptions = {}): { findings: Finding[]; tables: AuditResult['tables'] } {
  const findings: Finding[] = [];
  const tables: AuditResult['tables'] = [];
  const lang = opts.lang ?? 'sv';
  scans.forEach((scan, i) => {
    const id = typeof agreementIds === 'string' ? agreementIds : (agreementIds[i] ?? agreementIds[0]!);
    const agreement = findAgreement(catalog, id);
    const facts = agreementFacts(catalog, agreement);
    const ctx: CheckContext = {
      grid: scan.grid, scan, catalog, agreement, facts, sheetRegion: sheetRegion(scan, catalog),
      ...(opts.agreementFixed ? { agreementFixed: true } : {}), ...(opts.readings ? { readings: opts.readings } : {}),
    };
    const own: Finding[] = [];
    // The audit's own export quotes figures and citations, which are not the user's statements.
    if (!isFindingsSheet(scan.grid)) for (const check of CHECKS) for (const f of runCheck(check, ctx)) own.push(f);
    const readings = tableReadings(ctx);
    const g = scan.grid;
    const spans: { top: number; bottom: number; left: number; right: number; key: string; label: string }[] = [];
    for (const t of scan.tables) {
      const tr = readings.get(t);
      const range = rangeA1(g.top + t.headerRow, g.left + t.left, g.top + t.endRow, g.left + t.right);
      const chosen = tr?.chosen ?? null;
      const col = (c: number) => colName(g.left + c);
      const more = (l: Lang) => [
        ...(tr?.others ?? []).map((o) => `${col(o.column.col)}: ${columnLabel(o, l)}`),
        ...(tr?.rowSums ?? []).map((c) => `${col(c.col)}: ${l === 'sv' ? 'radsumma' : 'row total'}`),
      ];
      const labels = chosen ? { sv: [chosen.label.sv, ...more('sv')].join('; '), en: [chosen.label.en, ...more('en')].join('; ') } : null;
      const label = labels ? labels[lang] : lang === 'sv' ? `${range}: inte läst som en fördelning` : `${range}: not read as an allocation`;
      const entry: AuditTable = {
        sheet: g.sheet,
        range,
        title: t.title,
        ...(chosen ? { pot: chosen.reading.pot } : {}),
        reading: chosen ? info(chosen) : null,
        label,
        labels,
        alternatives: (tr?.alternatives ?? []).map((a) => ({ id: a.reading.id, reading: info(a), label: a.label[lang], unexplained: a.unexplained })),
        unexplained: chosen?.unexplained ?? 0,
        tie: Boolean(tr?.tie),
        picked: Boolean(tr?.picked),
      };
      tables.push(entry);
      if (chosen) spans.push({ top: g.top + Math.max(0, t.headerRow - 2), bottom: g.top + t.endRow, left: g.left + t.left, right: g.left + t.right, key: `${g.sheet}!${range}`, label });
    }
    // Every finding on (or at the title of) a table says which reading it rests on.
    for (const f of own) {
      const p = parseA1(f.cell);
      if (!p) continue;
      const span = spans.find((x) => p.row >= x.top && p.row <= x.bottom && p.col >= x.left && p.col <= x.right);
      if (span) {
        f.table = span.key;
        f.reading = span.label;
      }
    }
    for (const f of own) findings.push(f); // no push(...own): a spread of ~130 000 findings overflows the call stack
  });
  const order = new Map(scans.map((s, i) => [s.grid.sheet, i]));
  return { findings: sortFindings(findings, order), tables };
}

/** Audit grids (sheets) against one agreement: the option, else the one they talk about. Pure: no port. */
export function auditGrids(grids: readonly Grid[], catalog: Catalog, opts: GridAuditOptions = {}): AuditResult {
  const t0 = now();
  const names = namesFor(catalog);
  const scans = grids.map((g) => scanGrid(g, names));
  const { main, perSheet } = chooseAgreements(scans, catalog, opts.agreement);
  const { findings: raw, tables } = checkScans(scans, catalog, perSheet.map((p) => p.id), {
    lang: opts.lang ?? 'sv', agreementFixed: Boolean(opts.agreement), ...(opts.readings ? { readings: opts.readings } : {}),
  });
  const cells = scans.reduce((s, x) => s + x.cells, 0);
  const sheets = scans.map((s, i) => ({ sheet: s.grid.sheet, agreement: perSheet[i]!.id, from: perSheet[i]!.from }));
  const findings = markUserRules(raw, scans.map((x, i) => [x.grid.sheet, perSheet[i]!.id] as const), catalog);
  const skipped = grids.filter((g) => isFindingsSheet(g)).map((g) => ({ sheet: g.sheet, reason: SKIPPED_EXPORT }));
  return { agreement: main.id, agreementFrom: main.from, findings, cells, ms: now() - t0, tables, sheets, skipped };
}

/**
 * A finding made against a user's own rule file says so in its message (file and hash), so its
 * note, the export and --json never pass it off as the built-in agreement's (issue 15.5).
 */
function markUserRules(findings: Finding[], sheetAgreement: readonly (readonly [string, string])[], catalog: Catalog): Finding[] {
  const bySheet = new Map(sheetAgreement);
  const marks = new Map<string, { sv: string; en: string }>();
  for (const a of catalog.agreements) {
    if (!a.origin) continue;
    const hash = a.origin.sha256.slice(0, 16);
    marks.set(a.id, { sv: ` (enligt egen regelfil ${a.origin.file}, SHA-256 ${hash}…)`, en: ` (by the own rule file ${a.origin.file}, SHA-256 ${hash}…)` });
  }
  if (marks.size === 0) return findings;
  return findings.map((f) => {
    const m = marks.get(bySheet.get(f.sheet) ?? '');
    return m ? { ...f, message: { sv: f.message.sv + m.sv, en: f.message.en + m.en } } : f;
  });
}

/** Why an unchanged findings export is passed over. */
const SKIPPED_EXPORT = {
  sv: 'granskningsresultat som tillägget exporterade, oförändrade (kontrollsumman stämmer)',
  en: 'audit findings the add-in exported, unchanged (the checksum matches)',
};

/** Audit one grid. Pure: no port; for tests and the bench. */
export function auditGrid(grid: Grid, catalog: Catalog, opts: GridAuditOptions = {}): AuditResult {
  return auditGrids([grid], catalog, opts);
}

function abortError(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const e = new Error('The audit was cancelled');
  e.name = 'AbortError';
  return e;
}

function check(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError(signal);
}

/** Let the host paint (and a cancel click arrive) between steps. */
function breathe(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

/** Mark the findings' cells through the port. */
export async function flagFindings(port: WorkbookPort, findings: readonly Finding[], lang: Lang): Promise<FlagReceipt> {
  return port.flag(findingsToFlags(findings, lang));
}

/** "Rensa markeringar": restore every flagged cell's fill and note (of one sheet, or all). */
export async function clearAuditFlags(port: WorkbookPort, sheet?: string): Promise<number> {
  return port.clearFlags(sheet);
}

/**
 * Audit the active sheet, the selection or the whole workbook through the port.
 * Steps: read each sheet, audit it, then flag (when `flag` is not false: earlier
 * flags on the audited sheets are cleared first, so a fixed cell loses its mark).
 * `onProgress(done, total)` after each step; `signal` cancels between steps
 * (rejects with an AbortError; nothing is flagged).
 */
export async function auditWorkbook(port: WorkbookPort, catalog: Catalog, opts: AuditOptions): Promise<AuditResult> {
  const t0 = now();
  const signal = opts.signal;
  check(signal);
  let grids: Grid[] = [];
  let sheets: string[];
  if (opts.scope === 'selection') sheets = [];
  else if (opts.scope === 'sheet') sheets = [opts.sheet ?? (await port.activeSheet())];
  else sheets = await port.listSheets();
  const doFlag = opts.flag !== false;
  const steps = Math.max(1, sheets.length) * 2 + (doFlag ? 1 : 0);
  let done = 0;
  const progress = () => opts.onProgress?.(done, steps);
  progress();
  if (opts.scope === 'selection') {
    grids = [await port.readSelection()];
    done++;
    progress();
  } else {
    for (const s of sheets) {
      check(signal);
      grids.push(await port.readSheet(s));
      done++;
      progress();
      await breathe();
    }
  }
  check(signal);
  // A whole-workbook audit passes over the audit's own exports: their messages quote
  // figures and citations, which are not the user's statements.
  const skipped: AuditResult['skipped'] = [];
  if (opts.scope === 'workbook') {
    const kept: Grid[] = [];
    for (const g of grids) {
      if (isFindingsSheet(g)) {
        skipped.push({ sheet: g.sheet, reason: SKIPPED_EXPORT });
      } else kept.push(g);
    }
    done += grids.length - kept.length;
    grids = kept;
  }
  if (opts.agreement) findAgreement(catalog, opts.agreement);
  const names = namesFor(catalog);
  const scans: Scan[] = [];
  for (const g of grids) {
    check(signal);
    scans.push(scanGrid(g, names));
    done++;
    progress();
    await breathe();
  }
  check(signal);
  const { main, perSheet } = chooseAgreements(scans, catalog, opts.agreement);
  // The checks run sheet by sheet, so a cancel (and a repaint) can come between sheets.
  const found: Finding[] = [];
  const tables: AuditResult['tables'] = [];
  for (let i = 0; i < scans.length; i++) {
    check(signal);
    const r = checkScans([scans[i]!], catalog, [perSheet[i]!.id], {
      lang: opts.lang, agreementFixed: Boolean(opts.agreement), ...(opts.readings ? { readings: opts.readings } : {}),
    });
    for (const f of r.findings) found.push(f); // no spreads of unbounded arrays (issue 15.3)
    for (const t of r.tables) tables.push(t);
    if (i < scans.length - 1) await breathe();
  }
  const findings = markUserRules(sortFindings(found, new Map(scans.map((s, i) => [s.grid.sheet, i]))), scans.map((x, i) => [x.grid.sheet, perSheet[i]!.id] as const), catalog);
  check(signal);
  if (doFlag) {
    if (opts.scope !== 'selection') for (const g of grids) await port.clearFlags(g.sheet);
    if (findings.length > 0) await port.flag(findingsToFlags(findings, opts.lang));
    done++;
    progress();
  }
  const cells = scans.reduce((s, x) => s + x.cells, 0);
  const sheetsOut = scans.map((s, i) => ({ sheet: s.grid.sheet, agreement: perSheet[i]!.id, from: perSheet[i]!.from }));
  return { agreement: main.id, agreementFrom: main.from, findings, cells, ms: now() - t0, tables, sheets: sheetsOut, skipped };
}
