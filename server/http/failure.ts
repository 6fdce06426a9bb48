// What a request that failed underneath means for the one who asked (server/db/errors.ts): 503 only
// for what a retry can fix, 400 for a value the database will never take (the route's schema should
// have refused it: this is the second line), 409 for a unique key another request took at the same
// moment (what this one meant to create exists now), 500 for anything else. Never a stack trace.

import { isAccessChangeUnconfirmed } from "../data/access";
import { classifyDbError } from "../db/errors";
import type { Logger } from "../logger";
import { badRequest, conflict, json, serviceUnavailable } from "./responses";

export function failureResponse(route: string, error: unknown, logger: Pick<Logger, "warn" | "error">): Response {
  const err = (error as Error)?.message;
  // A change of who may see whom that not every instance could be told of first was not made.
  if (isAccessChangeUnconfirmed(error)) {
    logger.warn({ route, status: 503, err }, "access change refused: not every instance could be told");
    return serviceUnavailable(err);
  }
  switch (classifyDbError(error)) {
    case "transient":
      logger.error({ route, status: 503, err }, "request failed: database unavailable");
      return serviceUnavailable();
    case "unstorable":
      logger.warn({ route, status: 400, err }, "request refused: a value the database cannot store");
      return badRequest("Invalid request", [{ path: "", message: "holds a value the database cannot store" }]);
    case "conflict":
      logger.warn({ route, status: 409, err }, "request refused: another request stored the same thing at the same time");
      return conflict("Conflict: another request stored the same thing at the same time; reload to see it");
    default:
      logger.error({ route, status: 500, err }, "request failed: internal error");
      return json({ error: "Internal error" }, 500);
  }
}
