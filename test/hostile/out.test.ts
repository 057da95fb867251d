// Issue 15.6 and 15.8: --out writing (temporary file + link, `--out ''`, --out onto an
// existing file, EPIPE under `| head`, a 50 000-deep JSON cell), what audit --out copies
// carry of data validations, and ajv not being a runtime dependency.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { runCli } from '../helpers/cli';
import { writeFileNew } from '../../addin/io/write-new';
import { writeXlsx } from '../../addin/workbook/xlsx';
import { benchWorkbook, jamtlandWorkbook } from '../audit/fixtures';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'build', 'cli.cjs');
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-out-'));
  if (!existsSync(CLI)) spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT });
  await writeXlsx(jamtlandWorkbook().workbook, join(dir, 'jamtland.xlsx'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...argv: string[]) => runCli(dir, ...argv);

describe("--out ''", () => {
  test('audit: exit 2, a clear message, nothing written into the working folder', async () => {
    const before = readdirSync(dir).sort();
    const r = await run('audit', 'jamtland.xlsx', '--out', '');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out behöver ett mappnamn/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
  test('allocate and evaluate: exit 2 (was: silently ignored, exit 0, nothing written)', async () => {
    const a = await run('allocate', '--agreement', '2021', '--pot', 'svf-payment-1', '--out', '');
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/--out behöver ett värde/);
    const e = await run('evaluate', '--agreement', '2024', '--indicators', 'x.csv', '--out=');
    expect(e.code).toBe(2);
  });
});

describe('--out onto an existing file', () => {
  test('audit --out FILE: refused before auditing, exit 2, the file unchanged (was: exit 3, EEXIST stack trace after the audit)', async () => {
    writeFileSync(join(dir, 'rapport.txt'), 'mitt');
    const r = await run('audit', 'jamtland.xlsx', '--out', 'rapport.txt');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/rapport\.txt: --out ska vara en mapp/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe(''); // nothing audited
    expect(readFileSync(join(dir, 'rapport.txt'), 'utf8')).toBe('mitt');
  });
  test('audit --out into a path under a file: exit 2 with the reason', async () => {
    const r = await run('audit', 'jamtland.xlsx', '--out', 'rapport.txt/ut');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/rapport\.txt\/ut: .*(not a folder|inte en mapp)/);
  });
  test('allocate --out onto an existing file: exit 2, the file unchanged, no temporary file left', async () => {
    writeFileSync(join(dir, 'tabell.xlsx'), 'inte min');
    const r = await run('allocate', '--agreement', '2021', '--pot', 'svf-payment-1', '--out', 'tabell.xlsx');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/tabell\.xlsx: (filen finns redan|the file exists)/);
    expect(readFileSync(join(dir, 'tabell.xlsx'), 'utf8')).toBe('inte min');
    expect(readdirSync(dir).filter((f) => f.includes('.part-'))).toEqual([]);
  });
});

