// The edge of the Asleep webhook: zod schemas for both payload shapes (flat, and the `data` envelope of
// Asleep's official docs) and versions V1–V3, normalised once into `AsleepDelivery`. Nothing past this
// file looks at raw payloads.

import { parseISO } from "date-fns";
import { tz } from "@date-fns/tz";
import { z } from "zod";
import { normaliseZone, zoneAsSent } from "@/lib/time/zone";
import { unstorableTextProblem } from "@/lib/text/storable";
import { EPOCH_SECONDS, EPOCHS_PER_INFERENCE, MAX_INFERENCE_SEQ_NUM, MAX_NIGHT_EPOCHS } from "@/lib/sleep/stages";

/** 36 hours of 30-second epochs: longer than any night Asleep records (the bound on every time field). */
export const MAX_EPOCHS = MAX_NIGHT_EPOCHS;
const MAX_NIGHT_MS = MAX_NIGHT_EPOCHS * EPOCH_SECONDS * 1000;
/** Deeper JSON than any Asleep payload; deeper still would hit recursion limits in PostgreSQL's jsonb. */
export const MAX_JSON_DEPTH = 32;
export const KNOWN_EVENTS = ["INFERENCE_COMPLETE", "SESSION_COMPLETE"] as const;

const asleepVersion = z.enum(["V1", "V2", "V3"], { error: 'version must be "V1", "V2" or "V3"' });
// "." and ".." are the only ids no URL can reach (every URL parser resolves them as dot segments), so
// their night would be stored with no page to open it on.
const asleepId = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .refine((id) => id !== "." && id !== "..", 'must not be "." or ".." (no page could show it)');
const tooLong = `longer than the longest night accepted (${MAX_NIGHT_EPOCHS} epochs of 30 s, 36 hours)`;
const sleepStageValues = z
  .array(z.number().int().min(-1).max(3), { error: "must be an array of sleep stages (-1, 0, 1, 2, 3)" })
  .max(MAX_NIGHT_EPOCHS, `is ${tooLong}`);
const snoringStageValues = z
  .array(z.number().int().min(-1).max(1), { error: "must be an array of snoring values (0, 1)" })
  .max(MAX_NIGHT_EPOCHS, `is ${tooLong}`);

/**
 * A time Asleep sends for information (when it sent, a window's edges, a night's start and end): any
 * ISO 8601 form (`Z`, `+09:00`, `+0900`, `+09`, no seconds, fractions, basic format) is read. Anything
 * else is treated as absent rather than costing the delivery (the sender does not retry a 400, so the
 * night would be lost for good): a string that is not a time, a non-string (a number, an object), a
 * time outside [EARLIEST_INFORMATIONAL_TIME, LATEST_INFORMATIONAL_TIME) (PostgreSQL refuses year 0 and
 * years past 9999 as Prisma writes them, and no night is recorded before 1970 or after 2200). A time
 * without a zone is read in the night's `timezone` when the payload names one, else treated as absent:
 * guessing UTC would misplace the night by hours. The raw value stays in the audit log and the stored
 * `session`.
 */
const informationalTime = z.unknown().optional();
const HAS_ZONE = /\d[T ]\d{2}.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
/** 1970-01-01T00:00:00Z, inclusive: the earliest informational time read. */
export const EARLIEST_INFORMATIONAL_TIME = Date.UTC(1970, 0, 1);
/** 2200-01-01T00:00:00Z, exclusive: the latest. */
export const LATEST_INFORMATIONAL_TIME = Date.UTC(2200, 0, 1);

export function readInformationalTime(value: unknown, zone?: unknown): Date | null {
  if (typeof value !== "string" || value.length > 64) return null;
  const text = value.trim();
  if (!text) return null;
  let date: Date;
  const normal = typeof zone === "string" && zone ? normaliseZone(zone) : null;
  if (HAS_ZONE.test(text)) date = parseISO(text);
  else if (normal) date = new Date(+parseISO(text, { in: tz(normal) }));
  else return null;
  const ms = date.getTime();
  return Number.isNaN(ms) || ms < EARLIEST_INFORMATIONAL_TIME || ms >= LATEST_INFORMATIONAL_TIME ? null : date;
}

