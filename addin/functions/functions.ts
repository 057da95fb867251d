/**
 * The agreement as worksheet functions (namespace AVTAL): FÖRDELA/ALLOCATE,
 * TABELL/TABLE, VILLKOR/CONDITION, UTBETALNING2/PAYMENT2, POTT/POT, KÄLLA/SOURCE.
 *
 * Pure computations over the engine (addin/api.ts only): no Office.js, no Excel
 * calls, not volatile. Decimal inside; JS numbers only in what a function returns.
 * A bad argument throws a FunctionError naming the argument and why (#VALUE! in
 * Excel); a recipient not in the table throws one with code #N/A. The Excel runtime
 * (taskpane/functions.ts) turns these into CustomFunctions.Error.
 *
 * The allocation table behind FÖRDELA and TABELL is computed once per argument set
 * (agreement, pot, method and the population argument's values) and memoised, so a
 * sheet of 1 000 FÖRDELA cells over one table computes the table once. UTBETALNING2's
 * evaluation (the engine's json-rules-engine conditions, as the pane's Villkor runs them,
 * so it is asynchronous: Excel takes a Promise) is memoised the same way.
 */
import {
  allocate as engineAllocate,
  builtinCatalog,
  EngineError,
  evaluate as engineEvaluate,
  indicatorsFromGrid,
  formatCite,
  makeOrganisationResolver,
  makeRccResolver,
  makeRegionResolver,
  nameKey,
  OPERATORS,
  parseBoolean,
  parseDate,
  parsePercent,
  populationFromGrid,
  type Agreement,
  type Allocation,
  type AllocateRequest,
  type Catalog,
  type Evaluation,
  type Grid,
  type Lang,
  type Method,
  type Pot,
  type PopulationTable,
  type Text,
} from '../api';

/** The functions' namespace: =AVTAL.FÖRDELA(…) / =AVTAL.ALLOCATE(…). */
export const NAMESPACE = 'AVTAL';

/** The arguments, by their names in both languages (as the metadata names them). */
export const ARGS = {
  agreement: { sv: 'avtal', en: 'agreement' },
  pot: { sv: 'pott', en: 'pot' },
  recipient: { sv: 'mottagare', en: 'recipient' },
  population: { sv: 'befolkning', en: 'population' },
  method: { sv: 'metod', en: 'method' },
  condition: { sv: 'villkor', en: 'condition' },
  value: { sv: 'värde', en: 'value' },
  indicators: { sv: 'indikatorer', en: 'indicators' },
  reading: { sv: 'läsning', en: 'reading' },
} as const satisfies Record<string, Text>;

export type ArgName = keyof typeof ARGS;

/** Excel's error values the functions give. */
export type FunctionErrorCode = '#VALUE!' | '#N/A';

export class FunctionError extends Error {
  readonly code: FunctionErrorCode;
  readonly argument: ArgName;
  /** "pott: okänd pott …" / "pot: unknown pot …" (the argument's name first). */
  readonly text: Text;

  constructor(code: FunctionErrorCode, argument: ArgName, why: Text) {
    const text = { sv: `${ARGS[argument].sv}: ${why.sv}`, en: `${ARGS[argument].en}: ${why.en}` };
    super(text.en);
    this.name = 'FunctionError';
    this.code = code;
    this.argument = argument;
    this.text = text;
  }
}

/** A cell value as a custom function receives it (scalar), or a range (2-D). */
export type Arg = unknown;

export interface FunctionsOptions {
  /** The catalog to read (the pane's, with a loaded rule file). Default: the built-in catalog. */
  catalog?: () => Catalog;
  /** Language of texts the functions return (TABELL's header, KÄLLA, messages). Default Swedish. */
  lang?: () => Lang;
  /** The engine's allocate (injectable so tests can count computations). */
  allocate?: (catalog: Catalog, req: AllocateRequest) => Allocation;
  /** The engine's payment-2 evaluation (injectable so tests can count evaluations). */
  evaluate?: typeof engineEvaluate;
  /** Memoised tables kept per catalog (oldest dropped first). Default 256. */
  cacheSize?: number;
}

