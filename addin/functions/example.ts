/**
 * "Infoga exempel": a region's budget sheet that uses the worksheet functions, so a user
 * sees them at work in a layout of their own kind — the pane writes it through the port
 * (a new sheet, never over an existing one), the preview has it among its demo sheets.
 *
 * - the budget's SVF payment-1 income is =AVTAL.ALLOCATE(…) (FÖRDELA in a Swedish Excel) of
 *   the region named in B4 over the population range beside it (in 2026 only the SVF pots
 *   go to the regions; the others go to the RCC);
 * - that population range (F–G) is the user's to edit: every amount follows, and the
 *   column of payment 1 per region (H) still sums to the pot;
 * - an indicator range (the indicator sheet's layout) and under it =AVTAL.PAYMENT2(…),
 *   spilling payment 2 per region; the budget's payment-2 line looks the region up in it.
 *
 * Formulas are in Excel's invariant form (en-US, ids as the English metadata names them);
 * `cells` carries each formula's result (computed here with the same functions), so a
 * host that does not calculate shows the figures too. The spill area is left empty, as a
 * dynamic array needs.
 */
import { indicatorColumnsFor, type Catalog, type Lang, type NewSheetSpec } from '../api';
import { cellAddress, rectAddress } from '../core/a1';
import { createFunctions, NAMESPACE } from './functions';

type Cell = string | number | boolean | null;

const AGREEMENT = '2026';
const REGION = 'Region Gotland';
const POPULATION = '2024-12-31';

/** Demo indicators: most regions qualify; a few fail one condition, one sits exactly on a threshold. */
function demoIndicator(code: string, key: string): Cell {
  const fail: Record<string, Record<string, Cell>> = {
    '09': { inclusion: 0.68 }, // Gotland: under the inclusion target (≥ 70 %): raise it to 70 % and payment 2 follows
    '20': { inclusion_breast: 0.7 }, // Dalarna: exactly 70 % is not "over 70 %"
    '25': { leadtime_breast: 0.55 },
    '24': { prem: 'nej' },
  };
  const v = fail[code]?.[key];
  if (v !== undefined) return v;
  if (key === 'prem' || key === 'report_submitted') return 'ja';
  if (key.startsWith('leadtime')) return 0.63;
  return 0.74;
}

const F = (id: string) => `${NAMESPACE}.${id}`;
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const abs = (row: number, col: number) => cellAddress(row, col).replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2');

