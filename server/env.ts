// The environment, validated once at start (and `.env`, read by the entry point before this runs).
// Unset or empty means the default the README documents.

import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";
import { parseAdherenceRule, type AdherenceRule } from "@/lib/sleep/adherence";

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
      LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    },
    runtimeEnv: source,
    emptyStringAsUndefined: true,
    onValidationError: (issues) => {
      const lines = issues.map((i) => `  ${(i.path ?? []).map(String).join(".")}: ${i.message}`);
      throw new Error(`Invalid configuration in the environment or .env:\n${lines.join("\n")}`);
    },
  });
}

export type Env = ReturnType<typeof loadEnv>;
