/**
 * The paperwork after the allocation: the requisition (rekvisition) and the economic report
 * (ekonomisk redovisning) the agreement prescribes (2026: section 6 and Bilaga 2), as
 * NewSheetSpec values laid out as the forms. The product fills what the rules give (the
 * recipient, the agreement's title, the amount from the allocation exact to the krona, the
 * period, the deadlines); the fields the sources leave to the user are input cells (the light
 * INPUT_FILL). The report's total costs and unspent money are formulas. Pure data, no Office.js.
 */
import { Decimal } from '../../core/decimal';
import type { Agreement, Catalog, Form, FormField, Pot, Requisitioner } from '../../core/model';
import type { Block, CellValue, NewSheetSpec } from '../../workbook/port';
import { EngineError } from '../../core/errors';
import { documentDate, formatCite, sectionName } from '../rules/cite';
import { makeOrganisationResolver, makeRegionResolver } from '../parse/regions';
import { findAgreement } from '../rules/catalog';
import { allocate } from '../allocate/allocate';
import { FORMAT_KR, methodText, populationWords, t, type Lang } from './common';
import { printable } from './print';

/** Cost lines the report sheet offers (a table the user fills; more rows can be inserted inside it). */
export const COST_LINES = 12;

/** The recipient of a form: a region (by name, län or alias) or SKR. */
export interface FormRecipient {
  kind: 'regions' | 'skr';
  /** Län code, or "skr". */
  code: string;
  name: string;
  /** For sheet names: "Gotland", "SKR". */
  short: string;
}

/** What one pot gives the recipient. */
export interface FormAmount {
  pot: Pot;
  amount: Decimal;
}

/** The figures a form is filled from. */
export interface FormFigures {
  agreement: Agreement;
  recipient: FormRecipient;
  requisitioner: Requisitioner;
  amounts: FormAmount[];
  total: Decimal;
  /** The population the regions' pots were split by, in both languages (absent for SKR). */
  population?: { sv: string; en: string };
}

function formsOf(agreement: Agreement) {
  if (!agreement.forms) {
    throw new EngineError('no-forms', {
      sv: `Överenskommelse ${agreement.id} beskriver ingen rekvisition eller ekonomisk redovisning i reglerna.`,
      en: `Agreement ${agreement.id} describes no requisition or economic report in its rules.`,
    });
  }
  return agreement.forms;
}

export function resolveRecipient(catalog: Catalog, name: string): FormRecipient {
  const region = makeRegionResolver(catalog.reference.regions)(name);
  if (region) return { kind: 'regions', code: region.code, name: region.name, short: region.name.replace(/^Region /, '') };
  const org = makeOrganisationResolver(catalog.reference.organisations)(name);
  if (org && org.id === 'skr') return { kind: 'skr', code: org.id, name: 'Sveriges Kommuner och Regioner (SKR)', short: 'SKR' };
  throw new EngineError('unknown-recipient', {
    sv: `Okänd mottagare "${name}": rekvisition görs av en region (t.ex. "Region Gotland") eller av SKR.`,
    en: `Unknown recipient "${name}": a requisition is made by a region (e.g. "Region Gotland") or by SKR.`,
  });
}

