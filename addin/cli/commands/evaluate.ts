/** `agreement-rules evaluate --agreement ID --indicators FILE …`: the conditional payment checked region by region. */
import { resolve } from 'node:path';
import {
  evaluate,
  evaluationSheet,
  conditionWords,
  partHeader,
  findAgreement,
  findPopulation,
  indicatorsFromGrid,
  populationSource,
  type Catalog,
  type Evaluation,
  type Lang,
  type PopulationSource,
  formatKr,
  MESSAGES,
} from '../../api';
import type { Grid } from '../../workbook/port';
import type { ParsedArgs } from '../args';
import { cellErrors, checkOptions, lang, loadPopulation, opt, populationJson, readGrid, table, UsageError, type Io } from '../common';
import { InputError } from '../input';
import { writeSheetsXlsx } from '../output';

export function evaluationJson(e: Evaluation, population?: PopulationSource, l: Lang = 'sv') {
  return {
    agreement: e.agreement,
    unclaimed: e.unclaimed,
    populationDate: e.populationDate === '' ? null : e.populationDate,
    population: populationJson(population, l),
    rows: e.rows.map((r) => ({
      region: r.region,
      code: r.code,
      parts: r.parts.map((p) => ({
        pot: p.pot,
        ...(p.part ? { part: p.part } : {}),
        eligible: p.eligible,
        amount: p.amount.toFixed(0),
        conditions: p.conditions.map((c) => ({ id: c.id, passed: c.passed, value: c.value, threshold: c.threshold, cite: c.cite })),
      })),
      total: r.total.toFixed(0),
    })),
    total: e.total.toFixed(0),
    potTotal: e.potTotal.toFixed(0),
    unpaid: e.unpaid.toFixed(0),
  };
}


export async function cmdEvaluate(args: ParsedArgs, io: Io, catalog: Catalog): Promise<number> {
  checkOptions(args, ['agreement', 'indicators', 'population', 'unclaimed', 'json', 'out']);
  const l = lang(args);
  const agreementId = opt(args, 'agreement', true);
  findAgreement(catalog, agreementId);
  const indicatorsFile = opt(args, 'indicators', true);
  const unclaimed = opt(args, 'unclaimed') ?? 'redistribute';
  if (unclaimed !== 'redistribute' && unclaimed !== 'forfeit') throw new UsageError(MESSAGES.oneOf('unclaimed', ['redistribute', 'forfeit']));
  const population = await loadPopulation(io, catalog, opt(args, 'population'), l);
  const grid: Grid = (await readGrid(io, indicatorsFile, l)).grid;
  const parsed = indicatorsFromGrid(grid, catalog, agreementId);
  if (!parsed.ok) throw new InputError(cellErrors(indicatorsFile, parsed.errors));
  const e = await evaluate(catalog, { agreement: agreementId, indicators: parsed.rows, unclaimed, ...(population ? { population } : {}) });
  const out = opt(args, 'out');
  const source = populationSource(catalog, population ?? findPopulation(catalog, findAgreement(catalog, agreementId).defaultPopulation));
  if (out) await writeSheetsXlsx(resolve(io.cwd, out), [evaluationSheet(e, catalog, l, { population: source })]);
  if (args.options.get('json')) {
    io.out(JSON.stringify(evaluationJson(e, source, l), null, 2));
    return 0;
  }
  const agreement = findAgreement(catalog, agreementId);
  const rows = [['Region', ...e.outcomes.map((o) => partHeader(o, agreement, l)), l === 'sv' ? 'Totalt' : 'Total']];
  for (const r of e.rows) rows.push([r.region, ...r.parts.map((p) => (p.eligible ? formatKr(p.amount, l) : '–')), formatKr(r.total, l)]);
  rows.push([l === 'sv' ? 'Summa' : 'Total', ...e.outcomes.map((o) => formatKr(o.paid, l)), formatKr(e.total, l)]);
  io.out(table(rows, rows[0]!.map((_, i) => i).slice(1)));
  io.out(`\n${l === 'sv' ? 'Utbetalt' : 'Paid'} ${formatKr(e.total, l)} ${l === 'sv' ? 'av' : 'of'} ${formatKr(e.potTotal, l)} (${unclaimedName(e.unclaimed, l)}); ${l === 'sv' ? 'befolkning' : 'population'}: ${source.title[l]}`);
  for (const r of e.rows) {
    const failed = new Map<string, string>();
    for (const p of r.parts) for (const c of p.conditions) if (!c.passed) failed.set(c.id, conditionWords(c, l));
    if (failed.size) io.out(`  ${r.region}: ${[...failed.values()].join('; ')}`);
  }
  if (out) io.out(`${l === 'sv' ? 'Skrev' : 'Wrote'} ${out}`);
  return 0;
}


/** The reading of conditional money in words (the id is what --unclaimed takes). */
function unclaimedName(u: 'redistribute' | 'forfeit', l: Lang): string {
  if (u === 'redistribute') return l === 'sv' ? 'omfördelning till dem som uppfyller villkoren' : 'redistributed among those who qualify';
  return l === 'sv' ? 'ingen omfördelning' : 'not redistributed';
}
