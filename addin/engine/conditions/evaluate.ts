/**
 * Payment 2: which regions qualify for each conditional pot (or SVF part), and
 * what each gets.
 *
 * Default reading ("redistribute"): a conditional pot is split by population
 * among the qualifying regions, as the government did with the 2025 agreement's
 * conditional payment (182 500 000 kr to the 18 qualifying regions).
 * Option "forfeit": each region's share is computed over all regions and a
 * failing region's share is not paid.
 */
import { Decimal, sumDecimals } from '../../core/decimal';
import type { Catalog, Cite, PopulationTable, Pot, Text } from '../../core/model';
import { EngineError } from '../../core/errors';
import { findAgreement } from '../rules/catalog';
import { apportion } from '../allocate/apportion';
import { regionClaims, regionName, resolvePopulation } from '../allocate/allocate';
import { ConditionEngine, type ConditionResult, type Facts } from './engine';

export type Unclaimed = 'redistribute' | 'forfeit';

export interface RegionIndicators {
  code: string;
  values: Facts;
}

export interface PartResult {
  pot: string;
  part?: string;
  title: Text;
  eligible: boolean;
  amount: Decimal;
  conditions: ConditionResult[];
}

export interface EvaluationRow {
  region: string;
  code: string;
  parts: PartResult[];
  total: Decimal;
}

export interface PotOutcome {
  pot: string;
  part?: string;
  title: Text;
  amount: Decimal;
  paid: Decimal;
  qualifying: number;
  cite: Cite;
}

export interface Evaluation {
  agreement: string;
  unclaimed: Unclaimed;
  populationDate: string;
  rows: EvaluationRow[];
  outcomes: PotOutcome[];
  /** Paid in all. */
  total: Decimal;
  /** The conditional pots' amount. */
  potTotal: Decimal;
  /** potTotal − total: money left unpaid (forfeit, or no region qualifying). */
  unpaid: Decimal;
}

export interface EvaluateRequest {
  agreement: string;
  indicators: RegionIndicators[];
  population?: string | PopulationTable;
  unclaimed?: Unclaimed;
}

interface Gate {
  pot: Pot;
  part?: string;
  title: Text;
  amount: Decimal;
  conditions: string[];
  cite: Cite;
}

/** The conditional pots of an agreement, each SVF part as its own gate with its amount. */
export function gates(catalog: Catalog, agreementId: string): Gate[] {
  const a = findAgreement(catalog, agreementId);
  const out: Gate[] = [];
  for (const pot of a.pots) {
    if (pot.split.by === 'parts') {
      const { parts } = pot.split;
      const amounts = apportion(new Decimal(pot.amount), parts.map((_, i) => ({ code: String(i + 1), weight: new Decimal(1) })));
      parts.forEach((part, i) =>
        out.push({ pot, part: part.id, title: part.title, amount: amounts[i]!.amount, conditions: part.conditions, cite: part.cite }),
      );
    } else if (pot.conditions) {
      out.push({ pot, title: pot.title, amount: new Decimal(pot.amount), conditions: pot.conditions, cite: pot.cite });
    }
  }
  return out;
}

export function agreementsWithConditions(catalog: Catalog): string[] {
  return catalog.agreements.filter((a) => gates(catalog, a.id).length > 0).map((a) => a.id);
}

export async function evaluate(catalog: Catalog, req: EvaluateRequest): Promise<Evaluation> {
  const agreement = findAgreement(catalog, req.agreement);
  const unclaimed: Unclaimed = req.unclaimed ?? 'redistribute';
  const gs = gates(catalog, agreement.id);
  if (gs.length === 0) {
    throw new EngineError('no-conditions', {
      sv: `Överenskommelse ${agreement.id} har inga villkorade potter i regelfilen (${agreement.gaps.map((g) => g.what.sv).join(' ') || 'källorna anger inga villkor'}).`,
      en: `Agreement ${agreement.id} has no conditional pots in its rule file (${agreement.gaps.map((g) => g.what.en).join(' ') || 'the sources state no conditions'}).`,
    });
  }
  const table = resolvePopulation(catalog, agreement, req.population);
  const claims = regionClaims(table);
  const ref = catalog.reference;

  const byCode = new Map<string, RegionIndicators>();
  for (const ind of req.indicators) {
    if (byCode.has(ind.code)) {
      throw new EngineError('duplicate-region', {
        sv: `${regionName(ref, ind.code)} förekommer två gånger bland indikatorerna.`,
        en: `${regionName(ref, ind.code)} appears twice among the indicators.`,
      });
    }
    if (!claims.some((c) => c.code === ind.code)) {
      throw new EngineError('region-without-population', {
        sv: `${regionName(ref, ind.code)} har indikatorer men ingen befolkning i tabellen ${table.id}.`,
        en: `${regionName(ref, ind.code)} has indicators but no population in table ${table.id}.`,
      });
    }
    byCode.set(ind.code, ind);
  }
  const missing = claims.filter((c) => !byCode.has(c.code)).map((c) => regionName(ref, c.code));
  if (missing.length > 0) {
    throw new EngineError('region-missing', {
      sv: `Indikatorer saknas för: ${missing.join(', ')}.`,
      en: `Indicators are missing for: ${missing.join(', ')}.`,
    });
  }

  const engine = new ConditionEngine(agreement);
  const results = new Map<string, Map<string, ConditionResult>>();
  for (const c of claims) {
    results.set(c.code, await engine.run(byCode.get(c.code)!.values, regionName(ref, c.code)));
  }

  const amounts = new Map<string, Decimal>(); // `${gateIndex}/${code}` → kronor
  const outcomes: PotOutcome[] = [];
  gs.forEach((g, gi) => {
    const qualifies = (code: string) => g.conditions.every((id) => results.get(code)!.get(id)!.passed);
    const eligible = claims.filter((c) => qualifies(c.code));
    let paid = new Decimal(0);
    if (eligible.length > 0) {
      const shares = unclaimed === 'redistribute' ? apportion(g.amount, eligible) : apportion(g.amount, claims);
      for (const s of shares) {
        if (!qualifies(s.code)) continue;
        amounts.set(`${gi}/${s.code}`, s.amount);
        paid = paid.plus(s.amount);
      }
    }
    outcomes.push({ pot: g.pot.id, ...(g.part ? { part: g.part } : {}), title: g.title, amount: g.amount, paid, qualifying: eligible.length, cite: g.cite });
  });

  const rows: EvaluationRow[] = claims.map((c) => {
    const parts: PartResult[] = gs.map((g, gi) => {
      const conditions = g.conditions.map((id) => results.get(c.code)!.get(id)!);
      return {
        pot: g.pot.id,
        ...(g.part ? { part: g.part } : {}),
        title: g.title,
        eligible: conditions.every((r) => r.passed),
        amount: amounts.get(`${gi}/${c.code}`) ?? new Decimal(0),
        conditions,
      };
    });
    return { region: regionName(ref, c.code), code: c.code, parts, total: sumDecimals(parts.map((p) => p.amount)) };
  });
  const total = sumDecimals(rows.map((r) => r.total));
  const potTotal = sumDecimals(gs.map((g) => g.amount));
  return { agreement: agreement.id, unclaimed, populationDate: table.date, rows, outcomes, total, potTotal, unpaid: potTotal.minus(total) };
}
