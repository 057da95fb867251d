// The browser preview: the real task pane beside a grid of an in-memory workbook. The
// pane reaches the workbook through the direct in-memory port (DirectWorkbook), which keeps
// the Office.js adapter's semantics (a contract suite runs on both). For debugging the
// adapter itself, `?host=fake` (implied by `?failAtSync=N`) runs the Office.js adapter
// (OfficeWorkbook) over the fake Excel host instead. No office.js is loaded. (Imported
// statically: a dynamic import() would make webpack emit its chunk loader, which the pane's
// security test forbids.)
import { createRoot } from 'react-dom/client';
import { StrictMode } from 'react';
import { MemoryWorkbook } from '../../addin/workbook/memory';
import { directPort } from '../../addin/workbook/direct';
import { createFakeExcel } from '../../test/fake-host/index';
import { OfficeWorkbook } from '../../addin/workbook/office';
import type { WorkbookPort } from '../../addin/workbook/port';
import { builtinCatalog } from '../../addin/api';
import { PreviewApp } from './PreviewApp';
import { withSelectionEvents } from './selectionEvents';
import { addBenchSheet, buildDemo } from './demo';
import { previewCalculation, type Calculation } from './formulas';
import type { Lang } from '../i18n';

declare global {
  interface Window {
    /** For the browser tests and the curious: the workbook, which host runs it, its counters (the fake host's syncs, or the direct port's calls) and the formula calculation. */
    __preview?: { workbook: MemoryWorkbook; host: 'direct' | 'fake'; stats: { toJSON(): Record<string, number> }; calc: Calculation };
  }
}

/** The Office.js adapter over the fake Excel host (?host=fake, ?failAtSync=N). */
function fakeHostPort(workbook: MemoryWorkbook, opts: { displayLanguage: string; api?: string; failAtSync?: number }) {
  const host = createFakeExcel(workbook, opts);
  return { port: new OfficeWorkbook(host) as WorkbookPort, stats: host.stats };
}

async function main() {
  const params = new URLSearchParams(location.search);
  const lang: Lang = params.get('lang') === 'en' ? 'en' : 'sv';
  const dark = params.get('theme') === 'dark';
  const workbook = new MemoryWorkbook();
  // Formulas are calculated as in Excel (the demo sheets' too), with the AVTAL functions.
  const calc = previewCalculation(workbook);
  const displayLanguage = lang === 'sv' ? 'sv-SE' : 'en-US';
  // The demo sheets are written through their own port, so the pane's port starts with
  // clean counters. Query parameters simulate other hosts, for trying the pane out:
  // ?api=1.10 (an older Excel: no notes), ?bench=100000 (a generated sheet of that many rows
  // × 10 columns, for a long audit), ?host=fake (the Office.js adapter over the fake host),
  // ?failAtSync=2 (on the fake host: the pane's 2nd sync fails).
  const catalog = builtinCatalog();
  await buildDemo(workbook, directPort(workbook).port, catalog);
  const bench = Math.min(200_000, Math.floor(Number(params.get('bench'))));
  if (bench > 1) addBenchSheet(workbook, catalog, bench);
  const apiParam = params.get('api');
  const api = apiParam && /^1\.\d+$/.test(apiParam) ? apiParam : undefined;
  const failAtSync = Number(params.get('failAtSync'));
  const fake = params.get('host') === 'fake' || failAtSync > 0;
  const { port: base, stats } = fake
    ? fakeHostPort(workbook, { displayLanguage, ...(api ? { api } : {}), ...(failAtSync > 0 ? { failAtSync } : {}) })
    : directPort(workbook, api ? { api } : {});
  // Selection events (ExcelApi 1.2) come from the grid's selection; ?api=1.1 or
  // ?selectionEvents=0 has none, as in a host without them.
  const events = !(api && /^1\.[01]$/.test(api)) && params.get('selectionEvents') !== '0';
  const port = withSelectionEvents(base, workbook, events);
  window.__preview = { workbook, host: fake ? 'fake' : 'direct', stats, calc };
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
