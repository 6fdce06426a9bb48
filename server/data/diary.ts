// The sleep diary (lib/sleep/diary.ts): one entry per sleeper per night. Only the sleeper writes their
// own, and only on the night's morning (until midnight in their zone: then 409); whoever may see the
// sleeper (their clinicians, admins, the sleeper) reads it. Access is decided here, next to the queries:
// a sleeper the viewer may not see is not found; one they may see but not write for is refused.

import { z } from "zod";
import { storableString } from "@/lib/text/storable";
import { addDays, type Day } from "@/lib/sleep/days";
import {
  CLOCK_TIME,
  clockOf,
  compareDiary,
  diaryClosesAtMs,
  diaryInstants,
  diaryNightOf,
  diaryOpen,
  diaryProblems,
  DIARY_MAX_AWAKENINGS,
  DIARY_MAX_COMMENT,
  DIARY_MAX_MINUTES,
  measuredFigures,
  type DiaryAnswers,
  type DiaryComparison,
  type DiaryEntry,
  type MeasuredNight,
} from "@/lib/sleep/diary";
import { nightReport } from "@/lib/sleep/report";
import { sleepDay } from "@/lib/time/day";
import { storedZone } from "@/lib/time/zone";
import { dayParam } from "@/lib/time/range";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import { dayAnswer, instant } from "../http/api-schema";
import { idParam } from "../http/parse-request";
import { canSee, type Audience } from "./access";
import { completeNightsOf } from "./sessions";

const clock = (name: string) => z.string().regex(CLOCK_TIME, `${name}: a time of day as HH:mm (00:00 to 23:59)`);
const minutes = (name: string, max: number) => z.number().int(`${name}: whole minutes`).min(0, `${name}: 0 or more`).max(max, `${name}: at most ${max}`);
const scale = (name: string) => z.number().int(`${name}: a whole number from 1 to 5`).min(1, `${name}: from 1 to 5`).max(5, `${name}: from 1 to 5`);

/** PUT /api/patients/{asleepUserId}/diary/{night}: the whole entry, clock times in the sleeper's zone. */
export const diaryAnswersSchema = z
  .object({
    intoBed: clock("into bed"),
    triedToSleep: clock("tried to sleep"),
    sleepOnsetMinutes: minutes("time to fall asleep", DIARY_MAX_MINUTES),
    awakenings: z.number().int("awakenings: a whole number").min(0, "awakenings: 0 or more").max(DIARY_MAX_AWAKENINGS, `awakenings: at most ${DIARY_MAX_AWAKENINGS}`),
    awakeMinutes: minutes("time awake", DIARY_MAX_MINUTES),
    finalAwakening: clock("final awakening"),
    outOfBed: clock("out of bed"),
    quality: scale("sleep quality"),
    rested: scale("how rested"),
    comments: storableString()
      .trim()
      .max(DIARY_MAX_COMMENT, `comments: at most ${DIARY_MAX_COMMENT} characters`)
      // Line breaks are a comment's own; other control characters show nothing and break CSV and PDF lines.
      .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), "comments: must not contain control characters (line breaks and tabs are fine)")
      .nullable()
      .optional()
      .transform((s) => (s ? s : null)),
  })
  .strict();

/** PUT /api/patients/{asleepUserId}/diary/{night}: whose diary, and which night (the one that ended this morning). */
export const diaryParams = z.object({ asleepUserId: idParam, night: dayParam.meta({ description: "The night's day (YYYY-MM-DD): the one that ended this morning in the sleeper's zone" }) });

/** GET /api/patients/{asleepUserId}/diary: the nights compared (default: the 30 ending with today's diary night). */
export const diaryRangeQuery = z.object({ from: dayParam.optional(), to: dayParam.optional() }).strict();

const clockAnswer = z.string().regex(CLOCK_TIME).meta({ description: "A time of day, HH:mm, on the sleeper's clock (`zone`)" });

/** One diary entry as the API answers it (PUT's answer; GET's `entries` and `today.entry`). */
export const diaryRecordAnswer = z.object({
  night: dayAnswer,
  /** The zone its clock times are in: the sleeper's when it was written. */
  zone: z.string(),
  intoBed: clockAnswer,
  triedToSleep: clockAnswer,
  sleepOnsetMinutes: z.number().int(),
  awakenings: z.number().int(),
  awakeMinutes: z.number().int(),
  finalAwakening: clockAnswer,
  outOfBed: clockAnswer,
  quality: z.number().int().min(1).max(5),
  rested: z.number().int().min(1).max(5),
  comments: z.string().nullable(),
  updatedAt: instant,
});

