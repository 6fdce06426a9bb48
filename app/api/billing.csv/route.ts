// GET /api/billing.csv?month=YYYY-MM: the month-end billing counts, one row per patient (docs/BILLING.md):
// a clinician's own patients, every patient for an admin; a patient finds nothing (404).

import { billingCsv } from "@/lib/sleep/billing-csv";
import { billingRows } from "@/server/data/billing";
import { clinicianTimeQuerySchema } from "@/server/http/clinician-time";
import { parseQuery } from "@/server/http/parse-request";
import { notFound } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const query = parseQuery(request, clinicianTimeQuerySchema);
  if (!query.ok) return query.response;
  return forViewer(request, "GET /api/billing.csv", async ({ viewer, audience }) => {
    if (viewer.role === "patient") return notFound();
    const rows = await billingRows(getRuntime().db, audience, query.query.month);
    return new Response(billingCsv(rows), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="billing-${query.query.month}.csv"`, "cache-control": "no-store" },
    });
  });
}
