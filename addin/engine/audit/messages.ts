/** Wording shared by the checks: figures the Swedish or English way, and citations. */
import type { Decimal } from '../../core/decimal';
import type { Cite, Text } from '../../core/model';
import { formatKr, formatMkr, formatNumber, formatPercent } from '../parse';
import type { ArithmeticCite, Finding, FindingCite, Lang, Severity } from './types';
import { formatCite } from '../rules/cite';

export function arithmetic(text: string, textEn: string): ArithmeticCite {
  return { source: 'aritmetik', section: '', text, textEn };
}

export const SUM_CITE = arithmetic('Summaraden ska vara summan av raderna ovanför.', 'The total row must be the sum of the rows above it.');
export const SHARE_CITE = arithmetic('Andel = befolkning / total befolkning.', 'Share = population / total population.');
export const SHARE_SUM_CITE = arithmetic('Andelarna av en helhet summerar till 1 (100 %).', 'The shares of a whole sum to 1 (100 %).');
export const BUDGET_SUM_CITE = arithmetic('Delposterna ryms inom raden de hör till.', 'The sub-items fit within the line they belong to.');
export const INPUT_CITE = arithmetic('Cellen måste gå att läsa som ett tal.', 'The cell must be readable as a number.');

/** Both languages at once. */
export function both(f: (l: Lang) => string): Text {
  return { sv: f('sv'), en: f('en') };
}

export const kr = (d: Decimal, l: Lang) => formatKr(d, l);
export const mkr = (d: Decimal, l: Lang) => formatMkr(d, 1, l);
export const num = (d: Decimal, l: Lang, dp = 0) => formatNumber(d, Math.max(0, Math.min(dp, 12)), l);
/** A figure with as many decimals as it has (at most 12). */
export const figure = (d: Decimal, l: Lang) => num(d, l, d.decimalPlaces());

/** A fraction as a percentage with as few decimals as it needs (0.7 → "70 %", 0.725 → "72,5 %"). */
export function pct(fraction: Decimal, l: Lang): string {
  const points = fraction.times(100);
  const dp = Math.min(2, Math.max(0, points.decimalPlaces()));
  return formatPercent(fraction, dp, l);
}

export const SEVERITY_WORD: Record<Severity, Text> = {
  error: { sv: 'Fel', en: 'Error' },
  warning: { sv: 'Varning', en: 'Warning' },
  note: { sv: 'Notering', en: 'Note' },
};

/** The citation through the one formatter (addin/engine/rules/cite.ts): "Överenskommelse … 2026 (…), avsnitt 5.3: ”…”" or "aritmetik: …" / "arithmetic: …". */
export function citeLine(cite: FindingCite, l: Lang): string {
  return formatCite(cite, l);
}

/** A short reference to an agreement's section: "överenskommelsen 2026, § 5.3". */
export function agreementRef(agreementId: string, cite: Cite, l: Lang): string {
  const sec = cite.section ? `, § ${cite.section}` : '';
  return l === 'sv' ? `överenskommelsen ${agreementId}${sec}` : `the ${agreementId} agreement${sec}`;
}

export function finding(
  sheet: string,
  cell: string,
  severity: Severity,
  rule: string,
  message: Text,
  cite: FindingCite,
  extra: { expected?: string; actual?: string } = {},
): Finding {
  const f: Finding = { sheet, cell, severity, rule, message, cite };
  if (extra.expected !== undefined) f.expected = extra.expected;
  if (extra.actual !== undefined) f.actual = extra.actual;
  return f;
}
