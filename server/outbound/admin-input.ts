// What an admin may send to /api/admin/webhooks, validated at the edge.

import { z } from "zod";
import { storableString } from "@/lib/text/storable";
import { idCursorParam } from "@/lib/navigation/cursor";
import { endpointUrlProblem, type DestinationPolicy } from "@/lib/outbound/endpoint-url";
import { OUTBOUND_EVENT_TYPES } from "@/lib/outbound/events";
import { instant, pagedAnswer } from "../http/api-schema";

/** An endpoint's URL under the app's destination rules (OUTBOUND_ALLOW_LOOPBACK): a literal address in any spelling is judged here. */
const endpointUrl = (policy: DestinationPolicy) =>
  storableString()
    .trim()
    .max(2048)
    .superRefine((v, ctx) => {
      const problem = endpointUrlProblem(v, policy);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

const eventList = z
  .array(z.enum(OUTBOUND_EVENT_TYPES))
  .min(1, "choose at least one event")
  .transform((events) => OUTBOUND_EVENT_TYPES.filter((t) => events.includes(t)));

export const newEndpointBody = (policy: DestinationPolicy) =>
  z.strictObject({
    url: endpointUrl(policy),
    description: storableString().trim().max(200).default(""),
    events: eventList,
    enabled: z.boolean().default(true),
  });

export const endpointChangeBody = (policy: DestinationPolicy) =>
  z
    .strictObject({
      url: endpointUrl(policy).optional(),
      description: storableString().trim().max(200).optional(),
      events: eventList.optional(),
      enabled: z.boolean().optional(),
    })
    .refine((b) => Object.keys(b).length > 0, "change at least one field");

export const endpointParams = z.object({ id: z.string().regex(/^ep_[0-9a-f-]{36}$/, "must be an endpoint id") });

export const outboundDeliveryParams = z.object({
  id: z.string().regex(/^[1-9][0-9]{0,17}$/, "must be a delivery id (a positive integer)").transform(BigInt),
});

export const outboundDeliveryQuery = z.object({
  endpointId: z.string().regex(/^ep_[0-9a-f-]{36}$/, "must be an endpoint id").optional(),
  status: z.enum(["PENDING", "SENDING", "DELIVERED", "FAILED"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The previous page's `nextCursor`: deliveries older than that id. */
  before: idCursorParam.optional(),
});

/** An outbound endpoint as the admin API answers it (never its secret, but where a route says so). */
export const endpointAnswer = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.enum(OUTBOUND_EVENT_TYPES)),
  enabled: z.boolean(),
  createdAt: instant,
  /** Until when the secret it had before a rotation still signs. */
  previousSecretUntil: instant.nullable(),
  disabledReason: z.string().nullable(),
  disabledAt: instant.nullable(),
});
/** GET /api/admin/webhooks */
export const endpointListAnswer = z.object({ endpoints: z.array(endpointAnswer) });
/** PATCH /api/admin/webhooks/{id} */
export const endpointChangeAnswer = z.object({ endpoint: endpointAnswer });
/** POST /api/admin/webhooks (201) and .../rotate: the signing secret, shown this once. */
export const endpointSecretAnswer = z.object({ endpoint: endpointAnswer, secret: z.string() });

/** One outbound delivery: its status, attempts, last answer and next attempt. */
export const outboundDeliveryAnswer = z.object({
  id: z.string(),
  endpointId: z.string(),
  endpointUrl: z.string(),
  eventType: z.string(),
  messageId: z.string(),
  orderKey: z.string(),
  status: z.enum(["PENDING", "SENDING", "DELIVERED", "FAILED"]),
  attempts: z.number().int(),
  createdAt: instant,
  lastAttemptAt: instant.nullable(),
  nextAttemptAt: instant.nullable(),
  lastStatus: z.number().int().nullable(),
  lastResponse: z.string().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: instant.nullable(),
  replayOf: z.string().nullable(),
});
/** GET /api/admin/webhooks/deliveries */
export const outboundDeliveryListAnswer = pagedAnswer("deliveries", outboundDeliveryAnswer);
/** POST /api/admin/webhooks/deliveries/{id}/replay (202): the new delivery, queued. */
export const outboundReplayAnswer = z.object({ delivery: z.object({ id: z.string(), replayOf: z.string(), status: z.literal("PENDING") }) });
/** POST /api/admin/webhooks/{id}/test: what the endpoint answered a test event. */
export const testEventAnswer = z.object({
  result: z.object({ messageId: z.string(), delivered: z.boolean(), status: z.number().int().nullable(), response: z.string().nullable(), error: z.string().nullable(), ms: z.number() }),
});
