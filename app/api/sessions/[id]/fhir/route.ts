// GET /api/sessions/{id}/fhir: the night as a FHIR R4 Bundle of Observations (docs/EXPORTS.md).

import { fhirBundle } from "@/lib/export/fhir";
import { forNightExport, nightFileName } from "@/server/exports/night-request";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return forNightExport(request, "GET /api/sessions/{id}/fhir", params, "FHIR bundle", (night, ctx) =>
    new Response(JSON.stringify(fhirBundle([night], ctx)), {
      headers: { "content-type": "application/fhir+json", "content-disposition": `attachment; filename="${nightFileName(night, "fhir.json")}"`, "cache-control": "no-store" },
    }),
  );
}
