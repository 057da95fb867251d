/**
 * `agreement-rules audit FILE.xlsx … [--agreement ID] [--json] [--out DIR] [--lang sv|en]`
 *
 * Audits each workbook (every sheet) against the agreement (the option, else the
 * one the workbook talks about). Never modifies an input: each file is read into
 * memory; with --out a flagged copy of each is written to DIR, plus summary.xlsx
 * with one row per finding. No existing file is ever replaced (like the other
 * commands' --out): a name that is taken gets " (2)", " (3)" ….
 *
 * The copy is the workbook as the .xlsx bridge carries it (values, number formats,
 * fills, notes, merged cells, hidden rows, tables …), not formulas or charts: it is a
 * report to read, and the original stays the working file.
 *
 * Exit: 0 no error-severity finding; 1 an error-severity finding in some file;
 * 2 a file could not be read (said why; the other files are still audited).
 */
import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, extname, relative, resolve } from 'node:path';
import { findAgreement, type Catalog, auditWorkbook, formatCite, findingsToFlags, type AuditResult, type Finding, type Lang, SEVERITY_WORD, arithmetic, printable, MESSAGES, at, systemReason } from '../../api';
import type { NewSheetSpec, WorkbookPort } from '../../workbook/port';
import { readXlsxReport, memoryPort, xlsxBytes, type XlsxDropped } from '../../workbook/xlsx';
import { MemoryWorkbook } from '../../workbook/memory';
import type { ParsedArgs } from '../args';
import { UsageError, type Io } from '../common';
import { InputError } from '../input';
import { inspectXlsx, XlsxRefusal, type XlsxInspection } from '../../io/xlsx-guard';
import { gridPort, readXlsxGrids, STREAM_CELLS } from '../../io/xlsx-stream';
import { writeFailure, writeFileNew } from '../../io/write-new';

const ALLOWED = new Set(['agreement', 'json', 'out', 'lang', 'reading']);

interface FileResult {
  file: string;
  result?: AuditResult;
  workbook?: MemoryWorkbook;
  error?: string;
  /** The flagged copy written with --out (relative to the working directory). */
  copy?: string;
  /** Refused before parsing (issue 14): the zip part and the limit. */
  refused?: { part: string; limit: string };
  /** Why no flagged copy was written (a workbook read by the streaming reader). */
  noCopy?: string;
  /** What the bridge could not carry into the copy (said with the copy). */
  dropped?: XlsxDropped;
  /** What the flagged copy lacks, in words. */
  copyNote?: string;
}

function droppedNote(d: XlsxDropped | undefined, lang: Lang): string | undefined {
  const v = d?.validations ?? [];
  if (v.length === 0) return undefined;
  const where = v.slice(0, 5).map((x) => `${x.sheet}!${x.range} (${x.type})`).join(', ') + (v.length > 5 ? ' …' : '');
  return lang === 'sv'
    ? `kopian saknar ${v.length} datavalideringar som inte är listor: ${where}; originalet har dem kvar`
    : `the copy lacks ${v.length} data validations that are not lists: ${where}; the original keeps them`;
}

function langOf(args: ParsedArgs): Lang {
  return args.options.get('lang') === 'en' ? 'en' : 'sv';
}

function value(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  if (v === true) throw new UsageError(MESSAGES.needsValue(name));
  return v;
}


/** Look inside the zip before parsing: refused (XlsxRefusal) above the limits of io/xlsx-guard. */
async function inspect(path: string): Promise<XlsxInspection> {
  try {
    return await inspectXlsx(path);
  } catch (e) {
    if (e instanceof XlsxRefusal) throw e;
    throw new InputError(systemReason(e));
  }
}

/**
 * Formulas saved without a value (files written by programs that do not calculate): the
 * workbook bridge reads them as blank, so the audit says so, with the formula, instead of
 * auditing a blank. (Excel always saves a formula's value; this is for the command line's files.)
 */
