// What a database failure means for the one who asked: can a retry succeed, or never?
//
// A webhook answered 503 is retried by the sender, so 503 is only for faults that pass: the database
// unreachable or not answering, a connection lost, a transient conflict (deadlock, serialisation). A
// value PostgreSQL refuses to store (a data exception, a program limit such as nesting depth) will be
// refused on every retry: that delivery is a 400. The edge (server/webhook/schema.ts) refuses such
// values before they reach the database; this is the second line for anything it misses. A unique
// key violated (two requests creating the same thing at once: one wins) is a conflict, a 409: the
// thing exists now, and the loser should say so rather than fail.

export type DbFailure = "transient" | "unstorable" | "conflict" | "unknown";

/** SQLSTATE classes and codes a retry can get past. */
const TRANSIENT_SQLSTATE = [/^08/, /^53/, /^57P0[1-3]$/, /^57014$/, /^40001$/, /^40P01$/, /^55P03$/];
/** Data exceptions (22) and program limits (54, e.g. stack depth): the same value fails every time. */
const UNSTORABLE_SQLSTATE = [/^22/, /^54/];
/** Driver-adapter error kinds (@prisma/driver-adapter-utils) that mean the connection, not the data. */
const TRANSIENT_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TransactionWriteConflict", "DatabaseDoesNotExist"]);
/** Prisma's own codes for pool and transaction timeouts and lost connections. */
const TRANSIENT_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2034"]);
const TRANSIENT_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** A unique key violated: PostgreSQL's SQLSTATE, Prisma's code, the driver adapter's kind. */
const UNIQUE_SQLSTATE = "23505";
const UNIQUE_PRISMA_CODE = "P2002";
const UNIQUE_KIND = "UniqueConstraintViolation";

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: ErrorLike } };
  cause?: unknown;
}

export function classifyDbError(error: unknown): DbFailure {
  let verdict: DbFailure = "unknown";
  for (const e of causes(error)) {
    const sqlState = str(e.originalCode) ?? (isSqlState(e.code) ? str(e.code) : undefined);
    if (sqlState && TRANSIENT_SQLSTATE.some((p) => p.test(sqlState))) return "transient";
    if (sqlState && UNSTORABLE_SQLSTATE.some((p) => p.test(sqlState))) verdict = "unstorable";
    const kind = str(e.kind);
    const code = str(e.code);
    if (sqlState === UNIQUE_SQLSTATE || code === UNIQUE_PRISMA_CODE || kind === UNIQUE_KIND) verdict = "conflict";
    if (kind && TRANSIENT_KINDS.has(kind)) return "transient";
    if (code && (TRANSIENT_PRISMA_CODES.has(code) || TRANSIENT_NODE_CODES.has(code))) return "transient";
    if (e.name === "PrismaClientInitializationError") return "transient";
    // node-postgres's own timeouts and lost connections carry no code, only these messages.
    if (/timeout|timed out|Connection terminated|connection.*(closed|ended)|Can't reach database/i.test(str(e.message) ?? "")) return "transient";
  }
  return verdict;
}

/** The error, its `cause` chain and the driver adapter's error inside Prisma's, breadth first. */
function causes(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < 8) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || out.includes(e as ErrorLike)) continue;
    const like = e as ErrorLike;
    out.push(like);
    queue.push(like.meta?.driverAdapterError?.cause, like.cause);
  }
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function isSqlState(v: unknown): boolean {
  return typeof v === "string" && /^[0-9A-Z]{5}$/.test(v) && !v.startsWith("P");
}

/** Two requests stored the same unique key at once, and this one lost (23505, P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return classifyDbError(error) === "conflict";
}

/** A deadlock (40P01) or serialisation failure (40001): the same statement can succeed if run again. */
export function isRetryableConflict(error: unknown): boolean {
  const queue: unknown[] = [error];
  for (let seen = 0; queue.length > 0 && seen < 8; seen++) {
    const e = queue.shift() as ErrorLike | undefined;
    if (!e || typeof e !== "object") continue;
    const code = e.originalCode ?? e.code;
    if (code === "40P01" || code === "40001" || code === "P2034" || e.kind === "TransactionWriteConflict") return true;
    queue.push(e.meta?.driverAdapterError?.cause, e.cause);
  }
  return false;
}
