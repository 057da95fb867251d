// Parse-level rules behind the input fixes: län codes only as bare digits (#15.7), dates in
// titles (#8.5), the `bare` marker of parsePercent (#15.7), the text decoder (#8.5, #15.7).
import { describe, expect, test } from 'vitest';
import { datesInText, makeRegionResolver, parsePercent } from '../../addin/engine/parse';
import { decodeText } from '../../addin/io/decode';
import { builtinCatalog } from '../../addin/api';

const resolve = makeRegionResolver(builtinCatalog().reference.regions);

describe('län codes', () => {
  test.each(['01', '1', ' 1 ', 1, '03'])('%j is a code', (v) => expect(resolve(v)).not.toBeNull());
  test.each(['-1', '(1)', '1.', '1,', '#1', 'Region 1', '[01]', '+1', -1, 1.5, '1.5', '0 1', 'AB'])('%j is not', (v) => expect(resolve(v)).toBeNull());
  test('names still resolve with punctuation', () => {
    expect(resolve('Region Jönköpings län')?.code).toBe('06');
    expect(resolve('Västra Götalandsregionen')?.code).toBe('14');
  });
});

describe('datesInText', () => {
  test.each<[string, string[]]>([
    ['Folkmängd 31 december 2024', ['2024-12-31']],
    ['Befolkning 2024-12-31', ['2024-12-31']],
    ['Befolkning 1/11- 2019', ['2019-11-01']],
    ['Folkmängd den 1:a november 2019 (SCB)', ['2019-11-01']],
    ['Befolkning 31.12.2023', ['2023-12-31']],
    ['Befolkning 2024', []],
    ['december 2024', []],
    ['2024-02-30', []],
    ['från 2023-12-31 till 2024-12-31', ['2023-12-31', '2024-12-31']],
    ['Tel 08-123 45 67', []],
  ])('%s', (text, dates) => expect(datesInText(text)).toEqual(dates));
});

describe('parsePercent marks bare numbers', () => {
  test.each<[unknown, string | undefined, boolean]>([
    [0.72, undefined, true],
    ['72', undefined, true],
    ['72 %', undefined, false],
    [0.72, '0%', false],
  ])('%j (%s) bare=%s', (v, fmt, bare) => {
    const p = parsePercent(v, fmt ? { cellFormat: fmt } : {});
    expect(p.ok && (p.bare ?? false)).toBe(bare);
  });
});

describe('decodeText', () => {
  const sample = 'Region;Befolkning\r\nRegion Sörmland;301 542\r\nRegion Östergötland;470 000\r\nRegion Jönköpings län;369 000\r\n';
  test('Windows-1252', () => {
    expect(decodeText(Buffer.from(sample, 'latin1'))).toEqual({ ok: true, text: sample, encoding: 'windows-1252' });
    expect(decodeText(Buffer.from('Pris – 5 €;ö', 'utf8'))).toMatchObject({ ok: true, encoding: 'utf-8' });
    const euro = Buffer.from([0x80, 0x20, 0xf6]); // "€ ö" in 1252
    expect(decodeText(euro)).toEqual({ ok: true, text: '€ ö', encoding: 'windows-1252' });
  });
  test('UTF-8 with BOM, UTF-16 LE/BE with BOM and LE without', () => {
    expect(decodeText(Buffer.from('\uFEFF' + sample, 'utf8'))).toEqual({ ok: true, text: sample, encoding: 'utf-8-bom' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample, 'utf16le')]))).toEqual({ ok: true, text: sample, encoding: 'utf-16le' });
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(sample, 'utf16le').swap16()]))).toEqual({ ok: true, text: sample, encoding: 'utf-16be' });
    expect(decodeText(Buffer.from(sample, 'utf16le'))).toEqual({ ok: true, text: sample, encoding: 'utf-16le' });
  });
  test('not text', () => {
    expect(decodeText(Buffer.from([0x41, 0x00, 0x01, 0x02, 0x42]))).toMatchObject({ ok: false, reason: 'binary' });
    expect(decodeText(Buffer.from([0x81, 0x8d, 0x8f]))).toMatchObject({ ok: false, reason: 'not-text' }); // undefined in 1252
    expect(decodeText(Buffer.from([0xf2, 0xc5, 0xc7, 0xc9, 0xcf, 0xce]))).toMatchObject({ ok: false, reason: 'not-text' }); // KOI8-R
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0xff]))).toMatchObject({ ok: false, reason: 'not-text' });
    // UTF-8 "Sörmland" and Windows-1252 "Södermanland" in one file
    const mixed = decodeText(Buffer.concat([Buffer.from('Region Sörmland;1\n', 'utf8'), Buffer.from('Region Södermanland;2\n', 'latin1')]));
    expect(mixed).toMatchObject({ ok: false, reason: 'not-text' });
    if (!mixed.ok) expect(mixed.message.sv).toMatch(/blandar UTF-8/);
  });
});
