// What a load balancer asks before sending traffic: is the database reachable (required), is Redis
// (optional: without it the instance still serves, with live events local to itself).

import { readFileSync } from "node:fs";
import { z } from "zod";
import path from "node:path";
import type { Db } from "./db/client";
import type { RedisLink } from "./live/redis";

/** GET /api/health */
export const healthAnswer = z.object({
  status: z.enum(["ok", "degraded", "unavailable"]),
  version: z.string(),
  database: z.enum(["ok", "unreachable"]),
  redis: z.enum(["ok", "unreachable", "not configured"]),
});

export interface HealthReport {
  status: "ok" | "degraded" | "unavailable";
  version: string;
  database: "ok" | "unreachable";
  redis: "ok" | "unreachable" | "not configured";
}

const VERSION = (JSON.parse(readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { version: string }).version;

/** `sharing`: the live layer hears the other instances and its rooms are current (server/live/access-rooms.ts); Redis is "ok" only then. */
export async function checkHealth(db: Db, redis: RedisLink | undefined, sharing: () => boolean = () => true): Promise<HealthReport> {
  const [database, redisOk] = await Promise.all([
    Promise.race([db.$queryRaw`SELECT 1`.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3_000))]).catch(() => false),
    redis ? redis.ping().then((ok) => ok && sharing()) : Promise.resolve(null),
  ]);
  const redisState = redisOk === null ? "not configured" : redisOk ? "ok" : "unreachable";
  return {
    status: !database ? "unavailable" : redisState === "unreachable" ? "degraded" : "ok",
    version: VERSION,
    database: database ? "ok" : "unreachable",
    redis: redisState,
  };
}
