/**
 * Demo and fixture workbooks for the audit, built by code from the seeds' text (no
 * binaries): the tests (test/audit/fixtures.ts reads the seed files and calls these),
 * the bench and the browser preview's "Granska" demo sheets use the same builders.
 * Pure: no file system; the seed texts are parameters.
 *
 * - annexWorkbook(seed004): seed 004's annex table as published (numbers as numbers, or
 *   as text as pasted from the PDF);
 * - jamtlandWorkbook(seed000): Region Jämtland Härjedalen's 2026 decision (seed 000) as a
 *   budget sheet: its text one PDF line per row (or one paragraph per cell), its
 *   activity table as a table;
 * - svfReportWorkbook(catalog): a regional SVF report (RCC Norr) and an RCC allocation,
 *   with planted faults;
 * - benchGrid(rows): a generated sheet of rows × 10 columns for the speed tests.
 *
 * Every text taken from a seed is checked to be in it (verbatim up to white space).
 */
import { allocate } from '../allocate/allocate';
import { Decimal } from '../../core/decimal';
import type { Catalog } from '../../core/model';
import { MemoryWorkbook } from '../../workbook/memory';
import type { CellValue, Grid } from '../../workbook/port';

/** The documents the builders take their text from, by source id (rules/sources/index.json). */
export const SEED_000 = 'delegationsbeslut-jamtland-2026';
export const SEED_004 = 'utbetalningsbeslut-2021';

const flat = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();

/** The text, after checking that the seed says it (up to white space). */
export function quote(seedText: string, text: string): string {
  if (!flat(seedText).includes(flat(text))) throw new Error(`fixture text not in the seed: ${text}`);
  return text;
}

export const FORMAT_INT = '#,##0';
export const FORMAT_SHARE = '0.00';
export const FORMAT_PCT = '0%';

function put(wb: MemoryWorkbook, sheet: string, row: number, cells: CellValue[], formats: (string | undefined)[] = []): void {
  cells.forEach((v, col) => {
    if (v === null || v === undefined || v === '') return;
    const f = formats[col];
    wb.setCell(sheet, row, col, f ? { value: v, numberFormat: f } : { value: v });
  });
}

// ---------------------------------------------------------------------------
// Seed 004: the annex

export interface AnnexRow {
  region: string;
  population: string;
  share: string;
  amount: string;
}

/** The annex's rows and its Summa row, as printed. */
export function annexRows(text: string): { rows: AnnexRow[]; summa: AnnexRow; header: string[]; title: string; heading: string } {
  const rows: AnnexRow[] = [];
  let header: string[] = [];
  let summa: AnnexRow | null = null;
  for (const line of text.split('\n')) {
    const cols = line.split('\t').map((c) => c.trim());
    if (cols.length !== 4) continue;
    const [region, population, share, amount] = cols as [string, string, string, string];
    if (region === 'Region' && header.length === 0) header = cols;
    else if (region === 'Summa') summa = { region, population, share, amount };
    else rows.push({ region, population, share, amount });
  }
  if (rows.length !== 21 || !summa) throw new Error('seed 004 annex not found');
  return {
    rows,
    summa,
    header,
    title: quote(text, 'Fördelning av 185 miljoner kronor efter invånare per region'),
    heading: quote(text, 'Utbetalning av stimulansmedel till regionerna för arbete med standardiserade vårdförlopp i cancervården'),
  };
}

const num = (s: string) => Number(s.replace(/\s/g, '').replace(',', '.'));

/** Layout of the annex sheet: title rows, then the table; rows are 0-based. */
export const ANNEX = { sheet: 'Bilaga', headerRow: 3, firstRow: 4, summaRow: 25 } as const;

/**
 * Seed 004's annex as a sheet: "Socialdepartementet", the heading, the title, then
 * Region | Befolkning 1/11- 2019 | Andel | Fördelade medel i kronor, 21 regions and Summa.
 * `asText`: every figure as the PDF's text ("2 374 550", "0,23"), as pasted.
 */
