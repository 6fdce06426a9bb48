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

describe("OUTBOUND_ALLOW_LOOPBACK", () => {
  it("off unless set to true; anything else stops the start with the variable named", () => {
    assert.equal(loadEnv({}).OUTBOUND_ALLOW_LOOPBACK, false);
    assert.equal(loadEnv({ OUTBOUND_ALLOW_LOOPBACK: "true" }).OUTBOUND_ALLOW_LOOPBACK, true);
    assert.equal(loadEnv({ OUTBOUND_ALLOW_LOOPBACK: "false" }).OUTBOUND_ALLOW_LOOPBACK, false);
    assert.throws(() => loadEnv({ OUTBOUND_ALLOW_LOOPBACK: "yes" }), /OUTBOUND_ALLOW_LOOPBACK: must be "true" or "false"/);
  });
});

describe("VAPID keys (the morning notification)", () => {
  // A pair as `npx web-push generate-vapid-keys` prints it.
  const PUBLIC = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString("base64url");
  const PRIVATE = Buffer.alloc(32, 9).toString("base64url");
  it("unset: none (generated once into the database at start); both set: taken as given", () => {
    assert.equal(loadEnv({}).VAPID_PUBLIC_KEY, undefined);
    assert.equal(loadEnv({}).VAPID_SUBJECT, "mailto:push@localhost");
    const env = loadEnv({ VAPID_PUBLIC_KEY: PUBLIC, VAPID_PRIVATE_KEY: PRIVATE, VAPID_SUBJECT: "https://clinic.example.org" });
    assert.deepEqual([env.VAPID_PUBLIC_KEY, env.VAPID_PRIVATE_KEY, env.VAPID_SUBJECT], [PUBLIC, PRIVATE, "https://clinic.example.org"]);
  });
  it("one without the other, a key of the wrong size or a subject that is no contact stops the start, named", () => {
    assert.throws(() => loadEnv({ VAPID_PUBLIC_KEY: PUBLIC }), /VAPID_PRIVATE_KEY: set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither/);
    assert.throws(() => loadEnv({ VAPID_PUBLIC_KEY: PRIVATE, VAPID_PRIVATE_KEY: PRIVATE }), /VAPID_PUBLIC_KEY: must be an uncompressed P-256 public key/);
    assert.throws(() => loadEnv({ VAPID_PUBLIC_KEY: PUBLIC, VAPID_PRIVATE_KEY: "not+base64url" }), /VAPID_PRIVATE_KEY: must be a P-256 private key/);
    assert.throws(() => loadEnv({ VAPID_SUBJECT: "http://clinic.example.org" }), /VAPID_SUBJECT: must be a mailto: or https: URL/);
  });
});
