// "Exportera" writes the findings to a new sheet; a later whole-workbook audit passes over it.
import { expect, test } from 'vitest';
import { auditWorkbook, builtinCatalog, findingsSheet } from '../../addin/api';
import { jamtlandWorkbook } from '../../addin/audit/demo';
import { isFindingsSheet } from '../../addin/audit/flags';
import { memoryPort } from '../../addin/workbook/memory-port';
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
