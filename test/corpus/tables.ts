/**
 * Building blocks of the corpus: the amounts a table must show (from the engine's own
 * allocation of the rule files' pots, never typed in), a table writer with the layout
 * knobs people turn (title placement, header words, Län column, unit, share style, total
 * style, hidden and blank rows), fault planting at known cells, and facts (label–value
 * pairs and sentences) right or wrong.
 */
import { Decimal } from 'decimal.js';
import { allocate, apportion, type Catalog } from '../../addin/api';
import { resolvePopulation } from '../../addin/engine/allocate/allocate';
import { cellAddress, colName } from '../../addin/core/a1';
import { put, type CellSpec, type Family, type SheetSpec, type Value } from './model';

export type Lang = 'sv' | 'en';
export type Unit = 'kr' | 'tkr' | 'Mkr';
export type ShareStyle = 'fraction' | 'percent' | 'formula' | 'none';
export type TotalStyle = 'number' | 'sum' | 'none';

/** A deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Row {
  code: string;
  name: string;
  /** Alternative spellings of the recipient (for "missing" faults). */
  names: string[];
  lan?: string;
  population: Decimal | null;
  /** The exact share of the split (population / total of the recipients). */
  share: Decimal | null;
  amount: Decimal;
}

/**
 * The rows a pot's table must show. `codes`: the recipients among whom the pot is split
 * (the qualifying regions of a conditional pot); absent: the pot's own recipients.
 */
export function potRows(catalog: Catalog, agreement: string, pot: string, codes?: readonly string[]): Row[] {
  const ag = catalog.agreements.find((a) => a.id === agreement)!;
  const table = resolvePopulation(catalog, ag);
  const population = codes ? { ...table, rows: table.rows.filter((r) => codes.includes(r.code)) } : undefined;
  const a = allocate(catalog, { agreement, pot, ...(population ? { population } : {}) });
  const weighted = a.populationDate !== null;
  return a.rows.map((r) => {
    const region = catalog.reference.regions.find((x) => x.code === r.code);
    const rcc = catalog.reference.rcc.find((x) => x.id === r.code);
    return {
      code: r.code,
      name: r.recipient,
      names: [r.recipient, ...(region?.aliases ?? rcc?.aliases ?? [])],
      ...(region ? { lan: region.lan } : {}),
      population: weighted ? r.population : null,
      share: weighted ? r.share : null,
      amount: r.amount,
    };
  });
}

/**
 * One SVF part of 2026's lead-time pot (three equal parts, spare kronor to the earlier), split by
 * population among the regions that qualify for that part; the others get 0.
 */
export function partRows(catalog: Catalog, agreement: string, pot: string, part: number, qualifying: readonly string[]): Row[] {
  const ag = catalog.agreements.find((a) => a.id === agreement)!;
  const p = ag.pots.find((x) => x.id === pot)!;
  if (p.split.by !== 'parts') throw new Error(`${pot} has no parts`);
  const parts = apportion(new Decimal(p.amount), p.split.parts.map((_, i) => ({ code: String(i + 1), weight: new Decimal(1) })));
  const table = resolvePopulation(catalog, ag);
  const claims = table.rows.filter((r) => qualifying.includes(r.code)).map((r) => ({ code: r.code, weight: new Decimal(r.population) }));
  const paid = new Map(apportion(parts[part]!.amount, claims).map((r) => [r.code, r.amount]));
  const all = potRows(catalog, agreement, 'svf-payment-1');
  return all.map((r) => ({ ...r, share: null, amount: paid.get(r.code) ?? new Decimal(0) }));
}

/** The 21 regions' rows of a region pot, amounts as in the national split (for an RCC's member table). */
export function memberRows(catalog: Catalog, agreement: string, pot: string, members: readonly string[]): Row[] {
  return potRows(catalog, agreement, pot).filter((r) => members.includes(r.code));
}

