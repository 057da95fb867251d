#!/usr/bin/env node
// Rewrites the relative import specifiers of .ts/.tsx/.mjs/.js files after files moved
// (docs/layout-map.json: old path → new path, and names that moved out of a module).
//
//   node scripts/remap-imports.mjs [--map docs/layout-map.json] [--check] FILE_OR_DIR ...
//
// Run it from the repository root. A specifier is left alone when it already names a
// file that exists; otherwise it is resolved from where the importing file was before
// the move (the map read backwards), mapped to the target's new path and written
// relative to where the file is now. `import { a, b } from '…'` is split when the map
// says a name moved to another module. Handled: `import … from`, `export … from`,
// `import('…')`, `vi.mock('…')`, `require('…')` and `new URL('…', import.meta.url)`.
// --check changes nothing and exits 1 when a file would change. Prints each file it
// rewrites (or would rewrite).
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';

const EXTS = ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'];
const SOURCE = /\.(ts|tsx|mts|js|mjs|cjs)$/;

export function loadMap(file) {
  const m = JSON.parse(readFileSync(file, 'utf8'));
  return { files: m.files ?? {}, names: m.names ?? {} };
}

const norm = (p) => posix.normalize(p.split('\\').join('/'));

/** The file a specifier names, with its extension, or null: `exists(path)` says whether a path is a file. */
function resolveFile(base, exists) {
  if (exists(base)) return base;
  for (const e of EXTS) if (exists(base + e)) return base + e;
  for (const e of EXTS) if (exists(posix.join(base, 'index' + e))) return posix.join(base, 'index' + e);
  // A specifier written with .js for a .ts file.
  const js = /\.js$/.exec(base);
  if (js && exists(base.slice(0, -3) + '.ts')) return base.slice(0, -3) + '.ts';
  return null;
}

/** How to write `target` from `fromDir`, in the style of the original specifier. */
function specifierFor(fromDir, target, original) {
  let rel = posix.relative(fromDir, target);
  const dirIndex = /\/index\.(ts|tsx|js)$/.test(target) && !/index(\.\w+)?$/.test(original);
  if (dirIndex) rel = posix.dirname(rel) === '.' ? '.' : posix.dirname(rel);
  else {
    const m = /(\.d\.ts|\.\w+)$/.exec(target);
    const ext = m ? m[1] : '';
    const origExt = /\.(ts|tsx|mts|js|mjs|cjs|json)$/.exec(original)?.[0];
    if (!origExt && (ext === '.ts' || ext === '.tsx')) rel = rel.slice(0, -ext.length);
    else if (origExt === '.js' && ext === '.ts') rel = rel.slice(0, -3) + '.js';
  }
  if (rel === '') rel = '.';
  if (!rel.startsWith('.')) rel = './' + rel;
  return rel;
}

/**
 * Rewrite one file's text. `file` is its path now (repo-relative, posix); `exists`
 * tells whether a repo-relative path is a file now. Returns the new text.
 */
