/**
 * The forms of the agreement (2026: Bilaga 2): a requisition or an economic report, the
 * product's own sheet or one filled by someone else, recognised by its Bilaga 2 headings
 * (a label with its value in the cell to its right). Checked:
 *   - the amount requisitioned is the recipient's allocation (error);
 *   - total costs are the sum of the cost lines (error);
 *   - unspent money is grant received − total costs (error);
 *   - exactly one attestation alternative of point 4 is chosen, once the report is being
 *     filled (some cost line entered); Alt 2 needs its deviations stated (error).
 * An empty field is not yet filled and gives no finding; a recipient the audit cannot name
 * gives none either (trust over cleverness).
 */
import { Decimal } from '../../../core/decimal';
import { cellA1 } from '../cells';
import { both, finding, kr } from '../messages';
import type { Check, CheckContext, Finding, FindingCite } from '../types';
import type { Cite, Form, FormFill } from '../../../core/model';
import type { CellValue } from '../../../workbook/port';
import { parseAmount } from '../../parse/number';
import { formFigures } from '../../sheets/forms';
import type { Lang } from '../../../core/lang';

const norm = (v: CellValue | undefined): string =>
  typeof v === 'string' ? v.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim() : '';

const LABELS: Record<string, RegExp> = {
  recipient: /^bidragsmottagare\b/,
  requested: /^belopp som rekvireras\b/,
  received: /^bidrag som erhallits\b/,
  costs: /^kostnader\b/,
  total: /^summa kostnader\b/,
  unspent: /^medel som inte har forbrukats\b/,
  attestation: /^ekonomichefens bedomning\b/,
  deviations: /^avvikelser\b/,
  alt1: /^alt(?:ernativ)? ?1\b/,
  alt2: /^alt(?:ernativ)? ?2\b/,
};

