import { useEffect, useRef, type ReactNode } from 'react';
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { type Cite, citeParts } from '../../addin/api';
import { useT } from '../i18n';

export const useStyles = makeStyles({
  pane: {
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    padding: '12px',
    minWidth: 0,
  },
  intro: { color: tokens.colorNeutralForeground2 },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: '4px',
    padding: '8px 10px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    minWidth: 0,
    overflowWrap: 'anywhere',
  },
  amount: {
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
    fontVariantNumeric: 'tabular-nums',
  },
  cite: {
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    color: tokens.colorNeutralForeground2,
  },
  quote: { fontStyle: 'italic' },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: '8px' },
  hint: {
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    color: tokens.colorNeutralForeground2,
  },
  // Dropdowns: the chosen option wraps instead of being cut off at 320 px.
  dropdown: { minWidth: 0, width: '100%', height: 'auto', minHeight: '32px' },
  dropdownButton: {
    whiteSpace: 'normal',
    textAlign: 'start',
    overflow: 'visible',
    textOverflow: 'clip',
    paddingTop: '5px',
    paddingBottom: '5px',
    height: 'auto',
  },
  // The list is no wider than the control: a task pane is only about 320 px wide.
  listbox: { maxWidth: 'min(300px, calc(100vw - 16px))', boxSizing: 'border-box' },
  option: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
  optionSub: {
    display: 'block',
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground3,
  },
  heading: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  subheading: {
    margin: '4px 0 0',
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    fontWeight: tokens.fontWeightSemibold,
  },
  list: { margin: 0, paddingInlineStart: '18px', display: 'flex', flexDirection: 'column', gap: '6px' },
});

/** "Överenskommelse … 2026 (Socialdepartementet och SKR, 12 februari 2026), avsnitt 5.3: ”quoted words”" under an amount or a rule (addin/engine/rules/cite.ts). */
export function CiteLine({ cite }: { cite: Cite }) {
  const { lang } = useT();
  const s = useStyles();
  const p = citeParts(cite, lang);
  return (
    <div className={s.cite} data-testid="cite">
      {p.document}
      {p.section ? `, ${p.section}` : ''}
      {': '}
      <span className={s.quote}>{p.quote}</span>
    </div>
  );
}

/** Progress while an action runs. */
export function Busy({ label }: { label: string | null }) {
  if (!label) return null;
  return <Spinner size="tiny" labelPosition="after" label={label} data-testid="busy" />;
}

/** Bring a message that just appeared into view (the pane is narrow and tall). */
export function useRevealOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, []);
  return ref;
}

export function Success({ children, onDismiss }: { children: ReactNode; onDismiss: () => void }) {
  const { t } = useT();
  const ref = useRevealOnMount<HTMLDivElement>();
  return (
    <MessageBar ref={ref} intent="success" layout="multiline" data-testid="success" role="status">
      <MessageBarBody>
        <MessageBarTitle>{t.successTitle}</MessageBarTitle>
        {children}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" appearance="transparent" onClick={onDismiss}>
          {t.dismiss}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