export function annexWorkbook(seed004: string, opts: { asText?: boolean } = {}): MemoryWorkbook {
  const a = annexRows(seed004);
  const wb = new MemoryWorkbook();
  const s = ANNEX.sheet;
  wb.addSheet(s);
  put(wb, s, 0, [a.heading]);
  put(wb, s, 1, [a.title]);
  put(wb, s, ANNEX.headerRow, a.header);
  const formats = opts.asText ? [] : [undefined, FORMAT_INT, FORMAT_SHARE, FORMAT_INT];
  const cells = (r: AnnexRow): CellValue[] =>
    opts.asText ? [r.region, r.population, r.share, r.amount] : [r.region, num(r.population), num(r.share), num(r.amount)];
  a.rows.forEach((r, i) => put(wb, s, ANNEX.firstRow + i, cells(r), formats));
  put(wb, s, ANNEX.summaRow, cells(a.summa), formats);
  wb.sheet(s).setColumnWidth(0, 180);
  return wb;
}

// ---------------------------------------------------------------------------
// Seed 000: Region Jämtland Härjedalen's decision

export const JAMTLAND = { sheet: 'Beslut RS 178-2026' } as const;

/** Lines of seed 000 from `from` (inclusive) to `to` (exclusive), each split at runs of 2+ spaces into cells; blank lines kept once. */
function seedLines(text: string, from: string, to: string): CellValue[][] {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start + 1);
  if (start < 0 || end < 0) throw new Error(`seed 000: ${from} … ${to} not found`);
  const out: CellValue[][] = [];
  for (const line of text.slice(start, end).split('\n')) {
    const cells = line.split(/\s{2,}|\t/).map((c) => c.trim()).filter((c) => c !== '');
    if (cells.length === 0) {
      if (out.length > 0 && out[out.length - 1]!.length > 0) out.push([]);
      continue;
    }
    out.push(cells);
  }
  while (out.length > 0 && out[out.length - 1]!.length === 0) out.pop();
  return out;
}

/**
 * Seed 000 as a budget sheet. `paragraphs`: the case description's text one paragraph
 * per cell instead of one PDF line per row. Returns the workbook and where things are.
 */
export function jamtlandWorkbook(seed000: string, opts: { paragraphs?: boolean } = {}) {
  const text = seed000;
  const q = (s: string) => quote(text, s);
  const wb = new MemoryWorkbook();
  const s = JAMTLAND.sheet;
  wb.addSheet(s);
  let row = 0;
  const where: Record<string, string> = {};
  const mark = (key: string, r: number, c = 0) => (where[key] = `${String.fromCharCode(65 + c)}${r + 1}`);

  // The letterhead and the case description, as in the PDF.
  const head = seedLines(text, 'Delegationsbeslut', 'Förslag till användning av medel från överenskommelsen');
  if (opts.paragraphs) {
    // Paragraphs: consecutive lines joined, blank lines separate.
    const paras: string[] = [];
    let cur: string[] = [];
    for (const cells of head) {
      if (cells.length === 0) {
        if (cur.length) paras.push(cur.join(' '));
        cur = [];
      } else cur.push(cells.map(String).join('  '));
    }
    if (cur.length) paras.push(cur.join(' '));
    for (const p of paras) {
      put(wb, s, row, [p]);
      if (p.includes('375 miljoner')) mark('svf', row);
      row += 2;
    }
  } else {
    for (const cells of head) {
      put(wb, s, row, cells);
      const line = cells.map(String).join(' ');
      if (line.includes('375 miljoner')) mark('375', row);
      if (line.includes('ca 4,6 miljoner')) mark('4,6', row);
      if (line.includes('Ca 2,3 mkr')) mark('2,3', row);
      row++;
    }
  }
  row++;

  // The activity table: the PDF prints it as text; here it is the table a person keeps.
  const header = [q('Förslag till användning av medel från överenskommelsen'), q('kronor')];
  put(wb, s, row, header);
  where.tableHeader = `A${row + 1}`;
  row++;
  const amount = (t: string) => Number(q(t).replace(/\s/g, ''));
  const lines: [string, number | null, string?][] = [
    [q('Utvecklingsinsatser för att utveckla den palliativa vården i regionen varav bla nedan ska prioriteras:'), amount('600 000'), 'bla'],
    [q('- Cancerskola i Region Jämtland/Härjedalen, 100 000 kr (cancerrehabteamet)'), null],
    [q('- Utbildning för sjuksköterskor/distriktsköterskor i kommunal hemsjukvård om palliativ vård, 100 000 kr (Gläntan)'), null],
    [q('Utbildning för legitimerad hälso- och sjukvårdspersonal i Region Jämtland/Härjedalen samt kommuner i samtal vid allvarlig sjukdom (SVAS), 300 000 kr (Gläntan)'), null],
    [q('Utbildningsinsatser för kontaktsköterskor och andra professioner verksamma inom cancervården och palliativ vård'), amount('1 100 000')],
    [q('Palliativ beredskapslinje'), amount('700 000')],
    [q('Stöd till fortsatt utveckling och drift av Kraftens hus'), amount('200 000')],
    [q('Kostnader kopplat till utrotning av cervixcancer (både kvinnor och män)'), amount('2 000 000')],
  ];
  for (const [label, value, key] of lines) {
    put(wb, s, row, [label, value], [undefined, FORMAT_INT]);
    if (key) mark(key, row, 1);
    row++;
  }
  const total = q('Ca 4 600 000');
  put(wb, s, row, [q('Totalt'), total]);
  mark('total', row, 1);
  row += 2;

  // The rest of the decision (conditions, signatures), line by line.
  for (const cells of seedLines(text, 'Om kostnader inom viss del', 'Helen Persson')) {
    put(wb, s, row, cells);
    row++;
  }
  wb.sheet(s).setColumnWidth(0, 420);
  return { workbook: wb, sheet: s, where };
}

