/**
 * The preview's demo workbook: what a finance officer might have open.
 * - "Fördelning 2021": seed 004's annex table as published (numbers as numbers).
 * - "Indikatorer 2026": the indicator sheet the pane writes (through the same adapter),
 *   filled with demo values: most regions meet every condition; Region Gävleborg misses
 *   the inclusion target (65 %), Region Halland does not use PREM, and Region
 *   Västerbotten has 55 % within the lead time in SVF prostate cancer. Region Dalarna sits
 *   exactly on the 70 % inclusion target (which counts: "uppnår").
 * Demo values are made up; they are not any region's real figures.
 */
import type { Catalog } from '../../addin/model';
import type { MemoryWorkbook } from '../../addin/workbook/memory';
import type { WorkbookPort } from '../../addin/workbook/port';
import { indicatorSheet } from '../../addin/api';
import { INDICATOR_COLUMNS } from '../../addin/table/indicators';
import { SEED_004_TABLE } from './seed004';

export const DEMO_ALLOCATION_SHEET = 'Fördelning 2021';
export const DEMO_INDICATOR_AGREEMENT = '2026';

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
  workbook.setActive(DEMO_ALLOCATION_SHEET);
  workbook.setSelection(DEMO_ALLOCATION_SHEET, 'A1');
}
