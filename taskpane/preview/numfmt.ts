/**
 * A small number-format renderer for the preview grid: what Excel would show for a value
 * under an en-US format code. Covers the codes the add-in writes — General, "0", "0.00",
 * "#,##0" (and its Swedish spelling "# ##0"), "0%", "0.0%", "0.00 %", quoted literal
 * suffixes such as `#,##0 "kr"`, "@" — and shows other codes as General. Displayed in
 * the preview's language: Swedish groups with a no-break space and uses a decimal comma.
 */
import type { Lang } from '../../addin/api';

/** The display language of a formatted cell: the product's one Lang. */
export type DisplayLang = Lang;

const NBSP = '\u00A0';

interface Parsed {
  percent: boolean;
  decimals: number;
  grouping: boolean;
  prefix: string;
  suffix: string;
}

const cache = new Map<string, Parsed | null>();

function parseFormat(code: string): Parsed | null {
  const hit = cache.get(code);
  if (hit !== undefined) return hit;
  let result: Parsed | null = null;
  const section = code.split(';')[0] ?? '';
  if (section && !/^general$/i.test(section) && section !== '@') {
    // Literals: "quoted text", \x escapes; colours/conditions in [] are dropped.
    const lit: string[] = [];
    const body = section
      .replace(/\[[^\]]*\]/g, '')
      .replace(/"([^"]*)"|\\(.)/g, (_, q: string | undefined, e: string | undefined) => {
        lit.push(q ?? e ?? '');
        return '\uE000';
      });
    const m = /^([^#0?]*?)([#0?][#0?,\s\u00A0]*(?:\.[#0?]*)?)(.*)$/.exec(body);
    if (m) {
      const [, pre = '', numRaw = '', postRaw = ''] = m;
      // A space after the digits belongs to the suffix ("0.00 %", '#,##0 "kr"').
      const trail = /[\s\u00A0]*$/.exec(numRaw)?.[0] ?? '';
      const num = numRaw.slice(0, numRaw.length - trail.length);
      const post = trail + postRaw;
      const restore = (s: string) => {
        let i = 0;
        return s.replace(/\uE000/g, () => lit[i++] ?? '');
      };
      const litBefore = (pre.match(/\uE000/g) ?? []).length;
      const preText = restore(pre);
      const postText = (() => {
        let i = litBefore + (num.match(/\uE000/g) ?? []).length;
        return post.replace(/\uE000/g, () => lit[i++] ?? '');
      })();
      const intPart = num.split('.')[0] ?? '';
      result = {
        percent: /%/.test(post) || /%/.test(pre),
        decimals: (num.split('.')[1] ?? '').replace(/[^0#?]/g, '').length,
        grouping: /[#0?][,\s\u00A0][#0?]/.test(intPart),
        prefix: preText,
        suffix: postText.replace(/%/, '%'),
      };
    }
  }
  cache.set(code, result);
  return result;
}

function groupDigits(int: string, lang: DisplayLang): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'sv' ? NBSP : ',');
}

function fixed(n: number, decimals: number, grouping: boolean, lang: DisplayLang): string {
  const neg = n < 0;
  // Round half away from zero, as Excel does.
  const factor = 10 ** decimals;
  const r = Math.round(Math.abs(n) * factor + 1e-9) / factor;
  const [int = '0', frac] = r.toFixed(decimals).split('.');
  const body = (grouping ? groupDigits(int, lang) : int) + (frac ? (lang === 'sv' ? ',' : '.') + frac : '');
  return (neg && r !== 0 ? '-' : '') + body;
}

/** Excel's General: up to 11 characters of a number, no grouping. */
function general(n: number, lang: DisplayLang): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e11) return String(n);
  let s = Math.abs(n) >= 1e11 || (Math.abs(n) < 1e-9 && n !== 0) ? n.toExponential(5) : String(Number(n.toPrecision(10)));
  s = s.replace(/e\+?/, 'E+').replace('E+-', 'E-');
  return lang === 'sv' ? s.replace('.', ',') : s;
}

/** The text Excel would show for a value under a number format. */
export function formatCell(value: unknown, numberFormat: string | undefined, lang: DisplayLang): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'boolean') return lang === 'sv' ? (value ? 'SANT' : 'FALSKT') : value ? 'TRUE' : 'FALSE';
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return lang === 'sv' ? '#OGILTIGT!' : '#NUM!';
  const p = parseFormat(numberFormat ?? 'General');
  if (!p) return general(value, lang);
  const n = p.percent ? value * 100 : value;
  return `${p.prefix}${fixed(n, p.decimals, p.grouping, lang)}${p.suffix}`;
}

/** Numbers are right-aligned in a cell, text left, booleans and errors centred — as in Excel. */
export function cellAlign(value: unknown): 'left' | 'right' | 'center' {
  if (typeof value === 'number') return 'right';
  if (typeof value === 'boolean') return 'center';
  if (typeof value === 'string' && /^#[A-Z0-9/!?]+[!?]?$/.test(value)) return 'center';
  return 'left';
}
