// The requisition and economic report sheets (Bilaga 2): golden cells for Region Gotland
// 2026, written through the same port the add-in uses (fills, formulas, list validation).
import { describe, expect, test } from 'vitest';
import { allocate, builtinCatalog, reportSheet, requisitionSheet, formFigures, COST_LINES, EngineError } from '../../addin/api';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import { INPUT_FILL, type NewSheetSpec } from '../../addin/workbook/port';

const catalog = builtinCatalog();
const rowOf = (spec: NewSheetSpec, label: string) => {
  const i = spec.cells.findIndex((r) => r[0] === label);
  if (i < 0) throw new Error(`no row "${label}"`);
  return i;
};
async function written(spec: NewSheetSpec) {
  const wb = new MemoryWorkbook();
  const { port } = memoryPort(wb);
  const { sheet } = await port.writeSheet(spec);
  return wb.sheet(sheet).toJSON().cells;
}

describe('requisition sheet, Region Gotland 2026', () => {
  const spec = requisitionSheet(catalog, '2026', 'Region Gotland', undefined, 'sv');

  test('the amount is payment 1 of the allocation, exact to the krona: 1 439 664 kr (population 31 Dec 2024)', () => {
    const a = allocate(catalog, { agreement: '2026', pot: 'svf-payment-1' });
    expect(a.rows.find((r) => r.recipient === 'Region Gotland')!.amount.toFixed(0)).toBe('1439664');
    expect(spec.cells[rowOf(spec, 'Belopp som rekvireras')]).toEqual(['Belopp som rekvireras', 1439664, 'Bilaga 2, rekvisition punkt 2']);
    const potRow = 'Region Gotland, andel av standardiserade vårdförlopp, utbetalning 1';
    expect(spec.cells[rowOf(spec, potRow)]).toEqual([potRow, 1439664, 'avsnitt 5.3']);
    expect(spec.cells.some((r) => r[0] === 'Befolkning: Folkmängd 31 december 2024 (SCB)')).toBe(true);
  });

  test('golden cells: title, recipient, agreement name, period, deadline, the points of Bilaga 2', () => {
    const c = spec.cells;
    expect(spec.name).toBe('Rekvisition 2026 Gotland');
    expect(c[0]![0]).toBe('Rekvisition – Överenskommelse mellan staten och Sveriges Kommuner och Regioner om en jämlik och effektiv cancervård med kortare väntetider 2026');
    expect(c[2]).toEqual(['Uppgift', 'Värde', 'Källa']);
    expect(c.slice(3, 25).map((r) => [r[0], r[1] ?? null])).toEqual([
      ['1. Kontaktuppgifter', null],
      ['Bidragsmottagare', 'Region Gotland'],
      ['Organisationsnummer', null],
      ['Kontaktperson', null],
      ['Postadress', null],
      ['Telefon inkl. riktnummer', null],
      ['Faxnummer', null],
      ['E-postadress', null],
      ['2. Bidrag som ansökan avser', null],
      ['Regeringskansliets diarienummer för bakomliggande överenskommelse', null],
      ['Regeringskansliets diarienummer för regeringsbeslut avseende utbetalning', null],
      ['Överenskommelsens benämning', 'Överenskommelse mellan staten och Sveriges Kommuner och Regioner om en jämlik och effektiv cancervård med kortare väntetider 2026'],
      ['Belopp som rekvireras', 1439664],
      ['Rekvisitionen avser perioden', '1 januari 2026 – 31 december 2026'],
      ['3. Uppgifter för utbetalning', null],
      ['Bankgiro/Plusgiro', null],
      ['Önskad betalningsreferens', null],
      ['4. Underskrift i original av behörig företrädare', null],
      ['Intygande', 'Bidragstagaren intygar att lämnade uppgifter är riktiga samt försäkrar att bidraget kommer att användas enligt den gemensamma överenskommelsen.'],
      ['Datum', null],
      ['Underskrift', null],
      ['Namnförtydligande', null],
    ]);
    expect(c[rowOf(spec, 'Rekvisitionen ska ha inkommit till Kammarkollegiet senast')]).toEqual(['Rekvisitionen ska ha inkommit till Kammarkollegiet senast', '1 december 2026', 'avsnitt 6']);
  });

  test('the fields to fill are input cells (light fill), the product-filled ones are not; the amount is formatted in kronor; it prints portrait, one page wide', async () => {
    const cells = await written(spec);
    const user = ['Organisationsnummer', 'Kontaktperson', 'Postadress', 'Telefon inkl. riktnummer', 'Faxnummer', 'E-postadress',
      'Regeringskansliets diarienummer för bakomliggande överenskommelse', 'Regeringskansliets diarienummer för regeringsbeslut avseende utbetalning',
      'Bankgiro/Plusgiro', 'Önskad betalningsreferens', 'Datum', 'Underskrift', 'Namnförtydligande'];
    for (const label of user) expect(cells[`B${rowOf(spec, label) + 1}`]?.fill, label).toBe(INPUT_FILL);
    for (const label of ['Bidragsmottagare', 'Belopp som rekvireras', 'Rekvisitionen avser perioden']) expect(cells[`B${rowOf(spec, label) + 1}`]?.fill, label).toBeUndefined();
    const amount = cells[`B${rowOf(spec, 'Belopp som rekvireras') + 1}`]!;
    expect(amount).toMatchObject({ value: 1439664, numberFormat: '#,##0' });
    expect(spec.pageSetup).toMatchObject({ orientation: 'portrait', fitToPagesWide: 1 });
    expect(spec.cells.filter((r) => r[1] === null && r[0]).length).toBe(user.length);
  });

  test('English labels and dates', () => {
    const en = requisitionSheet(catalog, '2026', 'Gotland', undefined, 'en');
    expect(en.cells[rowOf(en, 'Amount requisitioned')]![1]).toBe(1439664);
    expect(en.cells[rowOf(en, 'The requisition must reach Kammarkollegiet by')]![1]).toBe('1 December 2026');
  });

  test('SKR requisitions its 505 000 000 kr: eleven pots, each cited', () => {
    const f = formFigures(catalog, '2026', 'SKR');
    expect(f.total.toFixed(0)).toBe('505000000');
    expect(f.amounts.length).toBe(11);
    const s = requisitionSheet(catalog, '2026', 'SKR', undefined, 'sv');
    expect(s.cells[rowOf(s, 'Belopp som rekvireras')]![1]).toBe(505000000);
  });

  test('a pot the recipient does not requisition, or an unknown recipient, is refused with a message naming it', () => {
    const sv = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(EngineError);
        return (e as EngineError).text.sv;
      }
      throw new Error('did not throw');
    };
    expect(sv(() => requisitionSheet(catalog, '2026', 'Region Gotland', ['svf-payment-2-inclusion'], 'sv'))).toMatch(/"svf-payment-2-inclusion" rekvireras inte av Region Gotland\. Regionerna rekvirerar utbetalning 1: Standardiserade vårdförlopp, utbetalning 1 \(--pot svf-payment-1\)/);
    expect(sv(() => requisitionSheet(catalog, '2026', 'Atlantis', undefined, 'sv'))).toMatch(/Okänd mottagare "Atlantis"/);
    expect(sv(() => requisitionSheet(catalog, '2024', 'Region Gotland', undefined, 'sv'))).toMatch(/Överenskommelse 2024 beskriver ingen rekvisition/);
  });
});

