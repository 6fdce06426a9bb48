import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { adherence, USUAL_RULE } from "../sleep/adherence";
import { adherenceAlert, clockWithZone, DEFAULT_THRESHOLDS, effectiveThresholds, nightAlerts, noDataAlert, staleAlert, type NightFigures } from "./rules";

const night = (over: Partial<NightFigures> = {}): NightFigures => ({
  sessionId: "s1",
  day: "2026-11-22",
  incomplete: false,
  totalSleepSeconds: 7 * 3600, // 840 epochs of 900: 93 %
  sleepLatencySeconds: 10 * 60,
  wasoSeconds: 20 * 60,
  wasoShownMinutes: 20,
  epochCount: 900,
  ...over,
});

describe("per-night rules", () => {
  it("a good night raises nothing", () => {
    assert.deepEqual(nightAlerts(night(), DEFAULT_THRESHOLDS), []);
  });

  it("short sleep reads well alone, with the night's day", () => {
    const [alert] = nightAlerts(night({ totalSleepSeconds: 4 * 3600 + 12 * 60 }), DEFAULT_THRESHOLDS);
    assert.deepEqual(alert, { rule: "short-sleep", causeKey: "s1", sessionId: "s1", reason: "Total sleep 4 h 12 min on Sun 22 Nov (under 5 h)" });
  });

  it("exactly at a threshold is not under it", () => {
    // 600 sleep epochs of 800 = 75 %.
    assert.deepEqual(nightAlerts(night({ totalSleepSeconds: 5 * 3600, epochCount: 800, sleepLatencySeconds: 30 * 60, wasoSeconds: 60 * 60, wasoShownMinutes: 60 }), DEFAULT_THRESHOLDS), []);
  });

  it("efficiency, latency and WASO each raise their own alert, keyed by the night", () => {
    // 612 sleep epochs (5 h 6 min) of 1000 = 61.2 %.
    const alerts = nightAlerts(night({ totalSleepSeconds: 612 * 30, epochCount: 1000, sleepLatencySeconds: 45 * 60, wasoSeconds: 95 * 60, wasoShownMinutes: 95 }), DEFAULT_THRESHOLDS);
    assert.deepEqual(
      alerts.map((a) => [a.rule, a.causeKey, a.reason]),
      [
        ["low-efficiency", "s1", "Sleep efficiency 61 % on Sun 22 Nov (under 75 %)"],
        ["long-latency", "s1", "Sleep onset latency 45 min on Sun 22 Nov (over 30 min)"],
        ["long-waso", "s1", "Awake 1 h 35 min after sleep onset on Sun 22 Nov (WASO over 60 min)"],
      ],
    );
  });

  it("an Incomplete night says so; a night that never slept has no onset", () => {
    const alerts = nightAlerts(night({ incomplete: true, totalSleepSeconds: 0, sleepLatencySeconds: null }), { ...DEFAULT_THRESHOLDS, efficiencyPercent: null });
    assert.deepEqual(alerts.map((a) => a.reason), ["Total sleep 0 min on Sun 22 Nov (under 5 h; night incomplete)", "No sleep onset on Sun 22 Nov (latency over 30 min; night incomplete)"]);
  });

  it("figures read as the night page shows them, with one more digit where that would equal the threshold", () => {
    const sevenHours = { ...DEFAULT_THRESHOLDS, shortSleepHours: 7, efficiencyPercent: 85 };
    // 839 sleep epochs = 419.5 min: the page shows 7 h (half up), which must not read "7 h … (under 7 h)".
    assert.equal(nightAlerts(night({ totalSleepSeconds: 839 * 30, epochCount: 900 }), sevenHours)[0]?.reason, "Total sleep 6 h 59.5 min on Sun 22 Nov (under 7 h)");
    // 838 epochs = 419 min reads under 7 h as the page shows it: no extra digit.
    assert.equal(nightAlerts(night({ totalSleepSeconds: 838 * 30, epochCount: 900 }), sevenHours)[0]?.reason, "Total sleep 6 h 59 min on Sun 22 Nov (under 7 h)");
    // 846 of 1000 epochs = 84.6 %: the page shows 85 %, so the alert says 84.6 % (it said 84, floored).
    const e = nightAlerts(night({ totalSleepSeconds: 846 * 30, epochCount: 1000 }), { ...sevenHours, shortSleepHours: null });
    assert.deepEqual(e.map((a) => a.reason), ["Sleep efficiency 84.6 % on Sun 22 Nov (under 85 %)"]);
    // 844 of 1000 = 84.4 %: shown 84 % as on the page (half up).
    assert.equal(nightAlerts(night({ totalSleepSeconds: 844 * 30, epochCount: 1000 }), { ...sevenHours, shortSleepHours: null })[0]?.reason, "Sleep efficiency 84 % on Sun 22 Nov (under 85 %)");
    // 8495 of 10000 = 84.95 %: one more digit cut toward the threshold's side, 84.9 %, never 85.0 %.
    assert.equal(nightAlerts(night({ totalSleepSeconds: 8495 * 30, epochCount: 10000 }), { ...sevenHours, shortSleepHours: null })[0]?.reason, "Sleep efficiency 84.9 % on Sun 22 Nov (under 85 %)");
    // WASO as the night page shows it (its split may give 60 for 60.5 exact): then 1 h 0.5 min, over 60.
    assert.equal(
      nightAlerts(night({ wasoSeconds: 121 * 30, wasoShownMinutes: 60 }), DEFAULT_THRESHOLDS)[0]?.reason,
      "Awake 1 h 0.5 min after sleep onset on Sun 22 Nov (WASO over 60 min)",
    );
    assert.equal(nightAlerts(night({ wasoSeconds: 121 * 30, wasoShownMinutes: 61 }), DEFAULT_THRESHOLDS)[0]?.reason, "Awake 1 h 1 min after sleep onset on Sun 22 Nov (WASO over 60 min)");
  });

  it("a rule set to null is off, and a night with no epochs raises nothing", () => {
    assert.deepEqual(nightAlerts(night({ totalSleepSeconds: 3600, epochCount: 130 }), { ...DEFAULT_THRESHOLDS, shortSleepHours: null }), []);
    assert.deepEqual(nightAlerts(night({ epochCount: 0, totalSleepSeconds: 0 }), DEFAULT_THRESHOLDS), []);
  });

  it("a patient's override wins over the clinic default, only where given", () => {
    const t = effectiveThresholds(DEFAULT_THRESHOLDS, { shortSleepHours: 6, wasoMinutes: undefined });
    assert.equal(t.shortSleepHours, 6);
    assert.equal(t.wasoMinutes, 60);
    assert.equal(nightAlerts(night({ totalSleepSeconds: 5.5 * 3600 }), t)[0]?.reason, "Total sleep 5 h 30 min on Sun 22 Nov (under 6 h)");
  });
});

