/** The audit's public API: audit a workbook (or a grid) against an agreement, flag the findings, export them. */
export { auditWorkbook, auditGrid, auditGrids, checkScans, chooseAgreements, flagFindings, clearAuditFlags, sheetRegion } from './audit';
export { findingsToFlags, findingsSheet, findingText } from './flags';
export { scanGrid, type Scan, type Table, type Column, type TextCell } from './finder';
export { inferAgreement, newestAgreement } from './infer';
export { agreementFacts, type AgreementFacts, type PotCandidate, type Threshold } from './knowledge';
export { CHECKS } from './checks';
export { citeLine } from './messages';
export type { Finding, FindingCite, ArithmeticCite, AuditOptions, AuditResult, AuditScope, Check, CheckContext, GridAuditOptions, Lang, Severity } from './types';
