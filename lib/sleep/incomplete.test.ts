import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { catalogueWords } from "@/lib/i18n/words";
import { describeBackfill, describeIncomplete, incompleteReasonFor, isDueIncomplete, isShortRecording } from "./incomplete";

const H = 3_600_000;

describe("closing a night that ends without an end", () => {
  const now = Date.UTC(2026, 10, 23, 12);
  it("is due after more than 12 h of silence since its last delivery, not at 11 h 59", () => {
    assert.equal(isDueIncomplete({ state: "OPEN", lastDeliveryAt: now - 12 * H - 1, createdAt: now - 20 * H }, now), true);
    assert.equal(isDueIncomplete({ state: "OPEN", lastDeliveryAt: now - 12 * H + 60_000, createdAt: now - 20 * H }, now), false);
  });
  it("a night with no analysis at all counts its silence from when it was stored", () => {
    assert.equal(isDueIncomplete({ state: "OPEN", lastDeliveryAt: null, createdAt: now - 13 * H }, now), true);
    assert.equal(isDueIncomplete({ state: "OPEN", lastDeliveryAt: null, createdAt: now - 1 * H }, now), false);
  });
  it("only OPEN nights close; the limit is configurable", () => {
    assert.equal(isDueIncomplete({ state: "COMPLETE", lastDeliveryAt: now - 48 * H, createdAt: now - 50 * H }, now), false);
    assert.equal(isDueIncomplete({ state: "INCOMPLETE", lastDeliveryAt: now - 48 * H, createdAt: now - 50 * H }, now), false);
    assert.equal(isDueIncomplete({ state: "OPEN", lastDeliveryAt: now - 2 * H, createdAt: now - 3 * H }, now, 1 * H), true);
  });
  it("says why in plain words: Asleep unreachable, or nothing more at Asleep", () => {
    assert.equal(incompleteReasonFor({ asked: true, asleepUnreachableSince: new Date(now - H) }), "ASLEEP_UNREACHABLE");
    assert.equal(incompleteReasonFor({ asked: true, asleepUnreachableSince: null }), "NOTHING_MORE");
    assert.match(describeIncomplete("ASLEEP_UNREACHABLE", "Mon 23 Nov 2026, 03:40 Europe/Paris"), /after Mon 23 Nov 2026, 03:40 Europe\/Paris, and Asleep could not be reached/);
    assert.match(describeIncomplete("NOTHING_MORE", null), /^Incomplete: Nothing arrived for this night, and Asleep had nothing more/);
  });
  it("a night closed before Asleep was ever asked says only what is known: nothing about what Asleep holds", () => {
    assert.equal(incompleteReasonFor({ asked: false, asleepUnreachableSince: null }), "NOT_ASKED");
    const notAsked = describeIncomplete("NOT_ASKED", "Mon 23 Nov 2026, 03:40 Europe/Paris");
    assert.equal(notAsked, "Incomplete: Nothing arrived after Mon 23 Nov 2026, 03:40 Europe/Paris. Asleep was not asked for the rest before the night was closed, so whether it holds more is not known. This report covers only what arrived.");
    // No reason recorded: no claim about Asleep either way.
    assert.equal(describeIncomplete(null, null), "Incomplete: Nothing arrived for this night. This report covers only what arrived.");
    for (const text of [notAsked, describeIncomplete(null, null)]) assert.doesNotMatch(text, /Asleep had|could not be reached|no record/);
  });
  it("the stale note says what the back-fill is doing, truthfully", () => {
    assert.equal(describeBackfill(null), "asking Asleep for the missing part");
    assert.equal(describeBackfill("03:10 UTC"), "Asleep could not be reached since 03:10 UTC");
  });
  it("a recording under 3 hours (360 epochs) is short", () => {
    assert.equal(isShortRecording(359), true);
    assert.equal(isShortRecording(360), false);
  });
});

it("for the sleeper, an Incomplete night and a quiet one are told without naming the services behind them", () => {
  for (const reason of ["ASLEEP_UNREACHABLE", "NOTHING_MORE", "NOT_ASKED", null] as const) assert.doesNotMatch(describeIncomplete(reason, "Mon 7 Dec 2026, 02:10 Europe/Paris", true), /Asleep/);
  assert.equal(describeIncomplete("ASLEEP_UNREACHABLE", "Mon 7 Dec 2026, 02:10 Europe/Paris", true), "Incomplete: Nothing arrived after Mon 7 Dec 2026, 02:10 Europe/Paris, and the rest of the night could not be fetched. This report covers only what arrived.");
  assert.equal(describeBackfill("Mon 7 Dec 2026, 02:10 Europe/Paris", true), "the missing part could not be fetched since Mon 7 Dec 2026, 02:10 Europe/Paris");
});

it("says the reason in Korean from the Korean catalogue, the sleeper's without naming Asleep", () => {
  const t = catalogueWords("NightReport", JSON.parse(readFileSync(path.resolve(__dirname, "../i18n/messages/ko/NightReport.json"), "utf8")), "ko");
  assert.equal(describeIncomplete(null, null, false, t), "미완료: 이 밤에 받은 데이터가 없습니다. 이 리포트는 받은 데이터만 다룹니다.");
  assert.match(describeIncomplete("ASLEEP_UNREACHABLE", "2026년 12월 7일 (월) 02:10 Europe/Paris", false, t), /^미완료: 2026년 12월 7일 \(월\) 02:10 Europe\/Paris 이후 받은 데이터가 없고, 나머지는 Asleep에 연결할 수 없어/);
  for (const reason of ["ASLEEP_UNREACHABLE", "NOTHING_MORE", "NOT_ASKED", null] as const) {
    assert.doesNotMatch(describeIncomplete(reason, "2026년 12월 7일 (월) 02:10 Europe/Paris", true, t), /Asleep/);
    assert.doesNotMatch(describeIncomplete(reason, null, false, t), /[{}]/);
  }
});
