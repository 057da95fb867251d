/// <reference types="office-js" />
// functions.js: the worksheet functions' script (manifest.xml, CustomFunctions <Script>). In
// a shared runtime the pane's page (taskpane.html) registers them itself; this file is for
// hosts that run custom functions in a runtime of their own, where it registers them with the
// built-in rule files (a rule file loaded in Regler then stays in the pane). Registering twice
// in one runtime is avoided (registerSharedFunctions).
import { registerSharedFunctions, shareLang } from './functions';

/** As the pane's langFromOffice (taskpane/i18n), without the pane's dictionaries and React. */
const langFromOffice = (displayLanguage: string | undefined) => ((displayLanguage ?? '').toLowerCase().startsWith('sv') ? 'sv' : 'en');

function start(): void {
  const display = typeof Office !== 'undefined' ? Office.context?.displayLanguage : undefined;
  shareLang(langFromOffice(display));
  registerSharedFunctions();
}

if (typeof Office !== 'undefined' && typeof Office.onReady === 'function') void Office.onReady(start).catch(start);
else start();
