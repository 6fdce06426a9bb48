// What is known about a sleeper's zone besides a night's own: the zone set on their account and the
// zone of their newest night that has one. lib/time/night.ts bestZone chooses among them.

import { bestZone } from "@/lib/time/night";
import { storedZone, type ZoneChoice } from "@/lib/time/zone";
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

/**
 * Of the names a database knows (pg_timezone_names), those the pages read as they are, lower case.
 * Names without "/" are left out: PostgreSQL reads those as its abbreviations first ("CET", "EST"),
 * and the only one in normal form, UTC, the SQL reads by name.
 */
export function readableZoneNames(names: string[]): string[] {
  return [...new Set(names.filter((name) => name.includes("/") && storedZone(name) !== null).map((name) => name.toLowerCase()))].sort();
}

/** Shared by the server and Next's bundles of the route handlers, which hold their own copy of this module. */
const READABLE = Symbol.for("sleep-dashboard.readable-zones");

/**
 * The zone names the board's SQL may hand to PostgreSQL's AT TIME ZONE (server/data/board.ts), lower
 * case: those this database knows (pg_timezone_names: its own tz database, which for the embedded PGlite
 * is not the server's) that the pages read as they are (lib/time/zone.ts storedZone). A stored name
 * outside them fails no page: the SQL passes it over, as the pages do. UTC names and fixed offsets are
 * read without it. Read once per database client (the listing reads every zone file: tens of ms).
 */
export function zonesTheDatabaseReads(db: Db): Promise<string[]> {
  const cache = ((globalThis as { [READABLE]?: WeakMap<Db, Promise<string[]>> })[READABLE] ??= new WeakMap());
  let zones = cache.get(db);
  if (!zones) {
    zones = db.$queryRaw<Array<{ name: string }>>`SELECT name FROM pg_timezone_names`.then(async (rows) => {
      const names = readableZoneNames(rows.map((r) => r.name));
      await syncReadableZones(db, names);
      return names;
    });
    // A failed read is not kept: the next page asks again.
    zones.catch(() => cache.delete(db));
    cache.set(db, zones);
  }
  return zones;
}

/**
 * Makes the table readable_zone hold `names` (zonesTheDatabaseReads), which the night_own_day trigger
 * dates a night's own day by (prisma/migrations/20261208050000_night_own_day), and dates again the
 * nights of any name that came or went. Nothing is written when it already holds them (every start
 * after the first): one read. A night left undated (own_day NULL) is dated at read time, so is never
 * wrong, only slower to count: the server dates them again in the background (redateNights).
 */
export async function syncReadableZones(db: Db, names: string[], { redate = true } = {}): Promise<string[]> {
  const changed = await db.$queryRaw<Array<{ name: string }>>`
    WITH wanted AS (SELECT unnest(${names}::text[]) AS name),
    gone AS (DELETE FROM readable_zone r WHERE NOT EXISTS (SELECT 1 FROM wanted w WHERE w.name = r.name) RETURNING r.name),
    came AS (INSERT INTO readable_zone (name) SELECT name FROM wanted ON CONFLICT DO NOTHING RETURNING name)
    SELECT name FROM gone UNION ALL SELECT name FROM came`;
  const names_ = changed.map((c) => c.name);
  if (redate && names_.length > 0) await redateNights(db, names_);
  return names_;
}

/** Dates again (after the statement that changed readable_zone) the nights stored in the zones `names`. */
export async function redateNights(db: Db, names: string[]): Promise<number> {
  return db.$executeRaw`
    UPDATE sleep_session SET own_day = night_own_day(start_time, timezone)
     WHERE lower(timezone) = ANY(${names}::text[]) AND own_day IS DISTINCT FROM night_own_day(start_time, timezone)`;
}

/**
 * At start, before any night is written: readable_zone as this database and the pages read zones
 * (syncReadableZones); the nights already stored in a zone that came or went are dated again in the
 * background (after the migration, every night: minutes at 180,000 nights, which must not hold up the start).
 */
export async function readableZonesAtStart(db: Db, log: (message: string, fields: Record<string, unknown>) => void): Promise<void> {
  const rows = await db.$queryRaw<Array<{ name: string }>>`SELECT name FROM pg_timezone_names`;
  const changed = await syncReadableZones(db, readableZoneNames(rows.map((r) => r.name)), { redate: false });
  if (changed.length === 0) return;
  const started = Date.now();
  redateNights(db, changed).then(
    (nights) => log("nights dated in their own zones", { zones: changed.length, nights, ms: Date.now() - started }),
    (error: unknown) => log("dating nights in their own zones failed: they are dated at read time", { error: String(error) }),
  );
}
