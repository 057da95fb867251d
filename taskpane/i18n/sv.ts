/**
 * Swedish strings of the pane: the reference dictionary. `en.ts` must have every key
 * (enforced by the `Dict` type); functions take the values they interpolate.
 */
export const sv = {
  appTitle: 'Canceröverenskommelser',
  appSubtitle: 'Överenskommelserna mellan staten och SKR som regler',
  tabAllocate: 'Fördela',
  tabConditions: 'Villkor',
  tabRules: 'Regler',
  tabsLabel: 'Delar av tillägget',

  // common
  agreement: 'Överenskommelse',
  agreementOption: (year: number) => `Överenskommelsen ${year}`,
  sectionCite: (section: string) => `avsnitt ${section}`,
  quote: (text: string) => `”${text}”`,
  working: 'Arbetar …',
  writing: 'Skriver till arbetsboken …',
  reading: 'Läser från arbetsboken …',
  errorTitle: 'Något gick fel',
  officeErrorTitle: 'Excel svarade med ett fel',
  errorCode: (code: string) => `Felkod: ${code}`,
  errorAtCell: (cell: string) => `Cell ${cell}`,
  goToCell: (cell: string) => `Gå till ${cell}`,
  dismiss: 'Stäng',
  successTitle: 'Klart',
  hostMissingTitle: 'Den här Excel-versionen saknar några funktioner',
  hostMissing: (what: string) => `Saknas: ${what}. Tillägget fungerar ändå men hoppar över det som saknas.`,
  splitPopulation: 'Fördelas efter befolkning',
  splitEqual: 'Fördelas lika',
  splitSingle: (to: string) => `Till en mottagare: ${to}`,
  splitUnspecified: 'Texten säger inte hur potten fördelas',
  splitParts: (n: number) => `I ${n} delar med egna villkor`,
  recipientsRegions: 'Regionerna',
  recipientsRcc: 'De sex RCC',
  recipientsSingle: 'En mottagare',
  conditional: 'Villkorad',
  krAmount: (kr: string) => kr,

  // Fördela
  allocIntro: 'Välj överenskommelse och pott. Tabellen skrivs till ett nytt blad; inget befintligt blad ändras.',
  pot: 'Pott',
  potPlaceholder: 'Välj en pott',
  potCannotAllocate: 'Den här potten kan inte fördelas här',
  population: 'Befolkning',
  populationBuiltin: 'Inbyggd tabell',
  populationSelection: 'Använd markerat område',
  populationTable: 'Befolkningstabell',
  populationTableOption: (title: string, date: string) => `${title} (${date})`,
  populationSelectionHint: 'Markera kolumnerna Region och Befolkning (gärna med rubrikrad) och läs in markeringen.',
  readSelection: 'Läs markeringen',
  selectionRead: (regions: number, people: string, sheet: string) =>
    `${regions} regioner, ${people} invånare (blad ${sheet}).`,
  selectionErrors: (n: number) => (n === 1 ? 'Ett fel i markeringen' : `${n} fel i markeringen`),
  method: 'Avrundning',
  methodLargestRemainder: 'Största rest (standard)',
  methodHalfUp: 'Vanlig avrundning',
  methodLargestRemainderHint:
    'Alla får sin exakta andel avrundad nedåt; de kronor som blir över går till de största resterna. Summan blir exakt potten.',
  methodHalfUpHint: 'Varje belopp avrundas till närmaste krona. Summan kan avvika från potten med några kronor.',
  createAllocation: 'Skapa fördelningstabell',
  allPots: 'Alla potter',
  allPotsHint: 'Alla potter skriver ett översiktsblad: varje pott, vad varje mottagare får och summorna.',
  allocationWritten: (sheet: string, range: string) => `Fördelningen skrevs till bladet ”${sheet}” (${range}).`,
  allocationTotal: (kr: string) => `Summa: ${kr}.`,
  allocationDrift: (kr: string) => `Avvikelse från potten: ${kr}.`,
  overviewWritten: (sheet: string, range: string) => `Översikten skrevs till bladet ”${sheet}” (${range}).`,

  // Villkor
  condIntro:
    'Kontrollera vilka regioner som uppfyller villkoren för den villkorade SVF-utbetalningen. Skapa ett indikatorblad, fyll i det och tryck Beräkna.',
  noConditions: (year: number) =>
    `Överenskommelsen ${year} har inga villkor i regelfilerna: dess medel fördelas utan villkor. Välj 2024 eller 2026.`,
  conditionsOfAgreement: 'Villkor i överenskommelsen',
  createIndicatorSheet: 'Skapa indikatorblad',
  indicatorSheetWritten: (sheet: string) => `Indikatorbladet ”${sheet}” skapades. Fyll i värdena och tryck Beräkna.`,
  redistribute: 'Omfördela medel som inte betalas ut',
  redistributeOn:
    'På (standard): potten fördelas efter befolkning mellan de regioner som uppfyller villkoren, som regeringen gjorde i december 2025.',
  redistributeOff:
    'Av: varje regions andel räknas över alla 21 regioner; den som inte uppfyller villkoren får inget och dess andel betalas inte ut.',
  evaluate: 'Beräkna',
  evaluateHint: 'Beräkna läser det aktiva bladet.',
  clearFlags: 'Rensa markeringar',
  flagsCleared: (n: number) => (n === 1 ? 'En cell återställdes.' : `${n} celler återställdes.`),
  indicatorErrors: (n: number) => (n === 1 ? 'Ett fel på indikatorbladet' : `${n} fel på indikatorbladet`),
  evaluationRead: (sheet: string) => `Läste indikatorerna från bladet ”${sheet}”.`,
  evaluationWritten: (sheet: string, flagged: number) =>
    `Resultatet skrevs till bladet ”${sheet}”. ${flagged === 1 ? 'En cell' : `${flagged} celler`} på indikatorbladet markerades.`,
  totalPaid: 'Utbetalt totalt',
  ofPot: (kr: string) => `av ${kr}`,
  regionsQualified: (n: number, of: number) => `${n} av ${of} regioner uppfyller alla villkor.`,
  regionsFailing: (names: string) => `Uppfyller inte alla villkor: ${names}.`,
  eligible: 'Uppfyllt',
  notEligible: 'Ej uppfyllt',
  resultsTitle: 'Resultat per region',
  unclaimedRedistribute: 'omfördelning',
  unclaimedForfeit: 'ingen omfördelning',

  // Regler
  rulesIntro: 'Överenskommelsen som den står i regelfilen, med avsnitt och citat ur texten.',
  signed: (date: string) => `Undertecknad ${date}`,
  sources: (seeds: string) => `Källor: ${seeds}`,
  total: 'Totalt',
  groups: 'Grupper',
  pots: 'Potter',
  conditionsHeading: 'Villkor',
  deadlines: 'Datum',
  errata: 'Fel i källtexten',
  erratumReading: (reading: string) => `Läses som: ${reading}`,
  gaps: 'Det som texten inte säger',
  readings: 'Tolkningar',
  checklist: 'Villkor att bocka av',
  none: 'Inga.',
  potConditions: (labels: string) => `Villkor: ${labels}`,
  payment: 'Utbetalning',

  // preview
  previewTitle: 'Förhandsvisning',
  previewNote: 'Arbetsboken finns bara i webbläsaren. I Excel används samma fönster mot den riktiga arbetsboken.',
  language: 'Språk',
  darkTheme: 'Mörkt tema',
  sheetTabs: 'Blad',
  gridLabel: (sheet: string) => `Bladet ${sheet}`,
  selectionLabel: (range: string) => `Markering: ${range}`,
  emptySheet: 'Bladet är tomt.',
};

type Widen<T> = T extends (...args: infer A) => string ? (...args: A) => string : string;
/** The shape every language must have: every key of `sv`, same parameters. */
export type Dict = { [K in keyof typeof sv]: Widen<(typeof sv)[K]> };
