import { useMemo, useRef, useState, type ReactNode } from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Field,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Radio,
  RadioGroup,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { auditWorkbook, clearAuditFlags, findingsSheet, type AuditResult, type Finding, type AuditScope, type FindingCite, type Severity, citeParts, quoted, formatNumber } from '../../addin/api';
import { useT, type Dict } from '../i18n';
import { usePane } from '../context';
import { useAction } from '../components/useAction';
import { Busy, Success, useRevealOnMount, useStyles } from '../components/ui';
import { ErrorBar } from '../components/ErrorBar';
import { Select } from '../components/Select';
import { paintingPort } from '../components/paintingPort';
import { agreementLabel, shorten } from '../components/describe';
import { warningText } from '../components/warnings';

const AUTO = 'auto';
const SEVERITIES: Severity[] = ['error', 'warning', 'note'];
/** Findings shown per group before "Visa fler" (a generated sheet can have thousands). */
const PAGE = 100;
/** Quoted words longer than this are shortened; the full text is in the tooltip and for screen readers. */
const QUOTE_MAX = 120;

const useLocal = makeStyles({
  progress: {
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
    padding: '8px 10px',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  progressRow: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', gap: '8px' },
  counts: { display: 'flex', flexWrap: 'wrap', gap: '6px' },
  accordion: {
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  groupHead: { display: 'inline-flex', alignItems: 'center', gap: '6px', fontWeight: tokens.fontWeightSemibold },
  findings: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '8px' },
  finding: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    paddingLeft: '8px',
    borderLeftWidth: '3px',
    borderLeftStyle: 'solid',
    borderLeftColor: 'transparent',
    minWidth: 0,
    overflowWrap: 'anywhere',
  },
  error: { borderLeftColor: tokens.colorStatusDangerBorder2 },
  warning: { borderLeftColor: tokens.colorStatusWarningBorder2 },
  note: { borderLeftColor: tokens.colorBrandStroke1 },
  findingHead: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', columnGap: '8px' },
  cellLink: { fontWeight: tokens.fontWeightSemibold, fontVariantNumeric: 'tabular-nums' },
  rule: {
    fontSize: tokens.fontSizeBase100,
    lineHeight: tokens.lineHeightBase100,
    color: tokens.colorNeutralForeground3,
    fontFamily: tokens.fontFamilyMonospace,
  },
  srOnly: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    padding: 0,
    margin: '-1px',
    overflow: 'hidden',
    clip: 'rect(0, 0, 0, 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
  sheetList: { margin: 0, paddingInlineStart: '16px' },
});

function severityWords(t: Dict): Record<Severity, { many: string; one: string; color: 'danger' | 'warning' | 'informative' }> {
  return {
    error: { many: t.severityError, one: t.severityErrorOne, color: 'danger' },
    warning: { many: t.severityWarning, one: t.severityWarningOne, color: 'warning' },
    note: { many: t.severityNote, one: t.severityNoteOne, color: 'informative' },
  };
}

function whyText(from: AuditResult['agreementFrom'], year: number, t: Dict): string {
  switch (from) {
    case 'option':
      return t.agreementFromOption;
    case 'year-in-text':
      return t.agreementFromYear(year);
    case 'table-total':
      return t.agreementFromTotal(year);
    case 'newest':
      return t.agreementFromNewest;
  }
}

/** "Överenskommelse … 2026 (…), avsnitt 5.3: ”För regionernas arbete med SVF …”" (full words in the tooltip), or "aritmetik: …" (addin/engine/rules/cite.ts). */
function FindingCiteLine({ cite }: { cite: FindingCite }) {
  const { lang } = useT();
  const s = useStyles();
  const l = useLocal();
  const p = citeParts(cite, lang);
  if (cite.source === 'aritmetik') {
    return (
      <div className={s.cite} data-testid="finding-cite">
        {p.document}: {p.quote}
      </div>
    );
  }
  const full = p.quote;
  const short = quoted(shorten(cite.text, QUOTE_MAX));
  return (
    <div className={s.cite} data-testid="finding-cite">
      {p.document}
      {p.section ? `, ${p.section}` : ''}
      {': '}
      <span className={s.quote} title={full} aria-hidden="true" data-full={full}>
        {short}
      </span>
      <span className={l.srOnly}>{full}</span>
    </div>
  );
}

