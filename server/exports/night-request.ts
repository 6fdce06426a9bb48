// The per-night export routes (FHIR, Open mHealth) read a request the same way: the night from the
// path, found only if the viewer may see it (404 otherwise, 401 without sign-in); a download that is
// answered is recorded in the access log.

import { z } from "zod";
import { zoneOrUtc } from "@/lib/time/zone";
import { exportDay, type ExportContext, type ExportNight } from "@/lib/export/night";
import type { SessionDetail } from "@/lib/live/events";
import { stagePlanOf } from "@/lib/sleep/plan";
import { recordAccess } from "../data/access-log";
import { getSessionDetail } from "../data/sessions";
import { parseParams, sessionParams } from "../http/parse-request";
import { notFound } from "../http/responses";
import { forViewer } from "../http/viewer";
import { getRuntime } from "../runtime";

/**
 * Where the exports' own codes and identifiers live: PUBLIC_URL's origin, else http:// and the host the
 * request was sent to (Next's request.url names its internal address, not that one). Set PUBLIC_URL so
 * they stay the same however the app is reached.
 */
export function exportContext(request: Request): ExportContext {
  const publicUrl = getRuntime().config.publicUrl;
  const host = request.headers.get("host");
  return { appUrl: publicUrl ? new URL(publicUrl).origin : host ? `http://${host.toLowerCase()}` : new URL(request.url).origin, now: new Date() };
}

/** The night as the exports read it: its zone is its own, else the one its pages draw it in, else UTC. */
export const exportNight = (d: SessionDetail): ExportNight => ({
  id: d.id,
  asleepUserId: d.userId,
  state: d.state,
  startMs: d.startTime ? Date.parse(d.startTime) : null,
  endMs: d.endTime ? Date.parse(d.endTime) : null,
  zone: zoneOrUtc(d.zone?.name),
  sleepStages: d.sleepStages,
  stagePlan: stagePlanOf({ sleepStages: d.sleepStages, stat: d.stat, configured: d.stagePlanSetting }),
  provenance: d.provenance,
});

export async function forNightExport(
  request: Request,
  route: string,
  params: Promise<{ id: string }>,
  /** What the access log calls this download ("FHIR bundle"). */
  what: string,
  respond: (night: ExportNight, ctx: ExportContext) => Response,
): Promise<Response> {
  const parsed = parseParams(await params, sessionParams);
  if (!parsed.ok) return parsed.response;
  return forViewer(request, route, async ({ viewer, audience }) => {
    const { db } = getRuntime();
    const detail = await getSessionDetail(db, audience, parsed.params.id);
    if (!detail) return notFound();
    const night = exportNight(detail);
    const response = respond(night, exportContext(request));
    if (response.ok) {
      await recordAccess(db, viewer, { asleepUserId: night.asleepUserId, action: "export", resource: `${what}, night ${exportDay(night) ?? "not yet started"} (${night.id})` });
    }
    return response;
  });
}

/** A download's name for one night, in characters every file system takes. */
export const nightFileName = (night: ExportNight, suffix: string) => `night-${night.id.replace(/[^A-Za-z0-9_.-]/g, "_")}.${suffix}`;

/**
 * The FHIR exports' answer, as far as this API promises it: an R4 Bundle of type collection, each entry
 * a resource (Observations of the nights). The tests hold it to HL7's own JSON schema (test/support/schemas.ts).
 */
export const fhirBundleAnswer = z
  .looseObject({
    resourceType: z.literal("Bundle"),
    type: z.literal("collection"),
    entry: z.array(z.looseObject({ fullUrl: z.string().optional(), resource: z.looseObject({ resourceType: z.string() }) })).optional(),
  })
  .meta({ description: "A FHIR R4 Bundle (https://hl7.org/fhir/R4/bundle.html) of the nights' Observations; docs/EXPORTS.md" });

/** The Open mHealth export: a data point (header, body) of schema omh:sleep-episode:1.1; held to the published schemas in the tests. */
export const omhDataPointAnswer = z
  .looseObject({
    header: z.looseObject({ id: z.string(), schema_id: z.looseObject({ namespace: z.literal("omh"), name: z.literal("sleep-episode"), version: z.string() }), user_id: z.string() }),
    body: z.looseObject({}),
  })
  .meta({ description: "An Open mHealth data point of a sleep-episode 1.1 body (https://www.openmhealth.org/schemas/omh_sleep-episode/); docs/EXPORTS.md" });
