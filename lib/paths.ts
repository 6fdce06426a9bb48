// One rule for every dynamic segment (a night id, an Asleep user id, an audit entry id): a link
// carries the value encoded with encodeURIComponent, and the segment means that value decoded exactly
// once. Ids come from Asleep and may hold anything (a space, "/", "?", "#", "%", Unicode), so a link
// is only ever built here, and a page only ever reads its segment through `pageSegment`.
//
// Measured on Next.js 16 (test/paths.test.ts): route handlers receive `params` already decoded once;
// pages receive them still percent-encoded, exactly as the URL spelled them. So route handlers use
// their params as they are, and pages decode them here. A path whose percent-encoding is malformed
// never reaches either: the server answers 400 first (server/http/request-path.ts).

import { unstorableTextProblem } from "./text/storable";

const segment = (value: string) => encodeURIComponent(value);

export const nightPath = (sessionId: string) => `/sessions/${segment(sessionId)}`;
export const patientPath = (asleepUserId: string) => `/patients/${segment(asleepUserId)}`;
export const nightApiPath = (sessionId: string) => `/api/sessions/${segment(sessionId)}`;
export const nightCsvPath = (sessionId: string) => `/api/sessions/${segment(sessionId)}/export.csv`;
/** A patient's page with its period report set to these days (YYYY-MM-DD): where an alert about a period leads. */
export const patientPeriodPath = (asleepUserId: string, from: string, to: string) =>
  `${patientPath(asleepUserId)}?from=${segment(from)}&to=${segment(to)}#period-report`;
export const patientApiPath = (asleepUserId: string) => `/api/patients/${segment(asleepUserId)}`;
export const personApiPath = (asleepUserId: string) => `/api/admin/people/${segment(asleepUserId)}`;
export const personExportPath = (asleepUserId: string) => `/api/admin/people/${segment(asleepUserId)}/export`;
export const replayPath = (deliveryId: string) => `/api/admin/deliveries/${segment(deliveryId)}/replay`;

/** No stored id holds U+0000 or a lone surrogate (lib/text/storable.ts): such an id names nothing. */
export const canNameStoredId = (id: string) => unstorableTextProblem(id) === null;

/**
 * A page's dynamic segment, as Next.js hands it to pages (still percent-encoded), decoded once into
 * the id it names; null when it cannot be decoded or names nothing (the page answers 404).
 */
export function pageSegment(raw: string): string | null {
  try {
    const id = decodeURIComponent(raw);
    return canNameStoredId(id) ? id : null;
  } catch {
    return null;
  }
}
/** The sleeper's own morning diary (a page for the sleeper alone). */
export const DIARY_PATH = "/diary";
export const diaryApiPath = (asleepUserId: string, night: string) => `/api/patients/${segment(asleepUserId)}/diary/${segment(night)}`;
