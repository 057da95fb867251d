/// <reference types="office-js" />
// The task pane inside Excel: Office.onReady → React, with the real Office.js globals
// behind the workbook port.
import { createRoot } from 'react-dom/client';
import { StrictMode, useEffect, useState } from 'react';
import { FluentProvider } from '@fluentui/react-components';
import { OfficeWorkbook } from '../addin/workbook/office';
import { App, ErrorBoundary } from './App';
import { I18nProvider, langFromOffice } from './i18n';
import { officeIsDark, themeFor, watchOfficeTheme, type OfficeThemeHost } from './theme';
import type { Lang } from './i18n';
import type { WorkbookPort } from '../addin/workbook/port';
import { registerSharedFunctions, shareLang } from './functions';
import { FunctionsNotice, functionsSupported } from './components/FunctionsNotice';

/** The pane in Office's theme, following it when the user changes it while the pane is open. */
function Root({ port, lang, functions }: { port: WorkbookPort; lang: Lang; functions: boolean }) {
  const host = Office as unknown as OfficeThemeHost;
  const [dark, setDark] = useState(() => officeIsDark(host));
  useEffect(() => watchOfficeTheme(host, { window, document }, setDark), [host]);
  return (
    <FluentProvider theme={themeFor(dark)} style={{ minHeight: '100%' }}>
      <I18nProvider lang={lang}>
        <ErrorBoundary>
          <FunctionsNotice supported={functions} />
          <App port={port} />
        </ErrorBoundary>
      </I18nProvider>
    </FluentProvider>
  );
}

function mount() {
  const el = document.getElementById('root');
  if (!el) return;
  const lang = langFromOffice(Office.context?.displayLanguage);
  document.documentElement.lang = lang;
  const port = new OfficeWorkbook({ Excel, Office });
  // The worksheet functions run in this (shared) runtime: associated at start, reading the
  // catalog the pane shares with them (App: shareWithFunctions), so a rule file loaded in
  // Regler is theirs too. Where the host has no custom functions the pane says so.
  shareLang(lang);
  const functions = functionsSupported(Office) && registerSharedFunctions() !== null;
  createRoot(el).render(
    <StrictMode>
      <Root port={port} lang={lang} functions={functions} />
    </StrictMode>,
  );
}

function notInExcel(why: string) {
  const el = document.getElementById('root');
  if (el) el.textContent = `${why} Öppna tillägget i Excel, eller förhandsvisningen på /. / Open the add-in in Excel, or the preview at /.`;
}

if (typeof Office === 'undefined') {
  notInExcel('Office.js kunde inte laddas / Office.js could not be loaded.');
} else {
  void Office.onReady((info) => {
    if (info.host !== Office.HostType.Excel || typeof Excel === 'undefined') {
      notInExcel('Sidan körs inte i Excel / This page is not running in Excel.');
      return;
    }
    mount();
  });
}
