// Endpoints an admin registered for outbound events. Admin-only: every function takes the viewer and
// answers null (the route's 404) for anyone else. The secret is returned only where it is created or
// rotated; listings never carry it.

import { randomUUID } from "node:crypto";
import type { OutboundEventType } from "@/lib/outbound/events";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import { preparedQuery } from "../db/prepared";
import { isAdmin } from "./access";

export interface EndpointSummary {
  id: string;
  url: string;
  description: string;
  events: OutboundEventType[];
  enabled: boolean;
  createdAt: string;
  /** Until when messages are also signed with the secret before the last rotation (null: no rotation in progress). */
  previousSecretUntil: string | null;
  /** Why the app turned it off by itself (its receiver answered 410 Gone), and when; null otherwise. */
  disabledReason: string | null;
  disabledAt: string | null;
}

export interface NewEndpoint {
  url: string;
  description: string;
  events: OutboundEventType[];
  enabled: boolean;
}

const select = { id: true, url: true, description: true, events: true, enabled: true, createdAt: true, previousSecretUntil: true, disabledReason: true, disabledAt: true } as const;

type Row = { id: string; url: string; description: string; events: string[]; enabled: boolean; createdAt: Date; previousSecretUntil: Date | null; disabledReason: string | null; disabledAt: Date | null };

function toSummary(r: Row, now = Date.now()): EndpointSummary {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    events: r.events as OutboundEventType[],
    enabled: r.enabled,
    createdAt: r.createdAt.toISOString(),
    previousSecretUntil: r.previousSecretUntil && r.previousSecretUntil.getTime() > now ? r.previousSecretUntil.toISOString() : null,
    disabledReason: r.disabledReason,
    disabledAt: r.disabledAt?.toISOString() ?? null,
  };
}

export async function listEndpoints(db: Db, viewer: Viewer): Promise<EndpointSummary[] | null> {
  if (!isAdmin(viewer)) return null;
  const rows = await db.outboundEndpoint.findMany({ orderBy: { createdAt: "asc" }, select });
  return rows.map((r) => toSummary(r));
}

export async function createEndpoint(db: Db, viewer: Viewer, input: NewEndpoint, secret: string): Promise<EndpointSummary | null> {
  if (!isAdmin(viewer)) return null;
  const row = await db.outboundEndpoint.create({ data: { id: `ep_${randomUUID()}`, ...input, secret }, select });
  return toSummary(row);
}

export async function updateEndpoint(db: Db, viewer: Viewer, id: string, change: Partial<NewEndpoint>): Promise<EndpointSummary | null> {
  if (!isAdmin(viewer)) return null;
  // An admin turning it on or off settles why the app had turned it off.
  const settled = change.enabled === undefined ? {} : { disabledReason: null, disabledAt: null };
  const { count } = await db.outboundEndpoint.updateMany({ where: { id }, data: { ...change, ...settled, updatedAt: new Date() } });
  if (count === 0) return null;
  return toSummary(await db.outboundEndpoint.findUniqueOrThrow({ where: { id }, select }));
}

export async function deleteEndpoint(db: Db, viewer: Viewer, id: string): Promise<boolean | null> {
  if (!isAdmin(viewer)) return null;
  const { count } = await db.outboundEndpoint.deleteMany({ where: { id } });
  return count > 0;
}

/** A new secret; the current one becomes the previous one, still signed with until `graceUntil`. */
export async function rotateEndpointSecret(db: Db, viewer: Viewer, id: string, secret: string, graceUntil: Date): Promise<EndpointSummary | null> {
  if (!isAdmin(viewer)) return null;
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    UPDATE outbound_endpoint
       SET previous_secret = secret, previous_secret_until = ${graceUntil}, secret = ${secret}, updated_at = now()
     WHERE id = ${id}
    RETURNING id`;
  if (rows.length === 0) return null;
  return toSummary(await db.outboundEndpoint.findUniqueOrThrow({ where: { id }, select }));
}

/**
 * The reason stored when a receiver answered 410 Gone, as the admin API gives it; /admin/webhooks shows
 * it in the reader's language (AdminWebhooksPage endpoints.goneReason) when an endpoint's reason is this.
 */
export const GONE_REASON = "The receiver answered 410 Gone: it asks for no more events";

/**
 * The sender turns an endpoint off by itself, with the reason shown to admins (its receiver answered
 * 410 Gone). What it is owed waits, as for an endpoint an admin turned off. False when it was off already.
 */
export async function disableEndpoint(db: Db, id: string, reason: string): Promise<boolean> {
  const { count } = await db.outboundEndpoint.updateMany({
    where: { id, enabled: true },
    data: { enabled: false, disabledReason: reason, disabledAt: new Date(), updatedAt: new Date() },
  });
  return count > 0;
}

/** How many endpoints the app turned off by itself (410 Gone) and no admin has seen to since: for /admin. */
export async function endpointsTurnedOff(db: Db, viewer: Viewer): Promise<number | null> {
  if (!isAdmin(viewer)) return null;
  return db.outboundEndpoint.count({ where: { enabled: false, disabledReason: { not: null } } });
}

/** For a test event an admin sends: where to, and the secrets to sign with. Null for anyone else or no such endpoint. */
export async function endpointToTest(db: Db, viewer: Viewer, id: string): Promise<{ url: string; secrets: string[] } | null> {
  if (!isAdmin(viewer)) return null;
  const e = await db.outboundEndpoint.findUnique({ where: { id }, select: { url: true, secret: true, previousSecret: true, previousSecretUntil: true } });
  return e ? { url: e.url, secrets: signingSecrets(e, Date.now()) } : null;
}

/** For the sender: the secrets to sign with now (the current one first). */
export function signingSecrets(e: { secret: string; previousSecret: string | null; previousSecretUntil: Date | null }, now: number): string[] {
  return e.previousSecret && e.previousSecretUntil && e.previousSecretUntil.getTime() > now ? [e.secret, e.previousSecret] : [e.secret];
}

/**
 * Whether any endpoint is switched on: without one, nothing is owed to anyone (server/outbound/service.ts).
 * Asked after every batch of deliveries, so prepared (server/db/prepared.ts): through Prisma's client it
 * cost the app's main thread more than the batch's own two statements.
 */
export async function anyEndpointEnabled(db: Db): Promise<boolean> {
  const [row] = await preparedQuery<{ any: boolean }>(db, "outbound_any_endpoint_enabled", "SELECT EXISTS (SELECT 1 FROM outbound_endpoint WHERE enabled) AS any", []);
  return row?.any ?? false;
}
