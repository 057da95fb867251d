// Every written sheet prints well and is named for people: page setup fit to one page wide
// (landscape where the columns are wider than portrait), the header row repeated, long text
// merged across the printed width and wrapped, columns wide enough for their headers — in
// the in-memory workbook (what the Office.js adapter set through the fake host) and in the
// .xlsx the CLI writes (exceljs). LibreOffice renders: test/engine/render-sheets.ts.
import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import { allocate, allocationSheet, type Lang } from '../../addin/api';
import { PORTRAIT_CHARS, linesFor } from '../../addin/engine/sheets/print';
import { parseRange } from '../../addin/core/a1';
import { pointsToChars } from '../../addin/workbook/office';
import { xlsxBytes } from '../../addin/workbook/xlsx';
import { catalog, samples, written } from './print-samples';

const LANGS: Lang[] = ['sv', 'en'];

describe.each(LANGS)('written sheets print well (%s)', (lang) => {
  test('page setup: one page wide, as many tall as needed, header row repeated; landscape exactly where the columns are wider than a portrait page', async () => {
    const kinds = new Set<string>();
    for (const { kind, workbook, sheet } of await written(lang)) {
      kinds.add(kind);
      const s = workbook.sheet(sheet);
      const spec = (await samples(lang)).find((x) => x.kind === kind)!.spec;
      const headerRow = kind === 'findings' || kind === 'summary' ? 0 : 2;
      expect(s.pageSetup, kind).toMatchObject({ fitToPagesWide: 1, fitToPagesTall: 0, printTitleRows: `$${headerRow + 1}:$${headerRow + 1}` });
      const widthChars = (spec.columnWidths ?? []).reduce((a, w) => a + w, 0);
      expect(s.pageSetup!.orientation, `${kind}: ${widthChars} characters wide`).toBe(widthChars > PORTRAIT_CHARS ? 'landscape' : 'portrait');
    }
    expect([...kinds].sort()).toEqual(['allocation', 'evaluation', 'findings', 'indicators', 'overview', 'summary']);
  });

  test('the wide sheets are landscape, the allocation table portrait', async () => {
    const o = Object.fromEntries((await written(lang)).map((w) => [w.kind, w.workbook.sheet(w.sheet).pageSetup!.orientation]));
    expect(o).toEqual({ allocation: 'portrait', overview: 'landscape', indicators: 'landscape', evaluation: 'landscape', findings: 'landscape', summary: 'landscape' });
  });

  test('every header shows whole: its column is as wide as the header (or, wrapped, its longest word), and the row is as tall as its lines', async () => {
    for (const { kind, workbook, sheet } of await written(lang)) {
      const s = workbook.sheet(sheet);
      const headerRow = kind === 'findings' || kind === 'summary' ? 0 : 2;
      const lastCol = Math.max(...[...s.entries()].filter((e) => e.row === headerRow).map((e) => e.col));
      for (let j = 0; j <= lastCol; j++) {
        const c = s.get(headerRow, j);
        const h = String(c.value ?? '');
        if (!h) continue;
        const chars = pointsToChars(s.columnWidths.get(j) ?? 0);
        const need = c.wrap ? Math.max(...h.split(/\s+/).map((w) => w.length)) : h.length;
        expect(chars, `${kind} "${h}"`).toBeGreaterThanOrEqual(need);
        if (c.wrap) expect(s.rowHeights.get(headerRow) ?? 15, `${kind} "${h}" height`).toBeGreaterThanOrEqual(15 * linesFor(h, chars, true) - 0.01);
      }
    }
  });

  test('the evaluation sheet\'s headers are whole (they were cut: "Standardiserade v…")', async () => {
    const ev = (await written(lang)).find((w) => w.kind === 'evaluation')!;
    const s = ev.workbook.sheet(ev.sheet);
    const headers = [...s.entries()].filter((e) => e.row === 2).map((e) => String(e.cell.value));
    expect(headers).toContain(lang === 'sv' ? 'Utbetalning 2 inklusion' : 'Payment 2 inclusion');
    expect(headers.some((h) => h.startsWith('Standardiserade'))).toBe(false);
  });

  test('long single-text rows (title, provenance, citations) are merged across the printed width, wrapped, and tall enough', async () => {
    for (const { kind, workbook, sheet } of await written(lang)) {
      const s = workbook.sheet(sheet);
      const entries = [...s.entries()];
      const lastCol = Math.max(...entries.map((e) => e.col));
      const widths = Array.from({ length: lastCol + 1 }, (_, j) => pointsToChars(s.columnWidths.get(j) ?? 48));
      const byRow = new Map<number, typeof entries>();
      for (const e of entries) if (e.cell.value !== null) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e]);
      let checked = 0;
      for (const [row, cells] of byRow) {
        if (cells.length !== 1 || cells[0]!.col !== 0) continue;
        const text = String(cells[0]!.cell.value);
        if (text.length <= widths[0]! - 1) continue;
        const merge = s.merged.map(parseRange).find((m) => m.top === row && m.left === 0);
        expect(merge, `${kind} row ${row + 1} "${text.slice(0, 40)}…" merged`).toBeDefined();
        expect(merge!.right, `${kind} row ${row + 1} to the last column`).toBe(lastCol);
        expect(s.get(row, 0).wrap, `${kind} row ${row + 1} wrapped`).toBe(true);
        const span = widths.reduce((a, w) => a + w, 0);
        expect(s.rowHeights.get(row) ?? 15, `${kind} row ${row + 1} height`).toBeGreaterThanOrEqual(15 * linesFor(text, span) - 0.01);
        checked++;
      }
      if (kind !== 'findings' && kind !== 'summary') expect(checked, kind).toBeGreaterThan(0);
    }
  });

  test('the audit summary wraps its paths, messages and sources; the findings sheet its messages and sources', async () => {
    const all = await written(lang);
    const sum = all.find((w) => w.kind === 'summary')!;
    const s = sum.workbook.sheet(sum.sheet);
    for (const col of [0, 5, 6]) expect(s.get(1, col).wrap, `summary column ${col}`).toBe(true);
    expect(s.rowHeights.get(1) ?? 15).toBeGreaterThan(15);
    const f = all.find((w) => w.kind === 'findings')!;
    for (const col of [4, 5]) expect(f.workbook.sheet(f.sheet).get(1, col).wrap, `findings column ${col}`).toBe(true);
  });

  test('the .xlsx the CLI writes carries the same page setup (exceljs reads it back)', async () => {
    for (const { kind, workbook, sheet } of await written(lang)) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await xlsxBytes(workbook)).buffer as ArrayBuffer);
      const ws = book.getWorksheet(sheet)!;
      const headerRow = kind === 'findings' || kind === 'summary' ? 1 : 3;
      expect(ws.pageSetup, kind).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0, orientation: workbook.sheet(sheet).pageSetup!.orientation, printTitlesRow: `${headerRow}:${headerRow}` });
      expect(ws.getCell(2 + headerRow - 1, kind === 'summary' ? 6 : kind === 'findings' ? 5 : 1).alignment?.wrapText ?? ws.getRow(1).getCell(1).alignment?.wrapText, kind).toBe(true);
    }
  });
});

