/**
 * The engine's data model. Everything here is plain data: rule files are parsed
 * into these shapes (after JSON Schema validation), and every amount is a string
 * of whole kronor in the files and a Decimal in computations.
 *
 * This module (like the whole engine) never imports Office.js.
 */
import type Decimal from 'decimal.js';

/** Text in both product languages. */
export interface Text {
  sv: string;
  en: string;
}

/** A document the rules quote: an entry of rules/sources/index.json (or of a rule file's own `sources`). */
export interface SourceInfo {
  /** "overenskommelse-2026". */
  id: string;
  title: Text;
  /** Who issued it: "Socialdepartementet och SKR". */
  issuer: Text;
  /** ISO date, or yyyy-mm, or a year when the document gives no date. */
  date: string;
  /** Registration numbers the document states ("S2020/09796"). */
  diarienummer: string[];
}

/** Where a pot, condition, threshold or date comes from. Printed only through addin/engine/rules/cite.ts. */
export interface Cite {
  /** Id of the document in the sources index, e.g. "overenskommelse-2026". */
  source: string;
  /** The document's own section ("5.3", "Bilaga 1", "annex"). */
  section: string;
  /** The quoted Swedish words. */
  text: string;
}

export type RecipientKind = 'regions' | 'rcc' | 'single';

export type Split =
  | { by: 'population' }
  | { by: 'equal' }
  | { by: 'single'; recipient: string }
  /** The seeds do not say how the pot is split; allocation refuses with the note. */
  | { by: 'unspecified'; note: Text }
  /** Equal parts (e.g. the three SVF of 2026's lead-time part), each split by population among its qualifying regions. */
  | { by: 'parts'; parts: PotPart[] };

export interface PotPart {
  id: string;
  title: Text;
  /** Condition ids (all must pass) for a region to share in this part. */
  conditions: string[];
  cite: Cite;
}

export interface DateEntry {
  what: Text;
  date: string; // ISO yyyy-mm-dd, or yyyy-mm for "i december 2026"
  cite: Cite;
}

export interface Pot {
  id: string;
  title: Text;
  /** Short title for sheet names and column headers (at most 24 characters). */
  short?: Text;
  amount: string; // whole kronor
  group: string; // id of a group in Agreement.groups
  recipients: RecipientKind;
  /** For single-recipient pots: an RCC id ("rcc-vast") or an organisation id ("skr"). */
  split: Split;
  /** Condition ids that gate this pot (all must pass). Absent: unconditional. */
  conditions?: string[];
  /** Bilaga 1 line (or equivalent) this pot corresponds to. */
  line?: string;
  payment?: DateEntry[];
  notes?: Text[];
  cite: Cite;
}

export interface Group {
  id: string;
  title: Text;
  amount: string;
  cite: Cite;
}

export type OperatorName = 'atLeast' | 'over' | 'isTrue' | 'submittedBy';

/** One condition: a json-rules-engine condition (fact, operator, value) plus its id, label and citation. */
export interface Condition {
  id: string;
  label: Text;
  fact: string;
  operator: OperatorName;
  /** Threshold: a decimal fraction string ("0.70"), true, or an ISO date. */
  value: string | boolean;
  cite: Cite;
}

export interface Erratum {
  section: string;
  text: string;
  reading: Text;
  cite: Cite;
}

export interface Gap {
  what: Text;
  amount?: string;
  cite: Cite;
}

export interface Reading {
  id: string;
  text: Text;
  cite: Cite;
}

/** Where a user's own rule file came from: shown beside its agreement everywhere it is used. */
export interface RuleFileOrigin {
  file: string;
  /** SHA-256 of the file's text, hex. */
  sha256: string;
  /** The id the file gave, when it was a built-in agreement's id (the file is then loaded under another id). */
  renamedFrom?: string;
}

export interface Agreement {
  id: string;
  year: number;
  title: string;
  /** Set for an agreement read from a user's rule file (never for the built-in ones). */
  origin?: RuleFileOrigin;
  /** The documents it is read from (source ids), when it was signed, its registration numbers. */
  source: { documents: string[]; signed?: string; diarienummer?: string[] };
  /** Documents the file cites that are not in the built-in sources index. */
  sources?: (Omit<SourceInfo, 'diarienummer'> & { diarienummer?: string[] })[];
  total: string;
  totalCite: Cite;
  /** Population table id used by default. */
  defaultPopulation: string;
  groups: Group[];
  pots: Pot[];
  conditions: Condition[];
  deadlines: DateEntry[];
  errata: Erratum[];
  /** What the seeds leave out, said instead of invented. */
  gaps: Gap[];
  /** Readings the product applies where the text leaves room. */
  readings: Reading[];
  /** National targets the agreement states (not payment conditions). */
  targets?: { id: string; fact: 'inclusion' | 'leadtime'; value: string; label: Text; cite: Cite }[];
  /** The requisition and economic report the agreement prescribes (Bilaga 2 of 2026). */
  forms?: Forms;
  /** Non-numeric conditions a region can carry as a checklist. */
  checklist?: { text: Text; cite: Cite }[];
}

export interface Region {
  code: string; // län code "01"
  name: string; // official name "Region Stockholm"
  lan: string; // "Stockholms län"
  aliases: string[];
}

