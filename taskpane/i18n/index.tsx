import { createContext, useContext, type ReactNode } from 'react';
import { sv, type Dict } from './sv';
import { en } from './en';

import type { Lang } from '../../addin/api';
export type { Lang };
export type { Dict };

export const dictionaries: Record<Lang, Dict> = { sv, en };

/** Swedish when Office's display language is Swedish ("sv-SE", "sv"), otherwise English. */
export function langFromOffice(displayLanguage: string | undefined | null): Lang {
  return (displayLanguage ?? '').toLowerCase().startsWith('sv') ? 'sv' : 'en';
}

const LangContext = createContext<Lang>('sv');

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <LangContext.Provider value={lang}>{children}</LangContext.Provider>;
}

/** The dictionary of the current language, and the language itself (for engine texts `{sv, en}`). */
export function useT(): { t: Dict; lang: Lang } {
  const lang = useContext(LangContext);
  return { t: dictionaries[lang], lang };
}