export interface AgreementFunctions {
  /** FÖRDELA(avtal; pott; mottagare; [befolkning]) → whole kronor (largest remainder over the whole table). */
  allocate(agreement: Arg, pot: Arg, recipient: Arg, population?: Arg): number;
  /** TABELL(avtal; pott; [befolkning]; [metod]) → header row + one row per recipient. */
  table(agreement: Arg, pot: Arg, population?: Arg, method?: Arg): (string | number)[][];
  /** VILLKOR(avtal; villkor; värde) → does the value meet the condition, with the agreement's operator. */
  condition(agreement: Arg, condition: Arg, value: Arg): boolean;
  /**
   * UTBETALNING2(avtal; indikatorer; [läsning]) → header row + one row per region: Region,
   * Län (code), each conditional part's amount, the total, and the conditions not met in
   * words (empty when all are met). `indikatorer` is a range with the indicator sheet's
   * header row; `läsning` "omfördelning" (default) or "ingen omfördelning".
   */
  payment2(agreement: Arg, indicators: Arg, reading?: Arg): Promise<(string | number)[][]>;
  /** POTT(avtal; pott) → the pot's amount in kronor. */
  pot(agreement: Arg, pot: Arg): number;
  /** KÄLLA(avtal; pott) → the pot's citation. */
  source(agreement: Arg, pot: Arg): string;
  /** How many tables were computed (not served from the memo). */
  readonly computed: number;
  /** How many calls of FÖRDELA/TABELL were served a memoised table (cache hits). */
  readonly hits: number;
  /** How many payment-2 evaluations were run (not served from the memo). */
  readonly evaluations: number;
  /** Forget memoised tables (e.g. after a rule file changed in place). */
  clear(): void;
}

const isBlank = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.flat(2).every((x) => x === null || x === undefined || x === ''));

function text(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string') return v.trim();
  return '';
}

function shown(v: unknown): string {
  if (typeof v === 'string') return `”${v}”`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return Array.isArray(v) ? 'ett område' : String(v);
}

function shownEn(v: unknown): string {
  return Array.isArray(v) ? 'a range' : shown(v);
}

function findAgreementArg(catalog: Catalog, arg: Arg): Agreement {
  if (Array.isArray(arg)) throw new FunctionError('#VALUE!', 'agreement', { sv: 'ska vara en cell, inte ett område.', en: 'must be one cell, not a range.' });
  const id = text(arg);
  const known = catalog.agreements.map((a) => a.id).join(', ');
  if (id === '') throw new FunctionError('#VALUE!', 'agreement', { sv: `saknas. Kända överenskommelser: ${known}.`, en: `is missing. Known agreements: ${known}.` });
  const a = catalog.agreements.find((x) => x.id === id) ?? catalog.agreements.find((x) => String(x.year) === id);
  if (!a) throw new FunctionError('#VALUE!', 'agreement', { sv: `okänd överenskommelse ${shown(arg)}. Kända: ${known}.`, en: `unknown agreement ${shown(arg)}. Known: ${known}.` });
  return a;
}

const potKeys = new WeakMap<Agreement, Map<string, Pot | null>>();

/** Pots by id, Swedish and English title and short title (normalised; a key two pots share is dropped). */
function potIndex(agreement: Agreement): Map<string, Pot | null> {
  let index = potKeys.get(agreement);
  if (index) return index;
  index = new Map();
  const byId = new Map(agreement.pots.map((p) => [nameKey(p.id), p]));
  for (const p of agreement.pots) {
    for (const k of [p.title.sv, p.title.en, p.short?.sv, p.short?.en]) {
      if (!k) continue;
      const key = nameKey(k);
      const had = index.get(key);
      index.set(key, had === undefined || had === p ? p : null);
    }
  }
  for (const [k, p] of byId) index.set(k, p); // an id always wins
  potKeys.set(agreement, index);
  return index;
}

function findPotArg(agreement: Agreement, arg: Arg): Pot {
  const list = (lang: Lang) => agreement.pots.map((p) => `${p.short?.[lang] ?? p.title[lang]} (${p.id})`).join('; ');
  if (Array.isArray(arg)) throw new FunctionError('#VALUE!', 'pot', { sv: 'ska vara en cell, inte ett område.', en: 'must be one cell, not a range.' });
  const key = nameKey(text(arg));
  if (key === '') throw new FunctionError('#VALUE!', 'pot', { sv: `saknas. Potterna i ${agreement.id}: ${list('sv')}.`, en: `is missing. The pots of ${agreement.id}: ${list('en')}.` });
  const pot = potIndex(agreement).get(key);
  if (pot === null) {
    throw new FunctionError('#VALUE!', 'pot', { sv: `${shown(arg)} passar flera potter; ange potten med id. Potterna: ${list('sv')}.`, en: `${shown(arg)} matches several pots; give the pot's id. The pots: ${list('en')}.` });
  }
  if (!pot) {
    throw new FunctionError('#VALUE!', 'pot', { sv: `okänd pott ${shown(arg)} i överenskommelse ${agreement.id}. Potterna: ${list('sv')}.`, en: `unknown pot ${shown(arg)} in agreement ${agreement.id}. The pots: ${list('en')}.` });
  }
  return pot;
}

