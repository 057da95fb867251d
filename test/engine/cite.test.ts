// The one citation formatter: documents by title, issuer and date, never by file.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { builtinCatalog, formatCite, validateAgreement, withAgreement } from '../../addin/api';
import { builtinSources, citeParts, documentDate, documentName, sourceOf } from '../../addin/engine/rules/cite';
import { builtinReference } from '../../addin/engine/rules/catalog';
import { SOURCE_INDEX, sourceText } from './sources';

const catalog = builtinCatalog();
const a2026 = catalog.agreements.find((a) => a.id === '2026')!;
const p1 = a2026.pots.find((p) => p.id === 'svf-payment-1')!;

describe('formatCite', () => {
  test('Swedish: document (issuer, date), avsnitt, quoted words', () => {
    expect(formatCite(p1.cite, 'sv')).toBe(
      'Överenskommelse om en jämlik och effektiv cancervård med kortare väntetider 2026 (Socialdepartementet och SKR, 12 februari 2026), avsnitt 5.3: ”Parterna är överens om att den första utbetalningen fördelas till samtliga regioner utifrån befolkningsmängd”',
    );
  });
  test('English equivalent', () => {
    expect(formatCite(p1.cite, 'en')).toBe(
      'Agreement on equitable and effective cancer care with shorter waiting times 2026 (Ministry of Health and Social Affairs and SKR, 12 February 2026), section 5.3: ”Parterna är överens om att den första utbetalningen fördelas till samtliga regioner utifrån befolkningsmängd”',
    );
  });
  test('a decision with a diarienummer, a named section', () => {
    const a2021 = catalog.agreements.find((a) => a.id === '2021')!;
    expect(formatCite(a2021.pots[0]!.cite, 'sv')).toMatch(/^Utbetalning av medel i enlighet med överenskommelsen om jämlik och effektiv cancervård med kortare väntetider 2021 \(Regeringen, Socialdepartementet, 22 december 2020, S2020\/09796\), Regeringens beslut: ”/);
  });
  test('arithmetic in each language', () => {
    const c = { source: 'aritmetik' as const, section: '', text: 'Summaraden ska vara summan av raderna ovanför.', textEn: 'The total row must be the sum of the rows above it.' };
    expect(formatCite(c, 'sv')).toBe('aritmetik: Summaraden ska vara summan av raderna ovanför.');
    expect(formatCite(c, 'en')).toBe('arithmetic: The total row must be the sum of the rows above it.');
  });
  test('dates: day, month, year only', () => {
    expect(documentDate('2026-02-12', 'sv')).toBe('12 februari 2026');
    expect(documentDate('2026-12', 'en')).toBe('December 2026');
    expect(documentDate('2024', 'sv')).toBe('2024');
  });
  test('the pane styles the same parts', () => {
    const p = citeParts(p1.cite, 'sv');
    expect(`${p.document}, ${p.section}: ${p.quote}`).toBe(formatCite(p1.cite, 'sv'));
  });
});

describe('the sources index', () => {
  test('every document of the index has its text in rules/sources/ and a title, issuer and date; the bundled copy has no file names', () => {
    for (const s of SOURCE_INDEX) {
      expect(sourceText(s.id).length, s.id).toBeGreaterThan(500);
      expect(s.title.sv && s.title.en && s.issuer.sv && s.issuer.en && s.date, s.id).toBeTruthy();
      expect(s.file).not.toMatch(/\d{3}_[0-9a-f]{16}/);
    }
    expect(builtinSources().map((s) => s.id)).toEqual(SOURCE_INDEX.map((s) => s.id));
    for (const s of builtinSources()) expect(JSON.stringify(s)).not.toMatch(/\.txt|\.tsv|\.md|_[0-9a-f]{16}/);
  });
  test('the texts are the workspace seeds, renamed: each index entry says which seed it was', () => {
    expect(SOURCE_INDEX.filter((s) => /^\d{3}_[0-9a-f]{16}\.txt$/.test(s.seed)).map((s) => s.seed).sort()).toEqual([
      '000_208c014c750089e1.txt', '001_0afe7a3aeed66da6.txt', '002_5002a50966799057.txt', '003_35cfbec2db026a9f.txt', '004_e8b5056d86879dd1.txt',
    ]);
    expect(sourceText('overenskommelse-2026')).toContain('Stockholm den 12 februari');
    expect(sourceText('utbetalningsbeslut-2021')).toContain('S2020/09796');
  });
});

describe('rule files cite sources by id', () => {
  const file = JSON.parse(readFileSync(new URL('../../rules/agreements/2026.json', import.meta.url), 'utf8'));
  const ref = builtinReference();
  test('an unknown source id is rejected with its JSON path', () => {
    const j = structuredClone(file);
    j.pots[0].cite.source = 'finns-inte';
    const r = validateAgreement(j, '2026.json', ref);
    expect(r.ok ? [] : r.errors.map((e) => `${e.path} ${e.message}`)).toContain('/pots/0/cite/source unknown source "finns-inte" (not in rules/sources/index.json nor in the file\'s "sources")');
  });
  test('a file name where an id belongs is rejected by the schema', () => {
    const j = structuredClone(file);
    j.totalCite.source = '001_0afe7a3aeed66da6.txt';
    const r = validateAgreement(j, '2026.json', ref);
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toContain('/totalCite/source');
  });
  test('a file of one\'s own may bring its own documents; its citations then print by title', () => {
    const j = structuredClone(file);
    j.id = '2027';
    j.year = 2027;
    j.sources = [{ id: 'overenskommelse-2027', title: { sv: 'Överenskommelse om cancervården 2027', en: 'Agreement on cancer care 2027' }, issuer: { sv: 'Socialdepartementet och SKR', en: 'Ministry of Health and Social Affairs and SKR' }, date: '2027-02-10' }];
    j.source.documents = ['overenskommelse-2027'];
    j.pots[0].cite.source = 'overenskommelse-2027';
    const r = validateAgreement(j, '2027.json', ref);
    expect(r.ok ? 'ok' : r.errors).toBe('ok');
    if (!r.ok) return;
    withAgreement(catalog, r.agreement);
    expect(sourceOf('overenskommelse-2027')?.title.sv).toBe('Överenskommelse om cancervården 2027');
    expect(formatCite(r.agreement.pots[0]!.cite, 'sv')).toMatch(/^Överenskommelse om cancervården 2027 \(Socialdepartementet och SKR, 10 februari 2027\), avsnitt 5\.3: ”/);
    expect(documentName('overenskommelse-2026', 'sv')).toContain('12 februari 2026');
  });
  test('a file cannot redefine a built-in document', () => {
    const j = structuredClone(file);
    j.sources = [{ id: 'overenskommelse-2026', title: { sv: 'Annan', en: 'Other' }, issuer: { sv: 'X', en: 'X' }, date: '2026' }];
    const r = validateAgreement(j, '2026.json', ref);
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toContain('/sources/0/id');
  });
});
