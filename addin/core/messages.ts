/**
 * The message catalogue: every message the command line prints (usage errors, files that
 * cannot be read or written, check-rules' summary) and the words the engine shares, each
 * in Swedish and English. Callers build a `Text` here and print one language of it (the
 * CLI's --lang, default Swedish): a message is never printed in both languages at once.
 */
import type { Text } from './model';

const t = (sv: string, en: string): Text => ({ sv, en });

export const MESSAGES = {
  // Reading files
  noSuchFile: () => t('filen finns inte', 'no such file'),
  isFolder: () => t('är en mapp', 'is a folder'),
  notXlsx: (detail: string) => t(`inte en läsbar .xlsx-fil (${detail})`, `not a readable .xlsx file (${detail})`),
  noSheets: () => t('arbetsboken har inga blad', 'the workbook has no sheets'),
  notJson: (detail: string) => t(`inte giltig JSON (${detail})`, `not valid JSON (${detail})`),
  jsonNotRows: () => t('JSON-filen ska vara en lista av objekt eller { "rows": [...] }', 'JSON must be an array of objects or { "rows": [...] }'),
  jsonRowNotObject: (pointer: string, row: number) => t(`${pointer}: rad ${row} är inte ett objekt`, `${pointer}: row ${row} is not an object`),
  jsonTooDeep: (row: number, pointer: string) => t(
    `JSON-rad ${row} (${pointer}): värdet är för djupt nästlat för att läsas; en cell ska vara ett tal, en text eller sant/falskt`,
    `JSON row ${row} (${pointer}): the value is nested too deeply to read; a cell must be a number, text or true/false`,
  ),
  readAs: (file: string, encoding: string) => t(`${file} lästes som ${encoding} (inte UTF-8).`, `${file} was read as ${encoding} (not UTF-8).`),
  notAudited: (detail: string) => t(`kunde inte granskas (${detail})`, `could not be audited (${detail})`),
  // Writing files
  fileExists: () => t('filen finns redan och skrivs inte över', 'the file exists and is not replaced'),
  fileExistsChooseAnother: () => t('filen finns redan och skrivs inte över; välj ett annat namn', 'the file exists and is not replaced; choose another name'),
  folderMissing: () => t('mappen finns inte', 'the folder does not exist'),
  fileOnPath: () => t('en del av sökvägen är en fil, inte en mapp', 'a part of the path is a file, not a folder'),
  permissionDenied: () => t('åtkomst nekas', 'permission denied'),
  notPermitted: () => t('inte tillåtet', 'not permitted'),
  diskFull: () => t('disken är full', 'the disk is full'),
  readOnly: () => t('skrivskyddat filsystem', 'read-only file system'),
  noFreeName: (name: string) => t(`inget ledigt namn för ${name}`, `no free name for ${name}`),
  outNotFolder: () => t('--out ska vara en mapp; detta är en befintlig fil, som aldrig skrivs över', '--out must be a folder; this is an existing file, which is never replaced'),
  // The command line
  needsValue: (option: string) => t(`--${option} behöver ett värde`, `--${option} needs a value`),
  required: (option: string) => t(`--${option} måste anges`, `--${option} is required`),
  unknownOption: (option: string) => t(`okänt alternativ --${option}`, `unknown option --${option}`),
  unknownCommand: (command: string) => t(`okänt kommando "${command}"`, `unknown command "${command}"`),
  oneOf: (option: string, values: string[]) => t(`--${option} ska vara ${values.join(' eller ')}`, `--${option} must be ${values.join(' or ')}`),
  needsFile: (command: string, what: string) => t(`${command} behöver ${what}`, `${command} needs ${what}`),
  atLeastOneFile: (command: string, what: string) => t(`${command} behöver minst en ${what}`, `${command} needs at least one ${what}`),
  outNeedsFolder: () => t('--out behöver ett mappnamn', '--out needs a folder name'),
  outNewXlsx: () => t('--out ska vara namnet på en ny .xlsx-fil', '--out must name a new .xlsx file'),
  readingNeedsValue: () => t('--reading behöver ett värde: "Blad!A1:D26=LÄSNINGS-ID"', '--reading needs a value: "Sheet!A1:D26=READING-ID"'),
  readingBad: (part: string) => t(`--reading: "${part}" är inte "Blad!A1:D26=LÄSNINGS-ID"`, `--reading: "${part}" is not "Sheet!A1:D26=READING-ID"`),
  // check-rules
  ruleFileOk: (id: string, pots: number, total: string) => t(`OK (${id}, ${pots} potter, ${total})`, `OK (${id}, ${pots} pots, ${total})`),
  problems: (n: number) => t(`${n} fel i regelfilen`, `${n} problem(s)`),
  moreErrors: (more: string, all: string) => t(`… och ${more} fel till (${all} i alla)`, `… and ${more} more errors (${all} in all)`),
} satisfies Record<string, (...args: never[]) => Text>;

/** "where: message", in both languages. */
export function at(where: string, text: Text): Text {
  return { sv: `${where}: ${text.sv}`, en: `${where}: ${text.en}` };
}

/** The same words in both languages (a system's own message, a figure). */
export function same(s: string): Text {
  return { sv: s, en: s };
}

/** The reason an operating-system call failed, from its code (else its own message). */
export function systemReason(e: unknown, missing: () => Text = MESSAGES.noSuchFile): Text {
  const code = (e as { code?: string } | null)?.code;
  const why: Record<string, () => Text> = {
    ENOENT: missing,
    EISDIR: MESSAGES.isFolder,
    EEXIST: MESSAGES.fileExists,
    ENOTDIR: MESSAGES.fileOnPath,
    EACCES: MESSAGES.permissionDenied,
    EPERM: MESSAGES.notPermitted,
    ENOSPC: MESSAGES.diskFull,
    EROFS: MESSAGES.readOnly,
  };
  const f = code ? why[code] : undefined;
  return f ? f() : same((e as Error)?.message ?? String(e));
}