export interface TablePlan {
  lang: Lang;
  /** Header row, first column (0-based). */
  top: number;
  left: number;
  title?: string;
  /** Where the title goes: the row above, two rows above (a subtitle between), merged over the header's columns above it. */
  titleAt?: 'above1' | 'above2' | 'merged';
  subtitle?: string;
  /** Short names ("Uppsala") instead of official ones ("Region Uppsala"). */
  shortNames?: boolean;
  lan?: 'name' | 'code';
  population?: boolean;
  populationHeader?: string;
  share?: ShareStyle;
  unit?: Unit;
  /** Where the unit is said: in the amount header ("Belopp (tkr)") or in the title ("Belopp i tkr"). */
  unitIn?: 'header' | 'title';
  amountHeader?: string;
  shareHeader?: string;
  lanHeader?: string;
  /** Amounts as Excel formulas =ROUND(pop/pop total*pot;0) (half-up per row; needs the population column and kr). */
  roundFormula?: boolean;
  total?: TotalStyle;
  /** A recipient column header other than Region/RCC. */
  recipientHeader?: string;
  /** Data-row indexes to hide. */
  hidden?: number[];
  /** A blank row after this data-row index. */
  blankAfter?: number;
  /** Rows that are 0 / blank (non-qualifying regions of a conditional table). */
  zero?: { codes: string[]; as: 'zero' | 'blank' };
  /** A label for the total row. */
  totalLabel?: string;
  /** Add the total of the share column (1 or a SUM). Default true when there is a share column. */
  shareTotal?: boolean;
}

export type TableFault =
  | { kind: 'row-amount'; index: number; delta: number }
  | { kind: 'total-wrong'; delta: number }
  | { kind: 'share-wrong'; index: number; delta: number }
  | { kind: 'missing'; code: string }
  | { kind: 'duplicate'; code: string; at: 'adjacent' | 'end' }
  | { kind: 'extra'; name: string; amount: number }
  | { kind: 'text-number'; index: number }
  | { kind: 'nonqualifying-paid'; code: string; amount: Decimal };

/** An amount in the table's unit, as a person writes it: kr whole, tkr whole, Mkr one decimal. */
function inUnit(amount: Decimal, u: Unit): number {
  if (u === 'kr') return amount.toNumber();
  if (u === 'tkr') return amount.div(1000).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  return amount.div(1_000_000).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toNumber();
}

const AMOUNT_FMT: Record<Unit, string> = { kr: '#,##0', tkr: '#,##0', Mkr: '0.0' };

const WORDS = {
  sv: { region: 'Region', rcc: 'RCC', lan: 'Län', code: 'Länskod', pop: 'Befolkning', share: 'Andel', amount: 'Belopp', total: 'Summa' },
  en: { region: 'Region', rcc: 'RCC', lan: 'County', code: 'County code', pop: 'Population', share: 'Share', amount: 'Amount', total: 'Total' },
};

function unitWord(u: Unit, lang: Lang): string {
  if (lang === 'en') return u === 'kr' ? 'SEK' : u === 'tkr' ? 'SEK thousand' : 'SEK million';
  return u;
}

export interface BuiltTable {
  range: string;
  headerRow: number;
  totalRow: number | null;
  amountCol: number;
  /** Data rows' grid row per recipient code (first occurrence). */
  rowOf: Map<string, number>;
  lastRow: number;
  lastCol: number;
}

/**
 * Write a table into the sheet, plant the faults, and record the known-correct cells,
 * the faults and the cells a fault changes in consequence.
 */
