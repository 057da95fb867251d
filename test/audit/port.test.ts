// The audit through the WorkbookPort (Office.js adapter over the fake Excel host over
// the in-memory workbook): flags and "Rensa markeringar", scopes, progress, cancellation,
// the "Exportera" sheet.
import { describe, expect, test } from 'vitest';
import { builtinCatalog } from '../../addin/api';
import { auditWorkbook, clearAuditFlags, findingsSheet, findingsToFlags, flagFindings } from '../../addin/engine/audit';
import { memoryPort } from '../fake-host/memory-port';
import { FLAG_FILLS } from '../../addin/workbook/port';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { REPORT, jamtlandWorkbook, svfReportWorkbook } from './fixtures';

const catalog = builtinCatalog();

/** Every cell's value, per sheet (what a flag must never change). */
function values(wb: MemoryWorkbook): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const s of wb.snapshot().sheets) out[s.name] = Object.fromEntries(Object.entries(s.cells).map(([a, c]) => [a, c.value ?? null]));
  return out;
}

describe('flag and clear ("Rensa markeringar") restore the workbook exactly', () => {
  test('values, fills and notes identical after flag + clear, also where a flagged cell had its own fill or note', async () => {
    const { workbook: wb, sheet, where } = jamtlandWorkbook();
    // The user's own marks on cells the audit will flag, and on one it will not.
    wb.setCell(sheet, where['375']!, { fill: '#00B050', note: 'Kolla med ekonomi' });
    wb.setCell(sheet, where['4,6']!, { note: 'Från SKR:s cirkulär' });
    wb.setCell(sheet, where['2,3']!, { fill: '#FFFF00' });
    wb.setCell(sheet, 'B1', { fill: '#123456', note: 'orörd' });
    const before = wb.snapshot();
    const { port } = memoryPort(wb);

    const r = await auditWorkbook(port, catalog, { scope: 'workbook', lang: 'sv' });
    expect(r.findings.map((f) => f.cell)).toEqual([where['375'], where['4,6'], where['2,3'], where['2,3']]);
    // Flagged: the fill by severity, the note with the message and the citation; values untouched.
    const c375 = wb.getCell(sheet, where['375']!);
    expect(c375.fill).toBe(FLAG_FILLS.error);
    expect(c375.note).toContain('Fel: Bladet anger 375 miljoner');
    expect(c375.note).not.toMatch(/facts\.|\(facts/);
    expect(c375.note).toContain('Överenskommelse om en jämlik och effektiv cancervård med kortare väntetider 2026 (Socialdepartementet och SKR, 12 februari 2026), avsnitt 5.3: ”För regionernas arbete med SVF');
    const c23 = wb.getCell(sheet, where['2,3']!);
    expect(c23.fill).toBe(FLAG_FILLS.warning);
    expect(c23.note!.match(/Varning: /g)).toHaveLength(2); // two findings, one note
    expect(wb.getCell(sheet, 'B1')).toMatchObject({ fill: '#123456', note: 'orörd' });
    expect(values(wb)[sheet]).toEqual(values(MemoryWorkbook.fromJSON(before))[sheet]);

    const restored = await clearAuditFlags(port);
    expect(restored).toBe(3);
    expect(wb.snapshot()).toEqual(before);
  });

  test('in English the notes are English; flagging twice and clearing once still restores the original', async () => {
    const { workbook: wb, sheet, where } = jamtlandWorkbook();
    wb.setCell(sheet, where['375']!, { fill: '#00B050', note: 'egen' });
    const before = wb.snapshot();
    const { port } = memoryPort(wb);
    await auditWorkbook(port, catalog, { scope: 'sheet', sheet, lang: 'en' });
    expect(wb.getCell(sheet, where['375']!).note).toMatch(/^Error: The sheet says 375 miljoner/);
    await auditWorkbook(port, catalog, { scope: 'sheet', sheet, lang: 'sv' }); // clears its earlier flags first
    expect(wb.getCell(sheet, where['375']!).note).toMatch(/^Fel/);
    await clearAuditFlags(port, sheet);
    expect(wb.snapshot()).toEqual(before);
  });

  test('a re-audit after a fix removes the fixed cell’s flag and restores its own fill', async () => {
    const fx = svfReportWorkbook();
    const wb = fx.workbook;
    wb.setCell(REPORT.sheet, 'E5', { fill: '#C6EFCE' });
    const { port } = memoryPort(wb);
    await auditWorkbook(port, catalog, { scope: 'sheet', sheet: REPORT.sheet, lang: 'sv' });
    expect(wb.getCell(REPORT.sheet, 'E5').fill).toBe(FLAG_FILLS.warning);
    wb.setCell(REPORT.sheet, 'E5', { value: 0.72 });
    const r = await auditWorkbook(port, catalog, { scope: 'sheet', sheet: REPORT.sheet, lang: 'sv' });
    expect(r.findings.some((f) => f.cell === 'E5')).toBe(false);
    expect(wb.getCell(REPORT.sheet, 'E5')).toMatchObject({ fill: '#C6EFCE', note: null, value: 0.72 });
  });
});

describe('scopes, progress and cancellation', () => {
  test('scope "sheet" audits the active sheet; "workbook" every sheet; flag: false leaves the workbook as it was', async () => {
    const { workbook: wb } = svfReportWorkbook();
    const before = wb.snapshot();
    const { port } = memoryPort(wb);
    wb.setActive(REPORT.alloc);
    const one = await auditWorkbook(port, catalog, { scope: 'sheet', lang: 'sv', flag: false });
    expect(new Set(one.findings.map((f) => f.sheet))).toEqual(new Set([REPORT.alloc]));
    const all = await auditWorkbook(port, catalog, { scope: 'workbook', lang: 'sv', flag: false });
    expect(new Set(all.findings.map((f) => f.sheet))).toEqual(new Set([REPORT.sheet, REPORT.alloc]));
    expect({ ...wb.snapshot(), activeSheet: before.activeSheet }).toEqual(before);
  });

  test('scope "selection" audits the selected block; its cells keep their sheet addresses', async () => {
    const { workbook: wb } = svfReportWorkbook();
    wb.setSelection(REPORT.sheet, 'A3:E8');
    const { port } = memoryPort(wb);
    const r = await auditWorkbook(port, catalog, { scope: 'selection', lang: 'sv', flag: true, agreement: '2026' });
    expect(r.findings.map((f) => `${f.cell} ${f.rule}`)).toEqual([
      'E5 svf.inclusion',
      'C6 arithmetic.share-vs-population',
      'D7 input.text-number',
      'B8 arithmetic.total-row',
      'C8 arithmetic.share-sum',
      'D8 arithmetic.total-row',
    ]);
    expect(wb.getCell(REPORT.sheet, 'E5').fill).toBe(FLAG_FILLS.warning);
    expect(wb.getCell(REPORT.sheet, 'F4').fill).toBeNull(); // outside the selection
  });

  test('progress counts up to its total; a cancelled audit rejects with an AbortError and flags nothing', async () => {
    const { workbook: wb } = svfReportWorkbook();
    const before = wb.snapshot();
    const { port } = memoryPort(wb);
    const seen: [number, number][] = [];
    await auditWorkbook(port, catalog, { scope: 'workbook', lang: 'sv', flag: false, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen[0]).toEqual([0, 4]);
    expect(seen.at(-1)).toEqual([4, 4]);
    expect(seen.map((s) => s[0])).toEqual([...seen.map((s) => s[0])].sort((a, b) => a - b));

    const ctl = new AbortController();
    const p = auditWorkbook(port, catalog, {
      scope: 'workbook',
      lang: 'sv',
      signal: ctl.signal,
      onProgress: (d) => {
        if (d === 1) ctl.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(wb.snapshot()).toEqual(before);
  });

  test('an unknown agreement is refused before anything is flagged', async () => {
    const { workbook: wb } = svfReportWorkbook();
    const { port } = memoryPort(wb);
    await expect(auditWorkbook(port, catalog, { scope: 'workbook', lang: 'sv', agreement: '1999' })).rejects.toMatchObject({ code: 'unknown-agreement' });
  });
});

describe('"Exportera": the findings as a new sheet', () => {
  test('one row per finding with sheet, cell, severity, rule, message and source; written by the port', async () => {
    const { workbook: wb } = svfReportWorkbook();
    const { port } = memoryPort(wb);
    const r = await auditWorkbook(port, catalog, { scope: 'workbook', lang: 'sv', flag: false });
    const spec = findingsSheet(r.findings, 'sv');
    expect(spec.cells[0]).toEqual(['Blad', 'Cell', 'Allvarlighet', 'Regel', 'Meddelande', 'Källa']);
    // header, one row per finding, a blank row, the checksum line
    expect(spec.cells).toHaveLength(r.findings.length + 3);
    expect(String(spec.cells[spec.cells.length - 1]![0])).toMatch(/^Granskningsresultat från tillägget, kontrollsumma [0-9a-f]{16}\./);
    const written = await port.writeSheet(spec);
    expect(written.sheet).toBe('Granskning');
    expect(wb.getCell('Granskning', 'B2').value).toBe(r.findings[0]!.cell);
    expect(wb.getCell('Granskning', 'C2').value).toBe('Fel');
    expect(String(wb.getCell('Granskning', 'F3').value)).toMatch(/^Överenskommelse om en jämlik och effektiv cancervård med kortare väntetider 2026 \(Socialdepartementet och SKR, 12 februari 2026\), avsnitt 5\.3: ”/);
    // A second export never overwrites the first.
    expect((await port.writeSheet(findingsSheet(r.findings, 'en'))).sheet).toBe('Audit');
    expect((await port.writeSheet(findingsSheet(r.findings, 'sv'))).sheet).toBe('Granskning (2)');
  });

  test('findingsToFlags: one flag per cell, the most severe fill, every message', () => {
    const f = (cell: string, severity: 'error' | 'warning' | 'note', rule: string) => ({
      sheet: 'S', cell, severity, rule, message: { sv: `${rule} sv`, en: `${rule} en` }, cite: { source: 'aritmetik' as const, section: '' as const, text: 'x sv', textEn: 'x' },
    });
    const flags = findingsToFlags([f('A1', 'note', 'a'), f('A1', 'error', 'b'), f('B2', 'warning', 'c')], 'en');
    expect(flags).toEqual([
      { sheet: 'S', cell: 'A1', severity: 'error', message: 'Error: b en\narithmetic: x\n\nNote: a en\narithmetic: x' },
      { sheet: 'S', cell: 'B2', severity: 'warning', message: 'Warning: c en\narithmetic: x' },
    ]);
  });

  test('flagFindings goes through the port and reports merged ranges', async () => {
    const { workbook: wb } = svfReportWorkbook();
    const { port } = memoryPort(wb);
    const r = await auditWorkbook(port, catalog, { scope: 'sheet', sheet: REPORT.sheet, lang: 'sv', flag: false });
    const receipt = await flagFindings(port, r.findings, 'sv');
    expect(receipt.cells).toBe(new Set(r.findings.map((x) => x.cell)).size);
    expect(receipt.ranges).toBeLessThanOrEqual(receipt.cells);
    expect(wb.getCell(REPORT.sheet, 'F4').fill).toBe(FLAG_FILLS.error);
  });
});
