/**
 * Writing .xlsx files (zips) directly, fast, for the hostile-workbook tests and the memory
 * bench: parts are given as chunks (optionally repeated), each chunk is deflated once with a
 * full flush, so a 600 MB run of one letter costs one 1 MB deflate and 600 copies of ~1 kB.
 * A part may declare a size that is not true (the "small on paper, huge inflated" bomb).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface Piece {
  data: string | Buffer;
  repeat?: number;
}

export interface PartSpec {
  name: string;
  pieces: Piece[] | (() => Iterable<string>);
  /** Lie about the uncompressed size (central directory and local header). */
  declaredSize?: number;
  store?: boolean;
  /** zlib level (default 6); 1 is several times faster for big generated parts. */
  level?: number;
}

function u16(n: number) {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}
function u32(n: number) {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

export function writeZip(path: string, parts: PartSpec[]): number {
  const fd = openSync(path, 'w');
  let pos = 0;
  const put = (b: Buffer) => {
    writeSync(fd, b, 0, b.length, pos);
    pos += b.length;
  };
  const central: Buffer[] = [];
  try {
    for (const part of parts) {
      const name = Buffer.from(part.name, 'utf8');
      const headerAt = pos;
      put(Buffer.alloc(30 + name.length)); // patched below
      let crc = 0;
      let size = 0;
      let csize = 0;
      const emit = (data: Buffer, times: number) => {
        const z = part.store ? data : deflateRawSync(data, { finishFlush: constants.Z_FULL_FLUSH, level: part.level ?? 6 });
        for (let i = 0; i < times; i++) {
          crc = crc32(data, crc);
          size += data.length;
          put(z);
          csize += z.length;
        }
      };
      if (typeof part.pieces === 'function') {
        let pending: string[] = [];
        let pendingLen = 0;
        for (const s of part.pieces()) {
          pending.push(s);
          pendingLen += s.length;
          if (pendingLen >= 1 << 20) {
            emit(Buffer.from(pending.join(''), 'utf8'), 1);
            pending = [];
            pendingLen = 0;
          }
        }
        if (pendingLen) emit(Buffer.from(pending.join(''), 'utf8'), 1);
      } else {
        for (const p of part.pieces) emit(typeof p.data === 'string' ? Buffer.from(p.data, 'utf8') : p.data, p.repeat ?? 1);
      }
      if (!part.store) {
        const fin = deflateRawSync(Buffer.alloc(0)); // the final (empty) block
        put(fin);
        csize += fin.length;
      }
      const declared = part.declaredSize ?? size;
      const method = part.store ? 0 : 8;
      const local = Buffer.concat([u32(0x04034b50), u16(20), u16(0x0800), u16(method), u16(0), u16(0x21), u32(crc), u32(csize), u32(declared), u16(name.length), u16(0), name]);
      writeSync(fd, local, 0, local.length, headerAt);
      central.push(
        Buffer.concat([u32(0x02014b50), u16(20), u16(20), u16(0x0800), u16(method), u16(0), u16(0x21), u32(crc), u32(csize), u32(declared), u16(name.length), u16(0), u16(0), u16(0), u16(0), u32(0), u32(headerAt), name]),
      );
    }
    const cdAt = pos;
    const cd = Buffer.concat(central);
    put(cd);
    put(Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(parts.length), u16(parts.length), u32(cd.length), u32(cdAt), u16(0)]));
  } finally {
    closeSync(fd);
  }
  return pos;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function colName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export interface BookSpec {
  sheets: { name: string; xml: PartSpec['pieces']; declaredSize?: number; state?: string; level?: number }[];
  sharedStrings?: PartSpec['pieces'];
  sharedStringsDeclared?: number;
  styles?: string;
  extra?: PartSpec[];
}

export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}" xmlns:r="${RNS}"><sheetData>`;
export const SHEET_TAIL = '</sheetData></worksheet>';

const DEFAULT_STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

/** A whole .xlsx from sheet XML (the pieces are the full part text). */
export function writeBook(path: string, spec: BookSpec): number {
  const sheetEntries = spec.sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('');
  const n = spec.sheets.length;
  const parts: PartSpec[] = [
    {
      name: '[Content_Types].xml',
      pieces: [{
        data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${spec.sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${spec.sharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : ''}</Types>`,
      }],
    },
    {
      name: '_rels/.rels',
      pieces: [{ data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RNS}/officeDocument" Target="xl/workbook.xml"/></Relationships>` }],
    },
    {
      name: 'xl/workbook.xml',
      pieces: [{ data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}" xmlns:r="${RNS}"><sheets>${sheetEntries}</sheets></workbook>` }],
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      pieces: [{
        data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${spec.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${RNS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${n + 1}" Type="${RNS}/styles" Target="styles.xml"/>${spec.sharedStrings ? `<Relationship Id="rId${n + 2}" Type="${RNS}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
      }],
    },
    { name: 'xl/styles.xml', pieces: [{ data: spec.styles ?? DEFAULT_STYLES }] },
    ...spec.sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, pieces: s.xml, ...(s.declaredSize !== undefined ? { declaredSize: s.declaredSize } : {}), ...(s.level !== undefined ? { level: s.level } : {}) })),
    ...(spec.sharedStrings ? [{ name: 'xl/sharedStrings.xml', pieces: spec.sharedStrings, ...(spec.sharedStringsDeclared !== undefined ? { declaredSize: spec.sharedStringsDeclared } : {}) }] : []),
    ...(spec.extra ?? []),
  ];
  return writeZip(path, parts);
}

/** Sheet XML of `rows` rows × `cols` numbers (deterministic pseudo-random values), in chunks. */
export function numberSheet(rows: number, cols: number, opts: { header?: boolean; refs?: boolean } = {}): () => Iterable<string> {
  const refs = opts.refs !== false;
  const names = Array.from({ length: cols }, (_, c) => colName(c));
  return function* () {
    yield SHEET_HEAD;
    let seed = 12345;
    let buf = '';
    for (let r = 1; r <= rows; r++) {
      buf += refs ? `<row r="${r}">` : '<row>';
      for (let c = 0; c < cols; c++) {
        if (opts.header && r === 1) {
          buf += `<c${refs ? ` r="${names[c]}${r}"` : ''} t="inlineStr"><is><t>Kolumn ${c + 1}</t></is></c>`;
          continue;
        }
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const v = (seed % 10_000_000) / 100;
        buf += `<c${refs ? ` r="${names[c]}${r}"` : ''}><v>${v}</v></c>`;
      }
      buf += '</row>';
      if (buf.length > 1 << 16) {
        yield buf;
        buf = '';
      }
    }
    yield buf + SHEET_TAIL;
  };
}