export interface RccMember {
  region: string; // län code
  /** Part of the region's population that belongs to this RCC (Halland). Absent: all of it. */
  part?: { id: string; numerator: string; denominator: string; cite: Cite };
}

export interface Rcc {
  id: string; // "rcc-vast"
  name: string; // "RCC Väst"
  sjukvardsregion: string;
  aliases: string[];
  members: RccMember[];
  cite: Cite;
}

export interface Organisation {
  id: string;
  name: string;
  aliases: string[];
}

export interface PopulationTable {
  id: string; // "2024-12-31"
  date: string;
  title: Text;
  source: string;
  total: string;
  rows: { code: string; population: string }[];
  /** Set for a table read from a user's file or selection (absent: built-in reference data). */
  origin?: PopulationOrigin;
}

/** Where a user's population table came from. */
export interface PopulationOrigin {
  kind: 'file' | 'selection';
  /** File name (CLI) or sheet name (pane). */
  name: string;
  /** The text encoding the file was read in (CSV), e.g. "Windows-1252". */
  encoding?: string;
  /** The cell whose text gave the table's date ("B1"), when a date was found. */
  dateCell?: string;
  /** A selection's range as read ("Blad1!A1:B23"). */
  range?: string;
  /** The day the selection was read (ISO), so a sheet says which figures it used and when. */
  readOn?: string;
}

/** The population behind an allocation, as the output states it. */
export interface PopulationSource {
  id: string;
  /** ISO date of the population, or null when the user's table does not say. */
  date: string | null;
  /** How the output names it: "Folkmängd 31 december 2024 (SCB)", "egen befolkningsfil (pop.csv)". */
  title: Text;
  builtin: boolean;
  origin?: PopulationOrigin;
}

/** A population table that leaves out recipients the pot is meant for: the pot was split among the others. */
export interface PartialPopulation {
  /** Regions of the reference data that the table has no row for, in län-code order. */
  missing: { code: string; name: string }[];
  /** How many regions the table covers. */
  covered: number;
}

export interface Reference {
  regions: Region[];
  rcc: Rcc[];
  organisations: Organisation[];
  populations: PopulationTable[];
}

export interface Catalog {
  agreements: Agreement[];
  reference: Reference;
}

export type Method = 'largest-remainder' | 'half-up';

export interface AllocationRow {
  recipient: string;
  code: string;
  population: Decimal; // weight (persons, or 1 for equal splits)
  share: Decimal; // exact share of the pot (population / total), not rounded
  exact: Decimal; // exact quota in kronor
  amount: Decimal; // whole kronor
}

export interface Allocation {
  agreement: string;
  pot: string;
  amount: Decimal;
  method: Method;
  populationDate: string | null;
  rows: AllocationRow[];
  total: Decimal;
  /** total − amount (only half-up can drift). */
  drift: Decimal;
  cite: Cite;
  split: Split['by'];
  /** False for equal and single-recipient splits: rows carry no population. */
  weighted: boolean;
  /** The population table the split used (absent for single-recipient pots and RCC equal splits). */
  populationSource?: PopulationSource;
  /** Set when the population table lacks regions: the pot went only to those it lists. */
  partial?: PartialPopulation;
}

/** Who fills a form's field: the user, or the product (from the agreement, the allocation or a formula). */
export type FormFill =
  | 'user'
  | 'given'
  | 'recipient'
  | 'title'
  | 'amount'
  | 'agreed'
  | 'paid'
  | 'period'
  | 'received'
  | 'costs'
  | 'total-costs'
  | 'unspent'
  | 'attestation'
  | 'statement';

export type FormFieldFormat = 'text' | 'orgnr' | 'diarienummer' | 'giro' | 'phone' | 'email' | 'date' | 'kronor';

export interface FormField {
  id: string;
  label: Text;
  fill: FormFill;
  format?: FormFieldFormat;
  /** The value the sources give (fill "given"), e.g. the payment decision's diarienummer. */
  value?: string;
  cite: Cite;
}

/** One numbered point of a form ("1. Kontaktuppgifter"). */
export interface FormPoint {
  point: string;
  title: Text;
  fields: FormField[];
  cite: Cite;
}

export interface FormDeadline {
  kind: 'requisition' | 'repayment' | 'report';
  what: Text;
  date: string;
  cite: Cite;
}

/** An alternative of the finance director's review (Alt 1 correct, Alt 2 not correct). */
export interface Attestation {
  id: string;
  label: Text;
  correct: boolean;
  /** The alternative needs the deviations and any actions stated. */
  deviations: boolean;
  cite: Cite;
}

export interface Form {
  title: Text;
  cite: Cite;
  deadlines: FormDeadline[];
  points: FormPoint[];
  attestation?: Attestation[];
}

/** Who requisitions which pots. */
export interface Requisitioner {
  who: Text;
  recipients: 'regions' | 'skr';
  pots: string[];
  cite: Cite;
}

export interface Forms {
  requisition: Form;
  report: Form;
  requisitioners?: Requisitioner[];
  /** The period the forms concern. */
  period?: { from: string; to: string; cite: Cite };
}
