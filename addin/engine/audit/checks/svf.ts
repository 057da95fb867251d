/**
 * SVF figures in a report: inclusion and lead-time percentages against the
 * agreement's payment conditions (per SVF where the column names one) or the
 * national targets (seed 001 § 3.3), and PREM answers. Warnings on the cell.
 */
import { parseBoolean } from '../../parse';
import { fraction, fractionFast, tableCell } from '../cells';
import { type Column, type Table, KIND } from '../finder';
import type { Threshold } from '../knowledge';
import { agreementRef, both, finding, pct } from '../messages';
import type { Check, CheckContext, Finding } from '../types';

const { TEXT, NUM, TEXTNUM, APPROX } = KIND;
const isNum = (k: number) => k === NUM || k === TEXTNUM || k === APPROX;

function thresholdFor(ctx: CheckContext, col: Column, kind: 'inclusion' | 'leadtime'): Threshold | null {
  const list = ctx.facts.thresholds.filter((t) => t.kind === kind);
  if (col.word.svf) {
    const own = list.find((t) => t.svf === col.word.svf);
    if (own) return own;
  }
  return list.find((t) => t.svf === null) ?? null;
}

function who(t: Table, i: number): string {
  return t.recipients[i]?.name ?? '';
}

function indicatorCheck(id: string, kind: 'inclusion' | 'leadtime', title: { sv: string; en: string }): Check {
  return {
    id,
    severity: 'warning',
    title,
    run(ctx) {
      const out: Finding[] = [];
      const { grid } = ctx;
      for (const t of ctx.scan.tables) {
        for (const col of t.columns) {
          if (col.role !== kind) continue;
          const th = thresholdFor(ctx, col, kind);
          if (!th) continue;
          const tf = th.value.toNumber();
          // Screen with doubles (the column's numbers as written); an exact check follows for the rest.
          const plain = col.texts.size === 0;
          const bar = (tf + 1e-9) * (col.percentPoints ? 100 : 1);
          const kinds = col.kind;
          const nums = col.num;
          for (let i = 0; i < t.rows.length; i++) {
            if (plain) {
              if (!(nums[i]! <= bar)) continue; // passes (or NaN: not a number)
            } else {
              if (!isNum(kinds[i]!)) continue;
              if (fractionFast(col, i) > tf + 1e-9) continue;
            }
            const v = fraction(col, i, grid, t.rows[i]!);
            if (!v) continue;
            const fails = th.strict ? v.lte(th.value) : v.lt(th.value);
            if (!fails) continue;
            const name = who(t, i);
            const what = kind === 'inclusion' ? { sv: 'Inklusionen', en: 'Inclusion' } : { sv: 'Andelen inom ledtiden', en: 'The share within the lead time' };
            const svf = col.word.svf ? { sv: ` (${th.label.sv})`, en: ` (${th.label.en})` } : { sv: '', en: '' };
            out.push(
              finding(grid.sheet, tableCell(grid, t, i, col), 'warning', id,
                both((l) => l === 'sv'
                  ? `${what.sv}${name ? ` för ${name}` : ''} är ${pct(v, l)}, ${th.strict ? 'inte över' : 'under'} ${pct(th.value, l)}${svf.sv}: ${th.condition ? 'villkoret för utbetalning uppfylls inte' : 'målet nås inte'} (${agreementRef(ctx.agreement.id, th.cite, l)}).`
                  : `${what.en}${name ? ` for ${name}` : ''} is ${pct(v, l)}, ${th.strict ? 'not over' : 'below'} ${pct(th.value, l)}${svf.en}: ${th.condition ? 'the payment condition is not met' : 'the target is not reached'} (${agreementRef(ctx.agreement.id, th.cite, l)}).`),
                th.cite, { expected: `${th.strict ? '>' : '>='}${th.value.toString()}`, actual: v.toString() }),
            );
          }
        }
      }
      return out;
    },
  };
}

const prem: Check = {
  id: 'svf.prem',
  severity: 'warning',
  title: { sv: 'PREM-enkäter används', en: 'PREM surveys are used' },
  run(ctx) {
    const out: Finding[] = [];
    const cond = ctx.agreement.conditions.find((c) => c.fact === 'prem');
    if (!cond) return out;
    const { grid } = ctx;
    const answers = new Map<string, ReturnType<typeof parseBoolean>>();
    for (const t of ctx.scan.tables) {
      for (const col of t.columns) {
        if (col.role !== 'prem') continue;
        for (let i = 0; i < t.rows.length; i++) {
          const k = col.kind[i]!;
          if (k !== TEXT && !isNum(k)) continue;
          const v = grid.values[t.rows[i]!]?.[col.col];
          const b = typeof v === 'string' ? (answers.get(v) ?? answers.set(v, parseBoolean(v)).get(v)!) : parseBoolean(v);
          if (!b.ok || b.value) continue;
          const name = who(t, i);
          out.push(
            finding(grid.sheet, tableCell(grid, t, i, col), 'warning', 'svf.prem',
              both((l) => l === 'sv'
                ? `${name || 'Regionen'} använder inte PREM-enkäter: villkoret för utbetalning uppfylls inte (${agreementRef(ctx.agreement.id, cond.cite, l)}).`
                : `${name || 'The region'} does not use PREM surveys: the payment condition is not met (${agreementRef(ctx.agreement.id, cond.cite, l)}).`),
              cond.cite, { expected: 'ja', actual: String(v) }),
          );
        }
      }
    }
    return out;
  },
};

export const svfChecks: Check[] = [
  indicatorCheck('svf.inclusion', 'inclusion', { sv: 'Inklusionen når målet', en: 'Inclusion reaches the target' }),
  indicatorCheck('svf.leadtime', 'leadtime', { sv: 'Ledtiden når målet', en: 'Lead time reaches the target' }),
  prem,
];
