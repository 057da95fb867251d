/**
 * The engine's use cases: what the task pane, the preview and the command line
 * call. Pure TypeScript: no Office.js here; workbooks are reached through the
 * WorkbookPort (addin/workbook/port.ts).
 */
export type { Catalog, Agreement, Pot, Allocation, AllocationRow, Method, PopulationTable, PopulationSource, RuleFileOrigin, PopulationOrigin, PartialPopulation, Text, Cite, Forms, Form, FormField, FormPoint, FormDeadline, Attestation, Requisitioner } from './core/model';
export type { Grid, NewSheetSpec, Flag, WorkbookPort } from './workbook/port';
export { EngineError, type CellError, type RuleError } from './core/errors';
export { builtinCatalog, withAgreement, withUserAgreement, ruleFileHash, findAgreement, findPopulation } from './engine/rules/catalog';
export { loadAgreementText, validateAgreement, MAX_RULE_FILE_BYTES, tooBig, jsonError } from './engine/rules/load';
export { allocate, findPot, populationSource, partialPopulation, type AllocateRequest } from './engine/allocate/allocate';
export { apportion } from './engine/allocate/apportion';
export {
  evaluate,
  gates,
  agreementsWithConditions,
  type Evaluation,
  type EvaluationRow,
  type PartResult,
  type PotOutcome,
  type Unclaimed,
} from './engine/conditions/evaluate';
export type { ConditionResult, Facts } from './engine/conditions/engine';
export { populationFromGrid, populationDateInGrid, ownTableTitle, MAX_POPULATION, type PopulationOptions } from './engine/table/population';
export { decodeText, encodingName, type Encoding, type Decoded } from './io/decode';
export { indicatorsFromGrid, indicatorColumnsFor, INDICATOR_COLUMNS, type IndicatorRow } from './engine/table/indicators';
export { allocationSheet } from './engine/sheets/allocation';
export { overviewSheet } from './engine/sheets/overview';
export { indicatorSheet } from './engine/sheets/indicators';
export { evaluationSheet, evaluationFlags, conditionWords, partHeader } from './engine/sheets/evaluation';
export {
  citeLine,
  partialRemark,
  populationWords,
  methodText,
} from './engine/sheets/common';
export type { Lang } from './core/lang';
export { MESSAGES, at, same, systemReason } from './core/messages';
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
} from './engine/sheets/forms';
export { formatKr, formatPercent, formatNumber, formatDate } from './engine/parse';
export { Decimal } from './core/decimal';
export { rangeA1 } from './core/a1';
export { printable } from './engine/sheets/print';
export { formatCite, citeParts, documentName, documentNames, documentDate, quoted, sectionName, registerSources, sourceOf, builtinSources } from './engine/rules/cite';
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
  type AuditScope,
  type Finding,
  type FindingCite,
  type Severity,
} from './engine/audit';
export { SEVERITY_WORD, arithmetic } from './engine/audit/messages';
// For the worksheet functions (addin/functions) and the preview's cell editor: argument parsing and the condition operators.
export { parseNumber, parsePercent, parseBoolean, parseDate, isoToExcelSerial, nameKey, makeRegionResolver, makeRccResolver, makeOrganisationResolver } from './engine/parse';
export { OPERATORS } from './engine/conditions/engine';
