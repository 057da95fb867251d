// Swedish throughout (#13.2): every Swedish string the pane, the written sheets, the rule
// files and the CLI can show is scanned for English words and for ids (kebab-case rule,
// pot and method ids such as "svf-payment-1", "half-up", "input.unreadable").
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { sv } from '../../taskpane/i18n/sv';
import { main } from '../../addin/cli/main';
import { allocate, allocationSheet, builtinCatalog, evaluate, evaluationSheet, indicatorSheet, overviewSheet } from '../../addin/api';

/** English words that have no place in a Swedish sentence (not Swedish words too). */
const ENGLISH = /\b(redistribute|forfeit|readings?|half-up|largest[- ]remainder|writeSheet|readSheet|readSelection|clearFlags|undefined|NaN|payment|inclusion|leadtime|unspecified|the|and|of|see|split|pot|equal|single|rounding|error|warning|missing|agreement)\b/i;
/** Ids: lower-case words joined by hyphens or dots ("svf-payment-1", "input.unreadable"). */
const ID = /\b[a-z][a-z0-9]*(?:[-.][a-z0-9]+)+\b/;
/** Swedish words written with a hyphen that are not ids. */
const ALLOWED_IDS = /\b(e-post|t\.ex|bl\.a|inkl|m\.m|s\.k|d\.v\.s|o\.s\.v)\b\.?/g;
/** What one types on the command line (flags and their values, the program's name) is not prose. */
const COMMAND = /(--[a-z-]+(?: [^\s,;)]+)?|agreement-rules(?: [a-z-]+)?)/g;
/** Quoted words of a source are the source's own Swedish, as written. */
const QUOTE = /”[^”]*”/g;

function problems(texts: { where: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const { where, text } of texts) {
    const cleaned = text.replace(ALLOWED_IDS, '').replace(COMMAND, '').replace(QUOTE, '”…”').replace(/https?:\S+/g, '').replace(/\b\S+\.(xlsx|csv|json)\b/g, '');
    const m = cleaned.match(ENGLISH) ?? cleaned.match(ID);
    if (m) out.push(`${where}: "${m[0]}" in ${JSON.stringify(text.slice(0, 140))}`);
  }
  return out;
}

const catalog = builtinCatalog();

