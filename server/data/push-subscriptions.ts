// Sleepers' Web Push subscriptions (table push_subscription) and the nights whose morning notification
// was queued (push_night). Only a sleeper has subscriptions, and only their own: the checks are here,
// next to the rows, whoever calls.

import { randomUUID } from "node:crypto";
import { z } from "zod";
import { endpointUrlProblem, type DestinationPolicy } from "@/lib/outbound/endpoint-url";
import type { NightPushKind } from "@/lib/push/message";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";

/** Base64url of exactly `bytes` bytes (padding tolerated, as some browsers send it). */
const base64urlBytes = (bytes: number, what: string) =>
  z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${what} must be base64url`)
    .transform((v) => v.replace(/=+$/, ""))
    .refine((v) => Buffer.from(v, "base64url").length === bytes, `${what} must be ${bytes} bytes`);

/**
 * POST /api/account/push: a browser's PushSubscription.toJSON(). The endpoint is where the app will
 * send, so it is held to the same rules as outbound events' (https, public addresses; loopback only
 * with OUTBOUND_ALLOW_LOOPBACK=true).
 */
export function pushSubscriptionSchema(policy: DestinationPolicy) {
  return z.object({
    endpoint: z
      .string()
      .max(2048)
      .superRefine((url, ctx) => {
        const problem = endpointUrlProblem(url, policy);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({ p256dh: base64urlBytes(65, "keys.p256dh"), auth: base64urlBytes(16, "keys.auth") }),
  });
}
export type PushSubscriptionInput = z.infer<ReturnType<typeof pushSubscriptionSchema>>;

/** DELETE /api/account/push: which of the sleeper's browsers stops (its endpoint). */
export const pushUnsubscribeSchema = z.object({ endpoint: z.string().min(1).max(2048) });

/** GET /api/account/push?endpoint=…: this browser's subscription's endpoint, if it has one. */
export const pushStatusQuery = z.object({ endpoint: z.string().min(1).max(2048).optional().meta({ description: "This browser's subscription's endpoint: whether it gets the notification" }) });
/** GET /api/account/push's answer: the VAPID public key to subscribe with, and whether this browser gets the notification. */
export const pushStatusAnswer = z.object({ publicKey: z.string().meta({ description: "The VAPID public key (base64url), PushManager.subscribe's applicationServerKey" }), subscribed: z.boolean() });
/** POST /api/account/push's answer. */
export const pushSubscribedAnswer = z.object({ subscribed: z.literal(true) });

/**
 * The sleeper's browser asks for the morning notification. A browser subscribing again (new keys), or
 * another sleeper signing in on it, replaces its row: one browser, one subscription, one owner.
 * False for anyone but a sleeper.
 */
export async function saveOwnSubscription(db: Db, viewer: Viewer, sub: PushSubscriptionInput): Promise<boolean> {
  if (viewer.role !== "patient") return false;
  const fields = { userId: viewer.accountId, p256dh: sub.keys.p256dh, auth: sub.keys.auth };
  await db.pushSubscription.upsert({ where: { endpoint: sub.endpoint }, create: { id: randomUUID(), endpoint: sub.endpoint, ...fields }, update: fields });
  return true;
}

/** The sleeper turns it off on a browser: only their own row goes. How many went (0 or 1). */
export async function removeOwnSubscription(db: Db, viewer: Viewer, endpoint: string): Promise<number> {
  return (await db.pushSubscription.deleteMany({ where: { endpoint, userId: viewer.accountId } })).count;
}

/** Whether this browser (its endpoint) is subscribed for the viewer. */
export async function hasOwnSubscription(db: Db, viewer: Viewer, endpoint: string): Promise<boolean> {
  return (await db.pushSubscription.count({ where: { endpoint, userId: viewer.accountId } })) > 0;
}

/** The subscriptions of the sleeper whose nights are Asleep user `asleepUserId` (enabled accounts only). */
export async function subscriptionsOfSleeper(db: Db, asleepUserId: string): Promise<string[]> {
  const rows = await db.pushSubscription.findMany({ where: { user: { asleepUserId, role: "patient", disabledAt: null } }, select: { id: true }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => r.id);
}

/** One subscription as the sender needs it, with the zone on its sleeper's account; null once removed. */
export async function subscriptionForSending(db: Db, id: string) {
  return db.pushSubscription.findFirst({
    where: { id, user: { role: "patient", disabledAt: null } },
    select: { id: true, endpoint: true, p256dh: true, auth: true, user: { select: { asleepUserId: true, timezone: true, locale: true } } },
  });
}

/** The push service answered 404/410: the browser's subscription is gone, so its row goes (if unchanged). */
export async function removeExpiredSubscription(db: Db, id: string, endpoint: string): Promise<boolean> {
  return (await db.pushSubscription.deleteMany({ where: { id, endpoint } })).count > 0;
}

/** Whether the night's notification of this kind was queued already. */
export async function nightPushQueued(db: Db, sessionId: string, kind: NightPushKind): Promise<boolean> {
  return (await db.pushNight.count({ where: { sessionId, kind } })) > 0;
}

/** Records that the night's notification of this kind was queued (after its jobs were sent). */
export async function markNightPushQueued(db: Db, sessionId: string, kind: NightPushKind): Promise<void> {
  await db.$executeRaw`INSERT INTO push_night (session_id, kind) VALUES (${sessionId}, ${kind}) ON CONFLICT DO NOTHING`;
}

/** A night as its notification needs it: whose, whether and when it ended, its own zone. */
export async function nightForPush(db: Db, sessionId: string) {
  const night = await db.sleepSession.findUnique({
    where: { id: sessionId },
    select: { id: true, userId: true, state: true, startTime: true, endTime: true, timezone: true, sleepStages: true },
  });
  if (!night) return null;
  const { sleepStages, ...rest } = night;
  return { ...rest, epochs: sleepStages.length };
}
