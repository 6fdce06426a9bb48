// What one viewer may ask of the live layer. 3,000 `session:sync` at once from one patient drained the
// database pool (webhooks waited up to 10.7 s, one got a 503), and 300 sockets on one cookie were all
// accepted. So: events are limited per socket and per account (rate-limiter-flexible; the account's
// count is shared through Redis when there is one), sockets per sign-in session, and the database
// reads viewers ask for (session:sync) go through a small gate, so ingest always finds a connection.

import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Logger } from "../logger";
import type { RedisLink } from "./redis";
import { createLimiterStore } from "../security/rate-limits";

export interface LiveLimitSettings {
  /** Events one socket may send a second (a page sends a sync and a clock per connect). */
  eventsPerSocket: number;
  /** Events one account may send a second, over all its sockets on every instance. */
  eventsPerAccount: number;
  /** Open sockets per sign-in session, per instance (a browser opens one per tab). */
  socketsPerSession: number;
  /** Viewer-caused database reads under way at once on this instance. */
  readsAtOnce: number;
}

/**
 * Waiting reads beyond this are refused at once ("busy, retry"). Every page comes back at once after a
 * restart (a sync each, asked again when slow), so it is well above the pages one instance serves; a flood
 * is stopped before it by the limits per socket, account and sign-in.
 */
export const READ_QUEUE_MAX = 5000;

export interface LiveLimits {
  /** Counts one event: null when allowed, else the seconds to wait. */
  event(socketId: string, accountId: string): Promise<number | null>;
  /** Reserves a socket for a sign-in session: a release function, or null when it has its quota already. */
  reserveSocket(sessionId: string): (() => void) | null;
  /**
   * Reserves a connection (engine.io's, which carries the sockets) for a sign-in session, counted
   * separately with the same quota, before the WebSocket upgrade: a release function, or null.
   */
  reserveConnection(sessionId: string): (() => void) | null;
  /** Runs a viewer's read when a slot is free; rejects with ReadsBusyError when too many wait. */
  read<T>(work: () => Promise<T>): Promise<T>;
  readonly settings: LiveLimitSettings;
}

export class ReadsBusyError extends Error {
  constructor() {
    super("too many reads waiting");
  }
}

export function createLiveLimits(settings: LiveLimitSettings, options: { redis?: RedisLink; keyPrefix: string; logger: Logger }): LiveLimits {
  const perSocket = new RateLimiterMemory({ points: settings.eventsPerSocket, duration: 1, keyPrefix: "live-socket" });
  const perAccount: RateLimiterAbstract = createLimiterStore("live-account", { points: settings.eventsPerAccount, duration: 1 }, options);
  const wait = (result: RateLimiterRes) => Math.max(1, Math.ceil(result.msBeforeNext / 1000));
  const sockets = createQuota(settings.socketsPerSession);
  const connections = createQuota(settings.socketsPerSession);
  const gate = createGate(settings.readsAtOnce, READ_QUEUE_MAX);

  const count = async (limiter: RateLimiterAbstract, key: string): Promise<number | null> => {
    try {
      await limiter.consume(key);
      return null;
    } catch (result) {
      if (result instanceof RateLimiterRes) return wait(result);
      // Neither store answered: the socket's own limit (in memory) still holds.
      options.logger.warn({ limit: "live-account", err: (result as Error)?.message }, "rate limit unavailable: event allowed");
      return null;
    }
  };

  return {
    settings,
    async event(socketId, accountId) {
      return (await count(perSocket, socketId)) ?? (await count(perAccount, accountId));
    },
    reserveSocket: sockets,
    reserveConnection: connections,
    read: gate,
  };
}

/** At most `size` places per key: a reservation returns its (idempotent) release, or null when the key has them all. */
export function createQuota(size: number): (key: string) => (() => void) | null {
  const taken = new Map<string, number>();
  return (key) => {
    const open = taken.get(key) ?? 0;
    if (open >= size) return null;
    taken.set(key, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (taken.get(key) ?? 1) - 1;
      if (left <= 0) taken.delete(key);
      else taken.set(key, left);
    };
  };
}

/** A semaphore with a bounded queue: at most `size` tasks run at once, at most `queueMax` wait. */
export function createGate(size: number, queueMax: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    running--;
    const next = waiting.shift();
    if (next) {
      running++;
      next();
    }
  };
  return async (work) => {
    if (running >= size) {
      if (waiting.length >= queueMax) throw new ReadsBusyError();
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else running++;
    try {
      return await work();
    } finally {
      release();
    }
  };
}