interface Hit {
  row: number;
  col: number;
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

function runForms(ctx: CheckContext): Finding[] {
  const { grid, agreement, catalog } = ctx;
  const v = grid.values;
  const hits = new Map<string, Hit>();
  v.forEach((row, i) =>
    row.forEach((cell, j) => {
      if (typeof cell !== 'string' || cell.length < 5 || !/^\s*[abekms]/i.test(cell)) return;
      const t = norm(cell);
      for (const [k, re] of Object.entries(LABELS)) if (!hits.has(k) && re.test(t)) hits.set(k, { row: i, col: j });
    }),
  );
  // A form has Bilaga 2's headings: at least two of its amount labels.
  const formish = ['requested', 'received', 'total', 'unspent'].filter((k) => hits.has(k)).length;
  if (formish < 2 && !(hits.has('requested') && hits.has('recipient'))) return [];
  const out: Finding[] = [];
  const valueOf = (h: Hit | undefined) => (h ? v[h.row]?.[h.col + 1] : undefined);
  const at = (h: Hit) => cellA1(grid, h.row, h.col + 1);
  const forms = agreement.forms;

  // The amount requisitioned = the recipient's allocation (the pots it requisitions).
  const req = hits.get('requested');
  const recipientName = valueOf(hits.get('recipient'));
  const requested = amountAt(valueOf(req));
  if (req && requested && forms && typeof recipientName === 'string' && recipientName.trim()) {
    let fig: ReturnType<typeof formFigures> | null = null;
    try {
      fig = formFigures(catalog, agreement.id, recipientName);
    } catch {
      fig = null; // not a recipient the rules know: no finding
    }
    if (fig && !fig.total.eq(requested)) {
      const pots = (l: Lang) => fig!.amounts.map((x) => `${x.pot.title[l]} ${kr(x.amount, l)}`).join(', ');
      out.push(finding(grid.sheet, at(req), 'error', 'forms.requested-amount',
        both((l) => l === 'sv'
          ? `Belopp som rekvireras är ${kr(requested, l)} men ${fig!.recipient.name}s fördelning enligt överenskommelse ${agreement.id} är ${kr(fig!.total, l)} (${pots(l)}).`
          : `The amount requisitioned is ${kr(requested, l)} but ${fig!.recipient.name}'s allocation under agreement ${agreement.id} is ${kr(fig!.total, l)} (${pots(l)}).`),
        fig.amounts[0]?.pot.cite ?? fig.requisitioner.cite,
        { expected: fig.total.toFixed(0), actual: requested.toFixed(0) }));
    }
  }

  // Total costs = the sum of the cost lines (the numbers under "Kostnader" above the total, in the total's column).
  const totalHit = hits.get('total');
  const total = amountAt(valueOf(totalHit));
  let lines = 0;
  if (totalHit) {
    const costs = hits.get('costs');
    const from = costs && costs.row < totalHit.row ? costs.row + 1 : totalHit.row;
    let sum = new Decimal(0);
    for (let i = from; i < totalHit.row; i++) {
      const x = amountAt(v[i]?.[totalHit.col + 1]);
      if (x) {
        sum = sum.plus(x);
        lines++;
      }
    }
    if (total && lines > 0 && !sum.eq(total)) {
      out.push(finding(grid.sheet, at(totalHit), 'error', 'forms.total-costs',
        both((l) => l === 'sv'
          ? `Summa kostnader är ${kr(total, l)} men kostnadsposterna ovanför summerar till ${kr(sum, l)}.`
          : `Total costs are ${kr(total, l)} but the cost lines above sum to ${kr(sum, l)}.`),
        fieldCite(forms?.report, 'total-costs') ?? arithmetic('Summa kostnader = summan av kostnadsposterna', 'Total costs = the sum of the cost lines'),
        { expected: sum.toFixed(0), actual: total.toFixed(0) }));
    }
  }

  // Unspent = grant received − total costs.
  const unspentHit = hits.get('unspent');
  const unspent = amountAt(valueOf(unspentHit));
  const received = amountAt(valueOf(hits.get('received')));
  if (unspentHit && unspent && received && total) {
    const want = received.minus(total);
    if (!want.eq(unspent)) {
      out.push(finding(grid.sheet, at(unspentHit), 'error', 'forms.unspent',
        both((l) => l === 'sv'
          ? `Medel som inte har förbrukats är ${kr(unspent, l)} men bidrag − kostnader = ${kr(received, l)} − ${kr(total, l)} = ${kr(want, l)}.`
          : `Money not spent is ${kr(unspent, l)} but grant − costs = ${kr(received, l)} − ${kr(total, l)} = ${kr(want, l)}.`),
        fieldCite(forms?.report, 'unspent') ?? arithmetic('Medel som inte har förbrukats = bidrag − kostnader', 'Money not spent = grant − costs'),
        { expected: want.toFixed(0), actual: unspent.toFixed(0) }));
    }
  }

  // Attestation (point 4): exactly one alternative, once the report is being filled.
  const alts = forms?.report.attestation ?? [];
  const attCite = alts[0]?.cite ?? fieldCite(forms?.report, 'attestation');
  if (attCite && lines > 0) {
    const att = hits.get('attestation');
    let chosen: ('alt1' | 'alt2')[] = [];
    let where: Hit | undefined;
    if (att) {
      const t = norm(valueOf(att));
      chosen = (['alt1', 'alt2'] as const).filter((k) => new RegExp(`alt(?:ernativ)? ?${k.slice(3)}\\b`).test(t));
      where = att;
    } else if (hits.has('alt1') || hits.has('alt2')) {
      // Another writer's form: the alternatives as rows, the choice a mark in the cell to the right.
      chosen = (['alt1', 'alt2'] as const).filter((k) => {
        const h = hits.get(k);
        const m = norm(valueOf(h));
        return h && m !== '' && !/^(nej|no|-|–)$/.test(m);
      });
      where = hits.get('alt1') ?? hits.get('alt2');
    }
    if (where && chosen.length !== 1) {
      const none = chosen.length === 0;
      out.push(finding(grid.sheet, at(where), 'error', 'forms.attestation',
        both((l) => l === 'sv'
          ? none ? 'Ekonomichefens granskning (punkt 4): inget alternativ är valt; välj Alt 1 (korrekt) eller Alt 2 (inte korrekt).' : 'Ekonomichefens granskning (punkt 4): både Alt 1 och Alt 2 är valda; välj ett.'
          : none ? "The finance director's review (point 4): no alternative is chosen; choose Alt 1 (correct) or Alt 2 (not correct)." : "The finance director's review (point 4): both Alt 1 and Alt 2 are chosen; choose one."),
        attCite, { actual: none ? '' : 'Alt 1, Alt 2' }));
    } else if (chosen[0] === 'alt2') {
      const dev = hits.get('deviations');
      if (!dev || norm(valueOf(dev)) === '') {
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
  ['forms.total-costs', 'Summa kostnader = kostnadsposterna', 'Total costs = the cost lines'],
  ['forms.unspent', 'Ej förbrukat = bidrag − kostnader', 'Unspent = grant − costs'],
  ['forms.attestation', 'Ett granskningsalternativ valt (punkt 4)', 'One review alternative chosen (point 4)'],
  ['forms.attestation-deviations', 'Alt 2 med avvikelser redovisade', 'Alt 2 with its deviations stated'],
];

/** The forms' findings of a grid, computed once for the five checks. */
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
