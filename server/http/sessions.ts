// The edge of the night routes (/api/sessions...): the list's query, and the answers' schemas, which
// the routes' answers are checked against (answerOf) and the OpenAPI document publishes.

import { z } from "zod";
import { instantParam } from "@/lib/time/range";
import { sessionCursor } from "../data/sessions";
import { instant, pagedAnswer } from "./api-schema";
import { idParam } from "./parse-request";

/** GET /api/sessions?userId=&state=&from=&to=&limit=&before= */
export const sessionListQuery = z.object({
  userId: idParam.optional(),
  state: z.enum(["OPEN", "COMPLETE", "INCOMPLETE"]).optional(),
  from: instantParam.optional(),
  to: instantParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: sessionCursor.optional(),
});

/** The zone the pages draw a night in, and where it came from (docs/TIMES-AND-ZONES.md). */
export const zoneAnswer = z.object({ name: z.string(), source: z.enum(["night", "account", "previous-night"]) });

/** One night as the list shows it. */
export const sessionSummaryAnswer = z.object({
  id: z.string(),
  userId: z.string(),
  state: z.enum(["OPEN", "COMPLETE", "INCOMPLETE"]),
  startTime: instant.nullable(),
  endTime: instant.nullable(),
  timezone: z.string().nullable(),
  zone: zoneAnswer.nullable(),
  lastInferenceSeqNum: z.number().int().nullable(),
  updatedAt: instant,
  lastDeliveryAt: instant.nullable(),
  stale: z.boolean(),
  asleepUnreachableSince: instant.nullable(),
  asleepHasNoRecord: z.boolean(),
  /** Only for a closed night without an end time: the epochs recorded, which date its end. */
  epochs: z.number().int().optional(),
  incompleteReason: z.enum(["ASLEEP_UNREACHABLE", "NOTHING_MORE", "NOT_ASKED"]).nullable(),
});

/** GET /api/sessions */
export const sessionListAnswer = pagedAnswer("sessions", sessionSummaryAnswer);

/** GET /api/sessions/{id}: the whole night as merged so far (docs/API.md). */
export const sessionDetailAnswer = sessionSummaryAnswer.extend({
  cadenceMs: z.number(),
  epochSeconds: z.literal(30),
  /** One value per 30-s epoch: −1 unknown, 0 wake, 1 light, 2 deep, 3 REM. */
  sleepStages: z.array(z.number().int()),
  /** 1 snoring, 0 none, −1 unknown. */
  snoringStages: z.array(z.number().int()),
  /** Asleep's report as it sent it. */
  stat: z.record(z.string(), z.unknown()).nullable(),
  peculiarities: z.array(z.string()),
  stagePlanSetting: z.enum(["4-stage", "2-stage"]),
  breathStages: z.array(z.number().int()),
  missingDataRatio: z.number().nullable(),
  provenance: z.object({
    forms: z.array(
      z.object({
        via: z.enum(["webhook", "backfill"]),
        version: z.enum(["V1", "V2", "V3"]).nullable(),
        shape: z.enum(["flat", "envelope"]),
        names: z.enum(["event", "callback"]),
        aliases: z.array(z.string()),
      }),
    ),
    cadenceMs: z.number().nullable(),
    missingDataRatio: z.number().nullable(),
  }),
});

/** GET/PUT /api/sessions/{id}/tags */
export const nightTagsAnswer = z.object({
  sessionId: z.string(),
  tags: z.array(z.string()),
  editable: z.boolean(),
  /** The presets, then the sleeper's own earlier tags; empty unless editable. */
  choices: z.array(z.string()),
});