describe('Swedish output has no English words and no ids', () => {
  test('the pane’s Swedish dictionary (every string, every function called with sample arguments)', () => {
    const texts: { where: string; text: string }[] = [];
    for (const [key, v] of Object.entries(sv)) {
      if (typeof v === 'string') texts.push({ where: `sv.${key}`, text: v });
      else if (typeof v === 'function') {
        const args = Array.from({ length: v.length }, (_, i) => (i % 2 === 0 ? 2 : 'Blad1'));
        const r = (v as (...a: unknown[]) => unknown)(...args);
        if (typeof r === 'string') texts.push({ where: `sv.${key}()`, text: r });
      }
    }
    expect(texts.length).toBeGreaterThan(100);
    expect(problems(texts)).toEqual([]);
  });

  test('the rule files’ Swedish texts (titles, notes, readings, gaps, labels)', () => {
    const texts: { where: string; text: string }[] = [];
    const walk = (o: unknown, path: string) => {
      if (!o || typeof o !== 'object') return;
      for (const [k, v] of Object.entries(o)) {
        if (k === 'sv' && typeof v === 'string') texts.push({ where: path, text: v });
        else walk(v, `${path}/${k}`);
      }
    };
    const dir = new URL('../../rules/agreements/', import.meta.url);
    for (const f of readdirSync(dir)) walk(JSON.parse(readFileSync(new URL(f, dir), 'utf8')), f);
    expect(texts.length).toBeGreaterThan(50);
    expect(problems(texts)).toEqual([]);
  });

  test('every sheet the product writes, in Swedish', async () => {
    const texts: { where: string; text: string }[] = [];
    const add = (where: string, cells: unknown[][]) => {
      for (const row of cells) for (const c of row) if (typeof c === 'string') texts.push({ where, text: c });
    };
    for (const a of catalog.agreements) {
      for (const p of a.pots) {
        for (const method of ['largest-remainder', 'half-up'] as const) {
          let alloc;
          try {
            alloc = allocate(catalog, { agreement: a.id, pot: p.id, method });
          } catch {
            continue; // unspecified pots refuse allocation (tested elsewhere)
          }
          add(`allocation ${a.id}/${p.id}/${method}`, allocationSheet(alloc, catalog, 'sv').cells);
        }
      }
      add(`overview ${a.id}`, overviewSheet(catalog, a.id, {}, 'sv').cells);
      if (a.conditions.length) {
        add(`indicators ${a.id}`, indicatorSheet(catalog, a.id, 'sv').cells);
        const indicators = catalog.reference.regions.map((r, i) => ({
          code: r.code, region: r.name, sheet: 'x', cells: {},
          values: Object.fromEntries(a.conditions.map((c) => [c.fact, c.fact === 'prem' ? i % 3 !== 0 : c.fact === 'report_submitted' ? true : `0.${60 + i}`])),
        }));
        for (const unclaimed of ['redistribute', 'forfeit'] as const) {
          const e = await evaluate(catalog, { agreement: a.id, indicators: indicators as never, unclaimed });
          add(`evaluation ${a.id}/${unclaimed}`, evaluationSheet(e, catalog, 'sv').cells);
        }
      }
    }
    expect(texts.length).toBeGreaterThan(500);
    expect(problems(texts)).toEqual([]);
  });

  test('the command line in Swedish (list, allocate, evaluate)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sv-scan-'));
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      await main(argv, { out: (s) => out.push(s), err: (s) => out.push(s), cwd: dir });
      return out.join('\n');
    };
    const texts: { where: string; text: string }[] = [];
    const lines = (where: string, s: string) => s.split('\n').forEach((text) => texts.push({ where, text }));
    lines('list', await run('list'));
    for (const method of ['largest-remainder', 'half-up']) lines(`allocate ${method}`, await run('allocate', '--agreement', '2026', '--pot', 'svf-payment-1', '--method', method));
    lines('allocate (unknown pot)', await run('allocate', '--agreement', '2026', '--pot', 'nope'));
    lines('evaluate (no indicators)', await run('evaluate', '--agreement', '2026'));
    // evaluate on indicators with failures (a low share, a late report), and check-rules on a broken file (#13.2, #13.4)
    const regions = catalog.reference.regions;
    const header = 'Region;Inklusion alla SVF;PREM används;Redovisning inlämnad;Inklusion bröst;Inom ledtid bröst;Inklusion tjock- och ändtarm;Inom ledtid tjock- och ändtarm;Inklusion prostata;Inom ledtid prostata';
    const rows = regions.map((r, i) => [r.name, i % 4 === 0 ? '65 %' : '72,5 %', i % 5 === 0 ? 'nej' : 'ja', i % 3 === 0 ? '2026-10-05' : '2026-09-15', '75%', '0,65', '0.71', '61 %', '80 %', '60 %'].join(';'));
    writeFileSync(join(dir, 'ind.csv'), [header, ...rows].join('\n'));
    lines('evaluate (failures)', await run('evaluate', '--agreement', '2026', '--indicators', 'ind.csv'));
    for (const pot of ['barncancer', 'screening']) lines(`allocate ${pot}`, await run('allocate', '--agreement', '2026', '--pot', pot));
    const bad = JSON.parse(readFileSync(new URL('../../rules/agreements/2026.json', import.meta.url), 'utf8'));
    bad.pots[4].amount = '12,5';
    bad.year = 1999;
    delete bad.pots[1].cite;
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    // the JSON path and quoted names are the file's own, not prose
    lines('check-rules', (await run('check-rules', 'bad.json')).replace(/\/[\w/]+/g, '').replace(/"[^"]*"/g, '"…"'));
    writeFileSync(join(dir, 'broken.json'), '{ "id": ');
    lines('check-rules (not JSON)', await run('check-rules', 'broken.json'));
    expect(problems(texts)).toEqual([]);
  });
});
