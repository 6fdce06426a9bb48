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
  /** Counts one request from `client`: null when allowed, else the seconds it should wait. */
  hit(client: string): Promise<number | null>;
}

export interface RateLimits {
  /** Sign-in attempts per client address (password guessing). */
  signIn: Limit;
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
    webhookDelivery: createLimit("webhook", { points: settings.webhookPerSecond, duration: 1 }, options),
    webhookBadKey: createLimit("webhook-bad-key", { points: settings.badKeysPerMinute, duration: 60, blockDuration: 300 }, options),
  };
}

function createLimit(name: string, rule: LimitRule, { redis, keyPrefix, logger }: { redis?: RedisLink; keyPrefix: string; logger: Logger }): Limit {
  const memory = new RateLimiterMemory({ ...rule, keyPrefix: name });
  const limiter: RateLimiterAbstract = redis
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
  return {
    async hit(client) {
      try {
        await limiter.consume(client);
        return null;
      } catch (result) {
        if (result instanceof RateLimiterRes) return Math.max(1, Math.ceil(result.msBeforeNext / 1000));
        // Neither store answered: a limit is not worth refusing a night's data for.
        logger.warn({ limit: name, err: (result as Error)?.message }, "rate limit unavailable: request allowed");
        return null;
      }
    },
  };
}
