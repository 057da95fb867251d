/**
 * Every message of the command line comes from the one catalogue (addin/core/messages.ts)
 * in the language of --lang (default Swedish), never both at once: "no such file / filen
 * finns inte" was printed whatever --lang said.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MESSAGES } from '../../addin/api';
import { runCli } from '../helpers/cli';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ar-lang-'));
  writeFileSync(join(dir, 'bad.json'), '{ "rows": [');
  writeFileSync(join(dir, 'finns.xlsx'), 'x');
  writeFileSync(join(dir, 'rapport.txt'), 'x');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each case: the arguments (without --lang) and what it says in Swedish and in English. */
const CASES: { argv: string[]; sv: string; en: string }[] = [
  { argv: ['allocate', '--agreement', '2026', '--pot', 'svf-payment-1', '--population', 'saknas.csv'], sv: 'filen finns inte', en: 'no such file' },
  { argv: ['audit', 'saknas.xlsx'], sv: 'saknas.xlsx: filen finns inte', en: 'saknas.xlsx: no such file' },
  { argv: ['check-rules', 'saknas.json'], sv: 'saknas.json: filen finns inte', en: 'saknas.json: no such file' },
  { argv: ['allocate', '--agreement', '2026', '--pot', 'svf-payment-1', '--population', 'bad.json'], sv: 'inte giltig JSON', en: 'not valid JSON' },
  { argv: ['allocate', '--agreement', '2026'], sv: '--pot måste anges', en: '--pot is required' },
  { argv: ['allocate', '--agreement', '2026', '--pot', 'svf-payment-1', '--method', 'x'], sv: '--method ska vara largest-remainder eller half-up', en: '--method must be largest-remainder or half-up' },
  { argv: ['list', '--bogus'], sv: 'okänt alternativ --bogus', en: 'unknown option --bogus' },
  { argv: ['frobnicate'], sv: 'okänt kommando "frobnicate"', en: 'unknown command "frobnicate"' },
  { argv: ['audit'], sv: 'audit behöver minst en FILE.xlsx', en: 'audit needs at least one FILE.xlsx' },
  { argv: ['audit', 'finns.xlsx', '--out', ''], sv: '--out behöver ett mappnamn', en: '--out needs a folder name' },
  { argv: ['audit', 'finns.xlsx', '--out', 'rapport.txt'], sv: 'rapport.txt: --out ska vara en mapp', en: 'rapport.txt: --out must be a folder' },
  { argv: ['allocate', '--agreement', '2026', '--pot', 'svf-payment-1', '--out', 'finns.xlsx'], sv: 'finns.xlsx: filen finns redan och skrivs inte över', en: 'finns.xlsx: the file exists and is not replaced' },
  { argv: ['requisition', '--agreement', '2026', '--recipient', 'Region Gotland', '--out', 'x.csv'], sv: '--out ska vara namnet på en ny .xlsx-fil', en: '--out must name a new .xlsx file' },
];

describe('CLI messages in one language', () => {
  test.each(CASES)('$en', async ({ argv, sv, en }) => {
    const runs = { sv: await runCli(dir, ...argv, '--lang', 'sv'), en: await runCli(dir, ...argv, '--lang', 'en'), default: await runCli(dir, ...argv) };
    for (const r of Object.values(runs)) expect(r.code).toBe(2);
    expect(runs.sv.err).toContain(sv);
    expect(runs.sv.err).not.toContain(en);
    expect(runs.en.err).toContain(en);
    expect(runs.en.err).not.toContain(sv);
    expect(runs.default.err, 'Swedish by default').toBe(runs.sv.err);
  });

  test('the usage text follows --lang too', async () => {
    const sv = await runCli(dir, 'list', '--bogus', '--lang', 'sv');
    const en = await runCli(dir, 'list', '--bogus', '--lang', 'en');
    expect(sv.err).toContain('Användning:');
    expect(sv.err).not.toMatch(/usage|Exit codes|Options/i);
    expect(en.err).toContain('Usage:');
    expect(en.err).not.toMatch(/Användning|Slutkoder|Alternativ/);
  });

  test('no message of the catalogue is the same in both languages (so none can pass for the other)', () => {
    for (const [id, make] of Object.entries(MESSAGES)) {
      const text = (make as (...a: unknown[]) => { sv: string; en: string })('x', ['a', 'b'], 'y');
      expect(text.sv, id).not.toBe(text.en);
      expect(text.sv, id).not.toContain(' / ');
    }
  });
});
