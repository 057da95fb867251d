// Fuzzing the rule-file loader (fast-check, fixed seed): random mutations of the
// real rule files are either rejected with JSON paths, or accepted whole and
// still consistent. Nothing throws; nothing is half-loaded.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Decimal } from '../../addin/core/decimal';
import { allocate, loadAgreementText, validateAgreement, withAgreement, builtinCatalog } from '../../addin/api';
import { builtinReference } from '../../addin/engine/rules/catalog';

const ref = builtinReference();
const originals = ['2021', '2024', '2026'].map((id) => JSON.parse(readFileSync(new URL(`../../rules/agreements/${id}.json`, import.meta.url), 'utf8')));

type Json = unknown;
/** All paths (as key arrays) into a JSON value. */
function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}
function setAt(root: Json, path: (string | number)[], value: Json | typeof DELETE): Json {
  if (path.length === 0) return value === DELETE ? null : value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (value === DELETE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}
const DELETE = Symbol('delete');

const junk = fc.oneof(
  fc.constant(DELETE),
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.constantFrom('0', '-1', '1e9', '250 000 000', '0,70', '2026-02-30', 'population', 'equal', 'parts', 'single', 'rcc-vast', 'atLeast', '__proto__', '<script>'),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

const mutation = fc
  .tuple(fc.integer({ min: 0, max: 2 }), fc.array(fc.tuple(fc.nat(), junk), { minLength: 1, maxLength: 4 }))
  .map(([which, edits]) => {
    let doc: Json = originals[which];
    for (const [n, value] of edits) {
      const ps = paths(doc);
      doc = setAt(doc, ps[n % ps.length]!, value);
    }
    return doc;
  });

describe('rule-file loader under mutation', () => {
  test('never throws; a rejection names JSON paths; an acceptance is consistent and usable', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(mutation, (doc) => {
        const r = validateAgreement(doc, 'fuzz.json', ref);
        if (!r.ok) {
          rejected++;
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) {
            expect(e.file).toBe('fuzz.json');
            expect(e.path).toMatch(/^\/|^$/);
            expect(typeof e.message).toBe('string');
          }
          return;
        }
        accepted++;
        const a = r.agreement;
        // Accepted means the money reconciles and every pot still allocates exactly.
        const groups = a.groups.reduce((s, g) => s.plus(g.amount), new Decimal(0));
        expect(groups.eq(a.total)).toBe(true);
        const catalog = withAgreement(builtinCatalog(), a);
        for (const p of a.pots) {
          if (p.split.by === 'unspecified') continue;
          expect(allocate(catalog, { agreement: a.id, pot: p.id }).total.eq(p.amount)).toBe(true);
        }
      }),
      { seed: 4242, numRuns: 1500 },
    );
    // Both outcomes occur, so the property is not vacuous.
    expect(rejected).toBeGreaterThan(100);
    expect(accepted).toBeGreaterThan(10);
    console.log(`rule-file fuzz: ${accepted} accepted, ${rejected} rejected`);
  }, 60_000); // 1 500 validations: about 5 s alone, more on a loaded machine

  test('arbitrary text never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const r = loadAgreementText(text, 'text.json', ref);
        expect(typeof r.ok).toBe('boolean');
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});
