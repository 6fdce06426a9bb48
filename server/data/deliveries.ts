// The audit log of webhook deliveries: one row per acknowledged delivery, with the body as received.

import { z } from "zod";
import { cursorKey, cursorParam, encodeCursor, keysetPage } from "@/lib/navigation/cursor";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { DeliveryOutcome } from "../db/generated/enums";
import type { AsleepDelivery } from "../webhook/schema";
import { isAdmin } from "./access";

export interface DeliveryRecord {
  requestId: string;
  delivery: AsleepDelivery;
  outcome: DeliveryOutcome;
  body: unknown;
}

type Tx = Pick<Prisma.TransactionClient, "webhookDelivery">;

export async function recordDelivery(tx: Tx, { requestId, delivery, outcome, body }: DeliveryRecord): Promise<void> {
  await tx.webhookDelivery.createMany({
    data: [
      {
        requestId,
        event: delivery.event === "UNKNOWN" ? delivery.eventName : delivery.event,
        version: delivery.version,
        sessionId: delivery.sessionId,
        userId: delivery.userId,
        inferenceSeqNum: delivery.event === "INFERENCE_COMPLETE" ? delivery.inferenceSeqNum : null,
        outcome,
        body: body as Prisma.InputJsonValue,
      },
    ],
  });
}

// ── Reading the audit log (admins only) ─────────────────────────────────────────────────────────────

/** One audit entry as listed: everything but the body. */
export interface DeliverySummary {
  /** A bigint in the database: a string here, so JSON never rounds it. */
  id: string;
  receivedAt: string;
  requestId: string;
  event: string;
  version: string | null;
  sessionId: string | null;
  userId: string | null;
  inferenceSeqNum: number | null;
  outcome: DeliveryOutcome;
}

/** Where a page of the audit log ends: the last entry's receipt time and id (the log's order). */
export const deliveryCursor = cursorParam(z.tuple([cursorKey.instant, cursorKey.bigintId]));
export type DeliveryCursor = z.infer<typeof deliveryCursor>;

export interface DeliveryFilters {
  sessionId?: string;
  userId?: string;
  limit: number;
  /** Entries after this one in the log's order (the API's paging). */
  before?: DeliveryCursor;
  /** Rows to skip (the admin page's paging). */
  offset?: number;
}

const summarySelect = {
  id: true,
  receivedAt: true,
  requestId: true,
  event: true,
  version: true,
  sessionId: true,
  userId: true,
  inferenceSeqNum: true,
  outcome: true,
} as const;

type SummaryRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof summarySelect }>;

export const toDeliverySummary = (r: SummaryRow): DeliverySummary => ({ ...r, id: r.id.toString(), receivedAt: r.receivedAt.toISOString() });

/** The newest audit entries, optionally of one session or Asleep user; null for anyone but an admin. */
export async function listDeliveries(db: Db, viewer: Viewer, filters: DeliveryFilters): Promise<DeliverySummary[] | null> {
  if (!isAdmin(viewer)) return null;
  const rows = await db.webhookDelivery.findMany({
    where: {
      ...(filters.sessionId && { sessionId: filters.sessionId }),
      ...(filters.userId && { userId: filters.userId }),
      ...(filters.before && {
        OR: [{ receivedAt: { lt: new Date(filters.before[0]) } }, { receivedAt: new Date(filters.before[0]), id: { lt: BigInt(filters.before[1]) } }],
      }),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: filters.limit,
    skip: filters.offset,
    select: summarySelect,
  });
  return rows.map(toDeliverySummary);
}

/** One page of the audit log for the API: at most `limit` entries, and the cursor of the next page (null: the last). */
export async function deliveriesPage(db: Db, viewer: Viewer, filters: DeliveryFilters) {
  const rows = await listDeliveries(db, viewer, { ...filters, limit: filters.limit + 1 });
  return rows && keysetPage(rows, filters.limit, (d) => encodeCursor([d.receivedAt, d.id]));
}

/** One audit entry with its body, to replay it; null when it does not exist or the viewer is no admin. */
export async function findDeliveryToReplay(db: Db, viewer: Viewer, id: bigint) {
  if (!isAdmin(viewer)) return null;
  return db.webhookDelivery.findUnique({ where: { id }, select: { id: true, receivedAt: true, userId: true, body: true } });
}
