import { Component, useEffect, useMemo, useState, type ErrorInfo, type ReactNode } from 'react';
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
import { builtinCatalog } from '../addin/api';
import type { WorkbookPort } from '../addin/workbook/port';
import { useT } from './i18n';
import { PaneProvider } from './context';
import { AllocatePane } from './panes/AllocatePane';
import { ConditionsPane } from './panes/ConditionsPane';
import { RulesPane } from './panes/RulesPane';
import { ErrorBar } from './components/ErrorBar';

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
    padding: '4px 4px 0',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    flexWrap: 'wrap',
  },
  notice: { padding: '8px 12px 0' },
});

type TabId = 'allocate' | 'conditions' | 'rules';

/** The task pane: the same component in Excel (Office.js adapter) and in the browser preview (fake host). */
export function App({ port }: { port: WorkbookPort }) {
  const { t } = useT();
  const s = useStyles();
  const catalog = useMemo(() => builtinCatalog(), []);
  const [tab, setTab] = useState<TabId>('allocate');
  const [missing, setMissing] = useState<string[]>([]);
  const [startError, setStartError] = useState<unknown>(null);

  // Requirement sets are checked once at start; the pane says what the host lacks.
  useEffect(() => {
    let live = true;
    port.capabilities().then(
      (c) => live && setMissing(c.missing),
      (e) => {
        console.error(e);
        if (live) setStartError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [port]);

  const ctx = useMemo(() => ({ port, catalog }), [port, catalog]);

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
                {t.hostMissing(missing.join(', '))}
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
          <Tab value="allocate" data-testid="tab-allocate">
            {t.tabAllocate}
          </Tab>
          <Tab value="conditions" data-testid="tab-conditions">
            {t.tabConditions}
          </Tab>
          <Tab value="rules" data-testid="tab-rules">
            {t.tabRules}
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
          <div role="tabpanel" hidden={tab !== 'rules'} aria-label={t.tabRules}>
            <RulesPane />
          </div>
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
