// The morning notification (Web Push), a sleeper's own, from the app's own pages:
//   GET    /api/account/push[?endpoint=…] → {"publicKey", "subscribed"}: the VAPID key to subscribe with, and
//          whether this browser (its subscription's endpoint) gets the notification.
//   POST   /api/account/push  PushSubscription.toJSON() → 201 {"subscribed": true}
//   DELETE /api/account/push  {"endpoint"} → 204
// 404 for anyone but a sleeper (clinicians and admins get no morning notification).

import { hasOwnSubscription, pushStatusAnswer, pushStatusQuery, pushSubscribedAnswer, pushSubscriptionSchema, pushUnsubscribeSchema, removeOwnSubscription, saveOwnSubscription } from "@/server/data/push-subscriptions";
import { answerOf } from "@/server/http/api-schema";
import { parseBody } from "@/server/http/alerts";
import { isSameOrigin } from "@/server/http/origin";
import { parseQuery } from "@/server/http/parse-request";
import { forbidden, json, noContent, notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

const SAME_ORIGIN = "Forbidden: this request must come from the app's own pages";

export async function GET(request: Request) {
  return forViewer(request, "GET /api/account/push", async ({ viewer }) => {
    if (viewer.role !== "patient") return notFound();
    const query = parseQuery(request, pushStatusQuery);
    if (!query.ok) return query.response;
    const { db, config } = getRuntime();
    return ok(answerOf(pushStatusAnswer, { publicKey: config.pushPublicKey, subscribed: query.query.endpoint ? await hasOwnSubscription(db, viewer, query.query.endpoint) : false }));
  });
}

export async function POST(request: Request) {
  const { db, config } = getRuntime();
  if (!isSameOrigin(request, config.publicUrl)) return forbidden(SAME_ORIGIN);
  return forViewer(request, "POST /api/account/push", async ({ viewer }) => {
    if (viewer.role !== "patient") return notFound();
    const body = await parseBody(request, pushSubscriptionSchema(config.outboundDestinations), "Invalid push subscription");
    if (!body.ok) return body.response;
    if (!(await saveOwnSubscription(db, viewer, body.body))) return notFound();
    return json(answerOf(pushSubscribedAnswer, { subscribed: true as const }), 201);
  });
}

export async function DELETE(request: Request) {
  const { db, config } = getRuntime();
  if (!isSameOrigin(request, config.publicUrl)) return forbidden(SAME_ORIGIN);
  return forViewer(request, "DELETE /api/account/push", async ({ viewer }) => {
    if (viewer.role !== "patient") return notFound();
    const body = await parseBody(request, pushUnsubscribeSchema, "Invalid push subscription");
    if (!body.ok) return body.response;
    await removeOwnSubscription(db, viewer, body.body.endpoint);
    return noContent();
  });
}
