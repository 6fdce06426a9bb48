// The app's entry point (`npm start`, `npm run dev`): one process, one port, serving Next.js (pages,
// API routes, the Asleep webhook) — and, from the accounts issue on, Socket.IO beside it.
//
// Start-up order: configuration → secrets → database (embedded PGlite unless DATABASE_URL) →
// migrations → build if missing → every page and route module loaded (seconds of blocking work, so
// before anything with a timer is in flight) → pool, job queue, Redis, live layer → listen. A failure
// at any step exits with a plain message.

import "dotenv/config";

// Telemetry would try to reach the internet; this app should not phone home from a clinic.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
import path from "node:path";
import { createDb, createPool } from "./db/client";
import { readableZonesAtStart } from "./data/zones";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./db/embedded";
import { applyMigrations } from "./db/migrate";
import { loadEnv } from "./env";
import { createLogger, releaseLogs, settleLogs, tolerateBrokenOutput } from "./logger";
import { startDeadline } from "./shutdown";
import { setRuntime } from "./runtime";
import { resolveSecrets } from "./secrets";
import { prepareDataDir } from "./data-dir";
import { createAuth } from "./auth/auth";
import { startControlServer } from "./control";
import { buildIfMissing, createHttpServer, listen, prepareNext } from "./http-server";
import { createApplication, type Live } from "./live/socket-server";
import { connectRedis, streamNameFor } from "./live/redis";
import { checkHealth } from "./health";
import { createRateLimits } from "./security/rate-limits";
import { createEdgeGuard } from "./security/edge-guard";
import { createLiveLimits } from "./live/socket-limits";
import { startBackfill } from "./backfill/worker";
import { startJobQueue } from "./jobs/queue";
import { createReportPool } from "./reports/pdf-pool";
import { startOutboundOnQueue } from "./outbound/service";
import { startAlerts } from "./alerts/service";
import { resolveVapid } from "./push/vapid";
import { startPush } from "./push/service";
import { enqueueNightEvaluation, enqueueStaleNight } from "./alerts/triggers";
import { DEFAULT_CADENCE_BOUNDS } from "@/lib/sleep/cadence";

/** The app's connections to a PostgreSQL server (the job queue has a few of its own). */
const POOL_SIZE = 10;
/** Of those, how many ingest always keeps: viewers' reads (session:sync) may hold the rest at once. */
const INGEST_CONNECTIONS = 3;
/**
 * Viewers' reads under way at once. On PostgreSQL the pool less what ingest keeps: 3 of 10 made 200
 * pages coming back after a restart take 19.6 s instead of 13 s (test/reconnect.test.ts). On PGlite
 * everything shares one connection, and this only bounds how many reads are ahead of a webhook.
 */
const liveReadsAtOnce = (embedded: boolean) => (embedded ? 3 : POOL_SIZE - INGEST_CONNECTIONS);

