/**
 * Allocating a pot of an agreement to its recipients: regions by population,
 * RCC by the population of their member regions (Region Halland split between
 * RCC Väst and RCC Syd by its municipalities), equal splits, single recipients.
 */
import { Decimal, ONE, sumDecimals } from '../../core/decimal';
import type { Allocation, AllocationRow, Agreement, Catalog, Method, PartialPopulation, Pot, PopulationSource, PopulationTable, Reference } from '../../core/model';
import { EngineError } from '../../core/errors';
import { findAgreement, findPopulation } from '../rules/catalog';
import { apportion, type Claim } from './apportion';
import type { Lang } from '../../core/lang';

export interface AllocateRequest {
  agreement: string;
  pot: string;
  /** A population table id from the catalog, or a table (e.g. from a user's file). Default: the agreement's. */
  population?: string | PopulationTable;
  method?: Method;
}

export function findPot(agreement: Agreement, id: string): Pot {
  const pot = agreement.pots.find((p) => p.id === id);
  if (!pot) {
    // Each pot by its title, with the name the command line's --pot takes.
    const known = (lang: Lang) => agreement.pots.map((p) => `${p.title[lang]} (--pot ${p.id})`).join('; ');
    throw new EngineError('unknown-pot', {
      sv: `Okänd pott "${id}" i överenskommelse ${agreement.id}. Potterna: ${known('sv')}.`,
      en: `Unknown pot "${id}" in agreement ${agreement.id}. The pots: ${known('en')}.`,
    });
  }
  return pot;
}

export function resolvePopulation(catalog: Catalog, agreement: Agreement, population?: string | PopulationTable): PopulationTable {
  if (population === undefined) return findPopulation(catalog, agreement.defaultPopulation);
  if (typeof population === 'string') return findPopulation(catalog, population);
  return population;
}

/** How an allocation names its population: the built-in table's title, or the user's table. */
export function populationSource(catalog: Catalog, table: PopulationTable): PopulationSource {
  const builtin = catalog.reference.populations.some((p) => p === table || (p.id === table.id && table.origin === undefined));
  const date = table.date === '' ? null : table.date;
  return { id: table.id, date, title: table.title, builtin, ...(table.origin ? { origin: table.origin } : {}) };
}

/** The regions of the reference data that a population table has no row for (null: it has them all). */
export function partialPopulation(reference: Reference, table: PopulationTable): PartialPopulation | null {
  const have = new Set(table.rows.map((r) => r.code));
  const missing = reference.regions.filter((r) => !have.has(r.code)).map((r) => ({ code: r.code, name: r.name }));
  return missing.length === 0 ? null : { missing, covered: reference.regions.length - missing.length };
}

export function regionName(reference: Reference, code: string): string {
  return reference.regions.find((r) => r.code === code)?.name ?? code;
}

/** Region weights from a population table, in län-code order; regions absent from the table are left out. */
export function regionClaims(table: PopulationTable): Claim[] {
  return table.rows.map((r) => ({ code: r.code, weight: new Decimal(r.population) }));
}

/**
 * Each RCC's population: the sum of its member regions'. A region split between
 * RCC (Halland) is apportioned to whole persons by largest remainder over the
 * parts' stated proportions.
 */
export function rccClaims(reference: Reference, table: PopulationTable): Claim[] {
  const pop = new Map(table.rows.map((r) => [r.code, new Decimal(r.population)]));
  const partShare = new Map<string, Decimal>(); // `${rcc}/${region}` → persons
  const splitRegions = new Set<string>();
  for (const rcc of reference.rcc) for (const m of rcc.members) if (m.part) splitRegions.add(m.region);
  for (const region of splitRegions) {
    const parts = reference.rcc.flatMap((rcc) =>
      rcc.members.filter((m) => m.region === region && m.part).map((m) => ({ code: rcc.id, weight: new Decimal(m.part!.numerator) })),
    );
    const persons = pop.get(region);
    if (!persons) continue;
    for (const p of apportion(persons, parts)) partShare.set(`${p.code}/${region}`, p.amount);
  }
  return reference.rcc.map((rcc, i) => ({
    code: rcc.id,
    rank: i,
    weight: sumDecimals(
      rcc.members.map((m) => (m.part ? partShare.get(`${rcc.id}/${m.region}`) : pop.get(m.region)) ?? new Decimal(0)),
    ),
  }));
}

