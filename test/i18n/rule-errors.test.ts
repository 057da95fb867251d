/* eslint-disable @typescript-eslint/no-explicit-any -- the tests mutate a rule file freely to provoke each kind of error */
// Issue #13 item 2: rule-file validation messages in Swedish in Swedish mode — the schema's
// (ajv) errors translated with their JSON path, "not valid JSON" with line and column, and
// the checks the schema cannot express; in the pane (RuleError.text) and in the CLI.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { builtinCatalog, loadAgreementText, validateAgreement, type RuleError } from '../../addin/api';
import { main } from '../../addin/cli/main';

const ref = builtinCatalog().reference;
const base = JSON.parse(readFileSync(new URL('../../rules/agreements/2026.json', import.meta.url), 'utf8')) as Record<string, any>;
const errorsOf = (mutate: (j: any) => void): RuleError[] => {
  const j = structuredClone(base);
  mutate(j);
  const r = validateAgreement(j, '2026.json', ref);
  return r.ok ? [] : r.errors;
};
const sv = (es: RuleError[]) => es.map((e) => `${e.path}: ${e.text?.sv}`);

/** English words that have no place in a Swedish sentence (quoted JSON names and values are the file's own). */
const ENGLISH = /\b(must|have|has|not|fewer|more|than|items?|characters?|property|properties|equal|allowed|values?|match|schema|unknown|duplicate|missing|needs?|only|defined|the|and|of|is|are|but|sum|total|source|group|pot|split|single|recipient|condition|operator|threshold|such|as|line|column|valid|unexpected|token|end|input|expected|after|before|period|ends|begins|alternatives?|field|point|limit|bytes)\b/i;
const scan = (es: RuleError[]) =>
  es
    .map((e) => ({ e, text: (e.text?.sv ?? '').replace(/"[^"]*"/g, '"…"').replace(/”[^”]*”/g, '') }))
    .filter(({ text }) => ENGLISH.test(text))
    .map(({ e, text }) => `${e.path}: ${text.match(ENGLISH)?.[0]} in ${e.text?.sv}`);

describe('rule-file errors in Swedish', () => {
  test('a pot amount that is not whole kronor: "/pots/4/amount: ska vara hela kronor …"', () => {
    const es = errorsOf((j) => (j.pots[4].amount = '12,5'));
    expect(sv(es)).toContain('/pots/4/amount: ska vara hela kronor som en sträng av siffror, t.ex. "250000000"');
    expect(es.find((e) => e.path === '/pots/4/amount')?.message).toBe('must be whole kronor as a string of digits, e.g. "250000000"');
  });

  test('every kind of schema error has Swedish words, with its JSON path', () => {
    const cases: ((j: any) => void)[] = [
      (j) => (j.pots[0].amount = 250000000), // type
      (j) => delete j.pots[1].cite, // required
      (j) => (j.pots[2].colour = 'blå'), // additionalProperties
      (j) => (j.pots[0].recipients = 'alla'), // enum
      (j) => (j.pots[0].split = { by: 'hälften' }), // oneOf/const
      (j) => (j.title = ''), // minLength
      (j) => (j.title = 'x'.repeat(401)), // maxLength
      (j) => (j.pots = []), // minItems
      (j) => (j.source.documents = Array.from({ length: 21 }, () => j.source.documents[0])), // maxItems
      (j) => (j.year = 1999), // minimum
      (j) => (j.year = 2101), // maximum
      (j) => (j.deadlines[0].date = '30/9/2026'), // date pattern
      (j) => (j.pots[0].id = 'SVF 1'), // id pattern
      (j) => (j.conditions[0].value = 0.7), // type of a threshold
    ];
    const all: RuleError[] = [];
    for (const [i, c] of cases.entries()) {
      const es = errorsOf(c);
      expect(es.length, `case ${i}`).toBeGreaterThan(0);
      for (const e of es) {
        expect(e.text, `case ${i} ${e.path}`).toBeDefined();
        expect(e.path).toMatch(/^\//);
      }
      // the Swedish differs from the English for at least the first error of each case
      expect(es[0]!.text!.sv, `case ${i}: ${es[0]!.text!.sv}`).not.toBe(es[0]!.text!.en);
      all.push(...es);
    }
    expect(sv(all)).toEqual(expect.arrayContaining([
      '/pots/0/amount: ska vara text (en sträng)',
      '/pots/1: egenskapen "cite" saknas',
      '/pots/2: okänd egenskap "colour"',
      '/title: får inte vara tom',
      '/year: ska vara minst 2000',
      '/year: får vara högst 2100',
    ]));
    expect(scan(all)).toEqual([]);
  });

  test('the checks the schema cannot express are in Swedish too', () => {
    const all = [
      ...errorsOf((j) => (j.pots[1].id = j.pots[0].id)),
      ...errorsOf((j) => (j.pots[0].group = 'ingen')),
      ...errorsOf((j) => (j.pots[0].amount = '1')),
      ...errorsOf((j) => (j.pots[0].cite.source = 'finns-inte')),
      ...errorsOf((j) => (j.defaultPopulation = 'ingen')),
      ...errorsOf((j) => (j.pots[0].recipients = 'single')),
    ];
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const e of all) expect(e.text?.sv, e.path).not.toBe(e.text?.en);
    expect(sv(all)).toEqual(expect.arrayContaining(['/pots/0/group: okänd grupp "ingen"']));
    expect(scan(all)).toEqual([]);
  });

  test('"not valid JSON" names line and column', () => {
    const r = loadAgreementText('{\n  "id": "2026",\n  "title": "x",\n}', 'x.json');
    expect(r.ok).toBe(false);
    const e = !r.ok ? r.errors[0]! : null;
    expect(e?.text?.en).toMatch(/^not valid JSON at line 4, column 1: /);
    expect(e?.text?.sv).toBe('inte giltig JSON på rad 4, kolumn 1: här ska ett egenskapsnamn inom dubbla citattecken stå');
    const end = loadAgreementText('{ "id": ', 'x.json');
    expect(!end.ok && end.errors[0]!.text?.sv).toBe('inte giltig JSON på rad 1, kolumn 9: filen tar slut innan JSON-värdet är avslutat');
    const junk = loadAgreementText('{"a": 1}\nxyz', 'x.json');
    expect(!junk.ok && junk.errors[0]!.text?.sv).toBe('inte giltig JSON på rad 2, kolumn 1: det finns mer text efter JSON-värdet');
    expect(scan([...(!r.ok ? r.errors : []), ...(!end.ok ? end.errors : []), ...(!junk.ok ? junk.errors : [])])).toEqual([]);
  });

  test('the CLI check-rules says it in Swedish (and in English with --lang en)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rule-errors-'));
    const j = structuredClone(base);
    j.pots[4].amount = '12,5';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(j, null, 2));
    writeFileSync(join(dir, 'broken.json'), '{\n  "id": 2026,,\n}');
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const code = await main(argv, { out: (s) => out.push(s), err: (s) => out.push(s), cwd: dir });
      return { code, text: out.join('\n') };
    };
    const bad = await run('check-rules', 'bad.json');
    expect(bad.code).toBe(1);
    expect(bad.text).toContain('bad.json: /pots/4/amount: ska vara hela kronor som en sträng av siffror, t.ex. "250000000"');
    expect(bad.text).toMatch(/\n1 fel i regelfilen$/);
    const broken = await run('check-rules', 'broken.json');
    expect(broken.text).toContain('broken.json: : inte giltig JSON på rad 2, kolumn 14: här ska ett egenskapsnamn inom dubbla citattecken stå');
    const en = await run('check-rules', 'bad.json', '--lang', 'en');
    expect(en.text).toContain('bad.json: /pots/4/amount: must be whole kronor as a string of digits');
    expect(en.text).toMatch(/1 problem\(s\)$/);
    const json = JSON.parse((await run('check-rules', 'bad.json', '--json')).text);
    expect(json.problems[0]).toMatchObject({ path: '/pots/4/amount', message: 'must be whole kronor as a string of digits, e.g. "250000000"', text: { sv: expect.stringMatching(/^ska vara hela kronor/) } });
  });
});
