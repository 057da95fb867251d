/**
 * The pane's bundle: bytes on disk and gzipped of every dist/*.js (the task pane Excel
 * loads, and the browser preview), and of what taskpane.html loads besides Office's own
 * office.js. Builds with `npx webpack --mode production` only if dist/ has no bundle.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytes, isMain, main, table, type BenchRow } from './common';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function bundles(dist: string): string[] {
  return existsSync(dist) ? readdirSync(dist).filter((f) => f.endsWith('.js')).sort() : [];
}

export async function run(opts: { dist?: string; log?: (s: string) => void } = {}): Promise<BenchRow[]> {
  const dist = opts.dist ?? path.join(ROOT, 'dist');
  const log = opts.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const rows: BenchRow[] = [];
  let built: number | undefined;
  if (bundles(dist).length === 0) {
    log(`bundle: ${path.relative(ROOT, dist) || dist} has no bundle; building with npx webpack --mode production …`);
    const t0 = performance.now();
    execFileSync('npx', ['webpack', '--mode', 'production', '--output-path', dist], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    built = performance.now() - t0;
  }
  for (const f of bundles(dist)) {
    const buf = readFileSync(path.join(dist, f));
    rows.push({ section: 'bundle', name: f, bytes: statSync(path.join(dist, f)).size, gzipBytes: gzipSync(buf, { level: 9 }).length });
  }
  // What the task pane page loads (office.js comes from Microsoft's CDN and is not ours).
  const html = path.join(dist, 'taskpane.html');
  if (existsSync(html)) {
    const srcs = [...readFileSync(html, 'utf8').matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!).filter((s) => !/^https?:/.test(s));
    const own = rows.filter((r) => srcs.includes(r.name));
    rows.push({
      section: 'bundle', name: 'taskpane.html loads', bytes: own.reduce((s, r) => s + r.bytes!, 0), gzipBytes: own.reduce((s, r) => s + r.gzipBytes!, 0),
      note: `${srcs.join(', ')} (plus Office's office.js from appsforoffice.microsoft.com)`,
    });
  }
  if (built !== undefined) rows.push({ section: 'bundle', name: 'webpack build', ms: built, note: 'dist/ was missing: production build time' });
  return rows;
}

export function format(rows: BenchRow[]): string {
  const b = rows.filter((r) => r.section === 'bundle' && r.bytes !== undefined);
  return [
    "The pane's bundle (dist/, webpack production build; source maps not counted)",
    '',
    table(['file', 'bytes', 'gzip'], b.map((r) => [r.name, bytes(r.bytes), bytes(r.gzipBytes)])),
    ...rows.filter((r) => r.section === 'bundle' && r.note).map((r) => `${r.name}: ${r.note}${r.ms !== undefined ? ` (${Math.round(r.ms / 1000)} s)` : ''}`),
  ].join('\n');
}

if (isMain(import.meta.url)) await main('bundle', () => run(), format);
