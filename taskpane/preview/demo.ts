/**
 * The preview's demo workbook: what a finance officer might have open.
 * - "Fördelning 2021": seed 004's annex table as published (numbers as numbers).
 * - "Indikatorer 2026": the indicator sheet the pane writes (through the same adapter),
 *   filled with demo values: most regions meet every condition; Region Gävleborg misses
 *   the inclusion target (65 %), Region Halland does not use PREM, and Region
 *   Västerbotten has 55 % within the lead time in SVF prostate cancer. Region Dalarna sits
 *   exactly on the 70 % inclusion target (which counts: "uppnår").
 * - "Beslut RS 178-2026": Region Jämtland Härjedalen's 2026 decision (seed 000) as a budget
 *   sheet, for Granska: "375 miljoner" against §5.3's 500 000 000 is an error, "ca 4,6 mkr"
 *   and "ca 2,3 mkr" are warnings with the computed figures.
 * - "SVF 2026 RCC Norr" and "Barncancer 2026": a regional SVF report and an RCC allocation
 *   with planted faults (a wrong total, a share that does not match, an inclusion under
 *   70 %, a number stored as text, an error value, a wrong RCC amount).
 * - "Exempel budget 2026": the example the pane's "Infoga exempel" writes (addin/functions/
 *   example.ts): a budget whose SVF income is =AVTAL.FÖRDELA(…) over a population range to
 *   edit, and payment 2 per region by =AVTAL.UTBETALNING2(…) from an indicator range; the
 *   preview's calculation (formulas/) computes it.
 * The audit sheets come from the engine's own builders (addin/engine/audit/demo.ts), copied in.
 * Demo values are made up; they are not any region's real figures.
 */
import type { Catalog } from '../../addin/api';
import type { MemoryWorkbook } from '../../addin/workbook/memory';
import type { WorkbookPort } from '../../addin/workbook/port';
import { indicatorSheet } from '../../addin/api';
import { INDICATOR_COLUMNS } from '../../addin/api';
import { JAMTLAND, benchWorkbook, jamtlandWorkbook, svfReportWorkbook } from '../../addin/engine/audit/demo';
import { SEED_004_TABLE } from './seed004';
import { SEED_000_TEXT } from './seeds/seed000';
import { exampleSheet } from '../../addin/functions/example';

export const DEMO_ALLOCATION_SHEET = 'Fördelning 2021';
export const DEMO_INDICATOR_AGREEMENT = '2026';
export const DEMO_JAMTLAND_SHEET = JAMTLAND.sheet;
export const DEMO_BENCH_SHEET = 'Stort blad';

/** Demo indicator values by län code and fact (fractions for percentages). */
export function demoIndicators(code: string): Record<string, string | number> {
  const n = Number(code);
  const spread = (k: number) => ((n * k) % 11) / 100; // 0.00 … 0.10, stable per region
  const v: Record<string, string | number> = {
    inclusion: 0.72 + spread(7),
    prem: 'ja',
    report_submitted: 'ja',
    inclusion_breast: 0.78 + spread(3),
    leadtime_breast: 0.64 + spread(5),
    inclusion_colorectal: 0.74 + spread(4),
    leadtime_colorectal: 0.62 + spread(6),
    inclusion_prostate: 0.76 + spread(2),
    leadtime_prostate: 0.63 + spread(8),
  };
  for (const k of Object.keys(v)) if (typeof v[k] === 'number') v[k] = Math.round((v[k] as number) * 1000) / 1000;
  if (code === '21') v.inclusion = 0.65; // Region Gävleborg
  if (code === '13') v.prem = 'nej'; // Region Halland
  if (code === '24') v.leadtime_prostate = 0.55; // Region Västerbotten
  if (code === '20') v.inclusion = 0.7; // Region Dalarna: exactly on target
  return v;
}

