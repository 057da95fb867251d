// The preview's formula evaluation (issue 11 item 3): typed Swedish formulas stored in the
// invariant form, SUM/arithmetic/references and the AVTAL functions recomputed on change,
// spills. Runs the real engine (fast-formula-parser) over a MemoryWorkbook, as the preview does.
import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { builtinCatalog, indicatorColumnsFor } from '../../addin/api';
import { previewCalculation, toInvariant, toLocal } from '../../taskpane/preview/formulas';
import { MAX_PASSES } from '../../taskpane/preview/formulas/calc';

const catalog = builtinCatalog();

function setup(data: Record<string, (string | number | boolean | null)[][]> = { Blad1: [] }) {
  const wb = MemoryWorkbook.fromArrays(data);
  const calc = previewCalculation(wb);
  /** Type an entry as the grid commits it (a formula in its invariant form). */
  const type = async (sheet: string, a1: string, text: string, lang: 'sv' | 'en' = 'sv') => {
    const f = toInvariant(text, lang);
    wb.setCell(sheet, a1, f ? { value: null, formula: f } : { value: text });
    await calc.idle();
  };
  const set = async (sheet: string, a1: string, value: string | number | null) => {
    wb.setCell(sheet, a1, { value });
    await calc.idle();
  };
  const v = (sheet: string, a1: string) => wb.getCell(sheet, a1).value;
  return { wb, calc, type, set, v };
}

describe('typed formulas: Swedish entry ↔ the invariant en-US form Excel stores', () => {
  it('separators, decimal comma, function names (built-in and AVTAL), booleans; text in quotes untouched', () => {
    expect(toInvariant('=AVTAL.FÖRDELA("2026";"Utbetalning 1";"Region Gotland")', 'sv')).toBe('=AVTAL.ALLOCATE("2026","Utbetalning 1","Region Gotland")');
    expect(toInvariant('=summa(B2:B4)*0,5+OM(A1>1;SANT;FALSKT)', 'sv')).toBe('=SUM(B2:B4)*0.5+IF(A1>1,TRUE,FALSE)');
    expect(toInvariant('="a;b,c"&\'Blad 1\'!A1', 'sv')).toBe('="a;b,c"&\'Blad 1\'!A1');
    expect(toInvariant('=AVTAL.ALLOCATE("2026","svf-payment-1","Gotland")', 'en')).toBe('=AVTAL.ALLOCATE("2026","svf-payment-1","Gotland")');
    expect(toInvariant('=AVTAL.TABELL("2026";"svf-payment-1")', 'sv')).toBe('=AVTAL.TABLE("2026","svf-payment-1")');
    expect(toInvariant('=AVTAL.UTBETALNING2("2026";A1:K22)', 'sv')).toBe('=AVTAL.PAYMENT2("2026",A1:K22)');
    expect(toInvariant('72 %', 'sv')).toBeNull();
    expect(toInvariant('=', 'sv')).toBeNull();
    expect(toLocal('=SUM(B2:B4)*0.5+IF(A1>1,TRUE,"x,y")', 'sv')).toBe('=SUMMA(B2:B4)*0,5+OM(A1>1;SANT;"x,y")');
    expect(toLocal('=AVTAL.ALLOCATE("2026","Utbetalning 1",$B$4,$F$7:$G$27)', 'sv')).toBe('=AVTAL.FÖRDELA("2026";"Utbetalning 1";$B$4;$F$7:$G$27)');
    expect(toLocal('=AVTAL.ALLOCATE("2026","Utbetalning 1",B4)', 'en')).toBe('=AVTAL.ALLOCATE("2026","Utbetalning 1",B4)');
  });
});

