/**
 * Input: what cannot be read. Error values (#REF!, #DIV/0! …) anywhere are
 * errors; text in a column of numbers is a warning; a number stored as text in
 * a column of numbers is a warning (Excel's SUM skips it).
 */
import { cellA1, tableCell } from '../cells';
import { KIND } from '../finder';
import { INPUT_CITE, both, finding } from '../messages';
import type { Check, Finding } from '../types';
import { formAmountCells } from './forms';

const { ERROR, NUM, TEXT, TEXTNUM } = KIND;

const NUMERIC_ROLES = new Set(['population', 'share', 'amount', 'inclusion', 'leadtime', 'number']);

const unreadable: Check = {
  id: 'input.unreadable',
  severity: 'error',
  title: { sv: 'Cellen går att läsa', en: 'The cell can be read' },
  run(ctx) {
    const out: Finding[] = [];
    const { grid } = ctx;
    const errorMsg = (v: string) =>
      both((l) => l === 'sv'
        ? `Cellen innehåller felvärdet ${v}: den kan inte granskas och summor som bygger på den blir fel.`
        : `The cell holds the error value ${v}: it cannot be checked and totals built on it are wrong.`);
    for (const e of ctx.scan.errors) out.push(finding(grid.sheet, cellA1(grid, e.row, e.col), 'error', 'input.unreadable', errorMsg(e.text), INPUT_CITE, { actual: e.text }));
    // On a Bilaga 2 form only the amounts are numbers: a heading or a remark beside them is text.
    const formAmounts = formAmountCells(grid);
    for (const t of ctx.scan.tables) {
      const len = t.rows.length + (t.totalIndex >= 0 ? 1 : 0);
      for (const col of t.columns) {
        const numeric = NUMERIC_ROLES.has(col.role);
        for (let i = 0; i < len; i++) {
          const k = col.kind[i]!;
          if (k === ERROR) {
            const v = String(grid.values[i === t.totalIndex ? t.totalRow : t.rows[i]!]?.[col.col] ?? '').trim();
            out.push(finding(grid.sheet, tableCell(grid, t, i, col), 'error', 'input.unreadable', errorMsg(v), INPUT_CITE, { actual: v }));
          } else if (k === TEXT && numeric && col.numeric > 0) {
            const row = i === t.totalIndex ? t.totalRow : t.rows[i]!;
            if (formAmounts && !formAmounts.has(`${row},${col.col}`)) continue;
            const v = String(grid.values[i === t.totalIndex ? t.totalRow : t.rows[i]!]?.[col.col] ?? '');
            out.push(
              finding(grid.sheet, tableCell(grid, t, i, col), 'warning', 'input.unreadable',
                both((l) => l === 'sv'
                  ? `"${v}" i kolumnen "${col.header}" är inget tal och räknas inte.`
                  : `"${v}" in column "${col.header}" is not a number and is not counted.`),
                INPUT_CITE, { actual: v }),
            );
          }
        }
      }
    }
    return out;
  },
};

const textNumber: Check = {
  id: 'input.text-number',
  severity: 'warning',
  title: { sv: 'Tal lagrat som text', en: 'Number stored as text' },
  run(ctx) {
    const out: Finding[] = [];
    const { grid } = ctx;
    // On a Bilaga 2 form only the amounts are numbers; identifiers and the period are text on purpose.
    const formAmounts = formAmountCells(grid);
    for (const t of ctx.scan.tables) {
      for (const col of t.columns) {
        if (!NUMERIC_ROLES.has(col.role)) continue;
        let typed = 0;
        for (let i = 0; i < t.rows.length; i++) if (col.kind[i] === NUM) typed++;
        if (typed === 0) continue; // a column written all as text (pasted from a PDF) is read as is
        for (let i = 0; i < t.rows.length; i++) {
          if (col.kind[i] !== TEXTNUM) continue;
          if (formAmounts && !formAmounts.has(`${t.rows[i]},${col.col}`)) continue;
          const text = col.texts.get(i)?.text ?? '';
          out.push(
            finding(grid.sheet, tableCell(grid, t, i, col), 'warning', 'input.text-number',
              both((l) => l === 'sv'
                ? `Talet "${text}" är lagrat som text bland tal: det läses här, men Excels SUMMA och andra formler hoppar över det.`
                : `The number "${text}" is stored as text among numbers: it is read here, but Excel's SUM and other formulas skip it.`),
              INPUT_CITE, { actual: text }),
          );
        }
      }
    }
    return out;
  },
};

export const inputChecks: Check[] = [unreadable, textNumber];
