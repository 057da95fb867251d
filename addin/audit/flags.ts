/**
 * Findings as flags (one per cell: the highest severity's fill, a note with every
 * message and its citation in the user's language) and as the "Exportera" sheet.
 */
import type { Flag, NewSheetSpec, Severity } from '../workbook/port';
import { SEVERITY_WORD, citeLine } from './messages';
import { printable } from '../sheets/print';
import type { Finding, Lang } from './types';

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** Excel keeps notes short in practice; longer texts are cut with an ellipsis. */
export const MAX_NOTE = 2000;

export function findingText(f: Finding, lang: Lang): string {
  return `${SEVERITY_WORD[f.severity][lang]} (${f.rule}): ${f.message[lang]}\n${citeLine(f.cite, lang)}`;
}

/** One flag per cell; findings on the same cell are joined, most severe first. */
export function findingsToFlags(findings: readonly Finding[], lang: Lang): Flag[] {
  const byCell = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = `${f.sheet}\u0000${f.cell}`;
    const list = byCell.get(k);
    if (list) list.push(f);
    else byCell.set(k, [f]);
  }
  const out: Flag[] = [];
  for (const list of byCell.values()) {
    const sorted = [...list].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
    const first = sorted[0]!;
    let message = sorted.map((f) => findingText(f, lang)).join('\n\n');
    if (message.length > MAX_NOTE) message = `${message.slice(0, MAX_NOTE - 1)}…`;
    out.push({ sheet: first.sheet, cell: first.cell, severity: first.severity, message });
  }
  return out;
}

const HEAD: Record<Lang, string[]> = {
  sv: ['Blad', 'Cell', 'Allvarlighet', 'Regel', 'Meddelande', 'Källa'],
  en: ['Sheet', 'Cell', 'Severity', 'Rule', 'Message', 'Source'],
};

/** The findings as a new sheet ("Granskning"), one row per finding, as an Excel table. */
export function findingsSheet(findings: readonly Finding[], lang: Lang, name?: string): NewSheetSpec {
  const rows = findings.map((f) => [f.sheet, f.cell, SEVERITY_WORD[f.severity][lang], f.rule, f.message[lang], citeLine(f.cite, lang)]);
  const cells = [HEAD[lang], ...rows];
  const spec: NewSheetSpec = {
    name: name ?? (lang === 'sv' ? 'Granskning' : 'Audit'),
    cells,
    boldRows: [0],
    columnWidths: [18, 8, 10, 22, 50, 50],
  };
  if (rows.length > 0) spec.table = { name: lang === 'sv' ? 'Granskning' : 'Audit', fromRow: 0, toRow: rows.length, fromCol: 0, toCol: 5 };
  return printable(spec, { headerRow: 0, wrapCols: [0, 4, 5] }); // fit to one page wide, messages and sources wrapped
}

/** Whether a grid is an "Exportera" sheet of findings (its first non-empty row is the findings header, in either language). */
export function isFindingsSheet(grid: { values: readonly (readonly unknown[])[] }): boolean {
  const first = grid.values.find((row) => row.some((v) => v !== null && v !== ''));
  if (!first) return false;
  const head = first.slice(0, 6).map((v) => (typeof v === 'string' ? v.trim() : v));
  return (['sv', 'en'] as const).some((l) => HEAD[l].every((h, i) => head[i] === h));
}
