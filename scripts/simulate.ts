// npm run simulate -- [--url http://localhost:$PORT] [--user U] [--session S] [--speed N] [--key K]
//                     [--hours H] [--seed N] [--shape flat|envelope] [--end ISO-8601]
//
// Replays a realistic night through the real webhook endpoint, as Asleep would send it: one
// INFERENCE_COMPLETE per 5 simulated minutes, then SESSION_COMPLETE. --speed is simulated seconds per
// real second (60 = an hour a minute; default 480 = an 8-hour night in a minute; "max" = no waiting).
// Retries 5xx and network errors with backoff, like a sender that must not lose a delivery.

import "dotenv/config";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { generateNight } from "./simulate/night";
import { inferenceCount, inferencePayload, sessionCompletePayload, type NightIdentity } from "./simulate/payloads";

const argsSchema = z.object({
  // The app's own port (PORT, also from .env) unless told otherwise, so `npm run simulate` finds the app `npm start` started.
  url: z.url().default(`http://localhost:${process.env.PORT || 3000}`),
  user: z.string().min(1).max(128).default("demo-user"),
  session: z.string().min(1).max(128).optional(),
  speed: z.union([z.literal("max"), z.coerce.number().positive()]).default(480),
  key: z.string().min(1).optional(),
  hours: z.coerce.number().min(0.25).max(16).default(8),
  seed: z.coerce.number().int().optional(),
  shape: z.enum(["flat", "envelope"]).default("flat"),
  timezone: z.string().default(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"),
  quiet: z.boolean().default(false),
  // When the night ended (default: now), to fill a history of earlier nights; with an offset or Z.
  end: z.iso.datetime({ offset: true }).optional(),
});

const USAGE = `Usage: npm run simulate -- [options]

Replays a realistic night through the app's real webhook, as Asleep sends it: one INFERENCE_COMPLETE
per 5 simulated minutes, then SESSION_COMPLETE.

  --url URL          the app (default http://localhost:$PORT, PORT from the environment or .env, else 3000)
  --user U           the Asleep user id (default demo-user)
  --session S        the session id (default: from the end time and the seed)
  --speed N|max      simulated seconds per real second (default 480: an 8-hour night in a minute)
  --hours H          the night's length, 0.25 to 16 (default 8)
  --seed N           the same seed gives the same night
  --shape flat|envelope   the payload shape (default flat)
  --timezone Z       the night's zone (default this machine's)
  --end ISO-8601     when the night ended (default now)
  --quiet            print only the last line
  --key K            the webhook key; better ASLEEP_API_KEY in the environment (npm prints the command
                     line). Without either, the key the app generated in DATA_DIR/secrets.json.
  -h, --help         this text`;

async function main() {
  const { values } = parseArgs({
    options: {
      help: { type: "boolean", short: "h" },
      url: { type: "string" },
      user: { type: "string" },
      session: { type: "string" },
      speed: { type: "string" },
      key: { type: "string" },
      hours: { type: "string" },
      seed: { type: "string" },
      shape: { type: "string" },
      timezone: { type: "string" },
      quiet: { type: "boolean" },
      end: { type: "string" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const { help: _help, ...options } = values;
  const parsed = argsSchema.safeParse(options);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
  }
  const args = parsed.data;
  // The environment wins over the stored key: an app started with ASLEEP_API_KEY uses that one.
  const { key, source: keySource } = args.key
    ? { key: args.key, source: "--key" }
    : process.env.ASLEEP_API_KEY
      ? { key: process.env.ASLEEP_API_KEY, source: "ASLEEP_API_KEY" }
      : keyFromDataDir();
  const seed = args.seed ?? Math.floor(Math.random() * 2 ** 31);
  // Whole 5-minute blocks, as Asleep analyses them.
  const durationMinutes = Math.max(5, Math.round((args.hours * 60) / 5) * 5);
  const night = generateNight({ seed, durationMinutes });
  const now = args.end ? Date.parse(args.end) : Date.now();
  const id: NightIdentity = {
    userId: args.user,
    sessionId: args.session ?? `${formatCompact(new Date(now))}_${seed.toString(36).slice(0, 5)}`,
    // A replay of the night that just ended (or ended at --end).
    start: new Date(now - durationMinutes * 60_000),
    timezone: args.timezone,
  };
  const endpoint = new URL("/api/asleep-webhook", args.url).toString();
  const log = (line: string) => args.quiet || console.log(line);
  await checkAppAnswers(args.url);
  log(`Simulating ${durationMinutes / 60} h night ${id.sessionId} for user ${id.userId} (seed ${seed}) → ${endpoint}`);

  const count = inferenceCount(night);
  const blockRealMs = args.speed === "max" ? 0 : (300 / args.speed) * 1000;
  const startedAt = Date.now();
  let stored = 0;
  for (let seq = 0; seq < count; seq++) {
    await sleepUntil(startedAt + (seq + 1) * blockRealMs);
    const status = await deliver(endpoint, key, keySource, id.userId, inferencePayload(night, id, seq, args.shape));
    stored++;
    log(`  INFERENCE_COMPLETE ${String(seq).padStart(3)} / ${count - 1}  → ${status}`);
  }
  const status = await deliver(endpoint, key, keySource, id.userId, sessionCompletePayload(night, id, args.shape));
  log(`  SESSION_COMPLETE → ${status}`);
  console.log(`Done: ${stored} inferences and 1 SESSION_COMPLETE for session ${id.sessionId}.`);
}

/** Within 5 s: something answers at the URL, or a message saying what to do (not a minute of retries). */
async function checkAppAnswers(url: string): Promise<void> {
  const health = new URL("/api/health", url).toString();
  try {
    await fetch(health, { signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    const why = cause === "TimeoutError" ? "nothing answered within 5 s" : cause === "ECONNREFUSED" ? "the connection was refused" : `it failed (${cause})`;
    throw new Error(`No app answers at ${url}: ${why}. Is it running (npm start, in another terminal)? Another address: --url.`);
  }
}

async function deliver(endpoint: string, key: string, keySource: string, userId: string, body: unknown): Promise<string> {
  let lastError = "";
  let retryAfterMs = 0;
  for (let attempt = 0; attempt < 8; attempt++) {
    // The server's Retry-After (429, 503) when it gave one, else exponential backoff.
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(30_000, retryAfterMs || 250 * 2 ** attempt)));
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": key, "x-user-id": userId },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      if (response.ok) return `${response.status} ${text}`;
      if (response.status === 401) {
        throw new Error(
          `refused: 401, the app does not take the key from ${keySource}. ` +
            (keySource === "ASLEEP_API_KEY" || keySource === "--key"
              ? "The app was started without that key: start it with the same ASLEEP_API_KEY, or leave it unset here to use the key it generated in DATA_DIR/secrets.json."
              : "The app was started with its own ASLEEP_API_KEY: set the same ASLEEP_API_KEY here."),
        );
      }
      if (response.status < 500 && response.status !== 429) throw new Error(`refused: ${response.status} ${text}`);
      lastError = `${response.status} ${text}`;
      retryAfterMs = (Number(response.headers.get("retry-after")) || 0) * 1000;
    } catch (error) {
      if ((error as Error).message.startsWith("refused")) throw error;
      lastError = (error as Error).message;
    }
  }
  throw new Error(`gave up after 8 attempts: ${lastError}`);
}

function keyFromDataDir(): { key: string; source: string } {
  const file = path.resolve(process.env.DATA_DIR || "./.data", "secrets.json");
  try {
    return { key: z.object({ asleepApiKey: z.string() }).parse(JSON.parse(readFileSync(file, "utf8"))).asleepApiKey, source: file };
  } catch {
    throw new Error(`No API key: pass --key, set ASLEEP_API_KEY, or start the app once so it creates ${file}.`);
  }
}

function formatCompact(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

async function sleepUntil(time: number) {
  const wait = time - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

main().catch((error: unknown) => {
  console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
