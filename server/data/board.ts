// The clinician's board at clinic scale: the viewer's patients (every patient, for an admin), searched,
// filtered, sorted and paged by PostgreSQL, with the flags that say who needs attention and why. A page
// costs the same few queries whatever its size: one to judge the nights being recorded (stale or not),
// one for the page's rows with every figure aggregated in SQL, then one each for the page's adherence
// (unless the view sorts or filters by it), open nights, alert reasons and notes.

import { boardFlags, type OpenAlertItem, CALM_RANK, RULE_CONDITION, severityRank } from "@/lib/board/flags";
import { pageCount, type BoardQuery } from "@/lib/board/query";
import type { BoardLastNight, BoardNight, BoardPage, BoardRow } from "@/lib/live/events";
import { addDays, currentNightOf, type AdherenceRule } from "@/lib/sleep/adherence";
import { isStale, usualCadenceMs } from "@/lib/sleep/cadence";
import { enrolledWindow } from "@/lib/sleep/enrolment";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";
import { wholePercent } from "@/lib/sleep/shown";
import { sleepDay } from "@/lib/time/day";
import { bestZone } from "@/lib/time/night";
import { zoneOrUtc } from "@/lib/time/zone";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { analysisShapes, cadenceBoundsInUse } from "./staleness";
import { clinicStagePlan } from "./sessions";
import { lastNotesFor } from "./notes";
import { tagsForNights } from "./tags";
import { zonesTheDatabaseReads } from "./zones";

export type { BoardNight, BoardPage, BoardRow };

/** A view the viewer may not ask for (the clinician filter is for admins): the route answers 400. */
export class BoardQueryRefused extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

// ── SQL pieces ──────────────────────────────────────────────────────────────────────────────────────

// A stored zone is read here as lib/time/zone.ts storedZone reads it on the pages: a UTC name, a fixed
// offset ("+09:00", "UTC+9", "+0530", at most 14:59) or a name in known_zones (those this database
// knows that the pages read as they are, server/data/zones.ts). PostgreSQL reads offsets with POSIX's
// inverted sign, so offsets are applied as intervals; names go to PostgreSQL's own zone database. Any
// other value reads as NULL, never as an error: one row stored with a name PostgreSQL cannot read (ICU's
// "CTT", before names were normalised) must not fail the page of every admin and clinician.
const UTC_NAMES = Prisma.sql`('z', 'utc', 'gmt', 'etc/utc', 'etc/gmt', 'utc+0', 'utc-0', 'gmt+0', 'gmt-0')`;
// lib/time/zone.ts's OFFSET on an unpadded value, in ASCII digits (what ::int reads).
const OFFSET = "^(?:(?:utc|gmt)\\s*)?([+\\-\u2212])([0-9]{1,2})(?::?([0-9]{2}))?$";

/** known_zones, which localTime reads: `zones` from server/data/zones.ts zonesTheDatabaseReads. */
export const knownZones = (zones: string[]) => Prisma.sql`known_zones AS (SELECT unnest(${zones}::text[]) AS name)`;

/** The wall-clock time (timestamp without zone) of `ts` in the stored zone `tz`; NULL when `tz` is NULL or not readable. */
export function localTime(ts: Prisma.Sql, tz: Prisma.Sql): Prisma.Sql {
  const part = (n: number) => Prisma.sql`(regexp_match(${tz}, ${OFFSET}, 'i'))[${Prisma.raw(String(n))}]`;
  return Prisma.sql`(CASE
    WHEN lower(${tz}) IN ${UTC_NAMES} THEN ${ts} AT TIME ZONE 'UTC'
    WHEN lower(${tz}) IN (SELECT name FROM known_zones) THEN ${ts} AT TIME ZONE ${tz}
    WHEN ${tz} ~* ${OFFSET} AND ${part(2)}::int <= 14 AND coalesce(${part(3)}, '0')::int <= 59 THEN (${ts} AT TIME ZONE 'UTC')
      + make_interval(mins => (CASE WHEN ${part(1)} = '+' THEN 1 ELSE -1 END) * (${part(2)}::int * 60 + coalesce(${part(3)}, '0')::int))
    END)`;
}

/**
 * The night's day (noon to noon, lib/sleep/adherence.ts nightOf) of an instant in the first readable of
 * `zones` (lib/time/night.ts bestZone's order), else UTC.
 */
