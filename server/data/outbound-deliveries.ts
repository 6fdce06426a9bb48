// Outbound events and their deliveries: one delivery per (event, endpoint subscribed to its type). The
// delivery row is the durable record of what is owed; a job in the queue only wakes the sender, so a
// lost job delays a delivery (the sweep finds it) but never loses it.
//
// In order per key (a night, or a patient's alerts): a delivery is sent only when every earlier delivery
// of the same key to the same endpoint is settled (DELIVERED or FAILED).

import { randomUUID } from "node:crypto";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { OutboundDeliveryStatus } from "../db/generated/enums";
import { isAdmin } from "./access";

type Sql = Pick<Prisma.TransactionClient, "$queryRaw">;

export interface NewOutboundEvent {
  type: string;
  orderKey: string;
  data: Record<string, unknown>;
}

/**
 * Records the event and a delivery for each enabled endpoint subscribed to its type, and returns the
 * deliveries' ids. Nothing is recorded when no endpoint wants it. One statement: safe inside the
 * caller's transaction.
 */
export async function recordOutboundEvent(tx: Sql, e: NewOutboundEvent): Promise<bigint[]> {
  const messageId = `msg_${randomUUID().replaceAll("-", "")}`;
  const rows = await tx.$queryRaw<Array<{ id: bigint }>>`
    WITH subscribed AS (
      SELECT id FROM outbound_endpoint WHERE enabled AND ${e.type} = ANY(events)
    ), ev AS (
      INSERT INTO outbound_event (message_id, type, order_key, data)
      SELECT ${messageId}, ${e.type}, ${e.orderKey}, ${JSON.stringify(e.data)}::jsonb
       WHERE EXISTS (SELECT 1 FROM subscribed)
      RETURNING id
    )
    INSERT INTO outbound_delivery (event_id, endpoint_id, order_key)
    SELECT ev.id, subscribed.id, ${e.orderKey} FROM ev, subscribed ORDER BY subscribed.id
    RETURNING id`;
  return rows.map((r) => r.id);
}

export interface ClaimedDelivery {
  id: bigint;
  attempts: number;
  endpoint: { id: string; url: string; secret: string; previousSecret: string | null; previousSecretUntil: Date | null };
  event: { messageId: string; type: string; createdAt: Date; data: unknown };
}

/**
 * Takes a delivery for one attempt, if it is due, not being sent elsewhere (or its sender's lease ran
 * out: an instance that stopped mid-send), its endpoint is enabled, and it is first in its key's line.
 * Null otherwise: the job that asked has nothing to do.
 */
export async function claimDelivery(db: Db, id: bigint, leaseMs: number): Promise<ClaimedDelivery | null> {
  const rows = await db.$queryRaw<Array<{ id: bigint; attempts: number }>>`
    UPDATE outbound_delivery d
       SET status = 'SENDING', attempts = d.attempts + 1, last_attempt_at = now(),
           lease_until = now() + ${leaseMs}::float8 * interval '1 millisecond'
     WHERE d.id = ${id}
       AND (d.status = 'PENDING' OR (d.status = 'SENDING' AND d.lease_until < now()))
       AND d.next_attempt_at <= now() + interval '1 second'
       AND EXISTS (SELECT 1 FROM outbound_endpoint p WHERE p.id = d.endpoint_id AND p.enabled)
       AND NOT EXISTS (SELECT 1 FROM outbound_delivery e
                        WHERE e.endpoint_id = d.endpoint_id AND e.order_key = d.order_key AND e.id < d.id
                          AND e.status IN ('PENDING', 'SENDING'))
    RETURNING d.id, d.attempts`;
  const row = rows[0];
  if (!row) return null;
  const d = await db.outboundDelivery.findUniqueOrThrow({
    where: { id: row.id },
    select: {
      endpoint: { select: { id: true, url: true, secret: true, previousSecret: true, previousSecretUntil: true } },
      event: { select: { messageId: true, type: true, createdAt: true, data: true } },
    },
  });
  return { id: row.id, attempts: row.attempts, ...d };
}

export interface AttemptOutcome {
  delivered: boolean;
  status: number | null;
  response: string | null;
  error: string | null;
  /** When to try again; null when delivered or given up. */
  retryAt: Date | null;
}

/** Records an attempt's outcome (only if this attempt still holds the delivery). */
export async function recordAttempt(db: Db, d: Pick<ClaimedDelivery, "id" | "attempts">, o: AttemptOutcome): Promise<void> {
  const status: OutboundDeliveryStatus = o.delivered ? "DELIVERED" : o.retryAt ? "PENDING" : "FAILED";
  await db.outboundDelivery.updateMany({
    where: { id: d.id, status: "SENDING", attempts: d.attempts },
    data: {
      status,
      leaseUntil: null,
      lastStatus: o.status,
      lastResponse: o.response,
      lastError: o.error,
      ...(o.delivered ? { deliveredAt: new Date() } : {}),
      ...(o.retryAt ? { nextAttemptAt: o.retryAt } : {}),
    },
  });
}

/**
 * An attempt cut short by this instance stopping: the delivery is owed as before, at once, and the
 * attempt is not counted (the receiver's answer never came, through no fault of its own).
 */
