import { webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';

/** True when a CSS hex colour ("#1f1f1f", "1F1F1F", "#fff") is dark (relative luminance under 0.4). */
export function isDarkColor(color: string | undefined | null): boolean {
  if (!color) return false;
  let hex = color.trim().replace(/^#/, '');
  if (hex.length === 3) hex = hex.replace(/./g, (c) => c + c);
  if (!/^[0-9a-f]{6}$/i.test(hex)) return false;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4;
}

export function themeFor(dark: boolean): Theme {
  return dark ? webDarkTheme : webLightTheme;
}

/** The parts of Office.js the theme watcher uses (all optional: hosts differ). */
export interface OfficeThemeHost {
  context?: {
    officeTheme?: { bodyBackgroundColor?: string } | null;
    document?: {
      addHandlerAsync?: (type: never, handler: (args: unknown) => void, callback?: (result: unknown) => void) => void;
      removeHandlerAsync?: (type: never, options?: { handler: (args: unknown) => void }, callback?: (result: unknown) => void) => void;
    } | null;
  } | null;
  EventType?: Record<string, unknown> | null;
}

/** True when Office's current theme is dark; false when the host does not say. */
export function officeIsDark(office: OfficeThemeHost | undefined): boolean {
  try {
    return isDarkColor(office?.context?.officeTheme?.bodyBackgroundColor);
  } catch {
    return false;
  }
}

/**
 * Follow Office's theme while the pane is open: the host's OfficeThemeChanged event where
 * it has one (not every host does: it is guarded, and a host that refuses it is ignored),
 * and a re-read of `officeTheme` whenever the pane gets focus or becomes visible again
 * (the user changed the theme in Office's settings and came back). Calls `onChange` only
 * when dark/light actually changes. Returns a function that stops watching.
 */
export function watchOfficeTheme(
  office: OfficeThemeHost | undefined,
  targets: { window?: EventTarget | null; document?: EventTarget | null },
  onChange: (dark: boolean) => void,
): () => void {
  let last = officeIsDark(office);
  const check = (color?: unknown) => {
    const dark = typeof color === 'string' && color ? isDarkColor(color) : officeIsDark(office);
    if (dark !== last) {
      last = dark;
      onChange(dark);
    }
  };
  const stops: (() => void)[] = [];
  const type = office?.EventType?.OfficeThemeChanged;
  const doc = office?.context?.document;
  if (type !== undefined && type !== null && typeof doc?.addHandlerAsync === 'function') {
    const handler = (args: unknown) => check((args as { officeTheme?: { bodyBackgroundColor?: unknown } } | null)?.officeTheme?.bodyBackgroundColor);
    try {
      // A host without the event answers with a failed result (or throws): focus re-reads still work.
      doc.addHandlerAsync(type as never, handler, () => undefined);
      stops.push(() => {
        try {
          doc.removeHandlerAsync?.(type as never, { handler }, () => undefined);
        } catch {
          // nothing to undo
        }
      });
    } catch {
      // unsupported here
    }
  }
  const reread = () => check();
  for (const [target, event] of [
    [targets.window, 'focus'],
    [targets.document, 'visibilitychange'],
  ] as const) {
    if (!target) continue;
    target.addEventListener(event, reread);
    stops.push(() => target.removeEventListener(event, reread));
  }
  return () => stops.forEach((stop) => stop());
}
