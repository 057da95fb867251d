/**
 * Every written sheet prints well: fit to one page wide, landscape where the columns are
 * wider than a portrait page, the header row repeated on every page, long text wrapped
 * within the printed width, and columns wide enough for their headers.
 *
 * printable(spec, plan) adds that to a NewSheetSpec (pageSetup, wrap, merges, rowHeights,
 * columnWidths); the port writes it in the same batch (Office.js pageLayout, the fake host,
 * exceljs for the CLI). Pure data, no Office.js.
 */
import type { Block, CellValue, NewSheetSpec } from '../../workbook/port';

/** A4 portrait holds about this many characters of Calibri 11 across at 100 % (margins 0.7"). */
export const PORTRAIT_CHARS = 92;
/** Points per line of 11-point text. */
export const LINE_POINTS = 15;
/** Excel's default column width in characters. */
const DEFAULT_CHARS = 8.43;

export interface PrintPlan {
  /** The header row: repeated at the top of every printed page. */
  headerRow: number;
  /** The last column of the printed width (default: the widest row). */
  lastCol?: number;
  /** Wrap the header row (long headers over narrow number columns). */
  wrapHeader?: boolean;
  /** Columns whose cells below the header wrap (messages, paths, conditions). */
  wrapCols?: number[];
  /** Columns whose long text at the end of a row (e.g. a "Källa" beside a group) spills to the right edge. */
  spillCols?: number[];
}

const text = (v: CellValue | undefined): string => (v === null || v === undefined ? '' : String(v));

/** Lines a text takes in a cell `chars` wide (wrapping at words; bold text is wider). */
export function linesFor(s: string, chars: number, bold = false): number {
  // Text averages a little narrower than the digit "0" a column width counts; bold a little wider.
  const per = Math.max(1, Math.floor(chars * (bold ? 0.95 : 1.05)));
  let lines = 0;
  for (const para of s.split('\n')) {
    let line = 0;
    let n = 1;
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const w = word.length;
      if (line === 0) line = w;
      else if (line + 1 + w <= per) line += 1 + w;
      else {
        n++;
        line = w;
      }
      while (line > per) {
        n++;
        line -= per;
      }
    }
    lines += n;
  }
  return Math.max(1, lines);
}

/** The spec with page setup, wrapping, merged note rows, row heights and header-fitting column widths. */
export function printable(spec: NewSheetSpec, plan: PrintPlan): NewSheetSpec {
  const cells = spec.cells;
  const ncols = Math.max(1, ...cells.map((r) => r.length));
  const lastCol = plan.lastCol ?? ncols - 1;
  const bold = new Set(spec.boldRows ?? []);
  const widths = Array.from({ length: lastCol + 1 }, (_, j) => spec.columnWidths?.[j] ?? DEFAULT_CHARS);
  const header = cells[plan.headerRow] ?? [];

  // Columns show their headers: whole, or (wrapped header) their longest word.
  header.forEach((v, j) => {
    if (j > lastCol) return;
    const h = text(v);
    if (!h) return;
    const need = plan.wrapHeader ? Math.max(...h.split(/\s+/).map((w) => w.length)) + 2 : h.length + 2;
    widths[j] = Math.max(widths[j]!, Math.min(need, 60));
  });
  const total = widths.reduce((s, w) => s + w, 0);

  const wrap: Block[] = [...(spec.wrap ?? [])];
  const merges: Block[] = [...(spec.merges ?? [])];
  const heights = new Map<number, number>();
  const grow = (row: number, lines: number) => {
    if (lines > 1) heights.set(row, Math.max(heights.get(row) ?? 0, lines * LINE_POINTS));
  };

  if (plan.wrapHeader && header.length) {
    wrap.push({ fromRow: plan.headerRow, toRow: plan.headerRow, fromCol: 0, toCol: Math.min(lastCol, header.length - 1) });
    header.forEach((v, j) => j <= lastCol && grow(plan.headerRow, linesFor(text(v), widths[j]!, true)));
  }

  for (const col of plan.wrapCols ?? []) {
    if (col > lastCol) continue;
    wrap.push({ fromRow: plan.headerRow + 1, toRow: Math.max(plan.headerRow + 1, cells.length - 1), fromCol: col, toCol: col });
    for (let i = plan.headerRow + 1; i < cells.length; i++) {
      if ((cells[i] ?? []).filter((x) => text(x)).length <= 1) continue; // a row of one text is a note (below)
      const v = text(cells[i]?.[col]);
      if (v) grow(i, linesFor(v, widths[col]!, bold.has(i)));
    }
  }

  // Text that would run past its cell at the end of a row outside the table (the title, the
  // provenance and citation lines, a group's source): merged to the right edge of the printed
  // width, wrapped, and the row as tall as its lines.
  const inTable = (i: number) => !!spec.table && i >= spec.table.fromRow && i <= spec.table.toRow;
  cells.forEach((row, i) => {
    if (i === plan.headerRow || inTable(i)) return;
    const filled = row.map((v, j) => (text(v) ? j : -1)).filter((j) => j >= 0);
    const j = filled[filled.length - 1];
    if (j === undefined || j >= lastCol) return;
    if (filled.length > 1 && !(plan.spillCols ?? []).includes(j)) return;
    const v = text(row[j]);
    if (v.length <= widths[j]! - 1) return;
    merges.push({ fromRow: i, toRow: i, fromCol: j, toCol: lastCol });
    wrap.push({ fromRow: i, toRow: i, fromCol: j, toCol: j });
    grow(i, linesFor(v, widths.slice(j, lastCol + 1).reduce((a, w) => a + w, 0), bold.has(i)));
  });

  return {
    ...spec,
    columnWidths: widths,
    wrap,
    merges,
    rowHeights: [...heights.entries()].sort((a, b) => a[0] - b[0]).map(([row, height]) => ({ row, height })),
    pageSetup: {
      orientation: total > PORTRAIT_CHARS ? 'landscape' : 'portrait',
      fitToPagesWide: 1,
      repeatRows: { from: plan.headerRow, to: plan.headerRow },
    },
  };
}
