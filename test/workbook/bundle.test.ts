// The command line ships without the fake Excel host: its bundle (esbuild, as
// scripts/build-cli.mjs builds build/cli.cjs) has neither fake-excel.ts nor memory-port.ts
// among its inputs, nor a string found only in the fake host. Before the direct port, the
// CLI ran the Office.js adapter over the fake host and this failed.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

/** Strings that are in the fake host's source and nowhere else in the product. */
const FAKE_ONLY = ['is not emulated by the fake host', 'RichApi.Error'];

test('the CLI bundle does not contain the fake Excel host', async () => {
  const script = readFileSync('scripts/build-cli.mjs', 'utf8');
  expect(script).toMatch(/entryPoints: \['addin\/cli\/main\.ts'\]/);
  const out = await build({ entryPoints: ['addin/cli/main.ts'], bundle: true, platform: 'node', target: 'node20', format: 'cjs', write: false, metafile: true, logLevel: 'silent' });
  const inputs = Object.keys(out.metafile.inputs);
  expect(inputs.some((p) => p.endsWith('addin/cli/main.ts'))).toBe(true);
  expect(inputs.some((p) => p.endsWith('workbook/direct.ts'))).toBe(true);
  expect(inputs.filter((p) => /fake-excel|fake-host|memory-port/.test(p))).toEqual([]);
  const text = out.outputFiles[0]!.text;
  // The fake host's source, wherever it lives (addin/workbook/fake-excel.ts, or split under test/fake-host/).
  const files = ['addin/workbook/fake-excel.ts', ...(existsSync('test/fake-host') ? readdirSync('test/fake-host', { recursive: true }).map((f) => join('test/fake-host', String(f))) : [])];
  const fake = files.filter((f) => existsSync(f) && f.endsWith('.ts')).map((f) => readFileSync(f, 'utf8')).join('\n');
  for (const s of FAKE_ONLY) {
    expect(fake, `"${s}" should be in the fake host's source`).toContain(s);
    expect(text.includes(s), `"${s}" found in the CLI bundle`).toBe(false);
  }
}, 60_000);
