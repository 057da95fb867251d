import { describe, expect, it } from 'vitest';
import { editText, parseClipboard, parseEntry, toClipboard } from '../../taskpane/preview/input';
import { isoToExcelSerial } from '../../addin/engine/parse';

describe('preview grid: an entry as Excel with Swedish settings reads it', () => {
  it('reads Swedish numbers, percentages and dates', () => {
    expect(parseEntry('72,5 %')).toEqual({ value: 0.725, numberFormat: '0.0%' });
    expect(parseEntry('70 %')).toEqual({ value: 0.7, numberFormat: '0%' });
    expect(parseEntry('69,9%')).toEqual({ value: 0.699, numberFormat: '0.0%' });
    expect(parseEntry('2 374 550')).toEqual({ value: 2374550, numberFormat: '#,##0' });
    expect(parseEntry('0,13')).toEqual({ value: 0.13 });
    expect(parseEntry('-1,5')).toEqual({ value: -1.5 });
    expect(parseEntry('2026-09-30')).toEqual({ value: isoToExcelSerial('2026-09-30'), numberFormat: 'yyyy-mm-dd' });
    expect(parseEntry('30 september 2026')).toEqual({ value: isoToExcelSerial('2026-09-30'), numberFormat: 'yyyy-mm-dd' });
  });
  it('keeps what is not a number as a whole as text (the readers then name the cell)', () => {
    for (const t of ['hög', 'ca 370 000', '2 milj', '~203 000', 'ja', '=SUM(A1:A3)', '12 tkr', '2026-13-40']) {
      expect(parseEntry(t)).toEqual({ value: t });
    }
    expect(parseEntry("'0,13")).toEqual({ value: '0,13', numberFormat: '@' });
    expect(parseEntry('   ')).toEqual({ value: null });
  });
  it('English entries with a decimal point', () => {
    expect(parseEntry('0.13', 'en')).toEqual({ value: 0.13 });
    expect(parseEntry('72.5%', 'en')).toEqual({ value: 0.725, numberFormat: '0.0%' });
  });
  it('the formula bar shows values the Swedish way', () => {
    expect(editText(0.13, 'General', 'sv')).toBe('0,13');
    expect(editText(0.13, 'General', 'en')).toBe('0.13');
    expect(editText(0.725, '0.0%', 'sv')).toBe('72,5 %');
    expect(editText(0.725, '0.0%', 'en')).toBe('72.5%');
    expect(editText(2374550, '#,##0', 'sv')).toBe('2374550');
    expect(editText(0.1 + 0.2, 'General', 'sv')).toBe('0,3');
    expect(editText(null, 'General', 'sv')).toBe('');
    expect(editText(true, 'General', 'sv')).toBe('SANT');
  });
  it('clipboard text: tab-separated rows, CRLF or LF, a trailing newline', () => {
    expect(parseClipboard('a\tb\r\nc\td\r\n')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseClipboard('x')).toEqual([['x']]);
    expect(parseClipboard('a\t\tc\n')).toEqual([['a', '', 'c']]);
    const block = [[{ value: 0.699, numberFormat: '0.0%' }, { value: 'ja', numberFormat: 'General' }]];
    expect(toClipboard(block, 'sv')).toBe('69,9 %\tja');
    // round trip: what is copied pastes back to the same values
    expect(parseClipboard(toClipboard(block, 'sv'))[0]!.map((t) => parseEntry(t).value)).toEqual([0.699, 'ja']);
  });
});
