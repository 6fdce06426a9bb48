import assert from "node:assert/strict";
import { it } from "node:test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { catalogueWords } from "@/lib/i18n/words";
import { tonightText } from "./tonight";

const at = Date.parse("2026-12-07T01:10:00Z"); // 02:10 in Paris

it("a night being recorded says so, with when the last part arrived", () => {
  assert.deepEqual(tonightText({ lastDeliveryMs: at, silent: false, zone: "Europe/Paris" }, at + 3 * 60_000), { kind: "recording", text: "Your night is being recorded. The last part arrived 3 minutes ago.", advice: null });
  // Before the page is hydrated: nothing relative, so the server's render and the first paint agree.
  assert.equal(tonightText({ lastDeliveryMs: at, silent: false, zone: "Europe/Paris" }, null).text, "Your night is being recorded.");
});

it("a silent night says since when, with its date and zone, and what to check", () => {
  const t = tonightText({ lastDeliveryMs: at, silent: true, zone: "Europe/Paris" }, at + 40 * 60_000);
  assert.equal(t.kind, "silent");
  assert.equal(t.text, "Nothing has arrived from your phone since Mon 7 Dec 2026, 02:10 Europe/Paris (40 minutes ago).");
  assert.match(t.advice!, /Is the phone charging, and is the Asleep app still open and recording\?/);
});

it("in Korean, from the Korean catalogue, with the Korean date and minutes", () => {
  const t = catalogueWords("Tonight", JSON.parse(readFileSync(path.resolve(__dirname, "../i18n/messages/ko/Tonight.json"), "utf8")), "ko");
  const silent = tonightText({ lastDeliveryMs: at, silent: true, zone: "Europe/Paris" }, at + 40 * 60_000, t, "ko");
  assert.match(silent.text, /^2026년 12월 7일 \(월\) 02:10 Europe\/Paris 이후 휴대폰에서 받은 데이터가 없습니다\(40분 전\)\.$/);
  assert.match(silent.advice!, /충전/);
  assert.equal(tonightText({ lastDeliveryMs: at, silent: false, zone: "UTC" }, at + 3 * 60_000, t, "ko").text, "밤 수면을 기록하고 있습니다. 마지막 데이터는 3분 전에 도착했습니다.");
});
