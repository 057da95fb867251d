// The forms print like the paper forms: one page wide and one page tall (page setup written
// through the port and the .xlsx bridge), checked by LibreOffice's own print of the file
// where LibreOffice and pdfinfo are installed (as test/engine/render-sheets.ts does).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import { builtinCatalog, reportSheet, requisitionSheet } from '../../addin/api';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { memoryPort } from '../fake-host/memory-port';
import { xlsxBytes } from '../../addin/workbook/xlsx';

const catalog = builtinCatalog();
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

async function xlsxOf(kind: 'requisition' | 'report', lang: 'sv' | 'en') {
  const wb = new MemoryWorkbook();
  const spec = (kind === 'requisition' ? requisitionSheet : reportSheet)(catalog, '2026', 'Region Gotland', undefined, lang);
  await memoryPort(wb).port.writeSheet(spec);
  return { spec, bytes: await xlsxBytes(wb) };
}

describe('the forms print on one page', () => {
  test('page setup: portrait, fit to 1 page wide and 1 tall, written into the .xlsx', async () => {
    for (const kind of ['requisition', 'report'] as const) {
      const { spec, bytes } = await xlsxOf(kind, 'sv');
      expect(spec.pageSetup).toMatchObject({ orientation: 'portrait', fitToPagesWide: 1, fitToPagesTall: 1 });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
      expect(book.worksheets[0]!.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 1, orientation: 'portrait' });
    }
  });

  test('LibreOffice prints each form, Swedish and English, on exactly one A4 page', () => {
    if (!has('soffice') || !has('pdfinfo')) return; // not installed: the page setup above is still checked
    const dir = mkdtempSync(join(tmpdir(), 'forms-print-'));
    const files: string[] = [];
    return (async () => {
      for (const kind of ['requisition', 'report'] as const)
        for (const lang of ['sv', 'en'] as const) {
          const f = join(dir, `${kind}-${lang}.xlsx`);
          writeFileSync(f, (await xlsxOf(kind, lang)).bytes);
          files.push(f);
        }
      const r = spawnSync('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, ...files], { encoding: 'utf8', timeout: 180_000 });
      expect(r.status, r.stderr).toBe(0);
      for (const f of files) {
        const pdf = f.replace(/\.xlsx$/, '.pdf');
        expect(existsSync(pdf), pdf).toBe(true);
        const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
        expect(/Pages:\s+(\d+)/.exec(info)?.[1], f).toBe('1');
        expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
      }
    })();
  }, 200_000);
});
