/**
 * The one citation formatter. Every place that shows a citation — the pane (Regler,
 * Fördela, Villkor, Granska), the written sheets, the audit's findings and notes, the
 * CLI text and the audit summary — prints it through here:
 *
 *   Överenskommelse om … 2026 (Socialdepartementet och SKR, 12 februari 2026), avsnitt 5.3: ”…”
 *   Agreement on … 2026 (Ministry of Health and Social Affairs and SKR, 12 February 2026), section 5.3: ”…”
 *
 * A citation names its document by id (rules/sources/index.json); the reader sees the
 * document's title, issuer, date and diarienummer, never a file name. Pure, no Office.js.
 */
import type { Cite, SourceInfo, Text } from '../../core/model';
import { SOURCES } from './generated/sources.js';
import { formatDate } from '../parse/format';

import type { Lang } from '../../core/lang';
export type { Lang };

/** A citation of plain arithmetic (the audit's checks that rest on no document). */
export interface ArithmeticCiteLike {
  source: 'aritmetik';
  section: string;
  text: string;
  textEn: string;
}

export const ARITHMETIC = 'aritmetik';

const registry = new Map<string, SourceInfo>((SOURCES as SourceInfo[]).map((s) => [s.id, s]));

/** The built-in documents (without file names). */
export function builtinSources(): SourceInfo[] {
  return [...(SOURCES as SourceInfo[])];
}

/** The document a citation names, if known (built-in, or registered from a loaded rule file). */
export function sourceOf(id: string): SourceInfo | undefined {
  return registry.get(id);
}

/**
 * Make a rule file's own documents (`sources` in the file) known to the formatter.
 * A built-in id keeps its built-in entry (a file cannot rename a built-in document).
 */
export function registerSources(list: readonly (Omit<SourceInfo, 'diarienummer'> & { diarienummer?: string[] })[] | undefined): void {
  for (const s of list ?? []) if (!registry.has(s.id)) registry.set(s.id, { ...s, diarienummer: s.diarienummer ?? [] });
}

/** "2026-02-12" → "12 februari 2026" / "12 February 2026"; "2026-12" → "december 2026"; "2024" → "2024" (the product's one date format, addin/engine/parse/format.ts). */
export function documentDate(date: string, lang: Lang): string {
  return formatDate(date, lang);
}

/** "Överenskommelse … 2026 (Socialdepartementet och SKR, 12 februari 2026)", with the first diarienummer where the document states one. */
export function documentName(id: string, lang: Lang): string {
  const s = registry.get(id);
  if (!s) return lang === 'sv' ? `okänd källa ”${id}”` : `unknown source ”${id}”`;
  const bits = [s.issuer[lang], documentDate(s.date, lang)];
  if (s.diarienummer[0]) bits.push(s.diarienummer[0]);
  return `${s.title[lang]} (${bits.join(', ')})`;
}

/** "5.3" → "avsnitt 5.3" / "section 5.3"; a named part ("Bilaga 1", "Regeringens beslut") as the document names it. */
export function sectionName(section: string, lang: Lang): string {
  if (!section) return '';
  return /^\d/.test(section) ? (lang === 'sv' ? `avsnitt ${section}` : `section ${section}`) : section;
}

/** The quoted words in Swedish quotation marks, white space collapsed. */
export function quoted(text: string): string {
  return `”${text.replace(/\s+/g, ' ').trim()}”`;
}

function isArithmetic(c: Cite | ArithmeticCiteLike): c is ArithmeticCiteLike {
  return c.source === ARITHMETIC;
}

/** The parts of a citation, for displays that style them apart (the pane). */
export function citeParts(cite: Cite | ArithmeticCiteLike, lang: Lang): { document: string; section: string; quote: string } {
  if (isArithmetic(cite)) return { document: lang === 'sv' ? 'aritmetik' : 'arithmetic', section: '', quote: lang === 'sv' ? cite.text : cite.textEn };
  return { document: documentName(cite.source, lang), section: sectionName(cite.section, lang), quote: quoted(cite.text) };
}

/** The citation as one line of text. */
export function formatCite(cite: Cite | ArithmeticCiteLike, lang: Lang): string {
  const p = citeParts(cite, lang);
  if (isArithmetic(cite)) return `${p.document}: ${p.quote}`;
  return `${p.document}${p.section ? `, ${p.section}` : ''}: ${p.quote}`;
}

/** The citation without the document (where the document is already named, e.g. under its agreement in the pane). */
export function formatCiteShort(cite: Cite | ArithmeticCiteLike, lang: Lang): string {
  const p = citeParts(cite, lang);
  if (isArithmetic(cite)) return `${p.document}: ${p.quote}`;
  return p.section ? `${p.section}: ${p.quote}` : p.quote;
}

/** The documents of an agreement by name ("Källor: …" in the pane). */
export function documentNames(ids: readonly string[], lang: Lang): string {
  return ids.map((id) => documentName(id, lang)).join('; ');
}

export type { Cite, SourceInfo, Text };
