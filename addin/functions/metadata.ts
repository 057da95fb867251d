/**
 * The one description of the worksheet functions, from which the custom-functions
 * metadata per language is written: addin/functions/functions.sv.json (Swedish
 * names, the Swedish display) and functions.en.json (English names, the default).
 * Both have the same stable English ids and the same parameters; the manifest's
 * `Functions.Metadata.Url` points at the English file with an sv-SE override.
 *
 *   npx tsx addin/functions/metadata.ts --write     rewrite the two JSON files
 *
 * test/functions/metadata.test.ts checks the files are what this writes, and that
 * every name is valid for Excel.
 */
import type { Lang, Text } from '../api';
import { ARGS, NAMESPACE, type ArgName } from './functions';

export { NAMESPACE };

type ParamType = 'any' | 'number' | 'string' | 'boolean';

interface ParamSpec {
  arg: ArgName;
  description: Text;
  type: ParamType;
  dimensionality: 'scalar' | 'matrix';
  optional?: boolean;
}

interface FunctionSpec {
  id: 'ALLOCATE' | 'TABLE' | 'CONDITION' | 'PAYMENT2' | 'POT' | 'SOURCE';
  name: Text;
  description: Text;
  result: { type: ParamType; dimensionality: 'scalar' | 'matrix' };
  parameters: ParamSpec[];
}

const agreement: ParamSpec = {
  arg: 'agreement',
  type: 'any',
  dimensionality: 'scalar',
  description: { sv: 'Överenskommelsen, t.ex. "2026".', en: 'The agreement, e.g. "2026".' },
};
const pot: ParamSpec = {
  arg: 'pot',
  type: 'string',
  dimensionality: 'scalar',
  description: { sv: 'Potten: titel eller id, t.ex. "Utbetalning 1" eller "svf-payment-1".', en: 'The pot: title or id, e.g. "Payment 1" or "svf-payment-1".' },
};
const population: ParamSpec = {
  arg: 'population',
  type: 'any',
  dimensionality: 'matrix',
  optional: true,
  description: {
    sv: 'Valfritt: ett område med två kolumner, region och befolkning. Utelämnat: överenskommelsens befolkningstabell.',
    en: "Optional: a range of two columns, region and population. Omitted: the agreement's population table.",
  },
};

