/**
 * Peak memory of `agreement-rules audit` (issue 14): the built CLI (build/cli.cjs) is run
 * in a child process on generated workbooks, and its peak resident set size is read from
 * process.resourceUsage() at exit (a preloaded hook), with the wall time and exit code.
 *
 * Workbooks (written straight as zips, in a temp dir):
 *   - a budget-like sheet of 500 000 cells (50 000 rows × 10) and one of 5 000 000 cells
 *     (500 000 rows × 10): under the limits, audited by the streaming reader;
 *   - the issue's two files: 2 000 000 rows × 5 numbers, and a 600 kB file whose one
 *     cell is a 600 MB string (refused before reading).
 *
 *   npx tsx scripts/bench/memory.ts [--json]     (build the CLI first: node scripts/build-cli.mjs)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { colName, SHEET_HEAD, SHEET_TAIL, writeBook } from '../../test/hostile/zipgen';
import { bytes, isMain, ms, n, table } from './common';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'build', 'cli.cjs');

export interface MemoryRow {
  section: 'memory';
  name: string;
  fileBytes: number;
  cells?: number;
  ms: number;
  peakRssBytes: number | null;
  exit: number | null;
  /** The first line the command wrote to stderr (the refusal), if any. */
  message?: string;
  note?: string;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="${NS}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

const REGIONS = ['Region Stockholm', 'Region Uppsala', 'Region Sörmland', 'Region Östergötland', 'Region Jönköpings län', 'Region Kronoberg', 'Region Kalmar län', 'Region Gotland', 'Region Blekinge', 'Region Skåne', 'Region Halland', 'Västra Götalandsregionen', 'Region Värmland', 'Region Örebro län', 'Region Västmanland', 'Region Dalarna', 'Region Gävleborg', 'Region Västernorrland', 'Region Jämtland Härjedalen', 'Region Västerbotten', 'Region Norrbotten'];
const HEADER = ['Region', 'Befolkning', 'Andel', 'Belopp (kr)', 'Utbetalning 1', 'Utbetalning 2', 'Inklusion', 'PREM', 'Redovisad', 'Kommentar'];

/**
 * A budget-like sheet "Bench" of `rows` rows × 10 columns (as the audit bench's sheet:
 * region, population, share, amounts, percentages, ja/nej, comments), text as shared
 * strings, numbers with #,##0 / 0.00 / 0% formats. Returns the file size.
 */
export function writeBudgetXlsx(file: string, rows: number): number {
  const strings = [...HEADER, ...REGIONS, 'ja', 'nej', ...Array.from({ length: 100 }, (_, i) => `Kommentar ${i}`)];
  const idx = new Map(strings.map((s, i) => [s, i]));
  const sst = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${NS}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`;
  const cols = Array.from({ length: 10 }, (_, c) => colName(c));
  function* sheet(): Iterable<string> {
    yield SHEET_HEAD;
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let buf = `<row r="1">${HEADER.map((h, c) => `<c r="${cols[c]}1" t="s"><v>${idx.get(h)}</v></c>`).join('')}</row>`;
    for (let r = 2; r <= rows; r++) {
      const pop = 50_000 + Math.floor(rnd() * 2_000_000);
      const amount = Math.floor(rnd() * 50_000_000);
      const num = (c: number, v: number, s: number) => `<c r="${cols[c]}${r}" s="${s}"><v>${v}</v></c>`;
      const str = (c: number, v: string) => `<c r="${cols[c]}${r}" t="s"><v>${idx.get(v)}</v></c>`;
      buf += `<row r="${r}">${str(0, REGIONS[r % REGIONS.length]!)}${num(1, pop, 1)}${num(2, Math.round(rnd() * 100) / 10_000, 2)}${num(3, amount, 1)}${num(4, Math.floor(amount / 2), 1)}${num(5, amount - Math.floor(amount / 2), 1)}${num(6, 0.7 + Math.round(rnd() * 25) / 100, 3)}${num(7, 0.8 + Math.round(rnd() * 15) / 100, 3)}${str(8, r % 500 === 250 ? 'nej' : 'ja')}${r % 7 === 0 ? str(9, `Kommentar ${r % 100}`) : ''}</row>`;
      if (buf.length > 1 << 16) {
        yield buf;
        buf = '';
      }
    }
    yield buf + SHEET_TAIL;
  }
  return writeBook(file, { sheets: [{ name: 'Bench', xml: sheet }], sharedStrings: [{ data: sst }], styles: STYLES });
}

/** The issue's first file: one sheet of `rows` rows × 5 numbers (whole numbers with a few decimals). */
export function writeNumbersXlsx(file: string, rows: number, cols = 5): number {
  const names = Array.from({ length: cols }, (_, c) => colName(c));
  function* sheet(): Iterable<string> {
    yield SHEET_HEAD;
    let seed = 7;
    let buf = '';
    for (let r = 1; r <= rows; r++) {
      buf += `<row r="${r}">`;
      for (let c = 0; c < cols; c++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        buf += `<c r="${names[c]}${r}"><v>${seed % 100_000}</v></c>`;
      }
      buf += '</row>';
      if (buf.length > 1 << 16) {
        yield buf;
        buf = '';
      }
    }
    yield buf + SHEET_TAIL;
  }
  return writeBook(file, { sheets: [{ name: 'Blad1', xml: sheet, level: 1 }] });
}

/** The issue's second file: one cell holding a string of `mb` MB (a decompression bomb of ~1 kB per MB). */
export function writeLongStringXlsx(file: string, mb: number, declared?: number): number {
  const sst = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${NS}" count="1" uniqueCount="1"><si><t>`;
  return writeBook(file, {
    sheets: [{ name: 'Blad1', xml: [{ data: `${SHEET_HEAD}<row r="1"><c r="A1" t="s"><v>0</v></c></row>${SHEET_TAIL}` }] }],
    sharedStrings: [{ data: sst }, { data: 'a'.repeat(1 << 20), repeat: mb }, { data: '</t></si></sst>' }],
    ...(declared !== undefined ? { sharedStringsDeclared: declared } : {}),
  });
}

