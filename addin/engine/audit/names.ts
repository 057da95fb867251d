/**
 * Recipients by name, memoised: a table's label cells ("Region Gotlands",
 * "RCC Norr", "SKR") → region, RCC or organisation; and region names inside
 * prose ("… innebär för Region Jämtland Härjedalen ca 4,6 miljoner …").
 */
import type { Catalog } from '../../core/model';
import { makeOrganisationResolver, makeRccResolver, makeRegionResolver, normalizeText } from '../parse';

export interface Recipient {
  kind: 'region' | 'rcc' | 'org';
  /** län code ("23"), RCC id ("rcc-norr") or organisation id ("skr"). */
  code: string;
  name: string;
}

export interface RegionMention {
  code: string;
  name: string;
  /** Offset in the proseKey text. */
  at: number;
  end: number;
}

/** Prose text for matching: lower case, accents stripped, white space collapsed; punctuation kept. Offsets refer to this text. */
export function proseKey(s: string): string {
  return normalizeText(s);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Names {
  private readonly region;
  private readonly rcc;
  private readonly org;
  private readonly memo = new Map<string, Recipient | null>();
  private readonly proseRe: RegExp;
  private readonly proseCode = new Map<string, { code: string; name: string }>();

  constructor(readonly catalog: Catalog) {
    const ref = catalog.reference;
    this.region = makeRegionResolver(ref.regions);
    this.rcc = makeRccResolver(ref.rcc);
    this.org = makeOrganisationResolver(ref.organisations);
    // Region names in prose: official names, aliases with "region" in them, and "region <alias>".
    const forms: string[] = [];
    for (const r of ref.regions) {
      const add = (f: string) => {
        const k = proseKey(f).replace(/[-/]/g, ' ');
        if (k.split(' ').length < 2 && !k.endsWith('regionen')) return;
        if (!this.proseCode.has(k)) {
          this.proseCode.set(k, { code: r.code, name: r.name });
          forms.push(k);
        }
      };
      add(r.name);
      for (const a of r.aliases) {
        if (/region|landsting/i.test(a)) add(a);
        else add(`Region ${a}`);
      }
    }
    forms.sort((a, b) => b.length - a.length);
    const body = forms.map((f) => f.split(' ').map(escapeRe).join('[\\s/-]+')).join('|');
    this.proseRe = new RegExp(`(?<![a-z0-9])(?:${body})(?![a-z0-9])`, 'g');
  }

  /** A table label as a recipient, or null. Memoised per text. */
  resolve(text: string): Recipient | null {
    let hit = this.memo.get(text);
    if (hit !== undefined) return hit;
    if (this.memo.size > 50_000) this.memo.clear();
    hit = null;
    if (text.length <= 80) {
      const r = this.region(text);
      if (r) hit = { kind: 'region', code: r.code, name: r.name };
      else {
        const c = this.rcc(text);
        if (c) hit = { kind: 'rcc', code: c.id, name: c.name };
        else {
          const o = this.org(text);
          if (o) hit = { kind: 'org', code: o.id, name: o.name };
        }
      }
    }
    this.memo.set(text, hit);
    return hit;
  }

  /** Regions named in a prose key (see proseKey), in order. */
  regionsIn(key: string): RegionMention[] {
    const out: RegionMention[] = [];
    this.proseRe.lastIndex = 0;
    for (let m = this.proseRe.exec(key); m; m = this.proseRe.exec(key)) {
      const k = m[0].replace(/[\s/-]+/g, ' ');
      const hit = this.proseCode.get(k);
      if (hit) out.push({ ...hit, at: m.index, end: m.index + m[0].length });
    }
    return out;
  }

  regionName(code: string): string {
    return this.catalog.reference.regions.find((r) => r.code === code)?.name ?? code;
  }
}

const cache = new WeakMap<Catalog, Names>();

export function namesFor(catalog: Catalog): Names {
  let n = cache.get(catalog);
  if (!n) {
    n = new Names(catalog);
    cache.set(catalog, n);
  }
  return n;
}
