// Endpoints an admin registered for outbound events. Admin-only: every function takes the viewer and
// answers null (the route's 404) for anyone else. The secret is returned only where it is created or
// rotated; listings never carry it.

import { randomUUID } from "node:crypto";
import type { OutboundEventType } from "@/lib/outbound/events";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
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
}

export interface NewEndpoint {
  url: string;
  description: string;
  events: OutboundEventType[];
  enabled: boolean;
}

const select = { id: true, url: true, description: true, events: true, enabled: true, createdAt: true, previousSecretUntil: true } as const;

type Row = { id: string; url: string; description: string; events: string[]; enabled: boolean; createdAt: Date; previousSecretUntil: Date | null };

function toSummary(r: Row, now = Date.now()): EndpointSummary {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    events: r.events as OutboundEventType[],
    enabled: r.enabled,
    createdAt: r.createdAt.toISOString(),
    previousSecretUntil: r.previousSecretUntil && r.previousSecretUntil.getTime() > now ? r.previousSecretUntil.toISOString() : null,
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
  const { count } = await db.outboundEndpoint.updateMany({ where: { id }, data: { ...change, updatedAt: new Date() } });
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

/** For the sender: the secrets to sign with now (the current one first). */
export function signingSecrets(e: { secret: string; previousSecret: string | null; previousSecretUntil: Date | null }, now: number): string[] {
  return e.previousSecret && e.previousSecretUntil && e.previousSecretUntil.getTime() > now ? [e.secret, e.previousSecret] : [e.secret];
}

/** Whether any endpoint is switched on: without one, nothing is owed to anyone (server/outbound/service.ts). */
export async function anyEndpointEnabled(db: Db): Promise<boolean> {
  return (await db.outboundEndpoint.findFirst({ where: { enabled: true }, select: { id: true } })) !== null;
}
