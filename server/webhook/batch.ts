// Group commit for INFERENCE_COMPLETE. The route handler awaits `ingestBatched`; every delivery
// pending when the batcher runs (one event-loop turn's worth, or what arrived while the previous
// batches were being written) is read with one statement, merged in memory with the pure merge
// (receiveInference), and written with one conditioned multi-row statement (storeInferenceBatch). A
// delivery is answered only once that statement has committed, so an acknowledgement still means
// "stored". At low rates a batch holds one delivery and goes at once (the next check phase of the loop).
//
// Why it pays: per delivery, the app spent more on statements (Prisma's client and query compiler,
// PostgreSQL parsing and planning two large statements, a round trip each) than on the delivery itself;
// a batch pays those once. Prisma stays the data layer: one statement shape for any batch size.
//
// What keeps it exactly-once and order-independent, as the one-delivery path is:
// - at most one batch in flight per night (deliveries for a busy night wait for the next batch), and
//   deliveries for one night within a batch are merged in memory in arrival order (the merge gives the
//   same night in any order anyway);
// - each night's rows are conditioned on its version (xmin) or its creation: a night that lost a race
//   (another instance wrote it) is read and merged again, and after OPTIMISTIC_ATTEMPTS lost races its
//   deliveries take the locked path, one by one;
// - a batch that fails is retried when the failure is a deadlock or a serialisation failure (two
//   instances writing overlapping nights in different orders), and otherwise split: each delivery is
//   written alone, so one unstorable delivery gets its own error (a 400 from the route) and the others
//   are stored.

import { receiveInference } from "@/lib/sleep/night";
import { startAfterInference, startMoved } from "@/lib/sleep/start-time";
import { firstEpochOf } from "@/lib/sleep/timeline";
import type { Db } from "../db/client";
import { isRetryableConflict } from "../db/errors";
import { storeInferenceBatch, type AuditRow, type NewInference, type NightBatchWrite } from "../data/inferences";
import { readSessionsForBatch, unstoredSession } from "../data/sessions";
import { nightsChanged } from "../outbound/nudge";
import { deliveryFormOf, estimateStartTime, ingestDelivery, ingestLocked, OPTIMISTIC_ATTEMPTS, SessionOwnerMismatch, type IngestContext, type IngestResult } from "./ingest";
import type { AsleepDelivery, InferenceDelivery } from "./schema";

/** A bound on one statement's size (its JSON parameters), so a backlog goes as several batches. */
const MAX_BATCH = 256;
/** Deadlocks and serialisation failures: retried this many times before the batch is split. */
const CONFLICT_RETRIES = 3;

interface Member {
  delivery: InferenceDelivery;
  ctx: IngestContext;
  /** Lost races so far. */
  attempts: number;
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

export interface BatcherOptions {
  /**
   * Batches written at once. Fewer means larger batches (what arrives while one is written goes
   * together in the next) and fewer statements; more means less waiting behind a slow one. One was
   * measured better than two on PGlite (its one connection) and no worse on PostgreSQL
   * (docs/PERFORMANCE.md, run 3).
   */
  maxInFlight: number;
}

export class InferenceBatcher {
  private queue: Member[] = [];
  /** Nights with a batch in flight. */
  private busy = new Set<string>();
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly options: BatcherOptions,
  ) {}

