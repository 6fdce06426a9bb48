import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BoardLastNight, BoardNight, BoardRow, SessionUpdateEvent } from "./events";
import { withComplete, withFreshRows, withUpdate } from "./board";

const block = (stage: number) => Array<number>(10).fill(stage);
const night = (id: string, sleepStages: number[], over: Partial<BoardNight> = {}): BoardNight => ({
  id,
  state: "OPEN",
  startTime: "2026-11-22T22:00:00.000Z",
  endTime: null,
  timezone: "Europe/Paris",
  zone: { name: "Europe/Paris", source: "night" },
  sleepStages,
  snoringStages: sleepStages.map(() => 0),
  updatedAt: "2026-11-22T22:10:00.000Z",
  lastDeliveryAt: "2026-11-22T22:10:00.000Z",
  cadenceMs: 4 * 60_000,
  stale: false,
  asleepUnreachableSince: null,
  asleepHasNoRecord: false,
  stagePlanSetting: "4-stage",
  ...over,
});
const lastNightOf = (n: BoardNight): BoardLastNight => ({
  id: n.id,
  state: n.state === "INCOMPLETE" ? "INCOMPLETE" : "COMPLETE",
  startTime: n.startTime,
  endTime: n.endTime,
  timezone: n.timezone,
  zone: n.zone,
  day: null,
  totalSleepSeconds: 0,
  timeInBedSeconds: 0,
  efficiencyPercent: null,
  efficiencyShownPercent: null,
  tags: [],
});
const row = (asleepUserId: string, open: BoardNight | null, lastNight: BoardNight | null = null): BoardRow => ({
  name: asleepUserId,
  email: `${asleepUserId}@example.test`,
  asleepUserId,
  open,
  lastNight: lastNight && lastNightOf(lastNight),
  adherence: { adherentDays: 0, days: 30, percent: 0, meets: false, lastDay: "2026-11-22", tooEarly: false },
  enrolledOn: "2026-09-01",
  openAlerts: 0,
  flags: [],
  lastNote: null,
});
const update = (userId: string, sessionId: string, sleepStages: number[], updatedAt = "2026-11-22T22:15:00.000Z"): SessionUpdateEvent => ({
  sessionId,
  userId,
  state: "OPEN",
  inferenceSeqNum: sleepStages.length / 10 - 1,
  sleepStages,
  snoringStages: sleepStages.map(() => 0),
  startTime: "2026-11-22T22:00:00.000Z",
  updatedAt,
});
const ARRIVED = Date.parse("2026-11-22T22:15:02.000Z");

describe("the board patched by a live update", () => {
  it("shows the new analysis on that patient's row only, arrived by the page's clock, keeping the night's start, zone and cadence", () => {
    const board = [row("ana", night("ana-1", block(1))), row("ben", night("ben-1", block(0)))];
    const [ana, ben] = withUpdate(board, update("ana", "ana-1", [...block(1), ...block(2)]), ARRIVED);
    assert.deepEqual(ana!.open!.sleepStages, [...block(1), ...block(2)]);
    assert.equal(ana!.open!.lastDeliveryAt, "2026-11-22T22:15:02.000Z");
    assert.equal(ana!.open!.timezone, "Europe/Paris");
    assert.equal(ana!.open!.cadenceMs, 4 * 60_000);
    assert.equal(ben, board[1]);
  });

  it("a night that begins shows with Asleep's usual cadence until the server has measured one, from the start the update gives", () => {
    const [ana] = withUpdate([row("ana", null)], update("ana", "ana-2", block(0)), ARRIVED);
    assert.equal(ana!.open!.id, "ana-2");
    assert.equal(ana!.open!.cadenceMs, 5 * 60_000);
    assert.equal(ana!.open!.startTime, "2026-11-22T22:00:00.000Z");
  });

  it("a start that an analysis moved (an earlier estimate) replaces the one shown; an update without one keeps it", () => {
    const board = [row("ana", night("ana-1", block(1)))];
    const [moved] = withUpdate(board, { ...update("ana", "ana-1", [...block(1), ...block(2)]), startTime: "2026-11-22T21:58:30.000Z" }, ARRIVED);
    assert.equal(moved!.open!.startTime, "2026-11-22T21:58:30.000Z");
    const [kept] = withUpdate(board, { ...update("ana", "ana-1", [...block(1), ...block(2)]), startTime: null }, ARRIVED);
    assert.equal(kept!.open!.startTime, "2026-11-22T22:00:00.000Z");
  });

  it("an update older than what the row shows is ignored", () => {
    const board = [row("ana", night("ana-1", [...block(1), ...block(2)]))];
    assert.equal(withUpdate(board, update("ana", "ana-1", block(1)), ARRIVED)[0], board[0]);
  });
});