describe("no data for N nights", () => {
  it("counts the nights after the last one up to last night, and names the first missing", () => {
    // Last night recorded: Wed 18 Nov. Today (noon to noon) is Sun 22 Nov: 19, 20, 21 are missing.
    assert.deepEqual(noDataAlert("2026-11-18", "2026-11-22", "2026-10-01", DEFAULT_THRESHOLDS), {
      rule: "no-data",
      causeKey: "since:2026-11-19",
      reason: "No data for 3 nights (since Thu 19 Nov)",
      // The period the inbox links: the missing nights, up to last night.
      period: { from: "2026-11-19", to: "2026-11-21" },
    });
  });

  it("two missing nights are under a 3-night threshold; the same gap later keeps its cause", () => {
    assert.equal(noDataAlert("2026-11-19", "2026-11-22", "2026-10-01", DEFAULT_THRESHOLDS), null);
    assert.equal(noDataAlert("2026-11-18", "2026-11-25", "2026-10-01", DEFAULT_THRESHOLDS)?.causeKey, "since:2026-11-19");
    assert.equal(noDataAlert("2026-11-18", "2026-11-25", "2026-10-01", { ...DEFAULT_THRESHOLDS, noDataNights: null }), null);
    assert.equal(noDataAlert("2026-11-20", "2026-11-22", "2026-10-01", { ...DEFAULT_THRESHOLDS, noDataNights: 1 })?.reason, "No data for 1 night (since Sat 21 Nov)");
  });
});

describe("no data, from enrolment on", () => {
  it("a gap never starts before the enrolment day: enrolled two nights ago with one old night is two missing, not nine", () => {
    // The only night is Fri 13 Nov, before enrolment (Fri 20 Nov); today is Sun 22 Nov: 20 and 21 are missing.
    assert.equal(noDataAlert("2026-11-13", "2026-11-22", "2026-11-20", DEFAULT_THRESHOLDS), null);
    assert.equal(noDataAlert(null, "2026-11-22", "2026-11-20", DEFAULT_THRESHOLDS), null);
    // Enrolled a day earlier: three missing, named from the enrolment day.
    assert.deepEqual(noDataAlert("2026-11-13", "2026-11-22", "2026-11-19", DEFAULT_THRESHOLDS), {
      rule: "no-data",
      causeKey: "since:2026-11-19",
      reason: "No data for 3 nights (since Thu 19 Nov)",
      period: { from: "2026-11-19", to: "2026-11-21" },
    });
    assert.equal(noDataAlert(null, "2026-11-22", "2026-11-19", DEFAULT_THRESHOLDS)?.reason, "No data for 3 nights (since Thu 19 Nov)");
  });
});

