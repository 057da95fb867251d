import { useMemo, useRef, useState, type ReactNode } from 'react';
import { Button, Field, Link, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { loadAgreementText, MAX_RULE_FILE_BYTES, ruleFileHash, type RuleError, formatKr, formatNumber, documentNames } from '../../addin/api';
import { useT } from '../i18n';
import { usePane } from '../context';
import { useAction } from '../components/useAction';
import { Busy, CiteLine, Success, useRevealOnMount, useStyles } from '../components/ui';
import { ErrorBar } from '../components/ErrorBar';
import { Select } from '../components/Select';
import { agreementLabel, formatIsoDate, recipientsText, splitText } from '../components/describe';

const useLocal = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '6px' },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    justifyContent: 'space-between',
    alignItems: 'baseline',
    columnGap: '8px',
  },
  rowTitle: { fontWeight: tokens.fontWeightSemibold, flexGrow: 1, flexBasis: '150px', minWidth: 0 },
  num: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap', fontWeight: tokens.fontWeightSemibold },
  load: { display: 'flex', flexDirection: 'column', gap: '4px' },
  errorList: { margin: '4px 0 0', paddingInlineStart: '16px', overflowWrap: 'anywhere' },
  path: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

/** A file's text, read in the pane with FileReader (never fetched). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`));
    reader.readAsText(file, 'utf-8');
  });
}

/** A rule file's errors, each with its JSON path. */
function RuleFileErrors({ file, errors, onDismiss }: { file: string; errors: RuleError[]; onDismiss: () => void }) {
  const { t, lang } = useT();
  const l = useLocal();
  const ref = useRevealOnMount<HTMLDivElement>();
  // A long list shows the first ten, with a link to the rest (one mistake can give dozens of schema errors).
  const [all, setAll] = useState(false);
  const shown = all ? errors.slice(0, 500) : errors.slice(0, 10);
  return (
    <MessageBar ref={ref} intent="error" layout="multiline" role="alert" data-testid="rule-file-errors">
      <MessageBarBody>
        <MessageBarTitle>{t.ruleFileErrors(file, errors.length)}</MessageBarTitle>
        <ul className={l.errorList}>
          {shown.map((e, i) => (
            <li key={i} data-testid="rule-file-error" data-path={e.path}>
              <span className={l.path}>{e.path && e.path !== '/' ? e.path : t.ruleFileRoot}</span>: {e.text?.[lang] ?? e.message}
            </li>
          ))}
          {errors.length > shown.length && (
            <li>
              {all ? (
                t.moreErrors(errors.length - shown.length)
              ) : (
                <Link as="button" inline onClick={() => setAll(true)} data-testid="show-all-rule-errors">
                  {t.showAllErrors(errors.length)}
                </Link>
              )}
            </li>
          )}
        </ul>
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" appearance="transparent" onClick={onDismiss}>
          {t.dismiss}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

/** "Regler": a read-only view of one agreement as its rule file states it. */
export function RulesPane() {
  const { catalog, loaded, addAgreement } = usePane();
  const { t, lang } = useT();
  const s = useStyles();
  const l = useLocal();
  const agreements = useMemo(() => [...catalog.agreements].sort((a, b) => b.year - a.year || a.id.localeCompare(b.id)), [catalog]);
  const [agreementId, setAgreementId] = useState(agreements[0]?.id ?? '');
  const fileInput = useRef<HTMLInputElement>(null);
  const [fileErrors, setFileErrors] = useState<{ file: string; errors: RuleError[] } | null>(null);
  const [done, setDone] = useState<ReactNode>(null);
  const { busy, error, setError, run } = useAction();
  const a = agreements.find((x) => x.id === agreementId);
  if (!a) return null;
  const loadedFrom = loaded.find((x) => x.id === a.id)?.file;

  // "Läs in regelfil …": read with FileReader, size-limited and schema-checked by the engine;
  // a valid agreement joins the catalog of every pane for this session.
  const readRuleFile = (file: File) =>
    run(t.readingFile, async () => {
      setFileErrors(null);
      setDone(null);
      if (file.size > MAX_RULE_FILE_BYTES) {
        const message = t.ruleFileTooLarge(formatNumber(file.size, 0, lang), formatNumber(MAX_RULE_FILE_BYTES, 0, lang));
        setFileErrors({ file: file.name, errors: [{ file: file.name, path: '', message }] });
        return;
      }
      let text: string;
      try {
        text = await readText(file);
      } catch (e) {
        console.error(e);
        setFileErrors({ file: file.name, errors: [{ file: file.name, path: '', message: t.ruleFileUnreadable }] });
        return;
      }
      const res = loadAgreementText(text, file.name, catalog.reference);
      if (!res.ok) {
        setFileErrors({ file: file.name, errors: res.errors });
        return;
      }
      const entry = addAgreement(res.agreement, file.name, await ruleFileHash(text));
      setAgreementId(entry.id);
      setDone(
        <div data-testid="rule-file-loaded" data-agreement={entry.id}>
          {t.ruleFileLoaded(agreementLabel(res.agreement, t), file.name)} {entry.replaced ? t.ruleFileReplaced : t.ruleFileAdded}
          {entry.renamedFrom && <div data-testid="rule-file-renamed">{t.ruleFileRenamed(entry.renamedFrom, entry.id)}</div>}
        </div>,
      );
    });
  const conditionLabel = (id: string) => a.conditions.find((c) => c.id === id)?.label[lang] ?? id;

  return (
    <div className={s.pane} data-testid="pane-rules">
      <Text className={s.intro}>{t.rulesIntro}</Text>
      <Field label={t.agreement}>
        <Select
          testId="rules-agreement"
          value={a.id}
          onChange={setAgreementId}
          options={agreements.map((x) => ({ value: x.id, text: agreementLabel(x, t), sub: formatKr(x.total, lang) }))}
        />
      </Field>

      <div className={l.load}>
        <div className={s.buttons}>
          <Button onClick={() => fileInput.current?.click()} disabled={!!busy} data-testid="load-rule-file">
            {t.loadRuleFile}
          </Button>
        </div>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="rule-file-input"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            // Cleared so that choosing the same file again (after fixing it) reads it again.
            e.currentTarget.value = '';
            if (file) void readRuleFile(file);
          }}
        />
        <Text className={s.hint}>{t.loadRuleFileHint}</Text>
      </div>
      <Busy label={busy} />
      {error != null && <ErrorBar error={error} onDismiss={() => setError(null)} />}
      {fileErrors && <RuleFileErrors file={fileErrors.file} errors={fileErrors.errors} onDismiss={() => setFileErrors(null)} />}
      {done && <Success onDismiss={() => setDone(null)}>{done}</Success>}

      <div className={s.card}>
        <h2 className={s.heading}>{a.title}</h2>
        {loadedFrom && (
          <div className={s.hint} data-testid="loaded-from">
            {t.loadedFrom(loadedFrom)}
          </div>
        )}
        {a.source.signed && <div className={s.hint}>{t.signed(formatIsoDate(a.source.signed, lang))}</div>}
        <div className={s.hint}>{t.sources(documentNames(a.source.documents, lang))}</div>
        <div className={l.row}>
          <span>{t.total}</span>
          <span className={s.amount}>{formatKr(a.total, lang)}</span>
        </div>
        <CiteLine cite={a.totalCite} />
      </div>

      {a.groups.map((g) => {
        const pots = a.pots.filter((p) => p.group === g.id);
        return (
          <section key={g.id} className={l.section} aria-label={g.title[lang]}>
            <div className={l.row}>
              <h3 className={s.heading} style={{ flexBasis: '150px', flexGrow: 1 }}>
                {g.title[lang]}
              </h3>
              <span className={l.num}>{formatKr(g.amount, lang)}</span>
            </div>
            <CiteLine cite={g.cite} />
            {pots.map((p) => (
              <div key={p.id} className={s.card}>
                <div className={l.row}>
                  <span className={l.rowTitle}>{p.title[lang]}</span>
                  <span className={l.num}>{formatKr(p.amount, lang)}</span>
                </div>
                <div className={s.hint}>
                  {recipientsText(p, t)} · {splitText(p, catalog, t, lang)}
                </div>
                {p.conditions?.length ? <div className={s.hint}>{t.potConditions(p.conditions.map(conditionLabel).join('; '))}</div> : null}
                {p.split.by === 'parts' && (
                  <ul className={s.list}>
                    {p.split.parts.map((part) => (
                      <li key={part.id} className={s.hint}>
                        {part.title[lang]}: {part.conditions.map(conditionLabel).join('; ')}
                      </li>
                    ))}
                  </ul>
                )}
                {p.payment?.map((d, i) => (
                  <div key={i} className={s.hint}>
                    {t.payment}: {d.what[lang]} — {formatIsoDate(d.date, lang)}
                  </div>
                ))}
                {p.notes?.map((n, i) => (
                  <div key={i} className={s.hint}>
                    {n[lang]}
                  </div>
                ))}
                <CiteLine cite={p.cite} />
              </div>
            ))}
          </section>
        );
      })}

      {a.conditions.length > 0 && (
        <section className={l.section}>
          <h3 className={s.heading}>{t.conditionsHeading}</h3>
          <ul className={s.list}>
            {a.conditions.map((c) => (
              <li key={c.id}>
                {c.label[lang]}
                <CiteLine cite={c.cite} />
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className={l.section}>
        <h3 className={s.heading}>{t.deadlines}</h3>
        {a.deadlines.length === 0 ? (
          <Text>{t.none}</Text>
        ) : (
          <ul className={s.list}>
            {a.deadlines.map((d, i) => (
              <li key={i}>
                <strong>{formatIsoDate(d.date, lang)}</strong>: {d.what[lang]}
                <CiteLine cite={d.cite} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className={l.section}>
        <h3 className={s.heading}>{t.errata}</h3>
        {a.errata.length === 0 ? (
          <Text>{t.none}</Text>
        ) : (
          <ul className={s.list}>
            {a.errata.map((e, i) => (
              <li key={i}>
                {t.sectionCite(e.section)}: <span className={s.quote}>{t.quote(e.text)}</span>
                <div>{t.erratumReading(e.reading[lang])}</div>
                <CiteLine cite={e.cite} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className={l.section}>
        <h3 className={s.heading}>{t.gaps}</h3>
        {a.gaps.length === 0 ? (
          <Text>{t.none}</Text>
        ) : (
          <ul className={s.list}>
            {a.gaps.map((g, i) => (
              <li key={i}>
                {g.what[lang]}
                {g.amount && <strong> ({formatKr(g.amount, lang)})</strong>}
                <CiteLine cite={g.cite} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className={l.section}>
        <h3 className={s.heading}>{t.readings}</h3>
        {a.readings.length === 0 ? (
          <Text>{t.none}</Text>
        ) : (
          <ul className={s.list}>
            {a.readings.map((r) => (
              <li key={r.id}>
                {r.text[lang]}
                <CiteLine cite={r.cite} />
              </li>
            ))}
          </ul>
        )}
      </section>

      {a.checklist && a.checklist.length > 0 && (
        <section className={l.section}>
          <h3 className={s.heading}>{t.checklist}</h3>
          <ul className={s.list}>
            {a.checklist.map((c, i) => (
              <li key={i}>
                {c.text[lang]}
                <CiteLine cite={c.cite} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