describe('the calculation', () => {
  it('SUM, arithmetic and references, recomputed when a cell changes; the formula is kept beside its value', async () => {
    const { wb, type, set, v } = setup({ Blad1: [[2], [3]] });
    await type('Blad1', 'A3', '=SUMMA(A1:A2)*2');
    expect(v('Blad1', 'A3')).toBe(10);
    expect(wb.getCell('Blad1', 'A3').formula).toBe('=SUM(A1:A2)*2');
    expect(wb.formulas('Blad1', 'A1:A3')).toEqual([[2], [3], ['=SUM(A1:A2)*2']]);
    await set('Blad1', 'A1', 7);
    expect(v('Blad1', 'A3')).toBe(20);
    await type('Blad1', 'B1', '=A3/4+0,5');
    expect(v('Blad1', 'B1')).toBe(5.5);
  });

  it('a formula that depends on a formula further down converges (passes repeat until nothing changes)', async () => {
    const { calc, type, set, v } = setup({ Blad1: [[null], [null], [null], [1]] });
    await type('Blad1', 'A1', '=A2*10');
    await type('Blad1', 'A2', '=A3+1');
    await type('Blad1', 'A3', '=A4+1');
    expect(v('Blad1', 'A1')).toBe(30);
    await set('Blad1', 'A4', 5);
    expect(v('Blad1', 'A1')).toBe(70);
    expect(calc.stats.passes).toBeGreaterThan(1);
    expect(calc.stats.passes).toBeLessThanOrEqual(4);
  });

  it('cells changed while a calculation runs are calculated too (and a VLOOKUP over a spill written in the same change finds it)', async () => {
    const { wb, calc, v } = setup({ Blad1: [['Region Gotland']] });
    wb.setCell('Blad1', 'D1', { formula: '=VLOOKUP(A1,$A$10:$E$31,5,FALSE)' });
    wb.setCell('Blad1', 'D2', { formula: '=D1*2' });
    wb.setCell('Blad1', 'A9', { formula: '=AVTAL.TABLE("2026","svf-payment-1")' });
    await calc.idle();
    expect(v('Blad1', 'D1')).toBe(1_439_664);
    expect(v('Blad1', 'D2')).toBe(2 * 1_439_664);
    // A selection is no change of content: nothing is calculated again.
    const runs = calc.stats.runs;
    wb.setSelection('Blad1', 'B2');
    await calc.idle();
    expect(calc.stats.runs).toBe(runs);
  });

  it('a circular reference ends (no endless calculation)', async () => {
    const { calc, type } = setup();
    await type('Blad1', 'A1', '=A1+1');
    expect(calc.stats.passes).toBe(MAX_PASSES);
  });

  it('=AVTAL.FÖRDELA("2026";"Utbetalning 1";"Region Gotland") is 1 439 664; errors show #VALUE!/#N/A/#NAME? with the argument named', async () => {
    const { calc, type, v } = setup();
    await type('Blad1', 'A1', '=AVTAL.FÖRDELA("2026";"Utbetalning 1";"Region Gotland")');
    expect(v('Blad1', 'A1')).toBe(1_439_664);
    await type('Blad1', 'A2', '=AVTAL.FÖRDELA("2026";"svf-payment-1";"Region Gotland")');
    expect(v('Blad1', 'A2')).toBe(1_439_664);
    await type('Blad1', 'A3', '=AVTAL.POTT("2026";"Utbetalning 9")');
    expect(v('Blad1', 'A3')).toBe('#VALUE!');
    expect(calc.message('Blad1', 2, 0)).toMatch(/^pott: okänd pott/);
    await type('Blad1', 'A4', '=AVTAL.FÖRDELA("2026";"barncancer";"Region Gotland")');
    expect(v('Blad1', 'A4')).toBe('#N/A');
    await type('Blad1', 'A5', '=FINNSINTE(1)');
    expect(v('Blad1', 'A5')).toBe('#NAME?');
    await type('Blad1', 'A6', '=A1-A2');
    expect(v('Blad1', 'A6')).toBe(0);
  });

  it('=AVTAL.TABELL("2026";"svf-payment-1") spills 21 rows (and the header) summing to 250 000 000; a SUM over the spill follows', async () => {
    const { wb, type, v } = setup();
    await type('Blad1', 'B2', '=AVTAL.TABELL("2026";"svf-payment-1")');
    await type('Blad1', 'H2', '=SUMMA(F3:F23)');
    expect(v('Blad1', 'B2')).toBe('Region');
    expect(v('Blad1', 'F2')).toBe('Belopp');
    const amounts = wb.formulas('Blad1', 'F3:F23').map((r) => r[0] as number);
    expect(amounts).toHaveLength(21);
    expect(amounts.reduce((s, a) => s.plus(a), new Decimal(0)).toNumber()).toBe(250_000_000);
    expect(v('Blad1', 'B24')).toBeNull();
    expect(v('Blad1', 'H2')).toBe(250_000_000);
    // Spilled cells hold values, not formulas (Range.formulas gives their values).
    expect(wb.getCell('Blad1', 'F3').formula).toBeUndefined();
  });

  it('a population range given to FÖRDELA/TABELL: editing a population changes the amounts, still summing to the pot', async () => {
    const pop = catalog.reference.populations.find((p) => p.id === '2024-12-31')!;
    const rows = pop.rows.map((r) => [catalog.reference.regions.find((x) => x.code === r.code)!.name, Number(r.population)]);
    const { wb, type, set, v } = setup({ Blad1: [['Region', 'Befolkning'], ...rows] });
    await type('Blad1', 'D1', '=AVTAL.FÖRDELA("2026";"Utbetalning 1";"Region Gotland";$A$1:$B$22)');
    await type('Blad1', 'F1', '=AVTAL.TABELL("2026";"Utbetalning 1";A1:B22)');
    await type('Blad1', 'E1', '=SUMMA(J2:J22)');
    expect(v('Blad1', 'D1')).toBe(1_439_664);
    expect(v('Blad1', 'E1')).toBe(250_000_000);
    const gotlandRow = rows.findIndex((r) => r[0] === 'Region Gotland') + 2;
    await set('Blad1', `B${gotlandRow}`, 120_000);
    const after = v('Blad1', 'D1') as number;
    expect(after).toBeGreaterThan(2 * 1_439_664 - 100_000);
    expect(v('Blad1', 'E1')).toBe(250_000_000);
    expect(wb.formulas('Blad1', 'J2:J22').find((_, i) => wb.getCell('Blad1', `F${i + 2}`).value === 'Region Gotland')?.[0]).toBe(after);
    await set('Blad1', `B${gotlandRow}`, 'ca 60 000');
    expect(v('Blad1', 'D1')).toBe('#VALUE!');
  });

  it('a spill onto a cell of the user\'s shows #SPILL! and leaves the cell; the spill returns when the cell is cleared; a shrinking spill clears what it wrote', async () => {
    const { type, set, v } = setup();
    await set('Blad1', 'C10', 'mitt');
    await type('Blad1', 'A1', '=AVTAL.TABELL("2026";"svf-payment-1")');
    expect(v('Blad1', 'A1')).toBe('#SPILL!');
    expect(v('Blad1', 'A2')).toBeNull();
    expect(v('Blad1', 'C10')).toBe('mitt');
    await set('Blad1', 'C10', null);
    expect(v('Blad1', 'A1')).toBe('Region');
    expect(v('Blad1', 'A22')).toBe('Region Norrbotten');
    await type('Blad1', 'A1', '=AVTAL.TABELL("2026";"barncancer")'); // 6 RCC: 7 rows
    expect(v('Blad1', 'A7')).not.toBeNull();
    expect(v('Blad1', 'A8')).toBeNull();
    expect(v('Blad1', 'E22')).toBeNull();
  });

  it('=AVTAL.UTBETALNING2("2026";…) spills payment 2 per region from an indicator range (asynchronous, as the engine evaluates the conditions)', async () => {
    const cols = indicatorColumnsFor(catalog, '2026');
    const head = ['Region', 'Län', ...cols.map((c) => c.label.sv)];
    const body = catalog.reference.regions.map((r) => [r.name, r.code, ...cols.map((c) => (c.key === 'prem' ? 'ja' : c.key === 'report_submitted' ? 'ja' : c.key.startsWith('leadtime') ? 0.65 : r.code === '09' && c.key === 'inclusion' ? 0.6 : 0.75))]);
    const { wb, type, set, v } = setup({ Ind: [head, ...body] });
    await type('Ind', 'A30', '=AVTAL.UTBETALNING2("2026";A1:K22)');
    expect(v('Ind', 'A30')).toBe('Region');
    const total = (r: number) => wb.getCell('Ind', r, 6).value as number; // G: Totalt
    expect(v('Ind', 'G30')).toBe('Totalt');
    const gotland = body.findIndex((r) => r[0] === 'Region Gotland') + 30;
    expect(String(v('Ind', `H${gotland + 1}`))).toMatch(/Inklusion/);
    const before = total(gotland);
    await set('Ind', `C${body.findIndex((r) => r[0] === 'Region Gotland') + 2}`, 0.7); // exactly 70 %: the target is reached (≥)
    expect(total(gotland)).toBeGreaterThan(before);
    expect(v('Ind', `H${gotland + 1}`)).toBeNull(); // "" (all conditions met) is an empty cell
  });
});
