// Sends webhooks the way Asleep does.

export interface WebhookTarget {
  url: string;
  apiKey: string;
}

export async function postWebhook(
  target: WebhookTarget,
  body: unknown,
  { userId, apiKey, raw }: { userId?: string | null; apiKey?: string | null; raw?: string } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const key = apiKey === undefined ? target.apiKey : apiKey;
  if (key !== null) headers["x-api-key"] = key;
  const user = userId === undefined ? userIdOf(body) : userId;
  if (user !== null && user !== undefined) headers["x-user-id"] = user;
  const started = performance.now();
  const response = await fetch(`${target.url}/api/asleep-webhook`, { method: "POST", headers, body: raw ?? JSON.stringify(body) });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, body: json as Record<string, unknown>, headers: response.headers, ms: performance.now() - started };
}

function userIdOf(body: unknown): string | undefined {
  const b = body as { user_id?: string; data?: { user_id?: string }; callback_data?: { user_id?: string } } | null;
  return b?.user_id ?? b?.data?.user_id ?? b?.callback_data?.user_id;
}

/**
 * The spellings Asleep documents (docs/ASLEEP.md): flat; the webhook page's example (`event`, `version`,
 * `data`); its field table (`callback_*`, `stage_list`); the v1/v2 callback pages (`callback_*`,
 * `stage_list`, SESSION_COMPLETE's report in `sleep_data`).
 */
export const SPELLINGS = ["flat", "example", "field-table", "callback-page"] as const;
export type Spelling = (typeof SPELLINGS)[number];

/** A flat body (`event`, `version`, `user_id`, `session_id`, ...) in one of Asleep's spellings. */
export function inSpelling(body: Record<string, unknown>, spelling: Spelling): Record<string, unknown> {
  if (spelling === "flat") return body;
  const { event, version, ...data } = body;
  if (spelling === "example") return { event, version, data };
  const { sleep_stages, ...rest } = data;
  const callbackData: Record<string, unknown> = sleep_stages === undefined ? rest : { ...rest, stage_list: sleep_stages };
  if (spelling === "callback-page" && event === "SESSION_COMPLETE") {
    const { user_id, session_id, timestamp, ...report } = data;
    return { callback_event: event, callback_version: version, callback_data: { user_id, session_id, timestamp, sleep_data: report } };
  }
  return { callback_event: event, callback_version: version, callback_data: callbackData };
}

/** A V3 INFERENCE_COMPLETE: one 5-minute block (`stages`, 10 epochs by default) of a night, no snoring. */
export function inferenceBlock(userId: string, sessionId: string, seq: number, stages: number[] = [0, 1, 1, 2, 2, 2, 1, 3, 3, 1]) {
  return {
    event: "INFERENCE_COMPLETE",
    version: "V3",
    user_id: userId,
    session_id: sessionId,
    inference_seq_num: seq,
    sleep_stages: stages,
    snoring_stages: stages.map(() => 0),
  };
}

/** A V3 SESSION_COMPLETE closing a night with its final hypnogram (and no snoring). */
export function sessionComplete(night: {
  userId: string;
  sessionId: string;
  startTime: string;
  endTime: string;
  timezone: string;
  sleepStages: number[];
  stat: Record<string, unknown>;
}) {
  return {
    event: "SESSION_COMPLETE",
    version: "V3",
    user_id: night.userId,
    session_id: night.sessionId,
    session: {
      id: night.sessionId,
      state: "COMPLETE",
      start_time: night.startTime,
      end_time: night.endTime,
      timezone: night.timezone,
      sleep_stages: night.sleepStages,
      snoring_stages: night.sleepStages.map(() => 0),
    },
    stat: night.stat,
    peculiarities: [],
  };
}

/**
 * A complete night in Paris beginning at `startMs`: 4 min awake, 4 h 10 min asleep, 1 min awake, so
 * "total sleep under 5 h" applies and no other rule does. The alert tests' usual short night.
 */
export function shortNight(userId: string, sessionId: string, startMs: number) {
  const sleepStages = [...Array<number>(8).fill(0), ...Array<number>(500).fill(1), 0, 0];
  return sessionComplete({
    userId,
    sessionId,
    startTime: new Date(startMs).toISOString(),
    endTime: new Date(startMs + sleepStages.length * 30_000).toISOString(),
    timezone: "Europe/Paris",
    sleepStages,
    stat: {},
  });
}