async function main() {
  const dev = process.argv.includes("--dev");
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  tolerateBrokenOutput();
  // A stray rejection (a socket's write after its peer left, a library's late callback) is logged and
  // survives: ending the process for it would drop every live page and every request in flight, and
  // nothing is acknowledged before it commits, so there is no half-state to protect by exiting.
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled promise rejection"));
  const dataDir = path.resolve(env.DATA_DIR);
  // Before anything goes in it: the control socket lives here even when nothing else does.
  if (prepareDataDir(dataDir)) logger.warn({ dataDir }, "DATA_DIR could be opened by other users: made it 0700");
  const secrets = resolveSecrets(dataDir, env);

  let embedded: EmbeddedPostgres | null = null;
  let databaseUrl = env.DATABASE_URL;
  let databaseLabel: string;
  if (databaseUrl) {
    databaseLabel = `PostgreSQL at ${new URL(databaseUrl).host}`;
  } else {
    embedded = await startEmbeddedPostgres(dataDir);
    // Without its database the app can only fail every request: end, so a supervisor restarts it.
    embedded.onCrash((error) => {
      logger.fatal({ err: error.message }, "embedded database stopped");
      process.exit(1);
    });
    databaseUrl = embedded.url;
    databaseLabel = `embedded PostgreSQL (PGlite) in ${path.relative(process.cwd(), embedded.dataDir) || embedded.dataDir}`;
  }
  // Not the embedded database's address: where it is, is derived from DATA_DIR (embeddedDatabaseUrl).
  logger.info({ database: databaseLabel }, "database ready");

  const { applied } = await applyMigrations(databaseUrl, { shared: !embedded });
  logger.info({ applied }, "migrations up to date");

  if (!dev) await buildIfMissing(logger);
  // First, while nothing else is in flight: loading the pages stalls the event loop for seconds (http-server.ts prepareNext).
  const loading = Date.now();
  const prepared = await prepareNext({ dev, host: env.HOST, port: env.PORT });
  logger.info({ entries: prepared.entries, ms: Date.now() - loading }, "pages loaded");

  const pool = createPool({ connectionString: databaseUrl, poolSize: embedded ? 1 : POOL_SIZE });
  const db = createDb({ pool });
  // Before any night is written: the zones a night's own day is stored in (server/data/zones.ts syncReadableZones).
  await readableZonesAtStart(db, (message, fields) => logger.info(fields, message));
  // On PGlite the queue shares the app's one connection; on a server it has a small pool of its own (queue.ts).
  const jobs = await startJobQueue(embedded ? { pool, logger } : { connectionString: databaseUrl, logger });
  const redis = env.REDIS_URL ? connectRedis(env.REDIS_URL, logger) : undefined;
  const limits = createRateLimits(
    { webhookPerSecond: env.WEBHOOK_RATE_LIMIT, badKeysPerMinute: env.WEBHOOK_BAD_KEY_LIMIT, signInPerMinute: env.SIGN_IN_RATE_LIMIT },
    { redis, keyPrefix: streamNameFor(databaseUrl), logger },
  );
  let live: Live | undefined;
  const auth = createAuth({
    db,
    secret: secrets.authSecret,
    publicUrl: env.PUBLIC_URL,
    secureCookies: env.PUBLIC_URL ? env.PUBLIC_URL.startsWith("https:") : env.NODE_ENV === "production",
    onSessionEnded: (sessionId) => live?.endAuthSession(sessionId),
    logger,
    limits,
  });
  const guard = createEdgeGuard({ apiKey: secrets.asleepApiKey, limits, logger });
  const server = createHttpServer({ prepared, trustProxy: env.TRUST_PROXY, https: env.PUBLIC_URL?.startsWith("https:") ?? false, guard, logger, timeouts: { headersMs: env.HTTP_HEADERS_TIMEOUT, requestMs: env.HTTP_REQUEST_TIMEOUT, keepAliveMs: env.HTTP_KEEP_ALIVE_TIMEOUT } });
  if (redis && (!env.ASLEEP_API_KEY || !env.AUTH_SECRET)) {
    logger.warn("REDIS_URL is set but ASLEEP_API_KEY or AUTH_SECRET is not: every instance must share them, so set both explicitly");
  }
  const liveLimits = createLiveLimits(
    // On PGlite, too: one connection serves everything there, and at most this many viewer reads queue before ingest.
    { eventsPerSocket: env.LIVE_EVENTS_PER_SOCKET, eventsPerAccount: env.LIVE_EVENTS_PER_ACCOUNT, socketsPerSession: env.LIVE_SOCKETS_PER_SESSION, readsAtOnce: liveReadsAtOnce(embedded !== null) },
    { redis, keyPrefix: streamNameFor(databaseUrl), logger },
  );
  live = createApplication(server, { auth, db, logger, publicUrl: env.PUBLIC_URL, redis: redis && { link: redis, streamName: streamNameFor(databaseUrl) }, limits: liveLimits });
  const cadenceBounds = { ...DEFAULT_CADENCE_BOUNDS, minMs: env.TEST_CADENCE_FLOOR };
  const reports = createReportPool({ logger });
  // The morning notification's VAPID keys: VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY, else generated once in the database.
  const vapid = await resolveVapid(db, env);
  setRuntime({
    db,
    auth,
    live,
    jobs,
    reports,
    logger,
    health: () => checkHealth(db, redis, () => live!.sharing()),
    config: { asleepApiKey: secrets.asleepApiKey, databaseLabel, publicUrl: env.PUBLIC_URL, cadenceBounds, adherenceRule: env.ADHERENCE_RULE, stagePlan: env.ASLEEP_STAGES, outboundDestinations: { allowLoopback: env.OUTBOUND_ALLOW_LOOPBACK }, pushPublicKey: vapid.publicKey },
  });
  const control = await startControlServer({ dataDir, db, auth, access: live, logger });

  // Before the first webhook and the back-fill: what they store nudges outbound events.
  const outbound = await startOutboundOnQueue(jobs, {
    db,
    logger,
    retryBaseMs: env.OUTBOUND_RETRY_BASE,
    stageDebounceMs: env.OUTBOUND_STAGE_DEBOUNCE,
    sweepMs: env.OUTBOUND_SWEEP_INTERVAL,
    policy: { allowLoopback: env.OUTBOUND_ALLOW_LOOPBACK },
  });
  if (env.OUTBOUND_ALLOW_LOOPBACK) logger.warn("OUTBOUND_ALLOW_LOOPBACK=true: outbound event endpoints may be on this machine (for development and tests)");
  const port = await listen(server, env.HOST, env.PORT);
  const backfill = startBackfill({
    db,
    live,
    logger,
    api: { baseUrl: env.ASLEEP_API_BASE, apiKey: secrets.asleepApiKey },
    intervalMs: env.BACKFILL_INTERVAL,
    bounds: cadenceBounds,
    incompleteAfterMs: env.INCOMPLETE_AFTER,
    alerts: { nightSettled: (id) => enqueueNightEvaluation(jobs, id), nightStale: (id) => enqueueStaleNight(jobs, id) },
  });
  const localUrl = `http://localhost:${port}`;
  const push = await startPush({ jobs, db, logger, vapid, policy: { allowLoopback: env.OUTBOUND_ALLOW_LOOPBACK } });
  const alerts = await startAlerts({
    jobs,
    nightClosed: (id) => push.queueNight(id),
    db,
    live,
    logger,
    adherenceFallback: env.ADHERENCE_RULE,
    schedule: env.ALERTS_SCHEDULE,
    digestSchedule: env.ALERTS_DIGEST_SCHEDULE,
    timezone: env.ALERTS_TIMEZONE,
    mail: env.SMTP_URL ? { smtpUrl: env.SMTP_URL, from: env.ALERT_MAIL_FROM, appUrl: env.PUBLIC_URL ?? localUrl } : undefined,
  });
  logger.info({ port, url: localUrl, database: databaseLabel, dev }, "ready");
  printWelcome(localUrl, secrets.apiKeyGenerated ? path.join(dataDir, "secrets.json") : null);
  if ((await db.user.count({ where: { role: "admin" } })) === 0) {
    process.stdout.write(
      `  No admin account yet. Create one (the app may keep running):\n` +
        `    npm run users -- add --email you@example.org --role admin\n` +
        `  (it asks for the password; in a script, set USER_PASSWORD)\n\n`,
    );
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    // Whatever hangs (a step, the log's output), the process ends by SHUTDOWN_DEADLINE, saying what was open.
    const deadline = startDeadline(env.SHUTDOWN_DEADLINE, { beforeExit: releaseLogs });
    logger.info({ signal }, "shutting down: no new connections; finishing requests in flight");
    // Stop accepting, let in-flight webhooks finish (each is one transaction: it commits or it was
    // never acknowledged), drop live sockets (browsers retry), then the database.
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    // The back-fill stops asking Asleep now; a delivery it is storing commits before the database closes.
    const backfillStopped = backfill.stop();
    // Dropped at the transport, not disconnected: browsers retry, and come back here or elsewhere.
    live!.dropConnections();
    server.closeIdleConnections();
    const forced = setTimeout(() => server.closeAllConnections(), 10_000);
    await deadline.step("HTTP connections", drained);
    clearTimeout(forced);
    await deadline.step("back-fill", backfillStopped);
    // Workers stop fetching; a job running now finishes (or, past 10 s, is retried by whichever instance is up).
    // Nights compared after the last commits are recorded; a delivery being sent finishes with the queue.
    await deadline.step("outbound deliveries", () => outbound.stop());
    await deadline.step("job queue", () => jobs.stop());
    await deadline.step("report workers", () => reports.close());
    alerts.stop();
    await deadline.step("control socket", () => control.close());
    await deadline.step("Redis", async () => void (await redis?.close()));
    await deadline.step("database", () => db.$disconnect());
    await deadline.step("embedded database", async () => void (await embedded?.close()));
    logger.info("stopped");
    // The last lines go out if stdout takes them; a pipe nobody reads does not keep the process.
    await deadline.step("log output", () => settleLogs());
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/**
 * For a person at a terminal: where the app is and how to send it a first webhook. Never the key itself:
 * stdout is a log under systemd or Docker, so the curl line reads the key from where it is kept.
 */
function printWelcome(url: string, secretsFile: string | null) {
  const keyHeader = secretsFile
    ? `"x-api-key: $(node -p 'require(process.argv[1]).asleepApiKey' ${shellQuote(secretsFile)})"`
    : `"x-api-key: $ASLEEP_API_KEY"`;
  const lines = [
    ``,
    `  Sleep dashboard is running at ${url}`,
    ``,
    secretsFile
      ? `  Asleep webhook key: generated, kept in ${secretsFile} (field asleepApiKey); set ASLEEP_API_KEY to choose your own.`
      : `  Asleep webhook key: the one in ASLEEP_API_KEY.`,
    ``,
    `  Try it:`,
    `    curl -X POST ${url}/api/asleep-webhook \\`,
    `      -H 'content-type: application/json' -H ${keyHeader} -H 'x-user-id: demo-user' \\`,
    `      -d '{"event":"INFERENCE_COMPLETE","version":"V3","user_id":"demo-user","session_id":"demo-night","inference_seq_num":0,"sleep_stages":[0,0,1,1,1,2,2,2,3,3]}'`,
    ``,
    `  Or replay a whole night: npm run simulate -- --url ${url}`,
    ``,
  ];
  process.stdout.write(lines.join("\n") + "\n");
}

/** One shell word, whatever the path holds. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

main().catch(async (error: unknown) => {
  try {
    process.stderr.write(`\nCould not start: ${error instanceof Error ? error.message : String(error)}\n`);
  } catch {
    // stderr is gone: the exit code still says it
  }
  await settleLogs(500);
  process.exit(1);
});

