// The fixtures built from the seeds, audited through the port (fake Excel host over the
// in-memory workbook), with every finding asserted by cell.
import { describe, expect, test } from 'vitest';
import { allocate, builtinCatalog } from '../../addin/api';
import { auditWorkbook, type AuditResult, type Finding } from '../../addin/engine/audit';
import { memoryPort } from '../fake-host/memory-port';
import type { MemoryWorkbook } from '../../addin/workbook/memory';
import { ANNEX, JAMTLAND, REPORT, annexRows, annexWorkbook, jamtlandWorkbook, norrRows, svfReportWorkbook } from './fixtures';

const catalog = builtinCatalog();

async function audit(wb: MemoryWorkbook, opts: { agreement?: string; lang?: 'sv' | 'en' } = {}): Promise<AuditResult> {
  const { port } = memoryPort(wb);
  return auditWorkbook(port, catalog, { scope: 'workbook', lang: opts.lang ?? 'sv', flag: false, ...(opts.agreement ? { agreement: opts.agreement } : {}) });
}

/** "Sheet!A1 severity rule expected" per finding, for exact comparison. */
const brief = (fs: Finding[]) => fs.map((f) => `${f.sheet}!${f.cell} ${f.severity} ${f.rule}${f.expected !== undefined ? ` ${f.expected}` : ''}`);

/** Region Jämtland Härjedalen's 2026 money: payment 1 and both parts of payment 2, by largest remainder. */
function jamtland2026() {
  const part = (pot: string) => allocate(catalog, { agreement: '2026', pot }).rows.find((r) => r.code === '23')!.amount;
  const p1 = part('svf-payment-1');
  const p2 = part('svf-payment-2-inclusion').plus(part('svf-payment-2-leadtime'));
  return { p1, p2, total: p1.plus(p2) };
}

describe('seed 004: the annex table as published', () => {
  for (const asText of [false, true]) {
    describe(asText ? 'figures as text, as pasted from the PDF' : 'figures as numbers', () => {
      let r: AuditResult;
      test('audits against 2021, recognised by the table (the annex names no year)', async () => {
        r = await audit(annexWorkbook({ asText }));
        expect(r.agreement).toBe('2021');
        expect(r.agreementFrom).toBe('table-total');
        expect(r.tables).toHaveLength(1);
        expect(r.tables[0]).toMatchObject({ sheet: 'Bilaga', range: 'A4:D26', title: 'Fördelning av 185 miljoner kronor efter invånare per region', pot: 'svf-payment-1', reading: { agreement: '2021', pot: 'svf-payment-1', recipients: 'all', population: '2019-11-01', method: 'largest-remainder' } });
      });

      test('no error; two one-krona rounding notes; the note on the Andel column', () => {
        const a = annexRows();
        const sormland = ANNEX.firstRow + a.rows.findIndex((x) => x.region === 'Region Sörmland') + 1;
        const vasterbotten = ANNEX.firstRow + a.rows.findIndex((x) => x.region === 'Region Västerbotten') + 1;
        expect(brief(r.findings)).toEqual([
          `Bilaga!D${sormland} note allocation.row-amount 5327429`,
          `Bilaga!D${vasterbotten} note allocation.row-amount 4869424`,
          `Bilaga!C${ANNEX.summaRow + 1} note arithmetic.share-sum 1`,
        ]);
        expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
        const andel = r.findings.find((f) => f.rule === 'arithmetic.share-sum')!;
        expect(andel.actual).toBe('1.02');
        expect(andel.message.sv).toContain('1,02');
        expect(andel.message.en).toContain('1.02');
        expect(andel.cite.source).toBe('aritmetik');
        const note = r.findings.find((f) => f.rule === 'allocation.row-amount')!;
        expect(note.message.sv).toMatch(/^Avrundning: Region Sörmland har 5\u00a0327\u00a0430\u00a0kr/);
        expect(note.cite).toMatchObject({ source: 'utbetalningsbeslut-2021' });
      });
    });
  }

  test('against the wrong agreement the table does not match a pot and no allocation is claimed', async () => {
    const r = await audit(annexWorkbook(), { agreement: '2026' });
    expect(r.findings.filter((f) => f.rule.startsWith('allocation.'))).toEqual([]);
  });

  test('a changed amount is an error with the expected figure; the total then differs from the pot', async () => {
    const wb = annexWorkbook();
    const row = ANNEX.firstRow + 2; // Region Skåne
    wb.setCell(ANNEX.sheet, row, 3, { value: 24_779_740 });
    const r = await audit(wb);
    const skane = r.findings.filter((f) => f.cell === `D${row + 1}`);
    expect(brief(skane)).toEqual([`Bilaga!D${row + 1} error allocation.row-amount 24679740`]);
    expect(skane[0]!.message.sv).toContain('24\u00a0679\u00a0740\u00a0kr');
    // The printed Summa (185 000 000) no longer equals the rows.
    expect(brief(r.findings.filter((f) => f.cell === `D${ANNEX.summaRow + 1}`))).toEqual([`Bilaga!D${ANNEX.summaRow + 1} error arithmetic.total-row 185100000`]);
  });
});