const METHODS: Record<string, Method> = {
  'largest remainder': 'largest-remainder',
  'storsta rest': 'largest-remainder',
  'storsta restmetoden': 'largest-remainder',
  'half up': 'half-up',
  'vanlig avrundning': 'half-up',
  avrundning: 'half-up',
};

function methodArg(arg: Arg): Method {
  if (isBlank(arg)) return 'largest-remainder';
  const m = typeof arg === 'string' ? METHODS[nameKey(arg)] : undefined;
  if (!m) {
    throw new FunctionError('#VALUE!', 'method', {
      sv: `okänd metod ${shown(arg)}; skriv ”största rest” eller ”vanlig avrundning”.`,
      en: `unknown method ${shownEn(arg)}; write "largest remainder" or "half up".`,
    });
  }
  return m;
}

/** The population argument: blank (the agreement's table), a built-in table id, or a range region|population (with or without a header). */
function populationArg(catalog: Catalog, arg: Arg): { key: string; table?: string | PopulationTable } {
  if (isBlank(arg)) return { key: '' };
  // A matrix parameter given one cell arrives as [[value]]: a table id typed in a cell.
  if (Array.isArray(arg) && arg.length === 1 && Array.isArray(arg[0]) && arg[0].length === 1) arg = arg[0][0];
  if (!Array.isArray(arg)) {
    const id = text(arg);
    if (catalog.reference.populations.some((p) => p.id === id)) return { key: `id:${id}`, table: id };
    const known = catalog.reference.populations.map((p) => p.id).join(', ');
    throw new FunctionError('#VALUE!', 'population', {
      sv: `ska vara ett område med region och befolkning, eller en inbyggd befolkningstabell (${known}), inte ${shown(arg)}.`,
      en: `must be a range of region and population, or a built-in population table (${known}), not ${shown(arg)}.`,
    });
  }
  return { key: `grid:${JSON.stringify(arg)}` };
}

const resolverCache = new WeakMap<Catalog['reference'], {
  region: ReturnType<typeof makeRegionResolver>;
  rcc: ReturnType<typeof makeRccResolver>;
  organisation: ReturnType<typeof makeOrganisationResolver>;
}>();

/** The name resolvers of a catalog's reference data, built once (a recalculation asks them 1 000 times). */
function resolvers(catalog: Catalog) {
  const ref = catalog.reference;
  let r = resolverCache.get(ref);
  if (!r) {
    r = { region: makeRegionResolver(ref.regions), rcc: makeRccResolver(ref.rcc), organisation: makeOrganisationResolver(ref.organisations) };
    resolverCache.set(ref, r);
  }
  return r;
}

function readPopulationRange(catalog: Catalog, arg: unknown[][]): PopulationTable {
  const rows = arg.map((r) => (Array.isArray(r) ? r : [r]));
  if (rows.some((r) => r.length < 2)) {
    throw new FunctionError('#VALUE!', 'population', { sv: 'ska ha två kolumner: region och befolkning.', en: 'must have two columns: region and population.' });
  }
  const resolve = resolvers(catalog).region;
  // Without a header the first row is data: give the grid one, so addresses stay the range's own (A1 = its first cell).
  const headed = resolve(rows[0]![0]) === null;
  const values = (headed ? rows : [['Region', 'Befolkning'], ...rows]).map((r) => r.map((v) => (v === undefined || v === '' ? null : v)));
  const grid = { sheet: ARGS.population.sv, top: headed ? 0 : -1, left: 0, values: values as never, numberFormats: values.map((r) => r.map(() => 'General')) };
  const read = populationFromGrid(grid, catalog, { id: 'befolkning', origin: { kind: 'selection', name: ARGS.population.sv } });
  if (!read.ok) {
    const e = read.errors[0]!;
    throw new FunctionError('#VALUE!', 'population', { sv: e.message.sv, en: e.message.en });
  }
  return read.table;
}

const READINGS: Record<string, 'redistribute' | 'forfeit'> = {
  omfordelning: 'redistribute',
  omfordela: 'redistribute',
  redistribute: 'redistribute',
  redistribution: 'redistribute',
  'ingen omfordelning': 'forfeit',
  forfeit: 'forfeit',
  'no redistribution': 'forfeit',
};