function addSeed004(workbook: MemoryWorkbook): void {
  workbook.batch(() => {
    const s = workbook.addSheet(DEMO_ALLOCATION_SHEET);
    const last = SEED_004_TABLE.length - 1;
    SEED_004_TABLE.forEach((row, r) =>
      row.forEach((value, c) => {
        const numberFormat = r === 0 ? undefined : c === 1 || c === 3 ? '#,##0' : c === 2 ? '0.00' : undefined;
        s.set(r, c, { value, ...(numberFormat ? { numberFormat } : {}), ...(r === 0 || r === last ? { bold: true } : {}) });
      }),
    );
    [170, 120, 50, 140].forEach((pt, c) => s.setColumnWidth(c, pt));
  });
}

/** Copy every sheet of `from` (cells, formats, fills, notes, hidden rows, widths …) to the end of `to`. */
export function copySheets(from: MemoryWorkbook, to: MemoryWorkbook, rename: (name: string) => string = (n) => n): string[] {
  const names: string[] = [];
  to.batch(() => {
    for (const src of from.sheets) {
      const dst = to.addSheet(rename(src.name));
      dst.visibility = src.visibility;
      for (const [k, cell] of src.cells) dst.cells.set(k, { ...cell });
      for (const r of src.hiddenRows) dst.hiddenRows.add(r);
      dst.merged = [...src.merged];
      dst.tables = src.tables.map((t) => ({ ...t }));
      dst.charts = src.charts.map((c) => ({ ...c, ranges: [...c.ranges] }));
      dst.validations = src.validations.map((v) => ({ ...v }));
      for (const [c, w] of src.columnWidths) dst.setColumnWidth(c, w);
      dst.touch();
      names.push(dst.name);
    }
  });
  return names;
}

/** Granska's demo sheets: Jämtland's decision and the SVF report with planted faults. */
export function addAuditDemo(workbook: MemoryWorkbook, catalog: Catalog): string[] {
  return [...copySheets(jamtlandWorkbook(SEED_000_TEXT).workbook, workbook), ...copySheets(svfReportWorkbook(catalog).workbook, workbook)];
}

/** A generated sheet of `rows` × 10 columns (the bench's), for trying a long audit and its cancel button. */
export function addBenchSheet(workbook: MemoryWorkbook, catalog: Catalog, rows: number): string {
  return copySheets(benchWorkbook(catalog, rows), workbook, () => DEMO_BENCH_SHEET)[0]!;
}

/** Build the demo sheets. The indicator sheet is written by the real adapter, then "typed in". */
export async function buildDemo(workbook: MemoryWorkbook, port: WorkbookPort, catalog: Catalog): Promise<void> {
  addSeed004(workbook);
  const spec = indicatorSheet(catalog, DEMO_INDICATOR_AGREEMENT, 'sv');
  const written = await port.writeSheet({ ...spec, activate: false });
  const header = spec.cells.findIndex((row) => row[0] === 'Region');
  const keys = (spec.cells[header] ?? []).map((label) => INDICATOR_COLUMNS.find((c) => c.label.sv === label)?.key);
  workbook.batch(() => {
    for (let r = header + 1; r < spec.cells.length; r++) {
      const code = spec.cells[r]?.[1];
      if (typeof code !== 'string' || !/^\d\d$/.test(code)) continue;
      const values = demoIndicators(code);
      keys.forEach((key, c) => {
        if (key && values[key] !== undefined) workbook.setCell(written.sheet, r, c, { value: values[key] });
      });
    }
  });
  addAuditDemo(workbook, catalog);
  // Without the input cells' fill the button gives them: the demo workbook has no fills of its
  // own, so "Rensa markeringar" on the whole workbook leaves none (the Granska browser test).
  const { inputs: _inputs, ...example } = await exampleSheet(catalog, 'sv');
  await port.writeSheet({ ...example, activate: false });
  workbook.setActive(DEMO_ALLOCATION_SHEET);
  workbook.setSelection(DEMO_ALLOCATION_SHEET, 'A1');
}