const sleepFiguresAnswer = z.object({
  timeInBedMinutes: z.number(),
  totalSleepMinutes: z.number(),
  sleepOnsetLatencyMinutes: z.number().nullable(),
  wasoMinutes: z.number(),
  efficiencyPercent: z.number().nullable(),
});
const averageFiguresAnswer = z.object({ totalSleepMinutes: z.number().nullable(), sleepOnsetLatencyMinutes: z.number().nullable(), wasoMinutes: z.number().nullable(), efficiencyPercent: z.number().nullable() });

/** GET /api/patients/{asleepUserId}/diary's answer: today's diary, and reported against measured. */
export const diaryAnswer = z.object({
  today: z.object({
    night: dayAnswer.meta({ description: "The night the diary is open for now: the one that ended this morning, in the sleeper's zone" }),
    zone: z.string(),
    closesAt: instant.meta({ description: "When it closes: the midnight ending the morning, in the zone" }),
    entry: diaryRecordAnswer.nullable(),
    editable: z.boolean().meta({ description: "Whether you may fill it in (the sleeper themself)" }),
  }),
  comparison: z.object({
    from: dayAnswer,
    to: dayAnswer,
    entries: z.array(diaryRecordAnswer),
    rows: z.array(
      z.object({
        night: dayAnswer,
        reported: sleepFiguresAnswer.nullable(),
        measured: sleepFiguresAnswer.extend({ night: dayAnswer, sessionId: z.string() }).nullable(),
        totalSleepDifferenceMinutes: z.number().nullable(),
      }),
    ).meta({ description: "One row per night with a diary entry or a measured night, newest first" }),
    pairedNights: z.number().int().meta({ description: "Nights with both: the averages are over these alone" }),
    reported: averageFiguresAnswer,
    measured: averageFiguresAnswer,
    totalSleepDifferenceMinutes: z.number().nullable(),
  }),
});

/** The sleeper's zone: their account's, else their newest night's, else UTC. */
export async function sleeperZone(db: Db, asleepUserId: string): Promise<string> {
  const account = await db.user.findUnique({ where: { asleepUserId }, select: { timezone: true } });
  const own = account?.timezone ? storedZone(account.timezone) : null;
  if (own) return own;
  const newest = await db.sleepSession.findFirst({ where: { userId: asleepUserId, timezone: { not: null } }, orderBy: [{ startTime: { sort: "desc", nulls: "last" } }], select: { timezone: true } });
  return (newest?.timezone && storedZone(newest.timezone)) || "UTC";
}

export interface DiaryRecord extends DiaryAnswers {
  night: Day;
  zone: string;
  updatedAt: string;
}

type Row = Awaited<ReturnType<Db["sleepDiary"]["findFirstOrThrow"]>>;

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

function recordOf(row: Row): DiaryRecord {
  return {
    night: dayOf(row.night),
    zone: row.zone,
    intoBed: clockOf(row.intoBed.getTime(), row.zone),
    triedToSleep: clockOf(row.triedToSleep.getTime(), row.zone),
    sleepOnsetMinutes: row.sleepOnsetMinutes,
    awakenings: row.awakenings,
    awakeMinutes: row.awakeMinutes,
    finalAwakening: clockOf(row.finalAwakening.getTime(), row.zone),
    outOfBed: clockOf(row.outOfBed.getTime(), row.zone),
    quality: row.quality,
    rested: row.rested,
    comments: row.comments,
    updatedAt: row.updatedAt.toISOString(),
  };
}

const mayWrite = (viewer: Viewer, asleepUserId: string) => viewer.role === "patient" && viewer.asleepUserId === asleepUserId;

export interface TodaysDiary {
  /** The night the diary is open for now: the one that ended this morning, in the sleeper's zone. */
  night: Day;
  zone: string;
  /** When it closes (midnight ending the morning, in the zone), ISO. */
  closesAt: string;
  entry: DiaryRecord | null;
  /** Whether this viewer may fill it in (the sleeper themself). */
  editable: boolean;
}

/** Today's diary for the sleeper: which night, until when, and the entry if filled in. Null if not visible. */
export async function todaysDiary(db: Db, viewer: Viewer, audience: Audience, asleepUserId: string, nowMs = Date.now()): Promise<TodaysDiary | null> {
  if (!canSee(audience, asleepUserId)) return null;
  const zone = await sleeperZone(db, asleepUserId);
  const night = diaryNightOf(nowMs, zone);
  const row = await db.sleepDiary.findUnique({ where: { asleepUserId_night: { asleepUserId, night: new Date(`${night}T00:00:00Z`) } } });
  return { night, zone, closesAt: new Date(diaryClosesAtMs(night, zone)).toISOString(), entry: row ? recordOf(row) : null, editable: mayWrite(viewer, asleepUserId) };
}

