/**
 * The corpus's layouts: one function per layout family, each returning the sheets of
 * that family (every table's amounts from the engine's allocation of the rule files;
 * faults planted at known cells). `corpus()` lists them all; make.ts writes each family
 * as one file per writer.
 */
import { Decimal } from 'decimal.js';
import { allocate, allocationSheet, overviewSheet, type Catalog, type NewSheetSpec } from '../../addin/api';
import { colName } from '../../addin/core/a1';
import { newSheet, put, type SheetSpec } from './model';
import { memberRows, mkr1, partRows, potRows, spaced, svDate, writeFacts, writeMultiTable, writeSentences, writeTable, type FactSpec, type Row, type TableFault, type TablePlan } from './tables';

export interface Family {
  id: string;
  /** What the family varies, for the report. */
  about: string;
  sheets: SheetSpec[];
}

const TITLES: Record<string, Record<string, { sv: string; en: string }>> = {
  '2021': {
    'svf-payment-1': { sv: 'Fördelning av medel för standardiserade vårdförlopp 2021, utbetalning 1 (185 miljoner kronor)', en: 'Allocation of SVF funds 2021, payment 1 (SEK 185 million)' },
    'svf-payment-2': { sv: 'Standardiserade vårdförlopp 2021, utbetalning 2 (185 miljoner kronor)', en: 'SVF 2021, payment 2 (SEK 185 million)' },
    barncancer: { sv: 'Barncancer 2021: 80 miljoner kronor fördelas lika mellan de sex RCC', en: 'Childhood cancer 2021: SEK 80 million split equally among the six RCC' },
  },
  '2024': {
    'svf-payment-1': { sv: 'SVF 2024 – första utbetalningen, 182 500 000 kr fördelat efter befolkning', en: 'SVF 2024 – first payment, SEK 182 500 000 by population' },
    'svf-payment-2': { sv: 'SVF 2024 – andra utbetalningen (villkorad), 182 500 000 kr', en: 'SVF 2024 – second (conditional) payment, SEK 182 500 000' },
    patologi: { sv: 'Särskild satsning på patologin 2024, 60 miljoner kronor till RCC efter befolkning', en: 'Pathology initiative 2024, SEK 60 million to the RCC by population' },
    rehabilitering: { sv: 'Rehabilitering 2024: 100 miljoner kronor till RCC', en: 'Rehabilitation 2024: SEK 100 million to the RCC' },
  },
  '2026': {
    'svf-payment-1': { sv: 'Standardiserade vårdförlopp 2026, utbetalning 1: 250 000 000 kr', en: 'Standardised care pathways 2026, payment 1: SEK 250 000 000' },
    'svf-payment-2-inclusion': { sv: 'SVF 2026, utbetalning 2: inklusionsmål (125 000 000 kr)', en: 'SVF 2026, payment 2: inclusion target part (SEK 125 000 000)' },
    rehabilitering: { sv: 'Särskild satsning på rehabilitering 2026, 100 miljoner kronor till RCC', en: 'Rehabilitation initiative 2026, SEK 100 million to the RCC' },
    barncancer: { sv: 'Barncancer 2026: 80 miljoner kronor fördelas lika mellan RCC', en: 'Childhood cancer 2026: SEK 80 million split equally among the RCC' },
    primarvard: { sv: 'Särskild satsning på primärvården 2026 (60 mkr)', en: 'Primary care initiative 2026 (SEK 60 million)' },
    'svf-payment-2-leadtime': { sv: 'SVF 2026, utbetalning 2: ledtidsmål (125 000 000 kr i tre lika delar: bröst, tjock- och ändtarm, prostata)', en: 'SVF 2026, payment 2: lead-time part (SEK 125 000 000 in three equal parts)' },
    livmoderhalscancer: { sv: 'Utrota livmoderhalscancer 2026: 25 miljoner kronor till RCC', en: 'Eliminate cervical cancer 2026: SEK 25 million to the RCC' },
  },
};

function title(agreement: string, pot: string, lang: 'sv' | 'en', unitText?: string): string {
  const t = TITLES[agreement]![pot]![lang];
  return unitText ? `${t}. ${unitText}` : t;
}

/** A table sheet: one table of a pot, options and faults. */
function tableSheet(catalog: Catalog, o: { name: string; family: string; agreement: string; pot: string; plan?: Partial<TablePlan>; faults?: TableFault[]; rows?: Row[]; features?: string[]; titleText?: string; reading?: string }): { s: SheetSpec; built: ReturnType<typeof writeTable> } {
  const s = newSheet(o.name, o.family, o.agreement, o.pot, o.features ?? []);
  const rows = o.rows ?? potRows(catalog, o.agreement, o.pot);
  const p = o.plan ?? {};
  const lang = p.lang ?? 'sv';
  const plan: TablePlan = {
    lang,
    top: 2,
    left: 0,
    titleAt: 'above2',
    share: 'fraction',
    ...p,
    title: o.titleText ?? p.title ?? title(o.agreement, o.pot, lang),
  };
  const built = writeTable(s, rows, plan, o.faults ?? []);
  const paid = rows.filter((r) => !plan.zero?.codes.includes(r.code)).map((r) => r.code);
  s.tables.push({ range: built.range, agreement: o.agreement, pots: [o.pot], recipients: paid, reading: o.reading ?? `${o.agreement}, ${o.pot}, ${rows.length} ${rows[0]?.code.startsWith('rcc-') ? 'RCC' : 'regioner'}` });
  return { s, built };
}

const ALL21 = ['01', '03', '04', '05', '06', '07', '08', '09', '10', '12', '13', '14', '17', '18', '19', '20', '21', '22', '23', '24', '25'];

