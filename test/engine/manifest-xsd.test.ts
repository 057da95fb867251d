// The manifest XSDs in schemas/ (Microsoft's, with the local <Runtimes> extension) check
// manifests offline. Needs xmllint (Debian libxml2-utils); skipped, and says so, without it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const xsd = join(root, 'schemas/office-addin-manifest/OfficeAppManifestV1_1.xsd');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!hasXmllint) console.warn('manifest-xsd: xmllint not installed (apt-get install libxml2-utils): skipped');

function validate(xml: string): { ok: boolean; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
  const file = join(dir, 'manifest.xml');
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, file], { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

const manifest = readFileSync(join(root, 'manifest.xml'), 'utf8');
// The product manifest has its <Runtimes> (issue 11); these variants replace it.
const RUNTIMES = /<Runtimes>[\s\S]*?<\/Runtimes>/;
const withRuntimes = (runtime: string) => manifest.replace(RUNTIMES, `<Runtimes>\n          ${runtime}\n        </Runtimes>`);

describe.skipIf(!hasXmllint)('manifest XSD (schemas/office-addin-manifest)', () => {
  test('the product manifest validates against the repository copy', () => {
    expect(validate(manifest)).toMatchObject({ ok: true });
  });
  test('the local extension accepts <Runtimes> of a shared runtime (lifetime="long"), first in <Host>, before <AllFormFactors>', () => {
    expect(manifest).toMatch(RUNTIMES);
    expect(validate(withRuntimes('<Runtime resid="Taskpane.Url" lifetime="long"/>'))).toMatchObject({ ok: true });
    // Microsoft's order: Runtimes, AllFormFactors (custom functions), DesktopFormFactor.
    const moved = manifest.replace(RUNTIMES, '').replace('</AllFormFactors>', '</AllFormFactors>\n<Runtimes><Runtime resid="Taskpane.Url" lifetime="long"/></Runtimes>');
    expect(validate(moved).ok).toBe(false);
  });
  test('and rejects what Microsoft\'s documentation does not allow', () => {
    const bad = validate(withRuntimes('<Runtime resid="Taskpane.Url" lifetime="forever"/>'));
    expect(bad.ok).toBe(false);
    expect(bad.out).toMatch(/lifetime/);
    expect(validate(withRuntimes('<Runtime lifetime="long"/>')).ok).toBe(false); // resid is required
    expect(validate(manifest.replace(RUNTIMES, '<Runtimes></Runtimes>')).ok).toBe(false); // at least one Runtime
    expect(validate(manifest.replace('<Namespace resid="Functions.Namespace"/>', '')).ok).toBe(true); // Namespace is optional in the schema
    expect(validate(manifest.replace(/<Page>[\s\S]*?<\/Page>/, '')).ok).toBe(false); // Page is required
  });
});
