import assert from "node:assert/strict";
import { test } from "node:test";
import { translatorFor } from "@/server/i18n/translator";
import { bedToWake, clockOfMinutesAfterNoon, compareToAverage, comparisonText, GLANCE_EXPLANATIONS, glanceExplanations, glanceFigures, glanceHeading, glanceSummary, lastNightGlance, MIN_NIGHTS_TO_COMPARE, minutesAfterNoon, newerIncomplete, windowsShown, woke, type NightForGlance } from "./glance";

// The card's words come from the LastNightCard catalogue: in English, exactly as they always were.
const en = translatorFor("en", "LastNightCard");
const ko = translatorFor("ko", "LastNightCard");

/** A hypnogram from runs: [stage, epochs]. */
const hyp = (...runs: Array<[number, number]>) => runs.flatMap(([stage, n]) => Array<number>(n).fill(stage));

function night(id: string, startIso: string, stages: number[], zone = "Europe/Paris"): NightForGlance {
  const startMs = Date.parse(startIso);
  return { id, startTime: startIso, endTime: new Date(startMs + stages.length * 30_000).toISOString(), zone, sleepStages: stages, snoringStages: stages.map(() => 0) };
}

test("clock times are minutes after noon of the night's day, on the local clock", () => {
  // 22:30 UTC is 23:30 in Paris in November: 11 h 30 min after noon.
  assert.equal(minutesAfterNoon(Date.parse("2026-11-20T22:30:00Z"), "Europe/Paris", "2026-11-20"), 690);
  // 06:00 UTC the next morning is 07:00 in Paris: 19 h after noon of the night's day.
  assert.equal(minutesAfterNoon(Date.parse("2026-11-21T06:00:00Z"), "Europe/Paris", "2026-11-20"), 1140);
  // A bedtime after midnight stays after the evening ones (no wrap to 0).
  assert.equal(minutesAfterNoon(Date.parse("2026-11-21T00:15:00Z"), "Europe/Paris", "2026-11-20"), 795);
  assert.equal(clockOfMinutesAfterNoon(690), "23:30");
  assert.equal(clockOfMinutesAfterNoon(795), "01:15");
  assert.equal(clockOfMinutesAfterNoon(1140), "07:00");
});

test("a night's figures: total sleep, whole-percent efficiency, awakenings, bed and wake", () => {
  // 20 wake, 400 light, 4 wake, 300 deep, 2 wake, 170 REM, 4 wake = 900 epochs = 7 h 30 min in bed.
  const f = glanceFigures(night("a", "2026-11-20T22:30:00Z", hyp([0, 20], [1, 400], [0, 4], [2, 300], [0, 2], [3, 170], [0, 4])));
  assert.equal(f.totalSleep, 435); // (400 + 300 + 170) / 2 minutes
  assert.equal(f.efficiency, 97); // 870 / 900 = 96.7 %
  assert.equal(f.awakenings, 2); // the final 4 wake epochs are the final awakening, not counted
  assert.equal(f.bedtime, 690);
  assert.equal(f.wake, 690 + 450);
});

test("better, worse, earlier, later and usual, judged on the numbers shown, with the band's edge usual", () => {
  assert.deepEqual(compareToAverage("totalSleep", 440, [400, 420, 410]), { nights: 3, average: 410, difference: 30, verdict: "better" });
  assert.deepEqual(compareToAverage("totalSleep", 390, [410, 410, 410]), { nights: 3, average: 410, difference: -20, verdict: "usual" });
  assert.deepEqual(compareToAverage("totalSleep", 389, [410, 410, 410]), { nights: 3, average: 410, difference: -21, verdict: "worse" });
  assert.deepEqual(compareToAverage("efficiency", 84, [90, null, 91, 92]), { nights: 3, average: 91, difference: -7, verdict: "worse" });
  // Fewer awakenings is better; averages keep one decimal.
  assert.deepEqual(compareToAverage("awakenings", 2, [5, 5, 6]), { nights: 3, average: 5.3, difference: -3.3, verdict: "better" });
  assert.deepEqual(compareToAverage("awakenings", 7, [5, 5, 5]), { nights: 3, average: 5, difference: 2, verdict: "usual" });
  assert.deepEqual(compareToAverage("bedtime", 750, [690, 700, 695]), { nights: 3, average: 695, difference: 55, verdict: "later" });
  assert.deepEqual(compareToAverage("wake", 1100, [1140, 1140, 1140]), { nights: 3, average: 1140, difference: -40, verdict: "earlier" });
  assert.deepEqual(compareToAverage("totalSleep", 400, []), { nights: 0, average: null, difference: null, verdict: null });
  assert.equal(comparisonText("totalSleep", compareToAverage("totalSleep", 440, [400, 420, 410]), en), "better: 30 min more (avg 6 h 50 min, 3 nights)");
  assert.equal(comparisonText("bedtime", compareToAverage("bedtime", 700, [690, 690, 690]), en), "usual (avg 23:30, 3 nights)");
  assert.equal(comparisonText("efficiency", compareToAverage("efficiency", 90, []), en), "no earlier nights to compare");
});

