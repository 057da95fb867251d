import type { Lang } from '../i18n';

/**
 * The adapter's warnings (WorkbookPort.warnings(), after flag or clearFlags) in the user's
 * language. The adapter writes them in English with the count first; a warning the pane
 * does not know is shown as the adapter wrote it, so nothing it says goes unsaid.
 */
export function warningText(w: string, lang: Lang): string {
  const registry = /^(\d+) line\(s\) of the flag registry are not the add-in's/.exec(w);
  if (registry) {
    const n = Number(registry[1]);
    if (lang === 'sv')
      return n === 1
        ? 'En rad i tilläggets register över markeringar är inte tilläggets egen (felaktig eller inplanterad): den hoppades över, inget ändrades efter den.'
        : `${n} rader i tilläggets register över markeringar är inte tilläggets egna (felaktiga eller inplanterade): de hoppades över, inget ändrades efter dem.`;
    return n === 1
      ? "One line of the flag registry is not the add-in's (malformed or planted): it was ignored, nothing was changed by it."
      : `${n} lines of the flag registry are not the add-in's (malformed or planted): they were ignored, nothing was changed by them.`;
  }
  const moved = /^(\d+) flagged cell\(s\) no longer showed their flag/.exec(w);
  if (moved) {
    const n = Number(moved[1]);
    if (lang === 'sv')
      return n === 1
        ? 'En markerad cell visade inte längre sin markering (flyttad av en infogad rad eller kolumn, eller ändrad sedan dess): dess fyllning och anteckning lämnades som de är.'
        : `${n} markerade celler visade inte längre sin markering (flyttade av en infogad rad eller kolumn, eller ändrade sedan dess): deras fyllning och anteckning lämnades som de är.`;
    return n === 1
      ? 'One flagged cell no longer showed its flag (moved by an inserted row or column, or changed since): its fill and note were left as they are.'
      : `${n} flagged cells no longer showed their flag (moved by an inserted row or column, or changed since): their fill and note were left as they are.`;
  }
  return w;
}