describe('writing through a temporary file', () => {
  test('writeFileNew writes the bytes, refuses an existing name, leaves no temporary file', async () => {
    const p = join(dir, 'ny.bin');
    await writeFileNew(p, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(p)]).toEqual([1, 2, 3]);
    await expect(writeFileNew(p, new Uint8Array([9]))).rejects.toMatchObject({ code: 'EEXIST' });
    expect([...readFileSync(p)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir).filter((f) => f.includes('.part-'))).toEqual([]);
  });

  test('a run killed while writing leaves no file under the final name, or the whole file (never a truncated one)', async () => {
    const SIZE = 64 * 1024 * 1024;
    const script = `
      const { writeFileNew } = require(${JSON.stringify(join(dir, 'wn.cjs'))});
      process.stdout.write('go\\n');
      writeFileNew(process.argv[2], new Uint8Array(${SIZE}).fill(7)).then(() => process.stdout.write('done\\n'));`;
    // A CommonJS copy of the module for the child (built with esbuild, as the CLI is).
    const { buildSync } = await import('esbuild');
    buildSync({ entryPoints: [join(ROOT, 'addin/io/write-new.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: join(dir, 'wn.cjs'), logLevel: 'silent' });
    for (const delay of [0, 5, 20, 60]) {
      const target = join(dir, `kill-${delay}.bin`);
      const child = spawn(process.execPath, ['-e', script, target], { stdio: ['ignore', 'pipe', 'ignore'] });
      const exited = new Promise((r) => child.once('exit', r)); // registered at once: it may finish before the kill
      await Promise.race([new Promise<void>((resolve) => child.stdout.once('data', () => resolve())), exited]);
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      if (existsSync(target)) expect(statSync(target).size).toBe(SIZE);
    }
  }, 60_000);
});

describe('EPIPE under | head', () => {
  test('audit output cut short by head: no stack trace, the exit code is the audit\'s', async () => {
    await writeXlsx(benchWorkbook(5_000), join(dir, 'bench.xlsx'));
    const whole = spawnSync(process.execPath, [CLI, 'audit', 'bench.xlsx'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(whole.stdout.split('\n').length).toBeGreaterThan(3);
    // `| true` closes the pipe before the first line; `| head -n 1` after it.
    for (const reader of ['true', 'head -n 1']) {
      const r = spawnSync('bash', ['-c', `node ${JSON.stringify(CLI)} audit bench.xlsx | ${reader}; echo "rc=\${PIPESTATUS[0]}" >&2`], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      expect(r.stderr).not.toMatch(/EPIPE|Unhandled 'error' event|\n\s+at /);
      expect(r.stderr).toMatch(new RegExp(`rc=${whole.status}`)); // the audit's own exit code
    }
  }, 120_000);
});

describe('a 50 000-deep JSON cell', () => {
  const deep = '['.repeat(50_000) + ']'.repeat(50_000);
  test('population file: exit 2 naming the row and column (was: exit 3, "Maximum call stack size exceeded")', async () => {
    writeFileSync(join(dir, 'deep.json'), `[{"region":"Stockholm","population":${deep}}]`);
    const r = await run('allocate', '--agreement', '2021', '--pot', 'svf-payment-1', '--population', 'deep.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/deep\.json: JSON-rad 1 \(\/0\/population\): värdet är för djupt nästlat/);
  });
  test('indicators file and rule file: a clear message, never exit 3', async () => {
    writeFileSync(join(dir, 'deep-ind.json'), `{"rows":[{"region":"Stockholm","inclusion":${deep}}]}`);
    const r = await run('evaluate', '--agreement', '2024', '--indicators', 'deep-ind.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\/rows\/0\/inclusion/);
    writeFileSync(join(dir, 'deep-rule.json'), `{"id":${deep}}`);
    const c = await run('check-rules', 'deep-rule.json');
    expect(c.code).toBe(1);
    expect(c.err).not.toMatch(/Maximum call stack|\n\s+at /);
  });
});

describe('15.8: data validations in audit --out copies', () => {
  test('list validations keep their formulas (ranges on other sheets, names, INDIRECT); other kinds are dropped and the copy says so', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('Data');
    book.addWorksheet('Listor');
    ws.getCell('A1').value = 'Region';
    ws.getCell('B1').value = 'Svar';
    const forms = ['"ja,nej"', '$D$1:$D$3', 'Listor!$A$1:$A$3', "'Listor'!$B$1:$B$3", 'Svarslista', 'INDIRECT("Listor!A1:A3")'];
    forms.forEach((f, i) => (ws.getCell(i + 2, 2).dataValidation = { type: 'list', allowBlank: true, formulae: [f] }));
    ws.getCell('C2').dataValidation = { type: 'whole', operator: 'between', allowBlank: true, formulae: [1, 10] } as ExcelJS.DataValidation;
    await book.xlsx.writeFile(join(dir, 'listor.xlsx'));
    const r = await run('audit', 'listor.xlsx', '--out', 'kopior', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { files: { copy: string; copyNote?: string }[] };
    const copy = new ExcelJS.Workbook();
    await copy.xlsx.readFile(join(dir, j.files[0]!.copy));
    const got = forms.map((_, i) => copy.getWorksheet('Data')!.getCell(i + 2, 2).dataValidation?.formulae?.[0]);
    expect(got).toEqual(forms); // were: "Listor!$A$1:$A$3" etc. quoted into literal text
    expect(copy.getWorksheet('Data')!.getCell('C2').dataValidation).toBeUndefined();
    expect(j.files[0]!.copyNote).toMatch(/kopian saknar 1 datavalideringar som inte är listor: Data!C2 \(whole\)/);
  });
});

describe('15.8: ajv is not a runtime dependency', () => {
  test('package.json lists it under devDependencies only, and nothing the pane or the CLI runs imports it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).not.toContain('ajv');
    expect(Object.keys(pkg.dependencies)).not.toContain('ajv-formats');
    expect(Object.keys(pkg.devDependencies)).toContain('ajv');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|tsx|js|mjs|cjs)$/.test(e.name)) files.push(p);
      }
    };
    walk(join(ROOT, 'addin'));
    walk(join(ROOT, 'taskpane'));
    const importers = files.filter((f) => /(from\s+['"]ajv|require\(\s*['"]ajv|import\(\s*['"]ajv)/.test(readFileSync(f, 'utf8')));
    expect(importers).toEqual([]);
    // The bundled CLI carries no ajv module either (the validator is standalone code).
    expect(readFileSync(CLI, 'utf8')).not.toMatch(/node_modules\/ajv\//);
  });
});

describe('input workbooks (--population, --indicators) pass the same guard', () => {
  test('a 600 MB-string bomb as a population file: exit 2, refused, bounded memory', async () => {
    const { writeLongStringXlsx, runCli: runBuiltCli } = await import('../../scripts/bench/memory');
    writeLongStringXlsx(join(dir, 'pop-bomb.xlsx'), 600);
    const m = runBuiltCli(['allocate', '--agreement', '2021', '--pot', 'svf-payment-1', '--population', 'pop-bomb.xlsx'], { cwd: dir });
    expect(m.exit).toBe(2);
    expect(m.stderr).toMatch(/pop-bomb\.xlsx: vägras före läsning \(del xl\/sharedStrings\.xml\)/);
    expect(m.peakRssBytes!).toBeLessThan(200 * 1024 * 1024);
  }, 60_000);
});
