import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAsleepWebhook } from "../webhook/schema";
import { missingDeliveries } from "./deliveries";

const night = { id: "night-1", userId: "user-1", storedBlocks: [0, 3] };
const stages = (blocks: number) => Array.from({ length: blocks * 10 }, (_, i) => (i % 4) as 0 | 1 | 2 | 3);

describe("the deliveries a back-fill rebuilds from Asleep's Get Session", () => {
  it("an open night: the whole blocks we do not have, each valid for the webhook's schema", () => {
    const result = missingDeliveries(
      { session: { state: "OPEN", start_time: "2026-11-22T22:00:00+00:00", sleep_stages: [...stages(5), 1, 1, 1], snoring_stages: stages(5).map(() => 0) } },
      night,
    );
    assert.equal(result.kind, "blocks");
    if (result.kind !== "blocks") return;
    assert.deepEqual(result.bodies.map((b) => b.inference_seq_num), [1, 2, 4]); // the partial sixth block waits
    const block2 = result.bodies[1]!;
    assert.deepEqual(block2.sleep_stages, stages(5).slice(20, 30));
    assert.deepEqual(block2.time_window, { start: "2026-11-22T22:10:00.000Z", end: "2026-11-22T22:15:00.000Z" });
    for (const body of result.bodies) assert.equal(parseAsleepWebhook(body, "user-1").ok, true);
  });

  it("skips blocks Asleep has no analysis for, and snoring it does not cover", () => {
    const result = missingDeliveries({ session: { state: "OPEN", sleep_stages: [...Array(20).fill(-1), ...stages(1)], snoring_stages: [0, 0] } }, { ...night, storedBlocks: [] });
    assert.equal(result.kind, "blocks");
    if (result.kind !== "blocks") return;
    assert.deepEqual(result.bodies.map((b) => b.inference_seq_num), [2]);
    assert.equal(result.bodies[0]!.snoring_stages, undefined);
    assert.equal(result.bodies[0]!.time_window, undefined);
  });

  it("a night Asleep has completed: one SESSION_COMPLETE carrying its report", () => {
    const result = missingDeliveries(
      { session: { state: "COMPLETE", start_time: "2026-11-22T22:00:00+00:00", end_time: "2026-11-23T06:00:00+00:00", sleep_stages: stages(3) }, stat: { sleep_efficiency: 91 }, peculiarities: ["NO_BREATHING_STABILITY"] },
      night,
    );
    assert.equal(result.kind, "complete");
    if (result.kind !== "complete") return;
    const parsed = parseAsleepWebhook(result.body, "user-1");
    assert.equal(parsed.ok, true);
    if (!parsed.ok || parsed.delivery.event !== "SESSION_COMPLETE") return;
    assert.equal(parsed.delivery.sessionId, "night-1");
    assert.deepEqual(parsed.delivery.final?.sleepStages, stages(3));
    assert.deepEqual(parsed.delivery.stat, { sleep_efficiency: 91 });
    assert.deepEqual(parsed.delivery.peculiarities, ["NO_BREATHING_STABILITY"]);
  });

  it("a closed night: complete with its final timeline, otherwise not ready yet", () => {
    assert.equal(missingDeliveries({ session: { state: "CLOSED", sleep_stages: stages(2) } }, night).kind, "complete");
    assert.equal(missingDeliveries({ session: { state: "CLOSED" } }, night).kind, "not-ready");
  });
});
