// The environment, validated once at start (and `.env`, read by the entry point before this runs).
// Unset or empty means the default the README documents.

import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";
import { parseAdherenceRule, type AdherenceRule } from "@/lib/sleep/adherence";
import { parseStagePlan, type StagePlan } from "@/lib/sleep/plan";

/** A duration: `500ms`, `60s`, `2m`, `12h`, or a bare number of seconds. Parsed to milliseconds. */
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const duration = (fallback: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?(ms|s|m|h)?$/, "must be a duration such as 500ms, 60s, 2m or 12h")
    .default(fallback)
    .transform((v) => {
      const [, amount, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v)!;
      return Number(amount) * UNIT_MS[(unit ?? "s") as keyof typeof UNIT_MS];
    })
    .refine((ms) => ms >= 10, "must be at least 10ms");

/**
 * A five-field cron expression, as pg-boss schedules take (every 30 minutes: star-slash-30 then four
 * stars), or "off" for no schedule.
 */
const cron = (fallback: string) =>
  z
    .string()
    .regex(/^\s*(off|(\S+\s+){4}\S+)\s*$/, 'must be a five-field cron expression such as "*/30 * * * *", or "off"')
    .transform((v) => v.trim())
    .default(fallback);

/** A key as base64url (no padding) of exactly `bytes` bytes. */
const base64urlKey = (bytes: number, what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, `must be ${what}, base64url`)
    .refine((v) => Buffer.from(v, "base64url").length === bytes, `must be ${what}, base64url`);

