import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clockTime } from "../format";
import { translatorFor } from "@/server/i18n/translator";
import { nightDifferences, sharedClockScale } from "./night-comparison";

const HOUR = 3_600_000;
/** `awake` epochs of wake, then `asleep` of light sleep, then `rem` of REM. */
const stages = (awake: number, asleep: number, rem = 0) => [...Array(awake).fill(0), ...Array(asleep).fill(1), ...Array(rem).fill(3)];

describe("two nights on one time scale", () => {
  it("draws each night at its own wall-clock time on the first night's calendar, whatever its date and zone", () => {
    // 23:00 in Paris on 1 Dec (22:00 UTC), and 22:30 in Seoul on 20 Nov (13:30 UTC).
    const first = { startMs: Date.UTC(2026, 11, 1, 22, 0), stages: stages(0, 600), snoring: [], zone: "Europe/Paris" };
    const second = { startMs: Date.UTC(2026, 10, 20, 13, 30), stages: stages(0, 840), snoring: [], zone: "Asia/Seoul" };
    const scale = sharedClockScale([first, second]);
    assert.equal(scale.zone, "Europe/Paris");
    assert.deepEqual(scale.shiftedStartMs.map((ms) => clockTime(ms, scale.zone)), ["23:00", "22:30"]);
    // The second night's 22:30 falls on the first night's evening, half an hour before it.
    assert.equal(scale.shiftedStartMs[1], first.startMs - HOUR / 2);
    // From the earlier start to the later end: 22:30 + 7 h = 05:30.
    assert.deepEqual(scale.domainMs, [first.startMs - HOUR / 2, first.startMs - HOUR / 2 + 7 * HOUR]);
  });

  it("a night begun after midnight sits after midnight, not a day early", () => {
    const first = { startMs: Date.UTC(2026, 11, 1, 22, 0), stages: stages(0, 10), snoring: [], zone: "UTC" };
    const late = { startMs: Date.UTC(2026, 11, 5, 1, 30), stages: stages(0, 10), snoring: [], zone: "UTC" };
    assert.equal(sharedClockScale([first, late]).shiftedStartMs[1], Date.UTC(2026, 11, 2, 1, 30));
  });
});

describe("the differences between two nights", () => {
  it("each figure for both nights, and the second against the first with its sign", () => {
    // First: 20 min awake then 6 h light. Second: 10 min awake, 6 h 30 min light, 30 min REM.
    const rows = nightDifferences(
      { startMs: 0, stages: stages(40, 720), snoring: [], zone: "UTC" },
      { startMs: 0, stages: stages(20, 780, 60), snoring: Array(20).fill(1), zone: "UTC" },
      translatorFor("en", "PatientPage.differences"),
    );
    const row = (figure: string) => rows.find((r) => r.figure === figure);
    assert.deepEqual(row("Total sleep"), { figure: "Total sleep", first: "6 h", second: "7 h", difference: "+1 h" });
    assert.deepEqual(row("Sleep onset latency"), { figure: "Sleep onset latency", first: "20 min", second: "10 min", difference: "−10 min" });
    assert.deepEqual(row("Sleep efficiency"), { figure: "Sleep efficiency", first: "95%", second: "98%", difference: "+3 points" });
    assert.deepEqual(row("Awakenings"), { figure: "Awakenings", first: "0", second: "0", difference: "same" });
    assert.deepEqual(row("Snoring"), { figure: "Snoring", first: "0 min", second: "10 min", difference: "+10 min" });
  });
});
