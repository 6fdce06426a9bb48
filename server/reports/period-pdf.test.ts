// The period PDF read back as a reader sees it (pdftotext, poppler-utils): zones as people write them,
// nights named by date and zone, and every column of the table defined, under its own name.

import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { periodFigures } from "@/lib/report/period";
import { normaliseZone } from "@/lib/time/zone";
import type { PeriodReport } from "../data/period";
import { PERIOD_COLUMNS, periodDefinitions, renderPeriodPdf } from "./period-pdf";
import { readPdf } from "../../test/support/pdf";

const fill = (n: number, stage: number) => Array<number>(n).fill(stage);

const pdfText = async (pdf: Buffer) => (await readPdf(pdf)).text;

const one = (text: string) => text.replace(/\s+/g, " ");

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
};

describe("the period PDF", () => {
  let text = "";
  let prose = "";
  before(async () => {
    text = await pdfText(await renderPeriodPdf(report, new Date("2026-11-05T08:00:00Z")));
    prose = one(text);
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