/** UTBETALNING2's reading of conditional money not claimed: "omfördelning" (default, as the pane's switch) or "ingen omfördelning". */
function readingArg(arg: Arg): 'redistribute' | 'forfeit' {
  if (Array.isArray(arg) && arg.length === 1 && Array.isArray(arg[0]) && arg[0].length === 1) arg = arg[0][0];
  if (isBlank(arg)) return 'redistribute';
  const r = typeof arg === 'string' ? READINGS[nameKey(arg)] : undefined;
  if (!r) {
    throw new FunctionError('#VALUE!', 'reading', {
      sv: `okänd läsning ${shown(arg)}; skriv ”omfördelning” (villkorade medel fördelas mellan de regioner som uppfyller villkoren) eller ”ingen omfördelning”.`,
      en: `unknown reading ${shownEn(arg)}; write "redistribution" (conditional money is split among the qualifying regions) or "no redistribution".`,
    });
  }
  return r;
}

/**
 * The indicators argument as a grid for the engine's reader (the range's own A1 addresses).
 * Excel hands a custom function values, not formats: a date cell arrives as its serial
 * number, so a number above 366 (no share or percentage is) is read as a date (the report).
 */
function indicatorGrid(arg: Arg): Grid {
  if (!Array.isArray(arg) || arg.length < 2 || !arg.every((r) => Array.isArray(r))) {
    throw new FunctionError('#VALUE!', 'indicators', {
      sv: 'ska vara ett område med indikatorbladets rubrikrad och en rad per region.',
      en: "must be a range with the indicator sheet's header row and one row per region.",
    });
  }
  const values = (arg as unknown[][]).map((r) => r.map((v) => (v === undefined || v === '' ? null : v)));
  const numberFormats = values.map((r) => r.map((v) => (typeof v === 'number' && v > 366 ? 'yyyy-mm-dd' : 'General')));
  return { sheet: ARGS.indicators.sv, top: 0, left: 0, values: values as Grid['values'], numberFormats };
}

function engineErrorArg(e: EngineError): ArgName {
  if (e.code === 'method-parts') return 'method';
  if (e.code === 'unknown-population') return 'population';
  if (e.code === 'unknown-agreement') return 'agreement';
  return 'pot';
}

function num(d: { toNumber(): number }): number {
  return d.toNumber();
}

