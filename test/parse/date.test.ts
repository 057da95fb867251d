import { describe, expect, it } from 'vitest';
import { excelSerialToIso, isDateFormat, isoToExcelSerial, parseDate } from '../../addin/engine/parse';

const ok = (input: unknown, iso: string, cellFormat?: string) =>
  expect(parseDate(input, cellFormat === undefined ? {} : { cellFormat }), String(input)).toEqual({ ok: true, iso });
const no = (input: unknown, reason: string, cellFormat?: string) =>
  expect(parseDate(input, cellFormat === undefined ? {} : { cellFormat }), String(input)).toMatchObject({ ok: false, reason });

describe('parseDate: text', () => {
  it('reads every written form of 30 September 2026', () => {
    for (const s of [
      '2026-09-30',
      '2026-9-30',
      '2026-09-30T12:00:00',
      '2026-09-30T12:00:00Z',
      '2026-09-30 08:15',
      '30 september 2026',
      'den 30 september 2026',
      'Den 30 September 2026',
      '30 sep 2026',
      '30 sept. 2026',
      '30 Sept 2026',
      '30/9 2026',
      '30/9/2026',
      '30.9.2026',
      '30.09.2026',
      '30/9-2026',
      '20260930',
      '2026/09/30',
      'September 30, 2026',
      '30th September 2026',
      ' 30\u00A0september\u00A02026 ',
      'onsdag 30 september 2026',
    ]) {
      ok(s, '2026-09-30');
    }
  });
  it('knows all Swedish and English month names', () => {
    const sv = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
    const en = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    sv.forEach((m, i) => ok(`1 ${m} 2026`, `2026-${String(i + 1).padStart(2, '0')}-01`));
    en.forEach((m, i) => ok(`1 ${m} 2026`, `2026-${String(i + 1).padStart(2, '0')}-01`));
    ok('1 okt 2026', '2026-10-01');
    ok('1 maj 2026', '2026-05-01');
    ok('den 1:a oktober 2026', '2026-10-01');
  });
  it('validates the calendar', () => {
    no('2026-02-30', 'invalid-date');
    no('2026-13-01', 'invalid-date');
    no('31 april 2026', 'invalid-date');
    no('29/2 2026', 'invalid-date');
    ok('29/2 2024', '2024-02-29');
    no('2100-02-29', 'invalid-date');
    ok('2000-02-29', '2000-02-29');
    no('20261301', 'invalid-date');
  });
  it('refuses other text', () => {
    no('', 'empty');
    no(null, 'empty');
    no(undefined, 'empty');
    no('#N/A', 'error-value');
    for (const s of ['i december 2026', 'september 2026', '30 smarch 2026', '30/9', '30/9/26', 'igår', '2026', 'abc']) no(s, 'not-a-date');
    no(true, 'not-a-date');
    no({}, 'not-a-date');
  });
});

describe('parseDate: Excel serials, numbers and Date objects', () => {
  it('reads serial 46295 as 2026-09-30 (integer in 20000–80000, or a date cell format)', () => {
    ok(46295, '2026-09-30');
    ok(46295.5, '2026-09-30', 'yyyy-mm-dd hh:mm');
    ok(46295, '2026-09-30', 'yyyy-mm-dd');
    ok(46295, '2026-09-30', 'ÅÅÅÅ-MM-DD');
    ok(20000, '1954-10-03');
    ok(80000, '2119-01-11');
  });
  it("respects Excel's 1900 leap-year bug", () => {
    const f = 'd/m/yyyy';
    ok(1, '1900-01-01', f);
    ok(59, '1900-02-28', f);
    no(60, 'invalid-date', f); // the fake 1900-02-29
    ok(61, '1900-03-01', f);
    no(0, 'invalid-date', f);
    ok(2958465, '9999-12-31', f);
    no(2958466, 'invalid-date', f);
  });
  it('does not read plain numbers as dates without a date format', () => {
    no(61, 'not-a-date');
    no(46295.5, 'not-a-date');
    no(19999, 'not-a-date');
    no(80001, 'not-a-date');
    ok(46295, '2026-09-30', '0.00'); // an integer in 20000–80000 is a serial whatever the format
  });
  it('reads yyyymmdd typed as a number', () => {
    ok(20260930, '2026-09-30');
    no(20260230, 'invalid-date');
  });
  it('non-finite numbers are not dates', () => {
    no(NaN, 'not-a-date');
    no(Infinity, 'not-a-date', 'yyyy-mm-dd');
  });
  it('a JS Date gives its UTC date', () => {
    ok(new Date(Date.UTC(2026, 8, 30, 23, 59)), '2026-09-30');
    ok(new Date('2026-09-30T00:00:00Z'), '2026-09-30');
    no(new Date('nonsense'), 'not-a-date');
  });
  it('serial helpers are inverse', () => {
    expect(excelSerialToIso(46295)).toBe('2026-09-30');
    expect(isoToExcelSerial('2026-09-30')).toBe(46295);
    expect(isoToExcelSerial('1900-03-01')).toBe(61);
    expect(isoToExcelSerial('1900-02-28')).toBe(59);
    expect(isoToExcelSerial('1900-02-29')).toBe(null);
    expect(isoToExcelSerial('1899-12-31')).toBe(null);
  });
  it('tells date formats from number formats', () => {
    for (const f of ['yyyy-mm-dd', 'd/m/yyyy', 'mmm yyyy', 'ÅÅÅÅ-MM-DD', '[$-41D]d mmmm yyyy', 'dd/mm/yy;@']) expect(isDateFormat(f), f).toBe(true);
    for (const f of ['General', 'Standard', '0', '0.00', '#,##0', '# ##0 "kr"', '0%', '[Red]#,##0', '#,##0\\ "dkr"']) expect(isDateFormat(f), f).toBe(false);
  });
});
