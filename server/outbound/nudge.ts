// Ingest's word to outbound events, after a commit: "these nights changed". Nothing is sent from here,
// and nothing waits on it: the outbound service (if this process runs one for this database) compares
// the nights with what they have announced, later in the event loop. A nudge lost to a crash costs
// nothing but time: the sweep compares every recently changed night again (server/outbound/service.ts).
//
// Kept apart from the service so ingest and the data modules import one tiny module, not the sender.

import type { Db } from "../db/client";

// On globalThis: Next.js bundles route handlers apart from the custom server, so a module-level map
// in the route's copy of this module would be empty (the same reason as server/runtime.ts).
const KEY = Symbol.for("sleep-dashboard.outbound.nudge");
const holder = globalThis as typeof globalThis & { [KEY]?: WeakMap<Db, (sessionIds: string[]) => void> };
const listeners = (holder[KEY] ??= new WeakMap());

export function onNightsChanged(db: Db, listener: ((sessionIds: string[]) => void) | undefined): void {
  if (listener) listeners.set(db, listener);
  else listeners.delete(db);
}

export function nightsChanged(db: Db, sessionIds: string[]): void {
  if (sessionIds.length === 0) return;
  listeners.get(db)?.(sessionIds);
}