/** The recipient's pots and amounts: the allocation of each pot it requisitions (default: all of them), exact to the krona. */
export function formFigures(catalog: Catalog, agreementId: string, recipientName: string, pots?: string[]): FormFigures {
  const agreement = findAgreement(catalog, agreementId);
  const forms = formsOf(agreement);
  const recipient = resolveRecipient(catalog, recipientName);
  const requisitioner = (forms.requisitioners ?? []).find((r) => r.recipients === recipient.kind);
  if (!requisitioner) {
    throw new EngineError('no-requisition', {
      sv: `${recipient.name} rekvirerar inga medel enligt överenskommelse ${agreement.id}.`,
      en: `${recipient.name} requisitions no money under agreement ${agreement.id}.`,
    });
  }
  const wanted = pots && pots.length ? pots : requisitioner.pots;
  const titles = (l: Lang) => requisitioner.pots.map((id) => `${t(agreement.pots.find((p) => p.id === id)!.title, l)} (--pot ${id})`).join('; ');
  const amounts: FormAmount[] = [];
  let population: { sv: string; en: string } | undefined;
  for (const id of wanted) {
    if (!requisitioner.pots.includes(id)) {
      throw new EngineError('pot-not-requisitioned', {
        sv: `Potten "${id}" rekvireras inte av ${recipient.name}. ${t(requisitioner.who, 'sv')}: ${titles('sv')}.`,
        en: `The pot "${id}" is not requisitioned by ${recipient.name}. ${t(requisitioner.who, 'en')}: ${titles('en')}.`,
      });
    }
    const pot = agreement.pots.find((p) => p.id === id)!;
    if (recipient.kind === 'skr') {
      // SKR receives the whole pot (for the RCC through RCC i samverkan): the allocation's total.
      const amount = pot.split.by === 'unspecified' ? new Decimal(pot.amount) : allocate(catalog, { agreement: agreement.id, pot: id }).total;
      amounts.push({ pot, amount });
      continue;
    }
    const a = allocate(catalog, { agreement: agreement.id, pot: id });
    const row = a.rows.find((r) => r.code === recipient.code);
    amounts.push({ pot, amount: row ? row.amount : new Decimal(0) });
    population = { sv: populationWords(a.populationSource, a.populationDate, catalog, 'sv'), en: populationWords(a.populationSource, a.populationDate, catalog, 'en') };
  }
  const total = amounts.reduce((s, x) => s.plus(x.amount), new Decimal(0));
  return { agreement, recipient, requisitioner, amounts, total, ...(population ? { population } : {}) };
}

function sheetTitle(s: string): string {
  return s.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31).trim();
}

/** "1 januari 2026 – 31 december 2026", the forms' period (the agreement's year where the rules give none). */
export function periodText(agreement: Agreement, lang: Lang): string {
  const p = agreement.forms?.period ?? { from: `${agreement.year}-01-01`, to: `${agreement.year}-12-31` };
  return `${documentDate(p.from, lang)} – ${documentDate(p.to, lang)}`;
}

const num = (d: Decimal): number => Number(d.toString());

const L = {
  sv: { field: 'Uppgift', value: 'Värde', source: 'Källa', legend: 'Gröna celler fylls i av bidragsmottagaren; övriga uppgifter kommer ur överenskommelsen och fördelningen.', pots: 'Belopp per pott', costLine: 'Kostnadspost', amount: 'Belopp (kr)', repay: 'Att återbetala (ej förbrukat, om större än 0)', alternatives: 'Alternativ', to: 'Till Kammarkollegiet' },
  en: { field: 'Item', value: 'Value', source: 'Source', legend: 'Green cells are filled in by the grant recipient; the rest comes from the agreement and the allocation.', pots: 'Amount by pot', costLine: 'Cost item', amount: 'Amount (kr)', repay: 'To repay (unspent, if above 0)', alternatives: 'Alternatives', to: 'To Kammarkollegiet' },
};

/** The short section a field row shows ("Bilaga 2, rekvisition punkt 2"). */
const where = (f: { cite: { section: string } }, lang: Lang) => sectionName(f.cite.section, lang);

interface Builder {
  cells: CellValue[][];
  bold: number[];
  inputs: Block[];
  kr: number[];
  formulas: { row: number; col: number; formula: string }[];
  lists: (Block & { items: string[] })[];
  wrapB: number[];
}

function builder(): Builder {
  return { cells: [], bold: [], inputs: [], kr: [], formulas: [], lists: [], wrapB: [] };
}

function push(b: Builder, row: CellValue[], opts: { bold?: boolean; input?: boolean; kr?: boolean } = {}): number {
  b.cells.push(row);
  const i = b.cells.length - 1;
  if (opts.bold) b.bold.push(i);
  if (opts.input) b.inputs.push({ fromRow: i, toRow: i, fromCol: 1, toCol: 1 });
  if (opts.kr) b.kr.push(i);
  return i;
}

/** The alternatives of the finance director's review as the drop-down offers them (no commas: Excel's list separator). */
export function attestationItems(form: Form, lang: Lang): string[] {
  return (form.attestation ?? []).map((a) => {
    const n = a.id.replace(/^alt-/, '');
    return lang === 'sv' ? `Alt ${n} – ${a.correct ? 'redovisningen är korrekt' : 'redovisningen är inte korrekt'}` : `Alt ${n} – ${a.correct ? 'the report is correct' : 'the report is not correct'}`;
  });
}

