/**
 * The audit on the generated corpus (test/corpus): writes the corpus afresh
 * (test/corpus/out, or --corpus-out DIR), audits every file through the command line's
 * own code in-process (`agreement-rules audit FILE --json`, no --agreement), and
 * prints recall (planted faults found at their cell by a warning or error; by
 * severity), false alarms (warnings/errors on cells known correct), notes on correct
 * cells, findings elsewhere, per layout family and per writer, and lists the layouts
 * that miss or false-alarm.
 *
 *   npm run bench:corpus                 only this section
 *   npm run bench:corpus -- --libreoffice  also LibreOffice's re-saved copies (needs soffice)
 *   npm run bench -- --only corpus --json
 *   npm run bench:corpus -- --markdown   the README's tables instead
 */
import path from 'node:path';
import { DEFAULT_OUT, writeCorpus } from '../../test/corpus/make';
import { pct, scoreCorpus, type Score, type Tally } from '../../test/corpus/score';

export interface CorpusReport {
  files: number;
  sheets: number;
  generateMs: number;
  auditMs: number;
  total: Tally;
  byFamily: Record<string, Tally>;
  byWriter: Record<string, Tally>;
  misses: { file: string; sheet: string; cell: string; kind: string; expect: string; outcome: string; what: string }[];
  falseAlarms: { file: string; sheet: string; cells: number; rules: string[] }[];
  elsewhere: { file: string; sheet: string; cell: string; severity: string; rule: string; message: string }[];
  unreadable: Score['unreadable'];
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export async function run(opts: { dir?: string; log?: (s: string) => void } = {}): Promise<CorpusReport[]> {
  const dir = opts.dir ?? (arg('corpus-out') ? path.resolve(arg('corpus-out')!) : DEFAULT_OUT);
  const log = opts.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  log(`corpus: generating into ${path.relative(process.cwd(), dir) || '.'} …`);
  let t = performance.now();
  const manifest = await writeCorpus(dir, undefined, { libreoffice: process.argv.includes('--libreoffice'), log });
  const generateMs = performance.now() - t;
  log('corpus: auditing …');
  t = performance.now();
  const score = await scoreCorpus(dir);
  const auditMs = performance.now() - t;
  const alarmsBySheet = new Map<string, { file: string; sheet: string; cells: Set<string>; rules: Set<string> }>();
  for (const a of score.alarms) {
    if (a.on !== 'correct') continue;
    const k = `${a.file}\u0000${a.sheet}`;
    const e = alarmsBySheet.get(k) ?? { file: a.file, sheet: a.sheet, cells: new Set(), rules: new Set() };
    e.cells.add(a.finding.cell);
    e.rules.add(a.finding.rule);
    alarmsBySheet.set(k, e);
  }
  return [
    {
      files: manifest.files.length,
      sheets: score.total.sheets,
      generateMs,
      auditMs,
      total: score.total,
      byFamily: Object.fromEntries(score.byFamily),
      byWriter: Object.fromEntries(score.byWriter),
      misses: score.faults
        .filter((f) => f.outcome === 'missed' || f.outcome === 'note')
        .map((f) => ({ file: f.file, sheet: f.sheet, cell: f.fault.cell, kind: f.fault.kind, expect: f.fault.expect, outcome: f.outcome, what: f.fault.what })),
      falseAlarms: [...alarmsBySheet.values()].map((e) => ({ file: e.file, sheet: e.sheet, cells: e.cells.size, rules: [...e.rules].sort() })),
      elsewhere: score.alarms.filter((a) => a.on === 'elsewhere').map((a) => ({ file: a.file, sheet: a.sheet, cell: a.finding.cell, severity: a.finding.severity, rule: a.finding.rule, message: a.finding.message })),
      unreadable: score.unreadable,
    },
  ];
}

function n(v: number): string {
  return String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

function grid(head: string[], body: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  ').trimEnd();
  return [line(head), w.map((x) => '─'.repeat(x)).join('  '), ...body.map(line)].join('\n');
}

function tallyRow(name: string, t: Tally): string[] {
  return [
    name,
    n(t.sheets),
    n(t.faults),
    `${n(t.found)} (${pct(t.found, t.faults)})`,
    n(t.byOutcome.error),
    n(t.byOutcome.warning),
    n(t.byOutcome.note),
    n(t.byOutcome.missed),
    `${n(t.falseAlarmCells)} / ${n(t.correctCells)}`,
    n(t.notesOnCorrect),
    n(t.elsewhere),
    `${n(t.tablesRead)} / ${n(t.tables)}`,
  ];
}

const HEAD = ['corpus', 'sheets', 'faults', 'found (recall)', 'error', 'warning', 'note only', 'missed', 'false-alarm cells / correct', 'notes on correct', 'w/e elsewhere', 'tables read right'];

/** The README's figures: totals and a row per layout family, as Markdown. */
export function markdown(r: CorpusReport): string {
  const t = r.total;
  const w = (k: string) => r.byWriter[k];
  const out = [
    '| | figure |',
    '|---|---|',
    `| recall | **${n(t.found)} of ${n(t.faults)} = ${pct(t.found, t.faults)}** (${n(t.byOutcome.error)} by an error, ${n(t.byOutcome.warning)} by a warning; ${n(t.byOutcome.note)} only by a note; ${n(t.byOutcome.missed)} missed) |`,
    `| false alarms | **${n(t.falseAlarms)} warnings/errors on ${n(t.falseAlarmCells)} of ${n(t.correctCells)} correct cells (${pct(t.falseAlarmCells, t.correctCells)})** |`,
    `| notes on correct cells | ${n(t.notesOnCorrect)} |`,
    `| warnings/errors on other cells (headers, titles) | ${n(t.elsewhere)} |`,
    `| tables read as their agreement and pot | ${n(t.tablesRead)} of ${n(t.tables)} (${n(t.tablesFound)} found) |`,
    `| formulas saved without a value, said so | ${n(t.uncachedReported)} of ${n(t.uncached)} |`,
    ...(['exceljs', 'minimal', 'libreoffice'] as const)
      .filter((k) => w(k))
      .map((k) => `| ${k} files | recall ${n(w(k)!.found)}/${n(w(k)!.faults)}; false-alarm cells ${n(w(k)!.falseAlarmCells)} of ${n(w(k)!.correctCells)} |`),
    '',
    '| layout family | sheets | faults found | false-alarm cells / correct | tables read right |',
    '|---|---:|---:|---:|---:|',
    ...Object.entries(r.byFamily).map(([k, v]) => `| ${k} | ${v.sheets} | ${v.found} of ${v.faults} | ${n(v.falseAlarmCells)} / ${n(v.correctCells)} | ${v.tablesRead} / ${v.tables} |`),
  ];
  return out.join('\n');
}

export function format(reports: CorpusReport[]): string {
  const r = reports[0]!;
  if (process.argv.includes('--markdown')) return markdown(r);
  const t = r.total;
  const out: string[] = [];
  out.push(
    `Audit corpus: ${n(r.files)} files, ${n(r.sheets)} sheets, ${n(t.faults)} planted faults, ${n(t.correctCells)} cells known correct (generated in ${n(Math.round(r.generateMs))} ms, audited in ${n(Math.round(r.auditMs))} ms)`,
    `  recall ${n(t.found)}/${n(t.faults)} = ${pct(t.found, t.faults)} (found by an error ${n(t.byOutcome.error)}, by a warning ${n(t.byOutcome.warning)}; only a note ${n(t.byOutcome.note)}; missed ${n(t.byOutcome.missed)})   target ≥ 95 %`,
    `  false alarms: ${n(t.falseAlarms)} warnings/errors on ${n(t.falseAlarmCells)} of ${n(t.correctCells)} correct cells (${pct(t.falseAlarmCells, t.correctCells)})   target 0`,
    `  notes on correct cells: ${n(t.notesOnCorrect)} (allowed); warnings/errors on other cells (titles, headers …): ${n(t.elsewhere)}`,
    `  formulas saved without a value (minimal writer): ${n(t.uncached)}, said so by the audit: ${n(t.uncachedReported)}`,
    `  tables: ${n(t.tables)} built, ${n(t.tablesFound)} found by the audit, ${n(t.tablesRead)} read as their agreement and pot`,
  );
  if (r.unreadable.length) out.push(`  unreadable: ${r.unreadable.map((u) => `${u.file} (${u.error})`).join('; ')}`);
  out.push('', grid(HEAD, [...Object.entries(r.byFamily).map(([k, v]) => tallyRow(k, v)), tallyRow('all', t)]));
  out.push('', grid(['writer', ...HEAD.slice(1)], Object.entries(r.byWriter).map(([k, v]) => tallyRow(k, v))));
  const failing = Object.entries(r.byFamily).filter(([, v]) => v.found < v.faults || v.falseAlarms > 0 || v.elsewhere > 0);
  out.push('', `Layout families that miss or false-alarm (${failing.length} of ${Object.keys(r.byFamily).length}): ${failing.map(([k]) => k).join(', ') || 'none'}`);
  if (r.misses.length) {
    out.push('', 'Missed faults:');
    for (const m of r.misses) out.push(`  ${m.file} › ${m.sheet}!${m.cell}  ${m.kind} (expect ${m.expect}${m.outcome === 'note' ? '; only a note' : ''}): ${m.what}`);
  }
  if (r.falseAlarms.length) {
    out.push('', 'False alarms (sheet: correct cells with a warning or error, by rule):');
    for (const a of r.falseAlarms) out.push(`  ${a.file} › ${a.sheet}: ${a.cells} cells (${a.rules.join(', ')})`);
  }
  if (r.elsewhere.length) {
    out.push('', 'Warnings/errors on cells that are neither a fault nor known correct:');
    for (const e of r.elsewhere) out.push(`  ${e.file} › ${e.sheet}!${e.cell}  ${e.severity} ${e.rule}: ${e.message.slice(0, 140)}`);
  }
  return out.join('\n');
}
