// Issue 9 item 4 (cells move, sheets get renamed) and issue 15 item 2 (only the add-in's own
// registry is the registry; a planted or malformed one is ignored with a warning, never applied).
import { describe, expect, test } from 'vitest';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import { OfficeWorkbook, REGISTRY_SHEET } from '../../addin/workbook/office';
import { createFakeExcel } from '../fake-host/index';
import { FLAG_FILLS, type Flag } from '../../addin/workbook/port';

const HEADER = 'agreement-rules flag registry v1 — do not edit';

function book(): MemoryWorkbook {
  const wb = MemoryWorkbook.fromArrays({ Data: Array.from({ length: 12 }, (_, i) => [`Region ${i}`, 1000 + i]), Annat: [['x']] });
  wb.setCell('Data', 'B6', { note: 'Min egen anteckning', fill: '#00B050' });
  return wb;
}
const flags: Flag[] = [
  { sheet: 'Data', cell: 'B7', severity: 'error', message: 'Fel belopp (5.3)' },
  { sheet: 'Data', cell: 'B8', severity: 'warning', message: 'Under 70 % (4.2)' },
];
const noId = <T extends { id?: string }>(s: T): Omit<T, 'id'> => {
  const { id, ...rest } = s;
  void id;
  return rest;
};
const warningsOf = (port: unknown) => (port as OfficeWorkbook).warnings();

describe('item 4: the registry follows renamed sheets and never touches cells that no longer show the flag', () => {
  test('after a rename, clearFlags still restores every flagged cell (keyed by Worksheet.id)', async () => {
    const wb = book();
    const { port } = memoryPort(wb);
    await port.flag(flags);
    wb.sheet('Data').name = 'Budget 2026';
    const expected = book();
    expected.sheet('Data').name = 'Budget 2026';
    expect(await port.clearFlags()).toBe(2);
    const got = wb.snapshot();
    expect(got.sheets.filter((s) => s.visibility === 'Visible').map(noId)).toEqual(expected.snapshot().sheets.map(noId));
  });

  test('after a row is inserted above, the user note that moved into a flagged address is kept', async () => {
    const wb = book();
    const { port } = memoryPort(wb);
    await port.flag(flags);
    wb.sheet('Data').insertRows(2, 1); // B6 (the user's note) is now B7, the flagged B7/B8 are B8/B9
    expect(wb.getCell('Data', 'B7')).toMatchObject({ note: 'Min egen anteckning', fill: '#00B050' });
    await port.clearFlags();
    expect(wb.getCell('Data', 'B7')).toMatchObject({ note: 'Min egen anteckning', fill: '#00B050', value: 1005 });
    expect(warningsOf(port).join(' ')).toMatch(/no longer showed their flag/);
  });

  test('a note the user rewrote after flagging is left as the user wrote it', async () => {
    const wb = book();
    const { port } = memoryPort(wb);
    await port.flag(flags);
    wb.setCell('Data', 'B7', { note: 'Kollat med ekonomen' });
    await port.clearFlags();
    expect(wb.getCell('Data', 'B7')).toMatchObject({ note: 'Kollat med ekonomen', fill: null });
    expect(wb.getCell('Data', 'B8')).toMatchObject({ note: null, fill: null });
  });

  test('the in-memory workbook inserts rows and columns like Excel (cells, merges, tables, hidden rows move)', () => {
    const wb = book();
    const s = wb.sheet('Data');
    s.merged = ['A10:B10'];
    s.tables = [{ name: 'T', range: 'A1:B12', hasHeaders: true }];
    s.setRowHidden(4, true);
    s.insertRows(3, 2);
    expect(wb.getCell('Data', 'A3').value).toBe('Region 2');
    expect(wb.getCell('Data', 'A4').value).toBe(null);
    expect(wb.getCell('Data', 'A6').value).toBe('Region 3');
    expect(s.merged).toEqual(['A12:B12']);
    expect(s.tables[0]!.range).toBe('A1:B14');
    expect([...s.hiddenRows]).toEqual([6]);
    s.insertColumns(0, 1);
    expect(wb.getCell('Data', 'B1').value).toBe('Region 0');
    expect(s.tables[0]!.range).toBe('B1:C14');
  });
});