/**
 * Two informational times that should bound at most one night: both kept when `end` is not before
 * `start` and at most 36 hours after it; otherwise `end` is dropped (the start dates the night; an end
 * contradicting it cannot be trusted, and refusing would lose the night).
 */
export function consistentTimes(start: Date | null, end: Date | null): { start: Date | null; end: Date | null } {
  if (start && end && (end < start || end.getTime() - start.getTime() > MAX_NIGHT_MS)) return { start, end: null };
  return { start, end };
}

const commonFields = {
  version: asleepVersion.nullish(),
  timestamp: informationalTime.nullish(),
  user_id: asleepId.nullish(),
  session_id: asleepId.nullish(),
};

const inferenceCompletePayload = z
  .object({
    ...commonFields,
    event: z.literal("INFERENCE_COMPLETE"),
    // Both place the epochs in the night, so both are bounded by the longest night: a block past it
    // would make the night grow without bound (seq_num counts 30-second uploads).
    seq_num: z.number().int().min(0).max(MAX_NIGHT_EPOCHS - 1, `must be at most ${MAX_NIGHT_EPOCHS - 1}: a later upload is ${tooLong}`).nullish(),
    inference_seq_num: z
      .number()
      .int()
      .min(0)
      .max(MAX_INFERENCE_SEQ_NUM, `must be at most ${MAX_INFERENCE_SEQ_NUM}: a later 5-minute block is ${tooLong}`)
      .nullish(),
    sleep_stages: sleepStageValues.min(1, "must hold at least one epoch"),
    snoring_stages: snoringStageValues.nullish(),
    // Informational (breathing stability); stored as PostgreSQL smallint, so bounded to what it holds.
    breath_stages: z.array(z.number().int().min(-32768).max(32767), { error: "must be an array of small integers" }).max(MAX_NIGHT_EPOCHS, `is ${tooLong}`).nullish(),
    // Informational (it only dates the night while it is open): any shape is read leniently (readTimeWindow).
    time_window: z.unknown().optional(),
  })
  .superRefine((p, ctx) => {
    if (p.session_id == null) ctx.addIssue({ code: "custom", path: ["session_id"], message: "is required" });
    if (p.inference_seq_num == null && p.seq_num == null) {
      ctx.addIssue({ code: "custom", path: ["inference_seq_num"], message: "is required (or seq_num) to place the epochs in the night" });
    }
    if (p.snoring_stages && p.snoring_stages.length > 0 && p.snoring_stages.length !== p.sleep_stages.length) {
      ctx.addIssue({ code: "custom", path: ["snoring_stages"], message: "must have one value per epoch of sleep_stages" });
    }
  });

const sessionObject = z.looseObject({
  id: asleepId.nullish(),
  state: z.string().max(32).nullish(),
  start_time: informationalTime.nullish(),
  end_time: informationalTime.nullish(),
  // Informational: one that is not a zone the app can draw times in is left out (kept in `session`).
  timezone: z.unknown().optional(),
  sleep_stages: sleepStageValues.nullish(),
  snoring_stages: snoringStageValues.nullish(),
});

const sessionCompletePayload = z
  .object({
    ...commonFields,
    event: z.literal("SESSION_COMPLETE"),
    session: sessionObject.nullish(),
    stat: z.record(z.string(), z.unknown(), { error: "must be an object" }).nullish(),
    peculiarities: z.array(z.string().max(64)).max(64).nullish(),
    missing_data_ratio: z.number().min(0).max(1).nullish(),
    // Asleep's webhook example (and Get Session) gives the zone beside `session`, not inside it.
    timezone: z.unknown().optional(),
  })
  .superRefine((p, ctx) => {
    const fromSession = p.session?.id;
    if (p.session_id == null && fromSession == null) {
      ctx.addIssue({ code: "custom", path: ["session_id"], message: "is required (or session.id)" });
    } else if (p.session_id != null && fromSession != null && p.session_id !== fromSession) {
      ctx.addIssue({ code: "custom", path: ["session", "id"], message: "differs from session_id" });
    }
    const stages = p.session?.sleep_stages;
    const snoring = p.session?.snoring_stages;
    if (stages && snoring && snoring.length > 0 && snoring.length !== stages.length) {
      ctx.addIssue({ code: "custom", path: ["session", "snoring_stages"], message: "must have one value per epoch of sleep_stages" });
    }
  });

