// GET/PUT /api/alerts/rules: the clinic's alert thresholds and adherence rule (admins; 404 for anyone else).

import { clinicAlertSettings, saveClinicAlertSettings } from "@/server/data/alert-settings";
import { forAdmin, forAdminChange } from "@/server/http/admin";
import { clinicRulesAnswer, clinicRulesBody, parseBody } from "@/server/http/alerts";
import { notFound, ok } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";
import { formatAdherenceRule } from "@/lib/sleep/adherence";
import { answerOf } from "@/server/http/api-schema";

export const dynamic = "force-dynamic";

async function current() {
  const { db, config } = getRuntime();
  const settings = await clinicAlertSettings(db, config.adherenceRule);
  return { ...settings, adherenceRule: formatAdherenceRule(settings.adherenceRule), defaultAdherenceRule: formatAdherenceRule(config.adherenceRule) };
}

export async function GET(request: Request) {
  return forAdmin(request, "GET /api/alerts/rules", async () => ok(answerOf(clinicRulesAnswer, await current())));
}

export async function PUT(request: Request) {
  return forAdminChange(request, "PUT /api/alerts/rules", async ({ viewer }) => {
    const body = await parseBody(request, clinicRulesBody, "Invalid alert rules");
    if (!body.ok) return body.response;
    if (!(await saveClinicAlertSettings(getRuntime().db, viewer, body.body))) return notFound();
    return ok(answerOf(clinicRulesAnswer, await current()));
  });
}
