import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BoardRow } from "../live/events";
import { BOARD_CSV_COLUMNS, boardCsv } from "./csv";

const row: BoardRow = {
  name: 'Ana "Nana" Lopez',
  email: "ana@x.test",
  asleepUserId: "asleep-ana",
  open: null,
  lastNight: {
    id: "n1",
    state: "INCOMPLETE",
    startTime: "2026-11-22T22:10:00.000Z",
    endTime: "2026-11-23T05:00:00.000Z",
    timezone: "Europe/Paris",
    zone: { name: "Europe/Paris", source: "night" },
    day: "2026-11-22",
    totalSleepSeconds: 6 * 3600 + 30,
    timeInBedSeconds: 7 * 3600,
    efficiencyPercent: 85.83,
    efficiencyShownPercent: 86,
    tags: ["alcohol", "late meal"],
  },
  adherence: { adherentDays: 20, days: 30, percent: 66.666, meets: false, lastDay: "2026-11-22", tooEarly: false },
  enrolledOn: "2026-09-01",
  openAlerts: 2,
  flags: [
    { kind: "short-sleep", reason: "3 nights under 5 h", words: null, alertId: "a1", sessionId: null, isNew: false },
    { kind: "no-data", reason: "No data since Sun 22 Nov 2026 (over 3 days)", words: null, alertId: null, sessionId: null, isNew: false },
  ],
  lastNote: { text: "=call back, please", at: "2026-11-23T09:00:00.000Z", author: "Dr Lee" },
};

describe("the board as CSV", () => {
  it("one row per patient under a header, times in UTC and local with the zone named", () => {
    const lines = boardCsv([row]).trimEnd().split("\r\n");
    assert.equal(lines[0], `\uFEFF${BOARD_CSV_COLUMNS.join(",")}`);
    assert.equal(lines.length, 2);
    const cells = lines[1]!;
    assert.ok(cells.startsWith('"Ana ""Nana"" Lopez",ana@x.test,asleep-ana,3 nights under 5 h; No data since Sun 22 Nov 2026 (over 3 days),not recording,,,,,'));
    assert.ok(cells.includes(",2026-11-22,incomplete,2026-11-22T22:10:00.000Z,2026-11-22T23:10:00+01:00,Europe/Paris,360.5,85.8,alcohol; late meal,20,30,66.7,false,2,"));
    // A note a spreadsheet would run as a formula stays text; its time in UTC and on the patient's clock.
    assert.ok(cells.includes(",'=call back, please,") === false && cells.includes(`"'=call back, please"`));
    assert.ok(cells.endsWith(",Dr Lee,2026-11-23T09:00:00.000Z,2026-11-23T10:00:00+01:00,Europe/Paris,2026-09-01,false"), cells);
  });

  it("says when the patient was enrolled, and a window not yet complete as too early to tell, not as failing", () => {
    const early = { ...row, enrolledOn: "2026-11-20", adherence: { ...row.adherence, tooEarly: true } };
    const cells = boardCsv([early]).trimEnd().split("\r\n")[1]!;
    assert.ok(cells.endsWith(",2026-11-20,true"), cells);
  });

  it("a night sent as +09:00 is named UTC+09:00 (never Etc/GMT-9, which reads as UTC−9), tonight's and last night's alike", () => {
    const plus9 = { name: "Etc/GMT-9", source: "night" as const };
    const open: BoardRow["open"] = {
      id: "n2",
      state: "OPEN",
      startTime: "2026-11-23T12:00:00.000Z",
      endTime: null,
      timezone: null,
      zone: plus9,
      sleepStages: [1, 1, 2],
      snoringStages: [],
      updatedAt: "2026-11-23T14:00:00.000Z",
      lastDeliveryAt: "2026-11-23T14:00:00.000Z",
      cadenceMs: 300_000,
      asleepUnreachableSince: null,
      asleepHasNoRecord: false,
      stale: false,
      stagePlanSetting: "4-stage",
    };
    const cells = boardCsv([{ ...row, open, lastNight: { ...row.lastNight!, timezone: "+09:00", zone: plus9 } }]).trimEnd().split("\r\n")[1]!;
    assert.doesNotMatch(cells, /Etc\/GMT/);
    assert.ok(cells.includes(",2026-11-23T14:00:00.000Z,2026-11-23T23:00:00+09:00,UTC+09:00,"), cells);
    assert.ok(cells.includes(",2026-11-22T22:10:00.000Z,2026-11-23T07:10:00+09:00,UTC+09:00,"), cells);
    assert.ok(cells.endsWith(",2026-11-23T09:00:00.000Z,2026-11-23T18:00:00+09:00,UTC+09:00,2026-09-01,false"), cells);
  });

  it("tonight's stage on a 2-stage night (Asleep's basic plan) is 'Sleep', never 'Light'", () => {
    const open: BoardRow["open"] = {
      id: "n3",
      state: "OPEN",
      startTime: "2026-11-23T22:00:00.000Z",
      endTime: null,
      timezone: "UTC",
      zone: { name: "UTC", source: "night" },
      sleepStages: [0, 0, 1, 1],
      snoringStages: [],
      updatedAt: "2026-11-23T22:02:00.000Z",
      lastDeliveryAt: "2026-11-23T22:02:00.000Z",
      cadenceMs: 300_000,
      asleepUnreachableSince: null,
      asleepHasNoRecord: false,
      stale: false,
      stagePlanSetting: "2-stage",
    };
    const [header, line] = boardCsv([{ ...row, open }]).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    const column = header!.split(",").indexOf("tonight_stage");
    assert.equal(line!.split(",")[column], "Sleep");
    assert.equal(boardCsv([{ ...row, open: { ...open, stagePlanSetting: "4-stage" } }]).split("\r\n")[1]!.split(",")[column], "Light");
  });
});