/** "§ 5.3" and "5 Mkr" stay on one line in a narrow pane. */
function keepTogether(text: string): string {
  return text.replace(/§ (?=\d)/g, '§\u00A0').replace(/(\d) (kr|Mkr|mkr|tkr|%)(?=\W|$)/g, '$1\u00A0$2');
}

function FindingItem({ f, showSheet, onGoTo }: { f: Finding; showSheet: boolean; onGoTo: (f: Finding) => void }) {
  const { t, lang } = useT();
  const l = useLocal();
  const address = showSheet ? `${f.sheet}!${f.cell}` : f.cell;
  return (
    <li
      className={mergeClasses(l.finding, l[f.severity])}
      data-testid="finding"
      data-sheet={f.sheet}
      data-cell={f.cell}
      data-severity={f.severity}
      data-rule={f.rule}
    >
      <div className={l.findingHead}>
        <Link as="button" className={l.cellLink} onClick={() => onGoTo(f)} aria-label={t.goToCell(`${f.sheet}!${f.cell}`)} data-testid="finding-cell">
          {address}
        </Link>
      </div>
      <div data-testid="finding-message">{keepTogether(f.message[lang])}</div>
      <FindingCiteLine cite={f.cite} />
    </li>
  );
}

function FindingGroup({ findings, showSheet, onGoTo }: { findings: Finding[]; showSheet: boolean; onGoTo: (f: Finding) => void }) {
  const { t } = useT();
  const l = useLocal();
  const [shown, setShown] = useState(PAGE);
  return (
    <>
      <ul className={l.findings}>
        {findings.slice(0, shown).map((f, i) => (
          <FindingItem key={`${f.sheet}!${f.cell}/${f.rule}/${i}`} f={f} showSheet={showSheet} onGoTo={onGoTo} />
        ))}
      </ul>
      {findings.length > shown && (
        <Button size="small" appearance="subtle" onClick={() => setShown((n) => n + PAGE)} style={{ alignSelf: 'flex-start' }}>
          {t.showMore(Math.min(PAGE, findings.length - shown))}
        </Button>
      )}
    </>
  );
}