export function writeTable(s: SheetSpec, source: Row[], plan: TablePlan, faults: TableFault[] = []): BuiltTable {
  const lang = plan.lang;
  const w = WORDS[lang];
  const unit = plan.unit ?? 'kr';
  const share = plan.share ?? 'none';
  const total = plan.total ?? 'number';
  const isRcc = source.length > 0 && source[0]!.code.startsWith('rcc-');

  // Rows as written, faults applied to the row list first.
  interface Out { row: Row; amount: Value; share: Decimal | null; fault?: { kind: string; expect: Family; what: string; at: 'amount' | 'share' | 'name' }; wrongShare?: number; text?: boolean }
  let rows: Out[] = source.map((row) => {
    const z = plan.zero?.codes.includes(row.code);
    return { row, amount: z ? (plan.zero!.as === 'zero' ? 0 : null) : inUnit(row.amount, unit), share: row.share };
  });
  let missing: Row | null = null;
  let totalDelta = 0;
  for (const f of faults) {
    if (f.kind === 'row-amount') {
      const o = rows[f.index]!;
      o.amount = Number(((o.amount as number) + f.delta).toFixed(unit === 'Mkr' ? 1 : 0));
      o.fault = { kind: 'row-amount', expect: 'allocation.row-amount', what: `${o.row.name}: ${f.delta > 0 ? '+' : ''}${f.delta} ${unit}`, at: 'amount' };
    } else if (f.kind === 'share-wrong') {
      const o = rows[f.index]!;
      o.wrongShare = f.delta;
      o.fault = { kind: 'share-wrong', expect: 'arithmetic.share-vs-population', what: `${o.row.name}: share ${f.delta > 0 ? '+' : ''}${f.delta}`, at: 'share' };
    } else if (f.kind === 'text-number') {
      const o = rows[f.index]!;
      o.text = true;
      o.fault = { kind: 'text-number', expect: 'input.text-number', what: `${o.row.name}: amount stored as text`, at: 'amount' };
    } else if (f.kind === 'missing') {
      const i = rows.findIndex((o) => o.row.code === f.code);
      missing = rows[i]!.row;
      rows = rows.filter((_, j) => j !== i);
    } else if (f.kind === 'duplicate') {
      const o = rows.find((x) => x.row.code === f.code)!;
      const copy: Out = { row: o.row, amount: o.amount, share: o.share, fault: { kind: 'duplicate', expect: 'duplicate-recipient', what: `${o.row.name} listed twice`, at: 'amount' } };
      if (f.at === 'adjacent') rows.splice(rows.indexOf(o) + 1, 0, copy);
      else rows.push(copy);
    } else if (f.kind === 'extra') {
      const row: Row = { code: 'extra', name: f.name, names: [f.name], population: null, share: null, amount: new Decimal(f.amount) };
      rows.push({ row, amount: inUnit(row.amount, unit), share: null, fault: { kind: 'extra', expect: 'extra-recipient', what: `${f.name} is not a recipient of the pot`, at: 'amount' } });
    } else if (f.kind === 'nonqualifying-paid') {
      const o = rows.find((x) => x.row.code === f.code)!;
      o.amount = inUnit(f.amount, unit);
      o.fault = { kind: 'nonqualifying-paid', expect: 'allocation.row-amount', what: `${o.row.name} does not qualify but is paid`, at: 'amount' };
    } else if (f.kind === 'total-wrong') totalDelta = f.delta;
  }
  const consequential = faults.some((f) => f.kind !== 'total-wrong' && f.kind !== 'share-wrong');
  const popChanged = faults.some((f) => f.kind === 'missing' || f.kind === 'duplicate');
  const shareConsequential = faults.some((f) => f.kind === 'share-wrong' || f.kind === 'missing' || f.kind === 'duplicate' || f.kind === 'extra');

  // Columns.
  const cols: { key: 'name' | 'lan' | 'pop' | 'share' | 'amount'; header: string }[] = [];
  cols.push({ key: 'name', header: plan.recipientHeader ?? (isRcc ? w.rcc : w.region) });
  if (plan.lan && !isRcc) cols.push({ key: 'lan', header: plan.lanHeader ?? (plan.lan === 'code' ? w.code : w.lan) });
  if (plan.population !== false && source[0]?.population) cols.push({ key: 'pop', header: plan.populationHeader ?? w.pop });
  if (share !== 'none' && source[0]?.share) cols.push({ key: 'share', header: plan.shareHeader ?? (share === 'percent' ? `${w.share} (%)` : w.share) });
  const amountHeader = plan.amountHeader ?? (plan.unitIn === 'title' ? w.amount : `${w.amount} (${unitWord(unit, lang)})`);
  cols.push({ key: 'amount', header: amountHeader });
  const colOf = (k: (typeof cols)[number]['key']) => plan.left + cols.findIndex((c) => c.key === k);
  const lastCol = plan.left + cols.length - 1;

  // Title.
  const titleRange0 = plan.titleAt === 'above2' ? plan.top - 2 : plan.titleAt ? plan.top - 1 : plan.top;
  if (plan.title && plan.titleAt) {
    const tr = plan.titleAt === 'above2' ? plan.top - 2 : plan.top - 1;
    put(s, tr, plan.left, { v: plan.title, bold: true });
    if (plan.titleAt === 'merged') s.merges.push(`${cellAddress(tr, plan.left)}:${cellAddress(tr, lastCol)}`);
    if (plan.titleAt === 'above2' && plan.subtitle) put(s, plan.top - 1, plan.left, plan.subtitle);
  }

  // Header.
  cols.forEach((c, i) => put(s, plan.top, plan.left + i, { v: c.header, bold: true }));

  // Data rows.
  const rowOf = new Map<string, number>();
  let gr = plan.top + 1;
  const first = gr;
  const popCol = cols.some((c) => c.key === 'pop') ? colOf('pop') : -1;
  const shareCol = cols.some((c) => c.key === 'share') ? colOf('share') : -1;
  const amountCol = colOf('amount');
  const dataRows: number[] = [];
  const hasTotal = total !== 'none';
  // The total row's index is known once the rows are placed; formula shares need it: compute ahead.
  const totalRowAt = first + rows.length + (plan.blankAfter !== undefined ? 1 : 0);
  const popTotal = rows.reduce((x, o) => x.plus(o.row.population ?? 0), new Decimal(0));
  const potKr = source.reduce((x, o) => x.plus(o.amount), new Decimal(0));
  rows.forEach((o, i) => {
    const name = plan.shortNames ? (o.row.names[1] ?? o.row.name) : o.row.name;
    put(s, gr, colOf('name'), name);
    if (cols.some((c) => c.key === 'lan')) {
      const region = o.row.lan;
      if (plan.lan === 'code') put(s, gr, colOf('lan'), o.row.code === 'extra' ? '' : o.row.code);
      else if (region) put(s, gr, colOf('lan'), region);
    }
    if (popCol >= 0 && o.row.population) {
      const a = put(s, gr, popCol, { v: o.row.population.toNumber(), fmt: '#,##0' });
      if (!o.fault) s.correct.add(a);
      else if (o.fault.kind === 'duplicate') s.affected.add(a);
    }
    if (shareCol >= 0 && o.row.share) {
      let cell: CellSpec;
      if (share === 'formula' && hasTotal) {
        const pc = colName(popCol);
        cell = { v: o.row.population!.toNumber() / popTotal.toNumber(), f: `${pc}${gr + 1}/${pc}$${totalRowAt + 1}` };
      } else {
        const v = o.row.share.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toNumber();
        cell = { v: o.wrongShare !== undefined ? Number((v + o.wrongShare).toFixed(4)) : v, fmt: share === 'percent' ? '0.00%' : '0.0000' };
      }
      const a = put(s, gr, shareCol, cell);
      if (o.fault?.at === 'share') s.faults.push({ cell: a, kind: o.fault.kind, expect: o.fault.expect, what: o.fault.what });
      else if (!o.fault && !(share === 'formula' && popChanged)) s.correct.add(a);
      else s.affected.add(a);
    }
    const aCell = cellAddress(gr, amountCol);
    if (o.amount !== null) {
      if (o.text) put(s, gr, amountCol, new Decimal(o.amount as number).toNumber().toLocaleString('sv-SE').replace(/\u00a0/g, ' '));
      else if (plan.roundFormula && !o.fault && popCol >= 0 && o.row.population) {
        const pc = colName(popCol);
        const exact = o.row.population.times(potKr).div(popTotal);
        put(s, gr, amountCol, { v: exact.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber(), f: `ROUND(${pc}${gr + 1}/${pc}$${totalRowAt + 1}*${potKr.toFixed(0)},0)`, fmt: AMOUNT_FMT[unit] });
      } else put(s, gr, amountCol, { v: o.amount, fmt: AMOUNT_FMT[unit] });
    }
    if (o.fault?.at === 'amount') {
      s.faults.push({ cell: aCell, kind: o.fault.kind, expect: o.fault.expect, what: o.fault.what, ...(o.fault.kind === 'duplicate' || o.fault.kind === 'extra' ? { alsoAt: [cellAddress(gr, colOf('name'))] } : {}) });
    } else s.correct.add(aCell); // a 0 or blank of a non-qualifying region is correct too
    if (!rowOf.has(o.row.code)) rowOf.set(o.row.code, gr);
    if (plan.hidden?.includes(i)) s.hiddenRows.add(gr);
    dataRows.push(gr);
    gr++;
    if (plan.blankAfter === i) gr++;
  });
  const last = gr - 1;

  // Total row.
  let totalRow: number | null = null;
  if (hasTotal) {
    totalRow = gr;
    put(s, gr, colOf('name'), { v: plan.totalLabel ?? w.total, bold: true });
    const sumOf = (c: number) => `SUM(${colName(c)}${first + 1}:${colName(c)}${last + 1})`;
    const numericSum = (c: number) => {
      let x = new Decimal(0);
      for (const rr of dataRows) {
        const v = s.cells.get(cellAddress(rr, c))?.v;
        if (typeof v === 'number') x = x.plus(v);
      }
      return x.toNumber();
    };
    if (popCol >= 0) {
      const v = numericSum(popCol);
      const a = put(s, gr, popCol, total === 'sum' ? { v, f: sumOf(popCol), fmt: '#,##0', bold: true } : { v, fmt: '#,##0', bold: true });
      (faults.some((f) => f.kind === 'missing' || f.kind === 'duplicate') ? s.affected : s.correct).add(a);
    }
    if (shareCol >= 0 && plan.shareTotal !== false) {
      const cell: CellSpec = total === 'sum' || share === 'formula' ? { v: numericSum(shareCol), f: sumOf(shareCol), fmt: share === 'percent' ? '0.00%' : share === 'formula' ? undefined : '0.0000', bold: true } : { v: 1, fmt: share === 'percent' ? '0%' : '0.0000', bold: true };
      if (cell.fmt === undefined) delete cell.fmt;
      const a = put(s, gr, shareCol, cell);
      (shareConsequential ? s.affected : s.correct).add(a);
    }
    const potInUnit = inUnit(source.reduce((x, o) => x.plus(o.amount), new Decimal(0)), unit);
    const a = cellAddress(gr, amountCol);
    if (total === 'sum') put(s, gr, amountCol, { v: numericSum(amountCol), f: sumOf(amountCol), fmt: AMOUNT_FMT[unit], bold: true });
    else put(s, gr, amountCol, { v: Number((potInUnit + totalDelta).toFixed(unit === 'Mkr' ? 1 : 0)), fmt: AMOUNT_FMT[unit], bold: true });
    if (totalDelta !== 0) s.faults.push({ cell: a, kind: 'total-wrong', expect: 'arithmetic.total-row', what: `total ${totalDelta > 0 ? '+' : ''}${totalDelta} ${unit}` });
    else {
      const drift = total === 'sum' && numericSum(amountCol) !== potInUnit && !consequential && unit === 'kr';
      (consequential || drift ? s.affected : s.correct).add(a);
    }
  }
  const lastRow = totalRow ?? last;
  const range = `${cellAddress(Math.min(titleRange0, plan.top), plan.left)}:${cellAddress(lastRow, lastCol)}`;
  if (missing) {
    s.faults.push({ cell: cellAddress(plan.top, plan.left), kind: 'missing', expect: 'missing-recipient', range, name: missing.names, what: `${missing.name} missing from the table` });
  }
  s.widths.set(plan.left, 28);
  for (let c = plan.left + 1; c <= lastCol; c++) s.widths.set(c, 16);
  return { range, headerRow: plan.top, totalRow, amountCol, rowOf, lastRow, lastCol };
}