export const FUNCTIONS: FunctionSpec[] = [
  {
    id: 'ALLOCATE',
    name: { sv: 'FÖRDELA', en: 'ALLOCATE' },
    description: {
      sv: 'Mottagarens belopp i hela kronor ur en pott, fördelat med största rest över hela tabellen (beloppen summerar exakt till potten).',
      en: "The recipient's amount in whole kronor from a pot, split by largest remainder over the whole table (the amounts sum exactly to the pot).",
    },
    result: { type: 'number', dimensionality: 'scalar' },
    parameters: [
      agreement,
      pot,
      { arg: 'recipient', type: 'any', dimensionality: 'scalar', description: { sv: 'Mottagaren, t.ex. "Region Gotland" eller "RCC Väst".', en: 'The recipient, e.g. "Region Gotland" or "RCC Väst".' } },
      population,
    ],
  },
  {
    id: 'TABLE',
    name: { sv: 'TABELL', en: 'TABLE' },
    description: {
      sv: 'Fördelningstabellen för en pott (Region, Län, Befolkning, Andel, Belopp) som en dynamisk matris.',
      en: 'The allocation table of a pot (Region, County, Population, Share, Amount) as a dynamic array.',
    },
    result: { type: 'any', dimensionality: 'matrix' },
    parameters: [
      agreement,
      pot,
      population,
      { arg: 'method', type: 'string', dimensionality: 'scalar', optional: true, description: { sv: 'Valfritt: "största rest" (standard) eller "vanlig avrundning".', en: 'Optional: "largest remainder" (default) or "half up".' } },
    ],
  },
  {
    id: 'CONDITION',
    name: { sv: 'VILLKOR', en: 'CONDITION' },
    description: {
      sv: 'SANT om värdet uppfyller villkoret med överenskommelsens jämförelse (70 % uppnår "minst 70 procent" men inte "över 70 procent").',
      en: 'TRUE if the value meets the condition with the agreement\'s comparison (70 % reaches "at least 70 percent" but not "over 70 percent").',
    },
    result: { type: 'boolean', dimensionality: 'scalar' },
    parameters: [
      agreement,
      { arg: 'condition', type: 'string', dimensionality: 'scalar', description: { sv: 'Villkoret: id eller text, t.ex. "inclusion-target".', en: 'The condition: id or label, e.g. "inclusion-target".' } },
      { arg: 'value', type: 'any', dimensionality: 'scalar', description: { sv: 'Regionens värde: en andel (0,7, "70 %" eller 70), SANT/FALSKT eller ett datum.', en: "The region's value: a share (0.7, \"70 %\" or 70), TRUE/FALSE or a date." } },
    ],
  },
  {
    id: 'PAYMENT2',
    name: { sv: 'UTBETALNING2', en: 'PAYMENT2' },
    description: {
      sv: 'Utbetalning 2 per region ur ett område med indikatorer (Region, Län, varje villkorad del, Totalt, ej uppfyllda villkor) som en dynamisk matris, med villkoren prövade som fliken Villkor prövar dem.',
      en: 'Payment 2 per region from a range of indicators (Region, County code, each conditional part, Total, conditions not met) as a dynamic array, the conditions tested as the Conditions tab tests them.',
    },
    result: { type: 'any', dimensionality: 'matrix' },
    parameters: [
      agreement,
      {
        arg: 'indicators',
        type: 'any',
        dimensionality: 'matrix',
        description: {
          sv: 'Indikatorerna: ett område med indikatorbladets rubrikrad (Region, Inklusion …) och en rad per region.',
          en: "The indicators: a range with the indicator sheet's header row (Region, Inclusion …) and one row per region.",
        },
      },
      {
        arg: 'reading',
        type: 'string',
        dimensionality: 'scalar',
        optional: true,
        description: {
          sv: 'Valfritt: "omfördelning" (standard: villkorade medel fördelas mellan de regioner som uppfyller villkoren) eller "ingen omfördelning".',
          en: 'Optional: "redistribution" (default: conditional money is split among the qualifying regions) or "no redistribution".',
        },
      },
    ],
  },
  {
    id: 'POT',
    name: { sv: 'POTT', en: 'POT' },
    description: { sv: 'Pottens belopp i kronor.', en: "The pot's amount in kronor." },
    result: { type: 'number', dimensionality: 'scalar' },
    parameters: [agreement, pot],
  },
  {
    id: 'SOURCE',
    name: { sv: 'KÄLLA', en: 'SOURCE' },
    description: { sv: 'Var potten står: dokument, avsnitt och citat.', en: 'Where the pot is stated: document, section and quote.' },
    result: { type: 'string', dimensionality: 'scalar' },
    parameters: [agreement, pot],
  },
];

/** The custom-functions metadata (functions.json) of one language. */
export function metadata(lang: Lang): unknown {
  return {
    functions: FUNCTIONS.map((f) => ({
      id: f.id,
      name: f.name[lang],
      description: f.description[lang],
      result: f.result,
      parameters: f.parameters.map((p) => ({
        name: ARGS[p.arg][lang],
        description: p.description[lang],
        type: p.type,
        dimensionality: p.dimensionality,
        ...(p.optional ? { optional: true } : {}),
      })),
    })),
  };
}

export function metadataText(lang: Lang): string {
  return `${JSON.stringify(metadata(lang), null, 2)}\n`;
}

if (typeof process !== 'undefined' && process.argv.includes('--write')) {
  const { writeFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  for (const lang of ['sv', 'en'] as const) writeFileSync(fileURLToPath(new URL(`./functions.${lang}.json`, import.meta.url)), metadataText(lang));
}