const idx = (rows: Row[], code: string) => rows.findIndex((r) => r.code === code);

// ---------------------------------------------------------------------------

function basic(c: Catalog): Family {
  const f = 'basic';
  const r24 = potRows(c, '2024', 'svf-payment-1');
  return {
    id: f,
    about: 'title one row above the header, Swedish words, kr, typed total',
    sheets: [
      tableSheet(c, { name: 'SVF 2026 utb 1', family: f, agreement: '2026', pot: 'svf-payment-1', plan: { titleAt: 'above1' } }).s,
      tableSheet(c, { name: 'SVF 2024 utb 1', family: f, agreement: '2024', pot: 'svf-payment-1', plan: { titleAt: 'above1' }, faults: [{ kind: 'row-amount', index: idx(r24, '05'), delta: 250_000 }] }).s,
      tableSheet(c, { name: 'SVF 2021 utb 1', family: f, agreement: '2021', pot: 'svf-payment-1', plan: { titleAt: 'above1' }, faults: [{ kind: 'total-wrong', delta: 1_000_000 }] }).s,
    ],
  };
}

function titleTwoAbove(c: Catalog): Family {
  const f = 'title-two-above';
  const r = potRows(c, '2026', 'svf-payment-1');
  return {
    id: f,
    about: 'title two rows above the header (subtitle between), SUM total',
    sheets: [
      tableSheet(c, { name: 'Fördelning 2026', family: f, agreement: '2026', pot: 'svf-payment-1', plan: { titleAt: 'above2', subtitle: 'Befolkning 31 december 2024', total: 'sum' }, faults: [{ kind: 'row-amount', index: idx(r, '12'), delta: -1_200_000 }] }).s,
      tableSheet(c, { name: 'Utbetalning 2 2024', family: f, agreement: '2024', pot: 'svf-payment-2', plan: { titleAt: 'above2', subtitle: 'Samtliga 21 regioner uppfyllde villkoren', total: 'sum' } }).s,
    ],
  };
}

function titleMerged(c: Catalog): Family {
  const f = 'title-merged';
  const r = potRows(c, '2021', 'svf-payment-1');
  return {
    id: f,
    about: 'title merged over the header columns, header on row 2',
    sheets: [
      tableSheet(c, { name: 'SVF 2026', family: f, agreement: '2026', pot: 'svf-payment-1', plan: { titleAt: 'merged', top: 1 } }).s,
      tableSheet(c, { name: 'SVF 2021', family: f, agreement: '2021', pot: 'svf-payment-1', plan: { titleAt: 'merged', top: 1 }, faults: [{ kind: 'share-wrong', index: idx(r, '20'), delta: 0.01 }] }).s,
    ],
  };
}

function english(c: Catalog): Family {
  const f = 'english';
  const r = potRows(c, '2024', 'svf-payment-1');
  return {
    id: f,
    about: 'English header words and title, "Total"',
    sheets: [
      tableSheet(c, { name: 'SVF 2026 payment 1', family: f, agreement: '2026', pot: 'svf-payment-1', plan: { lang: 'en' } }).s,
      tableSheet(c, { name: 'SVF 2024 payment 1', family: f, agreement: '2024', pot: 'svf-payment-1', plan: { lang: 'en', shortNames: true }, faults: [{ kind: 'row-amount', index: idx(r, '18'), delta: 500_000 }] }).s,
    ],
  };
}

function lanColumn(c: Catalog): Family {
  const f = 'lan-column';
  const r = potRows(c, '2024', 'svf-payment-1');
  return {
    id: f,
    about: 'a Län column (county name or code) beside the region',
    sheets: [
      tableSheet(c, { name: 'Inklusion 2026', family: f, agreement: '2026', pot: 'svf-payment-2-inclusion', plan: { lan: 'name' }, titleText: 'SVF 2026, utbetalning 2: inklusionsmål (125 000 000 kr). Samtliga regioner uppfyllde villkoren.' }).s,
      tableSheet(c, { name: 'Län 2024', family: f, agreement: '2024', pot: 'svf-payment-1', plan: { lan: 'code', shortNames: true }, faults: [{ kind: 'row-amount', index: idx(r, '25'), delta: -300_000 }] }).s,
    ],
  };
}

function unitTkr(c: Catalog): Family {
  const f = 'unit-tkr';
  const r = potRows(c, '2021', 'svf-payment-1');
  return {
    id: f,
    about: 'amounts in tkr (whole), unit in the header',
    sheets: [
      tableSheet(c, { name: 'Tkr 2026', family: f, agreement: '2026', pot: 'svf-payment-1', plan: { unit: 'tkr' } }).s,
      tableSheet(c, { name: 'Tkr 2021', family: f, agreement: '2021', pot: 'svf-payment-1', plan: { unit: 'tkr', total: 'sum' }, faults: [{ kind: 'row-amount', index: idx(r, '14'), delta: 900 }] }).s,
    ],
  };
}

function unitMkr(c: Catalog): Family {
  const f = 'unit-mkr';
  return {
    id: f,
    about: 'amounts in Mkr with one decimal, unit in the title or the header',
    sheets: [
      tableSheet(c, { name: 'Mkr 2026', family: f, agreement: '2026', pot: 'svf-payment-1', plan: { unit: 'Mkr', unitIn: 'title' }, titleText: `${title('2026', 'svf-payment-1', 'sv')}. Belopp i Mkr` }).s,
      tableSheet(c, { name: 'Mkr 2024', family: f, agreement: '2024', pot: 'svf-payment-1', plan: { unit: 'Mkr' }, faults: [{ kind: 'total-wrong', delta: 10 }] }).s,
    ],
  };
}

