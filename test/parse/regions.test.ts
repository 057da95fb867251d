import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Organisation, Rcc, Region } from '../../addin/core/model';
import { makeNameResolver, makeOrganisationResolver, makeRccResolver, makeRegionResolver, regionCore } from '../../addin/engine/parse';

/** A small fixture; deliberately thinner aliases than the real file, so the tolerant forms carry the load. */
const REGIONS: Region[] = [
  { code: '01', name: 'Region Stockholm', lan: 'Stockholms län', aliases: [] },
  { code: '04', name: 'Region Sörmland', lan: 'Södermanlands län', aliases: [] },
  { code: '06', name: 'Region Jönköpings län', lan: 'Jönköpings län', aliases: [] },
  { code: '09', name: 'Region Gotland', lan: 'Gotlands län', aliases: [] },
  { code: '14', name: 'Västra Götalandsregionen', lan: 'Västra Götalands län', aliases: ['VGR'] },
  { code: '18', name: 'Region Örebro län', lan: 'Örebro län', aliases: [] },
  { code: '20', name: 'Region Dalarna', lan: 'Dalarnas län', aliases: [] },
  { code: '23', name: 'Region Jämtland Härjedalen', lan: 'Jämtlands län', aliases: [] },
];

const cite = { source: 'test', section: 'x', text: 'x' };
const RCC: Rcc[] = [
  { id: 'rcc-vast', name: 'RCC Väst', sjukvardsregion: 'Västra sjukvårdsregionen', aliases: [], members: [], cite },
  { id: 'rcc-mellansverige', name: 'RCC Mellansverige', sjukvardsregion: 'Sjukvårdsregion Mellansverige', aliases: ['RCC Uppsala Örebro'], members: [], cite },
  { id: 'rcc-stockholm-gotland', name: 'RCC Stockholm Gotland', sjukvardsregion: 'Stockholms sjukvårdsregion', aliases: [], members: [], cite },
];

describe('makeRegionResolver', () => {
  const resolve = makeRegionResolver(REGIONS);
  const code = (input: unknown) => resolve(input)?.code ?? null;

  it('by län code, as text or number', () => {
    expect(code('01')).toBe('01');
    expect(code('1')).toBe('01');
    expect(code(1)).toBe('01');
    expect(code(' 09 ')).toBe('09');
    expect(code(14)).toBe('14');
    expect(code('14')).toBe('14');
    expect(code(1.5)).toBe(null);
    expect(code('99')).toBe(null);
  });
  it('by official name, län name and their tolerant forms', () => {
    const cases: [string, string][] = [
      ['Region Stockholm', '01'],
      ['Stockholm', '01'],
      ['Stockholms län', '01'],
      ['Stockholms läns landsting', '01'],
      ['REGION STOCKHOLM', '01'],
      ['Region\u00A0Stockholm', '01'],
      ['Region Gotland', '09'],
      ['Region Gotlands', '09'],
      ['Gotland', '09'],
      ['Gotlands', '09'],
      ['Gotlands län', '09'],
      ['Region Jönköpings län', '06'],
      ['Jönköping', '06'],
      ['Jonkoping', '06'],
      ['Jönköpings län', '06'],
      ['Region Jönköping', '06'],
      ['Västra Götalandsregionen', '14'],
      ['VGR', '14'],
      ['vgr', '14'],
      ['Region Västra Götaland', '14'],
      ['Västra Götaland', '14'],
      ['Västra Götalands län', '14'],
      ['Region Sörmland', '04'],
      ['Sörmland', '04'],
      ['Södermanland', '04'],
      ['Södermanlands län', '04'],
      ['Region Jämtland Härjedalen', '23'],
      ['Jämtland', '23'],
      ['Jämtland-Härjedalen', '23'],
      ['Jämtland Härjedalen', '23'],
      ['Region Örebro län', '18'],
      ['Örebro', '18'],
      ['Regionen Örebro län', '18'],
      ['Dalarnas län', '20'],
      ['Dalarna', '20'],
    ];
    for (const [input, want] of cases) expect(code(input), input).toBe(want);
  });
  it('does not guess', () => {
    for (const input of ['', 'Region', 'Regionen', 'län', 'Skåne', 'Stockholm Gotland', 'Götaland', null, undefined, {}, true, NaN]) {
      expect(code(input), String(input)).toBe(null);
    }
  });
  it('regionCore strips prefixes, suffixes and the genitive s', () => {
    expect(regionCore('region jonkopings lan')).toBe('jonkoping');
    expect(regionCore('vastra gotalandsregionen')).toBe('vastra gotaland');
    expect(regionCore('stockholms lans landsting')).toBe('stockholm');
    expect(regionCore('region gotlands')).toBe('gotland');
  });
  it('drops a key that two regions would share, instead of picking one', () => {
    const a: Region = { code: '01', name: 'Region A', lan: 'A län', aliases: ['Norra'] };
    const b: Region = { code: '02', name: 'Region B', lan: 'B län', aliases: ['Norra'] };
    const r = makeRegionResolver([a, b]);
    expect(r('Norra')).toBe(null);
    expect(r('Region Norra')).toBe(null);
    expect(r('A')).toBe(a);
    expect(r('Region B')).toBe(b);
    expect(r.ambiguousKeys.has('norra')).toBe(true);
  });
});

