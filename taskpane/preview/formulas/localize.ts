/**
 * Formulas as a Swedish (or English) Excel user types them, and as Excel stores them
 * (`Range.formulas`: en-US, the invariant form). Swedish: `;` between arguments, a decimal
 * comma, Swedish function names (SUMMA, OM, LETARAD …, AVTAL.FÖRDELA …) and SANT/FALSKT.
 * The invariant form has `,`, a decimal point, English names and, for the product's own
 * functions, their stable ids (AVTAL.ALLOCATE …). Either spelling of a name is accepted in
 * either language; text in quotes and quoted sheet names are left as they are.
 */
import sv from '../../../addin/functions/functions.sv.json';
import en from '../../../addin/functions/functions.en.json';
import { NAMESPACE } from '../../../addin/functions/functions';

export type FormulaLang = 'sv' | 'en';

/** Swedish Excel's names of the built-in functions the preview evaluates (Microsoft's Swedish function names). */
const BUILTIN_SV: Record<string, string> = {
  SUMMA: 'SUM',
  'SUMMA.OM': 'SUMIF',
  'SUMMA.OMF': 'SUMIFS',
  PRODUKT: 'PRODUCT',
  MEDEL: 'AVERAGE',
  MIN: 'MIN',
  MAX: 'MAX',
  ANTAL: 'COUNT',
  ANTALV: 'COUNTA',
  'ANTAL.OM': 'COUNTIF',
  OM: 'IF',
  OMFEL: 'IFERROR',
  OCH: 'AND',
  ELLER: 'OR',
  ICKE: 'NOT',
  AVRUNDA: 'ROUND',
  'AVRUNDA.NEDÅT': 'ROUNDDOWN',
  'AVRUNDA.UPPÅT': 'ROUNDUP',
  HELTAL: 'INT',
  ABS: 'ABS',
  LETARAD: 'VLOOKUP',
  LETAKOLUMN: 'HLOOKUP',
  INDEX: 'INDEX',
  PASSA: 'MATCH',
  LÄNGD: 'LEN',
  VÄNSTER: 'LEFT',
  HÖGER: 'RIGHT',
  TEXT: 'TEXT',
  SAMMANFOGA: 'CONCATENATE',
  ÄRTOM: 'ISBLANK',
  ÄRFEL: 'ISERROR',
  ÄRTAL: 'ISNUMBER',
};

const AVTAL_TO_ID = new Map<string, string>();
const ID_TO_SV = new Map<string, string>();
const ID_TO_EN = new Map<string, string>();
for (const m of [sv, en]) for (const f of m.functions) AVTAL_TO_ID.set(`${NAMESPACE}.${f.name}`.toUpperCase(), `${NAMESPACE}.${f.id}`);
for (const f of en.functions) AVTAL_TO_ID.set(`${NAMESPACE}.${f.id}`, `${NAMESPACE}.${f.id}`);
for (const f of sv.functions) ID_TO_SV.set(`${NAMESPACE}.${f.id}`, `${NAMESPACE}.${f.name}`);
for (const f of en.functions) ID_TO_EN.set(`${NAMESPACE}.${f.id}`, `${NAMESPACE}.${f.name}`);
const SV_TO_EN = new Map(Object.entries(BUILTIN_SV));
const EN_TO_SV = new Map(Object.entries(BUILTIN_SV).map(([s, e]) => [e, s]));

/** The product's functions' ids by namespace-qualified name ("AVTAL.FÖRDELA" → "AVTAL.ALLOCATE"), for the engine. */
export function avtalId(name: string): string | undefined {
  return AVTAL_TO_ID.get(name.toUpperCase());
}

type Token = { kind: 'text' | 'sheet' | 'name' | 'number' | 'other'; text: string };

const NAME = /^[A-Za-z_\u00C0-\u024F][A-Za-z0-9_.\u00C0-\u024F]*/;

function tokens(body: string, lang: FormulaLang): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < body.length) {
        if (body[j] === c) {
          if (body[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out.push({ kind: c === '"' ? 'text' : 'sheet', text: body.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    const num = (lang === 'sv' ? /^\d+(?:,\d+)?(?:[eE][+-]?\d+)?/ : /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/).exec(body.slice(i));
    if (num && !/[A-Za-z_$\u00C0-\u024F]/.test(body[i - 1] ?? '')) {
      out.push({ kind: 'number', text: num[0] });
      i += num[0].length;
      continue;
    }
    const name = NAME.exec(body.slice(i));
    if (name) {
      out.push({ kind: 'name', text: name[0] });
      i += name[0].length;
      continue;
    }
    out.push({ kind: 'other', text: c });
    i++;
  }
  return out;
}

const isCall = (ts: Token[], k: number) => ts[k + 1]?.text === '(';

/**
 * A typed entry that is a formula ("=…") in the invariant en-US form Excel stores, or null
 * when the entry is not a formula. `=AVTAL.FÖRDELA("2026";"Utbetalning 1";"Region Gotland")`
 * → `=AVTAL.ALLOCATE("2026","Utbetalning 1","Region Gotland")`.
 */
export function toInvariant(entry: string, lang: FormulaLang): string | null {
  const text = entry.trim();
  if (!text.startsWith('=') || text.length < 2) return null;
  const ts = tokens(text.slice(1), lang);
  const out = ts.map((t, k) => {
    if (t.kind === 'number') return lang === 'sv' ? t.text.replace(',', '.') : t.text;
    if (t.kind === 'name') {
      const up = t.text.toUpperCase();
      if (isCall(ts, k)) return avtalId(up) ?? SV_TO_EN.get(up) ?? up;
      if (up === 'SANT' || up === 'TRUE') return 'TRUE';
      if (up === 'FALSKT' || up === 'FALSE') return 'FALSE';
      return t.text;
    }
    if (t.kind === 'other' && lang === 'sv') return t.text === ';' ? ',' : t.text;
    return t.text;
  });
  return `=${out.join('')}`;
}

/** An invariant formula as the formula bar of a Swedish (or English) Excel shows it. */
export function toLocal(formula: string, lang: FormulaLang): string {
  if (!formula.startsWith('=')) return formula;
  const ts = tokens(formula.slice(1), 'en');
  const out = ts.map((t, k) => {
    if (t.kind === 'number') return lang === 'sv' ? t.text.replace('.', ',') : t.text;
    if (t.kind === 'name') {
      const up = t.text.toUpperCase();
      if (isCall(ts, k)) {
        const id = avtalId(up);
        if (id) return (lang === 'sv' ? ID_TO_SV : ID_TO_EN).get(id) ?? id;
        return lang === 'sv' ? (EN_TO_SV.get(up) ?? up) : up;
      }
      if (lang === 'sv' && up === 'TRUE') return 'SANT';
      if (lang === 'sv' && up === 'FALSE') return 'FALSKT';
      return t.text;
    }
    if (t.kind === 'other' && lang === 'sv') return t.text === ',' ? ';' : t.text;
    return t.text;
  });
  return `=${out.join('')}`;
}
