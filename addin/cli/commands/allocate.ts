/** `agreement-rules allocate --agreement ID --pot POT …`: one pot split among its recipients, exact to the krona. */
import { resolve } from 'node:path';
import {
  allocate,
  allocationSheet,
  findAgreement,
  findPot,
  formatCite,
  partialRemark,
  type Allocation,
  type Catalog,
  type Lang,
  type Method,
  formatKr,
  formatNumber,
  formatPercent,
  MESSAGES,
} from '../../api';
import type { ParsedArgs } from '../args';
import { checkOptions, lang, loadPopulation, opt, populationJson, table, UsageError, type Io } from '../common';
import { writeSheetsXlsx } from '../output';

export function allocationJson(a: Allocation, l: Lang = 'sv') {
  return {
    agreement: a.agreement,
    pot: a.pot,
    amount: a.amount.toFixed(0),
    method: a.method,
    populationDate: a.populationDate,
    population: populationJson(a.populationSource, l),
    ...(a.partial ? { partial: { missing: a.partial.missing, covered: a.partial.covered } } : {}),
    rows: a.rows.map((r) => ({
      recipient: r.recipient,
      code: r.code,
      population: a.weighted ? r.population.toFixed(0) : null,
      share: r.share.toDecimalPlaces(12).toString(),
      amount: r.amount.toFixed(0),
    })),
    total: a.total.toFixed(0),
    drift: a.drift.toFixed(0),
    cite: a.cite,
  };
}


export async function cmdAllocate(args: ParsedArgs, io: Io, catalog: Catalog): Promise<number> {
  checkOptions(args, ['agreement', 'pot', 'population', 'method', 'json', 'out']);
  const l = lang(args);
  const method = opt(args, 'method') ?? 'largest-remainder';
  if (method !== 'largest-remainder' && method !== 'half-up') throw new UsageError(MESSAGES.oneOf('method', ['largest-remainder', 'half-up']));
  const agreementId = opt(args, 'agreement', true);
  const potId = opt(args, 'pot', true);
  findPot(findAgreement(catalog, agreementId), potId);
  const population = await loadPopulation(io, catalog, opt(args, 'population'), l);
  const a = allocate(catalog, { agreement: agreementId, pot: potId, method, ...(population ? { population } : {}) });
  const out = opt(args, 'out');
  if (out) await writeSheetsXlsx(resolve(io.cwd, out), [allocationSheet(a, catalog, l)]);
  if (args.options.get('json')) {
    io.out(JSON.stringify(allocationJson(a, l), null, 2));
    if (a.partial) io.err(`agreement-rules: ${partialRemark(a.partial, l)}`);
    return 0;
  }
  // The columns that apply, as on the written sheet: no Befolkning without a population
  // behind the split, no code for a single recipient, an RCC by its healthcare region.
  const rcc = a.rows.some((r) => r.code.startsWith('rcc-'));
  const single = a.split === 'single';
  const codeOf = (code: string) => (rcc ? (catalog.reference.rcc.find((x) => x.id === code)?.sjukvardsregion ?? code) : code);
  const head = [l === 'sv' ? 'Mottagare' : 'Recipient', ...(single ? [] : [rcc ? (l === 'sv' ? 'Sjukvårdsregion' : 'Healthcare region') : l === 'sv' ? 'Län' : 'County code']), ...(a.weighted ? [l === 'sv' ? 'Befolkning' : 'Population'] : []), l === 'sv' ? 'Andel' : 'Share', l === 'sv' ? 'Belopp' : 'Amount'];
  const rows = [head];
  for (const r of a.rows) {
    rows.push([r.recipient, ...(single ? [] : [codeOf(r.code)]), ...(a.weighted ? [formatNumber(r.population, 0, l)] : []), formatPercent(r.share, 2, l), formatKr(r.amount, l)]);
  }
  rows.push([l === 'sv' ? 'Summa' : 'Total', ...head.slice(1, -1).map(() => ''), formatKr(a.total, l)]);
  const numeric = head.map((_, i) => i).filter((i) => i >= head.length - (a.weighted ? 3 : 2));
  io.out(table(rows, numeric));
  const basis = a.weighted
    ? `${l === 'sv' ? 'befolkning' : 'population'}: ${a.populationSource ? a.populationSource.title[l] : '–'}`
    : a.split === 'equal' ? (l === 'sv' ? 'fördelning: lika delar' : 'split: equal parts') : l === 'sv' ? 'en mottagare' : 'single recipient';
  io.out(`\n${methodName(a.method, l)}${a.drift.isZero() ? '' : ` (drift ${formatKr(a.drift, l)})`}; ${basis}\n${formatCite(a.cite, l)}`);
  if (a.partial) io.out(partialRemark(a.partial, l));
  if (out) io.out(`${l === 'sv' ? 'Skrev' : 'Wrote'} ${out}`);
  return 0;
}


/** The rounding method in words (the id is what --method takes and --json gives). */
function methodName(m: Method, l: Lang): string {
  if (m === 'largest-remainder') return l === 'sv' ? 'Avrundning: största rest' : 'Rounding: largest remainder';
  return l === 'sv' ? 'Avrundning: vanlig avrundning av varje rad' : 'Rounding: half-up, row by row';
}
