// The period PDF read back as a reader sees it (pdftotext, poppler-utils): zones as people write them,
// nights named by date and zone, and every column of the table defined, under its own name; names in
// Hangul, Greek and Cyrillic printed as written; tagged, as a screen reader walks it.

import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { periodFigures } from "@/lib/report/period";
import { compliance } from "@/lib/sleep/compliance";
import { normaliseZone } from "@/lib/time/zone";
import type { PeriodReport } from "../data/period";
import { PERIOD_COLUMNS, hypnogramAlt, periodDefinitions, renderPeriodPdf } from "./period-pdf";
import { MISSING_GLYPH } from "./tagged-pdf";
import { proseOf, readPdf, readPdfStructure } from "../../test/support/pdf";

const fill = (n: number, stage: number) => Array<number>(n).fill(stage);

const pdfText = async (pdf: Buffer) => (await readPdf(pdf)).text;

const one = proseOf;

// A night sent with "+09:00", 22:00 Mon 2 Nov to 01:20 Tue (400 epochs), and an Incomplete night that
// never got a zone, dated in the account's Asia/Seoul: it began at 20:30 Tue 3 Nov there, which is
// 11:30 UTC, before noon, so in UTC it would have been Monday's night.
const figures = periodFigures(
  [
    { id: "k-plus9", state: "COMPLETE", startTime: "2026-11-02T13:00:00Z", endTime: "2026-11-02T16:20:00Z", timezone: normaliseZone("+09:00")!, zoneSource: "night", sleepStages: [...fill(300, 1), ...fill(100, 2)], snoringStages: [] },
    { id: "k-incomplete", state: "INCOMPLETE", startTime: "2026-11-03T11:30:00Z", endTime: null, timezone: "Asia/Seoul", zoneSource: "account", sleepStages: fill(120, 1), snoringStages: [] },
  ],
  { from: "2026-11-02", to: "2026-11-04" },
  { minSleepHours: 4, targetPercent: 70, windowDays: 3 },
);
const report: PeriodReport = {
  asleepUserId: "asleep-k",
  patient: { name: "Kim Park", email: "kim@x.test" },
  clinicians: [{ name: "Dr Ana", email: "ana@x.test" }],
  figures,
  notes: [
    { author: "Dr Ana", at: new Date("2026-11-04T00:05:00Z"), sessionId: "k-incomplete", text: "Phone died?" },
    { author: "Dr Ana", at: new Date("2026-11-04T01:00:00Z"), sessionId: null, text: "Seen in clinic." },
  ],
  tags: new Map(),
  compliance: compliance(figures.nights, "2026-10-06", "2026-11-04"),
  provenance: new Map([
    ["k-plus9", { forms: [{ via: "webhook", version: "V2", shape: "envelope", names: "callback", aliases: ["stage_list"] }], cadenceMs: 20 * 60_000, missingDataRatio: 0.02 }],
    ["k-incomplete", { forms: [{ via: "webhook", version: "V3", shape: "flat", names: "event", aliases: [] }], cadenceMs: 5 * 60_000, missingDataRatio: null }],
  ]),
};

