// The one CSV writer behind every CSV download (board, nights, period report, night epochs, access
// log). csv-stringify does RFC 4180 (a field with a comma, quote or line break quoted, its quotes
// doubled; CRLF between records); this module adds what a clinic's spreadsheet needs:
// - A UTF-8 byte order mark first, so Excel on Windows reads the file as UTF-8 ("Zoë", "김민준"), not
//   as the machine's code page. Programs that read CSV skip it when told (csv-parse `bom: true`,
//   pandas `encoding="utf-8-sig"`).
// - Formula neutralising (OWASP, CSV injection): a text cell starting with = + - @, a tab, CR or LF
//   is what Excel, LibreOffice and Sheets run as a formula (=HYPERLINK(…) sends data away), so it gets
//   a leading single quote and is read as text. Only text is guarded: a number the app computed
//   (-1, 92.6) is written as a number, and stays one in the spreadsheet. Every text cell is guarded,
//   not only the columns a person types today, so a column added later cannot forget it.

import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | boolean | null;

/** The characters that make a spreadsheet read a cell as a formula when it starts with one. */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/** A text cell as it is written: with a leading ' when it would otherwise start a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The whole file: the byte order mark, the header, then one record per row, each ended by CRLF. */
export function csvDocument(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return stringify([header, ...rows] as CsvCell[][], {
    bom: true,
    record_delimiter: "\r\n",
    // A line break inside a cell is quoted whatever it is (the library itself quotes only CRLF).
    quoted_match: /[\r\n]/,
    cast: {
      string: (value) => neutraliseFormula(value),
      // csv-stringify writes true as "1" and false as "": a column of booleans says true/false.
      boolean: (value) => String(value),
      number: (value) => String(value),
    },
  });
}