function sharePercent(c: Catalog): Family {
  const f = 'share-percent';
  const r = potRows(c, '2024', 'svf-payment-1');
  return {
    id: f,
    about: 'shares as percentages (0.00 %), total 100 %',
    sheets: [
      tableSheet(c, { name: 'Procent 2026', family: f, agreement: '2026', pot: 'svf-payment-1', plan: { share: 'percent' } }).s,
      tableSheet(c, { name: 'Procent 2024', family: f, agreement: '2024', pot: 'svf-payment-1', plan: { share: 'percent' }, faults: [{ kind: 'share-wrong', index: idx(r, '03'), delta: 0.012 }] }).s,
    ],
  };
}

function shareFull(c: Catalog): Family {
  const f = 'share-full-precision';
  const r = potRows(c, '2021', 'svf-payment-1');
  return {
    id: f,
    about: 'shares as =C5/C$26 (full precision, General), SUM totals',
    sheets: [
      tableSheet(c, { name: 'Andel formel 2026', family: f, agreement: '2026', pot: 'svf-payment-1', plan: { share: 'formula', total: 'sum' } }).s,
      tableSheet(c, { name: 'Andel formel 2021', family: f, agreement: '2021', pot: 'svf-payment-1', plan: { share: 'formula', total: 'sum' }, faults: [{ kind: 'row-amount', index: idx(r, '07'), delta: 75_000 }] }).s,
    ],
  };
}

function sumTotal(c: Catalog): Family {
  const f = 'sum-total';
  const r24 = potRows(c, '2024', 'svf-payment-1');
  const r26 = potRows(c, '2026', 'svf-payment-2-inclusion');
  return {
    id: f,
    about: 'every total a =SUM of its rows (cached by exceljs, not by the minimal writer)',
    sheets: [
      tableSheet(c, { name: 'Summa 2026', family: f, agreement: '2026', pot: 'svf-payment-1', plan: { total: 'sum' } }).s,
      tableSheet(c, { name: 'Summa 2024', family: f, agreement: '2024', pot: 'svf-payment-1', plan: { total: 'sum' }, faults: [{ kind: 'row-amount', index: idx(r24, '01'), delta: 2_000_000 }] }).s,
      tableSheet(c, { name: 'Summa inklusion 2026', family: f, agreement: '2026', pot: 'svf-payment-2-inclusion', plan: { total: 'sum' }, titleText: 'SVF 2026, utbetalning 2: inklusionsmål (125 000 000 kr), alla regioner uppfyllde villkoren', faults: [{ kind: 'text-number', index: idx(r26, '19') }] }).s,
    ],
  };
}

function hiddenRow(c: Catalog): Family {
  const f = 'hidden-row';
  const r = potRows(c, '2024', 'svf-payment-1');
  return {
    id: f,
    about: 'a region row hidden inside the table',
    sheets: [
      tableSheet(c, { name: 'Dold rad 2026', family: f, agreement: '2026', pot: 'svf-payment-1', plan: { hidden: [7] } }).s,
      tableSheet(c, { name: 'Dold rad 2024', family: f, agreement: '2024', pot: 'svf-payment-1', plan: { hidden: [3, 4] }, faults: [{ kind: 'row-amount', index: idx(r, '22'), delta: 400_000 }] }).s,
    ],
  };
}

function blankRow(c: Catalog): Family {
  const f = 'blank-row';
  const r = potRows(c, '2021', 'svf-payment-1');
  return {
    id: f,
    about: 'one blank row inside the table',
    sheets: [
      tableSheet(c, { name: 'Tom rad 2026', family: f, agreement: '2026', pot: 'svf-payment-1', plan: { blankAfter: 9 } }).s,
      tableSheet(c, { name: 'Tom rad 2021', family: f, agreement: '2021', pot: 'svf-payment-1', plan: { blankAfter: 5 }, faults: [{ kind: 'row-amount', index: idx(r, '21'), delta: -150_000 }] }).s,
    ],
  };
}

function sideNote(c: Catalog): Family {
  const f = 'side-note';
  const r26 = potRows(c, '2026', 'svf-payment-1');
  const r24 = potRows(c, '2024', 'svf-payment-1');
  const a = tableSheet(c, { name: 'Sidonot 2026', family: f, agreement: '2026', pot: 'svf-payment-1' });
  writeFacts(a.s, a.built.headerRow + 1, a.built.lastCol + 2, [{ label: 'SVF totalt 2026', value: 500_000_000, fmt: '#,##0' }]);
  const b = tableSheet(c, { name: 'Sidonot fel 2026', family: f, agreement: '2026', pot: 'svf-payment-1', faults: [{ kind: 'row-amount', index: idx(r26, '06'), delta: 600_000 }] });
  writeFacts(b.s, b.built.headerRow + 1, b.built.lastCol + 2, [{ label: 'SVF totalt 2026', value: 375_000_000, fmt: '#,##0', wrong: { expect: 'facts.pot-total', what: 'SVF total 2026 is 500 000 000, not 375 000 000' } }]);
  const d = tableSheet(c, { name: 'Sidonot 2024', family: f, agreement: '2024', pot: 'svf-payment-1', faults: [{ kind: 'row-amount', index: idx(r24, '10'), delta: -90_000 }] });
  put(d.s, d.built.headerRow, d.built.lastCol + 2, 'Källa: överenskommelsen för 2024');
  writeFacts(d.s, d.built.headerRow + 2, d.built.lastCol + 2, [{ label: 'Utbetalning 1', value: 182_500_000, fmt: '#,##0' }]);
  return { id: f, about: 'side notes two columns right of the table (label | value)', sheets: [a.s, b.s, d.s] };
}

