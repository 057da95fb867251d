/** `agreement-rules list [--json]`: the agreements, their groups and pots. */
import { sectionName, type Catalog, type Lang, Decimal, formatKr } from '../../api';
import type { ParsedArgs } from '../args';
import { checkOptions, lang, table, type Io } from '../common';

export async function cmdList(args: ParsedArgs, io: Io, catalog: Catalog): Promise<number> {
  checkOptions(args, ['json']);
  const l = lang(args);
  const data = catalog.agreements.map((a) => ({
    id: a.id,
    title: a.title,
    total: a.total,
    potsTotal: a.pots.reduce((s, p) => s.plus(p.amount), new Decimal(0)).toFixed(0),
    groups: a.groups.map((g) => ({
      id: g.id,
      title: g.title[l],
      amount: g.amount,
      potsTotal: a.pots.filter((p) => p.group === g.id).reduce((s, p) => s.plus(p.amount), new Decimal(0)).toFixed(0),
    })),
    pots: a.pots.map((p) => ({
      id: p.id,
      title: p.title[l],
      amount: p.amount,
      group: p.group,
      recipients: p.recipients,
      split: p.split.by,
      conditional: Boolean(p.conditions) || p.split.by === 'parts',
      cite: p.cite,
    })),
  }));
  if (args.options.get('json')) {
    io.out(JSON.stringify({ agreements: data }, null, 2));
    return 0;
  }
  // Text: groups by title, each pot by title (its id is what --pot takes), how it is split, its section.
  const SPLIT: Record<string, Record<Lang, string>> = {
    population: { sv: 'efter befolkning', en: 'by population' },
    equal: { sv: 'lika delar', en: 'equal parts' },
    single: { sv: 'en mottagare', en: 'one recipient' },
    unspecified: { sv: 'fördelning anges inte', en: 'split not stated' },
    parts: { sv: 'i delar, efter befolkning', en: 'in parts, by population' },
  };
  for (const a of data) {
    io.out(`${a.id}  ${a.title}\n  ${l === 'sv' ? 'Totalt' : 'Total'} ${formatKr(a.total, l)}`);
    for (const g of a.groups) {
      io.out(`\n  ${g.title}: ${formatKr(g.amount, l)}`);
      io.out(table(
        a.pots.filter((p) => p.group === g.id).map((p) => ['    ' + p.title, formatKr(p.amount, l), SPLIT[p.split]![l] + (p.conditional ? (l === 'sv' ? ' (villkorad)' : ' (conditional)') : ''), sectionName(p.cite.section, l), `--pot ${p.id}`]),
        [1],
      ));
    }
    io.out('');
  }
  return 0;
}