const unknownEventPayload = z.looseObject({
  ...commonFields,
  event: z.string().min(1).max(64),
});

const eventField = z.object({
  event: z.string({ error: "is required and must be a string" }).min(1, "is required").max(64),
});

export type AsleepVersion = z.infer<typeof asleepVersion>;

interface DeliveryCommon {
  version: AsleepVersion | null;
  shape: "flat" | "envelope";
  spelling: DeliverySpelling;
  userId: string;
  sessionId: string;
  /** When Asleep says it sent this (`timestamp`), if it did. */
  sentAt: Date | null;
}

export interface InferenceDelivery extends DeliveryCommon {
  event: "INFERENCE_COMPLETE";
  inferenceSeqNum: number;
  seqNum: number | null;
  sleepStages: number[];
  snoringStages: number[];
  breathStages: number[];
  timeWindow: { start: Date; end: Date } | null;
}

export interface SessionCompleteDelivery extends DeliveryCommon {
  event: "SESSION_COMPLETE";
  startTime: Date | null;
  endTime: Date | null;
  timezone: string | null;
  /** The final timeline, or null when the payload carried none. */
  final: { sleepStages: number[]; snoringStages: number[] } | null;
  /** The `session` object exactly as sent. */
  sessionPayload: Record<string, unknown> | null;
  stat: Record<string, unknown> | null;
  peculiarities: string[];
  missingDataRatio: number | null;
}

export interface UnknownEventDelivery extends Omit<DeliveryCommon, "sessionId"> {
  event: "UNKNOWN";
  eventName: string;
  sessionId: string | null;
}

export type AsleepDelivery = InferenceDelivery | SessionCompleteDelivery | UnknownEventDelivery;

export interface PayloadIssue {
  /** Where the problem is, as the sender wrote it: `data.sleep_stages.3`, `headers.x-user-id`. */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; delivery: AsleepDelivery } | { ok: false; issues: PayloadIssue[] };

/**
 * Validates one webhook body (already JSON-parsed) and its `x-user-id` header, and normalises it.
 * The header is required and must equal the body's user id when the body has one.
 */