function facts2026(wrong: { date?: boolean; total?: boolean; threshold?: boolean }): FactSpec[] {
  return [
    wrong.date
      ? { label: 'Redovisning senast', value: '31 oktober 2026', wrong: { expect: 'facts.date', what: 'the reports are due 30 September 2026' } }
      : { label: 'Redovisning senast', value: svDate('2026-09-30') },
    { label: 'Rekvisition senast', value: svDate('2026-12-01') },
    wrong.threshold ? { label: 'Inklusionsmål', value: 0.75, fmt: '0%', wrong: { expect: 'facts.threshold', what: 'the inclusion target is 70 %' } } : { label: 'Inklusionsmål', value: 0.7, fmt: '0%' },
    wrong.total
      ? { label: 'SVF totalt 2026', value: 375_000_000, fmt: '#,##0', wrong: { expect: 'facts.pot-total', what: 'SVF total 2026 is 500 000 000' } }
      : { label: 'SVF totalt 2026', value: 500_000_000, fmt: '#,##0' },
  ];
}

function labelValue(c: Catalog): Family {
  const f = 'label-value';
  const a = tableSheet(c, { name: 'Fakta 2026', family: f, agreement: '2026', pot: 'svf-payment-1' });
  writeFacts(a.s, a.built.lastRow + 3, 0, [...facts2026({}), { label: 'Utbetalning 1 senast', value: svDate('2026-12-01'), date: '2026-12-01' }]);
  const b = tableSheet(c, { name: 'Fakta fel 2026', family: f, agreement: '2026', pot: 'svf-payment-1' });
  writeFacts(b.s, b.built.lastRow + 3, 0, facts2026({ date: true, total: true }));
  const d = tableSheet(c, { name: 'Fakta 2024', family: f, agreement: '2024', pot: 'svf-payment-1' });
  writeFacts(d.s, d.built.lastRow + 3, 0, [
    { label: 'Inklusionsmål', value: '75 %', wrong: { expect: 'facts.threshold', what: 'the 2024 inclusion target is 70 %' } },
    { label: 'Slutredovisning Socialstyrelsen', value: svDate('2025-03-31') },
    { label: 'Utbetalning 2', value: '182 500 000 kr' },
  ]);
  const e = newSheet('Nyckeltal 2026', f, '2026', '-', ['facts-only']);
  put(e, 0, 0, { v: 'Cancervård 2026 – nyckeltal ur överenskommelsen', bold: true });
  writeFacts(e, 2, 0, [
    { label: 'Utbetalning 1', value: 250_000_000, fmt: '#,##0' },
    { label: 'Utbetalning 2', value: 250_000_000, fmt: '#,##0' },
    { label: 'Ledtidsmål per SVF', value: 0.6, fmt: '0%' },
    { label: 'Rekvisition senast', value: '1 november 2026', wrong: { expect: 'facts.date', what: 'the requisition is due 1 December 2026' } },
    { label: 'Redovisning senast', value: svDate('2026-09-30') },
    { label: 'Återbetalning av medel som inte använts', value: svDate('2027-04-30'), date: '2027-04-30', wrong: { expect: 'facts.date', what: 'unused money is repaid by 31 March 2027' } },
  ]);
  return { id: f, about: 'facts as a label cell and a value cell below the table or alone', sheets: [a.s, b.s, d.s, e] };
}

function regionMoney(c: Catalog, agreement: string, code: string): Decimal {
  const pots = c.agreements.find((a) => a.id === agreement)!.pots.filter((p) => p.recipients === 'regions');
  return pots.reduce((x, p) => x.plus(potRows(c, agreement, p.id).find((r) => r.code === code)!.amount), new Decimal(0));
}

function prose(c: Catalog): Family {
  const f = 'prose';
  const dalarna = regionMoney(c, '2026', '20');
  const uppsala = regionMoney(c, '2024', '03');
  const a = newSheet('Budget Dalarna 2026', f, '2026', '-', ['prose']);
  put(a, 0, 0, { v: 'Region Dalarna – cancervård 2026', bold: true });
  writeSentences(a, 2, 0, [
    { text: 'Enligt överenskommelsen för 2026 avsätts totalt 500 miljoner kronor till regionerna för standardiserade vårdförlopp.' },
    { text: `Region Dalarna får ca ${mkr1(dalarna)} mkr fördelat på två utbetalningar.` },
    { text: 'Inklusionsmålet är 70 procent.' },
  ]);
  const b = newSheet('Budget Dalarna fel', f, '2026', '-', ['prose']);
  put(b, 0, 0, { v: 'Region Dalarna – cancervård 2026', bold: true });
  writeSentences(b, 2, 0, [
    { text: 'Region Dalarna får ca 10 mkr fördelat på två utbetalningar.', wrong: { expect: 'facts.region-share', what: `Dalarna's 2026 SVF money is ${spaced(dalarna)} kr` } },
    { text: 'För den andra utbetalningen krävs att inklusionsmålet 75 procent nås.', wrong: { expect: 'facts.threshold', what: 'the inclusion target is 70 %' } },
    { text: 'Regionernas SVF-redovisningar ska vara inne senast den 30 september 2026.' },
  ]);
  const d = newSheet('Budget Uppsala 2024', f, '2024', '-', ['prose']);
  put(d, 0, 0, { v: 'Region Uppsala – SVF-medel 2024', bold: true });
  writeSentences(d, 2, 0, [
    { text: 'Totalt 365 miljoner kronor avsätts 2024 för standardiserade vårdförlopp, fördelat på två utbetalningar.' },
    { text: `Region Uppsala får ca ${mkr1(uppsala.times(1.4))} mkr under 2024.`, wrong: { expect: 'facts.region-share', what: `Uppsala's 2024 SVF money is ${spaced(uppsala)} kr` } },
  ]);
  const norr = potRows(c, '2021', 'svf-payment-1').find((r) => r.code === '25')!;
  const e = newSheet('Budget Norrbotten 2021', f, '2021', '-', ['prose']);
  put(e, 0, 0, { v: 'Region Norrbotten – statsbidrag för kortare väntetider 2021', bold: true });
  writeSentences(e, 2, 0, [
    { text: `Region Norrbotten får ${spaced(norr.amount)} kronor i den första utbetalningen 2021.` },
    { text: 'Totalt 370 miljoner kronor fördelas på tre utbetalningar.', wrong: { expect: 'facts.payment-count', what: 'the 2021 SVF money is paid in two rounds' } },
  ]);
  return { id: f, about: 'facts in sentences (region share, totals, thresholds, dates, payment count)', sheets: [a, b, d, e] };
}

