/**
 * Renders every sheet the product writes as LibreOffice prints it, to look at the pages:
 *
 *   npx tsx test/engine/render-sheets.ts [OUT_DIR] [--lang en]
 *
 * Writes OUT_DIR/<kind>-<lang>.xlsx (through the port and the .xlsx bridge, as the CLI's
 * --out does), converts each with `soffice --headless --convert-to pdf`, then the pages
 * with `pdftoppm -png`, and prints per sheet: pages, page size (landscape or portrait)
 * and the PNG files. Not part of `npm test`: needs LibreOffice (libreoffice-calc-nogui)
 * and poppler-utils; without them it says so and exits 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { xlsxBytes } from '../../addin/workbook/xlsx';
import { written } from './print-samples';

const args = process.argv.slice(2);
const lang = args.includes('--lang') && args[args.indexOf('--lang') + 1] === 'en' ? 'en' : 'sv';
const out = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--lang') ?? '/tmp/rendered-sheets');
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
if (!has('soffice') || !has('pdftoppm')) {
  console.log('render-sheets: skipped — needs soffice (apt-get install libreoffice-calc-nogui) and pdftoppm (poppler-utils)');
  process.exit(0);
}
mkdirSync(out, { recursive: true });
for (const { kind, workbook, sheet } of await written(lang)) {
  const base = `${kind}-${lang}`;
  const xlsx = join(out, `${base}.xlsx`);
  writeFileSync(xlsx, await xlsxBytes(workbook));
  const r = spawnSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', out, xlsx], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`soffice failed for ${xlsx}: ${r.stderr}`);
  const pdf = join(out, `${base}.pdf`);
  const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
  const pages = /Pages:\s+(\d+)/.exec(info)?.[1];
  const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info);
  const orientation = size && Number(size[1]) > Number(size[2]) ? 'landscape' : 'portrait';
  spawnSync('pdftoppm', ['-png', '-r', '70', pdf, join(out, base)]);
  const pngs = readdirSync(out).filter((f) => f.startsWith(`${base}-`) && f.endsWith('.png'));
  console.log(`${kind.padEnd(11)} sheet "${sheet}": ${pages} page(s), ${orientation}; ${pngs.map((p) => join(out, p)).join(' ')}`);
}
