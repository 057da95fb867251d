/** The overview sheet ("Alla potter"): every pot of an agreement per recipient. */
import { Decimal } from '../../core/decimal';
import type { Catalog, Method } from '../../core/model';
import type { CellValue, NewSheetSpec } from '../../workbook/port';
import { allocate } from '../allocate/allocate';
import { formatKr } from '../parse';
import { findAgreement } from '../rules/catalog';
import { citeLine, FORMAT_KR, methodText, num, ruleFileLine, sheetTitle, shortTitle, t, type Lang } from './common';
import { printable } from './print';

/** "Alla potter": every pot of an agreement, what each recipient gets from it, totals per recipient, per pot and per group. */
export function overviewSheet(catalog: Catalog, agreementId: string, opts: { population?: string; method?: Method }, lang: Lang): NewSheetSpec {
  const agreement = findAgreement(catalog, agreementId);
  const ref = catalog.reference;
  const recipients: { code: string; name: string }[] = [
    ...ref.regions.map((r) => ({ code: r.code, name: r.name })),
    ...ref.rcc.map((r) => ({ code: r.id, name: r.name })),
    ...ref.organisations.map((o) => ({ code: o.id, name: o.name })),
  ];
  const unsplitCode = '__unsplit';
  recipients.push({ code: unsplitCode, name: lang === 'sv' ? 'Ej fördelat (källan anger inte hur)' : 'Not allocated (the source does not say how)' });
  const amounts = new Map<string, Decimal>(); // `${pot}/${code}`
  const conditional: string[] = [];
  for (const pot of agreement.pots) {
    if (pot.split.by === 'unspecified') {
      amounts.set(`${pot.id}/${unsplitCode}`, new Decimal(pot.amount));
      continue;
    }
    if (pot.conditions || pot.split.by === 'parts') conditional.push(shortTitle(pot, lang));
    const a = allocate(catalog, { agreement: agreementId, pot: pot.id, population: opts.population, method: opts.method });
    for (const r of a.rows) amounts.set(`${pot.id}/${r.code}`, r.amount);
  }
  const used = recipients.filter((r) => agreement.pots.some((p) => amounts.has(`${p.id}/${r.code}`)));
  const cells: CellValue[][] = [];
  cells.push([`${lang === 'sv' ? 'Alla potter – överenskommelse' : 'All pots – agreement'} ${agreement.id}: ${formatKr(agreement.total, lang)}`]);
  cells.push([lang === 'sv'
    ? `Villkorade potter (${conditional.join(', ') || '–'}) visas som om alla regioner uppfyller villkoren.`
    : `Conditional pots (${conditional.join(', ') || '–'}) are shown as if every region meets the conditions.`]);
  const header: CellValue[] = [lang === 'sv' ? 'Mottagare' : 'Recipient', lang === 'sv' ? 'Län' : 'County',
    ...agreement.pots.map((p) => shortTitle(p, lang)), lang === 'sv' ? 'Totalt' : 'Total'];
  cells.push(header);
  const headerRow = 2;
  for (const r of used) {
    const row = agreement.pots.map((p) => amounts.get(`${p.id}/${r.code}`));
    const total = row.reduce<Decimal>((s, v) => (v ? s.plus(v) : s), new Decimal(0));
    cells.push([r.name, /^\d{2}$/.test(r.code) ? r.code : null, ...row.map((v) => (v ? num(v) : null)), num(total)]);
  }
  const potTotals = agreement.pots.map((p) => used.reduce((s, r) => s.plus(amounts.get(`${p.id}/${r.code}`) ?? 0), new Decimal(0)));
  cells.push([lang === 'sv' ? 'Summa' : 'Total', null, ...potTotals.map(num), num(potTotals.reduce((s, v) => s.plus(v), new Decimal(0)))]);
  const sumRow = cells.length - 1;
  cells.push([]);
  // Groups: title, amount (under the first pot column, wide enough for it) and source.
  cells.push([lang === 'sv' ? 'Grupp' : 'Group', null, lang === 'sv' ? 'Belopp (kr)' : 'Amount (kr)', lang === 'sv' ? 'Källa' : 'Source']);
  const groupHeader = cells.length - 1;
  for (const g of agreement.groups) cells.push([t(g.title, lang), null, num(new Decimal(g.amount)), citeLine(g.cite, lang)]);
  cells.push([lang === 'sv' ? 'Totalt för överenskommelsen' : 'Agreement total', null, num(new Decimal(agreement.total)), citeLine(agreement.totalCite, lang)]);
  const groupEnd = cells.length - 1;
  cells.push([]);
  for (const p of agreement.pots) cells.push([`${t(p.title, lang)}: ${citeLine(p.cite, lang)}`]);
  const ownRules = ruleFileLine(agreement, lang);
  if (ownRules) cells.push([ownRules]);
  cells.push([methodText(opts.method ?? 'largest-remainder', new Decimal(0), lang)]);
  const lastCol = header.length - 1;
  return printable({
    name: sheetTitle(`${lang === 'sv' ? 'Alla potter' : 'All pots'} ${agreement.id}`),
    cells,
    boldRows: [0, headerRow, sumRow, groupHeader, groupEnd],
    columnWidths: [30, 6, ...agreement.pots.map(() => 13), 14],
    formats: [
      { fromRow: headerRow + 1, toRow: sumRow, fromCol: 2, toCol: lastCol, format: FORMAT_KR },
      { fromRow: groupHeader + 1, toRow: groupEnd, fromCol: 2, toCol: 2, format: FORMAT_KR },
    ],
  }, { headerRow, wrapHeader: true, wrapCols: [0], spillCols: [3] });
}