function missing(c: Catalog): Family {
  const f = 'missing-recipient';
  return {
    id: f,
    about: 'one region left out of a 21-region table',
    sheets: [
      tableSheet(c, { name: 'Saknas Gotland 2026', family: f, agreement: '2026', pot: 'svf-payment-1', faults: [{ kind: 'missing', code: '09' }] }).s,
      tableSheet(c, { name: 'Saknas Jämtland 2024', family: f, agreement: '2024', pot: 'svf-payment-1', plan: { total: 'sum' }, faults: [{ kind: 'missing', code: '23' }] }).s,
      tableSheet(c, { name: 'Saknas Kronoberg 2021', family: f, agreement: '2021', pot: 'svf-payment-1', faults: [{ kind: 'missing', code: '07' }] }).s,
    ],
  };
}

function duplicate(c: Catalog): Family {
  const f = 'duplicate-recipient';
  return {
    id: f,
    about: 'a region listed twice',
    sheets: [
      tableSheet(c, { name: 'Dubblett 2026', family: f, agreement: '2026', pot: 'svf-payment-1', faults: [{ kind: 'duplicate', code: '03', at: 'adjacent' }] }).s,
      tableSheet(c, { name: 'Dubblett 2024', family: f, agreement: '2024', pot: 'svf-payment-1', plan: { total: 'sum' }, faults: [{ kind: 'duplicate', code: '12', at: 'end' }] }).s,
    ],
  };
}

function extra(c: Catalog): Family {
  const f = 'extra-recipient';
  return {
    id: f,
    about: 'a recipient that is not one of the pot’s',
    sheets: [
      tableSheet(c, { name: 'Extra 2026', family: f, agreement: '2026', pot: 'svf-payment-1', faults: [{ kind: 'extra', name: 'Sveriges Kommuner och Regioner', amount: 5_000_000 }] }).s,
      tableSheet(c, { name: 'Extra 2021', family: f, agreement: '2021', pot: 'svf-payment-1', plan: { total: 'sum' }, faults: [{ kind: 'extra', name: 'Socialstyrelsen', amount: 800_000 }] }).s,
    ],
  };
}

/** The government's December 2025 shape: 182 500 000 kr to the 18 qualifying regions; Gävleborg, Halland, Västerbotten not. */
const NOT_2025 = ['13', '21', '24'];
const NOT_2026 = ['09', '17', '25'];
const NOT_BREAST = ['01', '12', '14', '20'];

function conditionalRows(c: Catalog, agreement: string, pot: string, not: string[]): Row[] {
  const all = potRows(c, agreement, pot);
  const paid = potRows(c, agreement, pot, all.map((r) => r.code).filter((x) => !not.includes(x)));
  return all.map((r) => {
    const p = paid.find((x) => x.code === r.code);
    // The table lists all 21; the share column is the share among the qualifying (blank for the others).
    return p ? { ...r, population: r.population, share: p.share, amount: p.amount } : { ...r, share: null, amount: new Decimal(0) };
  });
}

