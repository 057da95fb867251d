/**
 * The built-in catalog: the rule files and reference data under rules/,
 * bundled (static JSON imports), so the pane needs no network and the CLI no
 * file paths. Each agreement is validated on first use; a broken built-in file
 * is a bug and throws with its JSON path.
 */
import a2021 from '../../../rules/agreements/2021.json';
import a2024 from '../../../rules/agreements/2024.json';
import a2026 from '../../../rules/agreements/2026.json';
import regions from '../../../rules/reference/regions.json';
import rcc from '../../../rules/reference/rcc.json';
import p2019 from '../../../rules/reference/population/2019-11-01.json';
import p2023 from '../../../rules/reference/population/2023-12-31.json';
import p2024 from '../../../rules/reference/population/2024-12-31.json';
import type { Agreement, Catalog, PopulationTable, Rcc, Reference, Region, Organisation } from '../../core/model';
import { EngineError } from '../../core/errors';
import { validateAgreement } from './load';
import { registerSources } from './cite';

export const BUILTIN_FILES: Record<string, unknown> = {
  'rules/agreements/2021.json': a2021,
  'rules/agreements/2024.json': a2024,
  'rules/agreements/2026.json': a2026,
};

export function builtinReference(): Reference {
  return {
    regions: regions.regions as Region[],
    rcc: rcc.rcc as Rcc[],
    organisations: rcc.organisations as Organisation[],
    populations: [p2019, p2023, p2024] as PopulationTable[],
  };
}

let cached: Catalog | undefined;

export function builtinCatalog(): Catalog {
  if (cached) return cached;
  const reference = builtinReference();
  const agreements: Agreement[] = [];
  for (const [file, json] of Object.entries(BUILTIN_FILES)) {
    const r = validateAgreement(json, file, reference);
    if (!r.ok) {
      const first = r.errors[0]!;
      throw new EngineError('rule-file', {
        sv: `Inbyggd regelfil ${first.file} är ogiltig vid ${first.path}: ${first.message}`,
        en: `Built-in rule file ${first.file} is invalid at ${first.path}: ${first.message}`,
      }, { path: first.path });
    }
    agreements.push(r.agreement);
  }
  cached = { agreements, reference };
  return cached;
}

/** SHA-256 of a rule file's text (Web Crypto: the pane and Node alike). */
export async function ruleFileHash(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A user's rule file joins the catalog, marked with its file and hash. It never shadows a
 * built-in agreement: a file that uses a built-in id ("2026") is loaded as "2026-egen"
 * (then "2026-egen-2", …) and says so; a file loaded earlier under the same id is replaced.
 */
export function withUserAgreement(catalog: Catalog, agreement: Agreement, file: string, sha256: string): { catalog: Catalog; agreement: Agreement; replaced: boolean } {
  const builtin = new Set(builtinCatalog().agreements.map((a) => a.id));
  let id = agreement.id;
  if (builtin.has(id)) {
    id = `${agreement.id}-egen`;
    for (let n = 2; builtin.has(id) || catalog.agreements.some((a) => a.id === id && a.origin?.file !== file); n++) id = `${agreement.id}-egen-${n}`;
  }
  const marked: Agreement = { ...agreement, id, origin: { file, sha256, ...(id !== agreement.id ? { renamedFrom: agreement.id } : {}) } };
  const replaced = catalog.agreements.some((a) => a.id === id);
  return { catalog: withAgreement(catalog, marked), agreement: marked, replaced };
}

/** A catalog with one more (user-loaded, already validated) agreement; replaces one with the same id. */
export function withAgreement(catalog: Catalog, agreement: Agreement): Catalog {
  registerSources(agreement.sources); // the file's own documents, for the citation formatter
  return { ...catalog, agreements: [...catalog.agreements.filter((a) => a.id !== agreement.id), agreement] };
}

export function findAgreement(catalog: Catalog, id: string): Agreement {
  const a = catalog.agreements.find((x) => x.id === id);
  if (!a) {
    const known = catalog.agreements.map((x) => x.id).join(', ');
    throw new EngineError('unknown-agreement', {
      sv: `Okänd överenskommelse "${id}". Kända: ${known}.`,
      en: `Unknown agreement "${id}". Known: ${known}.`,
    });
  }
  return a;
}

export function findPopulation(catalog: Catalog, id: string): PopulationTable {
  const t = catalog.reference.populations.find((p) => p.id === id);
  if (!t) {
    const known = catalog.reference.populations.map((p) => p.id).join(', ');
    throw new EngineError('unknown-population', {
      sv: `Okänd befolkningstabell "${id}". Kända: ${known}.`,
      en: `Unknown population table "${id}". Known: ${known}.`,
    });
  }
  return t;
}
