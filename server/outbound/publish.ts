// For other rooms (alerts): record an outbound event. Pass your transaction to record it with the
// change that caused it (nothing is sent before that commits); the deliveries are woken by the caller's
// `wake` (the outbound service's) after the commit, or by the sweep within OUTBOUND_SWEEP_MS.

import type { OutboundEventType } from "@/lib/outbound/events";
import type { Prisma } from "../db/generated/client";
import { recordOutboundEvent } from "../data/outbound-deliveries";

export interface OutboundEventInput {
  type: OutboundEventType;
  /** Events with the same key are delivered in order (e.g. `alert:<patient id>`, `night:<session id>`). */
  orderKey: string;
  data: Record<string, unknown>;
}

export type DeliveryWaker = (deliveryIds: bigint[]) => void;

// On globalThis, as in nudge.ts: route handlers are bundled apart from the server that registers.
const KEY = Symbol.for("sleep-dashboard.outbound.wakers");
const holder = globalThis as typeof globalThis & { [KEY]?: WeakMap<object, DeliveryWaker> };
const wakers = (holder[KEY] ??= new WeakMap());

/** The outbound service registers how to wake deliveries for its database client. */
export function setDeliveryWaker(db: object, waker: DeliveryWaker | undefined): void {
  if (waker) wakers.set(db, waker);
  else wakers.delete(db);
}

/**
 * Records `event` and its deliveries. `db` is the app's client, `tx` (optional) a transaction of it to
 * record within; returns the deliveries' ids. When no transaction is given the deliveries are woken at once.
 */
export async function publishOutbound(db: object & Pick<Prisma.TransactionClient, "$queryRaw">, event: OutboundEventInput, tx?: Pick<Prisma.TransactionClient, "$queryRaw">): Promise<bigint[]> {
  const ids = await recordOutboundEvent(tx ?? db, event);
  if (!tx) wakers.get(db)?.(ids);
  return ids;
}

/** After the caller's transaction committed: wake what publishOutbound recorded in it. */
export function wakeDeliveries(db: object, ids: bigint[]): void {
  if (ids.length > 0) wakers.get(db)?.(ids);
}