export function parseAsleepWebhook(body: unknown, userIdHeader: string | null): ParseResult {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, issues: [{ path: "", message: "body must be a JSON object" }] };
  }
  const unstorable = findUnstorableValue(body);
  if (unstorable) return { ok: false, issues: [unstorable] };
  const { fields, shape, spelling, sentAt, dataName, issues: spellingIssues } = flattenEnvelope(body as Record<string, unknown>);
  // An issue is named where the sender wrote the field: inside `data` (or `callback_data`, or
  // `sleep_data`), beside it, or under the alias it was sent as (`stage_list`).
  const prefix = (path: PropertyKey[]) => {
    const [head, ...rest] = path.map(String);
    const sent = head === undefined ? "" : (sentAt.get(head) ?? (shape === "envelope" ? `${dataName}.${head}` : head));
    return [sent, ...rest].filter((p) => p !== "").join(".");
  };
  const toIssues = (error: z.ZodError): PayloadIssue[] =>
    error.issues.map((issue) => ({ path: prefix(issue.path), message: issue.message }));

  const issues: PayloadIssue[] = [...spellingIssues];
  const headerUserId = asleepId.safeParse(userIdHeader ?? "");
  if (!headerUserId.success) issues.push({ path: "headers.x-user-id", message: "header is required" });

  const eventCheck = eventField.safeParse(fields);
  if (!eventCheck.success) return { ok: false, issues: [...issues, ...toIssues(eventCheck.error)] };
  const event = eventCheck.data.event;

  const schema =
    event === "INFERENCE_COMPLETE" ? inferenceCompletePayload : event === "SESSION_COMPLETE" ? sessionCompletePayload : unknownEventPayload;
  const parsed = schema.safeParse(fields);
  if (!parsed.success) issues.push(...toIssues(parsed.error));
  if (!parsed.success || !headerUserId.success || issues.length > 0) return { ok: false, issues };

  const payload = parsed.data;
  const userId = headerUserId.data;
  if (payload.user_id != null && payload.user_id !== userId) {
    return { ok: false, issues: [{ path: prefix(["user_id"]), message: "differs from the x-user-id header" }] };
  }
  const common = {
    version: payload.version ?? null,
    shape,
    spelling,
    userId,
    sentAt: readInformationalTime(payload.timestamp),
  };

  if (payload.event === "INFERENCE_COMPLETE") {
    const p = payload as z.infer<typeof inferenceCompletePayload>;
    return {
      ok: true,
      delivery: {
        ...common,
        event: "INFERENCE_COMPLETE",
        sessionId: p.session_id!,
        // seq_num counts 30-second uploads; without inference_seq_num it still names the 5-minute block.
        inferenceSeqNum: p.inference_seq_num ?? Math.floor(p.seq_num! / EPOCHS_PER_INFERENCE),
        seqNum: p.seq_num ?? null,
        sleepStages: p.sleep_stages,
        snoringStages: p.snoring_stages ?? [],
        breathStages: p.breath_stages ?? [],
        timeWindow: readTimeWindow(p.time_window),
      },
    };
  }
  if (payload.event === "SESSION_COMPLETE") {
    const p = payload as z.infer<typeof sessionCompletePayload>;
    const session = p.session ?? null;
    const zone = session?.timezone ?? p.timezone;
    const times = consistentTimes(readInformationalTime(session?.start_time, zone), readInformationalTime(session?.end_time, zone));
    return {
      ok: true,
      delivery: {
        ...common,
        event: "SESSION_COMPLETE",
        sessionId: p.session_id ?? session!.id!,
        startTime: times.start,
        endTime: times.end,
        // Kept as sent when Node and PostgreSQL both read it so (an IANA name or a fixed offset,
        // lib/time/zone.ts zoneAsSent); an alias PostgreSQL cannot read becomes its equivalent ("CTT" →
        // "Asia/Shanghai"); anything else is left out (kept in `session`): the night is still stored,
        // and drawn and dated in the best zone known (the account's, else the previous night's).
        timezone: typeof zone === "string" && zone.length <= 64 ? zoneAsSent(zone) : null,
        // An empty timeline is no timeline: the night keeps (and goes on taking) the inferences' epochs.
        final: session?.sleep_stages?.length ? { sleepStages: session.sleep_stages, snoringStages: session.snoring_stages ?? [] } : null,
        sessionPayload: session,
        stat: p.stat ?? null,
        peculiarities: p.peculiarities ?? [],
        missingDataRatio: p.missing_data_ratio ?? null,
      },
    };
  }
  return {
    ok: true,
    delivery: { ...common, event: "UNKNOWN", eventName: event, sessionId: payload.session_id ?? null },
  };
}

/**
 * A window is kept only whole and consistent: an object whose `start` and `end` are both readable times,
 * ending at or after its start and within 36 hours of it. Anything else (`{}`, nulls, one edge, numbers,
 * a string, edges that contradict each other) is treated as absent: the block is still stored.
 */
export function readTimeWindow(window: unknown): { start: Date; end: Date } | null {
  if (typeof window !== "object" || window === null || Array.isArray(window)) return null;
  const edges = window as { start?: unknown; end?: unknown };
  const { start, end } = consistentTimes(readInformationalTime(edges.start), readInformationalTime(edges.end));
  return start && end ? { start, end } : null;
}

