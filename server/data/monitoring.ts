// A patient's days with data (lib/sleep/monitoring.ts: a night's day with at least one analysed epoch
// stored), for the remote-monitoring counters on the patient page and the month-end billing CSV.

import { nightOf, currentNightOf, type Day } from "@/lib/sleep/adherence";
import { addDays } from "@/lib/sleep/days";
import { dayOfDate } from "@/lib/sleep/enrolment";
import { monitoringCycle, type MonitoringCycle } from "@/lib/sleep/monitoring";
import type { Db } from "../db/client";
import { canSee, type Audience } from "./access";
import { knownZones, zoneOf } from "./zones";

/** A night's day is its start's local date (noon to noon), up to 14 h from UTC: the query reaches two days either side. */
const SLACK_DAYS = 2;

/**
 * The distinct days with data of each of `asleepUserIds` from `from` to `to` (both included), each
 * night dated in its zone as on its pages (server/data/zones.ts zoneOf). epoch_count is the stored
 * timeline's length (a generated column), so the epochs themselves are not read.
 */
export async function daysWithData(db: Db, asleepUserIds: string[], from: Day, to: Day): Promise<Map<string, Set<Day>>> {
  const days = new Map<string, Set<Day>>(asleepUserIds.map((id) => [id, new Set<Day>()]));
  if (asleepUserIds.length === 0) return days;
  const [rows, known] = await Promise.all([
    db.$queryRaw<Array<{ userId: string; startTime: Date; timezone: string | null }>>`
      SELECT user_id AS "userId", start_time AS "startTime", timezone
      FROM sleep_session
      WHERE user_id = ANY(${asleepUserIds}::text[]) AND start_time IS NOT NULL AND epoch_count > 0
        AND start_time >= ${new Date(`${addDays(from, -SLACK_DAYS)}T00:00:00Z`)} AND start_time < ${new Date(`${addDays(to, SLACK_DAYS)}T00:00:00Z`)}`,
    knownZones(db, asleepUserIds),
  ]);
  for (const r of rows) {
    const day = nightOf(r.startTime.getTime(), zoneOf({ userId: r.userId, timezone: r.timezone }, known)?.name ?? "UTC");
    if (day >= from && day <= to) days.get(r.userId)!.add(day);
  }
  return days;
}

/**
 * The patient's current monitoring cycle as of `now` ("today" being the night's day in the zone of
 * their newest night, else their account's, else UTC); null if the audience may not see them, they have
 * no account, or they are not enrolled yet.
 */
export async function currentMonitoringCycle(db: Db, audience: Audience, asleepUserId: string, now: Date): Promise<MonitoringCycle | null> {
  if (!canSee(audience, asleepUserId)) return null;
  const [person, known] = await Promise.all([db.user.findUnique({ where: { asleepUserId }, select: { enrolledOn: true } }), knownZones(db, [asleepUserId])]);
  if (!person) return null;
  const zone = zoneOf({ userId: asleepUserId, timezone: null }, known)?.name ?? "UTC";
  const today = currentNightOf(now.getTime(), zone);
  const enrolledOn = dayOfDate(person.enrolledOn);
  const empty = monitoringCycle(enrolledOn, today, []);
  if (!empty) return null;
  const days = await daysWithData(db, [asleepUserId], empty.firstDay, today);
  return monitoringCycle(enrolledOn, today, days.get(asleepUserId)!);
}
