import { useMemo, useState } from 'react';
import { Field, Text, makeStyles, tokens } from '@fluentui/react-components';
import { formatKr } from '../../addin/parse/format';
import { useT } from '../i18n';
import { usePane } from '../context';
import { CiteLine, useStyles } from '../components/ui';
import { Select } from '../components/Select';
import { formatIsoDate, recipientsText, splitText } from '../components/describe';

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
});

/** "Regler": a read-only view of one agreement as its rule file states it. */
export function RulesPane() {
  const { catalog } = usePane();
  const { t, lang } = useT();
  const s = useStyles();
  const l = useLocal();
  const agreements = useMemo(() => [...catalog.agreements].sort((a, b) => b.year - a.year), [catalog]);
  const [agreementId, setAgreementId] = useState(agreements[0]?.id ?? '');
  const a = agreements.find((x) => x.id === agreementId);
  if (!a) return null;
  const conditionLabel = (id: string) => a.conditions.find((c) => c.id === id)?.label[lang] ?? id;

  return (
    <div className={s.pane} data-testid="pane-rules">
      <Text className={s.intro}>{t.rulesIntro}</Text>
      <Field label={t.agreement}>
        <Select
          testId="rules-agreement"
          value={a.id}
          onChange={setAgreementId}
          options={agreements.map((x) => ({ value: x.id, text: t.agreementOption(x.year), sub: formatKr(x.total, lang) }))}
        />
      </Field>

      <div className={s.card}>
        <h2 className={s.heading}>{a.title}</h2>
        {a.source.signed && <div className={s.hint}>{t.signed(formatIsoDate(a.source.signed, lang))}</div>}
        <div className={s.hint}>{t.sources(a.source.seeds.join(', '))}</div>
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