describe("seed 000: Region Jämtland Härjedalen's 2026 decision as a budget sheet", () => {
  const { workbook, where, sheet } = jamtlandWorkbook();
  const money = jamtland2026();
  let r: AuditResult;

  test('audits against 2026, the year its text names', async () => {
    r = await audit(workbook);
    expect(r.agreement).toBe('2026');
    expect(r.agreementFrom).toBe('year-in-text');
  });

  test('exactly: the error on 375 miljoner, the warnings on ca 4,6 and ca 2,3 mkr', () => {
    expect(brief(r.findings)).toEqual([
      `${sheet}!${where['375']} error facts.pot-total 500000000`,
      `${sheet}!${where['4,6']} warning facts.region-share ${money.total.toFixed(0)}`,
      `${sheet}!${where['2,3']} warning facts.region-share ${money.p1.toFixed(0)}`,
      `${sheet}!${where['2,3']} warning facts.region-share ${money.p2.toFixed(0)}`,
    ]);
  });

  test('the 375 miljoner error cites § 5.3 and gives 500 000 000 in two payments of 250 000 000', () => {
    const f = r.findings.find((x) => x.rule === 'facts.pot-total')!;
    expect(f.actual).toBe('375000000');
    expect(f.cite).toMatchObject({ source: 'overenskommelse-2026', section: '5.3' });
    expect(f.cite.text).toContain('avsätts 500 000 000 kronor');
    expect(f.message.sv).toBe('Bladet anger 375 miljoner för SVF till regionerna; överenskommelsen 2026, § 5.3 anger 500\u00a0000\u00a0000\u00a0kr (250\u00a0000\u00a0000\u00a0kr + 250\u00a0000\u00a0000\u00a0kr).');
    expect(f.message.en).toContain('says 500,000,000');
  });

  test('the warnings give the computed figures (6,3 and 3,1 Mkr)', () => {
    const [total, p1, p2] = r.findings.filter((x) => x.rule === 'facts.region-share');
    expect(total!.actual).toBe('4600000');
    expect(total!.message.sv).toContain(`är ${money.total.toFixed(0).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')}\u00a0kr (ca 6,3\u00a0Mkr)`);
    expect(p1!.actual).toBe('2300000');
    expect(p1!.message.sv).toContain('utbetalning 1');
    expect(p1!.message.sv).toContain('(ca 3,1\u00a0Mkr)');
    expect(p1!.message.sv).not.toContain('villkoren'); // payment 1 has no conditions
    expect(p2!.message.sv).toContain('utbetalning 2');
    expect(p2!.message.sv).toContain('om regionen uppfyller villkoren');
    // The 2,3 is explained: it is the region's share of half the 375 million the sheet states.
    expect(p1!.message.sv).toContain('motsvarar regionens andel av 375\u00a0000\u00a0000\u00a0kr');
  });

  test('no finding on the "bl.a." line (600 000 over sub-items of 500 000) or on the total "Ca 4 600 000"', () => {
    expect(r.findings.filter((f) => f.cell === where.bla || f.cell === where.total)).toEqual([]);
    expect(r.findings.filter((f) => f.rule.startsWith('budget.') || f.rule.startsWith('arithmetic.'))).toEqual([]);
    expect(r.tables).toHaveLength(1);
    expect(r.tables[0]!.range).toBe(`A${Number(where.tableHeader!.slice(1))}:B${Number(where.total!.slice(1))}`);
  });

  test('without "bla" the same line is a warning: its sub-items sum to 500 000', async () => {
    const wb = jamtlandWorkbook().workbook;
    const row = Number(where.bla!.slice(1)) - 1;
    const label = String(wb.getCell(sheet, row, 0).value).replace(' varav bla nedan ska prioriteras:', ', varav nedan ska prioriteras:');
    wb.setCell(sheet, row, 0, { value: label });
    const r2 = await audit(wb);
    expect(brief(r2.findings.filter((f) => f.rule === 'budget.within'))).toEqual([`${sheet}!${where.bla} warning budget.within 500000`]);
  });

  test('a plan over the region’s money is an error; a wrong total is an error', async () => {
    const wb = jamtlandWorkbook().workbook;
    const totalRow = Number(where.total!.slice(1)) - 1;
    wb.setCell(sheet, totalRow - 1, 1, { value: 4_000_000 }); // cervix line 2 000 000 → 4 000 000
    const r2 = await audit(wb);
    const onTotal = brief(r2.findings.filter((f) => f.cell === where.total));
    expect(onTotal).toEqual([`${sheet}!${where.total} error arithmetic.total-row 6600000`, `${sheet}!${where.total} error budget.within <=${money.total.toFixed(0)}`]);
  });

  test('the same text one paragraph per cell gives the same findings, on the paragraph’s cell', async () => {
    const p = jamtlandWorkbook({ paragraphs: true });
    const r2 = await audit(p.workbook);
    expect(brief(r2.findings)).toEqual([
      `${sheet}!${p.where.svf} error facts.pot-total 500000000`,
      `${sheet}!${p.where.svf} warning facts.region-share ${money.total.toFixed(0)}`,
      `${sheet}!${p.where.svf} warning facts.region-share ${money.p1.toFixed(0)}`,
      `${sheet}!${p.where.svf} warning facts.region-share ${money.p2.toFixed(0)}`,
    ]);
  });

  test('in English the messages and citations are English', async () => {
    const r2 = await audit(workbook, { lang: 'en' });
    expect(r2.findings[0]!.message.en).toBe('The sheet says 375 miljoner for SVF to the regions; the 2026 agreement, § 5.3 says 500,000,000\u00a0kr (250,000,000\u00a0kr + 250,000,000\u00a0kr).');
  });
});