describe('economic report sheet, Region Gotland 2026', () => {
  const spec = reportSheet(catalog, '2026', 'Region Gotland', undefined, 'sv');
  const r = (label: string) => rowOf(spec, label);

  test('grant received from the allocation; cost lines to fill; total costs = SUM of exactly the cost lines; unspent = grant − costs; repayment = MAX(0, unspent) by 31 March 2027', async () => {
    const received = r('Bidrag som erhållits av regeringen/Regeringskansliet');
    const header = r('Kostnadspost');
    const total = r('Summa kostnader');
    const unspent = r('Medel som inte har förbrukats (Bidrag – kostnader)');
    const due = r('Att återbetala (ej förbrukat, om större än 0)');
    expect(spec.cells[received]![1]).toBe(1439664);
    expect(total - header - 1).toBe(COST_LINES);
    expect(spec.formulas).toEqual([
      { row: total, col: 1, formula: `=SUM(B${header + 2}:B${total})` },
      { row: unspent, col: 1, formula: `=B${received + 1}-B${total + 1}` },
      { row: due, col: 1, formula: `=MAX(0,B${unspent + 1})` },
    ]);
    expect(spec.cells[r('Medel som inte har använts återbetalas till Kammarkollegiet senast')]![1]).toBe('31 mars 2027');
    expect(spec.cells[r('Den ekonomiska redovisningen lämnas till Kammarkollegiet senast')]![1]).toBe('31 mars 2027');
    const cells = await written(spec);
    expect(cells[`B${total + 1}`]).toMatchObject({ formula: `=SUM(B${header + 2}:B${total})`, value: 0 });
    expect(cells[`B${unspent + 1}`]).toMatchObject({ formula: `=B${received + 1}-B${total + 1}`, value: 1439664 });
    for (let i = header + 1; i < total; i++) {
      expect(cells[`A${i + 1}`]?.fill).toBe(INPUT_FILL);
      expect(cells[`B${i + 1}`]).toMatchObject({ fill: INPUT_FILL, numberFormat: '#,##0' });
    }
  });

  test('the attestation is a list of the two alternatives of point 4, an input cell; the signature block of point 5 follows', async () => {
    const row = r('Ekonomichefens bedömning (Alt 1 eller Alt 2)');
    expect(spec.lists).toEqual([{ fromRow: row, toRow: row, fromCol: 1, toCol: 1, items: ['Alt 1 – redovisningen är korrekt', 'Alt 2 – redovisningen är inte korrekt'] }]);
    const cells = await written(spec);
    expect(cells[`B${row + 1}`]?.fill).toBe(INPUT_FILL);
    expect(cells[`B${r('Avvikelser och eventuella åtgärder (vid Alt 2)') + 1}`]?.fill).toBe(INPUT_FILL);
    const sign = r('5. Underskrift i original av behörig företrädare');
    expect(spec.cells.slice(sign + 1, sign + 5).map((x) => x[0])).toEqual(['Intygande', 'Datum', 'Underskrift', 'Namnförtydligande']);
  });
});