const nightDay = (ts: Prisma.Sql, zones: Prisma.Sql[]) =>
  Prisma.sql`(coalesce(${Prisma.join(zones.map((tz) => localTime(ts, tz)))}, ${ts} AT TIME ZONE 'UTC') - interval '12 hours')::date`;

/** Escapes LIKE's wildcards, so a search for "50%" finds "50%". */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The patients the viewer may see that the view asks for, as a condition on app_user `u`. */
function patientFilter(viewer: Viewer, query: BoardQuery): Prisma.Sql {
  const parts = [Prisma.sql`u.role = 'patient' AND u.asleep_user_id IS NOT NULL`];
  if (viewer.role === "clinician") {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM care_assignment c WHERE c.patient_id = u.id AND c.clinician_id = ${viewer.accountId})`);
  }
  if (query.clinician) {
    parts.push(
      Prisma.sql`EXISTS (SELECT 1 FROM care_assignment c JOIN app_user cu ON cu.id = c.clinician_id WHERE c.patient_id = u.id AND lower(cu.email) = lower(${query.clinician}))`,
    );
  }
  if (query.q) {
    const pattern = likePattern(query.q);
    parts.push(Prisma.sql`(u.name ILIKE ${pattern} OR u.email ILIKE ${pattern} OR u.asleep_user_id ILIKE ${pattern})`);
  }
  return Prisma.join(parts, " AND ");
}

/** The severity rank (lib/board/flags.ts SEVERITY_ORDER) of an open alert `a`, by its rule. */
const ALERT_RANK = Prisma.sql`(CASE a.rule ${Prisma.join(
  Object.entries(RULE_CONDITION).map(([rule, kind]) => Prisma.sql`WHEN ${rule} THEN ${severityRank(kind)}::int`),
  " ",
)} ELSE ${severityRank("short-sleep")}::int END)`;

/** Whether patient `u` is new since `since`: assigned to the clinician since then (for an admin: made since then). */
function newPatient(viewer: Viewer, since: Date | null | undefined): Prisma.Sql {
  if (!since) return Prisma.sql`FALSE`;
  if (viewer.role === "clinician") {
    return Prisma.sql`EXISTS (SELECT 1 FROM care_assignment c WHERE c.patient_id = u.id AND c.clinician_id = ${viewer.accountId} AND c.created_at > ${since})`;
  }
  return Prisma.sql`(u.created_at > ${since})`;
}

function orderBy(query: BoardQuery): Prisma.Sql {
  const dir = Prisma.raw(query.dir === "asc" ? "ASC" : "DESC");
  // Most severe first is the lowest rank.
  const severe = Prisma.raw(query.dir === "asc" ? "DESC" : "ASC");
  const by: Record<BoardQuery["sort"], Prisma.Sql> = {
    flags: Prisma.sql`rank ${severe}, open_alerts ${dir}`,
    name: Prisma.sql`lower(name) ${dir}`,
    tonight: Prisma.sql`(open_id IS NOT NULL) ${dir}, open_updated_at ${dir} NULLS LAST`,
    "last-night": Prisma.sql`last_start ${dir} NULLS LAST`,
    "total-sleep": Prisma.sql`last_sleep_epochs ${dir} NULLS LAST`,
    efficiency: Prisma.sql`(last_sleep_epochs::float8 / NULLIF(last_epochs, 0)) ${dir} NULLS LAST`,
    adherence: Prisma.sql`adherent_days ${dir}`,
    alerts: Prisma.sql`open_alerts ${dir}`,
    "last-note": Prisma.sql`last_note_at ${dir} NULLS LAST`,
  };
  // Ties read by name, then id, so a page never shuffles between reads.
  return Prisma.sql`${by[query.sort]}, lower(name) ASC, uid ASC`;
}

/**
 * `flag=below-adherence`: below the target over a window the patient was enrolled for in full (a window
 * not yet complete is too early to tell, lib/sleep/enrolment.ts). `emptyWindowEnd`: the window's last day
 * for a patient with no night in it.
 */
function flagFilter(flag: BoardQuery["flag"], requiredDays: number, windowDays: number, emptyWindowEnd: string): Prisma.Sql {
  switch (flag) {
    case "all":
      return Prisma.sql`TRUE`;
    case "flagged":
      return Prisma.sql`rank < ${CALM_RANK}::int`;
    case "recording":
      return Prisma.sql`open_id IS NOT NULL`;
    case "no-data":
      return Prisma.sql`no_data`;
    case "awaiting-signature":
      // A study decided (adequate or failed) with no signed report yet (server/data/studies.ts).
      return Prisma.sql`EXISTS (SELECT 1 FROM sleep_study st WHERE st.asleep_user_id = uid AND st.outcome IS NOT NULL AND NOT EXISTS (SELECT 1 FROM signed_report r WHERE r.study_id = st.id))`;
    case "below-adherence":
      return Prisma.sql`adherent_days < ${requiredDays} AND enrolled_day <= coalesce(last_day::date, ${emptyWindowEnd}::date) - ${windowDays - 1}::int`;
  }
}

/**
 * Adherence of the patients `uids` selects (lib/sleep/adherence.ts, in SQL): the CTE adherence (uid,
 * last_day, adherent_days), one row per patient with a night in the window.
 *
 * Per patient: their newest ended night (its zone says what "today" is), then the window's days counted.
 * A night's day in its own zone is kept on the night (own_day, by the trigger of the night_own_day
 * migration, in the statement that writes the night), so the window is an index-only range of the index
 * (user_id, own_day) INCLUDE (sleep_epochs); only the rare night without a readable zone of its own is
 * dated here, in the best zone known. Dating every night of every window on each read took most of the
 * time of the sort by adherence (2,000 patients × 33 nights).
 *
 * Days before the patient's enrolment day are not counted (lib/sleep/enrolment.ts enrolledWindow), as
 * lib/sleep/adherence.ts adherence does not count them.
 */
function adherenceCtes(uids: Prisma.Sql, rule: AdherenceRule, now: Date, zones: string[]): Prisma.Sql {
  const minSleepEpochs = Math.ceil((rule.minSleepHours * 3600) / EPOCH_SECONDS);
  // A night's day can lie up to 14 h from UTC and the window may end yesterday: reach three days further.
  const windowStart = new Date(now.getTime() - (rule.windowDays + 3) * 86_400_000);
  const ended = (alias: string) => Prisma.sql`${Prisma.raw(alias)}.state IN ('COMPLETE', 'INCOMPLETE') AND ${Prisma.raw(alias)}.start_time >= ${windowStart}`;
  const last = rule.windowDays - 1;
  const zonesOf = (night: string) => [Prisma.raw(`${night}.timezone`), Prisma.raw("bz.account"), Prisma.raw("bz.newest")];
  return Prisma.sql`
    ${knownZones(zones)},
    adherence AS (
      SELECT x.uid,
             -- The window ends today once a night of today is stored, else yesterday (lib/sleep/adherence.ts windowEnd).
             CASE WHEN a.has_today THEN t.today ELSE t.today - 1 END AS last_day,
             (CASE WHEN a.has_today THEN a.ending_today ELSE a.ending_yesterday END)::int AS adherent_days
        FROM (${uids}) AS x(uid)
        -- A night without a (readable) zone of its own is dated in the best zone known, as its page draws
        -- it (lib/time/night.ts bestZone): the account's, else that of the patient's newest night with one.
        -- (OFFSET 0: read once per patient, not again wherever the zones are used.)
        CROSS JOIN LATERAL (
          SELECT u.timezone AS account, u.enrolled_on AS enrolled,
                 (SELECT z.timezone FROM sleep_session z WHERE z.user_id = x.uid AND z.timezone IS NOT NULL ORDER BY z.start_time DESC NULLS LAST LIMIT 1) AS newest
            FROM app_user u WHERE u.asleep_user_id = x.uid
          OFFSET 0
        ) bz
        -- "Today" is the patient's in the zone of their newest night.
        CROSS JOIN LATERAL (
          SELECT ${nightDay(Prisma.sql`${now}::timestamptz`, zonesOf("s"))} AS today FROM sleep_session s
           WHERE s.user_id = x.uid AND ${ended("s")} ORDER BY s.start_time DESC NULLS LAST LIMIT 1
        ) t
        CROSS JOIN LATERAL (
          SELECT bool_or(d.day = t.today) AS has_today,
                 count(*) FILTER (WHERE d.adherent AND d.day BETWEEN GREATEST(t.today - ${last}::int, bz.enrolled) AND t.today) AS ending_today,
                 count(*) FILTER (WHERE d.adherent AND d.day BETWEEN GREATEST(t.today - ${last + 1}::int, bz.enrolled) AND t.today - 1) AS ending_yesterday
            FROM (
              -- Each day once: adherent when any of its nights reached the hours (its longest did).
              SELECT n.day, bool_or(n.sleep_epochs >= ${minSleepEpochs}::int) AS adherent
                FROM (
                  SELECT w.own_day AS day, w.sleep_epochs FROM sleep_session w
                   WHERE w.user_id = x.uid AND w.state IN ('COMPLETE', 'INCOMPLETE') AND w.own_day IS NOT NULL
                     AND w.own_day BETWEEN t.today - ${last + 1}::int AND t.today
                  UNION ALL
                  SELECT ${nightDay(Prisma.raw("w.start_time"), zonesOf("w"))}, w.sleep_epochs FROM sleep_session w
                   WHERE w.user_id = x.uid AND ${ended("w")} AND w.own_day IS NULL
                ) n
               GROUP BY n.day
            ) d
        ) a
    )`;
}

/** When the view neither sorts nor filters by adherence, the page's rows get theirs afterwards. */
const NO_ADHERENCE = Prisma.sql`adherence AS (SELECT NULL::text AS uid, NULL::date AS last_day, 0 AS adherent_days WHERE FALSE)`;

// ── Queries ─────────────────────────────────────────────────────────────────────────────────────────

interface OpenPulseRow {
  id: string;
  user_id: string;
  start_time: Date | null;
  updated_at: Date;
  last_delivery_at: Date | null;
  arrivals: number[] | null;
  /** Each webhook analysis's inference_seq_num and epoch count, in arrival order (lib/sleep/cadence.ts expectedIntervalMs). */
  seqs: number[] | null;
  spans: number[] | null;
  backfill_failing_since: Date | null;
  backfill_not_found: boolean;
}

interface Pulse {
  sessionId: string;
  lastDeliveryAt: Date | null;
  cadenceMs: number;
  stale: boolean;
  /** What the back-fill last found (server/data/staleness.ts NightPulse). */
  asleepUnreachableSince: Date | null;
  asleepHasNoRecord: boolean;
}

/**
 * The newest night being recorded of each visible patient with its pulse (lib/sleep/cadence.ts), in
 * one query: whether it went quiet decides a flag, which sorts and filters the whole board.
 */
async function pulsesOfOpenNights(db: Db, patients: Prisma.Sql, now: Date): Promise<Map<string, Pulse>> {
  const rows = await db.$queryRaw<OpenPulseRow[]>`
    SELECT s.id, s.user_id, s.start_time, s.updated_at, s.backfill_failing_since, s.backfill_not_found,
           max(i.received_at) AS last_delivery_at,
           array_agg((extract(epoch FROM i.received_at) * 1000)::float8 ORDER BY i.received_at) FILTER (WHERE NOT i.backfilled) AS arrivals,
           array_agg(i.inference_seq_num ORDER BY i.received_at) FILTER (WHERE NOT i.backfilled) AS seqs,
           array_agg(cardinality(i.sleep_stages) ORDER BY i.received_at) FILTER (WHERE NOT i.backfilled) AS spans
      FROM sleep_session s
      LEFT JOIN inference i ON i.session_id = s.id
     WHERE s.state = 'OPEN' AND s.user_id IN (SELECT u.asleep_user_id FROM app_user u WHERE ${patients})
     GROUP BY s.id`;
  // The newest by start, as the board's "tonight" (and then the one changed last).
  rows.sort((a, b) => (b.start_time?.getTime() ?? -Infinity) - (a.start_time?.getTime() ?? -Infinity) || b.updated_at.getTime() - a.updated_at.getTime());
  const bounds = cadenceBoundsInUse();
  const pulses = new Map<string, Pulse>();
  for (const row of rows) {
    if (pulses.has(row.user_id)) continue;
    const cadenceMs = usualCadenceMs(row.arrivals ?? [], bounds, analysisShapes(row.seqs, row.spans));
    const last = row.last_delivery_at;
    // A night none of whose analyses has arrived yet is not judged (as server/data/staleness.ts).
    const stale = last !== null && isStale({ state: "OPEN", lastDeliveryAt: last.getTime(), cadenceMs }, now.getTime());
    pulses.set(row.user_id, { sessionId: row.id, lastDeliveryAt: last, cadenceMs, stale, asleepUnreachableSince: row.backfill_failing_since, asleepHasNoRecord: row.backfill_not_found });
  }
  return pulses;
}

interface BoardSqlRow {
  id: string;
  name: string;
  email: string;
  uid: string;
  account_tz: string | null;
  /** The enrolment day, "YYYY-MM-DD" (lib/sleep/enrolment.ts). */
  enrolled_on: string;
  open_id: string | null;
  last_id: string | null;
  last_state: "COMPLETE" | "INCOMPLETE" | null;
  last_start: Date | null;
  last_end: Date | null;
  last_tz: string | null;
  last_sleep_epochs: number | null;
  last_epochs: number | null;
  newest_start: Date | null;
  newest_tz: string | null;
  open_alerts: number;
  new_patient: boolean;
  rank: number;
  adherent_days: number;
  last_day: string | null;
  no_data: boolean;
  stale: boolean;
  total: number;
}

export interface BoardOptions {
  rule: AdherenceRule;
  now?: Date;
  /** The viewer's previous visit to the board (boardVisit): what is newer is marked new. */
  since?: Date | null;
}

/** The rows of the view (all of them when `page` is null, as the CSV wants), and how many match. */
async function boardRows(db: Db, viewer: Viewer, query: BoardQuery, page: { limit: number; offset: number } | null, { rule, now = new Date(), since }: BoardOptions) {
  const patients = patientFilter(viewer, query);
  const pulses = await pulsesOfOpenNights(db, patients, now);
  const staleIds = [...pulses].filter(([, p]) => p.stale).map(([uid]) => uid);
  const needAdherence = query.sort === "adherence" || query.flag === "below-adherence";
  const requiredDays = Math.ceil(Number(((rule.targetPercent * rule.windowDays) / 100).toFixed(9)));
  const noDataBefore = new Date(now.getTime() - query.days * 86_400_000);
  const noDataEnrolledBy = addDays(new Date(now.getTime()).toISOString().slice(0, 10), -query.days);
  const emptyWindowEnd = addDays(currentNightOf(now.getTime(), "UTC"), -1);
  const zones = await zonesTheDatabaseReads(db);
  const statement = Prisma.sql`
    WITH patients AS (
      SELECT u.id, u.name, u.email, u.asleep_user_id AS uid, u.timezone AS account_tz, ${newPatient(viewer, since)} AS new_patient, u.enrolled_on FROM app_user u WHERE ${patients}
    ),
    ${needAdherence ? adherenceCtes(Prisma.sql`SELECT uid FROM patients`, rule, now, zones) : NO_ADHERENCE},
    -- Few nights are open at any time: found once, not per patient.
    open_nights AS (
      SELECT DISTINCT ON (s.user_id) s.user_id, s.id, s.updated_at, s.start_time, s.timezone FROM sleep_session s
       WHERE s.state = 'OPEN' AND s.user_id IN (SELECT uid FROM patients)
       ORDER BY s.user_id, s.start_time DESC NULLS LAST, s.updated_at DESC
    ),
    open_alerts AS (
      SELECT a.patient_id, count(*)::int AS n, min(${ALERT_RANK}) AS rank FROM alert a
       WHERE a.state IN ('OPEN', 'ACKNOWLEDGED') AND a.patient_id IN (SELECT id FROM patients) GROUP BY a.patient_id
    ),
    -- Notes are few beside nights: the newest per patient, for the "last note" sort.
    last_notes AS (
      SELECT n.asleep_user_id AS uid, max(n.updated_at) AS at FROM clinical_note n
       WHERE n.asleep_user_id IN (SELECT uid FROM patients) GROUP BY n.asleep_user_id
    ),
    board AS (
      SELECT p.id, p.name, p.email, p.uid, p.account_tz, p.enrolled_on AS enrolled_day, p.enrolled_on::text AS enrolled_on,
             o.id AS open_id, o.updated_at AS open_updated_at,
             l.id AS last_id, l.state::text AS last_state, l.start_time AS last_start, l.end_time AS last_end, l.timezone AS last_tz,
             l.sleep_epochs AS last_sleep_epochs, l.epochs AS last_epochs,
             -- Every night is open or ended: the newest of both is the patient's newest night. "Last night" is
        -- the newest that ended, complete or Incomplete (shown so): a clinician must see a night that failed.
             GREATEST(o.start_time, l.start_time) AS newest_start,
             CASE WHEN o.start_time IS NOT NULL AND (l.start_time IS NULL OR o.start_time > l.start_time) THEN o.timezone ELSE l.timezone END AS newest_tz,
             coalesce(a.n, 0) AS open_alerts, a.rank AS alert_rank, p.new_patient,
             coalesce(ad.adherent_days, 0) AS adherent_days, ad.last_day::text AS last_day,
             -- Not before the patient has been enrolled for the days asked about (lib/sleep/enrolment.ts).
             ((GREATEST(o.start_time, l.start_time) IS NULL OR GREATEST(o.start_time, l.start_time) < ${noDataBefore}) AND p.enrolled_on <= ${noDataEnrolledBy}::date) AS no_data,
             (p.uid = ANY(${staleIds}::text[])) AS stale,
             ln.at AS last_note_at
        FROM patients p
        LEFT JOIN open_nights o ON o.user_id = p.uid
        LEFT JOIN LATERAL (
          SELECT s.id, s.state, s.start_time, s.end_time, s.timezone, s.sleep_epochs, s.epoch_count AS epochs
            FROM sleep_session s WHERE s.user_id = p.uid AND s.state IN ('COMPLETE', 'INCOMPLETE')
           ORDER BY s.start_time DESC NULLS LAST LIMIT 1) l ON TRUE
        LEFT JOIN open_alerts a ON a.patient_id = p.id
        LEFT JOIN adherence ad ON ad.uid = p.uid
        LEFT JOIN last_notes ln ON ln.uid = p.uid
    ),
    -- The patient's rank in the severity order (lib/board/flags.ts): their most severe item's.
    flagged AS (
      SELECT b.*, LEAST(
               CASE WHEN b.stale THEN ${severityRank("stale")}::int END,
               b.alert_rank,
               CASE WHEN b.no_data THEN ${severityRank("no-data")}::int END,
               CASE WHEN b.new_patient THEN ${severityRank("new-patient")}::int END,
               ${CALM_RANK}::int) AS rank
        FROM board b
    )
    SELECT f.*, (count(*) OVER ())::int AS total
      FROM flagged f
     WHERE ${flagFilter(query.flag, requiredDays, rule.windowDays, emptyWindowEnd)}
     ORDER BY ${orderBy(query)}
     ${page ? Prisma.sql`LIMIT ${page.limit} OFFSET ${page.offset}` : Prisma.empty}`;
  const rows = await db.$queryRaw<BoardSqlRow[]>(statement);
  if (!needAdherence && rows.length > 0) {
    // The page's rows only: one more query, whatever the page's size.
    const found = await db.$queryRaw<Array<{ uid: string; last_day: string; adherent_days: number }>>`
      WITH ${adherenceCtes(Prisma.sql`SELECT unnest(${rows.map((r) => r.uid)}::text[])`, rule, now, zones)}
      SELECT uid, last_day::text AS last_day, adherent_days FROM adherence`;
    const byUid = new Map(found.map((a) => [a.uid, a]));
    for (const row of rows) {
      const a = byUid.get(row.uid);
      row.adherent_days = a?.adherent_days ?? 0;
      row.last_day = a?.last_day ?? null;
    }
  }
  return { rows, pulses, requiredDays };
}

/**
 * The board rows as the page shows them, with their open nights, alert reasons and notes. A night's
 * zone is chosen as everywhere (lib/time/night.ts bestZone): its own, the account's, the patient's
 * other night's.
 */
async function assemble(db: Db, found: Awaited<ReturnType<typeof boardRows>>, { rule, now = new Date(), since }: BoardOptions): Promise<BoardRow[]> {
  const { rows, pulses, requiredDays } = found;
  const openIds = rows.flatMap((r) => (r.open_id ? [r.open_id] : []));
  const accountIds = rows.map((r) => r.id);
  const lastIds = rows.flatMap((r) => (r.last_id ? [r.last_id] : []));
  const [openNights, alerts, notes, tags] = await Promise.all([
    db.sleepSession.findMany({
      where: { id: { in: openIds } },
      select: { id: true, userId: true, state: true, startTime: true, endTime: true, timezone: true, sleepStages: true, snoringStages: true, updatedAt: true },
    }),
    db.alert.findMany({
      where: { patientId: { in: accountIds }, state: { in: ["OPEN", "ACKNOWLEDGED"] } },
      orderBy: [{ raisedAt: "desc" }, { id: "asc" }],
      select: { id: true, patientId: true, rule: true, reason: true, sessionId: true, raisedAt: true },
    }),
    lastNotesFor(db, accountIds),
    tagsForNights(db, lastIds),
  ]);
  const openById = new Map(openNights.map((n) => [n.id, n]));
  const alertsOf = new Map<string, OpenAlertItem[]>();
  for (const a of alerts) {
    alertsOf.set(a.patientId, [...(alertsOf.get(a.patientId) ?? []), { id: a.id, rule: a.rule, reason: a.reason, sessionId: a.sessionId, raisedAtMs: a.raisedAt.getTime() }]);
  }
  // Patients with no night in the window: it ends yesterday (UTC), and none of its days is adherent.
  const emptyWindowEnd = addDays(currentNightOf(now.getTime(), "UTC"), -1);

  return rows.map((r): BoardRow => {
    const n = r.open_id ? openById.get(r.open_id) : undefined;
    const pulse = pulses.get(r.uid);
    const open: BoardNight | null = n
      ? {
          id: n.id,
          state: n.state,
          startTime: n.startTime?.toISOString() ?? null,
          endTime: n.endTime?.toISOString() ?? null,
          timezone: n.timezone,
          zone: bestZone({ night: n.timezone, account: r.account_tz, previousNight: r.last_tz }),
          sleepStages: n.sleepStages,
          snoringStages: n.snoringStages,
          updatedAt: n.updatedAt.toISOString(),
          lastDeliveryAt: pulse?.sessionId === n.id ? (pulse.lastDeliveryAt?.toISOString() ?? null) : null,
          cadenceMs: pulse?.cadenceMs ?? usualCadenceMs([], cadenceBoundsInUse()),
          stale: pulse?.sessionId === n.id && pulse.stale,
          asleepUnreachableSince: pulse?.sessionId === n.id ? (pulse.asleepUnreachableSince?.toISOString() ?? null) : null,
          asleepHasNoRecord: pulse?.sessionId === n.id && pulse.asleepHasNoRecord,
          stagePlanSetting: clinicStagePlan(),
        }
      : null;
    // The last night's zone as its page draws it; its day is read in the same zone (a night without one
    // is not dated in UTC while its page shows the account's zone).
    const lastZone = r.last_id ? bestZone({ night: r.last_tz, account: r.account_tz, previousNight: r.newest_tz }) : null;
    const lastNight: BoardLastNight | null =
      r.last_id && r.last_state
        ? {
            id: r.last_id,
            state: r.last_state,
            startTime: r.last_start?.toISOString() ?? null,
            endTime: r.last_end?.toISOString() ?? null,
            timezone: r.last_tz,
            zone: lastZone,
            day: r.last_start ? sleepDay(r.last_start.getTime(), zoneOrUtc(lastZone?.name)) : null,
            totalSleepSeconds: (r.last_sleep_epochs ?? 0) * EPOCH_SECONDS,
            timeInBedSeconds: (r.last_epochs ?? 0) * EPOCH_SECONDS,
            efficiencyPercent: r.last_epochs ? (100 * (r.last_sleep_epochs ?? 0)) / r.last_epochs : null,
            efficiencyShownPercent: wholePercent(r.last_sleep_epochs ?? 0, r.last_epochs ?? 0),
            tags: tags.get(r.last_id) ?? [],
          }
        : null;
    const note = notes.get(r.id);
    return {
      name: r.name,
      email: r.email,
      asleepUserId: r.uid,
      open,
      lastNight,
      adherence: boardAdherence(r.adherent_days, r.last_day ?? emptyWindowEnd, r.enrolled_on, rule, requiredDays),
      enrolledOn: r.enrolled_on,
      openAlerts: r.open_alerts,
      flags: boardFlags({
        alerts: alertsOf.get(r.id) ?? [],
        stale: r.stale && open ? staleOf(open, now) : null,
        noData: r.no_data ? noDataOf(r, now) : null,
        newPatient: r.new_patient,
        sinceMs: since?.getTime() ?? null,
      }),
      lastNote: note ? { text: note.text, at: note.at.toISOString(), author: note.author } : null,
    };
  });
}

/** What the stale item says of a night being recorded: when its last analysis came, on its own clock. */
function staleOf(open: BoardNight, now: Date) {
  const zone = zoneOrUtc(open.zone?.name);
  const day = open.startTime ? sleepDay(Date.parse(open.startTime), zone) : currentNightOf(now.getTime(), zone);
  return { lastDeliveryMs: open.lastDeliveryAt ? Date.parse(open.lastDeliveryAt) : null, zone, day, sessionId: open.id };
}

/** What the no-data item counts: from the day of the patient's newest night to today, in its zone. */
function noDataOf(r: BoardSqlRow, now: Date) {
  const zone = zoneOrUtc(bestZone({ night: r.newest_tz, account: r.account_tz, previousNight: r.last_tz })?.name);
  return { newestDay: r.newest_start ? sleepDay(r.newest_start.getTime(), zone) : null, today: currentNightOf(now.getTime(), zone), enrolledOn: r.enrolled_on };
}

/**
 * The viewer's previous visit to the board, and this read counted as part of the current one. A visit is
 * reads with less than VISIT_GAP_MS between them, so the live board reading itself again (or a reload)
 * does not clear what is new; the first read after a longer gap starts a visit and moves "since" on.
 */
export async function boardVisit(db: Db, viewer: Viewer, now = new Date()): Promise<Date | null> {
  const rows = await db.$queryRaw<Array<{ since: Date | null }>>`
    UPDATE app_user SET
      board_last_visit_at = CASE WHEN board_read_at IS NOT NULL AND board_read_at < ${new Date(now.getTime() - VISIT_GAP_MS)} THEN board_read_at ELSE board_last_visit_at END,
      board_read_at = GREATEST(board_read_at, ${now})
     WHERE id = ${viewer.accountId}
    RETURNING board_last_visit_at AS since`;
  return rows[0]?.since ?? null;
}

/** The viewer's previous visit to the board, as boardVisit left it, without counting this read as one. */
export async function boardLastVisit(db: Db, viewer: Viewer): Promise<Date | null> {
  const user = await db.user.findUnique({ where: { id: viewer.accountId }, select: { boardLastVisitAt: true } });
  return user?.boardLastVisitAt ?? null;
}

/** Reads further apart than this are two visits. */
export const VISIT_GAP_MS = 30 * 60_000;

/**
 * A row's adherence. Counted by SQL over the whole window; a window the patient was not enrolled for in full
 * is too early to tell (no verdict; lib/sleep/enrolment.ts), so days before enrolment never judge anyone.
 */
function boardAdherence(adherentDays: number, lastDay: string, enrolledOn: string, rule: AdherenceRule, requiredDays: number): BoardRow["adherence"] {
  const tooEarly = !enrolledWindow(enrolledOn, lastDay, rule.windowDays).complete;
  return { adherentDays, days: rule.windowDays, percent: (100 * adherentDays) / rule.windowDays, meets: !tooEarly && adherentDays >= requiredDays, lastDay, tooEarly };
}

/** Refuses what the viewer may not ask for. A patient has no board (the route answers 404). */
function checkQuery(viewer: Viewer, query: BoardQuery) {
  if (query.clinician && viewer.role !== "admin") throw new BoardQueryRefused("clinician", "only administrators can show another clinician's patients");
}

/** One page of the viewer's board. */
export async function boardPage(db: Db, viewer: Viewer, query: BoardQuery, options: BoardOptions): Promise<BoardPage> {
  checkQuery(viewer, query);
  const now = options.now ?? new Date();
  const found = await boardRows(db, viewer, query, { limit: query.size, offset: (query.page - 1) * query.size }, { ...options, now });
  // Past the last page: the total still says how many there are, and the page links lead back.
  const total = found.rows[0]?.total ?? (query.page > 1 ? (await boardRows(db, viewer, { ...query, page: 1 }, { limit: 1, offset: 0 }, { ...options, now })).rows[0]?.total ?? 0 : 0);
  const rows = await assemble(db, found, { ...options, now });
  return {
    rows,
    total,
    page: query.page,
    pageSize: query.size,
    pages: pageCount(total, query.size),
    query,
    asOf: now.toISOString(),
    adherenceRule: { ...options.rule },
  };
}

/** Every row of the view (every page), in the board's order: what the CSV holds. */
export async function wholeBoard(db: Db, viewer: Viewer, query: BoardQuery, options: BoardOptions): Promise<{ rows: BoardRow[]; asOf: Date }> {
  checkQuery(viewer, query);
  const now = options.now ?? new Date();
  const found = await boardRows(db, viewer, query, null, { ...options, now });
  return { rows: await assemble(db, found, { ...options, now }), asOf: now };
}

/** The clinicians an admin can narrow the board to, by name. */
export async function cliniciansForFilter(db: Db, viewer: Viewer): Promise<Array<{ name: string; email: string }>> {
  if (viewer.role !== "admin") return [];
  return db.user.findMany({ where: { role: "clinician" }, orderBy: [{ name: "asc" }, { email: "asc" }], select: { name: true, email: true } });
}