describe('sheet names for people, not ids', () => {
  test('an allocation sheet is named by its pot\'s title: "Utbetalning 1 2026", "Payment 1 2026"', () => {
    const a = allocate(catalog, { agreement: '2026', pot: 'svf-payment-1' });
    expect(allocationSheet(a, catalog, 'sv').name).toBe('Utbetalning 1 2026');
    expect(allocationSheet(a, catalog, 'en').name).toBe('Payment 1 2026');
    const inc = allocate(catalog, { agreement: '2026', pot: 'svf-payment-2-inclusion' });
    expect(allocationSheet(inc, catalog, 'sv').name).toBe('Utbetalning 2 inklusion 2026');
  });

  test('every pot of every agreement gets a distinct sheet name within Excel\'s 31 characters, without its id', () => {
    for (const ag of catalog.agreements) {
      for (const lang of LANGS) {
        const names = ag.pots.filter((p) => p.split.by !== 'unspecified').map((p) => {
          const n = allocationSheet(allocate(catalog, { agreement: ag.id, pot: p.id }), catalog, lang).name;
          expect(n.length).toBeLessThanOrEqual(31);
          if (/-/.test(p.id)) expect(n, `${ag.id} ${p.id}`).not.toContain(p.id);
          return n;
        });
        expect(new Set(names).size, `${ag.id} ${lang}`).toBe(names.length);
      }
    }
  });

  test('no written sheet shows a pot id where a title fits', async () => {
    const ids = catalog.agreements.flatMap((a) => a.pots.map((p) => p.id)).filter((id) => id.includes('-'));
    for (const lang of LANGS) {
      for (const { kind, workbook, sheet } of await written(lang)) {
        if (kind === 'findings' || kind === 'summary') continue; // rule ids ("facts.pot-total") are the audit's column "Regel"
        const texts = [...workbook.sheet(sheet).entries()].map((e) => String(e.cell.value ?? ''));
        for (const id of ids) expect(texts.filter((t) => t.includes(id)), `${kind} ${lang}: ${id}`).toEqual([]);
      }
    }
  });
});