describe('a regional SVF report with planted faults (RCC Norr) and an RCC allocation', () => {
  const fx = svfReportWorkbook();
  const S = REPORT.sheet;
  const B = REPORT.alloc;
  let r: AuditResult;

  test('every planted fault is found, by cell, and nothing else', async () => {
    r = await audit(fx.workbook);
    expect(r.agreement).toBe('2026');
    const syd = fx.allocation.rows.findIndex((x) => x.code === 'rcc-syd');
    const sydAmount = fx.allocation.rows[syd]!.amount.toFixed(0);
    const norrbotten = norrRows().find((x) => x.code === '25')!;
    expect(brief(r.findings)).toEqual([
      `${S}!F4 error input.unreadable`, // Västernorrland's lead time #DIV/0!
      `${S}!E5 warning svf.inclusion >=0.7`, // Jämtland Härjedalen 65 %
      `${S}!C6 error arithmetic.share-vs-population 0.31`, // Västerbotten 0,13
      `${S}!D7 warning input.text-number`, // Norrbotten's payment stored as text
      `${S}!G7 warning svf.prem ja`, // Norrbotten: PREM nej
      `${S}!B8 error arithmetic.total-row ${fx.popSum}`, // Summa 1 000 too high
      `${S}!C8 error arithmetic.share-sum 1`, // shares now sum to 0,83
      `${S}!D8 error arithmetic.total-row ${fx.paySumExcel + norrbotten.payment1}`, // Excel's SUM skipped the text
      `${B}!B${4 + syd} error allocation.row-amount ${sydAmount}`,
      `${B}!B10 error allocation.table-total 80000000`,
    ]);
  });

  test('the messages say what is wrong and what was expected', () => {
    const m = (cell: string, sheet: string = S) => r.findings.find((f) => f.sheet === sheet && f.cell === cell)!.message.sv;
    expect(m('F4')).toContain('#DIV/0!');
    expect(m('E5')).toBe('Inklusionen för Region Jämtland Härjedalen är 65\u00a0%, under 70\u00a0%: villkoret för utbetalning uppfylls inte (överenskommelsen 2026, § 5.3).');
    expect(m('C6')).toContain('avrundat 0,31');
    expect(m('D8')).toContain('tal lagrade som text hoppas över');
    expect(m('B10', B)).toContain('80\u00a0000\u00a0000\u00a0kr');
    const inc = r.findings.find((f) => f.cell === 'E5')!;
    expect(inc.cite).toMatchObject({ source: 'overenskommelse-2026', section: '5.3' });
    expect(inc.cite.text).toContain('70 procent');
  });

  test('the regional extract is checked row by row against payment 1, but not its total against the pot', () => {
    expect(r.tables[0]).toMatchObject({ sheet: S, pot: 'svf-payment-1' });
    expect(r.findings.filter((f) => f.sheet === S && f.rule.startsWith('allocation.'))).toEqual([]);
  });

  test('a lead time below 60 % in a per-SVF column cites the per-SVF condition', async () => {
    const wb = svfReportWorkbook().workbook;
    wb.setCell(S, 5, 5, { value: 0.55, numberFormat: '0%' });
    const r2 = await audit(wb);
    const f = r2.findings.find((x) => x.cell === 'F6')!;
    expect(f).toMatchObject({ rule: 'svf.leadtime', severity: 'warning', expected: '>=0.6' });
    expect(f.message.sv).toContain('Minst 60 procent inom ledtiden i SVF bröstcancer');
  });
});

