// The clinician's board: each patient the viewer looks after (every patient, for an admin), whether a
// night is being recorded now, and the figures of their last complete night.

import type { BoardNight, BoardRow } from "@/lib/live/events";
import type { NightState } from "@/lib/sleep/night";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import { NO_PULSE, pulseOfOpenNights } from "./staleness";
import { knownZones, zoneOf } from "./zones";

// The board's shapes live with the other API types (lib/live/events.ts), so the page's pure merge rules
// in lib/ need nothing from server/.
export type { BoardNight, BoardRow };

/** The viewer's patients by name, `window.limit` of them from `window.offset` (all when no window). */
export async function patientBoard(db: Db, viewer: Viewer, window?: { offset: number; limit: number }): Promise<BoardRow[]> {
  if (viewer.role === "patient") return [];
  const patients = await db.user.findMany({
    where: {
      role: "patient",
      asleepUserId: { not: null },
      ...(viewer.role === "clinician" ? { clinicians: { some: { clinicianId: viewer.accountId } } } : {}),
    },
    orderBy: [{ name: "asc" }, { asleepUserId: "asc" }],
    ...(window && { skip: window.offset, take: window.limit }),
    select: { name: true, email: true, asleepUserId: true },
  });
  const ids = patients.map((p) => p.asleepUserId!);
  const select = { id: true, userId: true, state: true, startTime: true, endTime: true, timezone: true, sleepStages: true, snoringStages: true, updatedAt: true } as const;
  // Newest night of each state per patient, by when it started (a night back-filled or replayed today
  // may be an old one): two queries for the whole board, not two per patient.
  const newest = (state: NightState) =>
    db.sleepSession.findMany({
      where: { userId: { in: ids }, state },
      orderBy: [{ userId: "asc" }, { startTime: { sort: "desc", nulls: "last" } }, { updatedAt: "desc" }],
      distinct: ["userId"],
      select,
    });
  const [open, complete, zones] = await Promise.all([newest("OPEN"), newest("COMPLETE"), knownZones(db, ids)]);
  const pulses = await pulseOfOpenNights(db, open.map((n) => n.id));
  const toNight = (n: (typeof open)[number] | undefined): BoardNight | null => {
    if (!n) return null;
    const pulse = pulses.get(n.id) ?? NO_PULSE;
    return {
      ...n,
      startTime: n.startTime?.toISOString() ?? null,
      endTime: n.endTime?.toISOString() ?? null,
      zone: zoneOf(n, zones),
      updatedAt: n.updatedAt.toISOString(),
      lastDeliveryAt: pulse.lastDeliveryAt?.toISOString() ?? null,
      cadenceMs: pulse.cadenceMs,
      stale: pulse.stale,
    };
  };
  return patients.map((p) => ({
    name: p.name,
    email: p.email,
    asleepUserId: p.asleepUserId!,
    open: toNight(open.find((n) => n.userId === p.asleepUserId)),
    lastComplete: toNight(complete.find((n) => n.userId === p.asleepUserId)),
  }));
}
