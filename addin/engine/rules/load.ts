/**
 * Loading and validating rule files. Every error names the file and the JSON
 * path (JSON Pointer). A file is either wholly accepted or rejected: nothing
 * half-loaded is ever returned.
 */
import Decimal from 'decimal.js';
import { validate as validateSchema } from './generated/agreement-validator.js';
import type { Agreement, Cite, Reference, Text } from '../../core/model';
import { builtinSources } from './cite';
import type { RuleError } from '../../core/errors';

/** Rule files a user loads are size-limited before they are parsed. */
export const MAX_RULE_FILE_BYTES = 1_000_000;

export type LoadResult = { ok: true; agreement: Agreement } | { ok: false; errors: RuleError[] };

/** Parse and validate a rule file's text. */
export function loadAgreementText(text: string, file: string, reference?: Reference): LoadResult {
  if (typeof text !== 'string') {
    return { ok: false, errors: [ruleError(file, '', { en: 'rule file is not text', sv: 'regelfilen är inte text' })] };
  }
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_RULE_FILE_BYTES) {
    return {
      ok: false,
      errors: [ruleError(file, '', tooBig(bytes))],
    };
  }
  let json: unknown;
  const body = text.replace(/^\uFEFF/, '');
  try {
    json = JSON.parse(body);
  } catch (e) {
    return { ok: false, errors: [ruleError(file, '', jsonError(body, (e as Error).message))] };
  }
  return validateAgreement(json, file, reference);
}

/** Validate a parsed rule file: the JSON Schema first, then the arithmetic and references the schema cannot express. */
export function validateAgreement(json: unknown, file: string, reference?: Reference): LoadResult {
  if (!validateSchema(json)) {
    const errors = (validateSchema.errors ?? []).map((e) => ruleError(file, e.instancePath || '/', schemaMessage(e)));
    return { ok: false, errors: dedupe(errors) };
  }
  const agreement = json as Agreement;
  const errors = semanticErrors(agreement, file, reference);
  if (errors.length > 0) return { ok: false, errors };
  // A deep copy, so later mutation of the input cannot change a loaded agreement.
  return { ok: true, agreement: structuredClone(agreement) };
}

function ruleError(file: string, path: string, text: Text): RuleError {
  return { file, path, message: text.en, text };
}

/** The size refusal, in both languages (the CLI checks the size before reading, with the same words). */
export function tooBig(bytes: number): Text {
  return {
    en: `rule file is ${bytes} bytes; the limit is ${MAX_RULE_FILE_BYTES}`,
    sv: `regelfilen är ${bytes} byte; gränsen är ${MAX_RULE_FILE_BYTES}`,
  };
}

/**
 * "not valid JSON at line 3, column 14: …": the parser's position as line and column (1-based),
 * and its reason in words. V8 says "… at position 42" (newer also "(line 3 column 14)"); a
 * parser that gives no position is taken to have stopped at the end ("Unexpected end").
 */
export function jsonError(text: string, parserMessage: string): Text {
  const lc = /\(line (\d+) column (\d+)\)/.exec(parserMessage);
  const pos = /position (\d+)/.exec(parserMessage);
  let line: number | null = null;
  let col: number | null = null;
  if (lc) {
    line = Number(lc[1]);
    col = Number(lc[2]);
  } else {
    const at = pos ? Math.min(Number(pos[1]), text.length) : /end of (JSON )?input|unexpected end/i.test(parserMessage) ? text.length : null;
    if (at !== null) {
      const before = text.slice(0, at);
      line = (before.match(/\n/g)?.length ?? 0) + 1;
      col = at - (before.lastIndexOf('\n') + 1) + 1;
    }
  }
  const reason = parserMessage.replace(/\s*\(line \d+ column \d+\)/, '').replace(/\s*in JSON at position \d+/, '').replace(/\s*at position \d+/, '').trim();
  const where = { en: line !== null ? ` at line ${line}, column ${col}` : '', sv: line !== null ? ` på rad ${line}, kolumn ${col}` : '' };
  return { en: `not valid JSON${where.en}: ${reason}`, sv: `inte giltig JSON${where.sv}: ${jsonReasonSv(reason)}` };
}

