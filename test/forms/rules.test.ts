// The forms of Bilaga 2 as rules: every field, deadline and alternative cited with words
// that are really in the agreement; broken forms rejected with their JSON path.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { builtinCatalog, validateAgreement } from '../../addin/api';
import { builtinReference } from '../../addin/engine/rules/catalog';
import type { Cite } from '../../addin/core/model';
import { sourceText } from '../engine/sources';

const a2026 = () => builtinCatalog().agreements.find((a) => a.id === '2026')!;
const raw = () => JSON.parse(readFileSync(new URL('../../rules/agreements/2026.json', import.meta.url), 'utf8'));
const paths = (r: ReturnType<typeof validateAgreement>) => (r.ok ? [] : r.errors.map((e) => `${e.path} ${e.message}`));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a rule file as parsed JSON, edited freely
const mutate = (f: (j: any) => void) => {
  const j = raw();
  f(j);
  return validateAgreement(j, '2026.json', builtinReference());
};

function formCites(): { at: string; cite: Cite }[] {
  const f = a2026().forms!;
  const out: { at: string; cite: Cite }[] = [];
  for (const kind of ['requisition', 'report'] as const) {
    const form = f[kind];
    out.push({ at: kind, cite: form.cite });
    form.deadlines.forEach((d) => out.push({ at: `${kind} deadline ${d.kind}`, cite: d.cite }));
    for (const p of form.points) {
      out.push({ at: `${kind} ${p.point}`, cite: p.cite });
      for (const x of p.fields) out.push({ at: `${kind} ${p.point} ${x.id}`, cite: x.cite });
    }
    for (const x of form.attestation ?? []) out.push({ at: `${kind} ${x.id}`, cite: x.cite });
  }
  for (const r of f.requisitioners ?? []) out.push({ at: `requisitioner ${r.recipients}`, cite: r.cite });
  if (f.period) out.push({ at: 'period', cite: f.period.cite });
  return out;
}

describe('the forms of the 2026 agreement (Bilaga 2, section 6)', () => {
  test('every quotation of the forms is in the agreement, verbatim (white space aside, "…" for elisions)', () => {
    const norm = (s: string) => s.replace(/\*/g, '').replace(/\s+/g, ' ').trim();
    const seed = norm(sourceText('overenskommelse-2026'));
    const cites = formCites();
    expect(cites.length).toBeGreaterThan(50);
    const bad = cites.flatMap(({ at, cite }) =>
      cite.text.split('…').map(norm).filter((p) => p.length > 0 && !seed.includes(p)).map((p) => `${at}: "${p}"`));
    expect(bad).toEqual([]);
    for (const { cite } of cites) {
      expect(cite.source).toBe('overenskommelse-2026');
      expect(cite.section).toMatch(/^(6|Bilaga 2.*)$/);
    }
  });

  test('the requisition has the four points of Bilaga 2, the report the five, with their fields', () => {
    const f = a2026().forms!;
    expect(f.requisition.points.map((p) => [p.point, p.fields.map((x) => x.id)])).toEqual([
      ['1', ['bidragsmottagare', 'organisationsnummer', 'kontaktperson', 'postadress', 'telefon', 'faxnummer', 'epost']],
      ['2', ['diarienummer-overenskommelse', 'diarienummer-utbetalning', 'benamning', 'belopp', 'period']],
      ['3', ['bankgiro', 'betalningsreferens']],
      ['4', ['intygande', 'datum', 'underskrift', 'namnfortydligande']],
    ]);
    expect(f.report.points.map((p) => p.point)).toEqual(['1', '2', '3', '4', '5']);
    expect(f.report.points[2]!.fields.map((x) => x.fill)).toEqual(['received', 'costs', 'total-costs', 'unspent']);
    expect(f.report.attestation!.map((x) => [x.id, x.correct, x.deviations])).toEqual([['alt-1', true, false], ['alt-2', false, true]]);
  });

  test('deadlines: requisition by 1 December 2026; repayment and economic report by 31 March 2027', () => {
    const f = a2026().forms!;
    expect(f.requisition.deadlines.map((d) => [d.kind, d.date])).toEqual([['requisition', '2026-12-01']]);
    expect(f.report.deadlines.map((d) => [d.kind, d.date])).toEqual([['repayment', '2027-03-31'], ['report', '2027-03-31']]);
  });

  test('the regions requisition payment 1; SKR requisitions its 505 000 000 kronor', () => {
    const a = a2026();
    const [regions, skr] = a.forms!.requisitioners!;
    expect(regions!.pots).toEqual(['svf-payment-1']);
    const skrSum = skr!.pots.reduce((s, id) => s + Number(a.pots.find((p) => p.id === id)!.amount), 0);
    expect(skrSum).toBe(505_000_000);
  });

  test('what the seeds do not give is a user field and a gap: diarienummer, organisation number, bankgiro', () => {
    const a = a2026();
    const userFields = a.forms!.requisition.points.flatMap((p) => p.fields).filter((x) => x.fill === 'user').map((x) => x.format);
    expect(userFields).toEqual(expect.arrayContaining(['diarienummer', 'orgnr', 'giro']));
    const gaps = a.gaps.map((g) => g.what.sv).join('\n');
    expect(gaps).toMatch(/diarienummer/);
    expect(gaps).toMatch(/organisationsnummer/);
    expect(gaps).toMatch(/[Bb]ankgiro/);
  });
});

describe('broken forms are rejected with their JSON path', () => {
  test('a field without a citation', () => {
    expect(paths(mutate((j) => delete j.forms.requisition.points[1].fields[3].cite))).toContain('/forms/requisition/points/1/fields/3 missing property "cite"');
  });
  test('an unknown fill', () => {
    expect(paths(mutate((j) => (j.forms.report.points[2].fields[2].fill = 'eval'))).join('\n')).toMatch(/\/forms\/report\/points\/2\/fields\/2\/fill/);
  });
  test('a requisitioner naming an unknown pot', () => {
    expect(paths(mutate((j) => j.forms.requisitioners[0].pots.push('no-such-pot')))).toContain('/forms/requisitioners/0/pots/1 unknown pot "no-such-pot"');
  });
  test('a duplicate field id', () => {
    expect(paths(mutate((j) => (j.forms.requisition.points[0].fields[1].id = 'bidragsmottagare')))).toContain(
      '/forms/requisition/points/0/fields/1/id duplicate field id "bidragsmottagare" (also at /forms/requisition/points/0/fields/0)');
  });
  test('an attestation field with one alternative', () => {
    expect(paths(mutate((j) => j.forms.report.attestation.pop()))).toContain('/forms/report/attestation a field filled by "attestation" needs at least two alternatives');
  });
  test('a form citation of an unknown document', () => {
    expect(paths(mutate((j) => (j.forms.report.attestation[0].cite.source = 'no-such-source')))).toContain(
      '/forms/report/attestation/0/cite/source unknown source "no-such-source" (not in rules/sources/index.json nor in the file\'s "sources")');
  });
  test('a file without forms is still valid (the section is optional)', () => {
    expect(mutate((j) => delete j.forms).ok).toBe(true);
  });
});