describe('makeRccResolver and makeNameResolver', () => {
  const resolve = makeRccResolver(RCC);
  const id = (input: unknown) => resolve(input)?.id ?? null;
  it('by id, name, alias and without the RCC prefix', () => {
    const cases: [string, string][] = [
      ['RCC Väst', 'rcc-vast'],
      ['rcc vast', 'rcc-vast'],
      ['Väst', 'rcc-vast'],
      ['rcc-vast', 'rcc-vast'],
      ['Regionalt cancercentrum väst', 'rcc-vast'],
      ['Västra sjukvårdsregionen', 'rcc-vast'],
      ['RCC Mellansverige', 'rcc-mellansverige'],
      ['Mellansverige', 'rcc-mellansverige'],
      ['RCC Uppsala Örebro', 'rcc-mellansverige'],
      ['RCC Uppsala-Örebro', 'rcc-mellansverige'],
      ['Uppsala Örebro', 'rcc-mellansverige'],
      ['RCC Stockholm Gotland', 'rcc-stockholm-gotland'],
      ['RCC Stockholm-Gotland', 'rcc-stockholm-gotland'],
    ];
    for (const [input, want] of cases) expect(id(input), input).toBe(want);
    expect(id('RCC Öst')).toBe(null);
    expect(id('RCC')).toBe(null);
  });
  it('generic resolver without a canonical form matches exact normalised keys only', () => {
    const items = [{ k: 'Fördelade medel' }, { k: 'Befolkning' }];
    const r = makeNameResolver(items, (t) => [t.k]);
    expect(r('fordelade  MEDEL')).toBe(items[0]);
    expect(r('Befolkning ')).toBe(items[1]);
    expect(r('Befolkningen')).toBe(null);
  });
  it('organisations', () => {
    const orgs: Organisation[] = [{ id: 'skr', name: 'SKR (RCC i samverkan)', aliases: ['SKR', 'Sveriges Kommuner och Regioner'] }];
    const r = makeOrganisationResolver(orgs);
    expect(r('Sveriges kommuner och regioner')?.id).toBe('skr');
    expect(r('skr')?.id).toBe('skr');
    expect(r('SKR (RCC i samverkan)')?.id).toBe('skr');
    expect(r('Kammarkollegiet')).toBe(null);
  });
});

describe('the real reference data (rules/reference)', () => {
  const load = (name: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(`../../rules/reference/${name}`, import.meta.url)), 'utf8'));

  it('regions.json: the spellings finance users type all resolve, and no key is ambiguous', () => {
    const { regions } = load('regions.json') as { regions: Region[] };
    expect(regions).toHaveLength(21);
    const resolve = makeRegionResolver(regions);
    const want: [string, string][] = [
      ['Region Gotland', '09'],
      ['Region Gotlands', '09'],
      ['Gotland', '09'],
      ['Gotlands län', '09'],
      ['Västra Götalandsregionen', '14'],
      ['Region Västra Götaland', '14'],
      ['Region Jönköpings län', '06'],
      ['Jönköping', '06'],
      ['Region Sörmland', '04'],
      ['Södermanland', '04'],
      ['Region Stockholm', '01'],
      ['01', '01'],
      ['Region Jämtland Härjedalen', '23'],
    ];
    for (const [input, code] of want) expect(resolve(input)?.code, input).toBe(code);
    // every region resolves by its own code, name and län
    for (const r of regions) {
      expect(resolve(r.code)).toBe(r);
      expect(resolve(Number(r.code))).toBe(r);
      expect(resolve(r.name)).toBe(r);
      expect(resolve(r.lan)).toBe(r);
      for (const a of r.aliases) expect(resolve(a), a).toBe(r);
    }
    expect([...resolve.ambiguousKeys]).toEqual([]);
  });

  it('rcc.json: every RCC resolves by id, name and aliases', () => {
    const { rcc } = load('rcc.json') as { rcc: Rcc[] };
    const resolve = makeRccResolver(rcc);
    for (const r of rcc) {
      for (const k of [r.id, r.name, ...r.aliases]) expect(resolve(k), k).toBe(r);
    }
    expect(resolve('rcc vast')?.id).toBe('rcc-vast');
    expect([...resolve.ambiguousKeys]).toEqual([]);
  });
});