function conditional(c: Catalog): Family {
  const f = 'conditional';
  const t24 = 'SVF 2024, andra utbetalningen: 182 500 000 kr till de 18 regioner som uppfyller villkoren (inklusionsmålet 70 procent och PREM), fördelat efter befolkning';
  const t26 = 'SVF 2026, utbetalning 2: inklusionsmål, 125 000 000 kr till de regioner som uppfyllde villkoren';
  const r24 = conditionalRows(c, '2024', 'svf-payment-2', NOT_2025);
  const r26 = conditionalRows(c, '2026', 'svf-payment-2-inclusion', NOT_2026);
  const full24 = potRows(c, '2024', 'svf-payment-2');
  const breast = partRows(c, '2026', 'svf-payment-2-leadtime', 0, ALL21.filter((x) => !NOT_BREAST.includes(x)));
  const mk = (name: string, agreement: string, pot: string, rows: Row[], t: string, not: string[], as: 'zero' | 'blank', faults: TableFault[] = [], plan: Partial<TablePlan> = {}) =>
    tableSheet(c, { name, family: f, agreement, pot, rows, titleText: t, plan: { share: 'none', zero: { codes: not, as }, ...plan }, faults, reading: `${agreement}, ${pot}, ${21 - not.length} qualifying regions (${not.join(', ')} not)` }).s;
  return {
    id: f,
    about: 'conditional payment split among the qualifying regions, the others 0 or blank',
    sheets: [
      mk('Villkorad 2024 noll', '2024', 'svf-payment-2', r24, t24, NOT_2025, 'zero'),
      mk('Villkorad 2024 tom', '2024', 'svf-payment-2', r24, t24, NOT_2025, 'blank'),
      mk('Villkorad 2024 fel', '2024', 'svf-payment-2', r24, t24, NOT_2025, 'zero', [{ kind: 'row-amount', index: idx(r24, '05'), delta: 350_000 }]),
      mk('Villkorad 2024 Halland', '2024', 'svf-payment-2', r24, t24, NOT_2025.filter((x) => x !== '13'), 'blank', [{ kind: 'nonqualifying-paid', code: '13', amount: full24.find((x) => x.code === '13')!.amount }]),
      mk('Villkorad 2026 tom', '2026', 'svf-payment-2-inclusion', r26, t26, NOT_2026, 'blank'),
      mk('Villkorad 2026 fel', '2026', 'svf-payment-2-inclusion', r26, t26, NOT_2026, 'zero', [{ kind: 'row-amount', index: idx(r26, '14'), delta: -700_000 }], { total: 'sum' }),
      mk('Ledtid bröst 2026', '2026', 'svf-payment-2-leadtime', breast, 'SVF 2026, utbetalning 2, ledtidsmål: SVF bröstcancer, 41 666 667 kr till de regioner som uppfyllde villkoren', NOT_BREAST, 'blank'),
      mk('Conditional 2024 (en)', '2024', 'svf-payment-2', r24, 'SVF 2024, second payment: SEK 182 500 000 to the 18 regions that met the conditions, by population', NOT_2025, 'blank', [{ kind: 'row-amount', index: idx(r24, '22'), delta: 250_000 }], { lang: 'en' }),
    ],
  };
}

function rccSix(c: Catalog): Family {
  const f = 'rcc-six';
  const pat = potRows(c, '2024', 'patologi');
  return {
    id: f,
    about: 'the six RCC: population splits and equal splits',
    sheets: [
      tableSheet(c, { name: 'Rehab 2026', family: f, agreement: '2026', pot: 'rehabilitering' }).s,
      tableSheet(c, { name: 'Patologi 2024', family: f, agreement: '2024', pot: 'patologi', faults: [{ kind: 'row-amount', index: idx(pat, 'rcc-syd'), delta: 1_000_000 }] }).s,
      tableSheet(c, { name: 'Barncancer 2026', family: f, agreement: '2026', pot: 'barncancer', plan: { titleAt: 'above1' } }).s,
      tableSheet(c, { name: 'Barncancer 2021', family: f, agreement: '2021', pot: 'barncancer', plan: { titleAt: 'above1' }, faults: [{ kind: 'total-wrong', delta: 500_000 }] }).s,
      tableSheet(c, { name: 'Primary care 2026', family: f, agreement: '2026', pot: 'primarvard', plan: { lang: 'en', unit: 'Mkr' } }).s,
    ],
  };
}

function rccMembers(c: Catalog): Family {
  const f = 'rcc-members';
  const norr = memberRows(c, '2026', 'svf-payment-1', ['22', '23', '24', '25']);
  const mellan = memberRows(c, '2024', 'svf-payment-1', ['03', '04', '17', '18', '19', '20', '21']);
  const sydost = memberRows(c, '2026', 'svf-payment-1', ['05', '06', '08']);
  const noShare = { share: 'none' as const };
  return {
    id: f,
    about: 'one RCC’s member regions with their amounts of the national split, Summa of the members',
    sheets: [
      tableSheet(c, { name: 'RCC Norr 2026', family: f, agreement: '2026', pot: 'svf-payment-1', rows: norr, plan: noShare, titleText: 'RCC Norr – regionernas medel för SVF 2026, utbetalning 1', reading: '2026, svf-payment-1, RCC Norr members' }).s,
      tableSheet(c, { name: 'RCC Mellansverige 2024', family: f, agreement: '2024', pot: 'svf-payment-1', rows: mellan, plan: noShare, titleText: 'RCC Mellansverige – SVF 2024, första utbetalningen per region', faults: [{ kind: 'row-amount', index: idx(mellan, '19'), delta: 200_000 }], reading: '2024, svf-payment-1, RCC Mellansverige members' }).s,
      tableSheet(c, { name: 'RCC Sydöst 2026', family: f, agreement: '2026', pot: 'svf-payment-1', rows: sydost, plan: { ...noShare, unit: 'tkr' }, titleText: 'RCC Sydöst – SVF 2026 utbetalning 1 per region', reading: '2026, svf-payment-1, RCC Sydöst members' }).s,
    ],
  };
}

function roundFormula(c: Catalog): Family {
  const f = 'round-formula';
  const r = potRows(c, '2024', 'svf-payment-1');
  return {
    id: f,
    about: 'amounts as =ROUND(B5/B$26*pot;0) formulas (half-up per row, within 1 kr), SUM total',
    sheets: [
      tableSheet(c, { name: 'AVRUNDA 2026', family: f, agreement: '2026', pot: 'svf-payment-1', plan: { roundFormula: true, total: 'sum', share: 'none' } }).s,
      tableSheet(c, { name: 'AVRUNDA 2024', family: f, agreement: '2024', pot: 'svf-payment-1', plan: { roundFormula: true, total: 'sum', share: 'none' }, faults: [{ kind: 'row-amount', index: idx(r, '08'), delta: 120_000 }] }).s,
    ],
  };
}

