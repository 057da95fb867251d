/**
 * `agreement-rules requisition|report`: the requisition and the economic report of an
 * agreement (2026: section 6 and Bilaga 2) for one recipient, written to a new .xlsx.
 */
import { resolve } from 'node:path';
import { formFigures, reportSheet, requisitionSheet, sectionName, type Catalog, type Lang, formatKr, documentDate, MESSAGES, type Text } from '../../api';
import type { ParsedArgs } from '../args';
import type { Io } from '../common';
import { writeSheetsXlsx } from '../output';

/** The helpers of main.ts a command needs (passed in, so this file does not import main's entry point). */
export interface CommandKit {
  opt: (args: ParsedArgs, name: string, required: true) => string;
  checkOptions: (args: ParsedArgs, allowed: string[]) => void;
  lang: (args: ParsedArgs) => Lang;
  UsageError: new (text: Text) => Error;
}

export async function cmdForm(kind: 'requisition' | 'report', args: ParsedArgs, io: Io, catalog: Catalog, kit: CommandKit): Promise<number> {
  kit.checkOptions(args, ['agreement', 'recipient', 'pot', 'out', 'json']);
  const l = kit.lang(args);
  const agreement = kit.opt(args, 'agreement', true);
  const recipient = kit.opt(args, 'recipient', true);
  const potOpt = args.options.get('pot');
  if (potOpt === true) throw new kit.UsageError(MESSAGES.needsValue('pot'));
  const pots = potOpt ? potOpt.split(',').map((p) => p.trim()).filter(Boolean) : undefined;
  const out = kit.opt(args, 'out', true);
  if (!/\.xlsx$/i.test(out)) throw new kit.UsageError(MESSAGES.outNewXlsx());
  // Validates agreement, recipient and pots before anything is written.
  const fig = formFigures(catalog, agreement, recipient, pots);
  const form = kind === 'requisition' ? fig.agreement.forms!.requisition : fig.agreement.forms!.report;
  const spec = kind === 'requisition' ? requisitionSheet(catalog, agreement, recipient, pots, l) : reportSheet(catalog, agreement, recipient, pots, l);
  await writeSheetsXlsx(resolve(io.cwd, out), [spec]);
  if (args.options.get('json')) {
    io.out(JSON.stringify({
      form: kind,
      agreement: fig.agreement.id,
      recipient: fig.recipient.name,
      pots: fig.amounts.map((x) => ({ pot: x.pot.id, amount: x.amount.toFixed(0), cite: x.pot.cite })),
      total: fig.total.toFixed(0),
      deadlines: form.deadlines.map((d) => ({ kind: d.kind, date: d.date, cite: d.cite })),
      sheet: spec.name,
      file: out,
    }, null, 2));
    return 0;
  }
  io.out(`${form.title[l]} – ${fig.recipient.name}, ${l === 'sv' ? 'överenskommelse' : 'agreement'} ${fig.agreement.id}`);
  for (const x of fig.amounts) io.out(`  ${x.pot.title[l]}: ${formatKr(x.amount, l)} (${sectionName(x.pot.cite.section, l)})`);
  if (fig.amounts.length > 1) io.out(`  ${l === 'sv' ? 'Summa' : 'Total'}: ${formatKr(fig.total, l)}`);
  for (const d of form.deadlines) io.out(`${d.what[l]} ${documentDate(d.date, l)} (${sectionName(d.cite.section, l)})`);
  io.out(`${l === 'sv' ? 'Skrev' : 'Wrote'} ${out}`);
  return 0;
}