test("under 3 earlier nights: no better or worse, but how many there are so far", () => {
  assert.equal(MIN_NIGHTS_TO_COMPARE, 3);
  // 30 min more than one night would have read "better" before.
  assert.deepEqual(compareToAverage("totalSleep", 440, [410]), { nights: 1, average: 410, difference: null, verdict: null });
  assert.deepEqual(compareToAverage("totalSleep", 300, [410, 420]), { nights: 2, average: 415, difference: null, verdict: null });
  // Two earlier nights, one without an efficiency: one night counts.
  assert.equal(comparisonText("efficiency", compareToAverage("efficiency", 90, [95, null]), en), "too few nights to compare yet (1 so far)");
  assert.equal(comparisonText("totalSleep", compareToAverage("totalSleep", 440, [410]), en), "too few nights to compare yet (1 so far)");
  assert.equal(comparisonText("totalSleep", compareToAverage("totalSleep", 300, [410, 420]), en), "too few nights to compare yet (2 so far)");
});

test("the 30-night row only when it covers more nights than the 7-night one", () => {
  const nights = (n: number) => [
    night("last", "2026-11-21T22:30:00Z", hyp([0, 20], [1, 400], [0, 4], [2, 300], [3, 170], [0, 6])),
    ...Array.from({ length: n }, (_, i) => night(`e${i}`, new Date(Date.parse("2026-11-20T22:30:00Z") - i * 86_400_000).toISOString(), hyp([0, 30], [1, 720], [0, 30]))),
  ];
  assert.deepEqual(windowsShown(lastNightGlance(nights(1))!, "totalSleep"), [7]);
  assert.deepEqual(windowsShown(lastNightGlance(nights(7))!, "totalSleep"), [7]);
  assert.deepEqual(windowsShown(lastNightGlance(nights(8))!, "totalSleep"), [7, 30]);
  // Efficiency missing on the 8th earlier night only: both windows over 7 nights, one row.
  const eight = nights(8);
  eight[8] = { ...eight[8]!, sleepStages: [], snoringStages: [] };
  assert.deepEqual(windowsShown(lastNightGlance(eight)!, "efficiency"), [7]);
});

