import { useEffect, useState } from 'react';
import { FluentProvider, Switch, ToggleButton, makeStyles, tokens } from '@fluentui/react-components';
import type { MemoryWorkbook } from '../../addin/workbook/memory';
import type { WorkbookPort } from '../../addin/workbook/port';
import { App, ErrorBoundary } from '../App';
import { I18nProvider, dictionaries, type Lang } from '../i18n';
import { themeFor } from '../theme';
import { Grid } from './Grid';
import { shareLang } from '../functions';
import { FunctionsNotice } from '../components/FunctionsNotice';
import type { Calculation } from './formulas';

const PANE_WIDTH = 320;

const useStyles = makeStyles({
  page: {
    display: 'flex',
    flexDirection: 'column',
    height: '100vh',
    minWidth: 0,
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: '8px 16px',
    padding: '6px 12px',
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    fontFamily: tokens.fontFamilyBase,
  },
  barTitle: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  barNote: { fontSize: tokens.fontSizeBase200, opacity: 0.9, flexGrow: 1, minWidth: '200px' },
  controls: { display: 'flex', alignItems: 'center', gap: '8px', flexWrap: 'wrap' },
  onBrand: {
    color: tokens.colorNeutralForegroundOnBrand,
    '& label': { color: tokens.colorNeutralForegroundOnBrand },
  },
  langButton: { minWidth: 'auto' },
  main: { display: 'flex', flexGrow: 1, minHeight: 0 },
  gridArea: { flexGrow: 1, minWidth: 0, minHeight: 0 },
  paneArea: {
    flexShrink: 0,
    width: `${PANE_WIDTH}px`,
    overflowY: 'auto',
    overflowX: 'hidden',
    borderLeft: `1px solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
});

/**
 * The preview page: a grid showing the in-memory workbook (left) and the real task pane
 * (right, 320 px like Excel's), talking to each other only through the workbook, via
 * the same Office.js adapter that runs in Excel over a fake Excel host.
 */
export function PreviewApp({ workbook, port, initialLang = 'sv', initialDark = false, calc, functions = true }: { workbook: MemoryWorkbook; port: WorkbookPort; initialLang?: Lang; initialDark?: boolean; calc?: Calculation; functions?: boolean }) {
  const [lang, setLang] = useState<Lang>(initialLang);
  useEffect(() => shareLang(lang), [lang]); // the functions' texts (TABELL's header, KÄLLA, messages) follow the preview's language
  const [dark, setDark] = useState(initialDark);
  const t = dictionaries[lang];
  const s = useStyles();
  document.documentElement.lang = lang;
  return (
    <FluentProvider theme={themeFor(dark)}>
      <I18nProvider lang={lang}>
        <div className={s.page}>
          <header className={s.bar}>
            <span className={s.barTitle}>
              {t.previewTitle}: {t.appTitle}
            </span>
            <span className={s.barNote}>{t.previewNote}</span>
            <div className={s.controls} role="group" aria-label={t.language}>
              <ToggleButton
                size="small"
                className={s.langButton}
                checked={lang === 'sv'}
                onClick={() => setLang('sv')}
                data-testid="lang-sv"
                lang="sv"
              >
                Svenska
              </ToggleButton>
              <ToggleButton
                size="small"
                className={s.langButton}
                checked={lang === 'en'}
                onClick={() => setLang('en')}
                data-testid="lang-en"
                lang="en"
              >
                English
              </ToggleButton>
            </div>
            <Switch
              className={s.onBrand}
              checked={dark}
              onChange={(_, d) => setDark(d.checked)}
              label={t.darkTheme}
              data-testid="dark"
            />
          </header>
          <div className={s.main}>
            <section className={s.gridArea} aria-label="Excel">
              <Grid workbook={workbook} formulaMessage={calc?.message} />
            </section>
            <aside className={s.paneArea} data-testid="pane" aria-label={t.appTitle}>
              <ErrorBoundary>
                <FunctionsNotice supported={functions} />
                <App port={port} />
              </ErrorBoundary>
            </aside>
          </div>
        </div>
      </I18nProvider>
    </FluentProvider>
  );
}
