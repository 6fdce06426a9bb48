import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { catalogueWords } from "@/lib/i18n/words";
import { connectionText, MAX_RETRY_MS, momentLabel, refusalOf, retryDelayMs } from "./connection";

describe("a live page's connection", () => {
  it("gives up only when the sign-in is gone", () => {
    assert.equal(refusalOf("unauthorized: sign in first"), "signed-out");
    assert.equal(refusalOf("unavailable: try again"), "retry");
    assert.equal(refusalOf("timeout"), "retry");
  });

  it("asks again sooner at first, never later than the cap, spread around the base", () => {
    assert.equal(retryDelayMs(0, () => 0.5), 1_000);
    assert.equal(retryDelayMs(1, () => 0.5), 2_000);
    assert.equal(retryDelayMs(10, () => 0.5), MAX_RETRY_MS);
    assert.equal(retryDelayMs(0, () => 0), 500);
    assert.equal(retryDelayMs(10, () => 0.999), Math.round(MAX_RETRY_MS * 1.499));
  });

  it("says since when it is away, with the zone, and the date when that was another day", () => {
    const now = Date.parse("2026-11-23T02:30:00Z");
    assert.equal(momentLabel(Date.parse("2026-11-23T02:05:00Z"), now, "UTC"), "02:05 UTC");
    assert.equal(momentLabel(Date.parse("2026-11-23T02:05:00Z"), now, "Europe/Paris"), "03:05 GMT+1");
    // Five to midnight yesterday is not "23:55" today.
    assert.equal(momentLabel(Date.parse("2026-11-22T23:55:00Z"), now, "UTC"), "Sun 22 Nov, 23:55 UTC");
    // Across midnight in New York it is still the same evening there.
    assert.equal(momentLabel(Date.parse("2026-11-22T23:55:00Z"), now, "America/New_York"), "18:55 GMT-5");
  });

  it("never reads as live while it is not, and names a sign-in that ended", () => {
    const now = Date.parse("2026-11-23T02:30:00Z");
    const lost = Date.parse("2026-11-23T02:29:00Z");
    assert.equal(connectionText("live", null, now, "UTC"), "Live");
    assert.equal(connectionText("connecting", null, now, "UTC"), "Connecting…");
    assert.equal(connectionText("reconnecting", lost, now, "UTC"), "Reconnecting… since 02:29 UTC");
    assert.equal(connectionText("offline", lost, now, "UTC"), "Offline since 02:29 UTC");
    // Back, but not yet caught up: not "Live" either.
    assert.equal(connectionText("catching-up", lost, now, "UTC"), "Catching up on what arrived since 02:29 UTC");
    assert.equal(connectionText("signed-out", lost, now, "UTC"), "You were signed out");
  });
});

describe("a live page's connection in Korean", () => {
  const t = catalogueWords("ConnectionStatus", JSON.parse(readFileSync(path.resolve(__dirname, "../i18n/messages/ko/ConnectionStatus.json"), "utf8")), "ko");
  it("says the same in Korean, with the moment on the Korean clock", () => {
    const now = Date.parse("2026-11-23T02:30:00Z");
    assert.equal(momentLabel(Date.parse("2026-11-23T02:05:00Z"), now, "Europe/Paris", "ko"), "03:05 GMT+1");
    assert.equal(momentLabel(Date.parse("2026-11-22T23:55:00Z"), now, "UTC", "ko"), "11월 22일 (일) 23:55 UTC");
    assert.equal(connectionText("live", null, now, "UTC", t, "ko"), "실시간");
    assert.equal(connectionText("offline", Date.parse("2026-11-23T02:29:00Z"), now, "UTC", t, "ko"), "오프라인 (02:29 UTC부터)");
    assert.equal(connectionText("signed-out", null, now, "UTC", t, "ko"), "로그아웃되었습니다");
  });
});