/** Identity fields that may stand both outside and inside the envelope: they must agree. */
const ENVELOPE_IDENTITY = ["user_id", "session_id"] as const;

/**
 * The documented spellings of the body (docs/ASLEEP.md). Asleep's webhook page names the body
 * `callback_event`, `callback_version`, `callback_data` in its field table but `event`, `version`, `data`
 * in its example; the v1/v2 callback pages use the `callback_*` names. Each shape is checked by its own
 * schema, then renamed to the one form the rest of this file reads.
 */
const callbackEnvelope = z.looseObject({
  callback_event: z.unknown(),
  callback_version: z.unknown().optional(),
  callback_data: z.unknown().optional(),
});
const CALLBACK_NAMES = { callback_event: "event", callback_version: "version", callback_data: "data" } as const;
/**
 * Inside the data: the field table's `stage_list` is the example's `sleep_stages`; the v1/v2 callback
 * pages wrap SESSION_COMPLETE's report (the Get Session `result`: `session`, `stat`, `peculiarities`,
 * `missing_data_ratio`, `timezone`) in `sleep_data` beside `user_id` and `session_id`.
 */
const sleepDataWrapper = z.looseObject({ sleep_data: z.record(z.string(), z.unknown(), { error: "must be an object" }) });
const INNER_ALIASES = { stage_list: "sleep_stages" } as const;

/** Which documented spelling a delivery used (kept as the night's provenance). */
export interface DeliverySpelling {
  /** `event`/`version`/`data` (Asleep's examples, and flat bodies) or `callback_event`/`callback_version`/`callback_data`. */
  names: "event" | "callback";
  /** Documented alternative names met inside the data: `stage_list`, `sleep_data`. */
  aliases: Array<"stage_list" | "sleep_data">;
}

interface Flattened {
  fields: Record<string, unknown>;
  shape: "flat" | "envelope";
  spelling: DeliverySpelling;
  /** Where each top-level field of `fields` stood in the body as sent (`callback_data.stage_list`). */
  sentAt: Map<string, string>;
  /** The envelope's data as the sender named it: `data` or `callback_data`. */
  dataName: string;
  issues: PayloadIssue[];
}

const present = (value: unknown) => value !== undefined && value !== null;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Any documented spelling → one flat object. First the `callback_*` names become `event`, `version`,
 * `data`; then `{event, version, data: {...}}` is read as one flat object (a flat body passes through);
 * then `stage_list` becomes `sleep_stages` and `sleep_data`'s fields stand beside the rest. A field given
 * in two spellings with different values is an issue named where the sender wrote the alias (the
 * caller answers 400): guessing which one Asleep meant could store the wrong night.
 *
 * A body is an envelope whenever its `data` is an object, whatever else stands beside it (an outer
 * `session_id` or `user_id` too): reading it as flat would drop `data`, so a report would be stored
 * empty and its real delivery later refused as a duplicate. An identity field the envelope and its
 * `data` both carry with different values is a conflict named `data.<field>`; one carried on one side
 * only is taken from there. Other fields: `data`'s, except where the envelope gives a value (event,
 * version, timestamp).
 */
