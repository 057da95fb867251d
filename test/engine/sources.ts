/**
 * The source documents as the tests read them: rules/sources/ in this repository
 * (nothing outside it). A document is named by its id in rules/sources/index.json, its
 * file name there, or the workspace name it once had ("001_0afe7a3aeed66da6.txt").
 */
import { readFileSync } from 'node:fs';

export const SOURCES_DIR = new URL('../../rules/sources/', import.meta.url);

export interface SourceEntry {
  id: string;
  file: string;
  seed: string;
  title: { sv: string; en: string };
  issuer: { sv: string; en: string };
  date: string;
  diarienummer: string[];
  note?: string;
}

export const SOURCE_INDEX: SourceEntry[] = (JSON.parse(readFileSync(new URL('index.json', SOURCES_DIR), 'utf8')) as { sources: SourceEntry[] }).sources;

export function sourceEntry(name: string): SourceEntry {
  const e = SOURCE_INDEX.find((s) => s.id === name || s.file === name || s.seed === name);
  if (!e) throw new Error(`no source "${name}" in rules/sources/index.json`);
  return e;
}

/** The text of a source document. */
export function sourceText(name: string): string {
  return readFileSync(new URL(sourceEntry(name).file, SOURCES_DIR), 'utf8');
}
