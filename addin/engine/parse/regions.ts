/**
 * Name resolution against reference data: "Region Jönköpings län", "Jönköping",
 * "06" and 6 all give the same Region. Every key is normalised once into a Map,
 * so a lookup is O(1). A key that two different items would share is dropped
 * (it is ambiguous), never given to the first comer.
 */
import type { Organisation, Rcc, Region } from '../../core/model';
import { normalizeText, safeText } from './text';

export type Resolver<T> = (input: unknown) => T | null;

export interface NameResolverOptions {
  /**
   * A second, tolerant form of a key (applied to the keys and to the input alike),
   * looked up when the exact normalised form is not found.
   */
  canon?: (normalized: string) => string;
}

/** normalizeText plus punctuation (hyphens, dots, commas, brackets, quotes) as spaces. */
export function nameKey(s: string): string {
  return normalizeText(s.replace(/[-\u2010-\u2015\u2212_/.,:;'"`´’()[\]{}]/g, ' '));
}

function inputKey(input: unknown): string {
  if (typeof input === 'number') return Number.isFinite(input) ? String(input) : '';
  if (typeof input !== 'string') return '';
  return nameKey(safeText(input));
}

class KeyMap<T> {
  private readonly map = new Map<string, T>();
  private readonly dropped = new Set<string>();
  add(key: string, item: T): void {
    if (key === '' || this.dropped.has(key)) return;
    const had = this.map.get(key);
    if (had === undefined) this.map.set(key, item);
    else if (had !== item) {
      this.map.delete(key);
      this.dropped.add(key);
    }
  }
  get(key: string): T | undefined {
    return key === '' ? undefined : this.map.get(key);
  }
  get size(): number {
    return this.map.size;
  }
  get ambiguous(): ReadonlySet<string> {
    return this.dropped;
  }
}

/** A resolver plus what it knows, for diagnostics ("which keys were dropped as ambiguous?"). */
export interface NameResolver<T> extends Resolver<T> {
  readonly ambiguousKeys: ReadonlySet<string>;
}

/** Generic resolver: each item's keys (normalised by nameKey, and by `canon` when given) map to the item. */
export function makeNameResolver<T>(items: readonly T[], keys: (t: T) => readonly string[], opts: NameResolverOptions = {}): NameResolver<T> {
  const exact = new KeyMap<T>();
  const tolerant = new KeyMap<T>();
  const canon = opts.canon;
  for (const item of items) {
    for (const k of keys(item)) {
      const n = nameKey(k);
      exact.add(n, item);
      if (canon) tolerant.add(canon(n), item);
    }
  }
  const resolve = (input: unknown): T | null => {
    const k = inputKey(input);
    if (k === '') return null;
    // A code ("01", "1") matches only when the cell holds just those digits: "-1", "(1)",
    // "1.", "Region 1" or "#1" are not län code 1 (punctuation is spaces to nameKey).
    const digitsOnly = typeof input === 'number' || /^\s*[0-9]+\s*$/.test(safeText(input));
    const ok = (key: string) => digitsOnly || !/^[0-9]+$/.test(key);
    if (ok(k)) {
      const hit = exact.get(k);
      if (hit !== undefined) return hit;
    }
    if (canon) {
      const c = canon(k);
      return ok(c) ? (tolerant.get(c) ?? null) : null;
    }
    return null;
  };
  const ambiguousKeys = new Set([...exact.ambiguous, ...tolerant.ambiguous]);
  return Object.assign(resolve, { ambiguousKeys });
}

/**
 * The core of a region name: without "region"/"regionen"/"landstinget" before,
 * without "län", "läns landsting", "landsting", "-regionen", "county (council)",
 * "region" after, and without a genitive "s" ("gotlands" → "gotland").
 * Input is already nameKey-normalised.
 */
export function regionCore(n: string): string {
  let s = n;
  s = s.replace(/^(?:region(?:en)?|landstinget|county of) /, '');
  s = s.replace(/ (?:lans landsting|lan|lans|landsting|landstinget|county council|county|region)$/, '');
  s = s.replace(/([a-z])regionen$/, '$1'); // västra götalandsregionen
  if (s.length > 3 && s.endsWith('s')) s = s.slice(0, -1);
  return s;
}

function codeKeys(code: string): string[] {
  const out = [code];
  if (/^\d+$/.test(code)) out.push(String(Number(code)));
  return out;
}

/**
 * Region by län code — exactly the digits "01" or "1" (text), or the number 1; not "-1", "(1)",
 * "1.5" or letter codes such as "AB" —, official name, län name, alias, or a tolerant form of any of these. */
export function makeRegionResolver(regions: readonly Region[]): NameResolver<Region> {
  return makeNameResolver(regions, (r) => [...codeKeys(r.code), r.name, r.lan, ...r.aliases], { canon: regionCore });
}

/** The core of an RCC name: without "rcc"/"regionalt cancercentrum" before ("rcc vast" → "vast"). */
export function rccCore(n: string): string {
  return n.replace(/^(?:rcc|regionalt cancercentrum|regionala cancercentrum|regionalt cancercentrum i|regional cancer cent(?:re|er)) /, '').replace(/ (?:sjukvardsregion(?:en)?|samverkansregion(?:en)?)$/, '');
}

/** RCC by id ("rcc-vast"), name ("RCC Väst"), aliases, sjukvårdsregion, or without the "RCC" prefix ("Väst"). */
export function makeRccResolver(rcc: readonly Rcc[]): NameResolver<Rcc> {
  return makeNameResolver(rcc, (r) => [r.id, r.name, r.sjukvardsregion, ...r.aliases], { canon: rccCore });
}

/** Organisation by id, name or alias ("SKR", "Sveriges Kommuner och Regioner"). */
export function makeOrganisationResolver(orgs: readonly Organisation[]): NameResolver<Organisation> {
  return makeNameResolver(orgs, (o) => [o.id, o.name, ...o.aliases]);
}