/** A field's row: the product's value, or an input cell the user fills. Returns the row. */
function fieldRow(b: Builder, f: FormField, fig: FormFigures, form: Form, lang: Lang): number {
  const label = t(f.label, lang);
  const src = where(f, lang);
  switch (f.fill) {
    case 'recipient':
      return push(b, [label, fig.recipient.name, src]);
    case 'given':
      return push(b, [label, f.value ?? null, src]);
    case 'title':
      b.wrapB.push(b.cells.length);
      return push(b, [label, fig.agreement.title, src]);
    case 'amount':
    case 'agreed':
    case 'paid':
    case 'received':
      return push(b, [label, num(fig.total), src], { kr: true });
    case 'period':
      return push(b, [label, periodText(fig.agreement, lang), src]);
    case 'statement':
      b.wrapB.push(b.cells.length);
      return push(b, [label, f.cite.text, src]);
    case 'attestation': {
      const i = push(b, [label, null, src], { input: true });
      b.lists.push({ fromRow: i, toRow: i, fromCol: 1, toCol: 1, items: attestationItems(form, lang) });
      return i;
    }
    case 'costs':
    case 'total-costs':
    case 'unspent':
      // Laid out by the report (a table and formulas), not as one row.
      return -1;
    case 'user':
    default:
      return push(b, [label, null, src], { input: true });
  }
}

/** The form as a sheet: one page wide and, like the paper form, one page tall. */
function finish(b: Builder, name: string, headerRow: number): NewSheetSpec {
  const spec = printable({
    name,
    cells: b.cells,
    boldRows: b.bold,
    columnWidths: [44, 30, 18],
    formats: b.kr.map((row) => ({ fromRow: row, toRow: row, fromCol: 1, toCol: 1, format: FORMAT_KR })),
    inputs: b.inputs,
    ...(b.formulas.length ? { formulas: b.formulas } : {}),
    ...(b.lists.length ? { lists: b.lists } : {}),
    wrap: b.wrapB.map((row) => ({ fromRow: row, toRow: row, fromCol: 1, toCol: 1 })),
  }, { headerRow, wrapCols: [0, 1] });
  return { ...spec, pageSetup: { ...spec.pageSetup!, fitToPagesTall: 1 } };
}

function head(b: Builder, form: Form, fig: FormFigures, lang: Lang): number {
  push(b, [`${t(form.title, lang)} – ${fig.agreement.title}`], { bold: true });
  push(b, [`${L[lang].to}. ${L[lang].legend}`]);
  return push(b, [L[lang].field, L[lang].value, L[lang].source], { bold: true });
}

function potsBlock(b: Builder, fig: FormFigures, lang: Lang): void {
  push(b, []);
  push(b, [L[lang].pots], { bold: true });
  for (const x of fig.amounts) push(b, [`${fig.recipient.name}, ${lang === 'sv' ? 'andel av' : 'share of'} ${t(x.pot.title, lang).replace(/^./, (c) => c.toLowerCase())}`, num(x.amount), sectionName(x.pot.cite.section, lang)], { kr: true });
}

function provenance(b: Builder, form: Form, fig: FormFigures, lang: Lang): void {
  push(b, []);
  push(b, [formatCite(form.cite, lang)]);
  push(b, [`${t(fig.requisitioner.who, lang)}: ${formatCite(fig.requisitioner.cite, lang)}`]);
  for (const x of fig.amounts) push(b, [`${t(x.pot.title, lang)}: ${formatCite(x.pot.cite, lang)}`]);
  for (const d of form.deadlines) push(b, [`${t(d.what, lang)} ${documentDate(d.date, lang)}: ${formatCite(d.cite, lang)}`]);
  if (fig.population) push(b, [`${lang === 'sv' ? 'Befolkning' : 'Population'}: ${fig.population[lang]}`]);
  push(b, [methodText('largest-remainder', new Decimal(0), lang)]);
}

