/**
 * Findings as flags (one per cell: the highest severity's fill, a note with every
 * message and its citation in the user's language) and as the "Exportera" sheet.
 */
import type { Flag, NewSheetSpec, Severity } from '../../workbook/port';
import { SEVERITY_WORD, citeLine } from './messages';
import { printable } from '../sheets/print';
import type { Finding, Lang } from './types';

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** Excel keeps notes short in practice; longer texts are cut with an ellipsis. */
export const MAX_NOTE = 2000;

export function findingText(f: Finding, lang: Lang): string {
  // No rule id in the note: "Fel: …" (the id stays in --json and in the export's own column).
  return `${SEVERITY_WORD[f.severity][lang]}: ${f.message[lang]}\n${citeLine(f.cite, lang)}`;
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

/** FNV-1a, 64 bits, as 16 hex digits: a checksum of a sheet's text (not a secret: it tells an unchanged export from an edited one). */
function fnv64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

const MARKER = /^(?:Granskningsresultat från tillägget, kontrollsumma|Audit findings written by the add-in, checksum) ([0-9a-f]{16})\b/;

/** The checksum of an export's rows (header and findings; empty rows and trailing blanks left out). */
function exportChecksum(rows: readonly (readonly unknown[])[]): string {
  const lines: string[] = [];
  for (const row of rows) {
    const cells = row.map((v) => (v === null || v === undefined ? '' : String(v)));
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.length > 0) lines.push(cells.join('\u001f'));
  }
  return fnv64(lines.join('\u001e'));
}

/** The findings as a new sheet ("Granskning"), one row per finding, as an Excel table, with a checksum line under it. */
export function findingsSheet(findings: readonly Finding[], lang: Lang, name?: string): NewSheetSpec {
  const rows = findings.map((f) => [f.sheet, f.cell, SEVERITY_WORD[f.severity][lang], f.rule, f.message[lang], citeLine(f.cite, lang)]);
  const sum = exportChecksum([HEAD[lang], ...rows]);
  const marker = lang === 'sv'
    ? `Granskningsresultat från tillägget, kontrollsumma ${sum}. En helgranskning av arbetsboken hoppar över bladet så länge det är oförändrat (och säger det); ändras det granskas det som andra blad.`
    : `Audit findings written by the add-in, checksum ${sum}. A whole-workbook audit passes over this sheet while it is unchanged (and says so); once changed it is audited like any other sheet.`;
  const cells = [HEAD[lang], ...rows, [], [marker]];
  const spec: NewSheetSpec = {
    name: name ?? (lang === 'sv' ? 'Granskning' : 'Audit'),
    cells,
    boldRows: [0],
    columnWidths: [18, 8, 10, 22, 50, 50],
  };
  if (rows.length > 0) spec.table = { name: lang === 'sv' ? 'Granskning' : 'Audit', fromRow: 0, toRow: rows.length, fromCol: 0, toCol: 5 };
  return printable(spec, { headerRow: 0, wrapCols: [0, 4, 5] }); // fit to one page wide, messages and sources wrapped
}

/**
 * Whether a grid is an unchanged "Exportera" sheet of findings: the findings header first, and
 * a checksum line whose sum is that of every row above it. A sheet that only carries the
 * header (even hidden), or an export edited afterwards, is not one: it is audited like any sheet.
 */
export function isFindingsSheet(grid: { values: readonly (readonly unknown[])[] }): boolean {
  const rows = grid.values.filter((row) => row.some((v) => v !== null && v !== ''));
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last || rows.length < 2) return false;
  const head = first.slice(0, 6).map((v) => (typeof v === 'string' ? v.trim() : v));
  if (!(['sv', 'en'] as const).some((l) => HEAD[l].every((h, i) => head[i] === h))) return false;
  // A merged, wrapped line can read back as its text in every cell of the merge.
  const lastCells = [...new Set(last.filter((v) => v !== null && v !== ''))];
  const m = lastCells.length === 1 && typeof lastCells[0] === 'string' ? MARKER.exec(lastCells[0]) : null;
  return !!m && m[1] === exportChecksum(rows.slice(0, -1));
}
