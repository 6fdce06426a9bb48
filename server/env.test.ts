import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadEnv } from "./env";

describe("durations in the environment", () => {
  it("BACKFILL_INTERVAL: 60 s unset; ms, s, m, or bare seconds", () => {
    assert.equal(loadEnv({}).BACKFILL_INTERVAL, 60_000);
    assert.equal(loadEnv({ BACKFILL_INTERVAL: "500ms" }).BACKFILL_INTERVAL, 500);
    assert.equal(loadEnv({ BACKFILL_INTERVAL: "2m" }).BACKFILL_INTERVAL, 120_000);
    assert.equal(loadEnv({ BACKFILL_INTERVAL: "90" }).BACKFILL_INTERVAL, 90_000);
    assert.equal(loadEnv({}).TEST_CADENCE_FLOOR, 60_000);
  });

  it("a bad value stops the start with the variable named", () => {
    assert.throws(() => loadEnv({ BACKFILL_INTERVAL: "fast" }), /BACKFILL_INTERVAL: must be a duration/);
    assert.throws(() => loadEnv({ BACKFILL_INTERVAL: "0ms" }), /BACKFILL_INTERVAL: must be at least 10ms/);
  });
});

describe("ADHERENCE_RULE", () => {
  it("the usual insurer rule unset; a custom rule as hours, target and window", () => {
    assert.deepEqual(loadEnv({}).ADHERENCE_RULE, { minSleepHours: 4, targetPercent: 70, windowDays: 30 });
    assert.deepEqual(loadEnv({ ADHERENCE_RULE: "6h,80%,14d" }).ADHERENCE_RULE, { minSleepHours: 6, targetPercent: 80, windowDays: 14 });
  });
  it("a bad rule stops the start with the variable named", () => {
    assert.throws(() => loadEnv({ ADHERENCE_RULE: "4 hours" }), /ADHERENCE_RULE: must look like "4h,70%,30d"/);
    assert.throws(() => loadEnv({ ADHERENCE_RULE: "4h,170%,30d" }), /ADHERENCE_RULE: the target must be/);
  });
});

describe("alert schedules", () => {
  it("cron by default, a cron of one's own, or off", () => {
    assert.equal(loadEnv({}).ALERTS_SCHEDULE, "*/30 * * * *");
    assert.equal(loadEnv({ ALERTS_SCHEDULE: "0 * * * *" }).ALERTS_SCHEDULE, "0 * * * *");
    assert.equal(loadEnv({ ALERTS_SCHEDULE: " off " }).ALERTS_SCHEDULE, "off");
    assert.equal(loadEnv({ ALERTS_DIGEST_SCHEDULE: "off" }).ALERTS_DIGEST_SCHEDULE, "off");
  });
  it("anything else stops the start with the variable named", () => {
    assert.throws(() => loadEnv({ ALERTS_SCHEDULE: "hourly" }), /ALERTS_SCHEDULE: must be a five-field cron expression/);
    assert.throws(() => loadEnv({ ALERTS_DIGEST_SCHEDULE: "off please" }), /ALERTS_DIGEST_SCHEDULE: must be a five-field cron/);
  });
});
