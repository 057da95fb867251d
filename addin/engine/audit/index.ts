/**
 * The audit's public API: audit a workbook (or a grid) against an agreement, flag the
 * findings, export them. The checks (id — severity — what it catches):
 *
 * - input.unreadable — error (error values anywhere) / warning (text in a number column)
 * - input.text-number — warning: a number stored as text among numbers (Excel's SUM skips it)
 * - arithmetic.total-row — error: a total row that is not the sum of its rows ("ca" totals at their precision)
 * - arithmetic.share-vs-population — error: a share ≠ population / total at its printed precision
 * - arithmetic.share-sum — note when shares sum to 1 only within rounding (seed 004's 1.02), error beyond
 * - allocation.row-amount — note (±1 kr rounding), warning (right by the table's own population date,
 *   or an approximate figure), error (with the expected figure) against the pot the table is about
 * - allocation.table-total — error: a table recognised by title/header whose total is not the pot
 * - facts.pot-total — error: a stated SVF total, payment or agreement total that contradicts the rule file
 * - facts.region-share — warning: a region's stated share against its computed share (gives the figure)
 * - facts.payment-count — error: "tre utbetalningar" where the agreement has two
 * - facts.threshold — error: a stated target (70 % / 80 % / 60 %) that the agreement does not have
 * - facts.date — warning: a deadline or payment date that is not in the rule file
 * - svf.inclusion / svf.leadtime — warning: a region's figure below the condition or target, with its section
 * - svf.prem — warning: "nej" to PREM where PREM is a payment condition
 * - budget.within — error: a plan over the region's money, or sub-items over their line; warning: a line
 *   over its listed sub-items without "bl.a."
 */
export { auditWorkbook, auditGrid, auditGrids, checkScans, chooseAgreements, flagFindings, clearAuditFlags, sheetRegion } from './audit';
export { findingsToFlags, findingsSheet, findingText } from './flags';
export { scanGrid, type Scan, type Table, type Column, type TextCell } from './finder';
export { inferAgreement, newestAgreement } from './infer';
export { agreementFacts, type AgreementFacts, type PotCandidate, type Threshold } from './knowledge';
export { CHECKS } from './checks';
export { citeLine } from './messages';
export type { Finding, FindingCite, ArithmeticCite, AuditOptions, AuditResult, AuditScope, Check, CheckContext, GridAuditOptions, Lang, Severity } from './types';
