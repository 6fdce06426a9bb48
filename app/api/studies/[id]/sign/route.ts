// POST /api/studies/{id}/sign {impression, recommendation, zone}: a clinician of the patient signs the
// study's interpretation (server/studies/sign-request.ts). 409 once signed: amend it instead.

import { signResponse } from "@/server/studies/sign-request";

export const dynamic = "force-dynamic";

export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return signResponse(request, params, false);
}