// ---------------------------------------------------------------------------
// Facts

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

export function svDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m! - 1]} ${y}`;
}

/** "500 000 000" with spaces (as typed text). */
export function spaced(n: Decimal | number): string {
  return new Decimal(n).toFixed(0).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** "13,6" */
export function mkr1(n: Decimal): string {
  return n.div(1_000_000).toFixed(1).replace('.', ',');
}

export interface FactSpec {
  label: string;
  /** The value: a number (written as a number, `fmt`), a text, or a date (ISO; written as a date cell by exceljs, as Swedish text otherwise when `asText`). */
  value: Value;
  fmt?: string;
  date?: string;
  /** Planted wrong: which family should catch it. */
  wrong?: { expect: Family; what: string };
}

/** Label–value pairs from (row, col): label in col, value in col + gap. */
export function writeFacts(s: SheetSpec, row: number, col: number, facts: FactSpec[], gap = 1): number {
  facts.forEach((f, i) => {
    const label = put(s, row + i, col, f.label);
    const cell: CellSpec = f.date ? { v: f.value, date: f.date, fmt: 'd mmmm yyyy' } : { v: f.value, ...(f.fmt ? { fmt: f.fmt } : {}) };
    const a = put(s, row + i, col + gap, cell);
    if (f.wrong) s.faults.push({ cell: a, kind: 'fact', expect: f.wrong.expect, what: f.wrong.what, alsoAt: [label] });
    else s.correct.add(a);
  });
  return row + facts.length;
}

export interface Sentence {
  text: string;
  wrong?: { expect: Family; what: string };
  /** A sentence with a checkable figure that is right: its cell is known correct. */
  checkable?: boolean;
}

export function writeSentences(s: SheetSpec, row: number, col: number, sentences: Sentence[]): number {
  sentences.forEach((x, i) => {
    const a = put(s, row + i, col, x.text);
    if (x.wrong) s.faults.push({ cell: a, kind: 'prose', expect: x.wrong.expect, what: x.wrong.what });
    else if (x.checkable !== false) s.correct.add(a);
  });
  return row + sentences.length;
}

// ---------------------------------------------------------------------------
// Several pots side by side: Region | pot 1 | pot 2 | … | Totalt

export interface MultiPlan {
  lang: Lang;
  top: number;
  left: number;
  title: string;
  /** Column headers of the pots, in order. */
  headers: string[];
  /** The row total column: typed numbers or =SUM of the row. */
  rowTotal: 'number' | 'sum';
  total: TotalStyle;
  totalHeader?: string;
}

export type MultiFault = { kind: 'row-amount'; pot: number; index: number; delta: number } | { kind: 'row-total-wrong'; index: number; delta: number };

/** `pots[i]` are the rows of pot i (same recipients, same order). */
export function writeMultiTable(s: SheetSpec, pots: Row[][], plan: MultiPlan, faults: MultiFault[] = []): BuiltTable {
  const w = WORDS[plan.lang];
  const n = pots.length;
  const base = pots[0]!;
  put(s, plan.top - 1, plan.left, { v: plan.title, bold: true });
  put(s, plan.top, plan.left, { v: w.region, bold: true });
  plan.headers.forEach((h, i) => put(s, plan.top, plan.left + 1 + i, { v: h, bold: true }));
  const totCol = plan.left + 1 + n;
  put(s, plan.top, totCol, { v: plan.totalHeader ?? (plan.lang === 'sv' ? 'Totalt (kr)' : 'Total (SEK)'), bold: true });
  const first = plan.top + 1;
  const colTouched = new Set<number>();
  const rowTouched = new Set<number>();
  const rowOf = new Map<string, number>();
  base.forEach((row, i) => {
    const gr = first + i;
    rowOf.set(row.code, gr);
    put(s, gr, plan.left, row.name);
    let sum = 0;
    for (let p = 0; p < n; p++) {
      const f = faults.find((x) => x.kind === 'row-amount' && x.pot === p && x.index === i) as Extract<MultiFault, { kind: 'row-amount' }> | undefined;
      const v = pots[p]![i]!.amount.toNumber() + (f?.delta ?? 0);
      sum += v;
      const a = put(s, gr, plan.left + 1 + p, { v, fmt: '#,##0' });
      if (f) {
        s.faults.push({ cell: a, kind: 'row-amount', expect: 'allocation.row-amount', what: `${row.name}, ${plan.headers[p]}: ${f.delta > 0 ? '+' : ''}${f.delta} kr` });
        colTouched.add(p);
        rowTouched.add(i);
      } else s.correct.add(a);
    }
    const tf = faults.find((x) => x.kind === 'row-total-wrong' && x.index === i);
    const rng = `${colName(plan.left + 1)}${gr + 1}:${colName(plan.left + n)}${gr + 1}`;
    const cell: CellSpec = plan.rowTotal === 'sum' && !tf ? { v: sum, f: `SUM(${rng})`, fmt: '#,##0' } : { v: sum + (tf?.delta ?? 0), fmt: '#,##0' };
    const a = put(s, gr, totCol, cell);
    if (tf) {
      s.faults.push({ cell: a, kind: 'row-total-wrong', expect: 'arithmetic.total-row', what: `${row.name}: row total ${tf.delta > 0 ? '+' : ''}${tf.delta} kr` });
      colTouched.add(n);
    } else (rowTouched.has(i) ? s.affected : s.correct).add(a);
  });
  const last = first + base.length - 1;
  let totalRow: number | null = null;
  if (plan.total !== 'none') {
    totalRow = last + 1;
    put(s, totalRow, plan.left, { v: w.total, bold: true });
    for (let p = 0; p <= n; p++) {
      const c = plan.left + 1 + p;
      let v = 0;
      for (let r = first; r <= last; r++) v += (s.cells.get(cellAddress(r, c))?.v as number) ?? 0;
      const a = put(s, totalRow, c, plan.total === 'sum' ? { v, f: `SUM(${colName(c)}${first + 1}:${colName(c)}${last + 1})`, fmt: '#,##0', bold: true } : { v, fmt: '#,##0', bold: true });
      (colTouched.has(p) || (p === n && colTouched.size > 0) ? s.affected : s.correct).add(a);
    }
  }
  const lastRow = totalRow ?? last;
  s.widths.set(plan.left, 28);
  for (let c = plan.left + 1; c <= totCol; c++) s.widths.set(c, 18);
  return { range: `${cellAddress(plan.top - 1, plan.left)}:${cellAddress(lastRow, totCol)}`, headerRow: plan.top, totalRow, amountCol: totCol, rowOf, lastRow, lastCol: totCol };
}
