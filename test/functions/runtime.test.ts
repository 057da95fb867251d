import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../addin/api';
import { registerFunctions, type CustomFunctionsApi } from '../../taskpane/functions';
import en from '../../addin/functions/functions.en.json';

class FakeError {
  constructor(readonly code: string, readonly message?: string) {}
}

function fakeHost(): { cf: CustomFunctionsApi; registered: Map<string, (...a: unknown[]) => unknown> } {
  const registered = new Map<string, (...a: unknown[]) => unknown>();
  const cf: CustomFunctionsApi = {
    associate: (id, fn) => void registered.set(id, fn as (...a: unknown[]) => unknown),
    Error: FakeError,
    ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A' },
  };
  return { cf, registered };
}

describe('the custom-functions runtime', () => {
  it('registers every id of the metadata, and nothing where the host has no custom functions', () => {
    const { cf, registered } = fakeHost();
    expect(registerFunctions(builtinCatalog, () => 'sv', cf)).not.toBeNull();
    expect([...registered.keys()].sort()).toEqual(en.functions.map((f) => f.id).sort());
    expect(registerFunctions(builtinCatalog, () => 'sv', undefined)).toBeNull();
  });

  it('returns values, and errors as CustomFunctions.Error with the message in the pane language', () => {
    const { cf, registered } = fakeHost();
    let lang: 'sv' | 'en' = 'sv';
    registerFunctions(builtinCatalog, () => lang, cf);
    expect(registered.get('ALLOCATE')!('2026', 'Utbetalning 1', 'Region Gotland')).toBe(1_439_664);
    const bad = registered.get('POT')!('2026', 'Utbetalning 9') as FakeError;
    expect(bad).toBeInstanceOf(FakeError);
    expect(bad.code).toBe('#VALUE!');
    expect(bad.message).toMatch(/^pott: okänd pott/);
    lang = 'en';
    const na = registered.get('ALLOCATE')!('2026', 'barncancer', 'Region Gotland') as FakeError;
    expect(na.code).toBe('#N/A');
    expect(na.message).toMatch(/^recipient: /);
  });

  it('an asynchronous function (UTBETALNING2) rejects as CustomFunctions.Error too', async () => {
    const { cf, registered } = fakeHost();
    registerFunctions(builtinCatalog, () => 'sv', cf);
    const e = (await (registered.get('PAYMENT2')!('2026', [['Region'], ['Gotland']]) as Promise<unknown>)) as FakeError;
    expect(e).toBeInstanceOf(FakeError);
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toMatch(/^indikatorer: /);
  });
});
