import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useT } from '../i18n';

/** Whether the host runs custom functions (CustomFunctionsRuntime 1.1), from Office's requirement sets. */
export function functionsSupported(office: { context?: { requirements?: { isSetSupported?: (name: string, version?: string) => boolean } } } | undefined): boolean {
  try {
    return !!office?.context?.requirements?.isSetSupported?.('CustomFunctionsRuntime', '1.1');
  } catch {
    return false;
  }
}

const TEXT = {
  sv: {
    title: 'Funktionerna AVTAL.* finns inte i den här Excel-versionen',
    body: 'Excel här har inte anpassade funktioner (CustomFunctionsRuntime 1.1), så formler som =AVTAL.FÖRDELA(…) ger #NAMN?. Allt i fönstret fungerar som vanligt. Funktionerna finns i Microsoft 365 och Excel 2021 eller senare i Windows, Excel för Mac och Excel på webben.',
  },
  en: {
    title: 'The AVTAL.* functions are not available in this Excel',
    body: 'This Excel has no custom functions (CustomFunctionsRuntime 1.1), so formulas such as =AVTAL.ALLOCATE(…) give #NAME?. Everything in the pane works as usual. The functions are in Microsoft 365 and Excel 2021 or later on Windows, Excel for Mac and Excel on the web.',
  },
};

/** The pane's notice where the host has no custom functions (the manifest keeps CustomFunctionsRuntime out of its requirements, so the pane still loads). */
export function FunctionsNotice({ supported }: { supported: boolean }) {
  const { lang } = useT();
  if (supported) return null;
  const t = TEXT[lang];
  return (
    <div style={{ padding: '8px 12px 0' }} data-testid="functions-unsupported">
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t.title}</MessageBarTitle>
          <div>{t.body}</div>
        </MessageBarBody>
      </MessageBar>
    </div>
  );
}