export function loadEnv(source: Record<string, string | undefined> = process.env) {
  return createEnv({
    server: {
      NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
      PORT: z.coerce.number().int().min(0).max(65535).default(3000),
      HOST: z.string().min(1).default("0.0.0.0"),
      DATA_DIR: z.string().min(1).default("./.data"),
      DATABASE_URL: z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
        .optional(),
      ASLEEP_API_KEY: z.string().min(8, "must be at least 8 characters").optional(),
      AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
      REDIS_URL: z.url().optional(),
      ASLEEP_API_BASE: z.url().default("https://api.asleep.ai"),
      /** How often stale nights are looked for and back-filled from ASLEEP_API_BASE. */
      BACKFILL_INTERVAL: duration("60s"),
      /** A night silent this long after its last delivery, and not completed, is closed as Incomplete. */
      INCOMPLETE_AFTER: duration("12h"),
      /** Tests only: the shortest usual cadence a night is judged by (1 minute in real use). */
      TEST_CADENCE_FLOOR: duration("1m"),
      /** Outbound events: the first retry's wait after a failed delivery (each next one doubles, capped at 720×). */
      OUTBOUND_RETRY_BASE: duration("30s"),
      /** Outbound events: at most one night.stage_changed per night per this window. */
      OUTBOUND_STAGE_DEBOUNCE: duration("15m"),
      /** Outbound events: how often nights a lost nudge missed, and deliveries whose job was lost, are looked for. */
      OUTBOUND_SWEEP_INTERVAL: duration("30s"),
      /**
       * Outbound events: "true" lets endpoints be on this machine (127.0.0.0/8, ::1, localhost; plain http
       * too), for development and tests. Private, link-local, metadata and other special addresses never.
       */
      OUTBOUND_ALLOW_LOOPBACK: z
        .enum(["true", "false"], 'must be "true" or "false"')
        .default("false")
        .transform((v) => v === "true"),
      /** After SIGTERM, the process exits by then whatever is still open (server/shutdown.ts), saying what. */
      SHUTDOWN_DEADLINE: duration("15s"),
      /** A client must have sent a request's headers within this (Node's headersTimeout): half-sent headers are cut off. */
      HTTP_HEADERS_TIMEOUT: duration("10s"),
      /** ...and the whole request, body included, within this (requestTimeout): a dribbled body gets a 408. */
      HTTP_REQUEST_TIMEOUT: duration("60s"),
      /** An idle kept-alive connection is closed after this (keepAliveTimeout); above a proxy's own idle timeout. */
      HTTP_KEEP_ALIVE_TIMEOUT: duration("5s"),
      /** Live connection: events one socket may send a second (more are answered "retry in N s", unread). */
      LIVE_EVENTS_PER_SOCKET: z.coerce.number().int().min(1).default(10),
      /** Live connection: events one account may send a second over all its sockets (shared through Redis). */
      LIVE_EVENTS_PER_ACCOUNT: z.coerce.number().int().min(1).default(30),
      /** Live connection: open sockets per sign-in session on one instance (more are refused at the handshake). */
      LIVE_SOCKETS_PER_SESSION: z.coerce.number().int().min(1).default(20),
      PUBLIC_URL: z.url().optional(),
      TRUST_PROXY: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
      // Per client address (the TCP peer, or X-Forwarded-For's last hop with TRUST_PROXY=true).
      WEBHOOK_RATE_LIMIT: z.coerce.number().int().min(1).default(1000),
      WEBHOOK_BAD_KEY_LIMIT: z.coerce.number().int().min(1).default(20),
      SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
      /** The clinic's adherence rule: hours of sleep, target share of days, window in days (the usual insurer rule by default). */
      ADHERENCE_RULE: z
        .string()
        .default("4h,70%,30d")
        .transform((v, ctx): AdherenceRule => {
          const rule = parseAdherenceRule(v);
          if (rule instanceof Error) {
            ctx.addIssue({ code: "custom", message: rule.message });
            return z.NEVER;
          }
          return rule;
        }),
      /**
       * The stages the clinic's Asleep plan scores ("4": Wake/Light/Deep/REM; "2": the basic plan's
       * Wake/Sleep), for a night with no report yet (lib/sleep/plan.ts: a report or a Deep/REM epoch decides).
       */
      ASLEEP_STAGES: z
        .string()
        .default("4")
        .transform((v, ctx): StagePlan => {
          const plan = parseStagePlan(v);
          if (plan === null) {
            ctx.addIssue({ code: "custom", message: 'must be "4" or "2"' });
            return z.NEVER;
          }
          return plan;
        }),
      /** Alert e-mail through this SMTP server (smtp:// or smtps://, credentials in the URL); unset: no e-mail. */
      SMTP_URL: z
        .string()
        .regex(/^smtps?:\/\/[^/]+/, "must be an smtp:// or smtps:// URL")
        .optional(),
      /** The From of alert e-mail. */
      ALERT_MAIL_FROM: z.string().min(3).default("Sleep dashboard <alerts@localhost>"),
      /** When the scheduled rules (no data for N nights, adherence) run: cron, in ALERTS_TIMEZONE. */
      ALERTS_SCHEDULE: cron("*/30 * * * *"),
      /** When the daily digest e-mail goes out: cron, in ALERTS_TIMEZONE. */
      ALERTS_DIGEST_SCHEDULE: cron("0 7 * * *"),
      ALERTS_TIMEZONE: z.string().min(1).default("UTC").refine((zone) => {
        try {
          new Intl.DateTimeFormat("en", { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, "must be an IANA time zone such as Europe/Paris"),
      /** The morning notification's VAPID key pair (base64url, as `npx web-push generate-vapid-keys` prints); unset: generated once, kept in the database. */
      VAPID_PUBLIC_KEY: base64urlKey(65, "an uncompressed P-256 public key (65 bytes)").optional(),
      VAPID_PRIVATE_KEY: base64urlKey(32, "a P-256 private key (32 bytes)").optional(),
      /** Who push services may contact about the app's messages: a mailto: or https: URL. */
      VAPID_SUBJECT: z
        .string()
        .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, "must be a mailto: or https: URL")
        .default("mailto:push@localhost"),
      LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    },
    createFinalSchema: (shape) =>
      z
        .object(shape)
        .refine((e) => e.HTTP_HEADERS_TIMEOUT <= e.HTTP_REQUEST_TIMEOUT, { path: ["HTTP_HEADERS_TIMEOUT"], message: "must not be longer than HTTP_REQUEST_TIMEOUT" })
        .refine((e) => !e.VAPID_PUBLIC_KEY === !e.VAPID_PRIVATE_KEY, { path: ["VAPID_PRIVATE_KEY"], message: "set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither" }),
    runtimeEnv: source,
    emptyStringAsUndefined: true,
    onValidationError: (issues) => {
      const lines = issues.map((i) => `  ${(i.path ?? []).map(String).join(".")}: ${i.message}`);
      throw new Error(`Invalid configuration in the environment or .env:\n${lines.join("\n")}`);
    },
  });
}

export type Env = ReturnType<typeof loadEnv>;