describe("the period PDF", () => {
  let text = "";
  let prose = "";
  before(async () => {
    text = await pdfText(await renderPeriodPdf(report, new Date("2026-11-05T08:00:00Z")));
    prose = one(text);
  });

  it("says how far the patient is towards compliance in the first 90 days, and how it is counted", () => {
    // Enrolled Tue 6 Oct; as of 4 Nov the 30th day has passed with no night of 4 h: 60 days are left.
    assert.match(prose, /Compliance in the first 90 days \(enrolled Tue 6 Oct 2026, as of Wed 4 Nov 2026\): Not yet: best 30-day window so far 0 of 30; 60 days left to reach 21\./);
    assert.match(prose, /Compliance in the first 90 days \(the CMS rule for PAP therapy\): at least 4 h of sleep on at least 70 % of the nights \(21 of 30\)/);
  });

  it("says where each night came from, one line a night (issue 23 §6)", () => {
    assert.match(prose, /Where each night came from/);
    assert.match(prose, /Mon 2 Nov 2026: Measured by Asleep from sound · 4 stages · webhook V2, envelope, callback_\* names, stage_list · analysed every 20 min · 2% of data missing \(Asleep\)/);
    assert.match(prose, /Tue 3 Nov 2026: Measured by Asleep from sound · 4 stages · webhook V3, flat · analysed every 5 min/);
  });

  it("names fixed-offset zones as people read them, never Etc/GMT-9 (which reads as UTC−9)", () => {
    assert.doesNotMatch(text, /Etc\/GMT/);
    assert.match(prose, /Time zones: UTC\+09:00, Asia\/Seoul/);
    assert.match(text, /Night of Mon 2 Nov 2026: 22:00 Mon 2 Nov 2026 to 01:20 Tue 3 Nov 2026, UTC\+09:00/);
  });

  it("dates a night without a zone of its own in the best zone known, and says so", () => {
    assert.match(text, /Night of Tue 3 Nov 2026 \(Incomplete\): 20:30 Tue 3 Nov 2026 to 21:30 Tue 3 Nov 2026, Asia\/Seoul/);
    assert.match(text, /Tue 3 Nov 2026 \*\s/, "in the table on Tuesday, its day in Seoul");
    assert.match(prose, /Nights without a zone of their own are dated and drawn in the best zone known: 1 night in the zone set on the sleeper's account\./);
  });

  it("names the night a note is on by its date, clock range and zone, and gives the note's time on the patient's clock too", () => {
    assert.match(prose, /Dr Ana, 00:05 Wed 4 Nov 2026 UTC \(09:05 Wed 4 Nov 2026 Asia\/Seoul\) \(on the night of Tue 3 Nov 2026, 20:30–21:30, Asia\/Seoul\) Phone died\?/);
    assert.match(prose, /Dr Ana, 01:00 Wed 4 Nov 2026 UTC \(10:00 Wed 4 Nov 2026 UTC\+09:00\) \(on the patient\) Seen in clinic\./);
    assert.doesNotMatch(text, /k-incomplete|k-plus9/, "no raw night id");
  });

  it("defines every column of the table under the column's own name, and the sleep onset both latencies count from", () => {
    const definitions = one(text.slice(text.indexOf("Definitions used")));
    const printed = periodDefinitions();
    for (const column of PERIOD_COLUMNS) {
      const header = new RegExp(`${column.title.replace(/[()]/g, "\\$&")}\\s+`);
      assert.match(text.slice(0, text.indexOf("Definitions used")), header, `${column.title} is a column`);
      const d = printed.find((p) => p.term.startsWith(column.title) || p.term.includes(`(${column.title})`));
      assert.ok(d, `a definition named for the column ${column.title}`);
      assert.ok(definitions.includes(one(`${d.term} ${d.text}`)), `${d.term} is printed: ${definitions}`);
    }
    assert.match(definitions, /Sleep onset The first epoch of any sleep stage/);
    assert.match(definitions, /Onset latency: Sleep onset latency \(SOL\) From the start of the recording to sleep onset/);
    assert.match(definitions, /Night of The day the night belongs to: the date, on the clock of the night's zone, on which the recording started, with the day split at 12:00/);
    // The night page's labels for these figures are not the PDF's: they are not quoted.
    assert.doesNotMatch(definitions, /Fell asleep after|First REM after/);
  });
});

// Asleep's home market is Korea: names in Hangul, and in Greek and Cyrillic, as clinics write them.
const KOREAN = "김민준";
const named: PeriodReport = {
  ...report,
  patient: { name: KOREAN, email: "minjun@x.test" },
  clinicians: [{ name: "Δρ Ελένη Παπαδοπούλου", email: "eleni@x.test" }, { name: "Др Юлия Соколова", email: "yulia@x.test" }],
  notes: [{ author: "Dr Ana", at: new Date("2026-11-04T00:05:00Z"), sessionId: null, text: "Zoë Łukasz Ğ Việt: 수면 무호흡 의심" }],
};

describe("the period PDF in any script, tagged", () => {
  let pdf: Buffer;
  before(async () => {
    pdf = await renderPeriodPdf(named, new Date("2026-11-05T08:00:00Z"));
  });

  it("prints a Korean name in the title and in every page's footer, Greek and Cyrillic names and Latin beyond Windows-1252 as written", async () => {
    const { text, pages, prose } = await readPdf(pdf);
    assert.match(text, new RegExp(`^Sleep report: ${KOREAN}$`, "m"));
    const footers = [...text.matchAll(new RegExp(`Sleep report · ${KOREAN} · 2026-11-02 to 2026-11-04 · Page (\\d+) of ${pages}`, "g"))].map((m) => Number(m[1]));
    assert.deepEqual(footers, Array.from({ length: pages }, (_, i) => i + 1), "every page's footer names her");
    assert.match(prose, /Clinicians: Δρ Ελένη Παπαδοπούλου \(eleni@x\.test\), Др Юлия Соколова \(yulia@x\.test\)/);
    assert.match(prose, /Zoë Łukasz Ğ Việt: 수면 무호흡 의심/);
    assert.doesNotMatch(text, /\?\?\?/);
  });

  it("embeds the font it uses, subset to the glyphs printed (no standard-14 font, which has no Hangul)", async () => {
    const { fonts } = await readPdfStructure(pdf);
    assert.ok(fonts.length > 0);
    for (const f of fonts) assert.ok(f.embedded && f.subset, `${f.name} embedded and subset`);
    assert.ok(fonts.every((f) => !/Helvetica|Times|Courier/.test(f.name)), JSON.stringify(fonts));
    console.log(`[figures] period PDF of 2 nights, with Hangul, Greek and Cyrillic: ${pdf.length} bytes, fonts ${fonts.map((f) => f.name).join(", ")}`);
  });

  it("is tagged in a stated language with its title shown: the outline, the table's headers, each hypnogram as a figure described in words", async () => {
    const { tagged, structure } = await readPdfStructure(pdf);
    assert.ok(tagged, "pdfinfo: Tagged: yes");
    const raw = pdf.toString("latin1");
    assert.match(raw, /\/Lang \(en\)/, "the document's language");
    assert.match(raw, /\/DisplayDocTitle true/, "a reader shows the title, not the file name");
    // The outline, in reading order: the title (with her name), then each section's heading.
    const headings = [...structure.matchAll(/^\s*(H[123]) \(block\)\n\s*"([^"]*)"/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.equal(headings[0], `H1 Sleep report: ${KOREAN}`);
    assert.deepEqual(headings.filter((h) => h.startsWith("H2")), ["H2 Nights (2)", "H2 Adherence", "H2 Hypnograms", "H2 Where each night came from", "H2 Clinician notes", "H2 Definitions used"]);
    // The table: a header row of the columns' titles, then a row per night headed by its day.
    const table = structure.slice(structure.indexOf("Table"), structure.indexOf("H2 (block)", structure.indexOf("Table")));
    const headers = [...table.matchAll(/^\s*TH\n\s*"([^"]*)"/gm)].map((m) => m[1]);
    assert.deepEqual(headers.slice(0, PERIOD_COLUMNS.length), PERIOD_COLUMNS.map((c) => c.title));
    assert.ok(headers.includes("Mon 2 Nov 2026") && headers.includes("Tue 3 Nov 2026 *"), headers.join(" | "));
    assert.match(table, /TD\n\s*"3 h 20 min"/);
    // Each hypnogram is a figure with words for what it shows.
    assert.equal((structure.match(/^\s*Figure/gm) ?? []).length, figures.nights.length);
    for (const night of figures.nights) assert.ok(raw.includes(`/Alt (${hypnogramAlt(night)})`), hypnogramAlt(night));
    // Footers are page furniture (artifacts), not read as content.
    assert.doesNotMatch(structure, /Page \d+ of/);
  });
});

/** The PDF literal strings after each `/ActualText`, decoded (UTF-16BE behind its BOM, as pdfkit writes non-ASCII). */
function actualTexts(pdf: Buffer): string[] {
  const raw = pdf.toString("latin1");
  return [...raw.matchAll(/\/ActualText \(((?:\\[\s\S]|[^\\)])*)\)/g)].map((m) => {
    const bytes = Buffer.from(m[1]!.replace(/\\([nrtbf()\\])/g, (_, c: string) => ({ n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" })[c] ?? c), "latin1");
    return bytes[0] === 0xfe && bytes[1] === 0xff ? Buffer.from(bytes.subarray(2)).swap16().toString("utf16le") : bytes.toString("latin1");
  });
}

describe("a character the font lacks", () => {
  it("prints as □ and the rest of the line still reads back; the real name stays in the title and in the heading's ActualText", async () => {
    const name = "王小明 김";
    const pdf = await renderPeriodPdf({ ...report, patient: { name, email: "w@x.test" } }, new Date("2026-11-05T08:00:00Z"));
    const { text, title } = await readPdf(pdf);
    assert.match(text, new RegExp(`^Sleep report: ${MISSING_GLYPH}{3} 김$`, "m"));
    assert.match(text, /Asleep user asleep-k · w@x\.test/);
    assert.ok(actualTexts(pdf).includes(`Sleep report: ${name}`), JSON.stringify(actualTexts(pdf)));
    assert.equal(title, `Sleep report: ${name}, 2026-11-02 to 2026-11-04`);
  });
});

describe("reading the PDF's prose", () => {
  it("does not depend on where a line wraps: a clock range broken after its dash reads whole", async () => {
    // Notes whose heading ends where a line breaks, by the length of the author's name: in some the page
    // breaks the line right after "20:30–" (before 21:30), as a longer "Generated" line or a later
    // clock once did to the integration test.
    const authors = Array.from({ length: 24 }, (_, i) => `Dr ${"N".repeat(i + 1)}`);
    const notes = authors.map((author) => ({ author, at: new Date("2026-11-04T00:05:00Z"), sessionId: "k-incomplete", text: "Phone died?" }));
    const { text, prose } = await readPdf(await renderPeriodPdf({ ...report, notes }, new Date("2026-11-05T08:00:00Z")));
    assert.match(text, /20:30–\n\s*21:30/, "the page broke a line after the dash for at least one note");
    for (const author of authors) assert.ok(prose.includes(`${author}, 00:05 Wed 4 Nov 2026 UTC (09:05 Wed 4 Nov 2026 Asia/Seoul) (on the night of Tue 3 Nov 2026, 20:30–21:30, Asia/Seoul) Phone died?`), author);
  });
});
