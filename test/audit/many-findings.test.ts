// Issue 15.3: no spread of unbounded arrays. A sheet whose 500 000 cells are all #REF! gives
// one finding per cell; collecting them used push(...findings), which overflows the call stack
// ("Maximum call stack size exceeded") from about 130 000 arguments.
import { expect, test } from 'vitest';
import { auditWorkbook, builtinCatalog } from '../../addin/api';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';

test('an audit with 500 000 findings completes (no spread of the findings)', async () => {
  const wb = new MemoryWorkbook();
  wb.addSheet('Trasig');
  const sheet = wb.getSheet('Trasig')!;
  wb.batch(() => {
    for (let r = 0; r < 50_000; r++) for (let c = 0; c < 10; c++) sheet.set(r, c, { value: '#REF!' });
  });
  const { port } = memoryPort(wb);
  const r = await auditWorkbook(port, builtinCatalog(), { scope: 'workbook', lang: 'sv', flag: false, agreement: '2026' });
  expect(r.cells).toBe(500_000);
  expect(r.findings.length).toBeGreaterThanOrEqual(130_000);
}, 120_000);
