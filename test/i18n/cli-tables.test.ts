// Issue #13 items 2 and 4 on the command line: the allocation table has the columns that
// apply (no empty Befolkning column, no recipient ids), the evaluation names its parts by
// title, and a failed condition reads "värde 65,0 %, krav ≥ 70,0 %; § 5.3", dates as
// "30 september 2026".
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { builtinCatalog } from '../../addin/api';
import { main } from '../../addin/cli/main';

const catalog = builtinCatalog();
const dir = mkdtempSync(join(tmpdir(), 'cli-tables-'));
const run = async (...argv: string[]) => {
  const out: string[] = [];
  await main(argv, { out: (s) => out.push(s), err: (s) => out.push(s), cwd: dir });
  return out.join('\n');
};
const ID = /\b(rcc-[a-z]+|svf-payment[-\w]*|breast|colorectal|prostate|skr)\b/;

describe('CLI tables in Swedish', () => {
  test('an equal split: no Befolkning column, RCC by healthcare region, no ids', async () => {
    const out = await run('allocate', '--agreement', '2026', '--pot', 'barncancer');
    const header = out.split('\n')[0]!;
    expect(header.split(/\s{2,}/)).toEqual(['Mottagare', 'Sjukvårdsregion', 'Andel', 'Belopp']);
    expect(out).toContain('Norra sjukvårdsregionen');
    expect(out).toContain('fördelning: lika delar');
    expect(out).not.toMatch(ID);
    expect(out).not.toContain('befolkning: –');
  });
  test('a single recipient: Mottagare, Andel, Belopp', async () => {
    const out = await run('allocate', '--agreement', '2021', '--pot', 'svf-national');
    expect(out.split('\n')[0]!.split(/\s{2,}/)).toEqual(['Mottagare', 'Andel', 'Belopp']);
    expect(out).not.toMatch(ID);
  });
  test('a population split keeps Befolkning', async () => {
    const out = await run('allocate', '--agreement', '2026', '--pot', 'svf-payment-1');
    expect(out.split('\n')[0]!.split(/\s{2,}/)).toEqual(['Mottagare', 'Län', 'Befolkning', 'Andel', 'Belopp']);
  });
  test('evaluate: parts by title, failures in words with percentages and dates', async () => {
    const header = 'Region;Inklusion alla SVF;PREM används;Redovisning inlämnad;Inklusion bröst;Inom ledtid bröst;Inklusion tjock- och ändtarm;Inom ledtid tjock- och ändtarm;Inklusion prostata;Inom ledtid prostata';
    const rows = catalog.reference.regions.map((r) =>
      (r.code === '21' ? [r.name, '65 %', 'ja', '2026-10-05'] : [r.name, '72,5 %', 'ja', '2026-09-15']).concat(['75%', '0,65', '0.71', '61 %', '80 %', '60 %']).join(';'));
    writeFileSync(join(dir, 'ind.csv'), [header, ...rows].join('\n'));
    const out = await run('evaluate', '--agreement', '2026', '--indicators', 'ind.csv');
    const head = out.split('\n')[0]!;
    expect(head).toContain('SVF bröstcancer');
    expect(head).not.toMatch(ID);
    const gavle = out.split('\n').find((l) => l.startsWith('  Region Gävleborg:'))!;
    expect(gavle).toMatch(/värde 65,0\s%, krav ≥ 70,0\s%; § 5.3/);
    expect(gavle).toContain('värde 5 oktober 2026, krav senast 30 september 2026');
    expect(gavle).not.toMatch(/0\.65|2026-09-30/);
  });
});
