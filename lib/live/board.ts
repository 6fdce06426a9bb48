// The clinician's board as a page keeps it: rows read from the server, patched by live updates. Both
// roads can cross (a refresh read before an analysis was stored can land after that analysis's live
// update), so a night is only ever replaced by a snapshot that is not older (lib/sleep/snapshot.ts).

import { DEFAULT_CADENCE_MS } from "@/lib/sleep/cadence";
import { isNotOlder } from "@/lib/sleep/snapshot";
import type { BoardRow, SessionUpdateEvent } from "./events";

/** The board after a live update arrived at `arrivedMs`. */
export function withUpdate(rows: BoardRow[], update: SessionUpdateEvent, arrivedMs: number): BoardRow[] {
  // A night no longer recorded (closed as Incomplete, or a late analysis of a finished night) is not
  // "tonight": it leaves the board's recording column if it was there, and enters it if not.
  if (update.state !== "OPEN") return withComplete(rows, update.sessionId);
  return rows.map((row) => {
    if (row.asleepUserId !== update.userId) return row;
    const same = row.open?.id === update.sessionId ? row.open : null;
    if (same && !isNotOlder(update, same)) return row;
    return {
      ...row,
      open: {
        id: update.sessionId,
        state: update.state,
        startTime: update.startTime ?? same?.startTime ?? null,
        endTime: same?.endTime ?? null,
        timezone: same?.timezone ?? null,
        zone: same?.zone ?? null,
        sleepStages: update.sleepStages,
        snoringStages: update.snoringStages,
        updatedAt: update.updatedAt,
        // The arrival, on the clock the page judges staleness by (components/useServerClock.ts); the
        // night keeps the cadence the server measured.
        lastDeliveryAt: new Date(arrivedMs).toISOString(),
        cadenceMs: same?.cadenceMs ?? DEFAULT_CADENCE_MS,
        stale: false,
        // What the back-fill found is the server's to say (the board reads it again while a night is stale).
        asleepUnreachableSince: same?.asleepUnreachableSince ?? null,
        asleepHasNoRecord: same?.asleepHasNoRecord ?? false,
        // The clinic's setting, as the server gave it with any open night on the board (one per clinic).
        stagePlanSetting: same?.stagePlanSetting ?? rows.find((r) => r.open)?.open?.stagePlanSetting ?? "4-stage",
      },
    };
  });
}

/**
 * The board once a night finished: it is no longer being recorded. (Which night is now the patient's
 * last comes from the server: the one that started last, which need not be this one.)
 */
export function withComplete(rows: BoardRow[], sessionId: string): BoardRow[] {
  return rows.map((row) => (row.open?.id === sessionId ? { ...row, open: null } : row));
}

/**
 * The board after rows read again from the server: their people, order and last nights, but a night
 * being recorded keeps what live updates brought if the read missed it.
 */
export function withFreshRows(fresh: BoardRow[], current: BoardRow[]): BoardRow[] {
  const patched = new Map(current.map((row) => [row.asleepUserId, row.open]));
  return fresh.map((row) => {
    const live = patched.get(row.asleepUserId);
    if (!live) return row;
    if (row.open?.id === live.id) return isNotOlder(row.open, live) ? row : { ...row, open: live };
    // The read saw this night finish: it is now the patient's last night.
    if (row.lastNight?.id === live.id) return row;
    // The read saw no night open, or another one: the board shows the newest night being recorded,
    // and different nights can only be ordered by when the server last changed them.
    if (row.open === null || Date.parse(live.updatedAt) > Date.parse(row.open.updatedAt)) return { ...row, open: live };
    return row;
  });
}