// ---------------------------------------------------------------------------
// A regional SVF report with planted faults (RCC Norr), and an RCC allocation

export const REPORT = { sheet: 'SVF 2026 RCC Norr', alloc: 'Barncancer 2026' } as const;

/** The four regions of RCC Norr with their 2024-12-31 population and 2026 payment 1. */
export function norrRows(catalog: Catalog) {
  const pop = catalog.reference.populations.find((p) => p.id === '2024-12-31')!;
  const a = allocate(catalog, { agreement: '2026', pot: 'svf-payment-1' });
  const codes = ['22', '23', '24', '25'];
  const rows = codes.map((code) => ({
    code,
    name: catalog.reference.regions.find((r) => r.code === code)!.name,
    population: Number(pop.rows.find((r) => r.code === code)!.population),
    payment1: Number(a.rows.find((r) => r.code === code)!.amount.toFixed(0)),
  }));
  const total = rows.reduce((s, r) => s + r.population, 0);
  return rows.map((r) => ({ ...r, share: Number(new Decimal(r.population).div(total).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toString()) }));
}

/**
 * Sheet "SVF 2026 RCC Norr": Region | Befolkning 2024-12-31 | Andel | Utbetalning 1 (kr) | Inklusion | Ledtid bröst | PREM,
 * four regions and Summa, with planted faults:
 * - the Summa of Befolkning is 1 000 too high (arithmetic.total-row);
 * - Västerbotten's share is 0,13 instead of 0,31 (arithmetic.share-vs-population; the shares then sum to 0,82: arithmetic.share-sum);
 * - Jämtland Härjedalen's inclusion is 65 % (svf.inclusion);
 * - Norrbotten's payment is stored as text (input.text-number), and the Summa of the payments is what Excel's SUM gives without it (arithmetic.total-row);
 * - Västernorrland's lead time is #DIV/0! (input.unreadable);
 * - Norrbotten answers "nej" to PREM (svf.prem).
 * Sheet "Barncancer 2026": RCC | Belopp (kr), 80 miljoner split equally, RCC Syd given 13 000 000 (allocation.row-amount, allocation.table-total).
 */
export function svfReportWorkbook(catalog: Catalog) {
  const wb = new MemoryWorkbook();
  const s = REPORT.sheet;
  wb.addSheet(s);
  const rows = norrRows(catalog);
  put(wb, s, 0, ['SVF-redovisning 2026 – RCC Norr, första halvåret 2026']);
  put(wb, s, 2, ['Region', 'Befolkning 2024-12-31', 'Andel', 'Utbetalning 1 (kr)', 'Inklusion', 'Ledtid bröst', 'PREM']);
  const inclusion = [0.78, 0.65, 0.81, 0.74];
  const leadtime: CellValue[] = ['#DIV/0!', 0.71, 0.66, 0.62];
  const prem = ['ja', 'ja', 'ja', 'nej'];
  const fmts = [undefined, FORMAT_INT, FORMAT_SHARE, FORMAT_INT, FORMAT_PCT, FORMAT_PCT];
  rows.forEach((r, i) => {
    const share = r.code === '24' ? 0.13 : r.share;
    const pay: CellValue = r.code === '25' ? r.payment1.toLocaleString('sv-SE') : r.payment1;
    put(wb, s, 3 + i, [r.name, r.population, share, pay, inclusion[i]!, leadtime[i]!, prem[i]!], fmts);
  });
  const popSum = rows.reduce((x, r) => x + r.population, 0);
  const paySumExcel = rows.filter((r) => r.code !== '25').reduce((x, r) => x + r.payment1, 0);
  put(wb, s, 7, ['Summa', popSum + 1000, 1, paySumExcel], fmts);

  const b = REPORT.alloc;
  wb.addSheet(b);
  const alloc = allocate(catalog, { agreement: '2026', pot: 'barncancer' });
  put(wb, b, 0, ['Barncancer 2026: 80 miljoner kronor fördelas lika mellan RCC']);
  put(wb, b, 2, ['RCC', 'Belopp (kr)']);
  let sum = 0;
  alloc.rows.forEach((r, i) => {
    const amount = r.code === 'rcc-syd' ? 13_000_000 : Number(r.amount.toFixed(0));
    sum += amount;
    put(wb, b, 3 + i, [r.recipient, amount], [undefined, FORMAT_INT]);
  });
  put(wb, b, 3 + alloc.rows.length, ['Summa', sum], [undefined, FORMAT_INT]);
  return { workbook: wb, rows, popSum, paySumExcel, allocation: alloc };
}

