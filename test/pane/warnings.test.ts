// Issue #13 (pane): the adapter's warnings after flag/clearFlags, as Granska shows them.
// The sentences are the ones the Office adapter writes (read from a real clearFlags run).
import { describe, expect, test } from 'vitest';
import { warningText } from '../../taskpane/components/warnings';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';

describe('adapter warnings in the pane', () => {
  test('a flagged cell changed since: the adapter warns, the pane says it in Swedish and English', async () => {
    const wb = MemoryWorkbook.fromArrays({ Blad1: [['a', 1], ['b', 2]] });
    const { port } = memoryPort(wb);
    await port.flag([
      { sheet: 'Blad1', cell: 'B1', severity: 'error', message: 'Fel: x' },
      { sheet: 'Blad1', cell: 'B2', severity: 'error', message: 'Fel: y' },
    ]);
    expect(port.warnings!()).toEqual([]);
    wb.setCell('Blad1', 'B1', { fill: '#00FF00' });
    wb.setCell('Blad1', 'B2', { fill: '#00FF00' });
    await port.clearFlags();
    const ws = port.warnings!();
    expect(ws).toHaveLength(1);
    expect(warningText(ws[0]!, 'sv')).toBe(
      '2 markerade celler visade inte längre sin markering (flyttade av en infogad rad eller kolumn, eller ändrade sedan dess): deras fyllning och anteckning lämnades som de är.',
    );
    expect(warningText(ws[0]!, 'en')).toMatch(/^2 flagged cells no longer showed their flag/);
  });
  test('registry lines and one cell in the singular; an unknown warning is shown as written', () => {
    expect(warningText("1 line(s) of the flag registry are not the add-in's (malformed or planted): ignored, not applied", 'sv')).toMatch(/^En rad i tilläggets register/);
    expect(warningText('1 flagged cell(s) no longer showed their flag (moved …)', 'sv')).toMatch(/^En markerad cell/);
    expect(warningText('something new', 'sv')).toBe('something new');
  });
});
