import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { functions as f } from '../../addin/functions/functions';
import { FUNCTIONS, NAMESPACE, metadata, metadataText } from '../../addin/functions/metadata';
import { EXCEL_BUILTINS_EN, EXCEL_BUILTINS_SV } from './excel-builtins';

interface Meta {
  functions: { id: string; name: string; description: string; result: { type: string; dimensionality: string }; parameters: { name: string; type: string; dimensionality: string; optional?: boolean }[] }[];
}

const file = (lang: 'sv' | 'en') => readFileSync(new URL(`../../addin/functions/functions.${lang}.json`, import.meta.url), 'utf8');
const sv = JSON.parse(file('sv')) as Meta;
const en = JSON.parse(file('en')) as Meta;
const BUILTIN = new Set([...EXCEL_BUILTINS_EN, ...EXCEL_BUILTINS_SV].map((n) => n.toUpperCase()));

/** Why a name is not valid for an Excel custom function (or its namespace), or null. */
export function nameProblem(name: string): string | null {
  if (name.length < 3) return 'shorter than 3 characters';
  if (!/^[A-Za-zÅÄÖåäö][A-Za-z0-9ÅÄÖåäö._]*$/.test(name)) return 'has a character other than letters, digits, dots and underscores (or does not start with a letter)';
  if (/^[A-Za-z]{1,3}[0-9]+$/.test(name)) return 'reads as a cell address';
  if (/^R[0-9]*C[0-9]*$/i.test(name)) return 'reads as an R1C1 reference';
  if (BUILTIN.has(name.toUpperCase())) return 'is a built-in Excel function';
  return null;
}

describe('custom-functions metadata', () => {
  it('the checked-in files are what addin/functions/metadata.ts writes (npx tsx addin/functions/metadata.ts --write)', () => {
    expect(file('sv')).toBe(metadataText('sv'));
    expect(file('en')).toBe(metadataText('en'));
  });

  it('Swedish and English have the same ids, results and parameters (types, dimensionality, optional) in the same order', () => {
    const shape = (m: Meta) => m.functions.map((x) => ({ id: x.id, result: x.result, params: x.parameters.map((p) => [p.type, p.dimensionality, p.optional ?? false]) }));
    expect(shape(sv)).toEqual(shape(en));
    expect(sv.functions.map((x) => x.id)).toEqual(['ALLOCATE', 'TABLE', 'CONDITION', 'PAYMENT2', 'POT', 'SOURCE']);
    expect(sv.functions.map((x) => x.name)).toEqual(['FÖRDELA', 'TABELL', 'VILLKOR', 'UTBETALNING2', 'POTT', 'KÄLLA']);
    expect(en.functions.map((x) => x.name)).toEqual(['ALLOCATE', 'TABLE', 'CONDITION', 'PAYMENT2', 'POT', 'SOURCE']);
    expect(new Set(sv.functions.map((x) => x.id)).size).toBe(sv.functions.length);
    for (const m of [sv, en]) {
      for (const x of m.functions) {
        expect(x.description.length).toBeGreaterThan(10);
        // Optional parameters only at the end.
        const firstOptional = x.parameters.findIndex((p) => p.optional);
        if (firstOptional >= 0) expect(x.parameters.slice(firstOptional).every((p) => p.optional)).toBe(true);
        expect(new Set(x.parameters.map((p) => p.name)).size).toBe(x.parameters.length);
      }
    }
  });

  it('names and ids are valid for Excel, the namespace is AVTAL', () => {
    expect(NAMESPACE).toBe('AVTAL');
    expect(nameProblem(NAMESPACE)).toBeNull();
    for (const m of [sv, en]) for (const x of m.functions) {
      expect(nameProblem(x.name), x.name).toBeNull();
      expect(nameProblem(x.id), x.id).toBeNull();
    }
  });

  it('the name check rejects what Excel rejects', () => {
    expect(nameProblem('AB')).toMatch(/3 characters/);
    expect(nameProblem('AB12')).toMatch(/cell address/);
    expect(nameProblem('POT1')).toMatch(/cell address/);
    expect(nameProblem('R1C1')).toMatch(/R1C1/);
    expect(nameProblem('SUMMA')).toMatch(/built-in/);
    expect(nameProblem('LETARAD')).toMatch(/built-in/);
    expect(nameProblem('VLOOKUP')).toMatch(/built-in/);
    expect(nameProblem('FÖR-DELA')).toMatch(/character/);
    expect(nameProblem('1ABC')).toMatch(/character/);
    expect(nameProblem('ÅRSBELOPP')).toBeNull();
  });

  it('each function takes the parameters the metadata declares (arity matches the implementation)', () => {
    const impl: Record<string, (...a: unknown[]) => unknown> = {
      ALLOCATE: f.allocate, TABLE: f.table, CONDITION: f.condition, PAYMENT2: f.payment2, POT: f.pot, SOURCE: f.source,
    };
    for (const spec of FUNCTIONS) expect(impl[spec.id]!.length, spec.id).toBe(spec.parameters.length);
    expect((metadata('sv') as Meta).functions[0]!.parameters.map((p) => p.name)).toEqual(['avtal', 'pott', 'mottagare', 'befolkning']);
  });
});
