// POST /api/studies/{id}/amend {impression, recommendation, zone, reason}: a new signed version; the
// earlier ones are kept and listed (server/studies/sign-request.ts).

import { signResponse } from "@/server/studies/sign-request";

export const dynamic = "force-dynamic";

export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return signResponse(request, params, true);
}
