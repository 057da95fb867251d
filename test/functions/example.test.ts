// "Infoga exempel" (issue 11 item 4): the budget sheet that uses the functions, written
// through the port (Office.js adapter over the fake host), calculated by the preview's
// engine: the written results are what the formulas give, population and indicator edits
// follow, the product's sheet audits clean, and it never goes over an existing sheet.
import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import { builtinCatalog } from '../../addin/api';
import { auditGrid } from '../../addin/engine/audit';
import { exampleSheet } from '../../addin/functions/example';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import { previewCalculation } from '../../taskpane/preview/formulas';

const catalog = builtinCatalog();

async function written(lang: 'sv' | 'en' = 'sv') {
  const wb = new MemoryWorkbook();
  wb.addSheet('Blad1');
  const { port } = memoryPort(wb);
  const spec = await exampleSheet(catalog, lang);
  const { sheet } = await port.writeSheet(spec);
  return { wb, port, spec, sheet };
}

const find = (wb: MemoryWorkbook, sheet: string, text: string | RegExp, col = 0) => {
  const s = wb.sheet(sheet);
  for (const { row, col: c, cell } of s.entries()) if (c === col && (typeof text === 'string' ? cell.value === text : text.test(String(cell.value)))) return row;
  throw new Error(`no ${text} in column ${col}`);
};

describe('the example budget sheet', () => {
  it('is written as formulas (invariant form, AVTAL ids) with their results, on a new sheet; the calculation gives the same values', async () => {
    const { wb, spec, sheet } = await written();
    expect(sheet).toBe('Exempel budget 2026');
    const svf = find(wb, sheet, 'SVF utbetalning 1');
    expect(wb.getCell(sheet, svf, 1).formula).toBe('=AVTAL.ALLOCATE("2026","svf-payment-1",$B$4,$F$7:$G$27)');
    expect(wb.getCell(sheet, svf, 1).value).toBe(1_439_664);
    const before = wb.snapshot();
    const calc = previewCalculation(wb);
    await calc.recalculate();
    // Every value the sheet was written with is what the formulas give (the spill included).
    const after = wb.snapshot().sheets.find((s) => s.name === sheet)!;
    const was = before.sheets.find((s) => s.name === sheet)!;
    for (const f of spec.formulas!) {
      const a1 = Object.keys(after.cells).find((k) => after.cells[k]!.formula === f.formula)!;
      expect(after.cells[a1]!.value, f.formula).toEqual(was.cells[a1]!.value);
    }
    // The PAYMENT2 spill: 21 regions under its header.
    const p2 = find(wb, sheet, /^Utbetalning 2 per region/) + 1;
    expect(wb.getCell(sheet, p2, 0).formula).toMatch(/^=AVTAL\.PAYMENT2\("2026",A31:K52\)$/);
    expect(wb.getCell(sheet, p2 + 21, 0).value).toBe('Region Norrbotten');
    expect(wb.getCell(sheet, p2 + 1, 0).formula).toBeUndefined();
    calc.dispose();
  });

  it('a population edit moves the amounts and the column of payment 1 still sums to the pot; an indicator edit moves payment 2', async () => {
    const { wb, sheet } = await written();
    const calc = previewCalculation(wb);
    await calc.recalculate();
    const svf = find(wb, sheet, 'SVF utbetalning 1');
    const popRow = find(wb, sheet, 'Region Gotland', 5);
    const sumRow = find(wb, sheet, 'Summa', 5);
    const p2line = find(wb, sheet, /^SVF Utbetalning 2 inklusion/);
    expect(wb.getCell(sheet, p2line, 1).value).toBe(0); // Gotland is under the inclusion target in the demo
    wb.setCell(sheet, popRow, 6, { value: 100_000 });
    await calc.idle();
    const now = wb.getCell(sheet, svf, 1).value as number;
    expect(now).toBeGreaterThan(2_000_000);
    expect(wb.getCell(sheet, sumRow, 7).value).toBe(250_000_000);
    const popTop = find(wb, sheet, 'Region Stockholm', 5);
    const col = Array.from({ length: 21 }, (_, i) => wb.getCell(sheet, popTop + i, 7).value as number);
    expect(col.reduce((s, v) => s.plus(v), new Decimal(0)).toNumber()).toBe(250_000_000);
    const indGotland = find(wb, sheet, 'Region Gotland', 0);
    wb.setCell(sheet, indGotland, 2, { value: 0.7 });
    await calc.idle();
    expect(wb.getCell(sheet, p2line, 1).value as number).toBeGreaterThan(0);
    const total = find(wb, sheet, 'Summa SVF-intäkter');
    const incomes = Array.from({ length: total - svf }, (_, i) => wb.getCell(sheet, svf + i, 1).value as number);
    expect(wb.getCell(sheet, total, 1).value).toBe(incomes.reduce((s, v) => s + v, 0));
    calc.dispose();
  });

  it('never goes over an existing sheet: a second one gets a free name', async () => {
    const { port } = await written('en');
    const again = await port.writeSheet(await exampleSheet(catalog, 'en'));
    expect(again.sheet).toBe('Example budget 2026 (2)');
  });

  it('audits clean (the product\'s own sheet): no error, and a warning only on the demo indicators that are meant to fail a condition', async () => {
    const { port, sheet } = await written();
    const r = auditGrid(await port.readSheet(sheet), catalog);
    const serious = r.findings.filter((f) => f.severity !== 'note');
    expect(serious.filter((f) => f.severity === 'error')).toEqual([]);
    // The demo's four failing figures (Gotland's inclusion, Dalarna's breast inclusion at exactly 70 %,
    // Norrbotten's breast lead time, Västerbotten's PREM), each warned about once, nothing else.
    expect(serious.map((f) => f.rule).sort()).toEqual(['svf.inclusion', 'svf.inclusion', 'svf.leadtime', 'svf.prem']);
    for (const who of ['Gotland', 'Dalarna', 'Norrbotten', 'Västerbotten']) expect(serious.filter((f) => f.message.sv.includes(who))).toHaveLength(1);
  });
});
