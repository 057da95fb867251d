import { useState } from 'react';
import { Button, Link, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { CellError } from '../../addin/api';
import { useT } from '../i18n';
import { describeError } from './errors';
import { useRevealOnMount } from './ui';

/** One error, with its Office error code when it has one. Never hidden: only the user dismisses it. */
export function ErrorBar({ error, onDismiss, onGoTo }: { error: unknown; onDismiss?: () => void; onGoTo?: (sheet: string | undefined, cell: string) => void }) {
  const { t, lang } = useT();
  const e = describeError(error, lang);
  const ref = useRevealOnMount<HTMLDivElement>();
  return (
    <MessageBar ref={ref} intent="error" layout="multiline" data-testid="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{e.office ? t.officeErrorTitle : t.errorTitle}</MessageBarTitle>
        <div>{e.message}</div>
        {e.code && <div data-testid="error-code">{t.errorCode(e.code)}</div>}
        {e.detail && <div>{e.detail}</div>}
        {e.cell && (
          <div>
            {onGoTo ? (
              <Link as="button" onClick={() => onGoTo(e.sheet, e.cell!)}>
                {t.goToCell(e.sheet ? `${e.sheet}!${e.cell}` : e.cell)}
              </Link>
            ) : (
              t.errorAtCell(e.cell)
            )}
          </div>
        )}
      </MessageBarBody>
      {onDismiss && (
        <MessageBarActions>
          <Button size="small" appearance="transparent" onClick={onDismiss}>
            {t.dismiss}
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

/** Errors found in a grid, each against its cell (a link that selects the cell). Long lists show the first ten, with a count. */
export function CellErrorList({ title, errors, onGoTo }: { title: string; errors: CellError[]; onGoTo: (sheet: string | undefined, cell: string) => void }) {
  const { t, lang } = useT();
  const ref = useRevealOnMount<HTMLDivElement>();
  const [all, setAll] = useState(false);
  const FIRST = 10;
  const shown = all ? errors.slice(0, 500) : errors.slice(0, FIRST);
  return (
    <MessageBar ref={ref} intent="error" layout="multiline" data-testid="cell-errors" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        <ul style={{ margin: '4px 0 0', paddingInlineStart: 16 }}>
          {shown.map((er, i) => (
            <li key={i} data-testid="cell-error">
              <Link as="button" inline onClick={() => onGoTo(er.sheet, er.cell)}>
                {er.sheet ? `${er.sheet}!${er.cell}` : er.cell}
              </Link>
              {': '}
              {withoutCellPrefix(er.message[lang], er.cell)}
            </li>
          ))}
          {errors.length > shown.length && (
            <li>
              {all ? (
                t.moreErrors(errors.length - shown.length)
              ) : (
                <Link as="button" inline onClick={() => setAll(true)} data-testid="show-all-errors">
                  {t.showAllErrors(errors.length)}
                </Link>
              )}
            </li>
          )}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

/** The engine's messages start with their cell ("A26: …"); the link already names it. */
function withoutCellPrefix(message: string, cell: string): string {
  return message.startsWith(`${cell}: `) ? message.slice(cell.length + 2) : message;
}
