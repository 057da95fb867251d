/**
 * Which agreement a workbook is about, when the user does not say: the year its
 * text names most (2021, 2024, 2026 …), else the one agreement whose pot a
 * table's total or title amount equals, else the newest.
 */
import type { Catalog } from '../../core/model';
import { columnSum, isNumber, kronor } from './cells';
import type { Scan } from './finder';
import { agreementFacts } from './knowledge';
import { proseKey } from './names';
import { amountsIn, yearsIn } from './prose';
import { headerWord } from './words';

export interface Inferred {
  id: string;
  from: 'year-in-text' | 'table-total' | 'newest';
}

export function newestAgreement(catalog: Catalog): string {
  const list = [...catalog.agreements].sort((a, b) => b.year - a.year || b.id.localeCompare(a.id));
  return list[0]?.id ?? '';
}

export function inferAgreement(catalog: Catalog, scans: readonly Scan[]): Inferred {
  const byYear = new Map<number, string>();
  for (const a of catalog.agreements) if (!byYear.has(a.year)) byYear.set(a.year, a.id);
  const votes = new Map<string, number>();
  const vote = (text: string) => {
    for (const y of yearsIn(text)) {
      const id = byYear.get(y);
      if (id) votes.set(id, (votes.get(id) ?? 0) + 1);
    }
  };
  for (const s of scans) {
    vote(s.grid.sheet);
    for (const t of s.texts) vote(t.text);
    // A population column's date ("Befolkning 2024-12-31") is not the agreement's year.
    for (const h of s.headers) if (headerWord(h.text).role !== 'population') vote(h.text);
  }
  if (votes.size > 0) {
    const year = (id: string) => catalog.agreements.find((a) => a.id === id)?.year ?? 0;
    const best = [...votes.entries()].sort((a, b) => b[1] - a[1] || year(b[0]) - year(a[0]))[0]!;
    return { id: best[0], from: 'year-in-text' };
  }
  // Amounts of tables (totals, title figures) that only one agreement has.
  const amounts: string[] = [];
  for (const s of scans) {
    for (const t of s.tables) {
      for (const a of amountsIn(proseKey(t.title))) amounts.push(a.kronor.toFixed());
      for (const col of t.columns) {
        if (col.role !== 'amount') continue;
        const ti = t.totalIndex;
        const total = ti >= 0 && isNumber(col.kind[ti]!) ? kronor(col, ti) : columnSum(t, col, { amounts: true });
        if (total) amounts.push(total.toFixed());
      }
    }
  }
  if (amounts.length > 0) {
    const hits = new Map<string, number>();
    for (const a of catalog.agreements) {
      const known = new Set(agreementFacts(catalog, a).known.filter((k) => k.kind !== 'total').map((k) => k.amount.toFixed(0)));
      const n = amounts.filter((x) => known.has(x)).length;
      if (n > 0) hits.set(a.id, n);
    }
    const sorted = [...hits.entries()].sort((a, b) => b[1] - a[1]);
    if (sorted.length === 1 || (sorted.length > 1 && sorted[0]![1] > sorted[1]![1])) return { id: sorted[0]![0], from: 'table-total' };
  }
  return { id: newestAgreement(catalog), from: 'newest' };
}
