// A user's rule file never shadows a built-in agreement and is marked wherever it is used (#15.5).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { allocate, allocationSheet, builtinCatalog, indicatorSheet, loadAgreementText, overviewSheet, ruleFileHash, withUserAgreement } from '../../addin/api';

const text2026 = readFileSync(new URL('../../rules/agreements/2026.json', import.meta.url), 'utf8');
const catalog = builtinCatalog();

function load(text: string, file: string) {
  const res = loadAgreementText(text, file, catalog.reference);
  if (!res.ok) throw new Error(JSON.stringify(res.errors));
  return res.agreement;
}

describe('a rule file with a built-in id', () => {
  test('is loaded under its own id, the built-in unchanged, with file and hash', async () => {
    const agreement = load(text2026, 'min-2026.json');
    const fileText = text2026;
    const sha = await ruleFileHash(fileText);
    expect(sha).toBe(createHash('sha256').update(fileText, 'utf8').digest('hex'));
    const added = withUserAgreement(catalog, agreement, 'min-2026.json', sha);
    expect(added.agreement.id).toBe('2026-egen');
    expect(added.agreement.origin).toEqual({ file: 'min-2026.json', sha256: sha, renamedFrom: '2026' });
    expect(added.replaced).toBe(false);
    const builtin = added.catalog.agreements.find((a) => a.id === '2026')!;
    expect(builtin.origin).toBeUndefined();
    expect(builtin).toBe(catalog.agreements.find((a) => a.id === '2026'));
    expect(allocate(added.catalog, { agreement: '2026', pot: 'svf-payment-1' }).total.toFixed(0)).toBe('250000000');

    // the same file again replaces its earlier load; another file gets the next free id
    const again = withUserAgreement(added.catalog, agreement, 'min-2026.json', sha);
    expect(again.agreement.id).toBe('2026-egen');
    expect(again.replaced).toBe(true);
    const other = withUserAgreement(again.catalog, agreement, 'annan.json', sha);
    expect(other.agreement.id).toBe('2026-egen-2');
    expect(other.catalog.agreements.filter((a) => a.id.startsWith('2026')).map((a) => a.id).sort()).toEqual(['2026', '2026-egen', '2026-egen-2']);
  });

  test('every sheet made from it says so (file, hash); built-in sheets do not', async () => {
    const sha = await ruleFileHash(text2026);
    const { catalog: c, agreement } = withUserAgreement(catalog, load(text2026, 'min-2026.json'), 'min-2026.json', sha);
    const texts = (cells: unknown[][]) => cells.flat().filter((v): v is string => typeof v === 'string');
    const mark = `Regler: egen regelfil min-2026.json (SHA-256 ${sha.slice(0, 16)}…)`;
    const sheets = [
      allocationSheet(allocate(c, { agreement: agreement.id, pot: 'svf-payment-1' }), c, 'sv'),
      overviewSheet(c, agreement.id, {}, 'sv'),
      indicatorSheet(c, agreement.id, 'sv'),
    ];
    for (const s of sheets) expect(texts(s.cells).some((t) => t.startsWith(mark) && t.includes('”2026-egen”'))).toBe(true);
    const builtinSheet = allocationSheet(allocate(c, { agreement: '2026', pot: 'svf-payment-1' }), c, 'sv');
    expect(texts(builtinSheet.cells).some((t) => t.includes('egen regelfil'))).toBe(false);
  });

  test('a file with an id of its own keeps it, still marked', async () => {
    const draft = { ...JSON.parse(text2026), id: '2026-utkast' };
    const text = JSON.stringify(draft);
    const { agreement } = withUserAgreement(catalog, load(text, 'utkast.json'), 'utkast.json', await ruleFileHash(text));
    expect(agreement.id).toBe('2026-utkast');
    expect(agreement.origin?.renamedFrom).toBeUndefined();
    expect(agreement.origin?.file).toBe('utkast.json');
  });
});

describe('findings made against a user rule file', () => {
  test('say so in their message (file and hash); findings against the built-in do not', async () => {
    const { auditWorkbook } = await import('../../addin/api');
    const { jamtlandWorkbook } = await import('../../addin/engine/audit/demo');
    const { memoryPort } = await import('../fake-host/memory-port');
    const { sourceText } = await import('./sources');
    const sha = await ruleFileHash(text2026);
    const { catalog: c } = withUserAgreement(catalog, load(text2026, 'min-2026.json'), 'min-2026.json', sha);
    const run = async (agreement: string) => {
      const { workbook } = jamtlandWorkbook(sourceText('delegationsbeslut-jamtland-2026'));
      return auditWorkbook(memoryPort(workbook).port, c, { scope: 'workbook', lang: 'sv', flag: false, agreement });
    };
    const own = await run('2026-egen');
    expect(own.findings.length).toBeGreaterThan(0);
    for (const f of own.findings) {
      expect(f.message.sv).toContain(`enligt egen regelfil min-2026.json, SHA-256 ${sha.slice(0, 16)}`);
      expect(f.message.en).toContain('by the own rule file min-2026.json');
    }
    const builtin = await run('2026');
    expect(builtin.findings.length).toBe(own.findings.length);
    expect(builtin.findings.some((f) => f.message.sv.includes('egen regelfil'))).toBe(false);
  });
});