export type SaveDiaryResult =
  | { ok: true; entry: DiaryRecord }
  | { ok: false; reason: "not-found" | "forbidden" }
  | { ok: false; reason: "closed"; message: string }
  | { ok: false; reason: "invalid"; issues: Array<{ path: string; message: string }> };

/**
 * Fills in or replaces the sleeper's entry for `night`, which must be the night that ended this
 * morning in their zone: earlier nights are closed (their day is over), later ones have not ended.
 */
export async function saveDiary(db: Db, viewer: Viewer, audience: Audience, asleepUserId: string, night: Day, answers: DiaryAnswers, nowMs = Date.now()): Promise<SaveDiaryResult> {
  if (!canSee(audience, asleepUserId)) return { ok: false, reason: "not-found" };
  if (!mayWrite(viewer, asleepUserId)) return { ok: false, reason: "forbidden" };
  const zone = await sleeperZone(db, asleepUserId);
  if (!diaryOpen(night, zone, nowMs)) {
    const today = diaryNightOf(nowMs, zone);
    const message =
      night < today
        ? `The diary for the night of ${night} could be filled in or changed until the end of ${addDays(night, 1)} (${zone}); that day is over.`
        : `The night of ${night} has not ended yet: its diary opens on the morning of ${addDays(night, 1)} (${zone}).`;
    return { ok: false, reason: "closed", message };
  }
  const problems = diaryProblems(night, zone, answers);
  if (problems.length > 0) return { ok: false, reason: "invalid", issues: problems.map((p) => ({ path: p.path, message: p.message })) };
  const t = diaryInstants(night, zone, answers);
  const data = {
    zone,
    intoBed: new Date(t.intoBedMs),
    triedToSleep: new Date(t.triedToSleepMs),
    sleepOnsetMinutes: answers.sleepOnsetMinutes,
    awakenings: answers.awakenings,
    awakeMinutes: answers.awakeMinutes,
    finalAwakening: new Date(t.finalAwakeningMs),
    outOfBed: new Date(t.outOfBedMs),
    quality: answers.quality,
    rested: answers.rested,
    comments: answers.comments,
  };
  const key = { asleepUserId, night: new Date(`${night}T00:00:00Z`) };
  const row = await db.sleepDiary.upsert({ where: { asleepUserId_night: key }, create: { ...key, ...data }, update: { ...data, updatedAt: new Date() } });
  return { ok: true, entry: recordOf(row) };
}

/** The sleeper's entries for nights `from` to `to` (both included), newest first. */
async function entriesBetween(db: Db, asleepUserId: string, from: Day, to: Day): Promise<DiaryRecord[]> {
  const rows = await db.sleepDiary.findMany({
    where: { asleepUserId, night: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) } },
    orderBy: { night: "desc" },
  });
  return rows.map(recordOf);
}

export interface DiaryComparisonOf extends DiaryComparison {
  from: Day;
  to: Day;
  entries: DiaryRecord[];
}

/**
 * Reported against measured for the nights `from` to `to` (the patient page's last 30; the study
 * report's window): the diary entries and the complete nights dated in it. Null if not visible.
 */
export async function diaryComparison(db: Db, audience: Audience, asleepUserId: string, range: { from: Day; to: Day }): Promise<DiaryComparisonOf | null> {
  if (!canSee(audience, asleepUserId)) return null;
  const entries = await entriesBetween(db, asleepUserId, range.from, range.to);
  // Complete nights newest first; enough to cover the range (at most a few a day).
  const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000) + 1;
  const nights = (await completeNightsOf(db, audience, asleepUserId, Math.min(3 * days + 10, 1000))) ?? [];
  const measured: MeasuredNight[] = [];
  for (const n of nights) {
    if (!n.startTime) continue;
    const night = sleepDay(Date.parse(n.startTime), n.zone?.name ?? "UTC");
    if (night < range.from || night > range.to) continue;
    measured.push({ night, sessionId: n.id, ...measuredFigures(nightReport(n.sleepStages, n.snoringStages, n.stagePlan)) });
  }
  const asEntries: DiaryEntry[] = entries.map((e) => ({ night: e.night, zone: e.zone, answers: e }));
  return { from: range.from, to: range.to, entries, ...compareDiary(asEntries, measured) };
}
