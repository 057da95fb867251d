/** Arithmetic: a total row is the sum of its rows; shares agree with populations; shares sum to 1. */
import { Decimal, ZERO } from '../../../core/decimal';
import { type Column, type Table, KIND } from '../finder';
import { cellA1, columnSum, fraction, fractionFast, halfUnit, kronor, round, shownDecimals, tableCell, written } from '../cells';
import { SHARE_CITE, SHARE_SUM_CITE, SUM_CITE, both, figure, finding, num } from '../messages';
import type { Check, CheckContext, Finding } from '../types';
import { formTotalRows } from './forms';

const { APPROX, ERROR, NUM, TEXTNUM } = KIND;
/** Decimals beyond which a share is full precision (a computed double), not a rounded figure. */
const FULL = 10;
const isNum = (k: number) => k === NUM || k === TEXTNUM || k === APPROX;

/** The precision an approximate or rounded figure is written to, in its own units: "4 600 000" → 100 000, "4,6" → 0.1. */
export function writtenPrecision(text: string): Decimal {
  const digits = text.replace(/[^\d,.]/g, '');
  const m = /[.,](\d+)$/.exec(digits);
  if (m) return new Decimal(10).pow(-(m[1] ?? '').length);
  const int = digits.replace(/[.,]/g, '');
  const zeros = /0*$/.exec(int)?.[0].length ?? 0;
  return new Decimal(10).pow(Math.min(zeros, Math.max(0, int.length - 1)));
}

const totalRow: Check = {
  id: 'arithmetic.total-row',
  severity: 'error',
  title: { sv: 'Summaraden är summan av raderna', en: 'The total row is the sum of the rows' },
  run(ctx: CheckContext): Finding[] {
    const out: Finding[] = [];
    const { grid } = ctx;
    const formTotals = formTotalRows(grid);
    for (const t of ctx.scan.tables) {
      if (t.totalIndex < 0) continue;
      // A Bilaga 2 form's "Summa kostnader" is the sum of its cost lines only: forms.total-costs checks it.
      if (formTotals.has(t.totalRow)) continue;
      const ti = t.totalIndex;
      for (const col of t.columns) {
        if (col.role !== 'amount' && col.role !== 'population' && col.role !== 'number') continue;
        const k = col.kind[ti]!;
        if (!isNum(k)) continue;
        const amounts = col.role === 'amount';
        const total = amounts ? kronor(col, ti) : written(col, ti);
        if (!total) continue;
        const sum = columnSum(t, col, { amounts });
        const diff = total.minus(sum);
        if (diff.isZero()) continue;
        let tolerance = ZERO;
        const approx = k === APPROX;
        if (approx) {
          const text = col.texts.get(ti)?.text ?? '';
          const unit = amounts ? kronor(col, ti)!.div(written(col, ti)!.isZero() ? 1 : written(col, ti)!) : new Decimal(1);
          tolerance = writtenPrecision(text.replace(/^\D+/, '').replace(/[a-zåäö%]+\.?$/i, '')).times(unit.abs());
        }
        if (diff.abs().lte(tolerance)) continue;
        const cell = tableCell(grid, t, ti, col);
        // Rows and total in tkr or Mkr, each rounded on its own: their sum may differ from the total by the rows' rounding.
        if (amounts && col.unit !== 'kr' && !approx) {
          const unitKr = kronor(col, ti)!.div(written(col, ti)!.isZero() ? 1 : written(col, ti)!).abs();
          let dp = shownDecimals(col, ti, grid, t.totalRow, false);
          for (let i = 0; i < t.rows.length; i++) if (isNum(col.kind[i]!)) dp = Math.max(dp, shownDecimals(col, i, grid, t.rows[i]!, false));
          const slack = halfUnit(dp).times(unitKr).times(t.rows.length + 1);
          if (diff.abs().lte(slack)) {
            out.push(
              finding(grid.sheet, cell, 'note', 'arithmetic.total-row',
                both((l) => l === 'sv'
                  ? `Summaraden${col.header ? ` i kolumnen "${col.header}"` : ''} är ${figure(written(col, ti)!, l)} och raderna summerar till ${figure(sum.div(unitKr), l)}: skillnaden ryms i avrundningen av ${t.rows.length} rader till ${dp} decimaler.`
                  : `The total${col.header ? ` in column "${col.header}"` : ''} is ${figure(written(col, ti)!, l)} and the rows sum to ${figure(sum.div(unitKr), l)}: the difference is within the rounding of ${t.rows.length} rows to ${dp} decimals.`),
                SUM_CITE, { expected: sum.toString(), actual: total.toString() }),
            );
            continue;
          }
        }
        // Numbers stored as text are skipped by Excel's SUM: say so when that explains the difference.
        let textHint: { sv: string; en: string } | null = null;
        let textCells = 0;
        for (let i = 0; i < t.rows.length; i++) if (col.kind[i] === TEXTNUM) textCells++;
        if (textCells > 0 && columnSum(t, col, { amounts, skipText: true }).eq(total)) {
          textHint = {
            sv: ` Summaraden stämmer om tal lagrade som text hoppas över (som Excels SUMMA gör): ${textCells} sådan(a) cell(er).`,
            en: ` The total matches if numbers stored as text are skipped (as Excel's SUM does): ${textCells} such cell(s).`,
          };
        }
        let errors = 0;
        for (let i = 0; i < t.rows.length; i++) if (col.kind[i] === ERROR) errors++;
        const errHint = errors > 0 ? { sv: ` (${errors} cell(er) med felvärde räknas inte.)`, en: ` (${errors} cell(s) with an error value not counted.)` } : { sv: '', en: '' };
        const h = col.header || (t.labelCol ? '' : '');
        out.push(
          finding(grid.sheet, cell, 'error', 'arithmetic.total-row',
            both((l) =>
              l === 'sv'
                ? `Summaraden${h ? ` i kolumnen "${h}"` : ''} är ${figure(total, l)} men raderna ovanför summerar till ${figure(sum, l)} (skillnad ${figure(diff, l)}).${textHint?.sv ?? ''}${errHint.sv}`
                : `The total${h ? ` in column "${h}"` : ''} is ${figure(total, l)} but the rows above sum to ${figure(sum, l)} (difference ${figure(diff, l)}).${textHint?.en ?? ''}${errHint.en}`,
            ),
            SUM_CITE,
            { expected: sum.toString(), actual: total.toString() },
          ),
        );
      }
    }
    return out;
  },
};