/** V8's (and SpiderMonkey's) JSON.parse reasons in Swedish; an unknown one is shown as it is. */
function jsonReasonSv(reason: string): string {
  const tok = /^Unexpected token '?(.)'?/.exec(reason);
  if (tok) return `oväntat tecken ”${tok[1]}”`;
  const table: [RegExp, string][] = [
    [/end of (JSON )?(input|data)/i, 'filen tar slut innan JSON-värdet är avslutat'],
    [/Expected double-quoted property name|property name/i, 'här ska ett egenskapsnamn inom dubbla citattecken stå'],
    [/Expected ',' or '}'/i, 'här ska ett kommatecken eller } stå'],
    [/Expected ',' or ']'/i, 'här ska ett kommatecken eller ] stå'],
    [/Expected ':'/i, 'här ska ett kolon stå efter egenskapsnamnet'],
    [/Unterminated string/i, 'en sträng saknar sitt avslutande citattecken'],
    [/Bad control character/i, 'otillåtet tecken (t.ex. radbrytning) i en sträng'],
    [/Bad escaped character|escape/i, 'felaktig escape-sekvens i en sträng'],
    [/non-whitespace character after JSON/i, 'det finns mer text efter JSON-värdet'],
    [/No number after minus sign|Exponent part is missing|Unterminated fractional number|number/i, 'ogiltigt tal'],
  ];
  for (const [re, sv] of table) if (re.test(reason)) return sv;
  const unexpected = /^Unexpected (?:character|token)?\s*(.*)$/i.exec(reason);
  if (unexpected) return `oväntat innehåll${unexpected[1] ? ` ${unexpected[1]}` : ''}`;
  return reason;
}

const TYPE_SV: Record<string, string> = {
  string: 'text (en sträng)',
  number: 'ett tal',
  integer: 'ett heltal',
  boolean: 'true eller false',
  object: 'ett objekt',
  array: 'en lista',
  null: 'null',
};

/** What a pattern asks for, in words, by the patterns the schema uses. */
function patternText(pattern: string): Text | null {
  if (pattern.includes('[1-9][0-9]{0,14}')) return { en: 'must be whole kronor as a string of digits, e.g. "250000000"', sv: 'ska vara hela kronor som en sträng av siffror, t.ex. "250000000"' };
  if (pattern.includes('[0-9]{1,6}')) return { en: 'must be a fraction from 0 to 1 as a string, e.g. "0.70"', sv: 'ska vara en andel från 0 till 1 som sträng, t.ex. "0.70"' };
  if (pattern.startsWith('^[0-9]{4}')) return { en: 'must be a date as yyyy-mm-dd (or yyyy-mm), e.g. "2026-09-30"', sv: 'ska vara ett datum som åååå-mm-dd (eller åååå-mm), t.ex. "2026-09-30"' };
  if (pattern.startsWith('^[a-z0-9]')) return { en: 'must be an id of lower-case letters, digits and hyphens, e.g. "svf-payment-1"', sv: 'ska vara ett id av små bokstäver, siffror och bindestreck, t.ex. "svf-payment-1"' };
  if (pattern.startsWith('^[A-Za-z0-9]')) return { en: 'must be letters, digits, ".", "_" or "-" (at most 40)', sv: 'får bara innehålla bokstäver, siffror, ".", "_" och "-" (högst 40)' };
  if (pattern.includes(':*?')) return { en: 'must not contain [ ] : * ? / \\ (not allowed in a sheet name)', sv: 'får inte innehålla [ ] : * ? / \\ (inte tillåtet i ett bladnamn)' };
  if (pattern === '^[1-9][0-9]?$') return { en: 'must be a number from 1 to 99 as a string', sv: 'ska vara ett tal från 1 till 99 som sträng' };
  return null;
}

