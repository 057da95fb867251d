/**
 * Audit fixtures for the tests and the bench: the builders of addin/engine/audit/demo.ts, fed
 * with the source documents (rules/sources/) and the built-in catalog. No committed binaries:
 * the .xlsx files the CLI tests need are written from these at test time.
 */
import { builtinCatalog } from '../../addin/api';
import * as demo from '../../addin/engine/audit/demo';
import { sourceText } from '../engine/sources';

/** A source document's text from rules/sources/ (by source id, file name or former seed name). */
export const seed = (name: string) => sourceText(name);

export { ANNEX, JAMTLAND, REPORT, BENCH_HEADER, BENCH_LOW_BLOCK, FORMAT_INT, FORMAT_PCT, FORMAT_SHARE, SEED_000, SEED_004, quote, type AnnexRow } from '../../addin/engine/audit/demo';

export const annexRows = () => demo.annexRows(seed(demo.SEED_004));
export const annexWorkbook = (opts: { asText?: boolean } = {}) => demo.annexWorkbook(seed(demo.SEED_004), opts);
export const jamtlandWorkbook = (opts: { paragraphs?: boolean } = {}) => demo.jamtlandWorkbook(seed(demo.SEED_000), opts);
export const norrRows = () => demo.norrRows(builtinCatalog());
export const svfReportWorkbook = () => demo.svfReportWorkbook(builtinCatalog());
export const benchRows = (rows: number) => demo.benchRows(builtinCatalog(), rows);
export const benchGrid = (rows: number) => demo.benchGrid(builtinCatalog(), rows);
export const benchWorkbook = (rows: number) => demo.benchWorkbook(builtinCatalog(), rows);
