// Number-format facts every layer needs (the engine's date parsing, the workbook adapters' 1904
// date system): pure, importing nothing of the project.

/**
 * Does an Excel number format show a date? True when it has a y/d/m (or the Swedish
 * å for year) outside quoted literals, escapes and [brackets], and is not "General".
 */
export function isDateFormat(format: string): boolean {
  const f = format
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/_./g, '')
    .toLowerCase();
  if (/^(general|standard|allmänt|allmant)$/.test(f.trim())) return false;
  return /[ydmå]/.test(f);
}