function Cancelled({ onDismiss }: { onDismiss: () => void }) {
  const { t } = useT();
  const ref = useRevealOnMount<HTMLDivElement>();
  return (
    <MessageBar ref={ref} intent="info" layout="multiline" data-testid="audit-cancelled" role="status">
      <MessageBarBody>
        <MessageBarTitle>{t.auditCancelledTitle}</MessageBarTitle>
        <div>{t.auditCancelled}</div>
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" appearance="transparent" onClick={onDismiss}>
          {t.dismiss}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

/** What the adapter left alone or ignored at the last flag or clear (WorkbookPort.warnings()), collapsed with a count. */
function PortWarnings({ warnings }: { warnings: readonly string[] }) {
  const { t, lang } = useT();
  const l = useLocal();
  if (warnings.length === 0) return null;
  return (
    <Accordion collapsible className={l.accordion} data-testid="port-warnings" data-count={warnings.length}>
      <AccordionItem value="warnings">
        <AccordionHeader size="small" expandIconPosition="end">
          <span className={l.groupHead}>
            {t.portWarningsTitle}
            <Badge size="small" appearance="tint" color="warning">
              {warnings.length}
            </Badge>
          </span>
        </AccordionHeader>
        <AccordionPanel>
          <ul className={l.findings}>
            {warnings.map((w, i) => (
              <li key={i} className={mergeClasses(l.finding, l.warning)} data-testid="port-warning">
                {warningText(w, lang)}
              </li>
            ))}
          </ul>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}

/** Per table: how it was read (the reading its findings rest on), and a choice of other readings. */
function TableReadings({ tables, busy, onPick }: { tables: AuditResult['tables']; busy: boolean; onPick: (key: string, id: string) => void }) {
  const { t } = useT();
  const s = useStyles();
  const l = useLocal();
  const read = tables.filter((x) => x.reading !== null);
  if (read.length === 0) return null;
  const strip = (label: string) => label.replace(/^\S+ (?:läst som|read as): /, '');
  return (
    <div className={s.card} data-testid="audit-readings">
      <div style={{ fontWeight: tokens.fontWeightSemibold }}>{t.readingsTitle}</div>
      <Text className={s.hint}>{t.readingsHint}</Text>
      <ul className={l.findings}>
        {read.map((x) => {
          const key = `${x.sheet}!${x.range}`;
          const id = `reading-${key.replace(/[^A-Za-z0-9]/g, '-')}`;
          return (
            <li key={key} className={l.finding} data-testid="table-reading" data-table={key} data-reading={x.reading!.id} data-tie={x.tie} style={{ overflowWrap: 'anywhere' }}>
              <div data-testid="table-reading-label">{keepTogether(x.label)}</div>
              <div className={s.hint}>
                {t.readingUnexplained(x.unexplained)}
                {x.picked ? ` · ${t.readingPicked}` : ''}
              </div>
              {x.tie && (
                <div className={s.hint} data-testid="table-reading-tie">
                  {t.readingTie}
                </div>
              )}
              {x.alternatives.length > 0 && (
                <Field label={<span id={id}>{t.readingPick(x.range)}</span>}>
                  <Select
                    testId="table-reading-pick"
                    aria-labelledby={id}
                    disabled={busy}
                    value={x.reading!.id}
                    onChange={(v) => {
                      if (v !== x.reading!.id) onPick(key, v);
                    }}
                    options={[
                      { value: x.reading!.id, text: strip(x.label).split('; ')[0]!, sub: t.readingUnexplained(x.unexplained) },
                      ...x.alternatives.map((a) => ({ value: a.id, text: strip(a.label), sub: t.readingUnexplained(a.unexplained) })),
                    ]}
                  />
                </Field>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** "Granska": audit the active sheet, the selection or the workbook against an agreement; flag, list, export. */
export function AuditPane() {
  const { port, catalog } = usePane();
  const { t, lang } = useT();
  const s = useStyles();
  const l = useLocal();
  const agreements = useMemo(() => [...catalog.agreements].sort((a, b) => b.year - a.year || a.id.localeCompare(b.id)), [catalog]);
  const [scope, setScope] = useState<AuditScope>('sheet');
  const [agreementId, setAgreementId] = useState(AUTO);
  const chosen = agreementId === AUTO ? undefined : agreements.find((a) => a.id === agreementId);
  const [result, setResult] = useState<{ audit: AuditResult; run: number } | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [done, setDone] = useState<ReactNode>(null);
  const [warnings, setWarnings] = useState<readonly string[]>([]);
  const { busy, error, setError, run } = useAction();
  const controller = useRef<AbortController | null>(null);
  const runs = useRef(0);
  /** The scope of the result shown. */
  const scopeOf = useRef<AuditScope>('sheet');
  const words = severityWords(t);

  const labelOf = (id: string) => {
    const a = catalog.agreements.find((x) => x.id === id);
    return a ? agreementLabel(a, t) : id;
  };
  const why = (from: AuditResult['agreementFrom'], id: string) => whyText(from, catalog.agreements.find((x) => x.id === id)?.year ?? 0, t);

  /** Readings the user picked, per table ("Blad1!B4:F26" → reading id); kept while the scope and agreement stay. */
  const picked = useRef<Record<string, string>>({});
  const audit = (readings?: Record<string, string>) =>
    run(t.auditing, async () => {
      picked.current = readings ?? {};
      setDone(null);
      setCancelled(false);
      setResult(null);
      setWarnings([]);
      const ctrl = new AbortController();
      controller.current = ctrl;
      setProgress({ done: 0, total: 1 });
      // The adapter's warnings belong to its last flag or clearFlags: shown only when this audit made one.
      const painting = paintingPort(port, ctrl.signal);
      let wrote = false;
      const tracked = {
        ...painting,
        flag: (f: Parameters<typeof painting.flag>[0]) => ((wrote = true), painting.flag(f)),
        clearFlags: (sheet?: string) => ((wrote = true), painting.clearFlags(sheet)),
      };
      try {
        const audit = await auditWorkbook(tracked, catalog, {
          agreement: chosen?.id,
          scope,
          lang,
          signal: ctrl.signal,
          onProgress: (d, total) => setProgress({ done: d, total }),
          ...(readings ? { readings } : {}),
        });
        scopeOf.current = scope;
        setResult({ audit, run: ++runs.current });
        if (wrote) setWarnings([...(port.warnings?.() ?? [])]);
      } catch (e) {
        // Cancelled before flagging began (auditWorkbook and paintingPort stop there): nothing was changed.
        if (ctrl.signal.aborted) {
          setCancelled(true);
          return;
        }
        throw e;
      } finally {
        controller.current = null;
        setProgress(null);
        setCancelling(false);
      }
    });

  const cancel = () => {
    setCancelling(true);
    controller.current?.abort();
  };

  const goTo = (f: Finding) =>
    void run(t.working, async () => {
      await port.select(f.sheet, f.cell);
    });

  // Rensa undoes the last audit: its sheets (all of them after a whole-workbook audit);
  // without one (say the pane was reopened), the active sheet or, for "Hela arbetsboken", all.
  const clear = () =>
    run(t.writing, async () => {
      setDone(null);
      setCancelled(false);
      const last = result?.audit;
      const sheet = last
        ? scopeOf.current === 'workbook'
          ? undefined
          : last.sheets[0]?.sheet
        : scope === 'workbook'
          ? undefined
          : await port.activeSheet();
      setWarnings([]);
      const n = await clearAuditFlags(port, sheet);
      setWarnings([...(port.warnings?.() ?? [])]);
      setDone(
        <div data-testid="flags-cleared" data-cells={n}>
          {t.auditFlagsCleared(n, sheet ?? '')}
        </div>,
      );
    });

  // The findings go to a new sheet beside the audited ones; the audited sheet stays active,
  // so Granska and Rensa still mean it (auditing the export would audit its own messages).
  const exportFindings = () =>
    run(t.writing, async () => {
      if (!result) return;
      setDone(null);
      setCancelled(false);
      setWarnings([]);
      const written = await port.writeSheet({ ...findingsSheet(result.audit.findings, lang), activate: false });
      setDone(
        <>
          <div data-testid="written-sheet" data-sheet={written.sheet}>
            {t.findingsExported(written.sheet, result.audit.findings.length)}
          </div>
          <Link as="button" inline onClick={() => void run(t.working, () => port.select(written.sheet, 'A1'))} data-testid="open-export">
            {t.openSheet(written.sheet)}
          </Link>
        </>,
      );
    });

  const r = result?.audit;
  const groups = useMemo(() => {
    const g: Record<Severity, Finding[]> = { error: [], warning: [], note: [] };
    for (const f of r?.findings ?? []) g[f.severity].push(f);
    return g;
  }, [r]);
  const manySheets = !!r && new Set(r.sheets.map((x) => x.sheet)).size > 1;
  const otherAgreements = r ? r.sheets.filter((x) => x.agreement !== r.agreement) : [];

  return (
    <div className={s.pane} data-testid="pane-audit">
      <Text className={s.intro}>{t.auditIntro}</Text>

      <Field label={t.auditScope}>
        <RadioGroup value={scope} onChange={(_, d) => setScope(d.value as AuditScope)} data-testid="audit-scope">
          <Radio value="sheet" label={t.scopeSheet} />
          <Radio value="selection" label={t.scopeSelection} />
          <Radio value="workbook" label={t.scopeWorkbook} />
        </RadioGroup>
      </Field>

      <Field label={t.agreement} hint={chosen ? chosen.title : t.agreementAutoHint}>
        <Select
          testId="audit-agreement"
          value={chosen?.id ?? AUTO}
          onChange={setAgreementId}
          options={[
            { value: AUTO, text: t.agreementAuto },
            ...agreements.map((a) => ({ value: a.id, text: agreementLabel(a, t) })),
          ]}
        />
      </Field>

      <div className={s.buttons}>
        <Button appearance="primary" onClick={() => void audit()} disabled={!!busy} data-testid="audit-run">
          {t.audit}
        </Button>
        <Button onClick={() => void clear()} disabled={!!busy} data-testid="audit-clear">
          {t.clearFlags}
        </Button>
        <Button onClick={() => void exportFindings()} disabled={!!busy || !r || r.findings.length === 0} data-testid="audit-export">
          {t.exportFindings}
        </Button>
      </div>
      <Text className={s.hint}>{t.clearHint}</Text>

      {progress ? (
        <div className={l.progress} data-testid="audit-progress" role="status" aria-live="polite">
          <Field label={cancelling ? t.cancelling : t.auditing} hint={t.auditProgress(progress.done, progress.total)}>
            <ProgressBar value={progress.total > 0 ? progress.done / progress.total : undefined} max={1} thickness="large" />
          </Field>
          <div className={l.progressRow}>
            <Button size="small" onClick={cancel} disabled={cancelling} data-testid="audit-cancel">
              {t.cancel}
            </Button>
          </div>
        </div>
      ) : (
        <Busy label={busy} />
      )}
      {error != null && (
        <ErrorBar error={error} onDismiss={() => setError(null)} onGoTo={(sheet, cell) => void run(t.working, async () => port.select(sheet ?? (await port.activeSheet()), cell))} />
      )}
      {cancelled && <Cancelled onDismiss={() => setCancelled(false)} />}
      {done && <Success onDismiss={() => setDone(null)}>{done}</Success>}
      <PortWarnings warnings={warnings} />

      {r && (
        <section className={s.pane} style={{ padding: 0 }} data-testid="audit-result" aria-label={t.findingsTitle}>
          <div className={s.card} data-testid="audit-summary" data-agreement={r.agreement} data-from={r.agreementFrom}>
            <div style={{ fontWeight: tokens.fontWeightSemibold }}>{t.auditedAgainst(labelOf(r.agreement))}</div>
            <div className={s.hint} data-testid="audit-why">
              {t.agreementWhy(why(r.agreementFrom, r.agreement))}
            </div>
            {otherAgreements.length > 0 && (
              <ul className={mergeClasses(l.sheetList, s.hint)}>
                {otherAgreements.map((x) => (
                  <li key={x.sheet}>{t.auditSheetAgainst(x.sheet, labelOf(x.agreement), why(x.from, x.agreement))}</li>
                ))}
              </ul>
            )}
            <div className={s.hint}>{t.auditedSheets(r.sheets.map((x) => t.quote(x.sheet)).join(', '))}</div>
            {r.skipped.length > 0 && (
              <ul className={mergeClasses(l.sheetList, s.hint)} data-testid="audit-skipped">
                {r.skipped.map((k) => (
                  <li key={k.sheet}>{t.auditSkipped(k.sheet, k.reason[lang])}</li>
                ))}
              </ul>
            )}
            <div className={s.hint}>
              {t.auditStats(formatNumber(r.cells, 0, lang), r.tables.length, formatNumber(r.ms / 1000, 1, lang))}
            </div>
            <div className={l.counts} data-testid="audit-counts">
              {SEVERITIES.map((sev) => (
                <Badge
                  key={sev}
                  appearance={groups[sev].length ? 'filled' : 'outline'}
                  color={groups[sev].length ? words[sev].color : 'informative'}
                  data-severity={sev}
                  data-count={groups[sev].length}
                >
                  {words[sev].many}: {groups[sev].length}
                </Badge>
              ))}
            </div>
          </div>

          <TableReadings tables={r.tables} busy={!!busy} onPick={(key, id) => void audit({ ...picked.current, [key]: id })} />

          {r.findings.length === 0 ? (
            <MessageBar intent="success" layout="multiline" data-testid="no-findings">
              <MessageBarBody>{t.noFindings}</MessageBarBody>
            </MessageBar>
          ) : (
            <>
              <Text className={s.hint}>{t.flaggedNote}</Text>
              <Accordion
                key={result.run}
                multiple
                collapsible
                defaultOpenItems={SEVERITIES.filter((sev) => groups[sev].length > 0)}
                className={l.accordion}
              >
                {SEVERITIES.filter((sev) => groups[sev].length > 0).map((sev) => (
                  <AccordionItem key={sev} value={sev} data-testid="finding-group" data-severity={sev}>
                    <AccordionHeader size="small" expandIconPosition="end">
                      <span className={l.groupHead}>
                        {words[sev].many}
                        <Badge size="small" appearance="tint" color={words[sev].color}>
                          {groups[sev].length}
                        </Badge>
                      </span>
                    </AccordionHeader>
                    <AccordionPanel>
                      <FindingGroup findings={groups[sev]} showSheet={manySheets} onGoTo={goTo} />
                    </AccordionPanel>
                  </AccordionItem>
                ))}
              </Accordion>
            </>
          )}
        </section>
      )}
    </div>
  );
}
