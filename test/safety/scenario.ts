/**
 * The product's real write paths on a user's workbook, for the fault-injection and
 * no-overwrite tests: the allocation table, the overview, the indicator sheet, the
 * payment-2 evaluation sheet (writeSheet), and flags from a payment-2 evaluation on the
 * indicator sheet the user filled in (flag, clearFlags).
 */
import { Decimal } from '../../addin/core/decimal';
import {
  allocate,
  allocationSheet,
  builtinCatalog,
  evaluate,
  evaluationFlags,
  evaluationSheet,
  indicatorColumnsFor,
  indicatorSheet,
  indicatorsFromGrid,
  overviewSheet,
  type Flag,
  type NewSheetSpec,
} from '../../addin/api';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import { createFakeExcel, FakeOfficeError, type FakeExcelOptions } from '../fake-host/index';
import { OfficeWorkbook } from '../../addin/workbook/office';
import type { WorkbookPort } from '../../addin/workbook/port';

export const catalog = builtinCatalog();

/** A user's workbook: their own sheets, including one named like the product's allocation sheet, with fills, notes, formats. */
export function userBook(): MemoryWorkbook {
  const rows = Array.from({ length: 25 }, (_, i) => [`Region ${i}`, 1000 * i, i / 25, i % 2 === 0]);
  const wb = MemoryWorkbook.fromArrays({
    'Utbetalning 1 2026': [['Användarens egen tabell'], ['Region', 'Belopp'], ['Region Skåne', 123], ['Summa', 123]],
    Annat: [['Region', 'Belopp', 'Andel', 'Klar'], ...rows],
  });
  wb.setCell('Utbetalning 1 2026', 'B3', { fill: '#FFFF00', note: 'Användarens anteckning', numberFormat: '#,##0' });
  wb.setCell('Annat', 'B3', { numberFormat: '# ##0', fill: '#00B050', note: 'Kolla' });
  wb.setCell('Annat', 'C4', { fill: '#FFC7CE' });
  wb.setCell('Annat', 'D10', { bold: true, comment: 'Användarens kommentar' });
  wb.setSelection('Annat', 'A1');
  return wb;
}

export function allocationSpec(): NewSheetSpec {
  return allocationSheet(allocate(catalog, { agreement: '2026', pot: 'svf-payment-1' }), catalog, 'sv');
}

/** Indicators for the 21 regions: most pass, some fail (so there is something to flag). */
export function indicatorValues(agreement = '2026'): Map<string, Record<string, string | number | boolean>> {
  const cols = indicatorColumnsFor(catalog, agreement);
  const out = new Map<string, Record<string, string | number | boolean>>();
  catalog.reference.regions.forEach((r, i) => {
    const v: Record<string, string | number | boolean> = {};
    for (const c of cols) {
      if (c.kind === 'percent') v[c.key] = i % 4 === 0 ? 0.55 : 0.82;
      else if (c.kind === 'boolean') v[c.key] = i % 5 === 0 ? 'nej' : 'ja';
      else v[c.key] = i % 7 === 0 ? '2026-10-15' : 'ja';
    }
    out.set(r.code, v);
  });
  return out;
}

export async function evaluationSpec(): Promise<NewSheetSpec> {
  const values = indicatorValues();
  const cols = indicatorColumnsFor(catalog, '2026');
  const indicators = [...values].map(([code, v]) => ({
    code,
    values: Object.fromEntries(cols.map((c) => [c.key, c.kind === 'percent' ? new Decimal(v[c.key] as number) : c.kind === 'boolean' ? v[c.key] === 'ja' : v[c.key] === 'ja' ? true : (v[c.key] as string)])),
  }));
  return evaluationSheet(await evaluate(catalog, { agreement: '2026', indicators }), catalog, 'sv');
}

export const specs = async (): Promise<Record<string, NewSheetSpec>> => ({
  allocation: allocationSpec(),
  overview: overviewSheet(catalog, '2026', {}, 'sv'),
  indicators: indicatorSheet(catalog, '2026', 'sv'),
  evaluation: await evaluationSpec(),
});

/**
 * The pane's payment-2 flow on a user's workbook: write the indicator sheet, the user fills
 * it in (and marks a few cells themselves), read it back, evaluate, and the flags the pane
 * would set. Returns the workbook (with the filled-in sheet, unflagged) and the flags.
 */
