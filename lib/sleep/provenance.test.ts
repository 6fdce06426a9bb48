import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nightProvenance, provenanceLine, readDeliveryForm, type DeliveryForm } from "./provenance";

const MIN = 60_000;
const v3: DeliveryForm = { via: "webhook", version: "V3", shape: "envelope", names: "event", aliases: [] };
const v2: DeliveryForm = { via: "webhook", version: "V2", shape: "envelope", names: "callback", aliases: ["stage_list"] };
const every = (minutes: number, count: number, epochs: number, form: DeliveryForm) =>
  Array.from({ length: count }, (_, k) => ({ arrivedAt: (20 + k * minutes) * MIN, inferenceSeqNum: 3 + (k * minutes) / 5, epochs, form }));

describe("a night's provenance", () => {
  it("says how it came, how often it was analysed, and what Asleep says was missing", () => {
    const p = nightProvenance(every(5, 6, 10, v3), { form: v3, missingDataRatio: 0.02 });
    assert.equal(provenanceLine(p), "Measured by Asleep from sound · webhook V3, envelope · analysed every 5 min · 2% of data missing (Asleep)");
  });
  it("names the callback spelling and the observed cadence of a 20-minute plan", () => {
    const p = nightProvenance(every(20, 4, 40, v2), { form: { ...v2, aliases: ["sleep_data"] }, missingDataRatio: null });
    assert.equal(provenanceLine(p), "Measured by Asleep from sound · webhook V2, envelope, callback_* names, sleep_data; webhook V2, envelope, callback_* names, stage_list · analysed every 20 min");
  });
  it("a 40-minute cadence is observed as such, even from one analysis of 80 values", () => {
    assert.equal(nightProvenance(every(40, 3, 80, v3), null).cadenceMs, 40 * MIN);
    assert.equal(nightProvenance(every(40, 1, 80, v3), null).cadenceMs, 40 * MIN);
  });
  it("back-filled blocks do not count towards the cadence; a night with only a report says so", () => {
    const backfill: DeliveryForm = { ...v3, via: "backfill", shape: "flat" };
    const p = nightProvenance(every(5, 4, 10, backfill), { form: v3, missingDataRatio: 0 });
    assert.equal(p.cadenceMs, null);
    assert.match(provenanceLine(p), /Asleep's REST API, flat/);
    assert.match(provenanceLine(p), /no analyses while recording/);
    assert.match(provenanceLine(p), /0% of data missing/);
  });
  it("rows stored before provenance (no form) still give a line, and stored forms are read leniently", () => {
    assert.equal(provenanceLine(nightProvenance([], null)), "Measured by Asleep from sound");
    // With the night's stage plan, how many stages it was scored in.
    assert.equal(provenanceLine(nightProvenance([], null), "4-stage"), "Measured by Asleep from sound · 4 stages");
    assert.equal(provenanceLine(nightProvenance([], null), "2-stage"), "Measured by Asleep from sound · 2 stages (wake, sleep)");
    // For the sleeper, in plain words: how Asleep delivered it is left out.
    const delivered = nightProvenance([], { form: { via: "webhook", version: "V3", shape: "flat", names: "event", aliases: [] }, missingDataRatio: null });
    assert.doesNotMatch(provenanceLine(delivered, "4-stage", true), /webhook/);
    assert.match(provenanceLine(delivered, "4-stage"), /webhook V3, flat/);
    assert.equal(readDeliveryForm(null), null);
    assert.equal(readDeliveryForm({ via: "x" }), null);
    assert.deepEqual(readDeliveryForm({ via: "webhook", shape: "flat", version: "V9", aliases: [1, "stage_list"] }), { via: "webhook", version: null, shape: "flat", names: "event", aliases: ["stage_list"] });
  });
});
