/** The parse module's public API: cell values typed the Swedish way → Decimal, ISO dates, names. */
export { normalizeText, collapseWhitespace, safeText, isExcelError, EXCEL_ERRORS } from './text';
export {
  parseNumber,
  parseAmount,
  parsePercent,
  parseBoolean,
  unitFactor,
  shift,
  type Unit,
  type Lang,
  type NumberOptions,
  type PercentOptions,
  type NumberParse,
  type AmountParse,
  type PercentParse,
  type BooleanParse,
  type NumberFailReason,
  type PercentFailReason,
} from './number';
export {
  parseDate,
  isDateFormat,
  isoDate,
  datesInText,
  excelSerialToIso,
  isoToExcelSerial,
  MAX_EXCEL_SERIAL,
  type DateParse,
  type DateOptions,
  type DateFailReason,
} from './date';
export { formatNumber, formatKr, formatPercent, formatMkr, formatDate, NBSP } from './format';
export {
  makeNameResolver,
  makeRegionResolver,
  makeRccResolver,
  makeOrganisationResolver,
  nameKey,
  regionCore,
  rccCore,
  type Resolver,
  type NameResolver,
  type NameResolverOptions,
} from './regions';
