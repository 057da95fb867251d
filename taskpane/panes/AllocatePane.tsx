import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Field, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Text } from '@fluentui/react-components';
import { allocate, allocationSheet, overviewSheet, populationFromGrid, type CellError, type Method, type PopulationTable, formatKr, formatNumber, rangeA1 } from '../../addin/api';
import { useT } from '../i18n';
import { usePane } from '../context';
import { useAction } from '../components/useAction';
import { Busy, CiteLine, Success, useStyles } from '../components/ui';
import { CellErrorList, ErrorBar } from '../components/ErrorBar';
import { Select } from '../components/Select';
import { describeError } from '../components/errors';
import { agreementLabel, recipientsText, splitText } from '../components/describe';
import { InsertExampleButton } from '../components/InsertExampleButton';

type PopMode = 'builtin' | 'selection';

/** "Fördela": one pot of one agreement → an allocation table on a new sheet. */
export function AllocatePane() {
  const { port, catalog } = usePane();
  const { t, lang } = useT();
  const s = useStyles();
  const agreements = useMemo(() => [...catalog.agreements].sort((a, b) => b.year - a.year), [catalog]);

  const [agreementId, setAgreementId] = useState(agreements[0]?.id ?? '');
  const agreement = agreements.find((a) => a.id === agreementId) ?? agreements[0];
  const [potId, setPotId] = useState(agreement?.pots[0]?.id ?? '');
  const pot = agreement?.pots.find((p) => p.id === potId);
  const [popMode, setPopMode] = useState<PopMode>('builtin');
  const [popId, setPopId] = useState(agreement?.defaultPopulation ?? '');
  const [selection, setSelection] = useState<{ table: PopulationTable; sheet: string } | null>(null);
  const [selErrors, setSelErrors] = useState<CellError[] | null>(null);
  const [method, setMethod] = useState<Method>('largest-remainder');
  const [done, setDone] = useState<ReactNode>(null);
  const { busy, error, setError, run } = useAction();
  // A failed read of the selection blocks "Skapa fördelningstabell" until the selection
  // changes (the port's selection event) or, where the host has no such event, until a read succeeds.
  const [readFailed, setReadFailed] = useState(false);
  const [noSelectionEvent, setNoSelectionEvent] = useState(!port.onSelectionChanged);
  useEffect(() => {
    if (!readFailed || !port.onSelectionChanged) return;
    let live = true;
    let off: (() => void) | undefined;
    port.onSelectionChanged(() => {
      if (live) setReadFailed(false);
    }).then(
      (remove) => {
        if (live) off = remove;
        else remove();
      },
      () => {
        if (live) setNoSelectionEvent(true);
      },
    );
    return () => {
      live = false;
      off?.();
    };
  }, [port, readFailed]);

  // Why this pot cannot be allocated here (unspecified split, conditions), in the engine's words.
  const blocked = useMemo(() => {
    if (!agreement || !pot) return null;
    try {
      allocate(catalog, { agreement: agreement.id, pot: pot.id, population: popId || undefined, method });
      return null;
    } catch (e) {
      return e;
    }
  }, [catalog, agreement, pot, popId, method]);

  if (!agreement) return null;

  const chooseAgreement = (id: string) => {
    const a = agreements.find((x) => x.id === id);
    setAgreementId(id);
    setPotId(a?.pots[0]?.id ?? '');
    setPopId(a?.defaultPopulation ?? '');
    setDone(null);
  };

  const goTo = (sheet: string | undefined, cell: string) =>
    void run(t.working, async () => {
      await port.select(sheet ?? selection?.sheet ?? (await port.activeSheet()), cell);
    });

  /** Read and parse the selection; errors are shown against their cells. */
  const readSelection = async (): Promise<PopulationTable | null> => {
    let grid;
    try {
      grid = await port.readSelection();
    } catch (e) {
      setSelection(null);
      setReadFailed(true);
      throw e;
    }
    // The written sheet says which figures it used and when: "egen befolkningstabell (Blad1!A1:B23, läst 3 december 2026)".
    const parsed = populationFromGrid(grid, catalog, {
      origin: { kind: 'selection', name: grid.sheet, range: gridRange(grid), readOn: today() },
    });
    if (!parsed.ok) {
      setSelection(null);
      setReadFailed(true);
      setSelErrors(parsed.errors.map((e) => ({ ...e, sheet: e.sheet ?? grid.sheet })));
      return null;
    }
    setSelErrors(null);
    setReadFailed(false);
    setSelection({ table: parsed.table, sheet: grid.sheet });
    return parsed.table;
  };

  /** A new action starts with a clean slate: the previous action's messages go (the failed read's block stays until the selection changes). */
  const resetMessages = () => {
    setDone(null);
    setSelErrors(null);
  };

  const create = () =>
    run(t.writing, async () => {
      resetMessages();
      let population: string | PopulationTable = popId;
      if (usesPopulation && popMode === 'selection') {
        const table = await readSelection();
        if (!table) return;
        population = table;
      }
      const a = allocate(catalog, { agreement: agreement.id, pot: potId, population, method });
      const written = await port.writeSheet(allocationSheet(a, catalog, lang));
      setDone(
        <>
          <div data-testid="written-sheet" data-sheet={written.sheet}>
            {t.allocationWritten(written.sheet, written.range)}
          </div>
          <div>{t.allocationTotal(formatKr(a.total, lang))}</div>
          {method === 'half-up' && <div>{t.allocationDrift(signed(formatKr(a.drift, lang), a.drift.isNegative(), a.drift.isZero()))}</div>}
        </>,
      );
    });

  const overview = () =>
    run(t.writing, async () => {
      resetMessages();
      const spec = overviewSheet(catalog, agreement.id, { population: popId || undefined, method }, lang);
      const written = await port.writeSheet(spec);
      setDone(
        <div data-testid="written-sheet" data-sheet={written.sheet}>
          {t.overviewWritten(written.sheet, written.range)}
        </div>,
      );
    });

  const blockedText = blocked ? describeError(blocked, lang).message : null;
  const readBlocks = readFailed && popMode === 'selection';
  // Equal and single-recipient pots have no population behind them: the controls would not apply.
  const usesPopulation = !pot || pot.split.by === 'population' || pot.split.by === 'parts';

  return (
    <div className={s.pane} data-testid="pane-allocate">
      <Text className={s.intro}>{t.allocIntro}</Text>

      <Field label={t.agreement} hint={agreement.title}>
        <Select
          testId="alloc-agreement"
          value={agreement.id}
          onChange={chooseAgreement}
          options={agreements.map((a) => ({ value: a.id, text: agreementLabel(a, t), sub: formatKr(a.total, lang) }))}
        />
      </Field>

      <Field label={t.pot}>
        <Select
          testId="alloc-pot"
          value={potId}
          placeholder={t.potPlaceholder}
          onChange={(v) => {
            setPotId(v);
            setDone(null);
          }}
          options={agreement.pots.map((p) => ({ value: p.id, text: p.title[lang], sub: formatKr(p.amount, lang) }))}
        />
      </Field>

      {pot && (
        <div className={s.card} data-testid="pot-card">
          <div className={s.amount}>{formatKr(pot.amount, lang)}</div>
          <div>
            {recipientsText(pot, t)} · {splitText(pot, catalog, t, lang, false)}
            {pot.conditions?.length ? ` · ${t.conditional}` : ''}
          </div>
          <CiteLine cite={pot.cite} />
        </div>
      )}

      {blockedText && (
        <MessageBar intent="warning" layout="multiline" data-testid="pot-blocked">
          <MessageBarBody>
            <MessageBarTitle>{t.potCannotAllocate}</MessageBarTitle>
            {blockedText}
          </MessageBarBody>
        </MessageBar>
      )}

      {!usesPopulation && pot && (
        <Text className={s.hint} data-testid="no-population">
          {pot.split.by === 'single' ? t.noPopulationSingle : t.noPopulationEqual}
        </Text>
      )}

      {usesPopulation && (
      <Field label={t.population}>
        <RadioGroup value={popMode} onChange={(_, d) => setPopMode(d.value as PopMode)}>
          <Radio value="builtin" label={t.populationBuiltin} />
          <Radio value="selection" label={t.populationSelection} />
        </RadioGroup>
      </Field>
      )}

      {!usesPopulation ? null : popMode === 'builtin' ? (
        <Field label={t.populationTable}>
          <Select
            testId="alloc-population"
            value={popId}
            onChange={setPopId}
            options={catalog.reference.populations.map((p) => ({
              value: p.id,
              text: p.title[lang],
              sub: `${formatNumber(p.total, 0, lang)}`,
            }))}
          />
        </Field>
      ) : (
        <div className={s.card}>
          <Text className={s.hint}>{t.populationSelectionHint}</Text>
          <div className={s.buttons}>
            <Button
              onClick={() =>
                void run(t.reading, async () => {
                  resetMessages();
                  await readSelection();
                })
              }
              disabled={!!busy}
            >
              {t.readSelection}
            </Button>
          </div>
          {selection && (
            <Text data-testid="selection-summary">
              {t.selectionRead(selection.table.rows.length, formatNumber(selection.table.total, 0, lang), selection.sheet)}
            </Text>
          )}
        </div>
      )}
      {usesPopulation && popMode === 'selection' && selErrors && <CellErrorList title={t.selectionErrors(selErrors.length)} errors={selErrors} onGoTo={goTo} />}

      <Field label={t.method} hint={method === 'largest-remainder' ? t.methodLargestRemainderHint : t.methodHalfUpHint}>
        <RadioGroup value={method} onChange={(_, d) => setMethod(d.value as Method)}>
          <Radio value="largest-remainder" label={t.methodLargestRemainder} />
          <Radio value="half-up" label={t.methodHalfUp} />
        </RadioGroup>
      </Field>

      <div className={s.buttons}>
        <Button appearance="primary" onClick={() => void create()} disabled={!!busy || !!blocked || (usesPopulation && readBlocks)} data-testid="create-allocation" aria-describedby={usesPopulation && readBlocks ? 'create-blocked-reason' : undefined}>
          {t.createAllocation}
        </Button>
        <Button onClick={() => void overview()} disabled={!!busy} data-testid="all-pots">
          {t.allPots}
        </Button>
      </div>
      {usesPopulation && readBlocks && (
        <Text className={s.hint} id="create-blocked-reason" data-testid="create-blocked-reason">
          {noSelectionEvent ? t.createBlockedByReadNoEvent : t.createBlockedByRead}
        </Text>
      )}
      <Busy label={busy} />
      {error != null && <ErrorBar error={error} onDismiss={() => setError(null)} onGoTo={goTo} />}
      {done && <Success onDismiss={() => setDone(null)}>{done}</Success>}
      <Text className={s.hint}>{t.allPotsHint}</Text>
      <InsertExampleButton />
    </div>
  );
}

/** The grid's range as Excel names it, with its sheet ("Blad1!A1:B23"; quoted when the name needs it). */
function gridRange(grid: { sheet: string; top: number; left: number; values: unknown[][] }): string {
  const rows = Math.max(1, grid.values.length);
  const cols = Math.max(1, grid.values.reduce((w, r) => (r.length > w ? r.length : w), 0));
  return rangeA1(grid.top, grid.left, grid.top + rows - 1, grid.left + cols - 1, grid.sheet);
}

/** Today as yyyy-mm-dd in the user's time zone. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function signed(text: string, negative: boolean, zero: boolean): string {
  if (zero || negative || text.startsWith('-') || text.startsWith('−')) return text;
  return `+${text}`;
}
