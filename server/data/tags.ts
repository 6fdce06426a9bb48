// Night tags (lib/sleep/tags.ts): only the night's own sleeper tags it; whoever may see the night
// (its clinicians, admins) reads its tags. Access is decided here, next to the queries: a night the
// viewer may not see is not found; one they may see but not tag is refused.

import { z } from "zod";
import { storableString } from "@/lib/text/storable";
import { canonicalTags, MAX_TAGS_PER_NIGHT, tagChoices, tagProblem, tidyTag } from "@/lib/sleep/tags";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { canSee, sessionsVisibleTo, type Audience } from "./access";

/** One tag as sent: any text that is still a tag once tidied (trimmed, spaces collapsed). */
export const nightTagSchema = storableString()
  .transform(tidyTag)
  .superRefine((tag, ctx) => {
    const problem = tagProblem(tag);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** PUT /api/sessions/{id}/tags: the night's whole set of tags (an empty list clears them). */
export const nightTagsBodySchema = z.object({ tags: z.array(nightTagSchema).max(MAX_TAGS_PER_NIGHT, `a night has at most ${MAX_TAGS_PER_NIGHT} tags`) }).strict();

export interface NightTags {
  sessionId: string;
  /** In the order they were added. */
  tags: string[];
  /** Whether this viewer may change them (the night's own sleeper). */
  editable: boolean;
  /** What a picker offers (the presets and the sleeper's own earlier tags); empty when not editable. */
  choices: string[];
}

const mayTag = (viewer: Viewer, nightUserId: string) => viewer.role === "patient" && viewer.asleepUserId === nightUserId;

/** The client or a transaction of it: tags are read in and out of setNightTags's transaction. */
type Reader = Db | Prisma.TransactionClient;

/**
 * The sleeper's own tags on any of their nights, newest use first, each once (presets included). Every
 * tag they ever used, however long ago: one row per spelling, not per use, so none falls off the picker.
 */
export async function ownTags(db: Reader, asleepUserId: string): Promise<string[]> {
  const rows = await db.nightTag.groupBy({
    by: ["tag"],
    where: { session: { userId: asleepUserId } },
    _max: { addedAt: true },
    orderBy: [{ _max: { addedAt: "desc" } }, { tag: "asc" }],
  });
  return canonicalTags(rows.map((r) => r.tag));
}

/** A night's tags, or null when the night does not exist or the audience may not see it. */
export async function nightTags(db: Reader, viewer: Viewer, audience: Audience, sessionId: string): Promise<NightTags | null> {
  const night = await db.sleepSession.findFirst({
    where: { AND: [{ id: sessionId }, sessionsVisibleTo(audience)] },
    select: { userId: true, tags: { orderBy: [{ addedAt: "asc" }, { tag: "asc" }], select: { tag: true } } },
  });
  if (!night) return null;
  const editable = mayTag(viewer, night.userId);
  return { sessionId, tags: night.tags.map((t) => t.tag), editable, choices: editable ? tagChoices(await ownTags(db, night.userId)) : [] };
}

export type SetTagsResult = { ok: true; tags: NightTags } | { ok: false; reason: "not-found" | "forbidden" };

/**
 * Replaces a night's tags with `tags` (tidied by nightTagSchema): tags kept keep their time, new ones
 * are stamped now with the sleeper's account. Spelled as the sleeper spelled them before, case ignored.
 * One whole set at a time per night: the replacement holds the night's row lock, so two sets sent at
 * once are applied one after the other (the later one stays), never merged past the limit.
 */
export async function setNightTags(db: Db, viewer: Viewer, audience: Audience, sessionId: string, tags: readonly string[]): Promise<SetTagsResult> {
  const night = await db.sleepSession.findFirst({ where: { AND: [{ id: sessionId }, sessionsVisibleTo(audience)] }, select: { userId: true } });
  if (!night) return { ok: false, reason: "not-found" };
  if (!mayTag(viewer, night.userId)) return { ok: false, reason: "forbidden" };
  return db.$transaction(async (tx) => {
    // FOR NO KEY UPDATE: another replacement of this night's tags waits here; ingest's inserts that
    // reference the night (inferences) do not.
    await tx.$queryRaw`SELECT 1 FROM sleep_session WHERE id = ${sessionId} FOR NO KEY UPDATE`;
    const wanted = canonicalTags(tags, await ownTags(tx, night.userId));
    const now = Date.now();
    await tx.nightTag.deleteMany({ where: { sessionId, tag: { notIn: wanted } } });
    // A millisecond apart, so the night's tags list in the order the sleeper gave them.
    await tx.nightTag.createMany({ data: wanted.map((tag, i) => ({ sessionId, tag, addedBy: viewer.accountId, addedAt: new Date(now + i) })), skipDuplicates: true });
    return { ok: true as const, tags: (await nightTags(tx, viewer, audience, sessionId))! };
  });
}

/**
 * The tags of each of these nights (in the order added), for lists that already hold only nights the
 * viewer may see (the board, the period report); a night without tags maps to an empty list.
 */
export async function tagsForNights(db: Db, nightIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(nightIds.map((id) => [id, []]));
  if (nightIds.length === 0) return result;
  const rows = await db.nightTag.findMany({
    where: { sessionId: { in: [...new Set(nightIds)] } },
    orderBy: [{ addedAt: "asc" }, { tag: "asc" }],
    select: { sessionId: true, tag: true },
  });
  for (const r of rows) result.get(r.sessionId)!.push(r.tag);
  return result;
}

/** The tags of a patient's nights, if the audience may see the patient (null otherwise). */
export async function tagsOfPatientNights(db: Db, audience: Audience, asleepUserId: string, nightIds: string[]): Promise<Map<string, string[]> | null> {
  if (!canSee(audience, asleepUserId)) return null;
  const own = await db.sleepSession.findMany({ where: { userId: asleepUserId, id: { in: nightIds } }, select: { id: true } });
  return tagsForNights(db, own.map((n) => n.id));
}

