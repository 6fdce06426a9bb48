import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { DRAFT04_SAFE_KEYWORDS, omhSchemaFiles, omhValidators, schemaKeywords } from "../../test/support/schemas";
import type { ExportNight } from "./night";
import { sleepEpisode, sleepEpisodeDataPoint } from "./omh";

const W = 0, L = 1, D = 2, R = 3, U = -1;
const fill = (n: number, stage: number) => Array<number>(n).fill(stage);
// 22:30 to 03:00 in Paris: asleep at epoch 20 (22:40), last asleep in epoch 529 (awake from 02:55).
const STAGES = [...fill(20, W), ...fill(400, L), ...fill(10, W), ...fill(40, R), ...fill(40, L), ...fill(20, D), ...fill(10, W)];
const NIGHT: ExportNight = { id: "night 1", asleepUserId: "asleep-A", state: "COMPLETE", startMs: Date.parse("2026-11-02T21:30:00Z"), endMs: Date.parse("2026-11-03T02:00:00Z"), zone: "Europe/Paris", sleepStages: STAGES };
const CTX = { appUrl: "https://sleep.example.org", now: new Date("2026-11-03T08:00:00Z") };

describe("Open mHealth sleep-episode export", () => {
  it("maps the night to sleep-episode 1.1: onset to final awakening, in the night's zone, with its figures", () => {
    assert.deepEqual(sleepEpisode(NIGHT), {
      effective_time_frame: { time_interval: { start_date_time: "2026-11-02T22:40:00+01:00", end_date_time: "2026-11-03T02:55:00+01:00" } },
      total_sleep_time: { value: 250, unit: "min" },
      latency_to_sleep_onset: { value: 10, unit: "min" },
      latency_to_arising: { value: 5, unit: "min" },
      wake_after_sleep_onset: { value: 5, unit: "min" },
      number_of_awakenings: 1,
      // 500 epochs asleep of the 510 from onset to final awakening.
      sleep_maintenance_efficiency_percentage: { value: 98, unit: "%" },
    });
  });

  it("wraps it in a data point whose header names the schema, the user and the source", () => {
    const point = sleepEpisodeDataPoint(NIGHT, CTX)!;
    assert.deepEqual(point.header, {
      id: "https://sleep.example.org/sleep-episode/night%201",
      creation_date_time: "2026-11-03T08:00:00.000Z",
      schema_id: { namespace: "omh", name: "sleep-episode", version: "1.1" },
      acquisition_provenance: { source_name: "Asleep", source_data_point_id: "night 1", modality: "sensed" },
      user_id: "asleep-A",
    });
  });

  it("a night without sleep spans its recording with no sleep; one still recording or without a start has no episode", () => {
    assert.deepEqual(sleepEpisode({ ...NIGHT, sleepStages: [...fill(20, W), ...fill(520, U)] }), {
      effective_time_frame: { time_interval: { start_date_time: "2026-11-02T22:30:00+01:00", end_date_time: "2026-11-03T03:00:00+01:00" } },
      total_sleep_time: { value: 0, unit: "min" },
    });
    assert.equal(sleepEpisode({ ...NIGHT, state: "OPEN" }), null);
    assert.equal(sleepEpisodeDataPoint({ ...NIGHT, startMs: null, endMs: null }, CTX), null);
  });

  it("the vendored schemas use only keywords draft-04 and draft-07 read alike (so ajv's draft-07 mode is exact)", () => {
    const used = new Set<string>();
    for (const schema of omhSchemaFiles().values()) schemaKeywords(schema, used);
    assert.deepEqual([...used].filter((k) => !DRAFT04_SAFE_KEYWORDS.has(k)), []);
  });

  it("validates against the published schemas: body, header and envelope; and the check can fail", () => {
    const { episode, header, dataPoint } = omhValidators();
    for (const night of [NIGHT, { ...NIGHT, state: "INCOMPLETE" as const }, { ...NIGHT, sleepStages: fill(40, W) }, { ...NIGHT, zone: "UTC+09:00" }]) {
      const point = sleepEpisodeDataPoint(night, CTX)!;
      for (const [name, validate, value] of [["body", episode, point.body], ["header", header, point.header], ["data point", dataPoint, point]] as const) {
        const result = validate(value);
        assert.ok(result.valid, `${name}: ${result.errors}`);
      }
    }
    const body = sleepEpisode(NIGHT)!;
    assert.equal(episode({ ...body, total_sleep_time: { value: 250, unit: "minutes" } }).valid, false, "a unit outside the schema's list");
    assert.equal(episode({ ...body, effective_time_frame: { time_interval: { start_date_time: "2026-11-02 22:40" , end_date_time: "2026-11-03T02:55:00+01:00" } } }).valid, false, "not a date-time");
    assert.equal(episode({ total_sleep_time: body.total_sleep_time }).valid, false, "without its time frame");
    assert.equal(header({ ...sleepEpisodeDataPoint(NIGHT, CTX)!.header, schema_id: { name: "sleep-episode" } }).valid, false, "schema id without namespace and version");
  });

  it("without the published schemas the schema check fails, saying where it looked: it never skips or passes", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "no-omh-"));
    try {
      // This file's schema check alone, in a child whose OMH_SCHEMAS_DIR holds nothing (a test runner of
      // its own: without NODE_TEST_CONTEXT, which would make it report to this one).
      const { NODE_TEST_CONTEXT: _, ...env } = process.env;
      const child = await promisify(execFile)(process.execPath, ["--import", "tsx", "--test", "--test-reporter=tap", "--test-name-pattern=validates against the published schemas", import.meta.filename], {
        env: { ...env, OMH_SCHEMAS_DIR: empty },
        cwd: path.resolve(import.meta.dirname, "../.."),
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
      assert.notEqual(child.code, 0, child.stdout);
      assert.match(child.stdout, /^\s*not ok \d+ - validates against the published schemas/m, "failed, not skipped");
      assert.match(child.stdout, /^# fail 1$/m);
      assert.ok(child.stdout.includes(`Open mHealth schemas not found in ${empty}`), child.stdout);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
