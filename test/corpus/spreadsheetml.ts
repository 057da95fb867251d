/**
 * A minimal hand-made SpreadsheetML (.xlsx) writer, standing in for the programs that
 * are not Excel: no styles part at all (every cell General), strings inline, formulas
 * written WITHOUT a cached value (as a program that does not calculate writes them),
 * merged cells and hidden rows kept. Zipped with the corpus's own zip writer.
 */
import { colName } from '../../addin/core/a1';
import { sortedCells, type SheetSpec } from './model';
import { zip, type ZipEntry } from './zip';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmlName(s: string): string {
  return esc(s);
}

function sheetXml(s: SheetSpec): string {
  const rows = new Map<number, string[]>();
  for (const { row, col, cell } of sortedCells(s)) {
    const r = `${colName(col)}${row + 1}`;
    let xml: string;
    if (cell.f !== undefined) xml = `<c r="${r}"><f>${esc(cell.f)}</f></c>`;
    else if (cell.date !== undefined) xml = `<c r="${r}" t="inlineStr"><is><t>${esc(String(cell.v ?? cell.date))}</t></is></c>`;
    else if (typeof cell.v === 'number') xml = `<c r="${r}"><v>${cell.v}</v></c>`;
    else if (typeof cell.v === 'boolean') xml = `<c r="${r}" t="b"><v>${cell.v ? 1 : 0}</v></c>`;
    else if (typeof cell.v === 'string') xml = `<c r="${r}" t="inlineStr"><is><t xml:space="preserve">${esc(cell.v)}</t></is></c>`;
    else continue;
    if (!rows.has(row)) rows.set(row, []);
    rows.get(row)!.push(xml);
  }
  for (const h of s.hiddenRows) if (!rows.has(h)) rows.set(h, []);
  const body = [...rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([r, cs]) => `<row r="${r + 1}"${s.hiddenRows.has(r) ? ' hidden="1"' : ''}>${cs.join('')}</row>`)
    .join('');
  const cols = s.widths.size
    ? `<cols>${[...s.widths.entries()].sort((a, b) => a[0] - b[0]).map(([c, w]) => `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`
    : '';
  const merges = s.merges.length ? `<mergeCells count="${s.merges.length}">${s.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${cols}<sheetData>${body}</sheetData>${merges}</worksheet>`;
}

/** The .xlsx bytes of the sheets. */
export function spreadsheetml(sheets: SheetSpec[], opts: { deflate?: boolean } = {}): Uint8Array {
  const ct = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets
    .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('')}</Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const wb = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
    .map((s, i) => `<sheet name="${xmlName(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('')}</sheets></workbook>`;
  const wbRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join('')}</Relationships>`;
  const entries: ZipEntry[] = [
    { name: '[Content_Types].xml', data: ct },
    { name: '_rels/.rels', data: rels },
    { name: 'xl/workbook.xml', data: wb },
    { name: 'xl/_rels/workbook.xml.rels', data: wbRels },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: sheetXml(s) })),
  ];
  return zip(entries, opts);
}