  submit(delivery: InferenceDelivery, ctx: IngestContext): Promise<IngestResult> {
    return new Promise<IngestResult>((resolve, reject) => {
      this.queue.push({ delivery, ctx, attempts: 0, resolve, reject });
      this.schedule();
    });
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    // The check phase after this turn's I/O: every request read in this turn joins the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush() {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const take: Member[] = [];
      const keep: Member[] = [];
      const nights = new Set<string>();
      for (const m of this.queue) {
        const night = m.delivery.sessionId;
        if (take.length < MAX_BATCH && !this.busy.has(night)) {
          take.push(m);
          nights.add(night);
        } else keep.push(m);
      }
      if (take.length === 0) return;
      // Claimed only once the whole queue was scanned, so one night's pending deliveries go together.
      for (const night of nights) this.busy.add(night);
      this.queue = keep;
      this.inFlight++;
      void this.run(take).finally(() => {
        this.inFlight--;
        for (const night of nights) this.busy.delete(night);
        if (this.queue.length > 0) this.schedule();
      });
    }
  }

  /** One batch, to the end: every member resolved or rejected. Never throws. */
  private async run(members: Member[]): Promise<void> {
    let round = members;
    let conflictRetries = 0;
    while (round.length > 0) {
      let lost: Member[];
      try {
        lost = await this.attempt(round);
      } catch (error) {
        if (isRetryableConflict(error) && conflictRetries < CONFLICT_RETRIES) {
          conflictRetries++;
          continue;
        }
        if (round.length === 1) round[0]!.reject(error);
        else await this.alone(round);
        return;
      }
      const locked = lost.filter((m) => ++m.attempts >= OPTIMISTIC_ATTEMPTS);
      round = lost.filter((m) => m.attempts < OPTIMISTIC_ATTEMPTS);
      // After repeated lost races, queue on each night's row lock instead, one delivery at a time.
      await perNight(locked, async (m) => {
        try {
          m.resolve(await ingestLocked(this.db, m.delivery, m.ctx));
        } catch (error) {
          m.reject(error);
        }
      });
    }
  }

  /** A failed batch, split: each delivery written as a batch of one (one night's in order). */
  private async alone(members: Member[]): Promise<void> {
    await perNight(members, (m) => this.run([m]));
  }

  /**
   * Reads, merges and writes once. Resolves the members whose nights were written (or refused), and
   * returns those whose nights lost a race. Throws, with nothing written, if the statement fails.
   */
  private async attempt(members: Member[]): Promise<Member[]> {
    const groups = new Map<string, Member[]>();
    for (const m of members) {
      const group = groups.get(m.delivery.sessionId);
      if (group) group.push(m);
      else groups.set(m.delivery.sessionId, [m]);
    }
    const read = await readSessionsForBatch(
      this.db,
      [...groups].map(([id, group]) => ({ id, seqNums: group.map((m) => m.delivery.inferenceSeqNum) })),
    );

    const nights: NightBatchWrite[] = [];
    const inferences: NewInference[] = [];
    const audits: AuditRow[] = [];
    const outcomes = new Map<string, Array<{ member: Member; outcome: AuditRow["outcome"] }>>();
    /** Each night's start as read, to tell whether the batch moved it. */
    const readStarts = new Map<string, Date | null>();
    const lost: Member[] = [];
    const updatedAt = new Date();

    for (const [id, group] of groups) {
      const stored = read.get(id);
      const session = stored ?? unstoredSession(id, group[0]!.delivery.userId);
      const storedSeqs = new Set(stored?.storedSeqNums ?? []);
      let night = session.night;
      let startTime = session.startTime;
      let write = false;
      let applied = false;
      const members: Array<{ member: Member; outcome: AuditRow["outcome"] }> = [];
      for (const m of group) {
        const d = m.delivery;
        if (d.userId !== session.userId) {
          // A stored night's owner never changes. A night this batch would create belongs to its first
          // delivery's user only if that write succeeds: the others wait and read it again.
          if (stored) m.reject(new SessionOwnerMismatch(id));
          else lost.push(m);
          continue;
        }
        const audit = { requestId: m.ctx.requestId, version: d.version, sessionId: id, userId: d.userId, inferenceSeqNum: d.inferenceSeqNum, body: m.ctx.body };
        if (storedSeqs.has(d.inferenceSeqNum)) {
          audits.push({ ...audit, outcome: "DUPLICATE" });
          members.push({ member: m, outcome: "DUPLICATE" });
          continue;
        }
        const placed = {
          inferenceSeqNum: d.inferenceSeqNum,
          firstEpoch: firstEpochOf(d.inferenceSeqNum, d.sleepStages.length),
          sleepStages: d.sleepStages,
          snoringStages: d.snoringStages,
        };
        const received = receiveInference(night, placed);
        night = received.night;
        applied ||= received.applied;
        // Applied or not, as in ingest.ts: every inference dates a night whose start is still an estimate.
        startTime = startAfterInference({ startTime, estimated: session.startTimeEstimated }, estimateStartTime(d, m.ctx.receivedAt));
        storedSeqs.add(d.inferenceSeqNum);
        write = true;
        inferences.push({
          sessionId: id,
          inferenceSeqNum: d.inferenceSeqNum,
          seqNum: d.seqNum,
          firstEpoch: placed.firstEpoch,
          sleepStages: d.sleepStages,
          snoringStages: d.snoringStages,
          breathStages: d.breathStages,
          windowStart: d.timeWindow?.start ?? null,
          windowEnd: d.timeWindow?.end ?? null,
          applied: received.applied,
          backfilled: m.ctx.source === "backfill",
          deliveryForm: deliveryFormOf(d, m.ctx.source),
        });
        const outcome = received.applied ? "STORED" : "LATE";
        audits.push({ ...audit, outcome });
        members.push({ member: m, outcome });
      }
      if (members.length === 0) continue;
      nights.push({ id, userId: session.userId, version: session.version, write, applied, night, startTime, updatedAt });
      readStarts.set(id, session.startTime);
      outcomes.set(id, members);
    }
    if (nights.length === 0) return lost;

    const written = await storeInferenceBatch(this.db, nights, inferences, audits);
    // Committed: outbound events compare these nights later in the event loop (server/outbound/nights.ts).
    nightsChanged(this.db, nights.filter((n) => n.write && written.has(n.id)).map((n) => n.id));
    for (const n of nights) {
      const members = outcomes.get(n.id)!;
      if (!written.has(n.id)) {
        lost.push(...members.map((x) => x.member));
        continue;
      }
      // Every delivery that changed the night is followed by the night as committed; one not applied
      // (after a final timeline) too when the batch moved the night's estimated start.
      const committed = { sessionId: n.id, userId: n.userId, night: n.night, startTime: n.startTime, updatedAt: n.updatedAt };
      const moved = startMoved(readStarts.get(n.id) ?? null, n.startTime);
      for (const { member, outcome } of members) {
        member.resolve(outcome === "STORED" || (outcome === "LATE" && moved) ? { outcome, night: committed } : { outcome });
      }
    }
    return lost;
  }
}

/** Runs `task` for every member: nights concurrently, one night's members in order. */
async function perNight(members: Member[], task: (m: Member) => Promise<void>): Promise<void> {
  const byNight = new Map<string, Member[]>();
  for (const m of members) {
    const list = byNight.get(m.delivery.sessionId);
    if (list) list.push(m);
    else byNight.set(m.delivery.sessionId, [m]);
  }
  await Promise.all(
    [...byNight.values()].map(async (list) => {
      for (const m of list) await task(m);
    }),
  );
}

const batchers = new WeakMap<Db, InferenceBatcher>();

/**
 * The webhook's ingest: INFERENCE_COMPLETE through the batcher of this database client, everything
 * else as ingestDelivery stores it.
 */
export function ingestBatched(db: Db, delivery: AsleepDelivery, ctx: IngestContext, options?: BatcherOptions): Promise<IngestResult> {
  if (delivery.event !== "INFERENCE_COMPLETE") return ingestDelivery(db, delivery, ctx);
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new InferenceBatcher(db, options ?? { maxInFlight: 1 });
    batchers.set(db, batcher);
  }
  return batcher.submit(delivery, ctx);
}
