// `agreement-rules audit` end to end: fixtures written as .xlsx to a temp dir, the
// command run through main(), exit codes, --json, --out (flagged copies + summary.xlsx),
// inputs left byte-identical.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../addin/cli/main';
import { readXlsx, writeXlsx } from '../../addin/workbook/xlsx';
import { FLAG_FILLS } from '../../addin/workbook/port';
import { ANNEX, JAMTLAND, annexWorkbook, jamtlandWorkbook, svfReportWorkbook } from './fixtures';

let dir: string;
const files = { annex: 'bilaga-2021.xlsx', jamtland: 'jamtland-2026.xlsx', report: 'rcc-norr.xlsx', broken: 'trasig.xlsx' };

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), cwd: dir });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const sha = async (f: string) => createHash('sha256').update(await readFile(join(dir, f))).digest('hex');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-cli-'));
  await writeXlsx(annexWorkbook(), join(dir, files.annex));
  await writeXlsx(jamtlandWorkbook().workbook, join(dir, files.jamtland));
  await writeXlsx(svfReportWorkbook().workbook, join(dir, files.report));
  await writeFile(join(dir, files.broken), 'det här är ingen arbetsbok');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('exit codes', () => {
  test('0 when no error-severity finding (the annex: notes only)', async () => {
    const r = await run('audit', files.annex);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${files.annex}: överenskommelse 2021; 0 fel, 0 varningar, 3 noteringar`);
    expect(r.out).toContain('Bilaga!C26  Notering  arithmetic.share-sum');
  });

  test('1 when any file has an error-severity finding', async () => {
    const r = await run('audit', files.annex, files.jamtland);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${files.jamtland}: överenskommelse 2026; 1 fel, 3 varningar, 0 noteringar`);
    expect(r.out).toMatch(/Beslut RS 178-2026!A28 {2}Fel {2}facts\.pot-total {2}Bladet anger 375 miljoner/);
  });

  test('2 when a file cannot be read: the message says why, the other files are still audited', async () => {
    const r = await run('audit', 'saknas.xlsx', files.broken, files.jamtland);
    expect(r.code).toBe(2);
    expect(r.err).toContain('saknas.xlsx: filen finns inte');
    expect(r.err).toContain(`${files.broken}: inte en läsbar .xlsx-fil`);
    expect(r.out).toContain(`${files.jamtland}: överenskommelse 2026; 1 fel`);
  });

  test('2 on usage errors: no file, an unknown agreement, an unknown option', async () => {
    expect((await run('audit')).code).toBe(2);
    const bad = await run('audit', files.annex, '--agreement', '1999');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Okänd överenskommelse "1999"');
    expect((await run('audit', files.annex, '--pot', 'x')).code).toBe(2);
  });

  test('--agreement overrides the year in the text', async () => {
    const r = await run('audit', files.annex, '--agreement', '2021', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${files.annex}: agreement 2021; 0 errors, 0 warnings, 3 notes`);
  });
});

describe('--json', () => {
  test('{"files":[{"file","findings":[{"sheet","cell","severity","rule","message","cite"}]}]}', async () => {
    const r = await run('audit', files.report, files.broken, '--json');
    expect(r.code).toBe(2);
    const json = JSON.parse(r.out) as { files: { file: string; agreement?: string; error?: string; findings: Record<string, unknown>[] }[] };
    expect(json.files.map((f) => f.file)).toEqual([files.report, files.broken]);
    const [report, broken] = json.files;
    expect(report!.agreement).toBe('2026');
    expect(report!.findings.length).toBe(10);
    for (const f of report!.findings) {
      // A finding on a table also says which table and the reading it rests on.
      expect(Object.keys(f)).toEqual(['sheet', 'cell', 'severity', 'rule', 'message', 'cite', ...(f.table !== undefined ? ['table', 'reading'] : [])]);
      expect(f.cell).toMatch(/^[A-Z]+[1-9]\d*$/);
      expect(typeof f.message).toBe('string');
    }
    expect(report!.findings[0]).toMatchObject({ sheet: 'SVF 2026 RCC Norr', cell: 'F4', severity: 'error', rule: 'input.unreadable' });
    expect(report!.findings.find((f) => f.rule === 'svf.inclusion')).toMatchObject({ cell: 'E5', cite: { source: 'overenskommelse-2026', section: '5.3' } });
    expect(broken!.error).toContain('inte en läsbar .xlsx-fil');
    expect(broken!.findings).toEqual([]);
  });
});

describe('--out DIR', () => {
  test('writes a flagged copy of each file and summary.xlsx; the inputs stay byte-identical', async () => {
    const before = await Promise.all([files.annex, files.jamtland, files.report].map(sha));
    const r = await run('audit', files.annex, files.jamtland, files.report, '--out', 'granskat');
    expect(r.code).toBe(1);
    expect(await Promise.all([files.annex, files.jamtland, files.report].map(sha))).toEqual(before);
    expect((await readdir(join(dir, 'granskat'))).sort()).toEqual([files.annex, files.jamtland, files.report, 'summary.xlsx'].sort());

    // The copy is flagged: fill by severity, the note with message and citation; values as they were.
    const copy = await readXlsx(join(dir, 'granskat', files.jamtland));
    const { where } = jamtlandWorkbook();
    const c = copy.getCell(JAMTLAND.sheet, where['375']!);
    expect(c.fill).toBe(FLAG_FILLS.error);
    expect(c.note).toContain('Bladet anger 375 miljoner');
    expect(c.value).toBe(jamtlandWorkbook().workbook.getCell(JAMTLAND.sheet, where['375']!).value);
    const annexCopy = await readXlsx(join(dir, 'granskat', files.annex));
    expect(annexCopy.getCell(ANNEX.sheet, `C${ANNEX.summaRow + 1}`).fill).toBe(FLAG_FILLS.note);

    // summary.xlsx: one row per finding with file, sheet, cell, severity, rule, message, citation.
    const summary = await readXlsx(join(dir, 'granskat', 'summary.xlsx'));
    const s = summary.sheets[0]!;
    const head = [0, 1, 2, 3, 4, 5, 6].map((j) => s.get(0, j).value);
    expect(head).toEqual(['Fil', 'Blad', 'Cell', 'Allvarlighet', 'Regel', 'Meddelande', 'Källa']);
    const rows: unknown[][] = [];
    for (let i = 1; s.get(i, 0).value !== null; i++) rows.push([0, 1, 2, 3, 4].map((j) => s.get(i, j).value));
    expect(rows.length).toBe(3 + 4 + 10);
    expect(rows).toContainEqual([files.jamtland, JAMTLAND.sheet, where['375'], 'Fel', 'facts.pot-total']);
    expect(rows).toContainEqual([files.report, 'Barncancer 2026', 'B10', 'Fel', 'allocation.table-total']);
  });

  test('a second run into the same DIR replaces nothing: new names, earlier files byte-identical; --json says where', async () => {
    const earlier = await Promise.all([`granskat/${files.jamtland}`, 'granskat/summary.xlsx'].map(sha));
    const r = await run('audit', files.jamtland, '--out', 'granskat', '--json');
    expect(r.code).toBe(1);
    expect(await Promise.all([`granskat/${files.jamtland}`, 'granskat/summary.xlsx'].map(sha))).toEqual(earlier);
    const json = JSON.parse(r.out) as { files: { copy: string }[]; summary: string };
    expect(json.files[0]!.copy).toBe(join('granskat', 'jamtland-2026 (2).xlsx'));
    expect(json.summary).toBe(join('granskat', 'summary (2).xlsx'));
    const summary = await readXlsx(join(dir, json.summary));
    expect(summary.sheets[0]!.get(1, 0).value).toBe(files.jamtland);
  });

  test('never writes over an input, even when DIR is the inputs’ own folder', async () => {
    const before = await sha(files.annex);
    const r = await run('audit', files.annex, '--out', '.');
    expect(r.code).toBe(0);
    expect(await sha(files.annex)).toBe(before);
    const copy = await readXlsx(join(dir, 'bilaga-2021 (2).xlsx'));
    expect(copy.getCell(ANNEX.sheet, `C${ANNEX.summaRow + 1}`).fill).toBe(FLAG_FILLS.note);
  });
});
