// Presentation helpers: how a pot's split, recipients and dates read in the pane.
import type { Catalog, Pot } from '../../addin/api';
import type { Dict, Lang } from '../i18n';
import { formatDate } from '../../addin/api';

export function recipientName(catalog: Catalog, id: string): string {
  const r = catalog.reference;
  return (
    r.rcc.find((x) => x.id === id)?.name ??
    r.organisations.find((x) => x.id === id)?.name ??
    r.regions.find((x) => x.code === id)?.name ??
    id
  );
}

/** How a pot is split; `withNote` adds the rule file's note for an unspecified split. */
export function splitText(pot: Pot, catalog: Catalog, t: Dict, lang: Lang, withNote = true): string {
  const s = pot.split;
  switch (s.by) {
    case 'population':
      return t.splitPopulation;
    case 'equal':
      return t.splitEqual;
    case 'single':
      return t.splitSingle(recipientName(catalog, s.recipient));
    case 'unspecified':
      return withNote ? `${t.splitUnspecified}: ${s.note[lang]}` : t.splitUnspecified;
    case 'parts':
      return t.splitParts(s.parts.length);
  }
}

export function recipientsText(pot: Pot, t: Dict): string {
  return pot.recipients === 'regions' ? t.recipientsRegions : pot.recipients === 'rcc' ? t.recipientsRcc : t.recipientsSingle;
}

/** "2026-09-30" → "30 september 2026"; "2026-12" → "december 2026" (the product's one date format). */
export function formatIsoDate(iso: string, lang: Lang): string {
  return formatDate(iso, lang);
}

/** "Överenskommelsen 2026"; an agreement whose id is not its year (e.g. loaded from a file) also shows its id. */
export function agreementLabel(a: { id: string; year: number; origin?: { file: string } }, t: Dict): string {
  const label = a.id === String(a.year) ? t.agreementOption(a.year) : t.agreementOptionId(a.year, a.id);
  return a.origin ? `${label} – ${t.ownRuleFile(a.origin.file)}` : label;
}

/** Quoted words cut at a word boundary to at most `max` characters, with an ellipsis. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, '')} …`;
}