test("last night is compared with the 7 and 30 nights before it, not with itself", () => {
  const nights = [
    // Last night: 7 h asleep of 7 h 30 min in bed, one awakening, to bed at 00:30 Paris time.
    night("n0", "2026-11-20T23:30:00Z", hyp([0, 20], [1, 420], [0, 10], [2, 420], [0, 30])),
    ...Array.from({ length: 35 }, (_, i) =>
      // Earlier nights: 6 h asleep of 6 h 30 min in bed, no awakening, to bed at 23:30.
      night(`e${i}`, new Date(Date.parse("2026-11-19T22:30:00Z") - i * 86_400_000).toISOString(), hyp([0, 30], [1, 720], [0, 30])),
    ),
  ];
  const g = lastNightGlance(nights)!;
  assert.equal(g.night.id, "n0");
  assert.equal(g.night.day, "2026-11-20");
  assert.equal(g.figures.totalSleep, 420);
  assert.equal(g.against[7].totalSleep.nights, 7);
  assert.equal(g.against[30].totalSleep.nights, 30);
  assert.deepEqual(g.against[7].totalSleep, { nights: 7, average: 360, difference: 60, verdict: "better" });
  // The wall clock, not UTC: the four oldest of the 30 began before summer time ended (25 Oct), when
  // 22:30 UTC was 00:30 in Paris, so the average is (26 × 23:30 + 4 × 00:30) / 30 = 23:38.
  assert.deepEqual(g.against[30].bedtime, { nights: 30, average: 698, difference: 52, verdict: "later" });
  assert.deepEqual(g.against[7].bedtime, { nights: 7, average: 690, difference: 60, verdict: "later" });
  assert.deepEqual(g.against[7].awakenings, { nights: 7, average: 0, difference: 1, verdict: "usual" });
  assert.equal(
    glanceSummary(g, en),
    "On the night of Fri 20 Nov 2026 you slept 7 h between 00:30 and 08:00 (Europe/Paris). That is 1 h more than your 7-night average (6 h). " +
      "Your sleep efficiency was 93%, within your usual range (your average: 92%). You woke once, within your usual range (your average: 0). " +
      "You went to bed 1 h later than usual (23:30 on average) and got up 2 h later than usual (06:00 on average).",
  );
});

test("the summary says what the figures say, and nothing when there is nothing to compare", () => {
  const first = lastNightGlance([night("only", "2026-11-20T22:30:00Z", hyp([0, 20], [1, 400], [0, 4], [2, 300], [3, 170], [0, 6]))])!;
  assert.equal(
    glanceSummary(first, en),
    "On the night of Fri 20 Nov 2026 you slept 7 h 15 min between 23:30 and 07:00 (Europe/Paris). It is your first complete night here, so there is no average of yours to compare it with yet.",
  );
  const g = lastNightGlance([
    night("last", "2026-11-21T22:30:00Z", hyp([0, 20], [1, 400], [0, 4], [2, 300], [3, 170], [0, 6])),
    night("before", "2026-11-20T22:00:00Z", hyp([0, 40], [1, 300], [0, 4], [1, 4], [0, 4], [2, 300], [3, 100], [0, 8])),
  ])!;
  assert.equal(
    glanceSummary(g, en),
    "On the night of Sat 21 Nov 2026 you slept 7 h 15 min between 23:30 and 07:00 (Europe/Paris). " +
      // before: 40 wake, 300 light, 4 wake, 4 light, 4 wake, 300 deep, 100 REM, 8 wake = 760 epochs (6 h 20 min in bed,
      // 23:00 to 05:20), 704 asleep = 5 h 52 min, 93 %, two awakenings.
      // One earlier night: the figures, and no better or worse.
      "Your sleep efficiency was 97%. You woke once. There is 1 earlier night here: too few to compare with yet (comparisons start at 3).",
  );
});

test("no nights, no card", () => {
  assert.equal(lastNightGlance([]), null);
});

test("efficiency exactly at a half percent: 345 of 600 epochs asleep is 57.5 %, 58 % as on the night page", () => {
  // (345 / 600) * 100 is 57.49999… in floating point, which Math.round made 57; in whole numbers it is 58.
  const f = glanceFigures(night("half", "2026-11-20T22:00:00Z", hyp([1, 345], [0, 255])));
  assert.equal(f.efficiency, 58);
});

test("no awakening reads as plain words", () => {
  assert.equal(woke(0, en), "You did not wake during the night");
  assert.equal(woke(1, en), "You woke once");
  assert.equal(woke(2, en), "You woke twice");
  assert.equal(woke(5, en), "You woke 5 times");
  const g = lastNightGlance([
    night("last", "2026-11-21T22:30:00Z", hyp([0, 20], [1, 870], [0, 10])),
    ...Array.from({ length: 3 }, (_, i) => night(`e${i}`, new Date(Date.parse("2026-11-20T22:30:00Z") - i * 86_400_000).toISOString(), hyp([0, 30], [1, 720], [0, 30]))),
  ])!;
  assert.match(glanceSummary(g, en), /You did not wake during the night, within your usual range \(your average: 0\)\./);
  assert.doesNotMatch(glanceSummary(g, en), /not at all/);
});

