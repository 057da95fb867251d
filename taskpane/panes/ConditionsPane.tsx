import { useMemo, useRef, useState, type ReactNode } from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Link,
  Switch,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  agreementsWithConditions,
  conditionWords,
  evaluate,
  evaluationFlags,
  evaluationSheet,
  indicatorSheet,
  indicatorsFromGrid,
  type CellError,
  type ConditionResult,
  type Evaluation,
  type EvaluationRow,
  formatKr,
} from '../../addin/api';
import { useT } from '../i18n';
import { usePane } from '../context';
import { useAction } from '../components/useAction';
import { Busy, CiteLine, Success, useStyles } from '../components/ui';
import { CellErrorList, ErrorBar } from '../components/ErrorBar';
import { Select } from '../components/Select';
import { agreementLabel } from '../components/describe';

const useLocal = makeStyles({
  total: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    justifyContent: 'space-between',
    columnGap: '8px',
  },
  region: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    paddingBottom: '8px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  regionHead: {
    display: 'flex',
    flexWrap: 'wrap',
    justifyContent: 'space-between',
    alignItems: 'baseline',
    columnGap: '8px',
    fontWeight: tokens.fontWeightSemibold,
  },
  num: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  part: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: '6px',
    rowGap: '2px',
  },
  partTitle: { flexGrow: 1, flexBasis: '120px', minWidth: 0 },
  failed: {
    margin: '2px 0 0',
    paddingInlineStart: '18px',
    color: tokens.colorPaletteRedForeground1,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
  results: { display: 'flex', flexDirection: 'column', gap: '8px' },
  accordion: {
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
});

/** A region's failed conditions, each once (a condition can gate several parts). */
function failedConditions(r: EvaluationRow): ConditionResult[] {
  const seen = new Map<string, ConditionResult>();
  for (const p of r.parts) for (const c of p.conditions) if (!c.passed && !seen.has(c.id)) seen.set(c.id, c);
  return [...seen.values()];
}

