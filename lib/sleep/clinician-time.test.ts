import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { translatorFor } from "@/server/i18n/translator";
import { monthTime, monthTimeSummary as summary } from "./clinician-time";

const say = translatorFor("en", "ClinicianTimePanel.summary");
const monthTimeSummary = (m: ReturnType<typeof monthTime>) => summary(m, say);

const e = (minutes: number, interactiveContact = false) => ({ minutes, interactiveContact });

describe("monthTime: a month's clinician minutes against the 10/20-minute steps", () => {
  it("under 10 minutes reaches no step", () => {
    assert.equal(monthTimeSummary(monthTime([e(4), e(5)])), "9 min this month, no interactive contact yet: no step reached; 1 more min for 99470");
  });
  it("10 to 19 minutes is the 10-minute step (99470)", () => {
    const t = monthTime([e(10, true)]);
    assert.equal(t.step, "99470");
    assert.equal(monthTimeSummary(t), "10 min this month, with an interactive contact: 10 min step (CPT 99470) reached; 10 more min for 99457");
  });
  it("20 minutes is 99457; each further whole 20 is one 99458", () => {
    assert.equal(monthTimeSummary(monthTime([e(15), e(8, true)])), "23 min this month, with an interactive contact: 20 min step (CPT 99457) reached; 17 more min for 99458");
    const t = monthTime([e(30), e(30)]);
    assert.deepEqual([t.step, t.additional99458, t.toNextStep], ["99457", 2, 20]);
    assert.equal(monthTime([e(39)]).additional99458, 0);
    assert.equal(monthTime([e(40)]).additional99458, 1);
  });
  it("no entries: nothing", () => {
    assert.deepEqual(monthTime([]), { minutes: 0, interactiveContact: false, step: null, additional99458: 0, toNextStep: 10, nextStep: "99470" });
  });
});
