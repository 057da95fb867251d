// Issue 11 item 3: the formula engine (fast-formula-parser and its chevrotain, jstat,
// bessel, bahttext) is in the preview's bundle only — not in the pane Excel loads, not in
// functions.js, not in the CLI. esbuild's metafile lists every input of a bundle of each
// entry point (the same entries webpack builds; webpack itself takes ~45 s here).
import { build } from 'esbuild';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const ENGINE = /node_modules\/(fast-formula-parser|chevrotain|jstat|bessel|bahttext)\//;

async function inputs(entry: string, platform: 'browser' | 'node'): Promise<string[]> {
  const r = await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform,
    format: platform === 'node' ? 'cjs' : 'esm',
    target: 'es2020',
    jsx: 'automatic',
    logLevel: 'silent',
    absWorkingDir: ROOT,
    external: ['node:*'],
  });
  return Object.keys(r.metafile.inputs);
}

describe('the formula engine is loaded only by the preview', () => {
  test('the preview bundle has it (and the product functions)', async () => {
    const preview = await inputs('taskpane/preview/index.tsx', 'browser');
    expect(preview.some((f) => /node_modules\/fast-formula-parser\//.test(f))).toBe(true);
    expect(preview).toContain('taskpane/preview/formulas/engine.ts');
    expect(preview).toContain('addin/functions/functions.ts');
  }, 60_000);

  test('the task pane (Excel), functions.js and the CLI do not', async () => {
    for (const [entry, platform] of [['taskpane/index.tsx', 'browser'], ['taskpane/functions-entry.ts', 'browser'], ['addin/cli/main.ts', 'node']] as const) {
      const files = await inputs(entry, platform);
      expect(files.length, entry).toBeGreaterThan(10);
      expect(files.filter((f) => ENGINE.test(f) || f.includes('preview/formulas')), entry).toEqual([]);
    }
    // The pane still registers the functions and has the example button.
    const pane = await inputs('taskpane/index.tsx', 'browser');
    expect(pane).toContain('addin/functions/functions.ts');
    expect(pane).toContain('addin/functions/example.ts');
  }, 60_000);
});
