// What the custom server builds once at start (database client, configuration, logger) and Next.js
// route handlers use. Route handlers are bundled by Next.js, so they cannot share module instances
// with the server: the runtime is handed over on globalThis, under one well-known symbol.

import type { DestinationPolicy } from "@/lib/outbound/endpoint-url";
import type { AdherenceRule } from "@/lib/sleep/adherence";
import type { CadenceBounds } from "@/lib/sleep/cadence";
import type { StagePlan } from "@/lib/sleep/plan";
import type { Auth } from "./auth/auth";
import type { Db } from "./db/client";
import type { HealthReport } from "./health";
import type { JobQueue } from "./jobs/queue";
import type { Live } from "./live/socket-server";
import type { Logger } from "./logger";
import type { ReportPool } from "./reports/report-limits";

export interface AppConfig {
  asleepApiKey: string;
  /** Human-readable: "embedded PostgreSQL (PGlite) in .data/pglite" or the server's host. */
  databaseLabel: string;
  /** PUBLIC_URL: the only origin state-changing admin requests may come from (unset: the request's host). */
  publicUrl?: string;
  /** The bounds of a night's usual cadence, for the stale rule (lowered only by tests). */
  cadenceBounds: CadenceBounds;
  /** ADHERENCE_RULE: the clinic's adherence rule, shown on patient pages and in reports. */
  adherenceRule: AdherenceRule;
  /** ASLEEP_STAGES: the stage plan a night is drawn with before Asleep's report says (lib/sleep/plan.ts). */
  stagePlan: StagePlan;
  /** OUTBOUND_ALLOW_LOOPBACK: where outbound event endpoints may be (lib/outbound/endpoint-url.ts). */
  outboundDestinations: DestinationPolicy;
  /** The VAPID public key browsers subscribe to the morning notification with (server/push/vapid.ts). */
  pushPublicKey: string;
}

export interface Runtime {
  db: Db;
  auth: Auth;
  /** Route handlers that change who may see whom hand it to changeAccess (revoke, refresh). */
  live: Pick<Live, "publish" | "publishAlert" | "endAccount" | "revoke" | "refresh">;
  /** The job queue (pg-boss): route handlers enqueue work here rather than doing it before they answer. */
  jobs: Pick<JobQueue, "send">;
  /** The period PDF's worker threads, with their admission caps (server/reports/pdf-pool.ts). */
  reports: Pick<ReportPool, "admit">;
  config: AppConfig;
  logger: Logger;
  health: () => Promise<HealthReport>;
}

const RUNTIME = Symbol.for("sleep-dashboard.runtime");
type WithRuntime = typeof globalThis & { [RUNTIME]?: Runtime };

export function setRuntime(runtime: Runtime | undefined): void {
  (globalThis as WithRuntime)[RUNTIME] = runtime;
}

/** The runtime, or undefined outside the app (scripts, unit tests). */
export function findRuntime(): Runtime | undefined {
  return (globalThis as WithRuntime)[RUNTIME];
}

export function getRuntime(): Runtime {
  const runtime = (globalThis as WithRuntime)[RUNTIME];
  if (!runtime) throw new Error("The app runtime is not initialised: start the app with `npm start` (server/index.ts), not `next start`.");
  return runtime;
}
