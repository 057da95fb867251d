import { describe, expect, it } from 'vitest';
import { collapseWhitespace, isExcelError, normalizeText, safeText } from '../../addin/engine/parse';

describe('normalizeText', () => {
  it('lower-cases and strips diacritics', () => {
    expect(normalizeText('Region Jönköpings Län')).toBe('region jonkopings lan');
    expect(normalizeText('ÅÄÖ éè ü')).toBe('aao ee u');
    expect(normalizeText('Västra Götalandsregionen')).toBe('vastra gotalandsregionen');
  });
  it('collapses every kind of white space and trims', () => {
    expect(normalizeText('  Fördelade\u00A0medel\u202F\u2009\t\n(kr) ')).toBe('fordelade medel (kr)');
    expect(normalizeText('\u00A0\u202F')).toBe('');
    expect(normalizeText('a\u200Bb')).toBe('a b');
  });
  it('folds letters NFD cannot split', () => {
    expect(normalizeText('Ørsted Æble')).toBe('orsted aeble');
  });
});

describe('collapseWhitespace / safeText / isExcelError', () => {
  it('keeps case and diacritics', () => {
    expect(collapseWhitespace(' Å\u00A0\u00A0B ')).toBe('Å B');
  });
  it('never throws on hostile objects', () => {
    const hostile = { toString: () => { throw new Error('no'); } };
    expect(safeText(hostile)).toBe('');
    expect(safeText(Object.create(null))).toBe('');
    expect(safeText(null)).toBe('');
    expect(safeText(12.5)).toBe('12.5');
  });
  it('knows Excel error values in any case', () => {
    for (const e of ['#REF!', '#DIV/0!', '#N/A', '#VALUE!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!', '#GETTING_DATA', ' #n/a ']) {
      expect(isExcelError(e)).toBe(true);
    }
    expect(isExcelError('#hashtag')).toBe(false);
    expect(isExcelError('N/A')).toBe(false);
  });
});