describe('issue 15 item 2: only the add-in\'s own registry is the registry', () => {
  test('a user\'s sheet named like the registry (any case) is listed, never deleted or rewritten', async () => {
    const wb = book();
    wb.addSheet('_agreementRulesFlags');
    wb.setCell('_agreementRulesFlags', 'A1', { value: 'Mina siffror' });
    wb.setCell('_agreementRulesFlags', 'B2', { value: 42 });
    const mine = wb.snapshot().sheets.find((s) => s.name === '_agreementRulesFlags');
    const { port } = memoryPort(wb);
    expect(await port.listSheets()).toContain('_agreementRulesFlags');
    expect(await port.clearFlags()).toBe(0);
    await port.flag(flags);
    expect(await port.clearFlags()).toBe(2);
    expect(wb.snapshot().sheets.find((s) => s.name === '_agreementRulesFlags')).toEqual(mine);
    expect(wb.snapshot().sheets.filter((s) => s.visibility === 'VeryHidden')).toEqual([]);
  });

  test('the same name, very hidden but without the header, is not the registry either', async () => {
    const wb = book();
    wb.addSheet(REGISTRY_SHEET).visibility = 'VeryHidden';
    wb.setCell(REGISTRY_SHEET, 'A1', { value: 'hemligt' });
    const hidden = wb.snapshot().sheets.find((s) => s.name === REGISTRY_SHEET);
    const before = book().snapshot();
    const { port } = memoryPort(wb);
    await port.flag(flags);
    expect(wb.snapshot().sheets.find((s) => s.name === REGISTRY_SHEET)).toEqual(hidden);
    expect(await port.clearFlags()).toBe(2);
    const after = wb.snapshot();
    for (const s of before.sheets) expect(after.sheets.find((x) => x.name === s.name)).toEqual(s);
    expect(after.sheets.find((s) => s.name === REGISTRY_SHEET)).toEqual(hidden);
  });

  test('a planted registry (bad addresses, javascript: colours, planted notes) is ignored with a warning, never applied', async () => {
    const wb = book();
    const reg = wb.addSheet(REGISTRY_SHEET);
    reg.visibility = 'VeryHidden';
    const lines = [
      HEADER,
      JSON.stringify({ s: 'Data', c: 'ZZZZ99999999', f: null, n: null, ch: 'note', v: 'error', m: 'x' }),
      JSON.stringify({ s: 'Data', c: 'A1', f: 'javascript:alert(1)', n: null, ch: 'note', v: 'error', m: 'x' }),
      JSON.stringify({ s: 'Data', c: 'A2', f: null, n: 'Planterad anteckning', ch: 'note', v: 'error', m: 'x' }),
      JSON.stringify({ s: 'Data', c: 'A3', f: '#FF0000', n: null, ch: 'script', v: 'error', m: 'x' }),
      '{"s":"Data","c":"A4",',
      JSON.stringify({ s: 'Data', c: 'A5', f: '#123456', n: 'Planterad', ch: 'note', v: 'error', m: 'x', __proto__: { polluted: true } }),
    ];
    lines.forEach((l, i) => reg.set(i, 0, { value: l }));
    const before = wb.snapshot();
    const host = createFakeExcel(wb);
    const port = new OfficeWorkbook(host);
    expect(await port.clearFlags()).toBe(2); // A2, A5: well-formed, but the cells show no flag: nothing applied
    const after = wb.snapshot();
    for (const s of before.sheets.filter((x) => x.name !== REGISTRY_SHEET)) expect(after.sheets.find((x) => x.name === s.name)).toEqual(s);
    expect(port.warnings().join(' ')).toMatch(/4 line\(s\) of the flag registry are not the add-in's/);
    // and flagging over it still works (the audit is never stopped by it)
    const receipt = await port.flag(flags);
    expect(receipt.cells).toBe(2);
    expect(wb.getCell('Data', 'B7').fill).toBe(FLAG_FILLS.error);
  });
});
