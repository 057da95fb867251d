// Issue 9 item 8: a FunctionFile (an empty commands page) as Microsoft's templates have;
// some hosts reject a manifest with add-in commands but without one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

test('the manifest names a FunctionFile page, built by webpack with office.js', async () => {
  const xml = readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
  const dff = /<DesktopFormFactor>([\s\S]*?)<\/DesktopFormFactor>/.exec(xml)?.[1] ?? '';
  // schema order: GetStarted, FunctionFile, ExtensionPoint. In the shared runtime (issue 11) the
  // FunctionFile is the pane's page, as Microsoft requires of a shared runtime.
  expect(dff).toMatch(/<\/GetStarted>\s*<FunctionFile resid="Taskpane\.Url"\s*\/>\s*<ExtensionPoint/);
  expect(xml).toMatch(/<bt:Url id="Commands\.Url" DefaultValue="https:\/\/localhost:3000\/commands\.html"\s*\/>/);
  const { default: config } = (await import(path.join(ROOT, 'webpack.config.js'))) as { default: (env: object, argv: object) => Promise<Record<string, unknown>> };
  const c = await config({}, { mode: 'production' });
  expect((c.entry as Record<string, string>).commands).toBe('./taskpane/commands.ts');
  const pages = (c.plugins as { userOptions?: { filename?: string; officeJs?: boolean; chunks?: string[] } }[]).filter((p) => p.userOptions?.filename === 'commands.html');
  expect(pages).toHaveLength(1);
  expect(pages[0]!.userOptions).toMatchObject({ officeJs: true, chunks: ['commands'] });
});
