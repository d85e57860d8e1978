/**
 * A minimal .xlsx (Office Open XML SpreadsheetML) writer for large, plain tables: sheets of rows of
 * strings and numbers, column widths, a bold header row and two number formats (text `@`, `0.00`).
 * Strings are written inline (`t="inlineStr"`), as exceljs' streaming writer does without shared
 * strings; every part is deflated by Node's zlib into a plain (non-zip64) archive.
 *
 * Why not exceljs: its streaming writer still builds a cell object, a style lookup and an XML fragment
 * per cell through several layers; for 100,000 payout lines that was 3.5 s of a 10 s budget
 * (bench/README.md, 2026-12-04), where writing the XML text directly takes a tenth of it. The files
 * read back with exceljs the same (test/integration/trade-in.test.ts, payout-files.test.ts).
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** A cell's number format: none, text (`@`, so an account number stays as typed) or two decimals. */
export type CellFormat = 'general' | 'text' | 'decimal2';

export interface SheetColumn {
  readonly width?: number;
  readonly format?: CellFormat;
}

export interface Sheet {
  readonly name: string;
  readonly columns: readonly SheetColumn[];
  /** The first row, in bold. */
  readonly header: readonly string[];
  readonly rows: Iterable<readonly (string | number)[]>;
}

/** cellXfs: 0 default, then [format][bold] (see STYLES). */
const FORMATS: readonly CellFormat[] = ['general', 'text', 'decimal2'];
function styleOf(format: CellFormat, bold: boolean): number {
  return FORMATS.indexOf(format) * 2 + (bold ? 1 : 0);
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

// eslint-disable-next-line no-control-regex -- XML 1.0 cannot carry these control characters: finding them is the point
const XML_SPECIAL = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Text as XML character data; characters XML 1.0 cannot carry are dropped. */
function escapeXml(text: string): string {
  if (!XML_SPECIAL.test(text)) return text;
  let out = '';
  for (const char of text) {
    if (char === '&') out += '&amp;';
    else if (char === '<') out += '&lt;';
    else if (char === '>') out += '&gt;';
    else if (char === '"') out += '&quot;';
    else if (!XML_SPECIAL.test(char)) out += char;
  }
  return out;
}

/** A, B, …, Z, AA, … */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Rows of XML text gathered into strings of this many rows, each encoded at once (short-lived strings). */
const ROWS_PER_PIECE = 1_000;

function sheetXml(sheet: Sheet): Buffer {
  const width = Math.max(sheet.columns.length, sheet.header.length);
  const letters = Array.from({ length: width }, (_, index) => columnName(index));
  const styles = (bold: boolean) =>
    letters.map((_, index) => {
      const style = styleOf(sheet.columns[index]?.format ?? 'general', bold);
      return style === 0 ? '' : ` s="${style}"`;
    });
  const plain = styles(false);
  const bold = styles(true);
  const cell = (index: number, row: number, value: string | number, style: string): string => {
    const ref = `${letters[index] ?? columnName(index)}${row}`;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`cell ${ref} is not a finite number`);
      return `<c r="${ref}"${style}><v>${value}</v></c>`;
    }
    return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
  };
  const cols = sheet.columns
    .map((column, index) => {
      const style = styleOf(column.format ?? 'general', false);
      if (column.width === undefined && style === 0) return '';
      const size = column.width === undefined ? ' width="9.140625"' : ` width="${column.width}" customWidth="1"`;
      return `<col min="${index + 1}" max="${index + 1}"${size}${style === 0 ? '' : ` style="${style}"`}/>`;
    })
    .join('');
  let piece =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>' +
    (cols === '' ? '' : `<cols>${cols}</cols>`) +
    '<sheetData>' +
    `<row r="1">${sheet.header.map((value, index) => cell(index, 1, value, bold[index] ?? ' s="1"')).join('')}</row>`;
  const pieces: Buffer[] = [];
  let number = 1;
  for (const row of sheet.rows) {
    number += 1;
    piece += `<row r="${number}">`;
    for (let index = 0; index < row.length; index += 1)
      piece += cell(index, number, row[index] ?? '', plain[index] ?? '');
    piece += '</row>';
    if (number % ROWS_PER_PIECE === 0) {
      pieces.push(Buffer.from(piece, 'utf8'));
      piece = '';
    }
  }
  pieces.push(Buffer.from(`${piece}</sheetData></worksheet>`, 'utf8'));
  return Buffer.concat(pieces);
}

function workbookParts(sheets: readonly Sheet[], creator: string, at: Date): [string, string | Buffer][] {
  const iso = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        sheets
          .map(
            (_, index) =>
              `<Override PartName="/xl/worksheets/sheet${index + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>',
    ],
    [
      'docProps/app.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>huimin</Application></Properties>',
    ],
    [
      'docProps/core.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>${escapeXml(creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${iso}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${iso}</dcterms:modified></cp:coreProperties>`,
    ],
    [
      'xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets>' +
        sheets
          .map(
            (sheet, index) => `<sheet name="${escapeXml(sheet.name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`,
          )
          .join('') +
        '</sheets></workbook>',
    ],
    [
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        sheets
          .map(
            (_, index) =>
              `<Relationship Id="rId${index + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`,
          )
          .join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ],
    ['xl/styles.xml', STYLES],
    ...sheets.map((sheet, index): [string, Buffer] => [`xl/worksheets/sheet${index + 1}.xml`, sheetXml(sheet)]),
  ];
}

/**
 * zlib's level: on 100,000 payout lines level 1 deflated in about half the time of the default 6, for a
 * file 14 % larger (3.5 MB against 3.1 MB).
 */
const DEFLATE_LEVEL = 1;

/** DOS date and time of `at` (UTC), as a zip entry stores them. */
function dosTime(at: Date): { date: number; time: number } {
  return {
    date: ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
  };
}

/** A zip archive of deflated entries (no zip64: every entry and the whole stay below 4 GiB). */
function zip(entries: readonly [string, string | Buffer][], at: Date): Buffer {
  const { date, time } = dosTime(at);
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    const packed = deflateRawSync(data, { level: DEFLATE_LEVEL });
    const crc = crc32(data);
    if (data.length >= 0xffffffff || offset + packed.length >= 0xffffffff) {
      throw new RangeError('the workbook is too large for a plain zip archive');
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4); // made by
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(packed.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, nameBytes);
    chunks.push(local, nameBytes, packed);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

/** The workbook of `sheets` as the bytes of an .xlsx file. */
export function writeXlsx(sheets: readonly Sheet[], options: { creator: string; at: Date }): Buffer {
  return zip(workbookParts(sheets, options.creator, options.at), options.at);
}