export interface Measured {
  ms: number;
  peakRssBytes: number | null;
  exit: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/**
 * Run the built CLI in a child process and measure it: wall time, exit code, and the peak
 * RSS that the child reports at exit (process.resourceUsage().maxRSS, through a preloaded
 * hook; null if it died without exiting normally).
 */
export function runCli(args: string[], opts: { cwd?: string; timeoutMs?: number; maxOldSpaceMb?: number } = {}): Measured {
  const dir = mkdtempSync(path.join(tmpdir(), 'ar-rss-'));
  const hook = path.join(dir, 'rss.cjs');
  const out = path.join(dir, 'rss.txt');
  writeFileSync(hook, `process.on('exit', () => { try { require('fs').writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS * 1024)); } catch {} });\n`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...(opts.maxOldSpaceMb ? [`--max-old-space-size=${opts.maxOldSpaceMb}`] : []), '--require', hook, CLI, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 300_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const elapsed = performance.now() - t0;
  const peak = existsSync(out) ? Number(readFileSync(out, 'utf8')) : null;
  rmSync(dir, { recursive: true, force: true });
  return { ms: elapsed, peakRssBytes: peak, exit: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export async function run(): Promise<MemoryRow[]> {
  if (!existsSync(CLI)) throw new Error('bench memory: build the CLI first (node scripts/build-cli.mjs)');
  const dir = mkdtempSync(path.join(tmpdir(), 'ar-bench-memory-'));
  const rows: MemoryRow[] = [];
  try {
    const cases: { name: string; file: string; make: (f: string) => number; cells?: number }[] = [
      { name: 'audit 500 000 cells (50 000 × 10)', file: 'budget-500k.xlsx', make: (f) => writeBudgetXlsx(f, 50_000), cells: 500_000 },
      { name: 'audit 5 000 000 cells (500 000 × 10)', file: 'budget-5m.xlsx', make: (f) => writeBudgetXlsx(f, 500_000), cells: 5_000_000 },
      { name: 'issue file: 2 000 000 rows × 5 numbers', file: 'rows-2m.xlsx', make: (f) => writeNumbersXlsx(f, 2_000_000), cells: 10_000_000 },
      { name: 'issue file: one 600 MB string', file: 'string-600mb.xlsx', make: (f) => writeLongStringXlsx(f, 600) },
      { name: 'the same, declaring 1 kB', file: 'string-600mb-lie.xlsx', make: (f) => writeLongStringXlsx(f, 600, 1_000) },
    ];
    for (const c of cases) {
      const file = path.join(dir, c.file);
      c.make(file);
      const m = runCli(['audit', c.file, '--json'], { cwd: dir });
      let note: string | undefined;
      try {
        const j = JSON.parse(m.stdout) as { files: { findings: unknown[]; error?: string }[] };
        note = j.files[0]?.error ?? `${n(j.files[0]?.findings.length)} findings`;
      } catch {
        note = m.signal ? `killed by ${m.signal}` : 'output not JSON';
      }
      rows.push({
        section: 'memory',
        name: c.name,
        fileBytes: statSync(file).size,
        ...(c.cells !== undefined ? { cells: c.cells } : {}),
        ms: m.ms,
        peakRssBytes: m.peakRssBytes,
        exit: m.exit,
        ...(m.stderr.trim() ? { message: m.stderr.trim().split('\n')[0]!.slice(0, 200) } : {}),
        ...(note ? { note } : {}),
      });
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export function format(rows: MemoryRow[]): string {
  return [
    'Peak memory of `agreement-rules audit FILE --json` (child process, RSS at exit)',
    '',
    table(['workbook', 'file', 'time', 'peak RSS', 'exit', 'outcome'], rows.map((r) => [r.name, bytes(r.fileBytes), ms(r.ms), r.peakRssBytes === null ? 'crashed' : bytes(r.peakRssBytes), String(r.exit), r.note ?? r.message ?? ''])),
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const rows = await run();
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(rows, null, 2)}\n` : `${format(rows)}\n`);
}
