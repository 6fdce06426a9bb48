import assert from "node:assert/strict";
import { it } from "node:test";
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