test("the heading says last night only of last night, else the night's date and how long ago", () => {
  // The night of Fri 20 Nov in Paris (23:30 to 07:00).
  const g = lastNightGlance([night("n", "2026-11-20T22:30:00Z", hyp([1, 900]))])!;
  // Saturday morning and Saturday evening in Paris: last night.
  assert.equal(glanceHeading(g, Date.parse("2026-11-21T06:30:00Z"), en), "Last night");
  assert.equal(glanceHeading(g, Date.parse("2026-11-21T22:59:00Z"), en), "Last night");
  // Sunday 00:30 in Paris (23:30 UTC on Saturday): the date has turned, so it is the night before last.
  assert.equal(glanceHeading(g, Date.parse("2026-11-21T23:30:00Z"), en), "The night of Fri 20 Nov 2026 (2 days ago)");
  assert.equal(glanceHeading(g, Date.parse("2026-12-02T09:00:00Z"), en), "The night of Fri 20 Nov 2026 (12 days ago)");
  // Read on the night's own clock: 23:30 UTC Friday is already Saturday in Paris, not yet in New York.
  const ny = lastNightGlance([night("ny", "2026-11-21T03:00:00Z", hyp([1, 600]), "America/New_York")])!;
  assert.equal(ny.night.day, "2026-11-20");
  assert.equal(glanceHeading(ny, Date.parse("2026-11-21T23:30:00Z"), en), "Last night");
  // A nap this afternoon is today's.
  const nap = lastNightGlance([night("nap", "2026-11-21T13:00:00Z", hyp([1, 120]))])!;
  assert.equal(glanceHeading(nap, Date.parse("2026-11-21T16:00:00Z"), en), "The night of Sat 21 Nov 2026 (today)");
});

test("a newer night closed as Incomplete is found; older ones and complete ones are not", () => {
  const g = lastNightGlance([night("n", "2026-11-20T22:30:00Z", hyp([1, 900]))])!;
  const nights = [
    { id: "older", state: "INCOMPLETE", startTime: "2026-11-18T22:30:00Z" },
    { id: "newer", state: "INCOMPLETE", startTime: "2026-11-22T22:30:00Z" },
    { id: "newest", state: "INCOMPLETE", startTime: "2026-11-23T22:30:00Z" },
    { id: "open", state: "OPEN", startTime: "2026-11-24T22:30:00Z" },
  ];
  assert.equal(newerIncomplete(g, nights)?.id, "newest");
  assert.equal(newerIncomplete(g, nights.slice(0, 1)), null);
  // No complete night at all: any Incomplete one is newer.
  assert.equal(newerIncomplete(null, nights.slice(0, 1))?.id, "older");
});

test("Deep and REM against the sleeper's own usual: more or less, never better or worse", () => {
  // 300 deep epochs = 150 min, 170 REM epochs = 85 min.
  const f = glanceFigures(night("a", "2026-11-20T22:30:00Z", hyp([0, 20], [1, 400], [0, 4], [2, 300], [0, 2], [3, 170], [0, 4])));
  assert.equal(f.deep, 150);
  assert.equal(f.rem, 85);
  assert.deepEqual(compareToAverage("deep", 150, [100, 110, 120]), { nights: 3, average: 110, difference: 40, verdict: "more" });
  assert.deepEqual(compareToAverage("rem", 85, [100, 100, 100]), { nights: 3, average: 100, difference: -15, verdict: "less" });
  assert.deepEqual(compareToAverage("rem", 95, [100, 100, 100]).verdict, "usual");
  assert.equal(comparisonText("deep", compareToAverage("deep", 150, [100, 110, 120]), en), "40 min more (avg 1 h 50 min, 3 nights)");
});