export async function exampleSheet(catalog: Catalog, lang: Lang): Promise<NewSheetSpec> {
  const fns = createFunctions({ catalog: () => catalog, lang: () => lang });
  const agreement = catalog.agreements.find((a) => a.id === AGREEMENT)!;
  const sv = lang === 'sv';
  const cells: Cell[][] = [];
  const formulas: NonNullable<NewSheetSpec['formulas']> = [];
  const put = (row: number, col: number, v: Cell) => {
    while (cells.length <= row) cells.push([]);
    const r = cells[row]!;
    while (r.length < col) r.push(null);
    r[col] = v;
  };
  const formula = (row: number, col: number, f: string, value: Cell) => {
    formulas.push({ row, col, formula: f });
    put(row, col, value);
  };

  put(0, 0, sv ? `Budget ${AGREEMENT} – ${REGION}: intäkter ur canceröverenskommelsen (exempel med funktionerna ${NAMESPACE}.*)` : `Budget ${AGREEMENT} – ${REGION}: income from the cancer-care agreement (example with the ${NAMESPACE}.* functions)`);
  put(1, 0, sv
    ? 'Beloppen räknas av AVTAL.FÖRDELA ur befolkningen i F–G och av AVTAL.UTBETALNING2 ur indikatorerna nedan. Ändra en befolkning, en indikator eller regionen i B4: beloppen följer och summerar fortfarande exakt till potten.'
    : 'The amounts are computed by AVTAL.ALLOCATE from the population in F–G and by AVTAL.PAYMENT2 from the indicators below. Change a population, an indicator or the region in B4: the amounts follow and still sum exactly to the pot.');

  const regionRow = 3;
  put(regionRow, 0, 'Region');
  put(regionRow, 1, REGION);
  const regionRef = abs(regionRow, 1);

  // The population range beside the budget: F (region), G (population), H (payment 1 per region).
  const headRow = 5;
  const popTop = headRow + 1;
  const regions = catalog.reference.regions;
  const popTable = catalog.reference.populations.find((p) => p.id === POPULATION)!;
  const popBottom = popTop + regions.length - 1;
  const popRange = `${abs(popTop, 5)}:${abs(popBottom, 6)}`;
  const popGrid = regions.map((r) => [r.name, Number(popTable.rows.find((x) => x.code === r.code)!.population)]);
  put(headRow, 5, 'Region');
  put(headRow, 6, sv ? 'Befolkning 31 dec 2024' : 'Population 31 Dec 2024');
  put(headRow, 7, sv ? 'Utbetalning 1 (kr)' : 'Payment 1 (kr)');
  regions.forEach((r, i) => {
    const row = popTop + i;
    put(row, 5, r.name);
    put(row, 6, popGrid[i]![1]!);
    formula(row, 7, `=${F('ALLOCATE')}(${q(AGREEMENT)},${q('svf-payment-1')},${cellAddress(row, 5)},${popRange})`, fns.allocate(AGREEMENT, 'svf-payment-1', r.name, popGrid));
  });
  const popSum = popBottom + 1;
  put(popSum, 5, sv ? 'Summa' : 'Total');
  formula(popSum, 6, `=SUM(${cellAddress(popTop, 6)}:${cellAddress(popBottom, 6)})`, popGrid.reduce((s, r) => s + (r[1] as number), 0));
  formula(popSum, 7, `=SUM(${cellAddress(popTop, 7)}:${cellAddress(popBottom, 7)})`, fns.pot(AGREEMENT, 'svf-payment-1'));

  // The indicators and payment 2 per region (spilled by PAYMENT2).
  const cols = indicatorColumnsFor(catalog, AGREEMENT);
  const indTitle = popSum + 2;
  put(indTitle, 0, sv ? `Indikatorer ${AGREEMENT} (ändra en siffra: utbetalning 2 räknas om)` : `Indicators ${AGREEMENT} (change a figure: payment 2 is computed again)`);
  const indHead = indTitle + 1;
  put(indHead, 0, 'Region');
  put(indHead, 1, sv ? 'Län' : 'County code');
  cols.forEach((c, j) => put(indHead, 2 + j, c.label[lang]));
  const indicators: Cell[][] = [];
  regions.forEach((r, i) => {
    const row = indHead + 1 + i;
    const line: Cell[] = [r.name, r.code, ...cols.map((c) => demoIndicator(r.code, c.key))];
    line.forEach((v, j) => put(row, j, v));
    indicators.push(line);
  });
  const indBottom = indHead + regions.length;
  const indRange = rectAddress({ top: indHead, left: 0, bottom: indBottom, right: 1 + cols.length });
  const p2Title = indBottom + 2;
  put(p2Title, 0, sv ? 'Utbetalning 2 per region (AVTAL.UTBETALNING2)' : 'Payment 2 per region (AVTAL.PAYMENT2)');
  const p2Top = p2Title + 1;
  const p2 = await fns.payment2(AGREEMENT, [['Region', sv ? 'Län' : 'County code', ...cols.map((c) => c.label[lang])], ...indicators]);
  formula(p2Top, 0, `=${F('PAYMENT2')}(${q(AGREEMENT)},${indRange})`, p2[0]![0]!);
  const p2Width = p2[0]!.length;
  const totalCol = p2Width - 2; // "Totalt"
  const p2Range = `${abs(p2Top + 1, 0)}:${abs(p2Top + regions.length, totalCol)}`;

  // The budget: one line per pot, payment 2 from the spilled table, the sum, a row of one's own.
  put(headRow, 0, sv ? 'Intäkt' : 'Income');
  put(headRow, 1, sv ? 'Belopp (kr)' : 'Amount (kr)');
  put(headRow, 2, sv ? 'Pott (kr)' : 'Pot (kr)');
  let row = headRow + 1;
  const firstIncome = row;
  put(row, 0, sv ? 'SVF utbetalning 1' : 'SVF payment 1');
  formula(row, 1, `=${F('ALLOCATE')}(${q(AGREEMENT)},${q('svf-payment-1')},${regionRef},${popRange})`, fns.allocate(AGREEMENT, 'svf-payment-1', REGION, popGrid));
  formula(row, 2, `=${F('POT')}(${q(AGREEMENT)},${q('svf-payment-1')})`, fns.pot(AGREEMENT, 'svf-payment-1'));
  row++;
  // Payment 2 from the spilled table: the inclusion part, and the lead-time part's three SVF parts.
  const mine = p2.find((r) => r[0] === REGION)!;
  const look = (col: number) => `VLOOKUP(${regionRef},${p2Range},${col + 1},FALSE)`;
  const conditional = agreement.pots.filter((p) => p.conditions || p.split.by === 'parts');
  let part = 2;
  for (const pot of conditional) {
    const width = pot.split.by === 'parts' ? pot.split.parts.length : 1;
    const partCols = Array.from({ length: width }, (_, k) => part + k);
    put(row, 0, `${sv ? 'SVF' : 'SVF'} ${pot.short?.[lang] ?? pot.title[lang]}`);
    formula(row, 1, `=${partCols.map(look).join('+')}`, partCols.reduce((sum, c) => sum + (mine[c] as number), 0));
    formula(row, 2, `=${F('POT')}(${q(AGREEMENT)},${q(pot.id)})`, fns.pot(AGREEMENT, pot.id));
    part += width;
    row++;
  }
  const lastIncome = row - 1;
  put(row, 0, sv ? 'Summa SVF-intäkter' : 'Total SVF income');
  const incomeValues = cells.slice(firstIncome, lastIncome + 1).map((r) => r[1] as number);
  formula(row, 1, `=SUM(${cellAddress(firstIncome, 1)}:${cellAddress(lastIncome, 1)})`, incomeValues.reduce((sum, v) => sum + v, 0));
  formula(row, 2, `=SUM(${cellAddress(firstIncome, 2)}:${cellAddress(lastIncome, 2)})`, cells.slice(firstIncome, lastIncome + 1).reduce((sum, r) => sum + (r[2] as number), 0));
  const sumRow = row;
  row++;
  put(row, 0, sv ? 'Egen rad: skriv en formel i B' + (row + 1) : 'Your own line: type a formula in B' + (row + 1));
  const ownRow = row;
  put(row + 1, 0, sv
    ? `Källa: ${fns.source(AGREEMENT, 'svf-payment-1')}`
    : `Source: ${fns.source(AGREEMENT, 'svf-payment-1')}`);
  put(row + 2, 0, sv ? 'Utbetalning 1 per region och utbetalning 2: största rest, summerar exakt till potten.' : 'Payment 1 per region and payment 2: largest remainder, summing exactly to the pot.');

  const pctCols = cols.map((c, j) => (c.kind === 'percent' ? 2 + j : -1)).filter((c) => c >= 0);
  return {
    name: sv ? `Exempel budget ${AGREEMENT}` : `Example budget ${AGREEMENT}`,
    cells,
    formulas,
    boldRows: [0, headRow, sumRow, indHead, p2Title],
    columnWidths: [30, 14, 14, 10, 12, 26, 14, 16, 14, 14, 14],
    formats: [
      { fromRow: firstIncome, toRow: ownRow, fromCol: 1, toCol: 2, format: '#,##0' },
      { fromRow: popTop, toRow: popSum, fromCol: 6, toCol: 7, format: '#,##0' },
      ...pctCols.map((c) => ({ fromRow: indHead + 1, toRow: indBottom, fromCol: c, toCol: c, format: '0%' })),
      { fromRow: indHead + 1, toRow: indBottom, fromCol: 1, toCol: 1, format: '@' },
      { fromRow: p2Top + 1, toRow: p2Top + regions.length, fromCol: 2, toCol: totalCol, format: '#,##0' },
    ],
    inputs: [
      { fromRow: regionRow, toRow: regionRow, fromCol: 1, toCol: 1 },
      { fromRow: popTop, toRow: popBottom, fromCol: 6, toCol: 6 },
      { fromRow: indHead + 1, toRow: indBottom, fromCol: 2, toCol: 1 + cols.length },
      { fromRow: ownRow, toRow: ownRow, fromCol: 1, toCol: 1 },
    ],
  };
}
