/**
 * Inspect an .xlsx before anything parses it: a hostile or oversized workbook is refused
 * with a message naming the part and the limit, instead of filling the memory.
 *
 * 1. Without inflating: the file size, the number of zip entries, the uncompressed sizes
 *    the central directory declares (total and per part) and each part's compression ratio.
 * 2. Then every part is inflated as a stream and counted, stopping at the limit — declared
 *    sizes can lie — and every XML part is tokenized: no DOCTYPE / entity declarations, no
 *    undeclared entities, nesting and single strings bounded, the number of sheets bounded,
 *    and the used range of each sheet (from the cells' own references) summed and bounded.
 *
 * Memory stays flat: a 64 kB chunk and one XML token at a time.
 */
import { StringDecoder } from 'node:string_decoder';
import type { FileHandle } from 'node:fs/promises';
import { inflateEntry, InflateLimit, openZip, readCentralDirectory, TooManyEntries, ZipError, type ZipEntry } from './zip-read';
import { attr, localName, XmlLimit, XmlScanner, type XmlHandler } from './xml-scan';

export interface XlsxLimits {
  /** Size of the .xlsx file itself. */
  fileBytes: number;
  /** All parts together, uncompressed (declared, and as inflated). */
  totalUncompressed: number;
  /** Highest compression ratio (uncompressed / compressed) for a part bigger than ratioFloor. */
  maxRatio: number;
  ratioFloor: number;
  /** Cells in the used ranges of all sheets together (the rectangles the audit reads). */
  cells: number;
  sheets: number;
  entries: number;
  /** XML nesting depth. */
  depth: number;
  /** Longest single XML token (a string, a tag), in characters. */
  token: number;
}

const MB = 1024 * 1024;

export const XLSX_LIMITS: Readonly<XlsxLimits> = Object.freeze({
  fileBytes: 200 * MB,
  totalUncompressed: 200 * MB,
  maxRatio: 100,
  ratioFloor: 4 * MB,
  cells: 5_000_000,
  sheets: 1_000,
  entries: 10_000,
  depth: 100,
  token: 1_000_000,
});

import type { Lang } from '../core/lang';
export type { Lang };

/** A workbook refused before parsing. */
export class XlsxRefusal extends Error {
  constructor(
    /** The zip part concerned ("xl/worksheets/sheet1.xml"), or "" for the file itself. */
    readonly part: string,
    /** A stable id of the limit ("cells", "totalUncompressed", "ratio", "doctype" …). */
    readonly limit: string,
    readonly text: { sv: string; en: string },
  ) {
    super(text.en);
  }

  describe(lang: Lang): string {
    const where = this.part ? (lang === 'sv' ? ` (del ${this.part})` : ` (part ${this.part})`) : '';
    return lang === 'sv' ? `vägras före läsning${where}: ${this.text.sv}` : `refused before reading${where}: ${this.text.en}`;
  }
}

function nf(n: number, lang: Lang): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'sv' ? '\u00a0' : ',');
}

function mb(n: number, lang: Lang): string {
  const v = n / MB;
  const s = v >= 10 ? v.toFixed(0) : v.toFixed(1);
  return `${lang === 'sv' ? s.replace('.', ',') : s} MB`;
}

function refuse(part: string, limit: string, sv: string, en: string): XlsxRefusal {
  return new XlsxRefusal(part, limit, { sv, en });
}

export interface SheetInfo {
  name: string;
  part: string;
  state: string;
  /** Cells in the used range of cells with a value (rows × columns of its rectangle). */
  area: number;
  /** `<c>` elements stored in the part. */
  stored: number;
  /** The rectangle of cells with a value (0-based, inclusive), or null for none. */
  rect: { top: number; left: number; bottom: number; right: number } | null;
}

export interface XlsxInspection {
  fileBytes: number;
  /** Inflated bytes of all parts. */
  uncompressed: number;
  sheets: SheetInfo[];
  /** Sum of the sheets' used-range areas. */
  cells: number;
  /** Sum of stored cells. */
  stored: number;
  sharedStringsBytes: number;
  ms: number;
}

