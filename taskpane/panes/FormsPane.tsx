import { useMemo, useState, type ReactNode } from 'react';
import { Button, Checkbox, Field, MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import { formFigures, reportSheet, requisitionSheet, type Agreement, type NewSheetSpec, documentDate, formatKr } from '../../addin/api';
import { useT } from '../i18n';
import { usePane } from '../context';
import { useAction } from '../components/useAction';
import { Busy, CiteLine, Success, useStyles } from '../components/ui';
import { ErrorBar } from '../components/ErrorBar';
import { Select } from '../components/Select';
import { describeError } from '../components/errors';
import { agreementLabel } from '../components/describe';

type Kind = 'requisition' | 'report';
const SKR = 'SKR';

/**
 * "Blanketter": the requisition and the economic report the agreement prescribes (2026:
 * section 6 and Bilaga 2) for one recipient and its pots, each written to a new sheet
 * through the port (never over an existing one), filled from the allocation.
 */
export function FormsPane() {
  const { port, catalog } = usePane();
  const { t, lang } = useT();
  const s = useStyles();
  const agreements = useMemo(() => catalog.agreements.filter((a) => a.forms).sort((a, b) => b.year - a.year), [catalog]);
  const [agreementId, setAgreementId] = useState(agreements[0]?.id ?? '');
  const agreement: Agreement | undefined = agreements.find((a) => a.id === agreementId) ?? agreements[0];
  const recipients = useMemo(() => recipientOptions(agreement, catalog.reference.regions.map((r) => r.name)), [agreement, catalog]);
  const [recipient, setRecipient] = useState(recipients[0] ?? '');
  const who = recipients.includes(recipient) ? recipient : (recipients[0] ?? '');
  const requisitioner = agreement?.forms?.requisitioners?.find((r) => r.recipients === (who === SKR ? 'skr' : 'regions'));
  const [unchecked, setUnchecked] = useState<Set<string>>(new Set());
  const pots = (requisitioner?.pots ?? []).filter((p) => !unchecked.has(p));
  const [done, setDone] = useState<ReactNode>(null);
  const [step, setStep] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();

  // The recipient's amounts, exact to the krona; or why there are none (in the engine's words).
  const potKey = pots.join(',');
  const figures = useMemo(() => {
    if (!agreement || !who || !potKey) return null;
    try {
      return { ok: true as const, fig: formFigures(catalog, agreement.id, who, potKey.split(',')) };
    } catch (e) {
      return { ok: false as const, error: e };
    }
  }, [catalog, agreement, who, potKey]);

  if (!agreement) {
    return (
      <div className={s.pane} data-testid="pane-forms">
        <Text className={s.intro}>{t.formsNone}</Text>
      </div>
    );
  }

  const chooseAgreement = (id: string) => {
    setAgreementId(id);
    setUnchecked(new Set());
    setDone(null);
  };
  const chooseRecipient = (r: string) => {
    setRecipient(r);
    setUnchecked(new Set());
    setDone(null);
  };
  const togglePot = (id: string, on: boolean) => {
    setUnchecked((u) => {
      const n = new Set(u);
      if (on) n.delete(id);
      else n.add(id);
      return n;
    });
    setDone(null);
  };

  const write = (kind: Kind) =>
    run(kind === 'requisition' ? t.formsWritingRequisition : t.formsWritingReport, async () => {
      setDone(null);
      try {
        setStep(t.formsStep(1, 2, t.formsStepCompute));
        // Let the spinner paint before the allocation is computed.
        await new Promise((ok) => setTimeout(ok, 0));
        const spec: NewSheetSpec = kind === 'requisition' ? requisitionSheet(catalog, agreement.id, who, pots, lang) : reportSheet(catalog, agreement.id, who, pots, lang);
        const fig = formFigures(catalog, agreement.id, who, pots);
        setStep(t.formsStep(2, 2, t.formsStepWrite));
        const written = await port.writeSheet(spec);
        const form = kind === 'requisition' ? agreement.forms!.requisition : agreement.forms!.report;
        const deadlines = form.deadlines.filter((d) => (kind === 'requisition' ? d.kind === 'requisition' : true));
        setDone(
          <>
            <div data-testid="written-sheet" data-sheet={written.sheet}>
              {kind === 'requisition' ? t.formsRequisitionWritten(written.sheet, written.range) : t.formsReportWritten(written.sheet, written.range)}
            </div>
            <div data-testid="forms-written-amount">{t.formsAmount(fig.recipient.name, formatKr(fig.total, lang))}</div>
            {deadlines.map((d) => (
              <div key={`${d.kind}-${d.date}`}>{`${d.what[lang]} ${documentDate(d.date, lang)}.`}</div>
            ))}
            <div>{t.formsFillHint}</div>
          </>,
        );
      } finally {
        setStep(null);
      }
    });

  const forms = agreement.forms!;
  const blockedText = figures && !figures.ok ? describeError(figures.error, lang).message : null;
  const fig = figures?.ok ? figures.fig : null;
  const reqDeadline = forms.requisition.deadlines.find((d) => d.kind === 'requisition');
  const reportDeadlines = forms.report.deadlines;

  return (
    <div className={s.pane} data-testid="pane-forms">
      <Text className={s.intro}>{t.formsIntro}</Text>

      <Field label={t.agreement} hint={agreement.title}>
        <Select testId="forms-agreement" value={agreement.id} onChange={chooseAgreement} options={agreements.map((a) => ({ value: a.id, text: agreementLabel(a, t) }))} />
      </Field>

      <Field label={t.formsRecipient} hint={requisitioner ? requisitioner.who[lang] : undefined}>
        <Select
          testId="forms-recipient"
          value={who}
          onChange={chooseRecipient}
          options={recipients.map((r) => ({ value: r, text: r === SKR ? t.formsSkr : r }))}
        />
      </Field>

      {requisitioner && requisitioner.pots.length > 1 && (
        <Field label={t.formsPots}>
          <div data-testid="forms-pots">
            {requisitioner.pots.map((id) => {
              const pot = agreement.pots.find((p) => p.id === id);
              return (
                <Checkbox
                  key={id}
                  checked={!unchecked.has(id)}
                  onChange={(_, d) => togglePot(id, d.checked === true)}
                  label={pot ? `${pot.title[lang]} (${formatKr(pot.amount, lang)})` : id}
                  data-pot={id}
                />
              );
            })}
          </div>
        </Field>
      )}
      {requisitioner && pots.length === 0 && (
        <MessageBar intent="warning" data-testid="forms-no-pots">
          <MessageBarBody>{t.formsChoosePot}</MessageBarBody>
        </MessageBar>
      )}

      {fig && (
        <div className={s.card} data-testid="forms-card">
          <Text>{t.formsAmountLabel(fig.recipient.name)}</Text>
          <div className={s.amount} data-testid="forms-amount">
            {formatKr(fig.total, lang)}
          </div>
          {fig.amounts.length === 1 && <Text data-testid="forms-pot">{fig.amounts[0]!.pot.title[lang]}</Text>}
          {fig.amounts.length > 1 && (
            <ul className={s.list}>
              {fig.amounts.map((x) => (
                <li key={x.pot.id}>{`${x.pot.title[lang]}: ${formatKr(x.amount, lang)}`}</li>
              ))}
            </ul>
          )}
          {fig.population && <Text className={s.hint}>{fig.population[lang]}</Text>}
          <CiteLine cite={fig.amounts[0]?.pot.cite ?? fig.requisitioner.cite} />
          {reqDeadline && (
            <>
              <Text data-testid="forms-deadline">{`${reqDeadline.what[lang]} ${documentDate(reqDeadline.date, lang)}`}</Text>
              <CiteLine cite={reqDeadline.cite} />
            </>
          )}
          {reportDeadlines.map((d) => (
            <Text key={`${d.kind}-${d.date}`} className={s.hint}>{`${d.what[lang]} ${documentDate(d.date, lang)}`}</Text>
          ))}
        </div>
      )}

      {blockedText && (
        <MessageBar intent="warning" layout="multiline" data-testid="forms-blocked">
          <MessageBarBody>{blockedText}</MessageBarBody>
        </MessageBar>
      )}

      <div className={s.buttons}>
        <Button appearance="primary" onClick={() => void write('requisition')} disabled={!!busy || !fig} data-testid="forms-requisition">
          {t.formsCreateRequisition}
        </Button>
        <Button onClick={() => void write('report')} disabled={!!busy || !fig} data-testid="forms-report">
          {t.formsCreateReport}
        </Button>
      </div>
      <Busy label={busy ? (step ? `${busy} ${step}` : busy) : null} />
      {error != null && <ErrorBar error={error} onDismiss={() => setError(null)} />}
      {done && <Success onDismiss={() => setDone(null)}>{done}</Success>}
      <Text className={s.hint}>{t.formsHint}</Text>
    </div>
  );
}

/** Who can be chosen: the regions where regions requisition, and SKR where SKR does. */
function recipientOptions(agreement: Agreement | undefined, regions: string[]): string[] {
  const req = agreement?.forms?.requisitioners ?? [];
  return [...(req.some((r) => r.recipients === 'regions') ? regions : []), ...(req.some((r) => r.recipients === 'skr') ? [SKR] : [])];
}
