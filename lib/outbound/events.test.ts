import { test } from "node:test";
import assert from "node:assert/strict";
import { currentStage, NOTHING_ANNOUNCED, owedNightEvents, stageName, type AnnouncedNight } from "./events";

const MIN = 60_000;
const types = (r: ReturnType<typeof owedNightEvents>) => r.events.map((e) => e.type);

test("the current stage is the last epoch with a known stage", () => {
  assert.deepEqual(currentStage([1, 2, 3, -1, -1]), { stage: 3, epoch: 2 });
  assert.equal(currentStage([-1, -1]), null);
  assert.equal(currentStage([]), null);
});

test("a night's first stored analysis owes night.started, with its stage, and only once", () => {
  const first = owedNightEvents(NOTHING_ANNOUNCED, { state: "OPEN", sleepStages: [0, 0, 1] }, 0, 15 * MIN);
  assert.deepEqual(types(first), ["night.started"]);
  assert.equal(first.announced.stage, 1);
  const again = owedNightEvents(first.announced, { state: "OPEN", sleepStages: [0, 0, 1, 1] }, 5 * MIN, 15 * MIN);
  assert.deepEqual(types(again), []);
  assert.equal(again.settled, true);
});

test("a stage change inside the debounce window is held back, then sent once the window has passed", () => {
  const announced: AnnouncedNight = { ...NOTHING_ANNOUNCED, started: true, stage: 1, stageAt: 0 };
  const early = owedNightEvents(announced, { state: "OPEN", sleepStages: [1, 2] }, 10 * MIN, 15 * MIN);
  assert.deepEqual(types(early), []);
  assert.equal(early.settled, false, "must be looked at again");
  const later = owedNightEvents(early.announced, { state: "OPEN", sleepStages: [1, 2] }, 15 * MIN, 15 * MIN);
  assert.deepEqual(types(later), ["night.stage_changed"]);
  assert.equal(later.events[0]!.previousStage, 1);
  assert.equal(later.events[0]!.stage!.stage, 2);
  // Back to light sleep and to deep again inside the next window: nothing, and nothing owed after it
  // once the stage is the one announced.
  const flicker = owedNightEvents(later.announced, { state: "OPEN", sleepStages: [1, 2, 1] }, 20 * MIN, 15 * MIN);
  assert.deepEqual(types(flicker), []);
  const back = owedNightEvents(later.announced, { state: "OPEN", sleepStages: [1, 2, 1, 2] }, 40 * MIN, 15 * MIN);
  assert.deepEqual(types(back), []);
  assert.equal(back.settled, true);
});

test("a completed night owes night.completed once and no stage change; an incomplete one night.incomplete", () => {
  const announced: AnnouncedNight = { ...NOTHING_ANNOUNCED, started: true, stage: 1, stageAt: 0 };
  const done = owedNightEvents(announced, { state: "COMPLETE", sleepStages: [1, 3] }, 60 * MIN, 15 * MIN);
  assert.deepEqual(types(done), ["night.completed"]);
  assert.deepEqual(types(owedNightEvents(done.announced, { state: "COMPLETE", sleepStages: [1, 3] }, 61 * MIN, 15 * MIN)), []);
  const closed = owedNightEvents(announced, { state: "INCOMPLETE", sleepStages: [1] }, 60 * MIN, 15 * MIN);
  assert.deepEqual(types(closed), ["night.incomplete"]);
  // A late report still completes it.
  assert.deepEqual(types(owedNightEvents(closed.announced, { state: "COMPLETE", sleepStages: [1] }, 90 * MIN, 15 * MIN)), ["night.completed"]);
});

test("a night whose first delivery is its report owes started then completed, in that order", () => {
  assert.deepEqual(types(owedNightEvents(NOTHING_ANNOUNCED, { state: "COMPLETE", sleepStages: [1, 2] }, 0, 15 * MIN)), ["night.started", "night.completed"]);
});

test("an event names a 1 as the night's plan scores it: 'Sleep' on a 2-stage night, 'Light' on a 4-stage one", () => {
  assert.equal(stageName(1, "2-stage"), "Sleep");
  assert.equal(stageName(0, "2-stage"), "Wake");
  assert.equal(stageName(1, "4-stage"), "Light");
  assert.equal(stageName(1), "Light");
  assert.equal(stageName(null, "2-stage"), null);
});