/** "Villkor": the conditional SVF payment — indicator sheet in, per-region result out. */
export function ConditionsPane() {
  const { port, catalog } = usePane();
  const { t, lang } = useT();
  const s = useStyles();
  const l = useLocal();
  const agreements = useMemo(() => [...catalog.agreements].sort((a, b) => b.year - a.year), [catalog]);
  const withConditions = useMemo(() => new Set(agreementsWithConditions(catalog)), [catalog]);
  const [agreementId, setAgreementId] = useState(agreements.find((a) => withConditions.has(a.id))?.id ?? agreements[0]?.id ?? '');
  const agreement = agreements.find((a) => a.id === agreementId);
  const hasConditions = withConditions.has(agreementId);
  const [redistribute, setRedistribute] = useState(true);
  const [cellErrors, setCellErrors] = useState<{ errors: CellError[]; sheet: string } | null>(null);
  // One line instead of a list of errors: an empty indicator table, or a sheet without one.
  const [sheetProblem, setSheetProblem] = useState<
    { kind: 'empty'; sheet: string; cells: number } | { kind: 'no-table'; sheet: string; candidate: string | null } | null
  >(null);
  const [onlyFailing, setOnlyFailing] = useState(false);
  // A region that meets every condition shows one line; its parts open on request (21 regions × 4 parts is a long list).
  const [openRegions, setOpenRegions] = useState<ReadonlySet<string>>(new Set());
  const toggleRegion = (code: string) =>
    setOpenRegions((o) => {
      const n = new Set(o);
      if (n.has(code)) n.delete(code);
      else n.add(code);
      return n;
    });
  const [result, setResult] = useState<Evaluation | null>(null);
  const [done, setDone] = useState<ReactNode>(null);
  const { busy, error, setError, run } = useAction();
  // Beräkna activates the result sheet it writes; pressing Beräkna again (e.g. after
  // switching "omfördela") reads the indicator sheet it last read, not its own result.
  const lastRead = useRef<{ indicators: string; results: Set<string> }>({ indicators: '', results: new Set() });

  if (!agreement) return null;

  const goTo = (sheet: string | undefined, cell: string) =>
    void run(t.working, async () => {
      await port.select(sheet ?? cellErrors?.sheet ?? (await port.activeSheet()), cell);
    });

  /** A new action starts with a clean slate: the previous action's messages go. */
  const resetMessages = () => {
    setDone(null);
    setCellErrors(null);
    setSheetProblem(null);
  };

  const openSheet = (sheet: string) =>
    void run(t.working, async () => {
      resetMessages();
      await port.select(sheet, 'A1');
    });

  const createSheet = () =>
    run(t.writing, async () => {
      resetMessages();
      const written = await port.writeSheet(indicatorSheet(catalog, agreement.id, lang));
      setDone(<div data-testid="written-sheet" data-sheet={written.sheet}>{t.indicatorSheetWritten(written.sheet)}</div>);
    });

  const calculate = () =>
    run(t.reading, async () => {
      resetMessages();
      setResult(null);
      const active = await port.activeSheet();
      const sheet = lastRead.current.results.has(active) && lastRead.current.indicators ? lastRead.current.indicators : active;
      const grid = await port.readSheet(sheet);
      const parsed = indicatorsFromGrid(grid, catalog, agreement.id);
      if (!parsed.ok) {
        if (parsed.reason === 'empty') setSheetProblem({ kind: 'empty', sheet, cells: parsed.errors.length });
        else if (parsed.reason === 'no-table') {
          // An indicator sheet of this agreement the product wrote earlier, if any, to offer as a link.
          const base = indicatorSheet(catalog, agreement.id, lang).name;
          const sheets = await port.listSheets();
          const candidate = sheets.find((n) => n === base) ?? sheets.find((n) => n.startsWith(`${base} (`)) ?? null;
          setSheetProblem({ kind: 'no-table', sheet, candidate });
        } else setCellErrors({ errors: parsed.errors, sheet });
        return;
      }
      const e = await evaluate(catalog, {
        agreement: agreement.id,
        indicators: parsed.rows,
        unclaimed: redistribute ? 'redistribute' : 'forfeit',
      });
      const written = await port.writeSheet(evaluationSheet(e, catalog, lang));
      lastRead.current.indicators = sheet;
      lastRead.current.results.add(written.sheet);
      const receipt = await port.flag(evaluationFlags(e, parsed.rows, lang));
      setResult(e);
      setDone(
        <>
          <div>{t.evaluationRead(sheet)}</div>
          <div data-testid="written-sheet" data-sheet={written.sheet}>
            {t.evaluationWritten(written.sheet, receipt.cells)}
          </div>
        </>,
      );
    });

  const clear = () =>
    run(t.writing, async () => {
      resetMessages();
      const n = await port.clearFlags();
      setDone(<div>{t.flagsCleared(n)}</div>);
    });

  const qualified = result ? result.rows.filter((r) => r.parts.every((p) => p.eligible)).length : 0;
  const failing = result ? result.rows.filter((r) => r.parts.some((p) => !p.eligible)) : [];
  // The list starts with the regions that do not qualify (in reference order), then the rest.
  const listed = result
    ? [...failing, ...(onlyFailing ? [] : result.rows.filter((r) => r.parts.every((p) => p.eligible)))]
    : [];

  return (
    <div className={s.pane} data-testid="pane-conditions">
      <Text className={s.intro}>{t.condIntro}</Text>

      <Field label={t.agreement} hint={agreement.title}>
        <Select
          testId="cond-agreement"
          value={agreement.id}
          onChange={(id) => {
            setAgreementId(id);
            setResult(null);
            resetMessages();
          }}
          options={agreements.map((a) => ({ value: a.id, text: agreementLabel(a, t), sub: formatKr(a.total, lang) }))}
        />
      </Field>

      {!hasConditions ? (
        <MessageBar intent="info" layout="multiline" data-testid="no-conditions">
          <MessageBarBody>{t.noConditions(agreement.year)}</MessageBarBody>
        </MessageBar>
      ) : (
        <>
          <Accordion collapsible className={l.accordion}>
            <AccordionItem value="conditions">
              <AccordionHeader size="small" expandIconPosition="end">
                {t.conditionsOfAgreement} ({agreement.conditions.length})
              </AccordionHeader>
              <AccordionPanel>
                <ul className={s.list} data-testid="condition-list">
                  {agreement.conditions.map((c) => (
                    <li key={c.id}>
                      {c.label[lang]}
                      <CiteLine cite={c.cite} />
                    </li>
                  ))}
                </ul>
              </AccordionPanel>
            </AccordionItem>
          </Accordion>

          <div className={s.buttons}>
            <Button onClick={() => void createSheet()} disabled={!!busy} data-testid="create-indicators">
              {t.createIndicatorSheet}
            </Button>
          </div>

          <Field hint={redistribute ? t.redistributeOn : t.redistributeOff}>
            <Switch
              checked={redistribute}
              onChange={(_, d) => setRedistribute(d.checked)}
              label={t.redistribute}
              data-testid="redistribute"
            />
          </Field>

          <Text className={s.hint}>{t.evaluateHint}</Text>
          <div className={s.buttons}>
            <Button appearance="primary" onClick={() => void calculate()} disabled={!!busy} data-testid="evaluate">
              {t.evaluate}
            </Button>
            <Button onClick={() => void clear()} disabled={!!busy} data-testid="clear-flags">
              {t.clearFlags}
            </Button>
          </div>
        </>
      )}

      <Busy label={busy} />
      {error != null && <ErrorBar error={error} onDismiss={() => setError(null)} onGoTo={goTo} />}
      {sheetProblem?.kind === 'empty' && (
        <MessageBar intent="warning" layout="multiline" data-testid="indicators-empty">
          <MessageBarBody>
            <MessageBarTitle>{t.indicatorsEmpty}</MessageBarTitle>
            {t.indicatorsEmptyBody(sheetProblem.sheet, sheetProblem.cells)}
          </MessageBarBody>
        </MessageBar>
      )}
      {sheetProblem?.kind === 'no-table' && (
        <MessageBar intent="warning" layout="multiline" data-testid="choose-indicator-sheet">
          <MessageBarBody>
            <MessageBarTitle>{t.chooseIndicatorSheet}</MessageBarTitle>
            <div>{t.chooseIndicatorSheetBody(sheetProblem.sheet)}</div>
            <div>
              {sheetProblem.candidate ? (
                <Link as="button" onClick={() => openSheet(sheetProblem.candidate!)} data-testid="open-indicator-sheet">
                  {t.openSheet(sheetProblem.candidate)}
                </Link>
              ) : (
                t.noIndicatorSheetYet
              )}
            </div>
          </MessageBarBody>
        </MessageBar>
      )}
      {cellErrors && <CellErrorList title={t.indicatorErrors(cellErrors.errors.length)} errors={cellErrors.errors} onGoTo={goTo} />}
      {done && <Success onDismiss={() => setDone(null)}>{done}</Success>}

      {result && (
        <section className={l.results} data-testid="evaluation" aria-label={t.resultsTitle}>
          <div className={s.card}>
            <div className={l.total}>
              <span>{t.totalPaid}</span>
              <span className={s.amount} data-testid="total-paid" data-value={result.total.toFixed(0)}>
                {formatKr(result.total, lang)}
              </span>
            </div>
            <div className={s.hint}>
              {t.ofPot(formatKr(result.potTotal, lang))} · {result.unclaimed === 'redistribute' ? t.unclaimedRedistribute : t.unclaimedForfeit}
            </div>
            <div>{t.regionsQualified(qualified, result.rows.length)}</div>
            {failing.length > 0 && (
              <div data-testid="failing-regions">
                {t.regionsFailing(failing.map((r) => r.region).join(', '))}
              </div>
            )}
          </div>
          <h3 className={s.heading}>{t.resultsTitle}</h3>
          {failing.length > 0 ? (
            <Switch
              checked={onlyFailing}
              onChange={(_, d) => setOnlyFailing(d.checked)}
              label={t.onlyFailing(failing.length, result.rows.length)}
              data-testid="only-failing"
            />
          ) : (
            <Text className={s.hint}>{t.allQualifyList}</Text>
          )}
          {listed.map((r) => {
            const meetsAll = r.parts.every((p) => p.eligible);
            const open = !meetsAll || openRegions.has(r.code);
            return (
            <div key={r.code} className={l.region} data-testid="region-result" data-region={r.region} data-open={open}>
              <div className={l.regionHead}>
                <span>{r.region}</span>
                <span className={l.num}>{formatKr(r.total, lang)}</span>
              </div>
              {meetsAll && (
                <Link as="button" inline className={s.hint} onClick={() => toggleRegion(r.code)} aria-expanded={open} data-testid="region-parts-toggle" style={{ alignSelf: 'flex-start', textAlign: 'start' }}>
                  {open ? t.hideParts : t.showParts(r.parts.length)}
                </Link>
              )}
              {open && r.parts.map((p) => {
                return (
                  <div key={`${p.pot}/${p.part ?? ''}`} data-testid="region-part">
                    <div className={l.part}>
                      <Badge
                        size="small"
                        appearance="tint"
                        color={p.eligible ? 'success' : 'danger'}
                        aria-label={p.eligible ? t.eligible : t.notEligible}
                      >
                        {p.eligible ? '✓' : '✗'}
                      </Badge>
                      <span className={l.partTitle}>{p.title[lang]}</span>
                      <span className={l.num}>{formatKr(p.amount, lang)}</span>
                    </div>
                  </div>
                );
              })}
              {failedConditions(r).length > 0 && (
                <ul className={l.failed} data-testid="failed-conditions">
                  {failedConditions(r).map((c) => (
                    <li key={c.id}>{conditionWords(c, lang)}</li>
                  ))}
                </ul>
              )}
            </div>
            );
          })}
        </section>
      )}
    </div>
  );
}