function flattenEnvelope(raw: Record<string, unknown>): Flattened {
  const issues: PayloadIssue[] = [];
  const spelling: DeliverySpelling = { names: "event", aliases: [] };
  const outerSent = new Map<string, string>();
  let body = raw;
  if (callbackEnvelope.safeParse(raw).success && (present(raw.callback_event) || present(raw.callback_data))) {
    spelling.names = "callback";
    body = { ...raw };
    for (const [alias, name] of Object.entries(CALLBACK_NAMES)) {
      if (!(alias in body)) continue;
      const value = body[alias];
      delete body[alias];
      if (present(body[name]) && present(value) && !same(body[name], value)) {
        issues.push({ path: alias, message: `differs from ${name}` });
        continue;
      }
      if (present(value) || !present(body[name])) {
        body[name] = value;
        outerSent.set(name, alias);
      }
    }
  }
  const dataName = outerSent.get("data") ?? "data";
  const data = body.data;
  let fields: Record<string, unknown>;
  let shape: "flat" | "envelope";
  const sentAt = new Map<string, string>();
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    shape = "flat";
    fields = body;
    for (const key of Object.keys(body)) sentAt.set(key, outerSent.get(key) ?? key);
  } else {
    shape = "envelope";
    const { data: _data, ...outerFields } = body;
    const inner = data as Record<string, unknown>;
    const conflicts = ENVELOPE_IDENTITY.filter((f) => outerFields[f] != null && inner[f] != null && outerFields[f] !== inner[f]);
    for (const field of conflicts) issues.push({ path: `${dataName}.${field}`, message: `differs from the envelope's ${field}` });
    fields = { ...inner };
    for (const key of Object.keys(inner)) sentAt.set(key, `${dataName}.${key}`);
    for (const [key, value] of Object.entries(outerFields)) {
      // A null outside does not hide data's value (`{"session_id": null, "data": {"session_id": "s"}}`).
      // A conflict is reported once, as data's: the rest is checked against data's value.
      if ((value == null && inner[key] != null) || (conflicts as string[]).includes(key)) continue;
      fields[key] = value;
      sentAt.set(key, outerSent.get(key) ?? key);
    }
  }
  const wrapped = sleepDataWrapper.safeParse(fields);
  if (wrapped.success) {
    spelling.aliases.push("sleep_data");
    const where = sentAt.get("sleep_data") ?? "sleep_data";
    const { sleep_data: report, ...rest } = fields;
    fields = { ...rest };
    for (const [key, value] of Object.entries(wrapped.data.sleep_data)) {
      if (present(fields[key]) && present(value) && !same(fields[key], value)) {
        issues.push({ path: `${where}.${key}`, message: `differs from ${sentAt.get(key) ?? key}` });
        continue;
      }
      if (present(value) || !present(fields[key])) {
        fields[key] = value;
        sentAt.set(key, `${where}.${key}`);
      }
    }
    void report;
  }
  for (const [alias, name] of Object.entries(INNER_ALIASES)) {
    if (!(alias in fields)) continue;
    const where = sentAt.get(alias) ?? alias;
    const value = fields[alias];
    fields = { ...fields };
    delete fields[alias];
    if (present(value)) spelling.aliases.push(alias as "stage_list");
    if (present(fields[name]) && present(value) && !same(fields[name], value)) {
      issues.push({ path: where, message: `differs from ${sentAt.get(name) ?? name}` });
      continue;
    }
    if (present(value) || !present(fields[name])) {
      fields[name] = value;
      sentAt.set(name, where);
    }
  }
  return { fields, shape, spelling, sentAt, dataName, issues };
}

/**
 * Values no database write can ever take, wherever they stand in the body (the whole body is kept in the
 * audit log as jsonb): U+0000 and lone UTF-16 surrogates in any string or key (PostgreSQL's text and
 * jsonb refuse both), numbers JSON read as infinite, and nesting deeper than MAX_JSON_DEPTH. Refused
 * with a 400 naming the first such place, as the sender wrote it, rather than a 503 the sender would
 * retry for ever. Iterative, so no body can exhaust the stack here.
 */
export function findUnstorableValue(body: unknown): PayloadIssue | null {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value: body, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    const where = path.join(".");
    if (typeof value === "string") {
      const issue = unstorableString(value);
      if (issue) return { path: where, message: issue };
    } else if (typeof value === "number") {
      if (!Number.isFinite(value)) return { path: where, message: "is a number too large to store" };
    } else if (typeof value === "object" && value !== null) {
      if (path.length >= MAX_JSON_DEPTH) return { path: where, message: `is nested deeper than ${MAX_JSON_DEPTH} levels` };
      for (const [key, child] of Object.entries(value)) {
        const issue = unstorableString(key);
        if (issue) return { path: [...path, key].join("."), message: `its name ${issue}` };
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return null;
}

const unstorableString = unstorableTextProblem;