async function uncachedFormulas(bytes: Uint8Array): Promise<Finding[]> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return [];
  }
  const out: Finding[] = [];
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value as unknown;
        if (!v || typeof v !== 'object') return;
        const o = v as { formula?: string; sharedFormula?: string; result?: unknown };
        if (!('formula' in o) && !('sharedFormula' in o)) return;
        if (o.result !== undefined && o.result !== null) return;
        // exceljs leaves a saved result of 0 out of cell.value; cell.result has it.
        const r = (cell as unknown as { result?: unknown }).result;
        if (r !== undefined && r !== null) return;
        const formula = `=${o.formula ?? cell.formula ?? o.sharedFormula ?? ''}`;
        out.push({
          sheet: ws.name,
          cell: cell.address,
          severity: 'warning',
          rule: 'input.uncached-formula',
          message: {
            sv: `Cellen har formeln ${formula} men inget sparat värde (filen är sparad av ett program som inte räknar om formler), så granskningen läser den som tom. Öppna filen i Excel eller LibreOffice och spara den igen för att granska värdet.`,
            en: `The cell holds the formula ${formula} but no saved value (the file was saved by a program that does not recalculate), so the audit reads it as blank. Open the file in Excel or LibreOffice and save it again to audit its value.`,
          },
          cite: arithmetic('En formel granskas genom sitt beräknade värde.', 'A formula is audited through its calculated value.'),
          actual: formula,
        });
      });
    });
  });
  return out;
}

