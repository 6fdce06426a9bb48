// POST /api/asleep-webhook: Asleep's deliveries. Parse → ingest → respond; the rules live in
// server/webhook (schema, ingest and its batcher) and the contract table is in the README.

import { randomUUID } from "node:crypto";
import { afterIngest } from "@/server/alerts/triggers";
import { apiKeyMatches } from "@/server/http/api-key";
import { readJsonBody } from "@/server/http/parse-request";
import { classifyDbError } from "@/server/db/errors";
import { badRequest, json, ok, serviceUnavailable, unauthorized } from "@/server/http/responses";
import type { Logger } from "@/server/logger";
import { getRuntime } from "@/server/runtime";
import { ingestBatched } from "@/server/webhook/batch";
import { SessionOwnerMismatch } from "@/server/webhook/ingest";
import { parseAsleepWebhook } from "@/server/webhook/schema";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const requestId = randomUUID();
  const headers = { "x-request-id": requestId };
  const log = getRuntime().logger.child({ requestId, route: "asleep-webhook" });
  try {
    return await receive(request, headers, log);
  } catch (error) {
    // A bug anywhere in receiving (parsing included), not a fault of the sender or the database: a 500, never
    // a 503 the sender would retry for ever; logged with the request id the answer carries.
    return internalError(error, headers, log, {});
  }
}

async function receive(request: Request, headers: { "x-request-id": string }, log: Logger): Promise<Response> {
  const { db, config, live, jobs } = getRuntime();
  const requestId = headers["x-request-id"];

  if (!apiKeyMatches(request.headers.get("x-api-key"), config.asleepApiKey)) {
    log.warn({ status: 401 }, "webhook refused: missing or wrong API key");
    return unauthorized(undefined, headers);
  }

  const read = await readJsonBody(request, undefined, headers);
  if (!read.ok) {
    log.warn({ status: read.response.status }, "webhook refused: unreadable body");
    return read.response;
  }
  const parsed = parseAsleepWebhook(read.body, request.headers.get("x-user-id"));
  if (!parsed.ok) {
    log.warn({ status: 400, issues: parsed.issues.map((i) => i.path) }, "webhook refused: invalid payload");
    return badRequest("Invalid webhook payload", parsed.issues, headers);
  }

  // The bench's measure of this route's own ceiling (scripts/bench.ts sets BENCH_NOOP_ROUTE=1 on the
  // throwaway servers it starts): with that variable and this header, an authenticated, parsed and
  // validated delivery is answered without being stored. Without the variable the header does nothing.
  if (process.env.BENCH_NOOP_ROUTE === "1" && request.headers.get("x-bench-noop") === "1") return ok({ status: "success", stored: false }, headers);

  const delivery = parsed.delivery;
  const fields = { event: delivery.event, sessionId: delivery.sessionId, userId: delivery.userId };
  const started = performance.now();
  try {
    // INFERENCE_COMPLETE is group-committed with the others pending (server/webhook/batch.ts): the
    // answer still waits for the commit that stores this delivery.
    const result = await ingestBatched(db, delivery, { requestId, body: read.body, receivedAt: new Date() });
    log.info({ ...fields, outcome: result.outcome, ms: Math.round(performance.now() - started) }, "webhook stored");
    live.publish(result);
    // The night's alert rules run in a job, after this answer: not awaited, so the ack never waits on them.
    void afterIngest(jobs, result).catch((error: Error) => log.warn({ ...fields, err: error.message }, "could not enqueue the night's alert rules"));
    if (result.outcome === "IGNORED") return ok({ status: "ignored" }, headers);
    if (result.outcome === "DUPLICATE") return ok({ status: "success", duplicate: true }, headers);
    return ok({ status: "success" }, headers);
  } catch (error) {
    if (error instanceof SessionOwnerMismatch) {
      log.warn({ ...fields, status: 400 }, "webhook refused: session belongs to another user");
      return badRequest("Invalid webhook payload", [{ path: "session_id", message: "belongs to another user" }], headers);
    }
    // Nothing was committed (each write is one statement or one transaction). Only what a retry can
    // fix is a 503; a value the database will never take is the sender's to fix, and retrying it for
    // ever would not help (the edge should have refused it: this is the second line).
    const failure = classifyDbError(error);
    const ms = Math.round(performance.now() - started);
    if (failure === "unstorable") {
      log.warn({ ...fields, status: 400, err: describeError(error), ms }, "webhook refused: a value the database cannot store");
      return badRequest("Invalid webhook payload", [{ path: "", message: "holds a value the database cannot store" }], headers);
    }
    if (failure === "unknown") return internalError(error, headers, log, { ...fields, ms });
    log.error({ ...fields, err: describeError(error), ms }, "webhook not stored: database unavailable");
    return serviceUnavailable(undefined, 5, headers);
  }
}

function internalError(error: unknown, headers: { "x-request-id": string }, log: Logger, fields: Record<string, unknown>): Response {
  // Where it was thrown: the frames only (the message, which could quote the payload, is cut in describeError).
  const stack = error instanceof Error ? error.stack?.split("\n").filter((line) => /^\s+at /.test(line)).slice(0, 8).join("\n") : undefined;
  log.error({ ...fields, status: 500, err: { ...describeError(error), stack } }, "webhook not stored: internal error");
  return json({ error: "Internal error; the delivery was not stored" }, 500, headers);
}

function describeError(error: unknown) {
  const e = error as { name?: string; code?: string; message?: string };
  return { name: e?.name, code: e?.code, message: e?.message?.slice(0, 300) };
}
