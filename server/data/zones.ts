// What is known about a sleeper's zone besides a night's own: the zone set on their account and the
// zone of their newest night that has one. lib/time/night.ts bestZone chooses among them.

import { bestZone } from "@/lib/time/night";
import type { ZoneChoice } from "@/lib/time/zone";
import type { Db } from "../db/client";

export interface KnownZones {
  account: string | null;
  previousNight: string | null;
}

/** For each Asleep user: two queries for all of them together. */
export async function knownZones(db: Db, asleepUserIds: string[]): Promise<Map<string, KnownZones>> {
  const ids = [...new Set(asleepUserIds)];
  const known = new Map<string, KnownZones>(ids.map((id) => [id, { account: null, previousNight: null }]));
  if (ids.length === 0) return known;
  const [accounts, nights] = await Promise.all([
    db.user.findMany({ where: { asleepUserId: { in: ids }, timezone: { not: null } }, select: { asleepUserId: true, timezone: true } }),
    db.sleepSession.findMany({
      where: { userId: { in: ids }, timezone: { not: null } },
      orderBy: [{ userId: "asc" }, { startTime: { sort: "desc", nulls: "last" } }],
      distinct: ["userId"],
      select: { userId: true, timezone: true },
    }),
  ]);
  for (const a of accounts) known.get(a.asleepUserId!)!.account = a.timezone;
  for (const n of nights) known.get(n.userId)!.previousNight = n.timezone;
  return known;
}

/** The zone a night's times are drawn in (null: the viewer's own). */
export function zoneOf(night: { userId: string; timezone: string | null }, known: Map<string, KnownZones>): ZoneChoice | null {
  const k = known.get(night.userId);
  return bestZone({ night: night.timezone, account: k?.account, previousNight: k?.previousNight });
}
