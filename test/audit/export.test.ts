// "Exportera" writes the findings to a new sheet; a later whole-workbook audit passes over it.
import { expect, test } from 'vitest';
import { auditWorkbook, builtinCatalog, findingsSheet } from '../../addin/api';
import { jamtlandWorkbook } from '../../addin/engine/audit/demo';
import { isFindingsSheet } from '../../addin/engine/audit/flags';
import { memoryPort } from '../fake-host/memory-port';
import { sourceText } from '../engine/sources';

const seed000 = sourceText('delegationsbeslut-jamtland-2026');

test('a whole-workbook audit gives the same findings after the findings were exported into the workbook', async () => {
  const catalog = builtinCatalog();
  const { workbook: wb } = jamtlandWorkbook(seed000);
  const { port } = memoryPort(wb);
  const first = await auditWorkbook(port, catalog, { scope: 'workbook', lang: 'sv', flag: false });
  expect(first.findings.length).toBeGreaterThan(0);
  for (const lang of ['sv', 'en'] as const) {
    const { sheet } = await port.writeSheet(findingsSheet(first.findings, lang));
    expect(isFindingsSheet(await port.readSheet(sheet))).toBe(true);
  }
  const again = await auditWorkbook(port, catalog, { scope: 'workbook', lang: 'sv', flag: false });
  expect(again.findings.map((f) => `${f.sheet}!${f.cell} ${f.rule}`)).toEqual(first.findings.map((f) => `${f.sheet}!${f.cell} ${f.rule}`));
});

test('an export is passed over only while unchanged, and the result says so (#15.1)', async () => {
  const catalog = builtinCatalog();
  const { workbook: wb } = jamtlandWorkbook(seed000);
  const { port } = memoryPort(wb);
  const first = await auditWorkbook(port, catalog, { scope: 'workbook', lang: 'sv', flag: false });
  const { sheet } = await port.writeSheet(findingsSheet(first.findings, 'sv'));
  const again = await auditWorkbook(port, catalog, { scope: 'workbook', lang: 'sv', flag: false });
  expect(again.skipped).toEqual([{ sheet, reason: expect.objectContaining({ sv: expect.stringContaining('oförändrade') }) }]);
  expect(again.sheets.map((s) => s.sheet)).not.toContain(sheet);
  // edited afterwards: audited like any sheet, not skipped
  wb.setCell(sheet, 1, 4, { value: 'SVF totalt 2026: 375 000 000 kr' });
  const edited = await auditWorkbook(port, catalog, { scope: 'workbook', lang: 'sv', flag: false });
  expect(edited.skipped).toEqual([]);
  expect(edited.sheets.map((s) => s.sheet)).toContain(sheet);
});

test('a sheet cannot hide from the audit by carrying the export header, even hidden (#15.1)', async () => {
  const catalog = builtinCatalog();
  const { workbook: wb } = jamtlandWorkbook(seed000);
  const { port } = memoryPort(wb);
  const plain = await auditWorkbook(port, catalog, { scope: 'workbook', lang: 'sv', flag: false });
  const errors = plain.findings.filter((f) => f.severity === 'error').length;
  expect(errors).toBeGreaterThan(0);
  // The same data under the export's header row, on a hidden sheet.
  const source = wb.getSheet(wb.sheetNames()[0]!)!;
  const copy = wb.addSheet('Planted');
  copy.visibility = 'Hidden';
  const head = ['Blad', 'Cell', 'Allvarlighet', 'Regel', 'Meddelande', 'Källa'];
  head.forEach((h, c) => copy.set(0, c, { value: h }));
  for (const { row, col, cell } of source.entries()) copy.set(row + 2, col, { value: cell.value, numberFormat: cell.numberFormat });
  const r = await auditWorkbook(port, catalog, { scope: 'workbook', lang: 'sv', flag: false });
  expect(r.skipped).toEqual([]);
  expect(r.findings.filter((f) => f.sheet === 'Planted' && f.severity === 'error').length).toBe(errors);
});