export function remapText(text, file, map, exists) {
  const back = new Map(Object.entries(map.files).map(([o, n]) => [n, o]));
  const oldFile = back.get(file) ?? file;
  const dir = posix.dirname(file);
  const oldDir = posix.dirname(oldFile);
  const existedBefore = (p) => p in map.files || exists(p);

  /** The target's path now, and where it was before (for the names map). */
  const target = (spec) => {
    const now = resolveFile(norm(posix.join(dir, spec)), exists);
    if (now) return { now, old: back.get(now) ?? now, changed: false };
    // From where the file was; else from where it is, in the old layout (a file whose
    // imports were already written for its new place, naming a target that moved since).
    const old = resolveFile(norm(posix.join(oldDir, spec)), existedBefore) ?? resolveFile(norm(posix.join(dir, spec)), (p) => p in map.files);
    if (!old) return null;
    const moved = map.files[old] ?? old;
    if (!exists(moved)) return null;
    return { now: moved, old, changed: true };
  };

  const rewrite = (spec) => {
    if (!spec.startsWith('.')) return spec;
    const t = target(spec);
    if (!t || !t.changed) return spec;
    return specifierFor(dir, t.now, spec);
  };

  // Named imports and exports, split when names moved to other modules.
  let out = text.replace(
    /(^|\n)([ \t]*)(import|export)(\s+type)?\s*\{([^}]*)\}\s*from\s*(['"])(\.[^'"]*)\6(;?)/g,
    (all, nl, indent, kw, typeKw, body, q, spec, semi) => {
      const t = target(spec);
      if (!t) return all;
      const moves = map.names[t.old] ?? map.names[t.now];
      const home = t.changed ? specifierFor(dir, t.now, spec) : spec;
      if (!moves) return home === spec ? all : `${nl}${indent}${kw}${typeKw ?? ''} {${body}} from ${q}${home}${q}${semi}`;
      const groups = new Map([[home, []]]);
      const items = body.split(',').map((s) => s.trim()).filter(Boolean);
      for (const item of items) {
        const name = item.replace(/^type\s+/, '').split(/\s+as\s+/)[0].trim();
        const dest = moves[name];
        const s = dest ? specifierFor(dir, dest, spec) : home;
        if (!groups.has(s)) groups.set(s, []);
        groups.get(s).push(item);
      }
      if (groups.get(home).length === 0) groups.delete(home);
      if (groups.size === 1 && groups.has(spec)) return all;
      const multi = /\n/.test(body);
      const wrap = (its) => multi && its.length > 3;
      return [...groups].map(([s, its], i) => {
        const list = wrap(its) ? `\n${its.map((x) => `${indent}  ${x},`).join('\n')}\n${indent}` : ` ${its.join(', ')} `;
        return `${i === 0 ? nl : '\n'}${indent}${kw}${typeKw ?? ''} {${list}} from ${q}${s}${q}${semi}`;
      }).join('');
    },
  );
  // Everything else: `from '…'`, import('…'), vi.mock('…'), require('…'), new URL('…', import.meta.url).
  out = out.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bvi\.mock\s*\(\s*|\brequire\s*\(\s*|\bnew URL\s*\(\s*|^import\s+)(['"])(\.[^'"]*)\2/gm, (all, pre, q, spec) => {
    const s = rewrite(spec);
    return s === spec ? all : `${pre}${q}${s}${q}`;
  });
  return out;
}

function* walk(p) {
  const st = statSync(p);
  if (st.isDirectory()) {
    for (const e of readdirSync(p)) if (e !== 'node_modules' && !e.startsWith('.')) yield* walk(join(p, e));
  } else if (SOURCE.test(p)) yield p;
}

function cli(argv) {
  let mapFile = 'docs/layout-map.json';
  let check = false;
  const paths = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--map') mapFile = argv[++i];
    else if (argv[i] === '--check') check = true;
    else paths.push(argv[i]);
  }
  if (paths.length === 0) {
    console.error('usage: node scripts/remap-imports.mjs [--map docs/layout-map.json] [--check] FILE_OR_DIR ...');
    return 2;
  }
  const root = process.cwd();
  const map = loadMap(resolve(root, mapFile));
  const exists = (p) => existsSync(join(root, p)) && statSync(join(root, p)).isFile();
  let changed = 0;
  for (const p of paths) {
    for (const f of walk(resolve(root, p))) {
      const rel = norm(relative(root, f));
      const text = readFileSync(f, 'utf8');
      const next = remapText(text, rel, map, exists);
      if (next !== text) {
        changed++;
        console.log(rel);
        if (!check) writeFileSync(f, next);
      }
    }
  }
  return check && changed > 0 ? 1 : 0;
}

if (import.meta.url === `file://${resolve(process.argv[1] ?? '')}`) process.exitCode = cli(process.argv.slice(2));
