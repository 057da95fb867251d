// The browser preview: the real task pane beside a grid of an in-memory workbook. The
// pane reaches the workbook through the same Office.js adapter as in Excel
// (OfficeWorkbook), over the fake Excel host (createFakeExcel). No office.js is loaded.
import { createRoot } from 'react-dom/client';
import { StrictMode } from 'react';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { createFakeExcel } from '../../test/fake-host/index';
import { OfficeWorkbook } from '../../addin/workbook/office';
import { builtinCatalog } from '../../addin/api';
import { PreviewApp } from './PreviewApp';
import { withSelectionEvents } from './selectionEvents';
import { addBenchSheet, buildDemo } from './demo';
import { previewCalculation, type Calculation } from './formulas';
import type { Lang } from '../i18n';

declare global {
  interface Window {
    /** For the browser tests and the curious: the workbook and the fake host's sync counters. */
    __preview?: { workbook: MemoryWorkbook; stats: ReturnType<typeof createFakeExcel>['stats']; calc: Calculation };
  }
}

async function main() {
  const params = new URLSearchParams(location.search);
  const lang: Lang = params.get('lang') === 'en' ? 'en' : 'sv';
  const dark = params.get('theme') === 'dark';
  const workbook = new MemoryWorkbook();
  // Formulas are calculated as in Excel (the demo sheets' too), with the AVTAL functions.
  const calc = previewCalculation(workbook);
  const displayLanguage = lang === 'sv' ? 'sv-SE' : 'en-US';
  // The demo sheets are written through their own fake host, so the pane's host starts
  // with clean counters. Query parameters simulate other hosts, for trying the pane out:
  // ?api=1.10 (an older Excel: no notes), ?failAtSync=2 (the pane's 2nd sync fails),
  // ?bench=100000 (a generated sheet of that many rows × 10 columns, for a long audit).
  const catalog = builtinCatalog();
  await buildDemo(workbook, new OfficeWorkbook(createFakeExcel(workbook, { displayLanguage })), catalog);
  const bench = Math.min(200_000, Math.floor(Number(params.get('bench'))));
  if (bench > 1) addBenchSheet(workbook, catalog, bench);
  const api = params.get('api');
  const failAtSync = Number(params.get('failAtSync'));
  const host = createFakeExcel(workbook, {
    displayLanguage,
    ...(api && /^1\.\d+$/.test(api) ? { api } : {}),
    ...(failAtSync > 0 ? { failAtSync } : {}),
  });
  // Selection events (ExcelApi 1.2) come from the grid's selection; ?api=1.1 or
  // ?selectionEvents=0 has none, as in a host without them.
  const events = !(api && /^1\.[01]$/.test(api)) && params.get('selectionEvents') !== '0';
  const port = withSelectionEvents(new OfficeWorkbook(host), workbook, events);
  window.__preview = { workbook, stats: host.stats, calc };
  // ?functions=0: pretend an Excel without custom functions (the pane's notice).
  const el = document.getElementById('root')!;
  createRoot(el).render(
    <StrictMode>
      <PreviewApp workbook={workbook} port={port} initialLang={lang} initialDark={dark} calc={calc} functions={params.get('functions') !== '0'} />
    </StrictMode>,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  const el = document.getElementById('root');
  if (el) el.textContent = `Förhandsvisningen kunde inte starta / The preview could not start: ${e instanceof Error ? e.message : String(e)}`;
});
