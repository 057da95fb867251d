/**
 * One of each sheet the product writes, written through the in-memory port (the same
 * Office.js adapter as in Excel, over the fake host): the allocation table, "Alla potter",
 * the indicator sheet, the payment-2 result, the audit's "Exportera" sheet and the CLI's
 * summary.xlsx. Used by print.test.ts (page setup) and render-sheets.ts (LibreOffice).
 */
import {
  allocate, allocationSheet, auditWorkbook, builtinCatalog, evaluate, evaluationSheet, findingsSheet, indicatorSheet, indicatorsFromGrid, overviewSheet,
  type Lang, type NewSheetSpec,
} from '../../addin/api';
import { summarySheet } from '../../addin/cli/commands/audit';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import { jamtlandWorkbook } from '../audit/fixtures';

export const catalog = builtinCatalog();

export interface Sample {
  kind: 'allocation' | 'overview' | 'indicators' | 'evaluation' | 'findings' | 'summary';
  spec: NewSheetSpec;
}

/** Indicators for 2026 as a user would fill them in: some regions fail a condition. */
async function filledIndicators(lang: Lang) {
  const wb = new MemoryWorkbook();
  const { port } = memoryPort(wb);
  const { sheet } = await port.writeSheet(indicatorSheet(catalog, '2026', lang));
  const grid0 = await port.readSheet(sheet);
  const header = grid0.values[2]!;
  const col = (key: string) => {
    const svLabels: Record<string, string> = { inclusion: 'Inklusion alla SVF', prem: 'PREM används', report: 'Redovisning inlämnad', ib: 'Inklusion bröst', lb: 'Inom ledtid bröst', ic: 'Inklusion tjock- och ändtarm', lc: 'Inom ledtid tjock- och ändtarm', ip: 'Inklusion prostata', lp: 'Inom ledtid prostata' };
    const i = header.indexOf(svLabels[key]!);
    return i >= 0 ? i : 2 + Object.keys(svLabels).indexOf(key);
  };
  const yes = lang === 'sv' ? 'ja' : 'yes';
  const no = lang === 'sv' ? 'nej' : 'no';
  for (let i = 0; i < 21; i++) {
    const r = 3 + i;
    const code = String(grid0.values[r]![1]);
    const set = (k: string, value: string | number) => wb.setCell(sheet, r, col(k), { value });
    set('inclusion', code === '21' ? 0.65 : 0.72);
    set('prem', code === '13' ? no : yes);
    set('report', yes);
    set('ib', 0.75);
    set('lb', code === '05' ? 0.58 : 0.61);
    set('ic', 0.8);
    set('lc', 0.7);
    set('ip', code === '12' ? 0.69 : 0.8);
    set('lp', code === '24' ? 0.55 : 0.7);
  }
  const parsed = indicatorsFromGrid(await port.readSheet(sheet), catalog, '2026');
  if (!parsed.ok) throw new Error(`indicators did not parse: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  return parsed.rows;
}

export async function samples(lang: Lang): Promise<Sample[]> {
  const out: Sample[] = [];
  out.push({ kind: 'allocation', spec: allocationSheet(allocate(catalog, { agreement: '2026', pot: 'svf-payment-1' }), catalog, lang) });
  out.push({ kind: 'overview', spec: overviewSheet(catalog, '2026', {}, lang) });
  out.push({ kind: 'indicators', spec: indicatorSheet(catalog, '2026', lang) });
  const e = await evaluate(catalog, { agreement: '2026', indicators: await filledIndicators(lang) });
  out.push({ kind: 'evaluation', spec: evaluationSheet(e, catalog, lang) });
  const { workbook } = jamtlandWorkbook();
  const audit = await auditWorkbook(memoryPort(workbook).port, catalog, { scope: 'workbook', lang, flag: false });
  out.push({ kind: 'findings', spec: findingsSheet(audit.findings, lang) });
  out.push({
    kind: 'summary',
    spec: summarySheet([{ file: 'budget/2026/Region Jämtland Härjedalen – beslut RS 178-2026 om medel ur överenskommelsen.xlsx', result: audit } as never], lang),
  });
  return out;
}

/** Each sample written alone into a fresh in-memory workbook, through the port. */
export async function written(lang: Lang): Promise<{ kind: Sample['kind']; workbook: MemoryWorkbook; sheet: string }[]> {
  const res = [];
  for (const s of await samples(lang)) {
    const workbook = new MemoryWorkbook();
    const { sheet } = await memoryPort(workbook).port.writeSheet(s.spec);
    res.push({ kind: s.kind, workbook, sheet });
  }
  return res;
}