export function createFunctions(opts: FunctionsOptions = {}): AgreementFunctions {
  const getCatalog = opts.catalog ?? builtinCatalog;
  const getLang = opts.lang ?? (() => 'sv' as Lang);
  const run = opts.allocate ?? engineAllocate;
  const runEvaluate = opts.evaluate ?? engineEvaluate;
  const limit = opts.cacheSize ?? 256;
  let memo = new WeakMap<Catalog, Map<string, Allocation>>();
  let evaluations = new WeakMap<Catalog, Map<string, Promise<Evaluation>>>();
  let computed = 0;
  let hits = 0;
  let evaluated = 0;

  function tableFor(agreementArg: Arg, potArg: Arg, populationArg_: Arg, method: Method): { catalog: Catalog; agreement: Agreement; pot: Pot; allocation: Allocation } {
    const catalog = getCatalog();
    const agreement = findAgreementArg(catalog, agreementArg);
    const pot = findPotArg(agreement, potArg);
    const pop = populationArg(catalog, populationArg_);
    const key = `${agreement.id}\u0000${pot.id}\u0000${method}\u0000${pop.key}`;
    let cache = memo.get(catalog);
    if (!cache) memo.set(catalog, (cache = new Map()));
    const hit = cache.get(key);
    if (hit) {
      hits++;
      return { catalog, agreement, pot, allocation: hit };
    }
    const population = pop.key.startsWith('grid:') ? readPopulationRange(catalog, populationArg_ as unknown[][]) : pop.table;
    let allocation: Allocation;
    try {
      computed++;
      allocation = run(catalog, { agreement: agreement.id, pot: pot.id, method, ...(population !== undefined ? { population } : {}) });
    } catch (e) {
      if (e instanceof EngineError) throw new FunctionError('#VALUE!', engineErrorArg(e), { sv: e.text.sv, en: e.text.en });
      throw e;
    }
    if (cache.size >= limit) cache.delete(cache.keys().next().value!);
    cache.set(key, allocation);
    return { catalog, agreement, pot, allocation };
  }

  function recipientCode(catalog: Catalog, arg: Arg): string | null {
    const r = resolvers(catalog);
    return r.region(arg)?.code ?? r.rcc(arg)?.id ?? r.organisation(arg)?.id ?? null;
  }

  return {
    allocate(agreement, pot, recipient, population) {
      const { catalog, allocation, pot: p } = tableFor(agreement, pot, population, 'largest-remainder');
      if (Array.isArray(recipient)) throw new FunctionError('#VALUE!', 'recipient', { sv: 'ska vara en cell, inte ett område.', en: 'must be one cell, not a range.' });
      if (isBlank(recipient)) throw new FunctionError('#VALUE!', 'recipient', { sv: 'saknas.', en: 'is missing.' });
      const code = recipientCode(catalog, recipient);
      const row = allocation.rows.find((r) => r.code === code) ?? allocation.rows.find((r) => nameKey(r.recipient) === nameKey(text(recipient)));
      if (!row) {
        const who = allocation.rows.map((r) => r.recipient);
        const list = who.length > 4 ? `${who.slice(0, 3).join(', ')} … (${who.length})` : who.join(', ');
        throw new FunctionError('#N/A', 'recipient', {
          sv: `${shown(recipient)} får inget ur ”${p.title.sv}” enligt tabellen (mottagare: ${list}).`,
          en: `${shownEn(recipient)} receives nothing from "${p.title.en}" in the table (recipients: ${list}).`,
        });
      }
      return num(row.amount);
    },

    table(agreement, pot, population, method) {
      const m = methodArg(method);
      const { catalog, allocation } = tableFor(agreement, pot, population, m);
      const lang = getLang();
      const rcc = allocation.rows.some((r) => r.code.startsWith('rcc-'));
      const head = lang === 'sv'
        ? [rcc ? 'RCC' : 'Region', rcc ? 'Sjukvårdsregion' : 'Län', 'Befolkning', 'Andel', 'Belopp']
        : [rcc ? 'RCC' : 'Region', rcc ? 'Healthcare region' : 'County code', 'Population', 'Share', 'Amount'];
      const body = allocation.rows.map((r) => {
        // Län: the län code ("09"), as the product's Fördela and Villkor sheets write it (README, "Funktioner i Excel").
        const where = rcc ? (catalog.reference.rcc.find((x) => x.id === r.code)?.sjukvardsregion ?? '') : r.code;
        // No errors inside a spilled array: an unweighted split has an empty population cell.
        return [r.recipient, where, allocation.weighted ? num(r.population) : '', num(r.share), num(r.amount)];
      });
      return [head, ...body];
    },

    condition(agreement, condition, value) {
      const a = findAgreementArg(getCatalog(), agreement);
      const key = Array.isArray(condition) ? '' : nameKey(text(condition));
      const list = (lang: Lang) => a.conditions.map((c) => `${c.label[lang]} (${c.id})`).join('; ');
      if (a.conditions.length === 0) throw new FunctionError('#VALUE!', 'agreement', { sv: `överenskommelse ${a.id} har inga villkor.`, en: `agreement ${a.id} has no conditions.` });
      const c = a.conditions.find((x) => nameKey(x.id) === key) ?? a.conditions.find((x) => nameKey(x.label.sv) === key || nameKey(x.label.en) === key);
      if (!c) {
        throw new FunctionError('#VALUE!', 'condition', key === ''
          ? { sv: `saknas. Villkoren: ${list('sv')}.`, en: `is missing. The conditions: ${list('en')}.` }
          : { sv: `okänt villkor ${shown(condition)} i ${a.id}. Villkoren: ${list('sv')}.`, en: `unknown condition ${shown(condition)} in ${a.id}. The conditions: ${list('en')}.` });
      }
      if (Array.isArray(value)) throw new FunctionError('#VALUE!', 'value', { sv: 'ska vara en cell, inte ett område.', en: 'must be one cell, not a range.' });
      if (c.operator === 'atLeast' || c.operator === 'over') {
        const p = parsePercent(value);
        if (!p.ok || p.approx) {
          throw new FunctionError('#VALUE!', 'value', {
            sv: `ska vara en andel (0,7, ”70 %” eller 70), inte ${isBlank(value) ? 'tomt' : shown(value)}.`,
            en: `must be a share (0.7, "70 %" or 70), not ${isBlank(value) ? 'empty' : shownEn(value)}.`,
          });
        }
        return OPERATORS[c.operator](p.fraction, c.value);
      }
      if (c.operator === 'isTrue') {
        const b = parseBoolean(value);
        if (!b.ok) throw new FunctionError('#VALUE!', 'value', { sv: `ska vara ja/nej (SANT/FALSKT), inte ${isBlank(value) ? 'tomt' : shown(value)}.`, en: `must be yes/no (TRUE/FALSE), not ${isBlank(value) ? 'empty' : shownEn(value)}.` });
        return OPERATORS.isTrue(b.value, c.value);
      }
      // submittedBy: TRUE (handed in), FALSE, or the date it was handed in (an Excel date serial or a typed date).
      if (typeof value === 'boolean') return OPERATORS.submittedBy(value, c.value);
      const d = parseDate(value, typeof value === 'number' ? { cellFormat: 'yyyy-mm-dd' } : {});
      if (!d.ok) throw new FunctionError('#VALUE!', 'value', { sv: `ska vara ett datum eller SANT/FALSKT, inte ${isBlank(value) ? 'tomt' : shown(value)}.`, en: `must be a date or TRUE/FALSE, not ${isBlank(value) ? 'empty' : shownEn(value)}.` });
      return OPERATORS.submittedBy(d.iso, c.value);
    },

    async payment2(agreement, indicators, reading) {
      const catalog = getCatalog();
      const a = findAgreementArg(catalog, agreement);
      const unclaimed = readingArg(reading);
      if (a.conditions.length === 0) throw new FunctionError('#VALUE!', 'agreement', { sv: `överenskommelse ${a.id} har inga villkor.`, en: `agreement ${a.id} has no conditions.` });
      const grid = indicatorGrid(indicators);
      const key = `${a.id}\u0000${unclaimed}\u0000${JSON.stringify(grid.values)}`;
      let cache = evaluations.get(catalog);
      if (!cache) evaluations.set(catalog, (cache = new Map()));
      let pending = cache.get(key);
      if (!pending) {
        const parsed = indicatorsFromGrid(grid, catalog, a.id);
        if (!parsed.ok) {
          const e = parsed.errors[0]!;
          const more = parsed.errors.length > 1 ? { sv: ` (och ${parsed.errors.length - 1} fel till)`, en: ` (and ${parsed.errors.length - 1} more)` } : { sv: '', en: '' };
          throw new FunctionError('#VALUE!', 'indicators', { sv: `${e.message.sv}${more.sv}`, en: `${e.message.en}${more.en}` });
        }
        evaluated++;
        pending = runEvaluate(catalog, { agreement: a.id, indicators: parsed.rows, unclaimed }).catch((e: unknown) => {
          cache.delete(key);
          if (e instanceof EngineError) throw new FunctionError('#VALUE!', 'indicators', { sv: e.text.sv, en: e.text.en });
          throw e;
        });
        if (cache.size >= limit) cache.delete(cache.keys().next().value!);
        cache.set(key, pending);
      }
      const e = await pending;
      const lang = getLang();
      const head = [
        'Region',
        lang === 'sv' ? 'Län' : 'County code',
        ...e.outcomes.map((p) => {
          const pot = a.pots.find((x) => x.id === p.pot);
          return p.part || !pot ? p.title[lang] : (pot.short?.[lang] ?? pot.title[lang]);
        }),
        lang === 'sv' ? 'Totalt' : 'Total',
        lang === 'sv' ? 'Ej uppfyllda villkor' : 'Conditions not met',
      ];
      const body = e.rows.map((r) => {
        const failed = new Map<string, string>();
        for (const p of r.parts) for (const c of p.conditions) if (!c.passed) failed.set(c.id, c.label[lang]);
        // No errors inside a spilled array: a region that meets every condition has an empty text.
        return [r.region, r.code, ...r.parts.map((p) => num(p.amount)), num(r.total), [...failed.values()].join('; ')];
      });
      return [head, ...body];
    },

    pot(agreement, pot) {
      const a = findAgreementArg(getCatalog(), agreement);
      return Number(findPotArg(a, pot).amount);
    },

    source(agreement, pot) {
      const a = findAgreementArg(getCatalog(), agreement);
      return formatCite(findPotArg(a, pot).cite, getLang());
    },

    get computed() {
      return computed;
    },

    get hits() {
      return hits;
    },

    get evaluations() {
      return evaluated;
    },

    clear() {
      memo = new WeakMap();
      evaluations = new WeakMap();
    },
  };
}

/** The product's instance over the built-in catalog (the Excel runtime gives its own catalog getter). */
export const functions = createFunctions();
