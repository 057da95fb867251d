/**
 * The forms of the agreement (2026: Bilaga 2): a requisition or an economic report, the
 * product's own sheet or one filled by someone else, recognised by its Bilaga 2 headings
 * (a label with its value in the cell to its right, or right of the label's merged area).
 * Checked, each with the section it rests on:
 *   - the amount requisitioned is the recipient's allocation (Bilaga 2 rekvisition punkt 2; the pot's section);
 *   - the requisition is not dated after the requisition deadline (section 6);
 *   - the diarienummer fields hold Regeringskansliet's S20YY/NNNNN, and are not empty once the form is dated (section 6, Bilaga 2 punkt 2);
 *   - the organisationsnummer is NNNNNN-NNNN with its Luhn check digit (Bilaga 2 punkt 1);
 *   - the bankgiro (7–8 digits) or plusgiro (2–8 digits) has the right form and Luhn check digit (Bilaga 2 rekvisition punkt 3);
 *   - the period the form concerns is the agreement's year (section 6);
 *   - grant received (and paid) in the report is what the agreement paid the recipient (Bilaga 2 ek. red. punkt 2–3);
 *   - total costs are the sum of the cost lines (error);
 *   - unspent money is grant received − total costs (error);
 *   - unspent money above 0 is repaid in full by the repayment deadline, where the form
 *     states a repayment (amount or date); Bilaga 2 has no repayment field, so a form
 *     without one gives no finding (section 6);
 *   - exactly one attestation alternative of point 4 is chosen, once the report is being
 *     filled (some cost line entered); Alt 2 needs its deviations stated (error).
 * An empty field is not yet filled and gives no finding (except a diarienummer on a dated
 * form); a recipient the audit cannot name gives no amount finding (trust over cleverness).
 */
import { Decimal } from '../../../core/decimal';
import { cellA1 } from '../cells';
import { both, finding, kr } from '../messages';
import type { Check, CheckContext, Finding, FindingCite } from '../types';
import type { Cite, Form, FormFill, FormFieldFormat } from '../../../core/model';
import type { CellValue, Grid } from '../../../workbook/port';
import { parseAmount } from '../../parse/number';
import { datesInText, parseDate } from '../../parse/date';
import { documentDate } from '../../rules/cite';
import { formFigures } from '../../sheets/forms';
import { checkDiarienummer, checkGiro, checkOrgnr } from './form-ids';
import type { Lang } from '../../../core/lang';

const norm = (v: CellValue | undefined): string =>
  typeof v === 'string' ? v.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim() : '';

