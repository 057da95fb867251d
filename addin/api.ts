/**
 * The engine's use cases: what the task pane, the preview and the command line
 * call. Pure TypeScript: no Office.js here; workbooks are reached through the
 * WorkbookPort (addin/workbook/port.ts).
 */
export type { Catalog, Agreement, Pot, Allocation, AllocationRow, Method, PopulationTable, PopulationSource, RuleFileOrigin, PopulationOrigin, PartialPopulation, Text, Cite, Forms, Form, FormField, FormPoint, FormDeadline, Attestation, Requisitioner } from './model';
export type { Grid, NewSheetSpec, Flag, WorkbookPort } from './workbook/port';
export { EngineError, type CellError, type RuleError } from './errors';
export { builtinCatalog, withAgreement, withUserAgreement, ruleFileHash, findAgreement, findPopulation } from './rules/catalog';
export { loadAgreementText, validateAgreement, MAX_RULE_FILE_BYTES, tooBig, jsonError } from './rules/load';
export { allocate, findPot, populationSource, partialPopulation, type AllocateRequest } from './allocate/allocate';
export { apportion } from './allocate/apportion';
export {
  evaluate,
  gates,
  agreementsWithConditions,
  type Evaluation,
  type EvaluationRow,
  type PartResult,
  type PotOutcome,
  type Unclaimed,
} from './conditions/evaluate';
export type { ConditionResult, Facts } from './conditions/engine';
export { populationFromGrid, populationDateInGrid, ownTableTitle, MAX_POPULATION, type PopulationOptions } from './table/population';
export { decodeText, encodingName, type Encoding, type Decoded } from './io/decode';
export { indicatorsFromGrid, indicatorColumnsFor, type IndicatorRow } from './table/indicators';
export {
  allocationSheet,
  overviewSheet,
  indicatorSheet,
  evaluationSheet,
  evaluationFlags,
  conditionWords,
  partHeader,
  citeLine,
  partialRemark,
  populationWords,
  methodText,
  type Lang,
} from './sheets/sheets';
export {
  requisitionSheet,
  reportSheet,
  formFigures,
  resolveRecipient,
  attestationItems,
  periodText,
  COST_LINES,
  type FormFigures,
  type FormRecipient,
  type FormAmount,
} from './sheets/forms';
export { formatKr, formatPercent, formatNumber, formatDate } from './parse';
export { formatCite, citeParts, documentName, documentNames, sectionName, registerSources, sourceOf, builtinSources } from './cite';
export {
  auditWorkbook,
  auditGrid,
  auditGrids,
  findingsToFlags,
  findingsSheet,
  flagFindings,
  clearAuditFlags,
  CHECKS,
  type AuditResult,
  type Finding,
} from './audit';
// For the worksheet functions (addin/functions): argument parsing and the condition operators.
export { parsePercent, parseBoolean, parseDate, nameKey, makeRegionResolver, makeRccResolver, makeOrganisationResolver } from './parse';
export { OPERATORS } from './conditions/engine';