describe('a workbook with sheets of different years', () => {
  test('each sheet is audited against its own agreement; the result says which', async () => {
    const wb = annexWorkbook();
    const j = jamtlandWorkbook().workbook;
    const s = wb.addSheet(JAMTLAND.sheet);
    for (const { row, col, cell } of j.sheet(JAMTLAND.sheet).entries()) s.set(row, col, cell);
    const r = await audit(wb);
    expect(r.agreement).toBe('2026'); // the year the text names
    expect(r.sheets).toEqual([
      { sheet: 'Bilaga', agreement: '2021', from: 'table-total' },
      { sheet: JAMTLAND.sheet, agreement: '2026', from: 'year-in-text' },
    ]);
    expect(r.findings.filter((f) => f.sheet === 'Bilaga').map((f) => f.severity)).toEqual(['note', 'note', 'note']);
    expect(r.findings.filter((f) => f.sheet === JAMTLAND.sheet)).toHaveLength(4);
    // With the option, every sheet is held to it.
    const r26 = await audit(wb, { agreement: '2026' });
    expect(r26.sheets.map((x) => x.agreement)).toEqual(['2026', '2026']);
  });

  test('a region’s share stated right is not flagged', async () => {
    const { workbook: wb, sheet, where } = jamtlandWorkbook();
    const row = Number(where['4,6']!.slice(1)) - 1;
    wb.setCell(sheet, row, 0, { value: String(wb.getCell(sheet, row, 0).value).replace('ca 4,6 miljoner', 'ca 6,3 miljoner') });
    const next = row + 1;
    wb.setCell(sheet, next, 0, { value: String(wb.getCell(sheet, next, 0).value).replace(/ca 2,3 mkr/gi, 'ca 3,1 mkr') });
    const prev = row - 1;
    wb.setCell(sheet, prev, 0, { value: String(wb.getCell(sheet, prev, 0).value).replace('375 miljoner', '500 miljoner') });
    const r = await audit(wb);
    expect(r.findings).toEqual([]);
  });
});