export async function filledIndicatorBook(api = '1.18'): Promise<{ wb: MemoryWorkbook; sheet: string; flags: Flag[] }> {
  const wb = userBook();
  const { port } = memoryPort(wb, { api });
  const spec = indicatorSheet(catalog, '2026', 'sv');
  const { sheet } = await port.writeSheet(spec);
  const grid = await port.readSheet(sheet);
  const header = grid.values.findIndex((r) => r[0] === 'Region');
  const cols = indicatorColumnsFor(catalog, '2026');
  const values = indicatorValues();
  for (let i = header + 1; i < grid.values.length; i++) {
    const code = grid.values[i]![1];
    const v = typeof code === 'string' ? values.get(code) : undefined;
    if (!v) continue;
    cols.forEach((c, j) => wb.setCell(sheet, i, j + 2, { value: v[c.key]! }));
  }
  // the user's own marks on input cells that will be flagged
  wb.setCell(sheet, header + 1, 2, { fill: '#FFFF00', note: 'Preliminär siffra' });
  wb.setCell(sheet, header + 5, 3, { note: 'Fråga Anna' });
  wb.setCell(sheet, header + 1, 3, { comment: 'Användarens tråd' }); // a thread: the flag is a reply in it (notes or not)
  // Read back only the table: the lines under it (the conditions and their citations) are
  // read as unknown regions by indicatorsFromGrid (reported; the engine's to fix).
  const full = await port.readSheet(sheet);
  const table = { ...full, values: full.values.slice(0, spec.table!.toRow + 1), numberFormats: full.numberFormats.slice(0, spec.table!.toRow + 1) };
  const parsed = indicatorsFromGrid(table, catalog, '2026');
  if (!parsed.ok) throw new Error(`indicator sheet did not parse: ${JSON.stringify(parsed.errors[0])}`);
  const e = await evaluate(catalog, { agreement: '2026', indicators: parsed.rows.map((r) => ({ code: r.code, values: r.values })) });
  const flags = evaluationFlags(e, parsed.rows, 'sv');
  if (flags.length === 0) throw new Error('scenario: nothing to flag');
  return { wb, sheet, flags };
}

export type FaultMode = 'nothing-applied' | 'half-applied';

/**
 * An adapter whose k-th sync fails. "nothing-applied": the fake host's failAtSync (the
 * batch is refused whole). "half-applied": the first half of the batch's actions are
 * applied, then it fails, as a real Excel batch can (a batch is not a transaction).
 */
export function failingPort(wb: MemoryWorkbook, k: number, mode: FaultMode, opts: FakeExcelOptions = {}): { port: WorkbookPort; syncs: () => number } {
  if (mode === 'nothing-applied') {
    const host = createFakeExcel(wb, { ...opts, failAtSync: k });
    return { port: new OfficeWorkbook(host), syncs: () => host.stats.syncs };
  }
  const host = createFakeExcel(wb, opts);
  const run = host.Excel.run.bind(host.Excel) as (b: (ctx: Excel.RequestContext) => Promise<unknown>) => Promise<unknown>;
  let n = 0;
  (host.Excel as unknown as { run: typeof run }).run = (batch) =>
    run(async (ctx) => {
      const c = ctx as unknown as { actions: unknown[]; sync: () => Promise<void> };
      const sync = c.sync.bind(ctx);
      c.sync = async () => {
        if (c.actions.length === 0) return; // like the host: an empty batch is no round trip
        if (++n !== k) return sync();
        c.actions = c.actions.slice(0, Math.floor(c.actions.length / 2));
        await sync();
        throw new FakeOfficeError('GeneralException', `An internal error has occurred (injected half-way through sync ${k}).`);
      };
      return batch(ctx);
    });
  return { port: new OfficeWorkbook(host), syncs: () => n };
}

/** Syncs an action takes on a healthy host (on a copy of the workbook). */
export async function syncsOf(wb: MemoryWorkbook, action: (port: WorkbookPort) => Promise<unknown>, opts: FakeExcelOptions = {}): Promise<number> {
  const { port, stats } = memoryPort(wb.clone(), opts);
  await action(port);
  return stats.syncs;
}
