/**
 * The payment conditions, evaluated with json-rules-engine.
 *
 * Each condition of a rule file becomes one json-rules-engine rule whose facts
 * are a region's indicators. Comparisons go through Decimal-aware custom
 * operators only: the built-in ones (greaterThanInclusive, …) compare with
 * plain < and ===, and a Decimal's valueOf() is a string, so "100" < "70".
 * allowUndefinedFacts stays false: a missing indicator fails loudly.
 */
import { Engine, type RuleResult } from 'json-rules-engine';
import { Decimal } from '../../core/decimal';
import type { Agreement, Cite, Condition, OperatorName, Text } from '../../core/model';
import { EngineError } from '../../core/errors';

/** A region's indicators: fractions as Decimal, booleans, and report_submitted as boolean or ISO date. */
export type Facts = Record<string, Decimal | boolean | string>;

export interface ConditionResult {
  id: string;
  label: Text;
  passed: boolean;
  /** The region's value as text: "0.72", "true", "2026-09-15". */
  value: string;
  /** The threshold as text: "0.70", "true", "2026-09-30". */
  threshold: string;
  operator: OperatorName;
  fact: string;
  cite: Cite;
}

const isDecimal = (v: unknown): v is Decimal => Decimal.isDecimal(v);

/** The Decimal-aware operators. Exported so tests can prove them on their own. */
export const OPERATORS: Record<OperatorName, (fact: unknown, threshold: unknown) => boolean> = {
  atLeast: (fact, threshold) => isDecimal(fact) && typeof threshold === 'string' && fact.gte(threshold),
  over: (fact, threshold) => isDecimal(fact) && typeof threshold === 'string' && fact.gt(threshold),
  isTrue: (fact) => fact === true,
  submittedBy: (fact, deadline) =>
    fact === true || (typeof fact === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(fact) && typeof deadline === 'string' && fact <= deadline),
};

export function factText(v: unknown): string {
  if (isDecimal(v)) return v.toString();
  if (v === undefined) return '';
  return String(v);
}

/** One engine per agreement, reused for every region. */
export class ConditionEngine {
  private readonly engine: Engine;
  private readonly byId: Map<string, Condition>;

  constructor(readonly agreement: Agreement) {
    this.engine = new Engine([], { allowUndefinedFacts: false, replaceFactsInEventParams: false });
    for (const [name, fn] of Object.entries(OPERATORS)) this.engine.addOperator(name, fn);
    this.byId = new Map(agreement.conditions.map((c) => [c.id, c]));
    for (const c of agreement.conditions) {
      this.engine.addRule({
        name: c.id,
        conditions: { all: [{ fact: c.fact, operator: c.operator, value: c.value }] },
        event: { type: 'condition', params: { id: c.id } },
      });
    }
  }

  /** The facts the agreement's conditions need. */
  factsNeeded(): string[] {
    return [...new Set(this.agreement.conditions.map((c) => c.fact))];
  }

  /** Evaluate every condition for one region. Throws EngineError if an indicator is missing. */
  async run(facts: Facts, regionLabel = ''): Promise<Map<string, ConditionResult>> {
    for (const f of this.factsNeeded()) {
      if (!(f in facts)) {
        throw new EngineError('missing-fact', {
          sv: `Indikatorn "${f}" saknas${regionLabel ? ` för ${regionLabel}` : ''}.`,
          en: `The indicator "${f}" is missing${regionLabel ? ` for ${regionLabel}` : ''}.`,
        });
      }
    }
    const { results, failureResults } = await this.engine.run({ ...facts });
    const out = new Map<string, ConditionResult>();
    const record = (r: RuleResult, passed: boolean) => {
      const id = String(r.name);
      const c = this.byId.get(id);
      if (!c) return;
      const top = r.conditions as unknown as { all?: { factResult?: unknown; result?: boolean }[] };
      const leaf = top.all?.[0];
      out.set(id, {
        id,
        label: c.label,
        passed: passed && leaf?.result !== false,
        value: factText(leaf?.factResult ?? facts[c.fact]),
        threshold: String(c.value),
        operator: c.operator,
        fact: c.fact,
        cite: c.cite,
      });
    };
    for (const r of results) record(r, true);
    for (const r of failureResults) record(r, false);
    return out;
  }
}