describe("stale tonight", () => {
  it("gives the time of the last delivery with its zone, and the night", () => {
    // 01:10 UTC is 02:10 in Paris in November, written as the board's flag writes it.
    const alert = staleAlert({ sessionId: "s9", day: "2026-11-22", lastDeliveryMs: Date.parse("2026-11-23T01:10:00Z"), timezone: "Europe/Paris" }, DEFAULT_THRESHOLDS);
    assert.deepEqual(alert, { rule: "stale-tonight", causeKey: "s9", sessionId: "s9", reason: "Stale tonight since 02:10 Europe/Paris (night of Sun 22 Nov)" });
    assert.equal(staleAlert({ sessionId: "s9", day: "2026-11-22", lastDeliveryMs: 0, timezone: "UTC" }, { ...DEFAULT_THRESHOLDS, staleTonight: false }), null);
  });

  it("fixed offsets that Intl refuses are written as offsets, not thrown on", () => {
    // normaliseZone keeps "+05:30" (India) and "+05:45" (Nepal) as they are; Intl.DateTimeFormat throws on
    // them, which failed the alert on every retry. 01:10 UTC is 06:40 at +05:30 and 06:55 at +05:45.
    assert.throws(() => new Intl.DateTimeFormat("en-GB", { timeZone: "+05:30" }), RangeError);
    assert.equal(clockWithZone(Date.parse("2026-11-23T01:10:00Z"), "+05:30"), "06:40 UTC+05:30");
    assert.equal(staleAlert({ sessionId: "s9", day: "2026-11-22", lastDeliveryMs: Date.parse("2026-11-23T01:10:00Z"), timezone: "+05:45" }, DEFAULT_THRESHOLDS)?.reason, "Stale tonight since 06:55 UTC+05:45 (night of Sun 22 Nov)");
    // Whole-hour offsets are Etc/GMT zones, written as offsets too; a named zone by its name.
    assert.equal(clockWithZone(Date.parse("2026-11-23T01:10:00Z"), "Etc/GMT-9"), "10:10 UTC+09:00");
    assert.equal(clockWithZone(Date.parse("2026-11-23T01:10:00Z"), "Asia/Seoul"), "10:10 Asia/Seoul");
  });
});

describe("adherence below target", () => {
  it("raises with the percent rounded down, the window and the target", () => {
    // 16 adherent days of 30 → 53.3 %.
    const nights = Array.from({ length: 16 }, (_, i) => ({ day: `2026-11-${String(i + 1).padStart(2, "0")}`, totalSleepSeconds: 5 * 3600 }));
    const a = adherence(nights, USUAL_RULE, "2026-11-30");
    assert.deepEqual(adherenceAlert(a, DEFAULT_THRESHOLDS), {
      rule: "low-adherence",
      causeKey: "window-ending:2026-11-30",
      reason: "Adherence 53 % over 30 days (target 70 %, at least 4 h a night)",
      period: { from: "2026-11-01", to: "2026-11-30" },
    });
  });

  it("a window the patient was not enrolled for in full is too early to tell: no alert", () => {
    // Enrolled Fri 20 Nov with one short night: 0 of 11 days so far, far below 70 %, yet no alert.
    const a = adherence([{ day: "2026-11-25", totalSleepSeconds: 3600 }], USUAL_RULE, "2026-11-30", "2026-11-20");
    assert.equal(a.tooEarly, true);
    assert.equal(adherenceAlert(a, DEFAULT_THRESHOLDS), null);
    // Enrolled exactly 30 days before: the window is complete, and 1 of 30 raises.
    const full = adherence([{ day: "2026-11-25", totalSleepSeconds: 5 * 3600 }], USUAL_RULE, "2026-11-30", "2026-11-01");
    assert.equal(full.tooEarly, false);
    assert.equal(adherenceAlert(full, DEFAULT_THRESHOLDS)?.reason, "Adherence 3 % over 30 days (target 70 %, at least 4 h a night)");
  });

  it("meeting the rule raises nothing; the switch turns it off", () => {
    const nights = Array.from({ length: 25 }, (_, i) => ({ day: `2026-11-${String(i + 1).padStart(2, "0")}`, totalSleepSeconds: 5 * 3600 }));
    assert.equal(adherenceAlert(adherence(nights, USUAL_RULE, "2026-11-30"), DEFAULT_THRESHOLDS), null);
    assert.equal(adherenceAlert(adherence([], USUAL_RULE, "2026-11-30"), { ...DEFAULT_THRESHOLDS, lowAdherence: false }), null);
  });
});
