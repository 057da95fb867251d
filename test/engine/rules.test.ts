// Rule files: the built-in ones are valid; broken ones are rejected with the
// file and the JSON path, never half-loaded.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { builtinCatalog, loadAgreementText, validateAgreement, MAX_RULE_FILE_BYTES } from '../../addin/api';
import { builtinReference } from '../../addin/engine/rules/catalog';
import { SOURCE_INDEX, sourceEntry, sourceText } from './sources';

const file = (id: string) => readFileSync(new URL(`../../rules/agreements/${id}.json`, import.meta.url), 'utf8');
const ref = builtinReference();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a rule file taken apart to break it on purpose
const mutate = (id: string, f: (j: any) => void) => {
  const j = JSON.parse(file(id));
  f(j);
  return validateAgreement(j, `${id}.json`, ref);
};
const paths = (r: ReturnType<typeof validateAgreement>) => (r.ok ? [] : r.errors.map((e) => `${e.path} ${e.message}`));

describe('built-in rule files', () => {
  test('2021, 2024 and 2026 load and validate', () => {
    expect(builtinCatalog().agreements.map((a) => a.id)).toEqual(['2021', '2024', '2026']);
  });

  test('every pot, condition, deadline, erratum, gap and reading carries a citation with quoted words', () => {
    for (const a of builtinCatalog().agreements) {
      const cites = [a.totalCite, ...a.groups.map((g) => g.cite), ...a.pots.map((p) => p.cite), ...a.pots.flatMap((p) => (p.payment ?? []).map((d) => d.cite)),
        ...a.conditions.map((c) => c.cite), ...a.deadlines.map((d) => d.cite), ...a.errata.map((e) => e.cite), ...a.gaps.map((g) => g.cite), ...a.readings.map((r) => r.cite), ...(a.targets ?? []).map((t) => t.cite)];
      for (const c of cites) {
        expect(SOURCE_INDEX.map((x) => x.id)).toContain(c.source);
        expect(c.section.length).toBeGreaterThan(0);
        expect(c.text.length).toBeGreaterThan(3);
      }
    }
  });

  test('quoted words of the seeds are really in the seeds (whitespace-insensitive, "…" for elisions)', () => {
    const norm = (s: string) => s.replace(/\*/g, '').replace(/\s+/g, ' ').trim();
    const bad: string[] = [];
    for (const a of builtinCatalog().agreements) {
      const cites = [a.totalCite, ...a.groups.map((g) => g.cite), ...a.pots.map((p) => p.cite), ...a.conditions.map((c) => c.cite), ...a.deadlines.map((d) => d.cite), ...a.errata.map((e) => e.cite), ...(a.targets ?? []).map((t) => t.cite)];
      for (const c of cites.filter((x) => sourceEntry(x.source).file.endsWith('.txt'))) {
        const seed = norm(sourceText(c.source));
        for (const piece of c.text.split('…').map(norm).filter((p) => p.length > 0)) {
          if (!seed.includes(piece)) bad.push(`${a.id} ${c.section}: "${piece}"`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  test('the generated validator is up to date with the schema', async () => {
    const { generate } = await import('../../scripts/build-validators.mjs');
    const current = readFileSync(new URL('../../addin/engine/rules/generated/agreement-validator.js', import.meta.url), 'utf8');
    expect(generate()).toBe(current);
  });

  test('the generated sources module is the index without file names, up to date', async () => {
    const { generateSources } = await import('../../scripts/build-validators.mjs');
    const current = readFileSync(new URL('../../addin/engine/rules/generated/sources.js', import.meta.url), 'utf8');
    expect(generateSources()).toBe(current);
    expect(current).not.toMatch(/\.txt|\.tsv|\.md\b|\d{3}_[0-9a-f]{16}/);
  });

  test('2024 says what it leaves out instead of inventing pots; 2021 says its second payment has no stated conditions', () => {
    const [a2021, a2024] = builtinCatalog().agreements;
    expect(a2024!.gaps.some((g) => g.amount === '224000000')).toBe(true);
    expect(a2024!.pots.find((p) => p.id === 'unitemised')!.split.by).toBe('unspecified');
    expect(a2021!.conditions).toEqual([]);
    expect(a2021!.gaps.some((g) => g.amount === '185000000')).toBe(true);
  });
});

describe('broken rule files are rejected with their JSON path', () => {
  test('an amount as a number, not a string of kronor', () => {
    expect(paths(mutate('2026', (j) => (j.pots[3].amount = 16000000)))).toContain('/pots/3/amount must be string');
  });
  test('an amount with a decimal comma', () => {
    expect(paths(mutate('2026', (j) => (j.pots[0].amount = '250 000 000')))).toContain('/pots/0/amount must be whole kronor as a string of digits, e.g. "250000000"');
  });
  test('a pot without a citation', () => {
    expect(paths(mutate('2026', (j) => delete j.pots[5].cite))).toContain('/pots/5 missing property "cite"');
  });
  test('an unknown property (rules never carry code)', () => {
    expect(paths(mutate('2026', (j) => (j.conditions[0].fn = 'return true')))).toContain('/conditions/0 unknown property "fn"');
  });
  test('an unknown operator', () => {
    expect(paths(mutate('2026', (j) => (j.conditions[0].operator = 'greaterThanInclusive'))).join('\n')).toMatch(/\/conditions\/0\/operator/);
  });
  test('pots that no longer sum to their group', () => {
    expect(paths(mutate('2026', (j) => (j.pots[4].amount = '81000000')))).toContain('/groups/1/amount group "rcc" is 456000000 but its pots sum to 457000000');
  });
  test('groups that no longer sum to the total', () => {
    expect(paths(mutate('2026', (j) => (j.total = '1000000000')))).toContain('/total total is 1000000000 but the groups sum to 1005000000');
  });
  test('a reference to an unknown condition, group, recipient or population table', () => {
    const p = paths(mutate('2026', (j) => {
      j.pots[1].conditions.push('no-such-condition');
      j.pots[0].group = 'nowhere';
      j.pots[6].split.recipient = 'rcc-atlantis';
      j.defaultPopulation = '1999-01-01';
    }));
    expect(p).toEqual(expect.arrayContaining([
      '/pots/1/conditions/3 unknown condition "no-such-condition"',
      '/pots/0/group unknown group "nowhere"',
      '/pots/6/split/recipient unknown recipient "rcc-atlantis"',
      '/defaultPopulation unknown population table "1999-01-01"',
    ]));
  });
  test('a threshold of the wrong kind', () => {
    expect(paths(mutate('2026', (j) => (j.conditions[0].value = '2026-09-30')))).toContain('/conditions/0/value operator "atLeast" needs a fraction threshold such as "0.70"');
  });
  test('duplicate ids', () => {
    expect(paths(mutate('2024', (j) => (j.pots[1].id = j.pots[0].id)))).toContain('/pots/1/id duplicate id "svf-payment-1" (also at /pots/0)');
  });
  test('not JSON, too large, or not an object', () => {
    expect(loadAgreementText('{ "id": ', 'x.json')).toMatchObject({ ok: false, errors: [{ file: 'x.json', path: '' }] });
    expect(loadAgreementText(' '.repeat(MAX_RULE_FILE_BYTES + 1), 'big.json')).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/limit/) }] });
    expect(validateAgreement([], 'arr.json')).toMatchObject({ ok: false, errors: [{ path: '/', message: 'must be object' }] });
  });
  test('a valid file is a deep copy: mutating the input afterwards changes nothing loaded', () => {
    const j = JSON.parse(file('2026'));
    const r = validateAgreement(j, '2026.json', ref);
    j.pots[0].amount = '1';
    expect(r.ok && r.agreement.pots[0]!.amount).toBe('250000000');
  });
});
