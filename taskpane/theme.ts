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
