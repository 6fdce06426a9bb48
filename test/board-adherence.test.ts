// The board's adherence (computed in SQL, server/data/board.ts) against the pure definition
// (lib/sleep/adherence.ts) on a few hundred random nights: zones from +14 h to −11 h, fixed offsets,
// nights without a zone (dated in the account's zone or the newest night's, as their pages draw them),
// two nights on one day, nights either side of noon and of the window's edges,
// open nights (not counted), zones stored before zones were normalised (some of which PostgreSQL cannot
// read). Both ways the board computes it must agree with the definition: for every patient at once (a
// view sorted or filtered by adherence) and for one page's rows (any other view); on the PostgreSQL
// server and on PGlite, whose tz database is its own.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { boardQuerySchema } from "../lib/board/query";
import type { BoardRow } from "../lib/live/events";
import { adherence, addDays, currentNightOf, nightOf, USUAL_RULE, windowEnd, type AdherenceRule, type DatedNight } from "../lib/sleep/adherence";
import { EPOCH_SECONDS } from "../lib/sleep/stages";
import { bestZone } from "../lib/time/night";
import { zoneOrUtc } from "../lib/time/zone";
import { boardPage } from "../server/data/board";
import { createDb } from "../server/db/client";
import { createMigratedEmbeddedDatabase, createMigratedTestDatabase, query, type TestDatabase } from "./support/postgres";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONES = [
  ...["Europe/Paris", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Los_Angeles", "Asia/Kolkata", "Etc/GMT-9", "+05:45", "-09:30", "UTC", null],
  // Stored before zones were normalised (lib/time/zone.ts): read as they are ("UTC+9", a name in another
  // case), or by neither side (ICU's "CTT" and "US/Pacific-New", which PostgreSQL has no zone for; "CET",
  // which it reads as a fixed offset): a night is then dated in the next best zone known.
  ...["UTC+9", "europe/paris", "CTT", "US/Pacific-New", "CET", "SystemV/AST4"],
];
const PATIENTS = 40;

/** A small seeded generator (mulberry32): the same nights on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Night {
  id: string;
  uid: string;
  state: "COMPLETE" | "INCOMPLETE" | "OPEN";
  startMs: number;
  timezone: string | null;
  sleepEpochs: number;
}

const DATABASES = [["PostgreSQL server", createMigratedTestDatabase], ["PGlite", createMigratedEmbeddedDatabase]] as const;

for (const [label, createDatabase] of DATABASES) describe(`the board's adherence agrees with its definition (lib/sleep/adherence.ts), on ${label}`, { timeout: 300_000 }, () => {
  let database: TestDatabase;
  let db: ReturnType<typeof createDb>;
  const now = new Date();
  const nights: Night[] = [];
  const accountZones = new Map<string, string>();
  const admin = { accountId: "adherence-admin", sessionId: "s", email: "admin@adherence.test", name: "Admin", role: "admin" as const, asleepUserId: null };

  before(async () => {
    database = await createDatabase();
    const next = random(20261124);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    for (let p = 0; p < PATIENTS; p++) {
      const uid = `adh-${String(p).padStart(2, "0")}`;
      // Mostly one zone, sometimes travelling; a few patients have no night at all, or only old ones.
      const home = pick(ZONES);
      // Every fourth patient has set a zone on their account (not always the one their nights carry).
      const accountZone = p % 4 === 1 ? pick(ZONES.filter((z) => z !== null)) : null;
      if (accountZone) accountZones.set(uid, accountZone);
      await query(database.url, `INSERT INTO app_user (id, email, name, role, asleep_user_id, timezone, enrolled_on) VALUES ($1, $2, $3, 'patient', $4, $5, '2020-01-01')`, [`acct-${uid}`, `${uid}@adherence.test`, `Patient ${uid}`, uid, accountZone]);
      const kind = p % 10;
      if (kind === 0) continue;
      const days = kind === 1 ? 5 : 45;
      // Every third patient sleeps well and rarely misses a night; the others are all over the place.
      const good = p % 3 === 0;
      for (let d = days; d >= (kind === 1 ? 0 : -1); d--) {
        if (next() < (good ? 0.03 : 0.15)) continue; // a night not recorded
        const count = next() < 0.1 ? 2 : 1; // a nap or a split night: two on one day
        for (let k = 0; k < count; k++) {
          // Starts between 18:00 and 14:00 the next day, UTC-ish, so nights land either side of noon locally.
          const startMs = now.getTime() - d * DAY + Math.floor((next() * 20 - 6) * HOUR) - (kind === 1 ? 40 * DAY : 0);
          if (startMs > now.getTime()) continue;
          const state = d === -1 || (d === 0 && next() < 0.3) ? "OPEN" : next() < 0.1 ? "INCOMPLETE" : "COMPLETE";
          const timezone = next() < 0.15 ? pick(ZONES) : state === "INCOMPLETE" && next() < 0.5 ? null : home;
          // 2–9 h asleep, around the 4 h and 6 h thresholds (6.5–9 h for the good sleepers).
          const sleepEpochs = Math.floor((good ? 6.5 + next() * 2.5 : 2 + next() * 7) * (3600 / EPOCH_SECONDS));
          nights.push({ id: `${uid}-${d}-${k}`, uid, state, startMs, timezone, sleepEpochs });
        }
      }
    }
    await query(
      database.url,
      `INSERT INTO sleep_session (id, user_id, state, start_time, timezone, sleep_stages, snoring_stages, epoch_source_seq, updated_at)
       SELECT id, uid, state::"SessionState", start_time, timezone, array_fill(1::smallint, ARRAY[epochs]), '{}', '{}', now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::int[]) AS n(id, uid, state, start_time, timezone, epochs)`,
      [nights.map((n) => n.id), nights.map((n) => n.uid), nights.map((n) => n.state), nights.map((n) => new Date(n.startMs)), nights.map((n) => n.timezone), nights.map((n) => n.sleepEpochs)],
    );
    db = createDb({ connectionString: database.url, poolSize: 2 });
  });

  after(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  /** What lib/sleep/adherence.ts says for one patient: the window ends as seen in the zone of their newest night. */
  function expected(uid: string, rule: AdherenceRule): { adherentDays: number; lastDay: string } {
    // The board reads nights back to the window and three days more (a night's day lies up to 14 h from UTC).
    const since = now.getTime() - (rule.windowDays + 3) * DAY;
    const ended = nights.filter((n) => n.uid === uid && n.state !== "OPEN" && n.startMs >= since).sort((a, b) => b.startMs - a.startMs);
    if (ended.length === 0) return { adherentDays: 0, lastDay: addDays(currentNightOf(now.getTime(), "UTC"), -1) };
    // A night without a zone is dated where its page draws it: the account's zone, else the zone of the
    // patient's newest night that has one (open ones included), else UTC.
    const previousNight = nights.filter((n) => n.uid === uid && n.timezone !== null).sort((a, b) => b.startMs - a.startMs)[0]?.timezone;
    const zone = (n: Night) => zoneOrUtc(bestZone({ night: n.timezone, account: accountZones.get(uid), previousNight })?.name);
    const dated: DatedNight[] = ended.map((n) => ({ day: nightOf(n.startMs, zone(n)), totalSleepSeconds: n.sleepEpochs * EPOCH_SECONDS }));
    const lastDay = windowEnd(dated, now.getTime(), zone(ended[0]!));
    return { adherentDays: adherence(dated, rule, lastDay).adherentDays, lastDay };
  }

  const got = (rows: BoardRow[]) => Object.fromEntries(rows.map((r) => [r.asleepUserId, { adherentDays: r.adherence.adherentDays, lastDay: r.adherence.lastDay }]));

  for (const rule of [USUAL_RULE, { minSleepHours: 6, targetPercent: 80, windowDays: 14 }, { minSleepHours: 3.5, targetPercent: 50, windowDays: 7 }]) {
    it(`${rule.minSleepHours} h on ${rule.targetPercent} % of ${rule.windowDays} days: every patient at once (sorted by adherence) and a page's rows (sorted by name)`, async () => {
      const uids = [...new Set(Array.from({ length: PATIENTS }, (_, p) => `adh-${String(p).padStart(2, "0")}`))];
      const want = Object.fromEntries(uids.map((uid) => [uid, expected(uid, rule)]));
      const everyone = await boardPage(db, admin, boardQuerySchema.parse({ sort: "adherence", size: "200" }), { rule, now });
      assert.equal(everyone.rows.length, PATIENTS);
      assert.deepEqual(got(everyone.rows), want);
      const days = everyone.rows.map((r) => r.adherence.adherentDays);
      assert.deepEqual(days, [...days].sort((a, b) => a - b), "sorted by adherence, fewest first");
      const byName = await boardPage(db, admin, boardQuerySchema.parse({ sort: "name", size: "200" }), { rule, now });
      assert.deepEqual(got(byName.rows), want);
      const below = await boardPage(db, admin, boardQuerySchema.parse({ flag: "below-adherence", size: "200" }), { rule, now });
      assert.deepEqual(below.rows.map((r) => r.asleepUserId).sort(), everyone.rows.filter((r) => !r.adherence.meets).map((r) => r.asleepUserId).sort());
      // The nights make a real test: some patients meet the rule, some do not, some have days with two nights.
      assert.ok(below.total > 0 && below.total < PATIENTS, `${below.total} of ${PATIENTS} below`);
    });
  }
});