function headerWords(c: Catalog): Family {
  const f = 'header-words';
  const r = potRows(c, '2026', 'svf-payment-1');
  return {
    id: f,
    about: 'other header words: Region/landsting, Antal invånare, Andel av riket, Tilldelning; Recipient, Inhabitants, Allocation',
    sheets: [
      tableSheet(c, { name: 'Tilldelning 2024', family: f, agreement: '2024', pot: 'svf-payment-1', plan: { recipientHeader: 'Region/landsting', populationHeader: 'Antal invånare 31 dec 2023', shareHeader: 'Andel av riket', amountHeader: 'Tilldelning, kr', totalLabel: 'Totalt' } }).s,
      tableSheet(c, { name: 'Allocation 2026', family: f, agreement: '2026', pot: 'svf-payment-1', plan: { lang: 'en', recipientHeader: 'Recipient', populationHeader: 'Inhabitants', shareHeader: 'Share of total', amountHeader: 'Allocation (SEK)', totalLabel: 'Grand total' }, faults: [{ kind: 'row-amount', index: idx(r, '17'), delta: -450_000 }] }).s,
    ],
  };
}

function offset(c: Catalog): Family {
  const f = 'offset-comments';
  const liv = potRows(c, '2026', 'livmoderhalscancer');
  const a = tableSheet(c, { name: 'Budget SVF 2021', family: f, agreement: '2021', pot: 'svf-payment-1', plan: { top: 6, left: 2 } });
  put(a.s, 6, a.built.lastCol + 1, { v: 'Kommentar', bold: true });
  put(a.s, 7, a.built.lastCol + 1, 'Rekvirerat i januari');
  put(a.s, 12, a.built.lastCol + 1, 'Kontrollera mot beslutet');
  const b = tableSheet(c, { name: 'Livmoderhals 2026', family: f, agreement: '2026', pot: 'livmoderhalscancer', plan: { top: 4, left: 1 }, faults: [{ kind: 'row-amount', index: idx(liv, 'rcc-norr'), delta: 300_000 }] });
  put(b.s, 4, b.built.lastCol + 1, { v: 'Kommentar', bold: true });
  put(b.s, 5, b.built.lastCol + 1, 'Inkl. administrativt stöd');
  return { id: f, about: 'table away from A1 (C7, B5) with a comment column beside it', sheets: [a.s, b.s] };
}

function twoTables(c: Catalog): Family {
  const f = 'two-tables';
  const inc = potRows(c, '2026', 'svf-payment-2-inclusion');
  const a = newSheet('Två tabeller 2026', f, '2026', 'svf-payment-1+svf-payment-2-inclusion');
  const t1 = writeTable(a, potRows(c, '2026', 'svf-payment-1'), { lang: 'sv', top: 2, left: 0, titleAt: 'above2', title: title('2026', 'svf-payment-1', 'sv'), share: 'none' });
  const t2 = writeTable(a, inc, { lang: 'sv', top: t1.lastRow + 4, left: 0, titleAt: 'above2', title: 'SVF 2026, utbetalning 2: inklusionsmål (125 000 000 kr), alla regioner uppfyllde villkoren', share: 'none' }, [{ kind: 'row-amount', index: idx(inc, '04'), delta: 100_000 }]);
  a.tables.push({ range: t1.range, agreement: '2026', pots: ['svf-payment-1'], recipients: ALL21, reading: '2026, svf-payment-1, 21 regioner' }, { range: t2.range, agreement: '2026', pots: ['svf-payment-2-inclusion'], recipients: ALL21, reading: '2026, svf-payment-2-inclusion, 21 regioner' });
  const b = newSheet('Sida vid sida 2024', f, '2024', 'svf-payment-1+svf-payment-2');
  const u1 = writeTable(b, potRows(c, '2024', 'svf-payment-1'), { lang: 'sv', top: 2, left: 0, titleAt: 'above1', title: title('2024', 'svf-payment-1', 'sv'), share: 'none', population: false });
  const u2 = writeTable(b, potRows(c, '2024', 'svf-payment-2'), { lang: 'sv', top: 2, left: u1.lastCol + 3, titleAt: 'above1', title: 'SVF 2024 – andra utbetalningen, samtliga regioner uppfyllde villkoren', share: 'none', population: false });
  b.tables.push({ range: u1.range, agreement: '2024', pots: ['svf-payment-1'], recipients: ALL21, reading: '2024, svf-payment-1, 21 regioner' }, { range: u2.range, agreement: '2024', pots: ['svf-payment-2'], recipients: ALL21, reading: '2024, svf-payment-2, 21 regioner' });
  return { id: f, about: 'two tables on a sheet, stacked or side by side', sheets: [a, b] };
}