/** Bilaga 2's headings (accents folded, lower case), and the few other ways a hand-made form words them. */
const LABELS: Record<string, RegExp> = {
  recipient: /^(?:bidragsmottagare|grant recipient)\b/,
  requested: /^(?:belopp som rekvireras|amount requisitioned)\b/,
  received: /^(?:bidrag som erhallits|grant received)\b/,
  paid: /^(?:summa bidrag som utbetalats|total grant paid)\b/,
  costs: /^(?:kostnader|costs)\b/,
  total: /^(?:summa kostnader|total costs)\b/,
  unspent: /^(?:medel som inte har (?:forbrukats|utnyttjats)|money not (?:spent|used))\b/,
  attestation: /^(?:ekonomichefens bedomning|the finance director's assessment)\b/,
  deviations: /^(?:avvikelser|deviations)\b/,
  alt1: /^alt(?:ernativ|ernative)? ?1\b/,
  alt2: /^alt(?:ernativ|ernative)? ?2\b/,
  orgnr: /^(?:organisationsnummer|org\.? ?nr|organisation number)\b/,
  diarienummer: /^(?:(?:regeringskansliets )?diarienummer|government offices' registration number)\b/,
  giro: /^(?:bankgiro|plusgiro|bg ?\/ ?pg)\b/,
  date: /^(?:datum|date):?$/,
  period: /^(?:rekvisitionen avser perioden|period som den ekonomiska redovisningen avser|period|redovisningsperiod|avser perioden)\b/,
  repayAmount: /^(?:att aterbetala|belopp att aterbetala|aterbetalt belopp|aterbetalning|to repay)\b(?!.*\b(?:senast|by)\b)/,
  // The day the money was (or will be) repaid. The product's own row "… återbetalas till Kammarkollegiet senast" states the
  // deadline, a fact the facts check holds to the agreement; it is not a repayment.
  repayDate: /^(?:aterbetalningsdatum|aterbetalt den|aterbetalas den|datum for aterbetalning|date of repayment|repaid on)\b/,
};
/** Labels that occur more than once on a form (the two diarienummer). */
const MANY = new Set(['diarienummer']);
/** A first letter some label starts with (before accents are folded): a cheap filter for big sheets. */
const FIRST = /^\s*[abcdegkmoprstuå]/i;
/** A section reference (the product's "Källa" column), never a field's value. */
const SECTION_REF = /^(?:bilaga|annex|avsnitt|section|§)\b/i;

interface Hit {
  row: number;
  col: number;
}

/** A field's value cell: right of its label (or of the label's merged area). */
interface Field {
  row: number;
  col: number;
  value: CellValue | undefined;
}

function amountAt(v: CellValue | undefined): Decimal | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? new Decimal(v) : null;
  const p = parseAmount(v);
  return p.ok ? p.kronor : null;
}

const arithmetic = (sv: string, en: string): FindingCite => ({ source: 'aritmetik', section: '', text: sv, textEn: en });

function fieldCite(form: Form | undefined, fill: FormFill): Cite | undefined {
  return form?.points.flatMap((p) => p.fields).find((f) => f.fill === fill)?.cite;
}
function formatCite(form: Form | undefined, format: FormFieldFormat): Cite | undefined {
  return form?.points.flatMap((p) => p.fields).find((f) => f.format === format)?.cite;
}

const empty = (v: CellValue | undefined) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** Every total the recipient's pots can make (all of them, or the ones a form was written for), so a form for some pots is not called wrong. */
function acceptedTotals(amounts: { amount: Decimal }[]): Decimal[] {
  if (amounts.length > 16) return [amounts.reduce((s, x) => s.plus(x.amount), new Decimal(0))];
  const out: Decimal[] = [];
  for (let mask = 1; mask < 1 << amounts.length; mask++) {
    let s = new Decimal(0);
    amounts.forEach((x, i) => {
      if (mask & (1 << i)) s = s.plus(x.amount);
    });
    out.push(s);
  }
  return out;
}

interface FormScan {
  hits: Map<string, Hit[]>;
  /** The grid has Bilaga 2's headings. */
  form: boolean;
}

const scans = new WeakMap<object, FormScan>();
/** The Bilaga 2 labels of a grid, found once per grid. */
function scanForm(grid: Grid): FormScan {
  const cached = scans.get(grid);
  if (cached) return cached;
  const v = grid.values;
  const hits = new Map<string, Hit[]>();
  for (let i = 0; i < v.length; i++) {
    const row = v[i]!;
    for (let j = 0; j < row.length; j++) {
      const cell = row[j];
      if (typeof cell !== 'string' || cell.length < 4 || cell.length > 200 || !FIRST.test(cell)) continue;
      const t = norm(cell);
      for (const k in LABELS) {
        const list = hits.get(k);
        if (list && !MANY.has(k)) continue;
        if (LABELS[k]!.test(t)) {
          if (list) list.push({ row: i, col: j });
          else hits.set(k, [{ row: i, col: j }]);
          break;
        }
      }
    }
  }
  // A form has Bilaga 2's headings: at least two of its amount labels, or the amount requisitioned and the recipient.
  const formish = ['requested', 'received', 'total', 'unspent'].filter((k) => hits.has(k)).length;
  const scan = { hits, form: formish >= 2 || (hits.has('requested') && hits.has('recipient')) };
  scans.set(grid, scan);
  return scan;
}

/**
 * The row of a Bilaga 2 form's "Summa kostnader" below its "Kostnader": the forms check holds
 * that total to the cost lines between the two; a plain column sum over it would add the grant
 * received above them too (a false alarm on a correct form).
 */
export function formTotalRows(grid: Grid): Set<number> {
  const s = scanForm(grid);
  const costs = s.hits.get('costs')?.[0];
  const total = s.hits.get('total')?.[0];
  return new Set(s.form && costs && total && costs.row < total.row ? [total.row] : []);
}

/** Where merged areas that start at a cell end (their last column), by "row,col" within the grid. */
const mergeEnds = new WeakMap<object, Map<string, number>>();
function mergedEnd(grid: Grid): Map<string, number> {
  let m = mergeEnds.get(grid);
  if (m) return m;
  m = new Map();
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  for (const a of grid.merged ?? []) {
    const r = /^\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/.exec(a.replace(/^.*!/, ''));
    if (r) m.set(`${Number(r[2]) - 1 - grid.top},${col(r[1]!) - grid.left}`, col(r[3]!) - grid.left);
  }
  mergeEnds.set(grid, m);
  return m;
}

/**
 * A label's field: the cell right of it, or right of its merged area (a label merged over
 * A:C has its value in D). Nothing further right is taken: a column beyond may be the
 * product's "Källa" or a person's remark, never the field.
 */
function fieldOf(grid: Grid, h: Hit | undefined): Field | undefined {
  if (!h) return undefined;
  const col = (mergedEnd(grid).get(`${h.row},${h.col}`) ?? h.col) + 1;
  const value = grid.values[h.row]?.[col] ?? null;
  if (typeof value === 'string' && SECTION_REF.test(value.trim())) return { row: h.row, col, value: null };
  return { row: h.row, col, value };
}

/**
 * The amount cells of a Bilaga 2 form ("row,col" within the grid): the amounts' value cells
 * and the cost lines; null when the grid is not a form. Everything else on a form is text on
 * purpose (an organisationsnummer "2120000803", the period "2026", the cost table's heading
 * "Belopp (kr)"), so the input checks read only these cells as numbers there.
 */
export function formAmountCells(grid: Grid): Set<string> | null {
  const s = scanForm(grid);
  if (!s.form) return null;
  const out = new Set<string>();
  for (const k of ['requested', 'received', 'paid', 'total', 'unspent', 'repayAmount']) {
    for (const h of s.hits.get(k) ?? []) {
      const f = fieldOf(grid, h)!;
      out.add(`${f.row},${f.col}`);
    }
  }
  const costs = s.hits.get('costs')?.[0];
  const total = fieldOf(grid, s.hits.get('total')?.[0]);
  // The cost lines, but not the cost table's own heading ("Belopp (kr)").
  const heading = /^(?:belopp|amount|kronor|kr)\b/i;
  if (costs && total && costs.row < total.row) {
    for (let r = costs.row + 1; r < total.row; r++) {
      const x = grid.values[r]?.[total.col];
      if (!(typeof x === 'string' && heading.test(x.trim()))) out.add(`${r},${total.col}`);
    }
  }
  return out;
}

/** The form's diarienummer field the sources give a value for (fill "given"), matched to a label on the sheet. */
function givenDiarienummer(form: Form | undefined, label: string) {
  const given = (form?.points ?? []).flatMap((p) => p.fields).filter((f) => f.fill === 'given' && f.format === 'diarienummer' && f.value);
  return given.find((f) => {
    const sv = norm(f.label.sv);
    const en = norm(f.label.en);
    if (label === sv || label === en) return true;
    // Another writer's words: the payment decision's number is the one that says so.
    return /utbetalning/.test(f.id) && /utbetalning|payment decision/.test(label);
  });
}

function runForms(ctx: CheckContext): Finding[] {
  const { grid, agreement, catalog } = ctx;
  const v = grid.values;
  const { hits, form: isForm } = scanForm(grid);
  const hit = (k: string) => hits.get(k)?.[0];
  if (!isForm) return [];
  const isReport = hits.has('received') || hits.has('total') || hits.has('unspent');
  const forms = agreement.forms;
  const form = isReport ? forms?.report : forms?.requisition;

  const field = (h: Hit | undefined) => fieldOf(grid, h);
  const valueOf = (h: Hit | undefined) => field(h)?.value;
  const at = (f: Field) => cellA1(grid, f.row, f.col);
  const fmt = (f: Field) => grid.numberFormats[f.row]?.[f.col];
  const out: Finding[] = [];

  // The recipient's allocation (every total its pots can make).
  const recipientName = valueOf(hit('recipient'));
  let fig: ReturnType<typeof formFigures> | null = null;
  if (forms && typeof recipientName === 'string' && recipientName.trim()) {
    try {
      fig = formFigures(catalog, agreement.id, recipientName);
    } catch {
      fig = null; // not a recipient the rules know: no amount findings
    }
  }
  const totals = fig ? acceptedTotals(fig.amounts) : [];
  const pots = (l: Lang) => fig!.amounts.map((x) => `${x.pot.title[l]} ${kr(x.amount, l)}`).join(', ');
  const allocationFinding = (f: Field, amount: Decimal, rule: string, what: { sv: string; en: string }) => {
    if (!fig || totals.some((x) => x.eq(amount))) return;
    const some = fig.amounts.length > 1;
    out.push(finding(grid.sheet, at(f), 'error', rule,
      both((l) => l === 'sv'
        ? `${what.sv} är ${kr(amount, l)} men ${fig!.recipient.name}s fördelning enligt överenskommelse ${agreement.id} är ${kr(fig!.total, l)} (${pots(l)})${some ? ', eller summan av några av dessa potter' : ''}.`
        : `${what.en} is ${kr(amount, l)} but ${fig!.recipient.name}'s allocation under agreement ${agreement.id} is ${kr(fig!.total, l)} (${pots(l)})${some ? ', or the sum of some of these pots' : ''}.`),
      fig.amounts[0]?.pot.cite ?? fig.requisitioner.cite,
      { expected: fig.total.toFixed(0), actual: amount.toFixed(0) }));
  };

  // The amount requisitioned = the recipient's allocation (the pots it requisitions).
  const req = field(hit('requested'));
  const requested = amountAt(req?.value);
  if (req && requested) allocationFinding(req, requested, 'forms.requested-amount', { sv: 'Belopp som rekvireras', en: 'The amount requisitioned' });

  // Grant received and paid (the report) = what the agreement paid the recipient.
  const rec = field(hit('received'));
  const received = amountAt(rec?.value);
  if (rec && received) allocationFinding(rec, received, 'forms.received', { sv: 'Bidrag som erhållits', en: 'The grant received' });
  const paidF = field(hit('paid'));
  const paid = amountAt(paidF?.value);
  if (paidF && paid) allocationFinding(paidF, paid, 'forms.received', { sv: 'Summa bidrag som utbetalats', en: 'The grant paid' });

  // The requisition's date: not after the requisition deadline (the right to the grant lapses).
  const reqDeadline = forms?.requisition.deadlines.find((d) => d.kind === 'requisition');
  const dateF = field(hit('date'));
  const dated = !!dateF && !empty(dateF.value);
  if (!isReport && reqDeadline && dateF && dated) {
    const d = parseDate(dateF.value, { cellFormat: fmt(dateF) });
    if (d.ok && d.iso > reqDeadline.date) {
      out.push(finding(grid.sheet, at(dateF), 'error', 'forms.requisition-date',
        both((l) => l === 'sv'
          ? `Rekvisitionen är daterad ${documentDate(d.iso, l)}, efter sista dagen ${documentDate(reqDeadline.date, l)}; rätten till bidrag förfaller om rekvisitionen inte har kommit in i tid.`
          : `The requisition is dated ${documentDate(d.iso, l)}, after the deadline ${documentDate(reqDeadline.date, l)}; the right to the grant lapses if the requisition has not arrived in time.`),
        reqDeadline.cite, { expected: `<= ${reqDeadline.date}`, actual: d.iso }));
    }
  }

  // The diarienummer (Regeringskansliet's, S20YY/NNNNN): well formed, and there once the form is dated.
  const dnCite = formatCite(form, 'diarienummer');
  for (const h of hits.get('diarienummer') ?? []) {
    const f = field(h)!;
    const ok = checkDiarienummer(f.value);
    if (ok === null && !dated) continue;
    if (ok === true) {
      // A number the sources give (2021: the payment decision S2020/09796) must be that number.
      const given = givenDiarienummer(form, norm(v[h.row]?.[h.col]));
      const want = given?.value;
      const have = String(f.value).replace(/\s+/g, '').replace(/\(delvis\)$/, '');
      if (given && want && have !== want) {
        out.push(finding(grid.sheet, at(f), 'error', 'forms.diarienummer',
          both((l) => l === 'sv'
            ? `”${given.label.sv}” är ${want} enligt beslutet, inte ${have}.`
            : `"${given.label.en}" is ${want} per the decision, not ${have}.`),
          given.cite, { expected: want, actual: have }));
      }
      continue;
    }
    const missing = ok === null;
    const shown = typeof f.value === 'number' ? String(f.value) : String(f.value ?? '').trim();
    out.push(finding(grid.sheet, at(f), 'error', 'forms.diarienummer',
      both((l) => l === 'sv'
        ? missing ? 'Diarienumret saknas: Regeringskansliets diarienummer för överenskommelsen och för regeringsbeslutet om utbetalning ska framgå av samtliga handlingar (formen S20ÅÅ/NNNNN).' : `”${shown}” är inte ett diarienummer från Regeringskansliet i formen S20ÅÅ/NNNNN (t.ex. S2020/09796).`
        : missing ? "The registration number is missing: Regeringskansliet's registration numbers of the agreement and of the payment decision must appear on every document (form S20YY/NNNNN)." : `"${shown}" is not a Regeringskansliet registration number of the form S20YY/NNNNN (e.g. S2020/09796).`),
      dnCite ?? arithmetic('Diarienummer i formen S20ÅÅ/NNNNN', 'Registration number of the form S20YY/NNNNN'),
      { expected: 'S20YY/NNNNN', actual: shown }));
  }

  // The organisationsnummer: NNNNNN-NNNN with its Luhn check digit.
  const orgF = field(hit('orgnr'));
  const org = orgF ? checkOrgnr(orgF.value) : null;
  if (orgF && org && !org.ok) {
    const shown = String(orgF.value).trim();
    out.push(finding(grid.sheet, at(orgF), 'error', 'forms.orgnr',
      both((l) => org.reason === 'format'
        ? l === 'sv' ? `”${shown}” är inte ett organisationsnummer: det har tio siffror, NNNNNN-NNNN.` : `"${shown}" is not an organisation number: it has ten digits, NNNNNN-NNNN.`
        : l === 'sv' ? `Organisationsnumret ${shown} har fel kontrollsiffra: med de nio första siffrorna ska den sista vara ${org.expected} (Luhn).` : `The organisation number ${shown} has the wrong check digit: after its first nine digits the last must be ${org.expected} (Luhn).`),
      formatCite(form, 'orgnr') ?? arithmetic('Organisationsnummer: tio siffror med kontrollsiffra', 'Organisation number: ten digits with a check digit'),
      { expected: org.reason === 'format' ? 'NNNNNN-NNNN' : `${org.digits.slice(0, 9)}${org.expected}`, actual: shown }));
  }

  // Bankgiro / plusgiro: form and Luhn check digit.
  const giroF = field(hit('giro'));
  // One cell may hold both ("Bankgiro 5050-1055, plusgiro 90 20 03-3"): each part is checked, the first wrong one said.
  const giroParts = typeof giroF?.value === 'string' ? giroF.value.split(/\s*(?:[,;]|\boch\b|\band\b)\s*/i).filter((x) => x.trim()) : [giroF?.value];
  const giro = giroF ? (giroParts.map((x) => checkGiro(x ?? null)).find((x) => x && !x.ok) ?? null) : null;
  if (giroF && giro && !giro.ok) {
    const shown = String(giroF.value).trim();
    const name = (l: Lang) => giro.kind === 'bankgiro' ? (l === 'sv' ? 'bankgironummer' : 'bankgiro number') : giro.kind === 'plusgiro' ? (l === 'sv' ? 'plusgironummer' : 'plusgiro number') : (l === 'sv' ? 'bankgiro- eller plusgironummer' : 'bankgiro or plusgiro number');
    out.push(finding(grid.sheet, at(giroF), 'error', 'forms.giro',
      both((l) => giro.reason === 'format'
        ? l === 'sv' ? `”${shown}” är inte ett ${name(l)}: bankgiro har 7–8 siffror (NNN-NNNN eller NNNN-NNNN), plusgiro 2–8 siffror med kontrollsiffran efter bindestrecket.` : `"${shown}" is not a ${name(l)}: a bankgiro has 7–8 digits (NNN-NNNN or NNNN-NNNN), a plusgiro 2–8 digits with the check digit after the hyphen.`
        : l === 'sv' ? `${name(l).replace(/^./, (c) => c.toUpperCase())} ${shown} har fel kontrollsiffra: den sista siffran ska vara ${giro.expected} (Luhn).` : `The ${name(l)} ${shown} has the wrong check digit: the last digit must be ${giro.expected} (Luhn).`),
      formatCite(form, 'giro') ?? arithmetic('Bankgiro/plusgiro med kontrollsiffra', 'Bankgiro/plusgiro with a check digit'),
      { ...(giro.reason === 'check' ? { expected: `${giro.digits.slice(0, -1)}${giro.expected}` } : {}), actual: shown }));
  }

  // The period: the agreement's year (or the period the rules give).
  const perF = field(hit('period'));
  if (perF && !empty(perF.value)) {
    const from = forms?.period?.from ?? `${agreement.year}-01-01`;
    const to = forms?.period?.to ?? `${agreement.year}-12-31`;
    const x = perF.value;
    let dates: string[] = [];
    let years: number[] = [];
    if (typeof x === 'number') {
      if (Number.isInteger(x) && x >= 1990 && x <= 2100) years = [x];
      else {
        const d = parseDate(x, { cellFormat: fmt(perF) });
        if (d.ok) dates = [d.iso];
      }
    } else if (typeof x === 'string') {
      const d = parseDate(x);
      dates = d.ok ? [d.iso] : datesInText(x);
      if (!dates.length) years = [...x.matchAll(/(?<!\d)((?:19|20)\d{2})(?!\d)/g)].map((m) => Number(m[1]));
    }
    const outside = dates.length ? dates.some((d) => d < from || d > to) : years.length > 0 && years.some((y) => y < Number(from.slice(0, 4)) || y > Number(to.slice(0, 4)));
    if (outside) {
      const shown = String(x).trim();
      out.push(finding(grid.sheet, at(perF), 'error', 'forms.period',
        both((l) => l === 'sv'
          ? `Perioden ”${shown}” är inte överenskommelsens: överenskommelse ${agreement.id} gäller ${documentDate(from, l)} – ${documentDate(to, l)}.`
          : `The period "${shown}" is not the agreement's: agreement ${agreement.id} covers ${documentDate(from, l)} – ${documentDate(to, l)}.`),
        forms?.period?.cite ?? fieldCite(form, 'period') ?? arithmetic('Perioden är överenskommelsens år', "The period is the agreement's year"),
        { expected: `${from} – ${to}`, actual: shown }));
    }
  }

  // Total costs = the sum of the cost lines (the numbers under "Kostnader" above the total, in the total's value column).
  const totalF = field(hit('total'));
  const total = amountAt(totalF?.value);
  let lines = 0;
  if (totalF) {
    const costs = hit('costs');
    const from = costs && costs.row < totalF.row ? costs.row + 1 : totalF.row;
    let sum = new Decimal(0);
    for (let i = from; i < totalF.row; i++) {
      const x = amountAt(v[i]?.[totalF.col]);
      if (x) {
        sum = sum.plus(x);
        lines++;
      }
    }
    if (total && lines > 0 && !sum.eq(total)) {
      out.push(finding(grid.sheet, at(totalF), 'error', 'forms.total-costs',
        both((l) => l === 'sv'
          ? `Summa kostnader är ${kr(total, l)} men kostnadsposterna ovanför summerar till ${kr(sum, l)}.`
          : `Total costs are ${kr(total, l)} but the cost lines above sum to ${kr(sum, l)}.`),
        fieldCite(forms?.report, 'total-costs') ?? arithmetic('Summa kostnader = summan av kostnadsposterna', 'Total costs = the sum of the cost lines'),
        { expected: sum.toFixed(0), actual: total.toFixed(0) }));
    }
  }

  // Unspent = grant received − total costs.
  const unspentF = field(hit('unspent'));
  const unspent = amountAt(unspentF?.value);
  if (unspentF && unspent && received && total) {
    const want = received.minus(total);
    if (!want.eq(unspent)) {
      out.push(finding(grid.sheet, at(unspentF), 'error', 'forms.unspent',
        both((l) => l === 'sv'
          ? `Medel som inte har förbrukats är ${kr(unspent, l)} men bidrag − kostnader = ${kr(received, l)} − ${kr(total, l)} = ${kr(want, l)}.`
          : `Money not spent is ${kr(unspent, l)} but grant − costs = ${kr(received, l)} − ${kr(total, l)} = ${kr(want, l)}.`),
        fieldCite(forms?.report, 'unspent') ?? arithmetic('Medel som inte har förbrukats = bidrag − kostnader', 'Money not spent = grant − costs'),
        { expected: want.toFixed(0), actual: unspent.toFixed(0) }));
    }
  }

  // Unspent money above 0 is repaid, in full, by the repayment deadline (where the form states a repayment).
  const repayment = forms?.report.deadlines.find((d) => d.kind === 'repayment');
  // What is really unspent: grant − costs where both are there (a wrong unspent cell is its own finding), else the unspent cell.
  const left = received && total ? received.minus(total) : unspent;
  if (isReport && repayment && left && left.gt(0)) {
    const amtF = field(hit('repayAmount'));
    if (amtF) {
      const repaid = amountAt(amtF.value) ?? new Decimal(0);
      if (!repaid.eq(left)) {
        out.push(finding(grid.sheet, at(amtF), 'error', 'forms.repayment',
          both((l) => l === 'sv'
            ? `${kr(left, l)} har inte förbrukats men ${repaid.isZero() ? 'inget återbetalas' : `${kr(repaid, l)} återbetalas`}: medel som inte har använts ska återbetalas till Kammarkollegiet senast ${documentDate(repayment.date, l)}.`
            : `${kr(left, l)} is unspent but ${repaid.isZero() ? 'nothing is repaid' : `${kr(repaid, l)} is repaid`}: unused money must be repaid to Kammarkollegiet by ${documentDate(repayment.date, l)}.`),
          repayment.cite, { expected: left.toFixed(0), actual: repaid.toFixed(0) }));
      }
    }
    const dayF = field(hit('repayDate'));
    if (dayF && !empty(dayF.value)) {
      const d = parseDate(dayF.value, { cellFormat: fmt(dayF) });
      if (d.ok && d.iso > repayment.date) {
        out.push(finding(grid.sheet, at(dayF), 'error', 'forms.repayment',
          both((l) => l === 'sv'
            ? `${kr(left, l)} har inte förbrukats och återbetalas ${documentDate(d.iso, l)}, efter sista dagen ${documentDate(repayment.date, l)}.`
            : `${kr(left, l)} is unspent and repaid on ${documentDate(d.iso, l)}, after the deadline ${documentDate(repayment.date, l)}.`),
          repayment.cite, { expected: `<= ${repayment.date}`, actual: d.iso }));
      }
    }
  }

  // Attestation (point 4): exactly one alternative, once the report is being filled.
  const alts = forms?.report.attestation ?? [];
  const attCite = alts[0]?.cite ?? fieldCite(forms?.report, 'attestation');
  if (attCite && lines > 0) {
    const att = field(hit('attestation'));
    let chosen: ('alt1' | 'alt2')[] = [];
    let where: Field | undefined;
    if (att) {
      const t = norm(att.value);
      chosen = (['alt1', 'alt2'] as const).filter((k) => new RegExp(`alt(?:ernativ)? ?${k.slice(3)}\\b`).test(t));
      where = att;
    } else if (hits.has('alt1') || hits.has('alt2')) {
      // Another writer's form: the alternatives as rows, the choice a mark in the cell to the right.
      chosen = (['alt1', 'alt2'] as const).filter((k) => {
        const f = field(hit(k));
        const m = norm(f?.value);
        return f && m !== '' && !/^(nej|no|-|–)$/.test(m);
      });
      where = field(hit('alt1') ?? hit('alt2'));
    }
    if (where && chosen.length !== 1) {
      const none = chosen.length === 0;
      out.push(finding(grid.sheet, at(where), 'error', 'forms.attestation',
        both((l) => l === 'sv'
          ? none ? 'Ekonomichefens granskning (punkt 4): inget alternativ är valt; välj Alt 1 (korrekt) eller Alt 2 (inte korrekt).' : 'Ekonomichefens granskning (punkt 4): både Alt 1 och Alt 2 är valda; välj ett.'
          : none ? "The finance director's review (point 4): no alternative is chosen; choose Alt 1 (correct) or Alt 2 (not correct)." : "The finance director's review (point 4): both Alt 1 and Alt 2 are chosen; choose one."),
        attCite, { actual: none ? '' : 'Alt 1, Alt 2' }));
    } else if (chosen[0] === 'alt2') {
      const dev = field(hit('deviations'));
      if (!dev || norm(dev.value) === '') {
        const alt2 = alts.find((a) => a.deviations);
        out.push(finding(grid.sheet, at(dev ?? where!), 'error', 'forms.attestation-deviations',
          both((l) => l === 'sv' ? 'Alt 2 är valt men avvikelserna och eventuella åtgärder är inte redovisade.' : 'Alt 2 is chosen but the deviations and any actions are not stated.'),
          alt2?.cite ?? attCite));
      }
    }
  }
  return out;
}

const RULES: [string, string, string][] = [
  ['forms.requested-amount', 'Rekvirerat belopp = fördelningen', 'Amount requisitioned = the allocation'],
  ['forms.requisition-date', 'Rekvisitionen daterad senast sista dagen', 'Requisition dated by the deadline'],
  ['forms.diarienummer', 'Diarienummer S20ÅÅ/NNNNN', 'Registration number S20YY/NNNNN'],
  ['forms.orgnr', 'Organisationsnummer med rätt kontrollsiffra', 'Organisation number with its check digit'],
  ['forms.giro', 'Bankgiro/plusgiro med rätt kontrollsiffra', 'Bankgiro/plusgiro with its check digit'],
  ['forms.period', 'Perioden är överenskommelsens år', "The period is the agreement's year"],
  ['forms.received', 'Erhållet bidrag = det överenskommelsen betalat', 'Grant received = what the agreement paid'],
  ['forms.total-costs', 'Summa kostnader = kostnadsposterna', 'Total costs = the cost lines'],
  ['forms.unspent', 'Ej förbrukat = bidrag − kostnader', 'Unspent = grant − costs'],
  ['forms.repayment', 'Ej förbrukat återbetalas i tid', 'Unspent money repaid in time'],
  ['forms.attestation', 'Ett granskningsalternativ valt (punkt 4)', 'One review alternative chosen (point 4)'],
  ['forms.attestation-deviations', 'Alt 2 med avvikelser redovisade', 'Alt 2 with its deviations stated'],
];

/** The forms' findings of a grid, computed once for all its checks. */
const cache = new WeakMap<object, { agreement: string; findings: Finding[] }>();
function formFindings(ctx: CheckContext): Finding[] {
  const hit = cache.get(ctx.grid);
  if (hit && hit.agreement === ctx.agreement.id) return hit.findings;
  const findings = runForms(ctx);
  cache.set(ctx.grid, { agreement: ctx.agreement.id, findings });
  return findings;
}

/** One check per finding kind. */
export const formChecks: Check[] = RULES.map(([id, sv, en]) => ({
  id,
  severity: 'error' as const,
  title: { sv: `Bilaga 2: ${sv}`, en: `Bilaga 2: ${en}` },
  run: (ctx: CheckContext) => formFindings(ctx).filter((f) => f.rule === id),
}));
