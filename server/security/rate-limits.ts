// Per-client limits (rate-limiter-flexible). With REDIS_URL every instance counts in the same Redis,
// so a flood spread over instances behind a load balancer meets one limit; without it, or while Redis
// is away, each instance counts in its own memory (the insurance limiter) rather than failing open
// or failing the request.

import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Logger } from "../logger";
import type { RedisLink } from "../live/redis";

export interface LimitRule {
  /** Requests allowed per window. */
  points: number;
  /** Window, seconds. */
  duration: number;
  /** Once over the limit, refuse for this long (seconds) instead of until the window ends. */
  blockDuration?: number;
}

export interface Limit {
  /** Requests allowed per window. */
  readonly points: number;
  /** Counts one request from `client`: null when allowed, else the seconds it should wait. */
  hit(client: string): Promise<number | null>;
  /** Without counting: null when the next hit from `client` would be allowed, else the seconds to wait. */
  peek(client: string): Promise<number | null>;
  /** Gives one counted request back (an attempt that turned out not to count, e.g. a good sign-in). */
  refund(client: string): Promise<void>;
  /** Forgets everything counted for `client`. */
  reset(client: string): Promise<void>;
  /** How many are counted for `client` in the current window (0 when the store does not answer). */
  used(client: string): Promise<number>;
}

/**
 * Attempts under way per key, shared by every instance like the limits: `take` returns how many are
 * under way with this one, `give` returns a slot. A slot held by a process that died is forgotten
 * when its window ends (SLOT_WINDOW_SECONDS).
 */
export interface Slots {
  take(key: string): Promise<number>;
  give(key: string): Promise<void>;
}

/** Longer than any sign-in takes; a slot lost with a crashed process is free again after it. */
export const SLOT_WINDOW_SECONDS = 15;

export interface RateLimits {
  /** Failed sign-ins per client address (password guessing from one place). */
  signIn: Limit;
  /** Failed sign-ins per account, keyed by a hash of the email (guessing one password from many places). */
  signInAccount: Limit;
  /** Sign-ins being checked right now, per client address and per account (see sign-in-limits.ts). */
  signInsUnderWay: { address: Slots; account: Slots };
  /** Authenticated webhook deliveries per client address (a runaway sender or a leaked key). */
  webhookDelivery: Limit;
  /** Webhook requests with a missing or wrong key per client address (probing, floods). */
  webhookBadKey: Limit;
}

export interface RateLimitSettings {
  signInPerMinute: number;
  webhookPerSecond: number;
  badKeysPerMinute: number;
}

export function createRateLimits(settings: RateLimitSettings, options: { redis?: RedisLink; keyPrefix: string; logger: Logger }): RateLimits {
  return {
    signIn: createLimit("sign-in", { points: settings.signInPerMinute, duration: 60 }, options),
    signInAccount: createLimit("sign-in-account", { points: settings.signInPerMinute, duration: 60 }, options),
    signInsUnderWay: { address: createSlots("sign-in-under-way", options), account: createSlots("sign-in-account-under-way", options) },
    webhookDelivery: createLimit("webhook", { points: settings.webhookPerSecond, duration: 1 }, options),
    webhookBadKey: createLimit("webhook-bad-key", { points: settings.badKeysPerMinute, duration: 60, blockDuration: 300 }, options),
  };
}

type StoreOptions = { redis?: RedisLink; keyPrefix: string; logger: Logger };

/** A limiter counting in Redis when there is one (with memory as insurance), else in memory. */
export function createLimiterStore(name: string, rule: LimitRule, { redis, keyPrefix }: Omit<StoreOptions, "logger">): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ ...rule, keyPrefix: name });
  return redis
    ? new RateLimiterRedis({
        ...rule,
        storeClient: redis.client,
        useRedisPackage: true,
        keyPrefix: `${keyPrefix}:rl:${name}`,
        // Redis not ready: count in memory at once instead of queueing behind a reconnect.
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      })
    : memory;
}

function createLimit(name: string, rule: LimitRule, options: StoreOptions): Limit {
  const { logger } = options;
  const limiter = createLimiterStore(name, rule, options);
  const seconds = (result: RateLimiterRes) => Math.max(1, Math.ceil(result.msBeforeNext / 1000));
  // Neither store answered: a limit is not worth refusing a night's data (or a sign-in) for.
  const unavailable = (error: unknown) => logger.warn({ limit: name, err: (error as Error)?.message }, "rate limit unavailable: request allowed");
  return {
    points: rule.points,
    async hit(client) {
      try {
        await limiter.consume(client);
        return null;
      } catch (result) {
        if (result instanceof RateLimiterRes) return seconds(result);
        unavailable(result);
        return null;
      }
    },
    async peek(client) {
      try {
        const result = await limiter.get(client);
        return result && result.consumedPoints >= rule.points ? seconds(result) : null;
      } catch (error) {
        unavailable(error);
        return null;
      }
    },
    async refund(client) {
      await limiter.reward(client, 1).catch(unavailable);
    },
    async reset(client) {
      await limiter.delete(client).catch(unavailable);
    },
    async used(client) {
      try {
        return Math.max(0, (await limiter.get(client))?.consumedPoints ?? 0);
      } catch (error) {
        unavailable(error);
        return 0;
      }
    },
  };
}

function createSlots(name: string, options: StoreOptions): Slots {
  // A counter, not a limit: the caller decides how many may be under way.
  const limiter = createLimiterStore(name, { points: Number.MAX_SAFE_INTEGER, duration: SLOT_WINDOW_SECONDS }, options);
  const unavailable = (error: unknown) => options.logger.warn({ limit: name, err: (error as Error)?.message }, "rate limit unavailable: request allowed");
  return {
    async take(key) {
      try {
        // A slot given back after its window ended leaves the count below zero for one window.
        return Math.max(1, (await limiter.consume(key)).consumedPoints);
      } catch (error) {
        unavailable(error);
        return 1;
      }
    },
    async give(key) {
      await limiter.reward(key, 1).catch(unavailable);
    },
  };
}

/**
 * A store for better-auth's own limiter (the second line, per process): fixed windows counted by
 * rate-limiter-flexible. better-auth's built-in memory store only forgets a client after a whole quiet
 * window, so a steady stream of good sign-ins from one clinic's address would add up for ever.
 */
export function perProcessWindows(): { consume(key: string, rule: { window: number; max: number }): Promise<{ allowed: boolean; retryAfter: number | null }> } {
  const limiters = new Map<string, RateLimiterMemory>();
  return {
    async consume(key, { window, max }) {
      const name = `${window}:${max}`;
      let limiter = limiters.get(name);
      if (!limiter) limiters.set(name, (limiter = new RateLimiterMemory({ points: max, duration: window, keyPrefix: `auth-${name}` })));
      try {
        await limiter.consume(key);
        return { allowed: true, retryAfter: null };
      } catch (result) {
        if (result instanceof RateLimiterRes) return { allowed: false, retryAfter: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
        throw result;
      }
    },
  };
}