describe("the board patched by an update of a night no longer recorded", () => {
  it("a night closed as Incomplete leaves the recording column; an update of another finished night changes nothing", () => {
    const rows = [row("ana", night("n1", block(1))), row("ben", null)];
    const closed = withUpdate(rows, { ...update("ana", "n1", block(1)), state: "INCOMPLETE" }, Date.parse("2026-11-23T10:00:00Z"));
    assert.equal(closed[0]!.open, null);
    const late = withUpdate(rows, { ...update("ben", "old", block(2)), state: "COMPLETE" }, Date.parse("2026-11-23T10:00:00Z"));
    assert.deepEqual(late, rows, "a late analysis of a finished night is not 'Recording'");
  });
});

describe("the board read again from the server", () => {
  it("a read that missed the latest analysis does not take the row back", () => {
    const live = withUpdate([row("ana", night("ana-1", block(1)))], update("ana", "ana-1", [...block(1), ...block(2)]), ARRIVED);
    const staleRead = [row("ana", night("ana-1", block(1)))];
    assert.deepEqual(withFreshRows(staleRead, live)[0]!.open!.sleepStages, [...block(1), ...block(2)]);
  });

  it("a read that saw as much replaces the row, with the server's figures", () => {
    const live = withUpdate([row("ana", night("ana-1", block(1)))], update("ana", "ana-1", [...block(1), ...block(2)]), ARRIVED);
    const read = [row("ana", night("ana-1", [...block(1), ...block(2)], { cadenceMs: 5 * 60_000, lastDeliveryAt: "2026-11-22T22:15:00.000Z" }))];
    assert.equal(withFreshRows(read, live)[0], read[0]);
  });

  it("a night that begins live is kept when the read came before it, dropped once the read shows it complete", () => {
    const live = withUpdate([row("ana", null)], update("ana", "ana-2", block(0)), ARRIVED);
    assert.equal(withFreshRows([row("ana", null)], live)[0]!.open!.id, "ana-2");
    const finished = [row("ana", null, night("ana-2", block(0), { state: "COMPLETE" }))];
    assert.equal(withFreshRows(finished, live)[0]!.open, null);
  });

  it("of two different nights open, the one the server changed last is shown", () => {
    const live = withUpdate([row("ana", night("ana-1", block(1)))], update("ana", "ana-2", block(0), "2026-11-22T23:00:00.000Z"), ARRIVED);
    assert.equal(withFreshRows([row("ana", night("ana-1", block(1)))], live)[0]!.open!.id, "ana-2");
    const newerRead = [row("ana", night("ana-3", block(0), { updatedAt: "2026-11-22T23:30:00.000Z" }))];
    assert.equal(withFreshRows(newerRead, live)[0]!.open!.id, "ana-3");
  });

  it("people come and go with the read: a patient no longer assigned leaves the board, a new one joins", () => {
    const current = [row("ana", night("ana-1", block(1))), row("ben", night("ben-1", block(1)))];
    const read = [row("ana", night("ana-1", block(1))), row("cara", null)];
    assert.deepEqual(withFreshRows(read, current).map((r) => r.asleepUserId), ["ana", "cara"]);
  });
});

describe("the board when a night completes", () => {
  it("stops showing it as recorded, even when an older night's completion leaves another as the last", () => {
    // A night that started before the patient's last complete one finishes (a late delivery): the
    // server's last night stays the newer one, and the finished night must not stay "Recording".
    const last = night("ana-newer", block(1), { state: "COMPLETE" });
    const board = withComplete([row("ana", night("ana-old", block(1)), last), row("ben", night("ben-1", block(0)))], "ana-old");
    assert.equal(board[0]!.open, null);
    assert.equal(board[1]!.open!.id, "ben-1");
    const fresh = withFreshRows([row("ana", null, last), row("ben", night("ben-1", block(0)))], board);
    assert.equal(fresh[0]!.open, null);
    assert.equal(fresh[0]!.lastNight!.id, "ana-newer");
  });
});