function multiPot(c: Catalog): Family {
  const f = 'multi-pot';
  const a = newSheet('Utbetalningar 2024', f, '2024', 'svf-payment-1+svf-payment-2');
  const ta = writeMultiTable(a, [potRows(c, '2024', 'svf-payment-1'), potRows(c, '2024', 'svf-payment-2')], { lang: 'sv', top: 2, left: 0, title: 'SVF-medel 2024 per region: två utbetalningar om 182 500 000 kr (alla regioner uppfyllde villkoren)', headers: ['Utbetalning 1 (kr)', 'Utbetalning 2 (kr)'], rowTotal: 'sum', total: 'sum' });
  a.tables.push({ range: ta.range, agreement: '2024', pots: ['svf-payment-1', 'svf-payment-2'], recipients: ALL21, reading: '2024, svf-payment-1 | svf-payment-2, 21 regioner' });
  const b = newSheet('SVF-medel 2026', f, '2026', 'svf-payment-1+svf-payment-2-inclusion+svf-payment-2-leadtime');
  const tb = writeMultiTable(b, [potRows(c, '2026', 'svf-payment-1'), potRows(c, '2026', 'svf-payment-2-inclusion'), potRows(c, '2026', 'svf-payment-2-leadtime')], { lang: 'sv', top: 2, left: 0, title: 'SVF 2026 per region om alla regioner uppfyller villkoren', headers: ['Utbetalning 1', 'Inklusionsmål', 'Ledtidsmål'], rowTotal: 'number', total: 'number' }, [{ kind: 'row-amount', pot: 1, index: 11, delta: 500_000 }]);
  b.tables.push({ range: tb.range, agreement: '2026', pots: ['svf-payment-1', 'svf-payment-2-inclusion', 'svf-payment-2-leadtime'], recipients: ALL21, reading: '2026, svf-payment-1 | inclusion | leadtime, 21 regioner' });
  const d = newSheet('SVF 2021 båda', f, '2021', 'svf-payment-1+svf-payment-2');
  const td = writeMultiTable(d, [potRows(c, '2021', 'svf-payment-1'), potRows(c, '2021', 'svf-payment-2')], { lang: 'sv', top: 2, left: 0, title: 'Standardiserade vårdförlopp 2021: utbetalning 1 och 2 (185 + 185 miljoner kronor)', headers: ['Utbetalning 1', 'Utbetalning 2'], rowTotal: 'number', total: 'number' }, [{ kind: 'row-total-wrong', index: 4, delta: 1_000_000 }]);
  d.tables.push({ range: td.range, agreement: '2021', pots: ['svf-payment-1', 'svf-payment-2'], recipients: ALL21, reading: '2021, svf-payment-1 | svf-payment-2, 21 regioner' });
  return { id: f, about: 'several pots side by side (Utbetalning 1 | Utbetalning 2 | Totalt)', sheets: [a, b, d] };
}

function leadtime(c: Catalog): Family {
  const f = 'leadtime-parts';
  const r = potRows(c, '2026', 'svf-payment-2-leadtime');
  return {
    id: f,
    about: '2026’s lead-time part (three equal SVF parts) with every region qualifying',
    sheets: [
      tableSheet(c, { name: 'Ledtid 2026', family: f, agreement: '2026', pot: 'svf-payment-2-leadtime', titleText: `${title('2026', 'svf-payment-2-leadtime', 'sv')}; samtliga regioner uppfyllde villkoren`, plan: { share: 'none' } }).s,
      tableSheet(c, { name: 'Ledtid 2026 fel', family: f, agreement: '2026', pot: 'svf-payment-2-leadtime', titleText: `${title('2026', 'svf-payment-2-leadtime', 'sv')}; samtliga regioner uppfyllde villkoren`, plan: { share: 'none', total: 'sum' }, faults: [{ kind: 'row-amount', index: idx(r, '10'), delta: 80_000 }] }).s,
    ],
  };
}

/** A sheet the product itself writes (Fördela, Alla potter), carried over cell by cell: every cell on it is known correct (issue 8: what the product writes audits clean). */
function fromProduct(c: Catalog, spec: NewSheetSpec, name: string, agreement: string, pot: string): SheetSpec {
  const s = newSheet(name, 'product-output', agreement, pot, ['product']);
  spec.cells.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === null || v === '') return;
      const fmt = spec.formats?.find((b) => r >= b.fromRow && r <= b.toRow && c >= b.fromCol && c <= b.toCol)?.format;
      const a = put(s, r, c, { v, ...(fmt ? { fmt } : {}), ...(spec.boldRows?.includes(r) ? { bold: true } : {}) });
      s.correct.add(a); // every figure and sentence the product writes is right
    }),
  );
  (spec.columnWidths ?? []).forEach((w, i) => s.widths.set(i, w));
  const t = spec.table;
  const codes = (id: string) => allocate(c, { agreement, pot: id }).rows.map((r) => r.code);
  if (t && pot !== '-') s.tables.push({ range: `${colName(t.fromCol)}${t.fromRow + 1}:${colName(t.toCol)}${t.toRow + 2}`, agreement, pots: [pot], recipients: codes(pot), reading: `${agreement}, ${pot} (the product's own sheet)` });
  return s;
}

function productOutput(c: Catalog): Family {
  const sheet = (agreement: string, pot: string, name: string, lang: 'sv' | 'en', method?: 'half-up') =>
    fromProduct(c, allocationSheet(allocate(c, { agreement, pot, ...(method ? { method } : {}) }), c, lang), name, agreement, pot);
  return {
    id: 'product-output',
    about: 'sheets the product writes itself (Fördela, Alla potter): must audit clean',
    sheets: [
      sheet('2026', 'svf-payment-1', 'Produkt 2026 utb 1', 'sv'),
      sheet('2024', 'svf-payment-2', 'Produkt 2024 utb 2', 'sv'),
      sheet('2021', 'svf-payment-1', 'Produkt 2021 halvupp', 'sv', 'half-up'),
      sheet('2026', 'rehabilitering', 'Product 2026 rehab', 'en'),
      fromProduct(c, overviewSheet(c, '2026', {}, 'sv'), 'Produkt alla potter 2026', '2026', '-'),
    ],
  };
}

export const FAMILIES = [basic, titleTwoAbove, titleMerged, english, lanColumn, unitTkr, unitMkr, sharePercent, shareFull, sumTotal, hiddenRow, blankRow, sideNote, labelValue, prose, missing, duplicate, extra, conditional, rccSix, rccMembers, roundFormula, headerWords, offset, twoTables, multiPot, leadtime, productOutput];

export function corpus(catalog: Catalog): Family[] {
  return FAMILIES.map((f) => f(catalog));
}