export function allocate(catalog: Catalog, req: AllocateRequest): Allocation {
  const agreement = findAgreement(catalog, req.agreement);
  const pot = findPot(agreement, req.pot);
  const method: Method = req.method ?? 'largest-remainder';
  const ref = catalog.reference;
  const amount = new Decimal(pot.amount);
  const split = pot.split;
  const base = { agreement: agreement.id, pot: pot.id, amount, method, cite: pot.cite, split: split.by };

  if (split.by === 'unspecified') {
    throw new EngineError('split-unspecified', {
      sv: `Potten "${pot.title.sv}" kan inte fördelas: ${split.note.sv}`,
      en: `The pot "${pot.title.en}" cannot be allocated: ${split.note.en}`,
    });
  }
  if (split.by === 'single') {
    const name = ref.rcc.find((r) => r.id === split.recipient)?.name ?? ref.organisations.find((o) => o.id === split.recipient)?.name ?? split.recipient;
    const row: AllocationRow = { recipient: name, code: split.recipient, population: new Decimal(0), share: ONE, exact: amount, amount };
    return { ...base, populationDate: null, rows: [row], total: amount, drift: new Decimal(0), weighted: false };
  }

  const table = resolvePopulation(catalog, agreement, req.population);
  let claims: Claim[];
  let names: (code: string) => string;
  if (pot.recipients === 'rcc') {
    claims = rccClaims(ref, table);
    names = (code) => ref.rcc.find((r) => r.id === code)?.name ?? code;
  } else {
    claims = regionClaims(table);
    names = (code) => regionName(ref, code);
  }
  const weighted = split.by !== 'equal';
  if (!weighted) claims = claims.map((c) => ({ ...c, weight: ONE }));
  if (split.by === 'parts' && req.method === 'half-up') {
    throw new EngineError('method-parts', {
      sv: 'Potten delas först i lika delar per SVF med största rest; välj största rest.',
      en: 'This pot is first divided into equal SVF parts by largest remainder; choose largest remainder.',
    });
  }

  let rows: AllocationRow[];
  const totalWeight = sumDecimals(claims.map((c) => c.weight));
  if (split.by === 'parts') {
    // Equal parts in their stated order (spare kronor to the earlier), each split over the same claims.
    const parts = apportion(amount, split.parts.map((_, i) => ({ code: String(i + 1), weight: ONE })));
    const perRegion = new Map<string, { exact: Decimal; amount: Decimal }>();
    for (const part of parts) {
      for (const r of apportion(part.amount, claims, method)) {
        const acc = perRegion.get(r.code) ?? { exact: new Decimal(0), amount: new Decimal(0) };
        perRegion.set(r.code, { exact: acc.exact.plus(r.exact), amount: acc.amount.plus(r.amount) });
      }
    }
    rows = claims.map((c) => ({
      recipient: names(c.code),
      code: c.code,
      population: c.weight,
      share: c.weight.div(totalWeight),
      exact: perRegion.get(c.code)!.exact,
      amount: perRegion.get(c.code)!.amount,
    }));
  } else {
    rows = apportion(amount, claims, method).map((r) => ({
      recipient: names(r.code),
      code: r.code,
      population: r.weight,
      share: r.weight.div(totalWeight),
      exact: r.exact,
      amount: r.amount,
    }));
  }
  const total = sumDecimals(rows.map((r) => r.amount));
  // The table matters for every region split and for RCC splits by population (not RCC equal splits).
  const usesTable = pot.recipients !== 'rcc' || weighted;
  const source = populationSource(catalog, table);
  const partial = usesTable ? partialPopulation(ref, table) : null;
  return {
    ...base,
    populationDate: weighted ? source.date : null,
    rows,
    total,
    drift: total.minus(amount),
    weighted,
    ...(usesTable ? { populationSource: source } : {}),
    ...(partial ? { partial } : {}),
  };
}
