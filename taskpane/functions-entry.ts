/// <reference types="office-js" />
// functions.js: the worksheet functions' script (manifest.xml, CustomFunctions <Script>). In
// a shared runtime the pane's page (taskpane.html) registers them itself and this file is not
// loaded; it is for hosts that run custom functions in a runtime of their own, where it
// registers them at load (such a runtime may have no Office.onReady) with the built-in rule
// files; the texts follow Office's language once Office is ready. Registering twice in one
// runtime is avoided (registerSharedFunctions).
import { registerSharedFunctions, shareLang } from './functions';

/** As the pane's langFromOffice (taskpane/i18n), without the pane's dictionaries and React. */
const langFromOffice = (displayLanguage: string | undefined) => ((displayLanguage ?? '').toLowerCase().startsWith('sv') ? 'sv' : 'en');

registerSharedFunctions();
if (typeof Office !== 'undefined' && typeof Office.onReady === 'function') {
  Office.onReady(() => shareLang(langFromOffice(Office.context?.displayLanguage))).catch(() => undefined);
}