function findCols(t: Table, role: Column['role']): Column[] {
  return t.columns.filter((c) => c.role === role);
}

const shareVsPopulation: Check = {
  id: 'arithmetic.share-vs-population',
  severity: 'error',
  title: { sv: 'Andelen stämmer med befolkningen', en: 'The share agrees with the population' },
  run(ctx) {
    const out: Finding[] = [];
    const { grid } = ctx;
    for (const t of ctx.scan.tables) {
      const pop = findCols(t, 'population')[0];
      if (!pop) continue;
      const shares = findCols(t, 'share');
      if (shares.length === 0) continue;
      const n = t.rows.length;
      const listedTotal = columnSum(t, pop, { amounts: false });
      if (listedTotal.lte(0)) continue;
      // The whole the shares are of: the listed rows' population, or (a table missing a region, or
      // listing one twice) a population table's national total, whichever explains more shares.
      const wholes = [listedTotal, ...ctx.catalog.reference.populations.map((p) => new Decimal(p.total))];
      for (const share of shares) {
        let total = listedTotal;
        let best = -1;
        for (const w of wholes) {
          const wf = w.toNumber();
          let fits = 0;
          for (let i = 0; i < n; i++) {
            if (!isNum(pop.kind[i]!) || !isNum(share.kind[i]!)) continue;
            const dp = Math.min(FULL, Math.max(1, shownDecimals(share, i, grid, t.rows[i]!, true)));
            if (Math.abs(fractionFast(share, i) - pop.num[i]! / wf) <= 0.5 * Math.pow(10, -dp) * (1 + 1e-9)) fits++;
          }
          if (fits > best) {
            best = fits;
            total = w;
          }
        }
        const totalFast = total.toNumber();
        for (let i = 0; i < n; i++) {
          if (!isNum(pop.kind[i]!) || !isNum(share.kind[i]!)) continue;
          const row = t.rows[i]!;
          // Full precision (=C5/C$26 in General: 15–17 digits) is compared to the precision of a double.
          const dp = Math.min(FULL, Math.max(1, shownDecimals(share, i, grid, row, true)));
          const tol = 0.5 * Math.pow(10, -dp);
          const fast = Math.abs(fractionFast(share, i) - pop.num[i]! / totalFast);
          if (fast < tol * (1 - 1e-9)) continue; // clearly within: no need for the exact figures
          const s = fraction(share, i, grid, row);
          const p = written(pop, i);
          if (!s || !p) continue;
          const exact = p.div(total);
          if (s.minus(exact).abs().lte(halfUnit(dp))) continue;
          const expected = round(exact, dp);
          const who = t.recipients[i]?.name;
          out.push(
            finding(grid.sheet, tableCell(grid, t, i, share), 'error', 'arithmetic.share-vs-population',
              both((l) =>
                l === 'sv'
                  ? `Andelen ${num(s, l, dp)}${who ? ` för ${who}` : ''} stämmer inte med befolkningen: ${num(p, l)} / ${num(total, l)} = ${num(round(exact, dp + 2), l, dp + 2)}, avrundat ${num(expected, l, dp)}.`
                  : `The share ${num(s, l, dp)}${who ? ` for ${who}` : ''} does not agree with the population: ${num(p, l)} / ${num(total, l)} = ${num(round(exact, dp + 2), l, dp + 2)}, rounded ${num(expected, l, dp)}.`,
              ),
              SHARE_CITE,
              { expected: expected.toString(), actual: s.toString() },
            ),
          );
        }
      }
    }
    return out;
  },
};

