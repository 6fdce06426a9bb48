// GET /api/health, for load balancers: 200 while the database answers (status "degraded" if Redis
// does not), 503 when it does not. No sign-in; says nothing about anyone's data.

import { json } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";
import { healthAnswer } from "@/server/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await getRuntime().health();
  return json(answerOf(healthAnswer, report), report.status === "unavailable" ? 503 : 200, { "cache-control": "no-store" });
}
