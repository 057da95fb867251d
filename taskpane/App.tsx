import { Component, useCallback, useEffect, useMemo, useState, type ErrorInfo, type ReactNode } from 'react';
import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Tab,
  TabList,
  makeStyles,
  tokens,
  type SelectTabData,
} from '@fluentui/react-components';
import { builtinCatalog, withUserAgreement, type Agreement, type Catalog } from '../addin/api';
import type { HostCapabilities, WorkbookPort } from '../addin/workbook/port';
import { useT, type Dict } from './i18n';
import { PaneProvider, type LoadedAgreement, type PaneContext } from './context';
import { AllocatePane } from './panes/AllocatePane';
import { ConditionsPane } from './panes/ConditionsPane';
import { AuditPane } from './panes/AuditPane';
import { RulesPane } from './panes/RulesPane';
import { FormsPane } from './panes/FormsPane';
import { ErrorBar } from './components/ErrorBar';
import { shareWithFunctions } from './functions';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    minHeight: '100%',
    minWidth: 0,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    overflowWrap: 'break-word',
  },
  header: {
    padding: '10px 12px 0',
  },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  subtitle: {
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    color: tokens.colorNeutralForeground3,
  },
  tabs: {
    padding: '4px 2px 0',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    flexWrap: 'wrap',
  },
  // Four tabs in one row at 320 px, in Swedish and English (they still wrap if a host is narrower).
  tab: { paddingLeft: '7px', paddingRight: '7px', minWidth: 0 },
  notice: { padding: '8px 12px 0' },
  missingList: { margin: '4px 0 0', paddingInlineStart: '16px' },
});

type TabId = 'allocate' | 'conditions' | 'audit' | 'rules' | 'forms';

/**
 * What the host lacks, in the user's language: from the adapter's booleans, and from the
 * requirement set that starts each of its (English) `missing` lines for the two it has no
 * boolean for (1.9 cell properties, 1.13 merged areas). A line the pane does not know is
 * shown as the adapter wrote it, so nothing the host lacks goes unsaid.
 */
export function missingSentences(c: HostCapabilities, t: Dict): string[] {
  const out: string[] = [];
  if (!c.notes) out.push(c.comments ? t.capNotesUseComments : t.capNoNotes);
  const byBoolean = /^(ExcelApi 1\.18\b|ExcelApi 1\.10\b|ExcelApi 1\.1\b|Charts\b)/;
  for (const line of c.missing) {
    if (byBoolean.test(line)) continue;
    if (/^ExcelApi 1\.9\b/.test(line)) out.push(t.capCellProperties);
    else if (/^ExcelApi 1\.13\b/.test(line)) out.push(t.capMerged);
    else out.push(line);
  }
  if (!c.tables) out.push(t.capTables);
  else if (!c.charts) out.push(t.capCharts);
  return out;
}

/** The task pane: the same component in Excel (Office.js adapter) and in the browser preview (fake host). */
export function App({ port }: { port: WorkbookPort }) {
  const { t } = useT();
  const s = useStyles();
  const [catalog, setCatalog] = useState<Catalog>(() => builtinCatalog());
  const [loaded, setLoaded] = useState<LoadedAgreement[]>([]);
  const [tab, setTab] = useState<TabId>('allocate');
  const [caps, setCaps] = useState<HostCapabilities | null>(null);
  const [startError, setStartError] = useState<unknown>(null);

  // Requirement sets are checked once at start; the pane says what the host lacks.
  useEffect(() => {
    let live = true;
    port.capabilities().then(
      (c) => live && setCaps(c),
      (e) => {
        console.error(e);
        if (live) setStartError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [port]);

  // A rule file read in Regler joins the catalog for this session, marked as the user's own;
  // it never shadows a built-in agreement (a built-in id is loaded as "<id>-egen").
  const addAgreement = useCallback(
    (agreement: Agreement, file: string, sha256: string): LoadedAgreement => {
      const added = withUserAgreement(catalog, agreement, file, sha256);
      const entry: LoadedAgreement = { id: added.agreement.id, file, replaced: added.replaced, renamedFrom: added.agreement.origin?.renamedFrom };
      setCatalog(added.catalog);
      setLoaded((l) => [...l.filter((x) => x.id !== entry.id), entry]);
      return entry;
    },
    [catalog],
  );
  const ctx = useMemo<PaneContext>(() => ({ port, catalog, loaded, addAgreement }), [port, catalog, loaded, addAgreement]);
  useEffect(() => shareWithFunctions(catalog), [catalog]); // the worksheet functions read the pane's catalog
  const missing = caps ? missingSentences(caps, t) : [];

  return (
    <PaneProvider value={ctx}>
      <div className={s.root} data-testid="app">
        <header className={s.header}>
          <h1 className={s.title}>{t.appTitle}</h1>
          <div className={s.subtitle}>{t.appSubtitle}</div>
        </header>
        {missing.length > 0 && (
          <div className={s.notice}>
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>{t.hostMissingTitle}</MessageBarTitle>
                <div>{t.hostMissingIntro}</div>
                <ul className={s.missingList} data-testid="host-missing">
                  {missing.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              </MessageBarBody>
            </MessageBar>
          </div>
        )}
        {startError != null && (
          <div className={s.notice}>
            <ErrorBar error={startError} onDismiss={() => setStartError(null)} />
          </div>
        )}
        <TabList
          className={s.tabs}
          selectedValue={tab}
          onTabSelect={(_, d: SelectTabData) => setTab(d.value as TabId)}
          aria-label={t.tabsLabel}
          size="medium"
        >
          <Tab value="allocate" data-testid="tab-allocate" className={s.tab}>
            {t.tabAllocate}
          </Tab>
          <Tab value="conditions" data-testid="tab-conditions" className={s.tab}>
            {t.tabConditions}
          </Tab>
          <Tab value="audit" data-testid="tab-audit" className={s.tab}>
            {t.tabAudit}
          </Tab>
          <Tab value="rules" data-testid="tab-rules" className={s.tab}>
            {t.tabRules}
          </Tab>
          <Tab value="forms" data-testid="tab-forms" className={s.tab}>
            {t.tabForms}
          </Tab>
        </TabList>
        {/* Panes stay mounted so each keeps its choices when the user switches tabs. */}
        <main>
          <div role="tabpanel" hidden={tab !== 'allocate'} aria-label={t.tabAllocate}>
            <AllocatePane />
          </div>
          <div role="tabpanel" hidden={tab !== 'conditions'} aria-label={t.tabConditions}>
            <ConditionsPane />
          </div>
          <div role="tabpanel" hidden={tab !== 'audit'} aria-label={t.tabAudit}>
            <AuditPane />
          </div>
          <div role="tabpanel" hidden={tab !== 'rules'} aria-label={t.tabRules}>
            <RulesPane />
          </div>
          <div role="tabpanel" hidden={tab !== 'forms'} aria-label={t.tabForms}><FormsPane /></div>
        </main>
      </div>
    </PaneProvider>
  );
}

/** Shows a render error in the pane instead of a blank pane. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }
  override render() {
    if (this.state.error != null)
      return (
        <div style={{ padding: 12 }}>
          <ErrorBar error={this.state.error} onDismiss={() => this.setState({ error: null })} />
        </div>
      );
    return this.props.children;
  }
}
