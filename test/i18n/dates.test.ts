// Issue #13 item 4: dates the same way everywhere — "31 december 2024" in Swedish,
// "31 December 2024" in English — in the pane, the sheets, the CLI and the findings, from
// one formatter (formatDate, addin/engine/parse/format.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  allocate, allocationSheet, builtinCatalog, conditionWords, documentName, formatDate, populationFromGrid,
} from '../../addin/api';
import { auditGrid } from '../../addin/engine/audit';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import { main } from '../../addin/cli/main';
import { formatIsoDate } from '../../taskpane/components/describe';

const catalog = builtinCatalog();
const ISO = /\b\d{4}-\d{2}-\d{2}\b/;
const SHORT_MONTH = /\b\d{1,2} (jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec)\.? \d{4}\b/i;
const SV_DATE = /\b\d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) \d{4}\b/;
const EN_DATE = /\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/;

describe('formatDate', () => {
  test('day, month and year; month and year; year', () => {
    expect(formatDate('2024-12-31', 'sv')).toBe('31 december 2024');
    expect(formatDate('2024-12-31', 'en')).toBe('31 December 2024');
    expect(formatDate('2026-09-01', 'sv')).toBe('1 september 2026');
    expect(formatDate('2026-12', 'sv')).toBe('december 2026');
    expect(formatDate('2026-12', 'en')).toBe('December 2026');
    expect(formatDate('2024', 'sv')).toBe('2024');
    expect(formatDate('2024-13-01', 'sv')).toBe('2024-13-01');
    expect(formatDate('i går', 'sv')).toBe('i går');
  });
  test('the pane’s date display is the same formatter', () => {
    for (const d of ['2024-12-31', '2026-02-12', '2026-12'])
      for (const l of ['sv', 'en'] as const) expect(formatIsoDate(d, l)).toBe(formatDate(d, l));
  });
  test('no other month names or date formatter in the product’s code (parsers excepted)', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) {
          if (f !== 'generated' && f !== 'seeds') walk(p);
        } else if (/\.(ts|tsx)$/.test(f)) files.push(p);
      }
    };
    walk('addin');
    walk('taskpane');
    const bad = files.filter((p) => {
      const s = readFileSync(p, 'utf8');
      if (/parse[/\\](date|format)\.ts$/.test(p)) return false;
      return /Intl\.DateTimeFormat|toLocaleDateString|'februari',\s*'mars'|'February',\s*'March'/.test(s);
    });
    expect(bad).toEqual([]);
  });
});

describe('dates as the user sees them', () => {
  test('a table from one’s own selection records "läst 2 december 2026" / "read 2 December 2026"', () => {
    const grid = {
      sheet: 'Blad1', top: 0, left: 0,
      values: [['Region', 'Befolkning'], ...catalog.reference.regions.map((r, i) => [r.name, 100_000 + i])],
      numberFormats: [],
    } as never;
    for (const lang of ['sv', 'en'] as const) {
      const p = populationFromGrid(grid, catalog, { origin: { kind: 'selection', name: 'Blad1', range: 'Blad1!A1:B22', readOn: '2026-12-02' } });
      expect(p.ok).toBe(true);
      const spec = allocationSheet(allocate(catalog, { agreement: '2026', pot: 'svf-payment-1', population: p.ok ? p.table : '' }), catalog, lang);
      const line = spec.cells.flat().find((c) => typeof c === 'string' && c.startsWith(lang === 'sv' ? 'Befolkning:' : 'Population:')) as string;
      expect(line).toContain(lang === 'sv' ? '(Blad1!A1:B22, läst 2 december 2026)' : '(Blad1!A1:B22, read 2 December 2026)');
      expect(line).not.toMatch(ISO);
    }
  });

  test('citations, findings’ readings, conditions and the CLI write dates one way', async () => {
    const texts: { where: string; lang: 'sv' | 'en'; text: string }[] = [];
    for (const lang of ['sv', 'en'] as const) {
      texts.push({ where: 'documentName', lang, text: documentName(catalog.agreements.find((a) => a.id === '2026')!.source.documents[0]!, lang) });
      const wb = new MemoryWorkbook();
      const { port } = memoryPort(wb);
      const { sheet } = await port.writeSheet(allocationSheet(allocate(catalog, { agreement: '2026', pot: 'svf-payment-1' }), catalog, lang));
      for (const t of auditGrid(await port.readSheet(sheet), catalog, { lang }).tables) texts.push({ where: 'reading', lang, text: t.label });
      texts.push({
        where: 'conditionWords', lang,
        text: conditionWords({ id: 'x', label: { sv: 'Redovisning inlämnad', en: 'Report submitted' }, operator: 'submittedBy', value: '2026-10-05', threshold: '2026-09-30', passed: false, cite: { source: 'x', section: '4.2', text: 'x' } } as never, lang),
      });
      const out: string[] = [];
      await main(['requisition', '--agreement', '2026', '--lang', lang], { out: (s) => out.push(s), err: (s) => out.push(s), cwd: process.cwd() });
      out.join('\n').split('\n').forEach((text) => texts.push({ where: 'cli requisition', lang, text }));
    }
    const dated = texts.filter((x) => SV_DATE.test(x.text) || EN_DATE.test(x.text));
    expect(dated.map((x) => x.where)).toEqual(expect.arrayContaining(['documentName', 'reading', 'conditionWords']));
    const bad = texts.filter((x) => ISO.test(x.text.replace(/\b\d{4}-\d{2}-\d{2}T\S+/g, '')) || SHORT_MONTH.test(x.text) || (x.lang === 'sv' ? EN_DATE : SV_DATE).test(x.text));
    expect(bad.map((x) => `${x.where} ${x.lang}: ${x.text}`)).toEqual([]);
    expect(texts.find((x) => x.where === 'conditionWords' && x.lang === 'sv')?.text).toContain('värde 5 oktober 2026, krav senast 30 september 2026');
  });
});