/** An ajv error in both languages; the English is ajv's own words where we have none better. */
function schemaMessage(e: { keyword: string; message?: string; params: Record<string, unknown> }): Text {
  const p = e.params;
  const en = e.message ?? e.keyword;
  const n = Number(p.limit);
  switch (e.keyword) {
    case 'additionalProperties':
      return { en: `unknown property "${String(p.additionalProperty)}"`, sv: `okänd egenskap "${String(p.additionalProperty)}"` };
    case 'required':
      return { en: `missing property "${String(p.missingProperty)}"`, sv: `egenskapen "${String(p.missingProperty)}" saknas` };
    case 'enum':
      return { en: `${en}: ${JSON.stringify(p.allowedValues)}`, sv: `ska vara ett av de tillåtna värdena: ${JSON.stringify(p.allowedValues)}` };
    case 'const':
      return { en: `must be ${JSON.stringify(p.allowedValue)}`, sv: `ska vara ${JSON.stringify(p.allowedValue)}` };
    case 'type': {
      const types = String(p.type).split(',');
      return { en, sv: `ska vara ${types.map((t) => TYPE_SV[t] ?? t).join(' eller ')}` };
    }
    case 'pattern':
      return patternText(String(p.pattern)) ?? { en, sv: `ska ha formen ${String(p.pattern)}` };
    case 'minLength':
      return { en, sv: n === 1 ? 'får inte vara tom' : `ska vara minst ${n} tecken` };
    case 'maxLength':
      return { en, sv: `får vara högst ${n} tecken` };
    case 'minItems':
      return { en, sv: n === 1 ? 'ska ha minst ett element' : `ska ha minst ${n} element` };
    case 'maxItems':
      return { en, sv: `får ha högst ${n} element` };
    case 'minimum':
      return { en, sv: `ska vara minst ${n}` };
    case 'maximum':
      return { en, sv: `får vara högst ${n}` };
    case 'oneOf':
      return { en, sv: 'passar ingen av de tillåtna formerna (se felen ovan för varje form)' };
    default:
      return { en, sv: en };
  }
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
  const err = (path: string, en: string, sv: string) => errors.push(ruleError(file, path, { en, sv }));

  const dupes = (items: { id: string }[], path: string) => {
    const seen = new Map<string, number>();
    items.forEach((it, i) => {
      if (seen.has(it.id)) err(`${path}/${i}/id`, `duplicate id "${it.id}" (also at ${path}/${seen.get(it.id)})`, `id "${it.id}" finns redan (vid ${path}/${seen.get(it.id)})`);
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
    if (!groupIds.has(p.group)) err(`${at}/group`, `unknown group "${p.group}"`, `okänd grupp "${p.group}"`);
    (p.conditions ?? []).forEach((c, j) => {
      if (!conditionIds.has(c)) err(`${at}/conditions/${j}`, `unknown condition "${c}"`, `okänt villkor "${c}"`);
    });
    const split = p.split;
    if (split.by === 'single') {
      if (p.recipients !== 'single') err(`${at}/recipients`, 'a single-recipient split needs recipients "single"', 'en fördelning till en mottagare kräver "recipients": "single"');
      if (reference && !singleIds.has(split.recipient)) err(`${at}/split/recipient`, `unknown recipient "${split.recipient}"`, `okänd mottagare "${split.recipient}"`);
    } else if (p.recipients === 'single' && split.by !== 'unspecified') {
      err(`${at}/split/by`, `recipients "single" needs split "single", not "${split.by}"`, `"recipients": "single" kräver "by": "single", inte "${split.by}"`);
    }
    if (split.by === 'parts') {
      if (p.recipients !== 'regions') err(`${at}/recipients`, 'a split in parts is only defined for the regions', 'en fördelning i delar finns bara för regionerna');
      const partIds = new Set<string>();
      split.parts.forEach((part, j) => {
        if (partIds.has(part.id)) err(`${at}/split/parts/${j}/id`, `duplicate part id "${part.id}"`, `delens id "${part.id}" finns redan`);
        partIds.add(part.id);
        part.conditions.forEach((c, k) => {
          if (!conditionIds.has(c)) err(`${at}/split/parts/${j}/conditions/${k}`, `unknown condition "${c}"`, `okänt villkor "${c}"`);
        });
      });
    }
    if (p.conditions && p.recipients !== 'regions') err(`${at}/conditions`, 'conditions are only defined for pots paid to the regions', 'villkor finns bara för potter som betalas till regionerna');
  });

  a.conditions.forEach((c, i) => {
    const at = `/conditions/${i}/value`;
    const v = c.value;
    if ((c.operator === 'atLeast' || c.operator === 'over') && !(typeof v === 'string' && /^[01](\.\d+)?$/.test(v))) {
      err(at, `operator "${c.operator}" needs a fraction threshold such as "0.70"`, `operatorn "${c.operator}" kräver en andel som gräns, t.ex. "0.70"`);
    }
    if (c.operator === 'isTrue' && v !== true) err(at, 'operator "isTrue" needs the value true', 'operatorn "isTrue" kräver värdet true');
    if (c.operator === 'submittedBy' && !(typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))) {
      err(at, 'operator "submittedBy" needs a date threshold such as "2026-09-30"', 'operatorn "submittedBy" kräver ett datum som gräns, t.ex. "2026-09-30"');
    }
  });

  // The groups reconcile: each group's pots sum to the group, the groups to the total.
  a.groups.forEach((g, i) => {
    const pots = a.pots.filter((p) => p.group === g.id);
    const s = sum(pots.map((p) => p.amount));
    if (!s.eq(g.amount)) {
      err(`/groups/${i}/amount`, `group "${g.id}" is ${g.amount} but its pots sum to ${s.toFixed(0)}`, `gruppen "${g.id}" är ${g.amount} men dess potter summerar till ${s.toFixed(0)}`);
    }
  });
  const groupSum = sum(a.groups.map((g) => g.amount));
  if (!groupSum.eq(a.total)) err('/total', `total is ${a.total} but the groups sum to ${groupSum.toFixed(0)}`, `totalen är ${a.total} men grupperna summerar till ${groupSum.toFixed(0)}`);

  if (reference && !reference.populations.some((t) => t.id === a.defaultPopulation)) {
    err('/defaultPopulation', `unknown population table "${a.defaultPopulation}"`, `okänd befolkningstabell "${a.defaultPopulation}"`);
  }

  if (a.forms) formErrors(a, err);

  // Every citation names a known document: the built-in sources index or the file's own `sources`.
  const known = new Set<string>(builtinSources().map((s) => s.id));
  (a.sources ?? []).forEach((s, i) => {
    if (known.has(s.id)) err(`/sources/${i}/id`, `source "${s.id}" is already a built-in source (rules/sources/index.json)`, `källan "${s.id}" finns redan bland de inbyggda källorna (rules/sources/index.json)`);
  });
  for (const s of a.sources ?? []) known.add(s.id);
  a.source.documents.forEach((d, i) => {
    if (!known.has(d)) err(`/source/documents/${i}`, `unknown source "${d}" (not in rules/sources/index.json nor in the file's "sources")`, `okänd källa "${d}" (varken i rules/sources/index.json eller i filens "sources")`);
  });
  forEachCite(a, '', (cite, path) => {
    if (!known.has(cite.source)) err(`${path}/source`, `unknown source "${cite.source}" (not in rules/sources/index.json nor in the file's "sources")`, `okänd källa "${cite.source}" (varken i rules/sources/index.json eller i filens "sources")`);
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
function formErrors(a: Agreement, err: (path: string, en: string, sv: string) => void): void {
  const forms = a.forms!;
  const potIds = new Set(a.pots.map((p) => p.id));
  (forms.requisitioners ?? []).forEach((r, i) => {
    r.pots.forEach((p, j) => {
      if (!potIds.has(p)) err(`/forms/requisitioners/${i}/pots/${j}`, `unknown pot "${p}"`, `okänd pott "${p}"`);
    });
  });
  for (const kind of ['requisition', 'report'] as const) {
    const form = forms[kind];
    const points = new Map<string, number>();
    form.points.forEach((pt, i) => {
      if (points.has(pt.point)) err(`/forms/${kind}/points/${i}/point`, `duplicate point "${pt.point}" (also at /forms/${kind}/points/${points.get(pt.point)})`, `punkten "${pt.point}" finns redan (vid /forms/${kind}/points/${points.get(pt.point)})`);
      else points.set(pt.point, i);
      const ids = new Map<string, number>();
      pt.fields.forEach((f, j) => {
        if (ids.has(f.id)) err(`/forms/${kind}/points/${i}/fields/${j}/id`, `duplicate field id "${f.id}" (also at /forms/${kind}/points/${i}/fields/${ids.get(f.id)})`, `fältets id "${f.id}" finns redan (vid /forms/${kind}/points/${i}/fields/${ids.get(f.id)})`);
        else ids.set(f.id, j);
        if (f.fill === 'given' && !f.value) err(`/forms/${kind}/points/${i}/fields/${j}`, 'a field filled by "given" needs its "value"', 'ett fält som fylls i med "given" kräver sitt "value"');
        if (f.value !== undefined && f.fill !== 'given') err(`/forms/${kind}/points/${i}/fields/${j}/value`, 'only a field filled by "given" has a "value"', 'bara ett fält som fylls i med "given" har ett "value"');
      });
    });
    const alts = form.attestation ?? [];
    const altIds = new Set<string>();
    alts.forEach((x, i) => {
      if (altIds.has(x.id)) err(`/forms/${kind}/attestation/${i}/id`, `duplicate alternative id "${x.id}"`, `alternativets id "${x.id}" finns redan`);
      altIds.add(x.id);
    });
    const hasField = form.points.some((pt) => pt.fields.some((f) => f.fill === 'attestation'));
    if (hasField && alts.length < 2) err(`/forms/${kind}/attestation`, 'a field filled by "attestation" needs at least two alternatives', 'ett fält som fylls i med "attestation" kräver minst två alternativ');
  }
  if (forms.period && forms.period.from > forms.period.to) err('/forms/period', `the period ends (${forms.period.to}) before it begins (${forms.period.from})`, `perioden slutar (${forms.period.to}) innan den börjar (${forms.period.from})`);
}
