// Issue #13 item 4: for equal and single-recipient pots the written table has no
// Befolkning column (it would be empty); population-split tables keep it.
import { describe, expect, test } from 'vitest';
import { allocate, allocationSheet, builtinCatalog } from '../../addin/api';

const catalog = builtinCatalog();

function header(agreement: string, pot: string, lang: 'sv' | 'en') {
  const spec = allocationSheet(allocate(catalog, { agreement, pot }), catalog, lang);
  const row = spec.table!.fromRow;
  return { spec, header: spec.cells[row]!, data: spec.cells.slice(row + 1, spec.table!.toRow + 1) };
}

describe('allocation table columns', () => {
  for (const [agreement, pot] of [['2026', 'barncancer'], ['2026', 'screening'], ['2021', 'svf-national']] as const) {
    test(`${agreement} ${pot}: no Befolkning column, no empty column`, () => {
      for (const lang of ['sv', 'en'] as const) {
        const { spec, header: h, data } = header(agreement, pot, lang);
        expect(h).not.toContain(lang === 'sv' ? 'Befolkning' : 'Population');
        expect(h.length).toBe(spec.table!.toCol - spec.table!.fromCol + 1);
        // every column of the table has a value in every data row
        for (const r of data) for (let c = 0; c < h.length; c++) expect(r[c], `${lang} ${String(h[c])}`).not.toBeNull();
        // the formats name the columns they format: Andel is a share, Belopp kronor
        const amountCol = h.findIndex((x) => String(x).startsWith(lang === 'sv' ? 'Belopp' : 'Amount'));
        expect(spec.formats!.find((f) => f.fromCol === amountCol)?.format).toMatch(/0/);
        expect(spec.chart ? spec.chart.values.fromCol : amountCol).toBe(amountCol);
      }
    });
  }
  test('a single recipient is named as such, with no Län column (its code is an id)', () => {
    const { header: h, data } = header('2021', 'svf-national', 'sv');
    expect(h).toEqual(['Mottagare', 'Andel', 'Belopp (kr)']);
    expect(data.flat()).not.toContain('skr');
  });
  test('a population split keeps its Befolkning column', () => {
    const { header: h } = header('2026', 'svf-payment-1', 'sv');
    expect(h).toEqual(['Region', 'Län', 'Befolkning', 'Andel', 'Belopp (kr)']);
  });
});