const shareSum: Check = {
  id: 'arithmetic.share-sum',
  severity: 'error',
  title: { sv: 'Andelarna summerar till 1', en: 'The shares sum to 1' },
  run(ctx) {
    const out: Finding[] = [];
    const { grid } = ctx;
    for (const t of ctx.scan.tables) {
      for (const share of findCols(t, 'share')) {
        const n = t.rows.length;
        let count = 0;
        let fast = 0;
        let dp = 0;
        for (let i = 0; i < n; i++) {
          if (!isNum(share.kind[i]!)) continue;
          count++;
          fast += fractionFast(share, i);
        }
        if (count < 2) continue;
        const ti = t.totalIndex;
        const totalCell = ti >= 0 && isNum(share.kind[ti]!) ? ti : -1;
        const totalSays = totalCell >= 0 ? fraction(share, totalCell, grid, t.totalRow) : null;
        // Only a column that is meant to be a whole: its total says 1 (100 %), or it sums to about 1.
        if (totalSays && !totalSays.eq(1)) continue;
        if (!totalSays && Math.abs(fast - 1) > 0.5) continue;
        for (let i = 0; i < n; i++) if (isNum(share.kind[i]!)) dp = Math.max(dp, shownDecimals(share, i, grid, t.rows[i]!, true));
        let sum = ZERO;
        for (let i = 0; i < n; i++) {
          if (!isNum(share.kind[i]!)) continue;
          const f = fraction(share, i, grid, t.rows[i]!);
          if (f) sum = sum.plus(f);
        }
        if (sum.eq(1)) continue;
        // Shares at full precision (a double's 15–17 digits, e.g. =C5/C$26 in General) sum to 1 up to a double's error.
        if (dp >= FULL && sum.minus(1).abs().lte(new Decimal(1e-9))) continue;
        const slack = halfUnit(dp).times(count);
        const cell = totalCell >= 0 ? tableCell(grid, t, totalCell, share) : cellA1(grid, t.headerRow, share.col);
        const within = sum.minus(1).abs().lte(slack);
        const h = share.header || 'Andel';
        out.push(
          finding(grid.sheet, cell, within ? 'note' : 'error', 'arithmetic.share-sum',
            within
              ? both((l) =>
                  l === 'sv'
                    ? `Kolumnen "${h}" summerar till ${num(sum, l, dp)}, inte 1: varje andel är avrundad till ${dp} decimaler (${count} rader × högst ±${num(halfUnit(dp), l, dp + 1)}), så summan stämmer inom avrundningen.`
                    : `Column "${h}" sums to ${num(sum, l, dp)}, not 1: each share is rounded to ${dp} decimals (${count} rows × at most ±${num(halfUnit(dp), l, dp + 1)}), so the sum agrees within rounding.`,
                )
              : both((l) =>
                  l === 'sv'
                    ? `Kolumnen "${h}" summerar till ${num(sum, l, dp)}, inte 1, mer än avrundningen förklarar (±${num(slack, l, dp + 1)}).`
                    : `Column "${h}" sums to ${num(sum, l, dp)}, not 1, more than rounding explains (±${num(slack, l, dp + 1)}).`,
                ),
            SHARE_SUM_CITE,
            { expected: '1', actual: sum.toString() },
          ),
        );
      }
    }
    return out;
  },
};

export const arithmeticChecks: Check[] = [totalRow, shareVsPopulation, shareSum];
