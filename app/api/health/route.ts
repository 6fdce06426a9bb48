// GET /api/health, for load balancers: 200 while the database answers (status "degraded" if Redis
// does not), 503 when it does not. No sign-in; says nothing about anyone's data.

import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await getRuntime().health();
  return Response.json(report, { status: report.status === "unavailable" ? 503 : 200, headers: { "cache-control": "no-store" } });
}
