// Redis for sharing Socket.IO rooms between instances (REDIS_URL). The app must keep working while
// Redis is away: start-up does not wait for it, and while it is down live events are delivered to
// this instance's own sockets only (see socket-server.ts), then shared again once it is back.

import { createHash } from "node:crypto";
import { createClient } from "redis";
import type { Logger } from "../logger";

const newClient = (url: string) =>
  createClient({
    url,
    socket: { connectTimeout: 3_000, reconnectStrategy: (retries: number) => Math.min(200 * 2 ** retries, 5_000) },
  });
export type RedisClient = ReturnType<typeof newClient>;

export interface RedisLink {
  client: RedisClient;
  /** Connected and answering commands right now. */
  isReady(): boolean;
  /** PING within a second; false if Redis does not answer. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function connectRedis(url: string, logger: Logger): RedisLink {
  const client = newClient(url);
  let reported = false;
  client.on("error", (error: Error) => {
    // One line per outage, not one per reconnect attempt.
    if (!reported) logger.warn({ err: error.message }, "redis unavailable: live events reach this instance's sockets only");
    reported = true;
  });
  client.on("ready", () => {
    if (reported) logger.info("redis back: live events are shared between instances again");
    reported = false;
  });
  client.connect().catch(() => {
    /* reported by the error handler; the client keeps reconnecting */
  });
  return {
    client,
    isReady: () => client.isReady,
    async ping() {
      if (!client.isReady) return false;
      try {
        await Promise.race([client.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 1_000))]);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      try {
        if (client.isOpen) await client.quit();
      } catch {
        client.destroy();
      }
    },
  };
}

/**
 * Instances that share a database share live events; deployments on different databases that happen
 * to share a Redis must not see each other's rooms. So the stream is named after the database.
 */
export function streamNameFor(databaseUrl: string): string {
  const u = new URL(databaseUrl);
  const identity = `${u.hostname}:${u.port || 5432}${u.pathname}`;
  return `sleep-dashboard:${createHash("sha256").update(identity).digest("hex").slice(0, 16)}`;
}
