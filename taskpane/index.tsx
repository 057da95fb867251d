/// <reference types="office-js" />
// The task pane inside Excel: Office.onReady → React, with the real Office.js globals
// behind the workbook port.
import { createRoot } from 'react-dom/client';
import { StrictMode } from 'react';
import { FluentProvider } from '@fluentui/react-components';
import { OfficeWorkbook } from '../addin/workbook/office';
import { App, ErrorBoundary } from './App';
import { I18nProvider, langFromOffice } from './i18n';
import { isDarkColor, themeFor } from './theme';

function mount() {
  const el = document.getElementById('root');
  if (!el) return;
  const lang = langFromOffice(Office.context?.displayLanguage);
  document.documentElement.lang = lang;
  const dark = isDarkColor(Office.context?.officeTheme?.bodyBackgroundColor);
  const port = new OfficeWorkbook({ Excel, Office });
  createRoot(el).render(
    <StrictMode>
      <FluentProvider theme={themeFor(dark)} style={{ minHeight: '100%' }}>
        <I18nProvider lang={lang}>
          <ErrorBoundary>
            <App port={port} />
          </ErrorBoundary>
        </I18nProvider>
      </FluentProvider>
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