// ---------------------------------------------------------------------------
// The generated sheet for the speed tests

export const BENCH_HEADER = ['Region', 'Befolkning', 'Andel', 'Belopp (kr)', 'Utbetalning 1', 'Utbetalning 2', 'Inklusion', 'Ledtid', 'PREM', 'Kommentar'];

/** Rows (grid rows, 1-based data) whose inclusion is under 70 %: a block of neighbours, so their flags merge. */
export const BENCH_LOW_BLOCK = [50_000, 51_000] as const;

/**
 * rows × 10 columns: a header, then rows cycling through the 21 regions with numbers,
 * shares, percentages (inclusion under 70 % every 500th row and in BENCH_LOW_BLOCK),
 * PREM "nej" every 500th row, numbers as text every 997th row, an error value every
 * 10 000 rows. Deterministic.
 */
export function benchRows(catalog: Catalog, rows: number): CellValue[][] {
  const regions = catalog.reference.regions.map((r) => r.name);
  const out: CellValue[][] = [BENCH_HEADER];
  let seedV = 12345;
  const rnd = () => {
    seedV = (seedV * 1103515245 + 12345) % 2147483648;
    return seedV / 2147483648;
  };
  const pops = Array.from({ length: rows }, () => 50_000 + Math.floor(rnd() * 2_000_000));
  const total = pops.reduce((a, b) => a + b, 0);
  for (let i = 1; i < rows; i++) {
    const pop = pops[i]!;
    const amount = Math.floor(rnd() * 50_000_000);
    const low = i % 500 === 0 || (i >= BENCH_LOW_BLOCK[0] && i < BENCH_LOW_BLOCK[1]);
    out.push([
      regions[i % regions.length]!,
      i % 997 === 0 ? pop.toLocaleString('sv-SE') : pop,
      Math.round((pop / total) * 100) / 100,
      amount,
      Math.floor(amount / 2),
      amount - Math.floor(amount / 2),
      low ? 0.65 : 0.7 + Math.round(rnd() * 25) / 100,
      0.8 + Math.round(rnd() * 15) / 100,
      i % 10_000 === 0 ? '#REF!' : i % 500 === 250 ? 'nej' : 'ja',
      i % 7 === 0 ? `Kommentar ${i % 100}` : null,
    ]);
  }
  return out;
}

export function benchGrid(catalog: Catalog, rows: number): Grid {
  const values = benchRows(catalog, rows);
  const fmts = ['General', '#,##0', '0.00', '#,##0', '#,##0', '#,##0', '0%', '0%', 'General', 'General'];
  return { sheet: 'Bench', top: 0, left: 0, values, numberFormats: values.map(() => fmts) };
}

export function benchWorkbook(catalog: Catalog, rows: number): MemoryWorkbook {
  const wb = new MemoryWorkbook();
  const s = wb.addSheet('Bench');
  const fmts = ['General', '#,##0', '0.00', '#,##0', '#,##0', '#,##0', '0%', '0%', 'General', 'General'];
  benchRows(catalog, rows).forEach((r, i) =>
    r.forEach((v, j) => {
      if (v === null) return;
      s.set(i, j, i > 0 && fmts[j] !== 'General' ? { value: v, numberFormat: fmts[j]! } : { value: v });
    }),
  );
  return wb;
}