test("bed and wake time consistency: the standard deviation over the card's night and the 6 before", async () => {
  const { consistencyText } = await import("./glance");
  const stages = hyp([1, 840]);
  // Bed times 23:00, 23:30, 00:00 Paris (690 − 30, 690, 690 + 30 min after noon): sd = 30 min;
  // every night 7 h long, so wake times spread the same.
  const nights = [night("c", "2026-11-22T23:00:00Z", stages), night("b", "2026-11-21T22:30:00Z", stages), night("a", "2026-11-20T22:00:00Z", stages)];
  const g = lastNightGlance(nights)!;
  assert.deepEqual(g.consistency, { nights: 3, bedtimeSdMinutes: 30, wakeSdMinutes: 30 });
  assert.equal(consistencyText(g.consistency, en), "Over your last 3 nights, bed times varied by 30 min and wake times by 30 min (standard deviation; under 30 min is regular).");
  // Two nights: too few.
  const two = lastNightGlance(nights.slice(0, 2))!;
  assert.equal(two.consistency.bedtimeSdMinutes, null);
  assert.equal(consistencyText(two.consistency, en), "Bed and wake time consistency needs at least 3 nights (2 so far).");
});

test("the card's explanations in English are GLANCE_EXPLANATIONS (the night page's definitions), word for word", () => {
  assert.deepEqual(glanceExplanations(en), GLANCE_EXPLANATIONS);
  for (const text of Object.values(glanceExplanations(ko))) assert.match(text, /[\uac00-\ud7a3]/);
});

test("in Korean: the same facts, in Korean sentences", () => {
  const nights = [
    night("n0", "2026-11-20T23:30:00Z", hyp([0, 20], [1, 420], [0, 10], [2, 420], [0, 30])),
    ...Array.from({ length: 35 }, (_, i) => night(`e${i}`, new Date(Date.parse("2026-11-19T22:30:00Z") - i * 86_400_000).toISOString(), hyp([0, 30], [1, 720], [0, 30]))),
  ];
  const g = lastNightGlance(nights)!;
  assert.equal(
    glanceSummary(g, ko, "ko"),
    "2026년 11월 20일 (금) 밤에는 00:30부터 08:00까지(Europe/Paris) 7시간 잤습니다. 총 수면 시간은 7일 평균보다 1시간 많았습니다(6시간). " +
      "수면 효율은 93%로, 평소 범위 안이었습니다(평균: 92%). 밤사이 1번 깼습니다. 각성 횟수는 평소 범위 안이었습니다(평균: 0). " +
      "잠자리에 든 시각은 평소보다 1시간 늦었습니다(평균 23:30). 일어난 시각은 평소보다 2시간 늦었습니다(평균 06:00).",
  );
  assert.equal(glanceHeading(g, Date.parse("2026-11-21T23:30:00Z"), ko, "ko"), "2026년 11월 20일 (금) 밤 (2일 전)");
  assert.equal(comparisonText("totalSleep", compareToAverage("totalSleep", 440, [400, 420, 410]), ko, "ko"), "좋음: 30분 많음 (평균 6시간 50분, 3일)");
  assert.equal(comparisonText("bedtime", compareToAverage("bedtime", 750, [690, 700, 695]), ko, "ko"), "평소보다 55분 늦음 (평균 23:35, 3일)");
});

test("the night's date and clock times, in its own zone", () => {
  const g = lastNightGlance([night("n", "2026-11-20T22:30:00Z", hyp([1, 900]))])!;
  assert.equal(bedToWake(g, en), "Fri 20 Nov 2026, 23:30 to Sat 07:00 (Europe/Paris)");
  assert.equal(bedToWake(g, ko, "ko"), "2026년 11월 20일 (금) 23:30 ~ 토요일 07:00 (Europe/Paris)");
  const evening = lastNightGlance([night("e", "2026-11-20T13:00:00Z", hyp([1, 120]), "+05:30")])!;
  assert.equal(bedToWake(evening, en), "Fri 20 Nov 2026, 18:30 to 19:30 (UTC+05:30)");
  assert.equal(bedToWake(evening, ko, "ko"), "2026년 11월 20일 (금) 18:30 ~ 19:30 (UTC+05:30)");
  const open = { ...g, night: { ...g.night, endTime: null } };
  assert.equal(bedToWake(open, en), "Fri 20 Nov 2026, 23:30 (Europe/Paris)");
});