/** `--reading "Blad1!B4:F26=ID;Blad2!A3:E25=ID"`: a chosen reading per table (ids from --json's tables[].alternatives). */
function readingsOption(args: ParsedArgs): Record<string, string> | undefined {
  const v = args.options.get('reading');
  if (v === undefined) return undefined;
  if (v === true) throw new UsageError(MESSAGES.readingNeedsValue());
  const out: Record<string, string> = {};
  for (const part of v.split(';').map((x) => x.trim()).filter(Boolean)) {
    const at = part.indexOf('=');
    if (at <= 0) throw new UsageError(MESSAGES.readingBad(part));
    out[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return out;
}

async function readWorkbook(path: string): Promise<{ workbook: MemoryWorkbook; dropped: XlsxDropped }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new InputError(systemReason(e));
  }
  try {
    // readXlsx takes bytes: the input file is opened once, for reading only.
    return await readXlsxReport(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new InputError(MESSAGES.notXlsx((e as Error).message));
  }
}

/**
 * Write bytes to a new file in DIR named `stem.ext`, else `stem (2).ext`, `stem (3).ext` …: an
 * existing file is never replaced (opened with "wx"), and an input's own path is never used.
 */
async function writeNew(dir: string, stem: string, ext: string, bytes: Uint8Array, avoid: Set<string>): Promise<string> {
  for (let i = 1; i < 10_000; i++) {
    const p = resolve(dir, i === 1 ? `${stem}${ext}` : `${stem} (${i})${ext}`);
    if (avoid.has(p)) continue;
    try {
      await writeFileNew(p, bytes); // temporary file + link: never a torn file under the final name
      avoid.add(p);
      return p;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new InputError(writeFailure(p, e));
    }
  }
  throw new InputError(at(dir, MESSAGES.noFreeName(`${stem}${ext}`)));
}

function stemOf(file: string): { stem: string; ext: string } {
  const base = basename(file);
  const ext = extname(base) || '.xlsx';
  return { stem: base.slice(0, base.length - extname(base).length) || 'bok', ext: ext.toLowerCase() === '.xlsm' ? '.xlsx' : ext };
}

function findingJson(f: Finding, lang: Lang) {
  return {
    sheet: f.sheet, cell: f.cell, severity: f.severity, rule: f.rule, message: f.message[lang], cite: f.cite,
    ...(f.table !== undefined ? { table: f.table } : {}), ...(f.reading !== undefined ? { reading: f.reading } : {}),
  };
}

function tableJson(t: AuditResult['tables'][number]) {
  return {
    sheet: t.sheet, range: t.range, title: t.title, reading: t.reading, label: t.label, tie: t.tie, picked: t.picked,
    alternatives: t.alternatives.map((a) => ({ id: a.id, label: a.label, unexplained: a.unexplained })),
  };
}

const READINGS_HEAD: Record<Lang, string[]> = {
  sv: ['Fil', 'Blad', 'Område', 'Läsning', 'Oförklarade celler', 'Andra läsningar'],
  en: ['File', 'Sheet', 'Range', 'Reading', 'Unexplained cells', 'Other readings'],
};

const SUMMARY_HEAD: Record<Lang, string[]> = {
  sv: ['Fil', 'Blad', 'Cell', 'Allvarlighet', 'Regel', 'Meddelande', 'Källa'],
  en: ['File', 'Sheet', 'Cell', 'Severity', 'Rule', 'Message', 'Source'],
};

export function summarySheet(files: FileResult[], lang: Lang): NewSheetSpec {
  const rows: string[][] = [];
  for (const f of files) {
    if (f.error) rows.push([f.file, '', '', SEVERITY_WORD.error[lang], 'input.file', f.error, '']);
    for (const x of f.result?.findings ?? []) rows.push([f.file, x.sheet, x.cell, SEVERITY_WORD[x.severity][lang], x.rule, x.message[lang], formatCite(x.cite, lang)]);
  }
  // Under the findings: how each table was read (the reading every finding on it rests on).
  const readings: (string | number)[][] = [];
  for (const f of files) {
    for (const t of f.result?.tables ?? []) {
      readings.push([f.file, t.sheet, t.range, t.label, t.unexplained, t.alternatives.slice(0, 3).map((a) => a.label.replace(/^.*?: /, '')).join(' | ')]);
    }
  }
  const cells: (string | number)[][] = [SUMMARY_HEAD[lang], ...rows];
  const readingsAt = cells.length + 1;
  if (readings.length > 0) cells.push([], [lang === 'sv' ? 'Tabellernas läsningar' : "The tables' readings"], READINGS_HEAD[lang], ...readings);
  const spec: NewSheetSpec = {
    name: lang === 'sv' ? 'Sammanfattning' : 'Summary',
    cells,
    boldRows: readings.length > 0 ? [0, readingsAt, readingsAt + 1] : [0],
    columnWidths: [24, 16, 7, 10, 22, 50, 50],
  };
  if (rows.length > 0) spec.table = { name: 'Granskning', fromRow: 0, toRow: rows.length, fromCol: 0, toCol: 6 };
  return printable(spec, { headerRow: 0, wrapCols: [0, 1, 5, 6] }); // fit to one page wide, paths, messages and sources wrapped
}

function counts(findings: Finding[]): Record<'error' | 'warning' | 'note', number> {
  const c = { error: 0, warning: 0, note: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

export async function cmdAudit(args: ParsedArgs, io: Io, catalog: Catalog): Promise<number> {
  for (const k of args.options.keys()) if (!ALLOWED.has(k)) throw new UsageError(MESSAGES.unknownOption(k));
  const lang = langOf(args);
  const files = args.positionals;
  if (files.length === 0) throw new UsageError(MESSAGES.atLeastOneFile('audit', 'FILE.xlsx'));
  const agreement = value(args, 'agreement');
  if (agreement !== undefined) findAgreement(catalog, agreement); // unknown id: exit 2 before reading anything
  const out = value(args, 'out');
  if (out === '') throw new UsageError(MESSAGES.outNeedsFolder());
  const outDir = out !== undefined ? resolve(io.cwd, out) : undefined;
  if (outDir !== undefined) {
    // Checked before the audit, so a long batch does not end in a failed write.
    const st = await stat(outDir).catch(() => null);
    if (st && !st.isDirectory()) throw new InputError(at(out!, MESSAGES.outNotFolder()));
  }
  const json = args.options.get('json') === true || args.options.get('json') === 'true';

  const readings = readingsOption(args);
  const results: FileResult[] = [];
  for (const file of files) {
    const path = resolve(io.cwd, file);
    let workbook: MemoryWorkbook | undefined;
    let port: WorkbookPort;
    let noCopy: string | undefined;
    let dropped: XlsxDropped | undefined;
    try {
      const seen = await inspect(path);
      if (seen.cells > STREAM_CELLS) {
        // Large: stream the sheets into grids (no exceljs object per cell, no flagged copy).
        port = gridPort(await readXlsxGrids(path, { inspection: seen }));
        if (out !== undefined) noCopy = lang === 'sv'
          ? `ingen markerad kopia: ${seen.cells} celler, över ${STREAM_CELLS} som kopieras`
          : `no flagged copy: ${seen.cells} cells, over the ${STREAM_CELLS} that are copied`;
      } else {
        ({ workbook, dropped } = await readWorkbook(path));
        port = memoryPort(workbook).port;
      }
    } catch (e) {
      if (e instanceof XlsxRefusal && e.limit === 'zip') results.push({ file, error: MESSAGES.notXlsx(e.text[lang])[lang] });
      else if (e instanceof XlsxRefusal) results.push({ file, error: e.describe(lang), refused: { part: e.part, limit: e.limit } });
      else results.push({ file, error: e instanceof InputError ? e.text[lang] : (e as Error).message });
      continue;
    }
    try {
      const result = await auditWorkbook(port, catalog, { scope: 'workbook', lang, flag: out !== undefined && workbook !== undefined, ...(agreement ? { agreement } : {}), ...(readings ? { readings } : {}) });
      // Formulas saved without a value: said at their cells (not for streamed workbooks, which are read without exceljs).
      const uncached = workbook ? await uncachedFormulas(new Uint8Array(await readFile(path))) : [];
      if (uncached.length > 0) {
        const known = new Set(result.sheets.map((x) => x.sheet));
        const extra = uncached.filter((f) => known.has(f.sheet));
        if (extra.length > 0) {
          if (out !== undefined) await port.flag(findingsToFlags(extra, lang));
          const order = new Map(result.sheets.map((x, i) => [x.sheet, i]));
          result.findings = result.findings.concat(extra).sort((a, b) => (order.get(a.sheet) ?? 0) - (order.get(b.sheet) ?? 0));
        }
      }
      results.push({ file, result, ...(workbook ? { workbook } : {}), ...(noCopy ? { noCopy } : {}), ...(dropped ? { dropped } : {}) });
    } catch (e) {
      results.push({ file, error: MESSAGES.notAudited((e as Error).message)[lang] });
    }
  }

  let summaryPath: string | undefined;
  if (out !== undefined) {
    const dir = outDir!;
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      throw new InputError(writeFailure(out, e));
    }
    const avoid = new Set<string>();
    for (const f of files) {
      const p = resolve(io.cwd, f);
      avoid.add(p);
      try {
        avoid.add(await realpath(p));
      } catch {
        // unreadable input: nothing to protect
      }
    }
    for (const r of results) {
      if (!r.workbook) continue;
      const { stem, ext } = stemOf(r.file);
      r.copy = relative(io.cwd, await writeNew(dir, stem, ext, await xlsxBytes(r.workbook), avoid));
      const note = droppedNote(r.dropped, lang);
      if (note) r.copyNote = note;
    }
    const summary = new MemoryWorkbook();
    await memoryPort(summary).port.writeSheet(summarySheet(results, lang));
    summaryPath = relative(io.cwd, await writeNew(dir, 'summary', '.xlsx', await xlsxBytes(summary), avoid));
  }

  const unreadable = results.some((r) => r.error !== undefined);
  const anyError = results.some((r) => r.result?.findings.some((f) => f.severity === 'error'));

  if (json) {
    io.out(
      JSON.stringify(
        {
          files: results.map((r) => ({
            file: r.file,
            ...(r.result ? { agreement: r.result.agreement } : {}),
            ...(r.error !== undefined ? { error: r.error } : {}),
            ...(r.copy !== undefined ? { copy: r.copy } : {}),
            ...(r.refused ? { refused: r.refused } : {}),
            ...(r.noCopy ? { noCopy: r.noCopy } : {}),
            ...(r.copyNote ? { copyNote: r.copyNote } : {}),
            findings: (r.result?.findings ?? []).map((f) => findingJson(f, lang)),
            tables: (r.result?.tables ?? []).map(tableJson),
            skipped: (r.result?.skipped ?? []).map((k) => ({ sheet: k.sheet, reason: k.reason[lang] })),
          })),
          ...(summaryPath !== undefined ? { summary: summaryPath } : {}),
        },
        null,
        2,
      ),
    );
  } else {
    for (const r of results) {
      if (r.error !== undefined) {
        io.err(`${r.file}: ${r.error}`);
        continue;
      }
      const res = r.result!;
      if (r.noCopy) io.err(`${r.file}: ${r.noCopy}`);
      if (r.copyNote) io.err(`${r.copy}: ${r.copyNote}`);
      const c = counts(res.findings);
      io.out(
        lang === 'sv'
          ? `${r.file}: överenskommelse ${res.agreement}; ${c.error} fel, ${c.warning} varningar, ${c.note} noteringar (${res.cells} celler)`
          : `${r.file}: agreement ${res.agreement}; ${c.error} errors, ${c.warning} warnings, ${c.note} notes (${res.cells} cells)`,
      );
      for (const k of res.skipped) io.out(lang === 'sv' ? `  bladet ${k.sheet} granskades inte: ${k.reason.sv}` : `  sheet ${k.sheet} not audited: ${k.reason.en}`);
      for (const f of res.findings) io.out(`  ${f.sheet}!${f.cell}  ${SEVERITY_WORD[f.severity][lang]}  ${f.rule}  ${f.message[lang]}\n      ${formatCite(f.cite, lang)}`);
    }
    if (summaryPath !== undefined) {
      const copies = results.flatMap((r) => (r.copy ? [r.copy] : []));
      io.out(lang === 'sv' ? `Skrev ${[...copies, summaryPath].join(', ')} (befintliga filer skrivs aldrig över)` : `Wrote ${[...copies, summaryPath].join(', ')} (existing files are never replaced)`);
    }
  }
  return unreadable ? 2 : anyError ? 1 : 0;
}
