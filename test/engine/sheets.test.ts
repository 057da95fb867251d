// The sheets the product writes, read back the way the pane reads them.
import { describe, expect, test } from 'vitest';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import {
  allocate, allocationSheet, builtinCatalog, evaluate, evaluationFlags, evaluationSheet, indicatorSheet, indicatorsFromGrid, overviewSheet, populationFromGrid,
} from '../../addin/api';

const catalog = builtinCatalog();

describe('indicator sheet → filled in by a user → Beräkna', () => {
  test('the written sheet reads back (the condition notes under the table are not data), evaluates, and flags the failing cells', async () => {
    const wb = new MemoryWorkbook();
    const { port } = memoryPort(wb);
    const { sheet } = await port.writeSheet(indicatorSheet(catalog, '2026', 'sv'));
    const header = (await port.readSheet(sheet)).values[2]!;
    const col = (label: string) => header.indexOf(label);
    // Fill every region: 72 % inclusion etc., as a user would type them.
    for (let i = 0; i < 21; i++) {
      const r = 3 + i;
      const code = String((await port.readSheet(sheet)).values[r]![1]);
      const set = (label: string, value: string | number) => wb.setCell(sheet, r, col(label), { value });
      set('Inklusion alla SVF', code === '21' ? 0.65 : 0.72);
      set('PREM används', code === '13' ? 'nej' : 'ja');
      set('Redovisning inlämnad', 'ja');
      set('Inklusion bröst', '75 %');
      set('Inom ledtid bröst', 0.61);
      set('Inklusion tjock- och ändtarm', 0.8);
      set('Inom ledtid tjock- och ändtarm', 0.7);
      set('Inklusion prostata', 0.8);
      set('Inom ledtid prostata', code === '24' ? 0.55 : 0.7);
    }
    const grid = await port.readSheet(sheet);
    const parsed = indicatorsFromGrid(grid, catalog, '2026');
    expect(parsed.ok ? parsed.rows.length : parsed.errors).toBe(21);
    if (!parsed.ok) return;
    const e = await evaluate(catalog, { agreement: '2026', indicators: parsed.rows });
    expect(e.total.toFixed(0)).toBe('250000000');
    const flags = evaluationFlags(e, parsed.rows, 'sv');
    const gavle = parsed.rows.find((r) => r.code === '21')!;
    const halland = parsed.rows.find((r) => r.code === '13')!;
    const vbtn = parsed.rows.find((r) => r.code === '24')!;
    expect(flags.map((f) => f.cell).sort()).toEqual([gavle.cells.inclusion, halland.cells.prem, vbtn.cells.leadtime_prostate].sort());
    expect(flags.find((f) => f.cell === gavle.cells.inclusion)!.message).toMatch(/värde 65,0\u00a0%, krav ≥ 70,0\u00a0%; § 5\.3/);
    const result = await port.writeSheet(evaluationSheet(e, catalog, 'sv'));
    const out = await port.readSheet(result.sheet);
    const sumRow = out.values.find((row) => row[0] === 'Summa')!;
    expect(sumRow.at(-2)).toBe(250000000);
    await port.flag(flags);
    expect(wb.getCell(sheet, gavle.cells.inclusion!).fill).toBe('#FFC7CE');
  });
});

describe('allocation sheet', () => {
  test('reads back as a population table equal to the one it was made from', async () => {
    const wb = new MemoryWorkbook();
    const { port } = memoryPort(wb);
    const a = allocate(catalog, { agreement: '2026', pot: 'svf-payment-1' });
    const { sheet } = await port.writeSheet(allocationSheet(a, catalog, 'sv'));
    const p = populationFromGrid(await port.readSheet(sheet), catalog);
    expect(p.ok && p.table.rows).toEqual(catalog.reference.populations.find((t) => t.id === '2024-12-31')!.rows);
  });

  test('"Alla potter": every pot column sums to its pot and the grand total is the agreement total', async () => {
    for (const id of ['2021', '2024', '2026']) {
      const spec = overviewSheet(catalog, id, {}, 'sv');
      const agreement = catalog.agreements.find((a) => a.id === id)!;
      const header = spec.cells[2]!;
      const sum = spec.cells.find((r) => r[0] === 'Summa')!;
      agreement.pots.forEach((p, i) => expect(sum[2 + i], `${id} ${p.id}`).toBe(Number(p.amount)));
      expect(sum[header.length - 1]).toBe(Number(agreement.total));
    }
  });
});
