// Users see documents by title and section, never a file name: no workspace seed name
// ("001_0afe7a3aeed66da6.txt") and no ".txt" in what the product shows — the written sheets
// (every kind, through the port and through the CLI's --out), the CLI's text and JSON
// output, and the built pane bundle (webpack production build of taskpane + preview).
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../addin/cli/main';
import { readXlsx, writeXlsx } from '../../addin/workbook/xlsx';
import { jamtlandWorkbook } from '../audit/fixtures';
import { written } from './print-samples';

const SEED_NAME = /\d{3}_[0-9a-f]{16}/;
const TXT = /\.txt\b/i;
const hits = (text: string) => [...text.matchAll(new RegExp(`.{0,60}(?:${SEED_NAME.source}|${TXT.source}).{0,20}`, 'gi'))].map((m) => m[0]);

let dir: string;
async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), cwd: dir });
  return { code, text: [...out, ...err].join('\n') };
}
async function cellsOf(file: string): Promise<string> {
  const wb = await readXlsx(join(dir, file));
  return wb.sheets.flatMap((s) => [s.name, ...[...s.entries()].flatMap((e) => [String(e.cell.value ?? ''), e.cell.note ?? ''])]).join('\n');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'no-file-names-'));
  await writeXlsx(jamtlandWorkbook().workbook, join(dir, 'jamtland.xlsx'));
  const regions = ['01', '03', '04', '05', '06', '07', '08', '09', '10', '12', '13', '14', '17', '18', '19', '20', '21', '22', '23', '24', '25'];
  const rows = regions.map((c) => [c, c === '21' ? '65 %' : '72 %', c === '13' ? 'nej' : 'ja', 'ja', '75 %', '61 %', '80 %', '70 %', '80 %', c === '24' ? '55 %' : '70 %'].join(';'));
  await writeFile(join(dir, 'ind.csv'), ['region;inclusion;prem;report_submitted;inclusion_breast;leadtime_breast;inclusion_colorectal;leadtime_colorectal;inclusion_prostate;leadtime_prostate', ...rows].join('\n'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('no seed file name in what users see', () => {
  test('the pattern catches what the product printed before (the old citation line)', () => {
    expect(hits('avsnitt 5.3: ”…” (001_0afe7a3aeed66da6.txt)')).toHaveLength(1);
    expect(hits('Källor: 2026-overenskommelse.txt')).toHaveLength(1);
    expect(hits('Överenskommelse … 2026 (Socialdepartementet och SKR, 12 februari 2026), avsnitt 5.3: ”…”')).toEqual([]);
  });

  test('every kind of written sheet, both languages, through the in-memory port', async () => {
    for (const lang of ['sv', 'en'] as const) {
      for (const { kind, workbook, sheet } of await written(lang)) {
        const s = workbook.sheet(sheet);
        const text = [sheet, ...[...s.entries()].flatMap((e) => [String(e.cell.value ?? ''), e.cell.note ?? ''])].join('\n');
        expect(hits(text), `${kind} ${lang}`).toEqual([]);
        expect(text.length).toBeGreaterThan(200);
      }
    }
  });

  test('the CLI: list, allocate, evaluate, audit, check-rules — text, --json and the --out workbooks', async () => {
    const outputs: [string, string][] = [];
    const keep = async (label: string, ...argv: string[]) => {
      const r = await run(...argv);
      outputs.push([label, r.text]);
      return r;
    };
    for (const lang of ['sv', 'en']) {
      await keep(`list ${lang}`, 'list', '--lang', lang);
      await keep(`list json ${lang}`, 'list', '--json', '--lang', lang);
      expect((await keep(`allocate ${lang}`, 'allocate', '--agreement', '2021', '--pot', 'svf-payment-1', '--lang', lang)).code).toBe(0);
      await keep(`allocate json ${lang}`, 'allocate', '--agreement', '2026', '--pot', 'barncancer', '--json', '--lang', lang);
      expect((await keep(`evaluate ${lang}`, 'evaluate', '--agreement', '2026', '--indicators', 'ind.csv', '--lang', lang)).code).toBe(0);
      await keep(`evaluate json ${lang}`, 'evaluate', '--agreement', '2026', '--indicators', 'ind.csv', '--json', '--lang', lang);
      await keep(`audit ${lang}`, 'audit', 'jamtland.xlsx', '--lang', lang);
      await keep(`audit json ${lang}`, 'audit', 'jamtland.xlsx', '--json', '--lang', lang);
      await keep(`check-rules ${lang}`, 'check-rules', fileURLToPath(new URL('../../rules/agreements/2026.json', import.meta.url)), '--lang', lang);
      expect((await keep(`allocate --out ${lang}`, 'allocate', '--agreement', '2026', '--pot', 'svf-payment-1', '--out', `alloc-${lang}.xlsx`, '--lang', lang)).code).toBe(0);
      expect((await keep(`evaluate --out ${lang}`, 'evaluate', '--agreement', '2026', '--indicators', 'ind.csv', '--out', `eval-${lang}.xlsx`, '--lang', lang)).code).toBe(0);
      await keep(`audit --out ${lang}`, 'audit', 'jamtland.xlsx', '--out', `out-${lang}`, '--lang', lang);
    }
    for (const [label, text] of outputs) expect(hits(text), label).toEqual([]);
    expect(outputs.find(([l]) => l === 'audit sv')![1]).toContain('Överenskommelse om en jämlik och effektiv cancervård med kortare väntetider 2026 (Socialdepartementet och SKR, 12 februari 2026), avsnitt 5.3');
    const files = ['alloc-sv.xlsx', 'alloc-en.xlsx', 'eval-sv.xlsx', 'eval-en.xlsx'];
    for (const d of ['out-sv', 'out-en']) for (const f of await readdir(join(dir, d))) files.push(join(d, f));
    expect(files.filter((f) => f.endsWith('summary.xlsx'))).toHaveLength(2);
    for (const f of files) expect(hits(await cellsOf(f)), f).toEqual([]);
  });
});

const root = fileURLToPath(new URL('../../', import.meta.url));
describe('the built pane bundle', () => {
  test('webpack production build (taskpane and preview): no seed file name, no .txt', { timeout: 300_000 }, async () => {
    const out = await mkdtemp(join(tmpdir(), 'bundle-'));
    try {
      const r = spawnSync(process.execPath, [join(root, 'node_modules/webpack-cli/bin/cli.js'), '--mode', 'production', '--output-path', out], { cwd: root, encoding: 'utf8' });
      expect(r.status, r.stderr || r.stdout.slice(-2000)).toBe(0);
      const shipped = (await readdir(out, { recursive: true })).map(String).filter((f) => /\.(js|html|css|xml)$/.test(f));
      expect(shipped.filter((f) => f.endsWith('.js')).length).toBeGreaterThanOrEqual(2);
      for (const f of shipped) expect(hits(await readFile(join(out, f), 'utf8')), f).toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
