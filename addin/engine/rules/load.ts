/**
 * Loading and validating rule files. Every error names the file and the JSON
 * path (JSON Pointer). A file is either wholly accepted or rejected: nothing
 * half-loaded is ever returned.
 */
import Decimal from 'decimal.js';
import { validate as validateSchema } from './generated/agreement-validator.js';
import type { Agreement, Cite, Reference } from '../../core/model';
import { builtinSources } from './cite';
import type { RuleError } from '../../core/errors';

/** Rule files a user loads are size-limited before they are parsed. */
export const MAX_RULE_FILE_BYTES = 1_000_000;

export type LoadResult = { ok: true; agreement: Agreement } | { ok: false; errors: RuleError[] };

/** Parse and validate a rule file's text. */
export function loadAgreementText(text: string, file: string, reference?: Reference): LoadResult {
  if (typeof text !== 'string') {
    return { ok: false, errors: [{ file, path: '', message: 'rule file is not text' }] };
  }
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_RULE_FILE_BYTES) {
    return {
      ok: false,
      errors: [{ file, path: '', message: `rule file is ${bytes} bytes; the limit is ${MAX_RULE_FILE_BYTES}` }],
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, errors: [{ file, path: '', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  return validateAgreement(json, file, reference);
}

/** Validate a parsed rule file: the JSON Schema first, then the arithmetic and references the schema cannot express. */
export function validateAgreement(json: unknown, file: string, reference?: Reference): LoadResult {
  if (!validateSchema(json)) {
    const errors = (validateSchema.errors ?? []).map((e) => ({
      file,
      path: e.instancePath || '/',
      message: schemaMessage(e),
    }));
    return { ok: false, errors: dedupe(errors) };
  }
  const agreement = json as Agreement;
  const errors = semanticErrors(agreement, file, reference);
  if (errors.length > 0) return { ok: false, errors };
  // A deep copy, so later mutation of the input cannot change a loaded agreement.
  return { ok: true, agreement: structuredClone(agreement) };
}

function schemaMessage(e: { keyword: string; message?: string; params: Record<string, unknown> }): string {
  if (e.keyword === 'additionalProperties') return `unknown property "${String(e.params.additionalProperty)}"`;
  if (e.keyword === 'required') return `missing property "${String(e.params.missingProperty)}"`;
  if (e.keyword === 'enum') return `${e.message ?? 'not allowed'}: ${JSON.stringify(e.params.allowedValues)}`;
  if (e.keyword === 'pattern' && String(e.params.pattern).includes('[1-9][0-9]{0,14}')) {
    return 'must be whole kronor as a string of digits, e.g. "250000000"';
  }
  return e.message ?? e.keyword;
}

function dedupe(errors: RuleError[]): RuleError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.path}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function sum(values: string[]): Decimal {
  return values.reduce((s, v) => s.plus(v), new Decimal(0));
}

function semanticErrors(a: Agreement, file: string, reference?: Reference): RuleError[] {
  const errors: RuleError[] = [];
  const err = (path: string, message: string) => errors.push({ file, path, message });

  const dupes = (items: { id: string }[], path: string) => {
    const seen = new Map<string, number>();
    items.forEach((it, i) => {
      if (seen.has(it.id)) err(`${path}/${i}/id`, `duplicate id "${it.id}" (also at ${path}/${seen.get(it.id)})`);
      else seen.set(it.id, i);
    });
  };
  dupes(a.groups, '/groups');
  dupes(a.pots, '/pots');
  dupes(a.conditions, '/conditions');
  dupes(a.readings, '/readings');

  const groupIds = new Set(a.groups.map((g) => g.id));
  const conditionIds = new Set(a.conditions.map((c) => c.id));
  const singleIds = new Set<string>([
    ...(reference?.rcc.map((r) => r.id) ?? []),
    ...(reference?.organisations.map((o) => o.id) ?? []),
  ]);

  a.pots.forEach((p, i) => {
    const at = `/pots/${i}`;
    if (!groupIds.has(p.group)) err(`${at}/group`, `unknown group "${p.group}"`);
    (p.conditions ?? []).forEach((c, j) => {
      if (!conditionIds.has(c)) err(`${at}/conditions/${j}`, `unknown condition "${c}"`);
    });
    const split = p.split;
    if (split.by === 'single') {
      if (p.recipients !== 'single') err(`${at}/recipients`, 'a single-recipient split needs recipients "single"');
      if (reference && !singleIds.has(split.recipient)) err(`${at}/split/recipient`, `unknown recipient "${split.recipient}"`);
    } else if (p.recipients === 'single' && split.by !== 'unspecified') {
      err(`${at}/split/by`, `recipients "single" needs split "single", not "${split.by}"`);
    }
    if (split.by === 'parts') {
      if (p.recipients !== 'regions') err(`${at}/recipients`, 'a split in parts is only defined for the regions');
      const partIds = new Set<string>();
      split.parts.forEach((part, j) => {
        if (partIds.has(part.id)) err(`${at}/split/parts/${j}/id`, `duplicate part id "${part.id}"`);
        partIds.add(part.id);
        part.conditions.forEach((c, k) => {
          if (!conditionIds.has(c)) err(`${at}/split/parts/${j}/conditions/${k}`, `unknown condition "${c}"`);
        });
      });
    }
    if (p.conditions && p.recipients !== 'regions') err(`${at}/conditions`, 'conditions are only defined for pots paid to the regions');
  });

  a.conditions.forEach((c, i) => {
    const at = `/conditions/${i}/value`;
    const v = c.value;
    if ((c.operator === 'atLeast' || c.operator === 'over') && !(typeof v === 'string' && /^[01](\.\d+)?$/.test(v))) {
      err(at, `operator "${c.operator}" needs a fraction threshold such as "0.70"`);
    }
    if (c.operator === 'isTrue' && v !== true) err(at, 'operator "isTrue" needs the value true');
    if (c.operator === 'submittedBy' && !(typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))) {
      err(at, 'operator "submittedBy" needs a date threshold such as "2026-09-30"');
    }
  });

  // The groups reconcile: each group's pots sum to the group, the groups to the total.
  a.groups.forEach((g, i) => {
    const pots = a.pots.filter((p) => p.group === g.id);
    const s = sum(pots.map((p) => p.amount));
    if (!s.eq(g.amount)) {
      err(`/groups/${i}/amount`, `group "${g.id}" is ${g.amount} but its pots sum to ${s.toFixed(0)}`);
    }
  });
  const groupSum = sum(a.groups.map((g) => g.amount));
  if (!groupSum.eq(a.total)) err('/total', `total is ${a.total} but the groups sum to ${groupSum.toFixed(0)}`);

  if (reference && !reference.populations.some((t) => t.id === a.defaultPopulation)) {
    err('/defaultPopulation', `unknown population table "${a.defaultPopulation}"`);
  }

  if (a.forms) formErrors(a, err);

  // Every citation names a known document: the built-in sources index or the file's own `sources`.
  const known = new Set<string>(builtinSources().map((s) => s.id));
  (a.sources ?? []).forEach((s, i) => {
    if (known.has(s.id)) err(`/sources/${i}/id`, `source "${s.id}" is already a built-in source (rules/sources/index.json)`);
  });
  for (const s of a.sources ?? []) known.add(s.id);
  a.source.documents.forEach((d, i) => {
    if (!known.has(d)) err(`/source/documents/${i}`, `unknown source "${d}" (not in rules/sources/index.json nor in the file's "sources")`);
  });
  forEachCite(a, '', (cite, path) => {
    if (!known.has(cite.source)) err(`${path}/source`, `unknown source "${cite.source}" (not in rules/sources/index.json nor in the file's "sources")`);
  });
  return errors;
}

/** Visits every citation of a parsed rule file with its JSON Pointer. */
function forEachCite(node: unknown, path: string, visit: (cite: Cite, path: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((x, i) => forEachCite(x, `${path}/${i}`, visit));
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    const at = `${path}/${k}`;
    if ((k === 'cite' || k === 'totalCite') && v && typeof v === 'object' && typeof (v as Cite).source === 'string') visit(v as Cite, at);
    else forEachCite(v, at, visit);
  }
}

/** The forms' references and uniqueness the schema cannot express: pots exist, field and alternative ids are unique, one correct alternative. */
function formErrors(a: Agreement, err: (path: string, message: string) => void): void {
  const forms = a.forms!;
  const potIds = new Set(a.pots.map((p) => p.id));
  (forms.requisitioners ?? []).forEach((r, i) => {
    r.pots.forEach((p, j) => {
      if (!potIds.has(p)) err(`/forms/requisitioners/${i}/pots/${j}`, `unknown pot "${p}"`);
    });
  });
  for (const kind of ['requisition', 'report'] as const) {
    const form = forms[kind];
    const points = new Map<string, number>();
    form.points.forEach((pt, i) => {
      if (points.has(pt.point)) err(`/forms/${kind}/points/${i}/point`, `duplicate point "${pt.point}" (also at /forms/${kind}/points/${points.get(pt.point)})`);
      else points.set(pt.point, i);
      const ids = new Map<string, number>();
      pt.fields.forEach((f, j) => {
        if (ids.has(f.id)) err(`/forms/${kind}/points/${i}/fields/${j}/id`, `duplicate field id "${f.id}" (also at /forms/${kind}/points/${i}/fields/${ids.get(f.id)})`);
        else ids.set(f.id, j);
        if (f.fill === 'given' && !f.value) err(`/forms/${kind}/points/${i}/fields/${j}`, 'a field filled by "given" needs its "value"');
        if (f.value !== undefined && f.fill !== 'given') err(`/forms/${kind}/points/${i}/fields/${j}/value`, 'only a field filled by "given" has a "value"');
      });
    });
    const alts = form.attestation ?? [];
    const altIds = new Set<string>();
    alts.forEach((x, i) => {
      if (altIds.has(x.id)) err(`/forms/${kind}/attestation/${i}/id`, `duplicate alternative id "${x.id}"`);
      altIds.add(x.id);
    });
    const hasField = form.points.some((pt) => pt.fields.some((f) => f.fill === 'attestation'));
    if (hasField && alts.length < 2) err(`/forms/${kind}/attestation`, 'a field filled by "attestation" needs at least two alternatives');
  }
  if (forms.period && forms.period.from > forms.period.to) err('/forms/period', `the period ends (${forms.period.to}) before it begins (${forms.period.from})`);
}