export async function releaseDelivery(db: Db, d: Pick<ClaimedDelivery, "id" | "attempts">): Promise<void> {
  await db.outboundDelivery.updateMany({
    where: { id: d.id, status: "SENDING", attempts: d.attempts },
    data: { status: "PENDING", attempts: d.attempts - 1, leaseUntil: null, nextAttemptAt: new Date() },
  });
}

/** Which endpoint a delivery still owed goes to (null: settled, or gone with its endpoint). */
export async function deliveryEndpointId(db: Db, id: bigint): Promise<string | null> {
  const d = await db.outboundDelivery.findFirst({ where: { id, status: { in: ["PENDING", "SENDING"] } }, select: { endpointId: true } });
  return d?.endpointId ?? null;
}

/** The next delivery waiting behind a settled one in its key's line, if any. */
export async function nextInLine(db: Db, id: bigint): Promise<{ id: bigint; nextAttemptAt: Date } | null> {
  const rows = await db.$queryRaw<Array<{ id: bigint; next_attempt_at: Date }>>`
    SELECT n.id, n.next_attempt_at FROM outbound_delivery d
      JOIN outbound_delivery n ON n.endpoint_id = d.endpoint_id AND n.order_key = d.order_key AND n.id > d.id
     WHERE d.id = ${id} AND n.status IN ('PENDING', 'SENDING')
     ORDER BY n.id LIMIT 1`;
  const r = rows[0];
  return r ? { id: r.id, nextAttemptAt: r.next_attempt_at } : null;
}

/**
 * Deliveries owed an attempt for longer than `graceMs` (their job was lost, or the sender stopped
 * mid-send), first in their line, of enabled endpoints: the sweep wakes them again. At most
 * `limitPerEndpoint` of each endpoint, so one endpoint's backlog never crowds out another's.
 */
export async function overdueDeliveries(db: Db, graceMs: number, limitPerEndpoint: number): Promise<bigint[]> {
  const rows = await db.$queryRaw<Array<{ id: bigint }>>`
    SELECT o.id FROM outbound_endpoint p
     CROSS JOIN LATERAL (
       SELECT d.id FROM outbound_delivery d
        WHERE d.endpoint_id = p.id
          AND ((d.status = 'PENDING' AND d.next_attempt_at < now() - ${graceMs}::float8 * interval '1 millisecond')
               OR (d.status = 'SENDING' AND d.lease_until < now()))
          AND NOT EXISTS (SELECT 1 FROM outbound_delivery e
                           WHERE e.endpoint_id = d.endpoint_id AND e.order_key = d.order_key AND e.id < d.id
                             AND e.status IN ('PENDING', 'SENDING'))
        ORDER BY d.next_attempt_at LIMIT ${limitPerEndpoint}::int
     ) o
     WHERE p.enabled`;
  return rows.map((r) => r.id);
}

// ── The delivery log (admins) ─────────────────────────────────────────────────────────────────────

export interface DeliveryLogEntry {
  id: string;
  endpointId: string;
  endpointUrl: string;
  eventType: string;
  messageId: string;
  orderKey: string;
  status: OutboundDeliveryStatus;
  attempts: number;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastResponse: string | null;
  lastError: string | null;
  deliveredAt: string | null;
  replayOf: string | null;
}

export interface DeliveryLogFilters {
  endpointId?: string;
  status?: OutboundDeliveryStatus;
  limit: number;
  /** Deliveries older than this id (the API's paging). */
  before?: bigint;
  /** Deliveries to skip (the page's paging by number). */
  offset?: number;
}

export async function listOutboundDeliveries(db: Db, viewer: Viewer, f: DeliveryLogFilters): Promise<DeliveryLogEntry[] | null> {
  if (!isAdmin(viewer)) return null;
  const rows = await db.outboundDelivery.findMany({
    where: { ...(f.endpointId && { endpointId: f.endpointId }), ...(f.status && { status: f.status }), ...(f.before && { id: { lt: f.before } }) },
    orderBy: { id: "desc" },
    take: f.limit,
    skip: f.offset,
    include: { endpoint: { select: { url: true } }, event: { select: { type: true, messageId: true } } },
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    endpointId: r.endpointId,
    endpointUrl: r.endpoint.url,
    eventType: r.event.type,
    messageId: r.event.messageId,
    orderKey: r.orderKey,
    status: r.status,
    attempts: r.attempts,
    createdAt: r.createdAt.toISOString(),
    lastAttemptAt: r.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: r.status === "PENDING" ? r.nextAttemptAt.toISOString() : null,
    lastStatus: r.lastStatus,
    lastResponse: r.lastResponse,
    lastError: r.lastError,
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    replayOf: r.replayOf?.toString() ?? null,
  }));
}

/**
 * A replay: a new delivery of the same event (same webhook-id, so a receiver that has it can drop it)
 * to the same endpoint, at the end of its key's line. Null when there is no such delivery or the
 * viewer is no admin.
 */
export async function replayOutboundDelivery(db: Db, viewer: Viewer, id: bigint): Promise<bigint | null> {
  if (!isAdmin(viewer)) return null;
  const rows = await db.$queryRaw<Array<{ id: bigint }>>`
    INSERT INTO outbound_delivery (event_id, endpoint_id, order_key, replay_of)
    SELECT event_id, endpoint_id, order_key, id FROM outbound_delivery WHERE id = ${id}
    RETURNING id`;
  return rows[0]?.id ?? null;
}
