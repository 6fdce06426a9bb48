// What an admin may send to /api/admin/webhooks, validated at the edge.

import { z } from "zod";
import { storableString } from "@/lib/text/storable";
import { idCursorParam } from "@/lib/navigation/cursor";
import { endpointUrlProblem } from "@/lib/outbound/endpoint-url";
import { OUTBOUND_EVENT_TYPES } from "@/lib/outbound/events";

const endpointUrl = storableString()
  .trim()
  .max(2048)
  .superRefine((v, ctx) => {
    const problem = endpointUrlProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const eventList = z
  .array(z.enum(OUTBOUND_EVENT_TYPES))
  .min(1, "choose at least one event")
  .transform((events) => OUTBOUND_EVENT_TYPES.filter((t) => events.includes(t)));

export const newEndpointBody = z.strictObject({
  url: endpointUrl,
  description: storableString().trim().max(200).default(""),
  events: eventList,
  enabled: z.boolean().default(true),
});

export const endpointChangeBody = z
  .strictObject({
    url: endpointUrl.optional(),
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