/** The requisition sheet (Bilaga 2, "Rekvisition"): points 1–4, the amount by pot, the deadline. */
export function requisitionSheet(catalog: Catalog, agreementId: string, recipient: string, pots: string[] | undefined, lang: Lang): NewSheetSpec {
  const fig = formFigures(catalog, agreementId, recipient, pots);
  const form = formsOf(fig.agreement).requisition;
  const b = builder();
  const headerRow = head(b, form, fig, lang);
  for (const p of form.points) {
    push(b, [`${p.point}. ${t(p.title, lang)}`], { bold: true });
    for (const f of p.fields) fieldRow(b, f, fig, form, lang);
  }
  potsBlock(b, fig, lang);
  push(b, []);
  for (const d of form.deadlines) push(b, [t(d.what, lang), documentDate(d.date, lang), sectionName(d.cite.section, lang)], { bold: true });
  provenance(b, form, fig, lang);
  return finish(b, sheetTitle(`${lang === 'sv' ? 'Rekvisition' : 'Requisition'} ${fig.agreement.id} ${fig.recipient.short}`), headerRow);
}

/** The economic report sheet (Bilaga 2, "Ekonomisk redovisning"): grant, cost lines, total and unspent as formulas, repayment, attestation, signature. */
export function reportSheet(catalog: Catalog, agreementId: string, recipient: string, pots: string[] | undefined, lang: Lang): NewSheetSpec {
  const fig = formFigures(catalog, agreementId, recipient, pots);
  const form = formsOf(fig.agreement).report;
  const repayment = form.deadlines.find((d) => d.kind === 'repayment');
  const b = builder();
  const headerRow = head(b, form, fig, lang);
  for (const p of form.points) {
    push(b, [`${p.point}. ${t(p.title, lang)}`], { bold: true });
    let received = -1;
    let totalRow = -1;
    let costs: [number, number] | null = null;
    for (const f of p.fields) {
      if (f.fill === 'costs') {
        push(b, [t(f.label, lang), null, where(f, lang)], { bold: true });
        push(b, [L[lang].costLine, L[lang].amount], { bold: true });
        const first = b.cells.length;
        for (let i = 0; i < COST_LINES; i++) push(b, [null, null], { kr: true });
        const last = b.cells.length - 1;
        b.inputs.push({ fromRow: first, toRow: last, fromCol: 0, toCol: 1 });
        costs = [first, last];
        continue;
      }
      if (f.fill === 'total-costs') {
        // The total sums exactly the cost lines.
        const [first, last] = costs ?? [b.cells.length, b.cells.length];
        totalRow = push(b, [t(f.label, lang), 0, where(f, lang)], { kr: true, bold: true });
        b.formulas.push({ row: totalRow, col: 1, formula: `=SUM(B${first + 1}:B${last + 1})` });
        continue;
      }
      if (f.fill === 'unspent') {
        const unspent = push(b, [t(f.label, lang), num(fig.total), where(f, lang)], { kr: true, bold: true });
        b.formulas.push({ row: unspent, col: 1, formula: `=B${received + 1}-B${totalRow + 1}` });
        const due = push(b, [L[lang].repay, num(fig.total), repayment ? sectionName(repayment.cite.section, lang) : null], { kr: true });
        b.formulas.push({ row: due, col: 1, formula: `=MAX(0,B${unspent + 1})` });
        if (repayment) push(b, [t(repayment.what, lang), documentDate(repayment.date, lang), sectionName(repayment.cite.section, lang)]);
        continue;
      }
      const row = fieldRow(b, f, fig, form, lang);
      if (f.fill === 'received') received = row;
      if (f.fill === 'attestation') {
        push(b, [L[lang].alternatives]);
        for (const a of form.attestation ?? []) push(b, [t(a.label, lang), null, sectionName(a.cite.section, lang)]);
      }
    }
  }
  potsBlock(b, fig, lang);
  push(b, []);
  for (const d of form.deadlines.filter((x) => x.kind === 'report')) push(b, [t(d.what, lang), documentDate(d.date, lang), sectionName(d.cite.section, lang)], { bold: true });
  provenance(b, form, fig, lang);
  for (const g of fig.agreement.gaps.filter((x) => /Section 6 dates SKR's economic report/.test(x.what.en))) push(b, [t(g.what, lang)]);
  return finish(b, sheetTitle(`${lang === 'sv' ? 'Ek. redovisning' : 'Economic report'} ${fig.agreement.id} ${fig.recipient.short}`), headerRow);
}

