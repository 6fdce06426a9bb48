// The edge of the Asleep webhook: zod schemas for both payload shapes (flat, and the `data` envelope of
// Asleep's official docs) and versions V1–V3, normalised once into `AsleepDelivery`. Nothing past this
// file looks at raw payloads.

import { z } from "zod";
import { EPOCHS_PER_INFERENCE } from "@/lib/sleep/stages";

/** 36 hours of 30-second epochs: longer than any night Asleep records. */
export const MAX_EPOCHS = 4320;
export const KNOWN_EVENTS = ["INFERENCE_COMPLETE", "SESSION_COMPLETE"] as const;

const asleepVersion = z.enum(["V1", "V2", "V3"], { error: 'version must be "V1", "V2" or "V3"' });
const asleepId = z.string().trim().min(1, "must not be empty").max(128, "must be at most 128 characters");
const isoTimestamp = z.iso.datetime({ offset: true, error: "must be an ISO 8601 timestamp with a zone, e.g. 2024-01-21T06:15:00Z" });
const sleepStageValues = z
  .array(z.number().int().min(-1).max(3), { error: "must be an array of sleep stages (-1, 0, 1, 2, 3)" })
  .max(MAX_EPOCHS);
const snoringStageValues = z
  .array(z.number().int().min(-1).max(1), { error: "must be an array of snoring values (0, 1)" })
  .max(MAX_EPOCHS);

const commonFields = {
  version: asleepVersion.nullish(),
  timestamp: isoTimestamp.nullish(),
  user_id: asleepId.nullish(),
  session_id: asleepId.nullish(),
};

const inferenceCompletePayload = z
  .object({
    ...commonFields,
    event: z.literal("INFERENCE_COMPLETE"),
    seq_num: z.number().int().min(0).nullish(),
    inference_seq_num: z.number().int().min(0).max(MAX_EPOCHS / EPOCHS_PER_INFERENCE).nullish(),
    sleep_stages: sleepStageValues.min(1, "must hold at least one epoch"),
    snoring_stages: snoringStageValues.nullish(),
    breath_stages: z.array(z.number().int()).max(MAX_EPOCHS).nullish(),
    time_window: z.object({ start: isoTimestamp, end: isoTimestamp }).nullish(),
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
  start_time: isoTimestamp.nullish(),
  end_time: isoTimestamp.nullish(),
  timezone: z.string().max(64).nullish(),
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
  const { fields, shape } = flattenEnvelope(body as Record<string, unknown>);
  const prefix = (path: PropertyKey[]) => {
    const joined = path.map(String).join(".");
    const top = String(path[0] ?? "");
    return shape === "envelope" && !["event", "version", "timestamp"].includes(top) ? `data.${joined}` : joined;
  };
  const toIssues = (error: z.ZodError): PayloadIssue[] =>
    error.issues.map((issue) => ({ path: prefix(issue.path), message: issue.message }));

  const issues: PayloadIssue[] = [];
  const headerUserId = asleepId.safeParse(userIdHeader ?? "");
  if (!headerUserId.success) issues.push({ path: "headers.x-user-id", message: "header is required" });

  const eventCheck = eventField.safeParse(fields);
  if (!eventCheck.success) return { ok: false, issues: [...issues, ...toIssues(eventCheck.error)] };
  const event = eventCheck.data.event;

  const schema =
    event === "INFERENCE_COMPLETE" ? inferenceCompletePayload : event === "SESSION_COMPLETE" ? sessionCompletePayload : unknownEventPayload;
  const parsed = schema.safeParse(fields);
  if (!parsed.success) issues.push(...toIssues(parsed.error));
  if (!parsed.success || !headerUserId.success) return { ok: false, issues };

  const payload = parsed.data;
  const userId = headerUserId.data;
  if (payload.user_id != null && payload.user_id !== userId) {
    return { ok: false, issues: [{ path: prefix(["user_id"]), message: "differs from the x-user-id header" }] };
  }
  const common = {
    version: payload.version ?? null,
    shape,
    userId,
    sentAt: payload.timestamp ? new Date(payload.timestamp) : null,
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
        timeWindow: p.time_window ? { start: new Date(p.time_window.start), end: new Date(p.time_window.end) } : null,
      },
    };
  }
  if (payload.event === "SESSION_COMPLETE") {
    const p = payload as z.infer<typeof sessionCompletePayload>;
    const session = p.session ?? null;
    return {
      ok: true,
      delivery: {
        ...common,
        event: "SESSION_COMPLETE",
        sessionId: p.session_id ?? session!.id!,
        startTime: session?.start_time ? new Date(session.start_time) : null,
        endTime: session?.end_time ? new Date(session.end_time) : null,
        timezone: session?.timezone ?? null,
        final: session?.sleep_stages ? { sleepStages: session.sleep_stages, snoringStages: session.snoring_stages ?? [] } : null,
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

/** `{event, version, data: {...}}` → one flat object; a flat body passes through. */
function flattenEnvelope(body: Record<string, unknown>): { fields: Record<string, unknown>; shape: "flat" | "envelope" } {
  const data = body.data;
  if (typeof data === "object" && data !== null && !Array.isArray(data) && body.session_id === undefined) {
    const { data: _data, ...outer } = body;
    return { fields: { ...(data as Record<string, unknown>), ...outer }, shape: "envelope" };
  }
  return { fields: body, shape: "flat" };
}
