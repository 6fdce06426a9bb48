import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { advance, IDLE_AFTER_MS, input, isCounting, startActiveTime, takeWholeMinutes, visibility } from "./active-time";

const MIN = 60_000;

describe("the clinician-time timer counts while the page is visible and in use", () => {
  it("counts a page open and used", () => {
    let t = startActiveTime(0, true);
    for (let m = 1; m <= 10; m++) t = input(t, m * MIN);
    assert.equal(t.countedMs, 10 * MIN);
    assert.equal(isCounting(t, 10 * MIN), true);
  });
  it(`stops ${IDLE_AFTER_MS / MIN} minutes after the last input, the idle stretch counted up to that limit`, () => {
    let t = input(startActiveTime(0, true), 2 * MIN);
    t = advance(t, 60 * MIN);
    assert.equal(t.countedMs, 2 * MIN + IDLE_AFTER_MS);
    assert.equal(isCounting(t, 60 * MIN), false);
    // Input again starts it again, without counting the idle hour.
    t = input(t, 61 * MIN);
    t = advance(t, 62 * MIN);
    assert.equal(t.countedMs, 2 * MIN + IDLE_AFTER_MS + MIN);
  });
  it("counts nothing while the page is hidden; coming back counts again", () => {
    let t = startActiveTime(0, true);
    t = visibility(t, MIN, false);
    t = input(t, 2 * MIN); // a key pressed elsewhere reaches no hidden page, but nothing counts anyway
    t = advance(t, 30 * MIN);
    assert.equal(t.countedMs, MIN);
    t = visibility(t, 40 * MIN, true);
    t = advance(t, 41 * MIN);
    assert.equal(t.countedMs, 2 * MIN);
  });
  it("a page opened hidden (in a background tab) counts nothing until shown", () => {
    const t = advance(startActiveTime(0, false), 10 * MIN);
    assert.equal(t.countedMs, 0);
  });
  it("sends whole minutes and keeps the seconds for later", () => {
    let t = startActiveTime(0, true, 30_000);
    t = input(t, 150_000);
    const { minutes, rest } = takeWholeMinutes(t);
    assert.equal(minutes, 3);
    assert.equal(rest.countedMs, 0);
    const again = takeWholeMinutes(input(rest, 170_000));
    assert.deepEqual([again.minutes, again.rest.countedMs], [0, 20_000]);
  });
  it("a clock that goes back adds nothing", () => {
    const t = advance(input(startActiveTime(10 * MIN, true), 11 * MIN), 5 * MIN);
    assert.equal(t.countedMs, MIN);
  });
});
