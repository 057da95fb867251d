// The manifest's custom functions (issue 11 item 2): the CustomFunctions extension point in a
// shared runtime with the pane, metadata per language, ids consistent between manifest.xml,
// webpack.config.js and the functions' JSON, every resource id resolving.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { NAMESPACE } from '../../addin/functions/metadata';

const ROOT = path.resolve(__dirname, '../..');
const xml = readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');

/** bt:Url / bt:String / bt:Image resources by id: their DefaultValue and overrides. */
function resources(kind: 'Url' | 'String' | 'Image', section?: 'ShortStrings' | 'LongStrings'): Map<string, { value: string; overrides: Record<string, string> }> {
  const scope = section ? (new RegExp(`<bt:${section}>([\\s\\S]*?)</bt:${section}>`).exec(xml)?.[1] ?? '') : xml;
  const out = new Map<string, { value: string; overrides: Record<string, string> }>();
  const re = new RegExp(`<bt:${kind} id="([^"]+)" DefaultValue="([^"]*)"\\s*(/>|>([\\s\\S]*?)</bt:${kind}>)`, 'g');
  for (const m of scope.matchAll(re)) {
    const overrides: Record<string, string> = {};
    for (const o of (m[4] ?? '').matchAll(/<bt:Override Locale="([^"]+)" Value="([^"]*)"\s*\/>/g)) overrides[o[1]!] = o[2]!;
    out.set(m[1]!, { value: m[2]!, overrides });
  }
  return out;
}

const urls = resources('Url');
const short = resources('String', 'ShortStrings');
const long = resources('String', 'LongStrings');
const images = resources('Image');

async function webpack(): Promise<{ entry: Record<string, string>; output: { filename: (d: { chunk: { name: string } }) => string }; plugins: { userOptions?: { filename?: string; chunks?: string[] }; patterns?: { from: string; to: string }[] }[] }> {
  const { default: config } = (await import(path.join(ROOT, 'webpack.config.js'))) as { default: (env: object, argv: object) => Promise<never> };
  return config({}, { mode: 'production' });
}

describe('manifest.xml: custom functions in the shared runtime', () => {
  const host = /<Host xsi:type="Workbook">([\s\S]*?)<\/Host>/.exec(xml)?.[1] ?? '';
  const cf = /<ExtensionPoint xsi:type="CustomFunctions">([\s\S]*?)<\/ExtensionPoint>/.exec(host)?.[1] ?? '';

  test('every resid names a resource of the right kind, at most 32 characters', () => {
    const resids = [...xml.matchAll(/<(\w+:)?(\w+)[^>]*\bresid="([^"]+)"/g)].map((m) => ({ element: m[2]!, id: m[3]! }));
    expect(resids.length).toBeGreaterThan(10);
    for (const { element, id } of resids) {
      expect(id.length, id).toBeLessThanOrEqual(32);
      const kind = element === 'Image' ? images : ['SourceLocation', 'FunctionFile', 'Runtime', 'LearnMoreUrl'].includes(element) ? urls : element === 'Description' ? long : short;
      expect(kind.has(id), `${element} resid="${id}"`).toBe(true);
    }
  });

  test('one runtime (lifetime long) shared by the pane, the functions page and the FunctionFile, as Microsoft requires', () => {
    expect(host.trimStart()).toMatch(/^(<!--[\s\S]*?-->\s*)?<Runtimes>\s*<Runtime resid="Taskpane\.Url" lifetime="long"\s*\/>\s*<\/Runtimes>\s*<AllFormFactors>/);
    expect(cf).toMatch(/<Page>\s*<SourceLocation resid="Taskpane\.Url"\s*\/>\s*<\/Page>/);
    expect(host).toMatch(/<FunctionFile resid="Taskpane\.Url"\s*\/>/);
    expect(host).toMatch(/<SourceLocation resid="Taskpane\.Url"\s*\/>\s*<\/Action>/);
  });

  test('the extension point has Script, Page, Metadata and Namespace; the namespace is AVTAL', () => {
    expect(cf).toMatch(/<Script>\s*<SourceLocation resid="([^"]+)"\s*\/>\s*<\/Script>\s*<Page>[\s\S]*<\/Page>\s*<Metadata>\s*<SourceLocation resid="([^"]+)"\s*\/>\s*<\/Metadata>\s*<Namespace resid="([^"]+)"\s*\/>/);
    const ns = /<Namespace resid="([^"]+)"/.exec(cf)![1]!;
    expect(short.get(ns)?.value).toBe(NAMESPACE);
  });

  test('metadata: English by default, Swedish for sv-SE; webpack copies both files from addin/functions, and functions.js has a stable name', async () => {
    const meta = /<Metadata>\s*<SourceLocation resid="([^"]+)"/.exec(cf)![1]!;
    const script = /<Script>\s*<SourceLocation resid="([^"]+)"/.exec(cf)![1]!;
    const m = urls.get(meta)!;
    const base = urls.get('Taskpane.Url')!.value.replace(/[^/]*$/, '');
    expect(m.value).toBe(`${base}functions.json`);
    expect(m.overrides).toEqual({ 'sv-SE': `${base}functions.sv.json` });
    expect(urls.get(script)!.value).toBe(`${base}functions.js`);
    const c = await webpack();
    const copies = c.plugins.flatMap((p) => p.patterns ?? []);
    expect(copies).toContainEqual({ from: 'addin/functions/functions.en.json', to: 'functions.json' });
    expect(copies).toContainEqual({ from: 'addin/functions/functions.sv.json', to: 'functions.sv.json' });
    expect(c.entry.functions).toBe('./taskpane/functions-entry.ts');
    expect(c.output.filename({ chunk: { name: 'functions' } })).toBe('[name].js');
    expect(c.output.filename({ chunk: { name: 'taskpane' } })).toMatch(/contenthash/);
    // The pane's page is the shared runtime: its one chunk registers the functions itself.
    const pane = c.plugins.find((p) => p.userOptions?.filename === 'taskpane.html')!;
    expect(pane.userOptions!.chunks).toEqual(['taskpane']);
    expect(readFileSync(path.join(ROOT, 'taskpane/index.tsx'), 'utf8')).toMatch(/registerSharedFunctions\(\)/);
  });

  test('neither CustomFunctionsRuntime nor SharedRuntime is required: the pane loads where they are missing', () => {
    const req = /<Requirements>([\s\S]*?)<\/Requirements>/.exec(xml)![1]!;
    expect(req).not.toMatch(/CustomFunctionsRuntime|SharedRuntime/);
    expect(req).toMatch(/<Set Name="ExcelApi" MinVersion="1.9"\/>/);
  });

  test('the metadata ids are the ones the runtime registers', async () => {
    const en = JSON.parse(readFileSync(path.join(ROOT, 'addin/functions/functions.en.json'), 'utf8')) as { functions: { id: string }[] };
    const { functionTable } = await import('../../taskpane/functions');
    const { createFunctions } = await import('../../addin/functions/functions');
    expect(Object.keys(functionTable(createFunctions())).sort()).toEqual(en.functions.map((f) => f.id).sort());
  });
});
