import { useState, type ReactNode } from 'react';
import { Button, Text } from '@fluentui/react-components';
import { exampleSheet } from '../../addin/functions/example';
import { useT } from '../i18n';
import { usePane } from '../context';
import { useAction } from './useAction';
import { Busy, Success, useStyles } from './ui';
import { ErrorBar } from './ErrorBar';

const TEXT = {
  sv: {
    button: 'Infoga exempel',
    hint: 'Ett budgetblad för en region där intäkterna räknas av funktionerna =AVTAL.FÖRDELA(…) och =AVTAL.UTBETALNING2(…): ändra befolkningen eller en indikator och beloppen följer. Skrivs på ett nytt blad.',
    busy: 'Skriver exemplet …',
    done: (sheet: string) => `Exemplet skrevs på bladet ”${sheet}”.`,
  },
  en: {
    button: 'Insert example',
    hint: "A region's budget sheet whose income is computed by the functions =AVTAL.ALLOCATE(…) and =AVTAL.PAYMENT2(…): change the population or an indicator and the amounts follow. Written on a new sheet.",
    busy: 'Writing the example …',
    done: (sheet: string) => `The example was written on the sheet "${sheet}".`,
  },
};

/** "Infoga exempel": writes the example budget sheet (addin/functions/example.ts) through the port, on a new sheet. */
export function InsertExampleButton() {
  const { port, catalog } = usePane();
  const { lang } = useT();
  const s = useStyles();
  const t = TEXT[lang];
  const [done, setDone] = useState<ReactNode>(null);
  const { busy, error, setError, run } = useAction();
  const insert = () =>
    run(t.busy, async () => {
      setDone(null);
      const written = await port.writeSheet(await exampleSheet(catalog, lang));
      setDone(<div data-testid="example-sheet" data-sheet={written.sheet}>{t.done(written.sheet)}</div>);
    });
  return (
    <div data-testid="insert-example-block">
      <Text className={s.hint}>{t.hint}</Text>
      <div>
        <Button onClick={() => void insert()} disabled={!!busy} data-testid="insert-example">
          {t.button}
        </Button>
      </div>
      <Busy label={busy} />
      {error != null && <ErrorBar error={error} onDismiss={() => setError(null)} />}
      {done && <Success onDismiss={() => setDone(null)}>{done}</Success>}
    </div>
  );
}
