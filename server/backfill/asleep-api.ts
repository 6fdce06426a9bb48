// Asleep's REST API, the one call the back-fill needs: GET /data/v3/sessions/{id} (headers x-api-key
// and x-user-id). It answers the same `session` / `stat` / `peculiarities` as SESSION_COMPLETE; while
// the night is still OPEN, the stages analysed so far. Asleep wraps bodies in `{"detail", "result"}`;
// the bare object is accepted too. Only the shape is checked here: the values go through the webhook's
// own schema when the back-fill turns them into deliveries.

import { z } from "zod";
import { readTextWithin } from "../http/parse-request";

const asleepSession = z.looseObject({
  id: z.string().nullish(),
  state: z.string().max(32).nullish(),
  start_time: z.string().nullish(),
  end_time: z.string().nullish(),
  timezone: z.string().nullish(),
  sleep_stages: z.array(z.number()).nullish(),
  snoring_stages: z.array(z.number()).nullish(),
});

const sessionReport = z.looseObject({
  session: asleepSession,
  stat: z.record(z.string(), z.unknown()).nullish(),
  peculiarities: z.array(z.string()).nullish(),
  missing_data_ratio: z.number().nullish(),
});

const getSessionResponse = z.union([z.looseObject({ result: sessionReport }).transform((b) => b.result), sessionReport]);

export type AsleepSessionReport = z.infer<typeof sessionReport>;

export type FetchOutcome =
  | { ok: true; report: AsleepSessionReport }
  /** `status` is Asleep's HTTP status, absent when there was no answer (network, timeout) or it was unreadable. */
  | { ok: false; status?: number; reason: string };

/**
 * The largest answer read: a 36-hour night as JSON is well under 1 MiB (the webhook's own body limit),
 * so 4 MiB leaves room for whatever Asleep adds around it while keeping a broken or hostile answer from
 * filling the server's memory. Larger is a failed fetch (tried again later, like a 500).
 */
export const MAX_ASLEEP_ANSWER_BYTES = 4 * 1024 * 1024;

export interface AsleepApi {
  baseUrl: string;
  apiKey: string;
}

export async function fetchAsleepSession(api: AsleepApi, sessionId: string, userId: string, signal: AbortSignal): Promise<FetchOutcome> {
  const url = new URL(`data/v3/sessions/${encodeURIComponent(sessionId)}`, api.baseUrl.endsWith("/") ? api.baseUrl : `${api.baseUrl}/`);
  let response: Response;
  try {
    response = await fetch(url, { headers: { "x-api-key": api.apiKey, "x-user-id": userId, accept: "application/json" }, signal });
  } catch (error) {
    const e = error as Error;
    return { ok: false, reason: e.name === "TimeoutError" || e.name === "AbortError" ? "no answer in time" : `network: ${e.message}` };
  }
  if (!response.ok) {
    // Drain the body so the connection can be reused; its content is not needed (nor logged).
    await response.body?.cancel().catch(() => {});
    return { ok: false, status: response.status, reason: `Asleep answered ${response.status}` };
  }
  let text: string | null;
  try {
    text = await readCapped(response, MAX_ASLEEP_ANSWER_BYTES);
  } catch (error) {
    const e = error as Error;
    return { ok: false, status: response.status, reason: e.name === "TimeoutError" || e.name === "AbortError" ? "no answer in time" : `network: ${e.message}` };
  }
  if (text === null) return { ok: false, status: response.status, reason: `Asleep's answer is over ${MAX_ASLEEP_ANSWER_BYTES} bytes` };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, status: response.status, reason: "Asleep's answer is not JSON" };
  }
  const parsed = getSessionResponse.safeParse(body);
  if (!parsed.success) {
    return { ok: false, status: response.status, reason: `unexpected answer: ${parsed.error.issues.map((i) => i.path.join(".") || "body").join(", ")}` };
  }
  return { ok: true, report: parsed.data };
}

/**
 * The body as text, or null once it passes `maxBytes` (by its Content-Length, or while it streams in
 * without one): the rest is not read. A connection cut mid-body throws, as `response.text()` would.
 */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    return null;
  }
  return readTextWithin(response, maxBytes);
}