/** Resolve a relationship target against the folder of its source part. */
export function resolvePart(fromPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const base = fromPart.includes('/') ? fromPart.slice(0, fromPart.lastIndexOf('/') + 1) : '';
  const parts = (base + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** The .rels part of a part: "xl/workbook.xml" → "xl/_rels/workbook.xml.rels". */
export function relsOf(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

const XMLISH = /\.(xml|rels|vml)$/i;

/** A1 reference → 0-based row/col; null if not a cell reference. */
export function parseRef(ref: string): { row: number; col: number } | null {
  let i = 0;
  let col = 0;
  const n = ref.length;
  while (i < n) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else if (c === 36 && i === 0) {
      /* $ */
    } else break;
    i++;
  }
  if (ref.charCodeAt(i) === 36) i++;
  if (col === 0 || i >= n) return null;
  let row = 0;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    row = row * 10 + (c - 48);
  }
  if (row === 0) return null;
  return { row: row - 1, col: col - 1 };
}

/** Tracks a sheet's used range of valued cells while its XML streams past. */
class SheetCounter implements XmlHandler {
  top = Infinity;
  left = Infinity;
  bottom = -1;
  right = -1;
  stored = 0;
  private row = -1;
  private col = -1;
  private inCell = false;
  private hasValue = false;
  private cellRow = 0;
  private cellCol = 0;

  constructor(private readonly onRow: (self: SheetCounter) => void) {}

  get area(): number {
    return this.bottom < 0 ? 0 : (this.bottom - this.top + 1) * (this.right - this.left + 1);
  }

  open(rawName: string, attrs: string, selfClosing: boolean): void {
    const name = rawName.indexOf(':') >= 0 ? localName(rawName) : rawName;
    if (name === 'c') {
      this.stored++;
      const r = attr(attrs, 'r');
      if (r !== undefined) {
        const p = parseRef(r);
        if (!p) throw new XmlLimit('syntax', `a bad cell reference "${r.slice(0, 20)}"`);
        this.cellCol = p.col;
        this.cellRow = p.row;
      } else {
        this.cellCol = this.col + 1;
        this.cellRow = Math.max(this.row, 0);
      }
      this.col = this.cellCol;
      this.inCell = !selfClosing;
      this.hasValue = false;
    } else if (name === 'row') {
      const r = attr(attrs, 'r');
      const n = r !== undefined ? Number(r) : NaN;
      this.row = Number.isInteger(n) && n >= 1 ? n - 1 : this.row + 1;
      this.col = -1;
    } else if (this.inCell && (name === 'v' || name === 'is')) this.hasValue = true;
  }

  close(rawName: string): void {
    const name = rawName.indexOf(':') >= 0 ? localName(rawName) : rawName;
    if (name === 'c') {
      if (this.inCell && this.hasValue) {
        if (this.cellRow < this.top) this.top = this.cellRow;
        if (this.cellRow > this.bottom) this.bottom = this.cellRow;
        if (this.cellCol < this.left) this.left = this.cellCol;
        if (this.cellCol > this.right) this.right = this.cellCol;
      }
      this.inCell = false;
    } else if (name === 'row') this.onRow(this);
  }
}

interface WorkbookSheets {
  sheets: { name: string; rid: string; state: string }[];
}

function workbookHandler(out: WorkbookSheets): XmlHandler {
  return {
    open(rawName, attrs) {
      if (localName(rawName) !== 'sheet') return;
      out.sheets.push({
        name: attr(attrs, 'name') ?? '',
        rid: attr(attrs, 'r:id') ?? attr(attrs, 'relationships:id') ?? '',
        state: attr(attrs, 'state') ?? 'visible',
      });
    },
  };
}

function relsHandler(out: Map<string, { target: string; type: string }>): XmlHandler {
  return {
    open(rawName, attrs) {
      if (localName(rawName) !== 'Relationship') return;
      const id = attr(attrs, 'Id');
      const target = attr(attrs, 'Target');
      if (id && target) out.set(id, { target, type: attr(attrs, 'Type') ?? '' });
    },
  };
}

/** Inflate one part with the guard's limits, feeding the text to a handler. Returns bytes inflated. */
async function scanPart(fh: FileHandle, e: ZipEntry, limits: XlsxLimits, budget: number, handler: XmlHandler | null, lang: Lang): Promise<number> {
  const scanner = handler ? new XmlScanner(handler, { maxDepth: limits.depth, maxToken: limits.token }) : null;
  const decoder = handler ? new StringDecoder('utf8') : null;
  try {
    const n = await inflateEntry(fh, e, {
      limit: budget,
      maxRatio: limits.maxRatio,
      ratioFloor: limits.ratioFloor,
      onRatio: (o, i) =>
        refuse(e.name, 'ratio', `packas upp över ${limits.maxRatio} gånger sin packade storlek (${mb(o, 'sv')} ur ${mb(i, 'sv')}); gränsen är ${limits.maxRatio} för delar över ${mb(limits.ratioFloor, 'sv')}`,
          `inflates to more than ${limits.maxRatio} times its compressed size (${mb(o, 'en')} out of ${mb(i, 'en')}); the limit is ${limits.maxRatio} for parts over ${mb(limits.ratioFloor, 'en')}`),
      onData: scanner && decoder ? (chunk) => scanner.write(decoder.write(chunk)) : () => undefined,
    });
    if (scanner && decoder) {
      scanner.write(decoder.end());
      scanner.end();
    }
    return n;
  } catch (err) {
    if (err instanceof XlsxRefusal) throw err;
    if (err instanceof InflateLimit) {
      const l = limits.totalUncompressed;
      throw refuse(e.name, 'totalUncompressed', `packas upp till mer än vad som återstår av gränsen ${mb(l, 'sv')} okomprimerat för hela boken (deklarerade ${mb(e.uncompressedSize, 'sv')})`,
        `inflates past what is left of the ${mb(l, 'en')} uncompressed limit for the whole workbook (it declared ${mb(e.uncompressedSize, 'en')})`);
    }
    if (err instanceof XmlLimit) {
      const sv: Record<XmlLimit['kind'], string> = {
        doctype: 'en DOCTYPE-deklaration (entitetsdeklarationer, t.ex. "billion laughs", vägras)',
        entity: 'en odeklarerad XML-entitet',
        depth: `XML nästlad djupare än ${limits.depth} nivåer`,
        token: `en enskild XML-text eller tagg längre än ${nf(limits.token, 'sv')} tecken`,
        syntax: 'felaktig XML',
      };
      throw refuse(e.name, err.kind, err.kind === 'syntax' || err.kind === 'entity' ? `${sv[err.kind]} (${err.message})` : sv[err.kind], err.message);
    }
    if (err instanceof ZipError) throw refuse(e.name, 'zip', `trasig zip-del: ${err.message}`, `broken zip part: ${err.message}`);
    void lang;
    throw err;
  }
}

/**
 * Inspect the .xlsx at `path`. Resolves with what was measured, or rejects with an
 * XlsxRefusal (a limit passed, or not an .xlsx); other errors are I/O errors.
 */
export async function inspectXlsx(path: string, limits: XlsxLimits = XLSX_LIMITS): Promise<XlsxInspection> {
  const t0 = Date.now();
  const { fh, size } = await openZip(path);
  try {
    if (size > limits.fileBytes) {
      throw refuse('', 'fileBytes', `filen är ${mb(size, 'sv')}; gränsen är ${mb(limits.fileBytes, 'sv')}`, `the file is ${mb(size, 'en')}; the limit is ${mb(limits.fileBytes, 'en')}`);
    }
    let entries: ZipEntry[];
    try {
      entries = await readCentralDirectory(fh, size, limits.entries);
    } catch (e) {
      if (e instanceof TooManyEntries) throw refuse('', 'entries', `zip-filen har ${nf(e.count, 'sv')} delar; gränsen är ${nf(limits.entries, 'sv')}`, `the zip has ${nf(e.count, 'en')} parts; the limit is ${nf(limits.entries, 'en')}`);
      if (e instanceof ZipError) throw refuse('', 'zip', `ingen .xlsx-fil (${e.message})`, `not an .xlsx file (${e.message})`);
      throw e;
    }
    // 1. Declared sizes and ratios, before inflating anything.
    let declared = 0;
    let biggest: ZipEntry | undefined;
    for (const e of entries) {
      declared += e.uncompressedSize;
      if (!biggest || e.uncompressedSize > biggest.uncompressedSize) biggest = e;
      if (e.uncompressedSize > limits.ratioFloor && e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxRatio) {
        const r = Math.round(e.uncompressedSize / Math.max(1, e.compressedSize));
        throw refuse(e.name, 'ratio', `packas upp ${nf(r, 'sv')} gånger (${mb(e.compressedSize, 'sv')} → ${mb(e.uncompressedSize, 'sv')}); gränsen är ${limits.maxRatio} för delar över ${mb(limits.ratioFloor, 'sv')}`,
          `has a compression ratio of ${nf(r, 'en')} (${mb(e.compressedSize, 'en')} → ${mb(e.uncompressedSize, 'en')}); the limit is ${limits.maxRatio} for parts over ${mb(limits.ratioFloor, 'en')}`);
      }
    }
    if (declared > limits.totalUncompressed) {
      throw refuse(biggest?.name ?? '', 'totalUncompressed', `boken är ${mb(declared, 'sv')} okomprimerad (största delen ${mb(biggest?.uncompressedSize ?? 0, 'sv')}); gränsen är ${mb(limits.totalUncompressed, 'sv')}`,
        `the workbook is ${mb(declared, 'en')} uncompressed (largest part ${mb(biggest?.uncompressedSize ?? 0, 'en')}); the limit is ${mb(limits.totalUncompressed, 'en')}`);
    }
    const byName = new Map(entries.map((e) => [e.name, e]));
    let inflated = 0;
    const remaining = () => limits.totalUncompressed - inflated;
    const done = new Set<string>();
    const scanXml = async (name: string, handler: XmlHandler) => {
      const e = byName.get(name);
      if (!e) return false;
      inflated += await scanPart(fh, e, limits, remaining(), handler, 'en');
      done.add(name);
      return true;
    };

    // 2. The workbook part and its sheets.
    const rootRels = new Map<string, { target: string; type: string }>();
    await scanXml('_rels/.rels', relsHandler(rootRels));
    const office = [...rootRels.values()].find((r) => /\/officeDocument$/.test(r.type));
    const wbPart = office ? resolvePart('', office.target) : 'xl/workbook.xml';
    const wb: WorkbookSheets = { sheets: [] };
    if (!(await scanXml(wbPart, workbookHandler(wb)))) throw refuse('', 'zip', `ingen .xlsx-fil (delen ${wbPart} saknas)`, `not an .xlsx file (no ${wbPart} part)`);
    if (wb.sheets.length > limits.sheets) {
      throw refuse(wbPart, 'sheets', `boken har ${nf(wb.sheets.length, 'sv')} blad; gränsen är ${nf(limits.sheets, 'sv')}`, `the workbook has ${nf(wb.sheets.length, 'en')} sheets; the limit is ${nf(limits.sheets, 'en')}`);
    }
    const wbRels = new Map<string, { target: string; type: string }>();
    await scanXml(relsOf(wbPart), relsHandler(wbRels));
    const sheetParts = new Map<string, { name: string; state: string }>();
    for (const s of wb.sheets) {
      const rel = wbRels.get(s.rid);
      if (rel) sheetParts.set(resolvePart(wbPart, rel.target), { name: s.name, state: s.state });
    }

    // 3. Every other part: sheets counted, XML tokenized, binaries inflated and measured.
    const sheets: SheetInfo[] = [];
    let cells = 0;
    let stored = 0;
    let sharedStringsBytes = 0;
    for (const e of entries) {
      if (done.has(e.name) || e.name.endsWith('/')) continue;
      const sheet = sheetParts.get(e.name);
      if (sheet) {
        const counter = new SheetCounter((c) => {
          if (cells + c.area > limits.cells) {
            throw refuse(e.name, 'cells', `bladet "${sheet.name}" har minst ${nf(cells + c.area, 'sv')} celler i använda områden (räknat hittills i boken); gränsen är ${nf(limits.cells, 'sv')} (Excels egen läsgräns)`,
              `sheet "${sheet.name}" brings the used ranges to at least ${nf(cells + c.area, 'en')} cells; the limit is ${nf(limits.cells, 'en')} (Excel's own read cap)`);
          }
          if (stored + c.stored > limits.cells) {
            throw refuse(e.name, 'cells', `bladet "${sheet.name}" lagrar minst ${nf(stored + c.stored, 'sv')} celler (räknat hittills i boken); gränsen är ${nf(limits.cells, 'sv')}`,
              `sheet "${sheet.name}" brings the stored cells to at least ${nf(stored + c.stored, 'en')}; the limit is ${nf(limits.cells, 'en')}`);
          }
        });
        const n = await scanPart(fh, e, limits, remaining(), counter, 'en');
        inflated += n;
        counter.close('row'); // a sheet ending without </row> still counts
        cells += counter.area;
        stored += counter.stored;
        sheets.push({ name: sheet.name, part: e.name, state: sheet.state, area: counter.area, stored: counter.stored, rect: counter.bottom < 0 ? null : { top: counter.top, left: counter.left, bottom: counter.bottom, right: counter.right } });
      } else {
        const n = await scanPart(fh, e, limits, remaining(), XMLISH.test(e.name) ? {} : null, 'en');
        inflated += n;
        if (/sharedStrings\.xml$/i.test(e.name)) sharedStringsBytes = n;
      }
    }
    return { fileBytes: size, uncompressed: inflated, sheets, cells, stored, sharedStringsBytes, ms: Date.now() - t0 };
  } finally {
    await fh.close();
  }
}
