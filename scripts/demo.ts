// npm run demo -- [--url http://localhost:$PORT] [--key K] [--patients 60] [--days 45] [--no-live]
//
// A clinic to look at: seeds a realistic clinic into the running app (started here when none answers)
// through its real webhook, as Asleep would send it — 60 patients in several zones (some with Korean
// names), 45 days of nights with gaps, new enrolments, tags, notes, the alerts the clinic's rules raise
// from those nights, one night going quiet and one night recording live at real speed (an analysis
// every 5 minutes, until Ctrl-C) — and prints how to sign in as each role. Running it again adds
// nothing twice: accounts that exist are kept, nights are stored once whatever is delivered again.

import "dotenv/config";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync, readFileSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { controlSocketPath } from "../server/data-dir";
import { enrolmentDayOf } from "../lib/sleep/enrolment";
import { DEMO_DOMAIN, DEMO_PASSWORD } from "./demo/accounts";
import { generateNight } from "./simulate/night";
import { inferenceCount, inferencePayload, sessionCompletePayload, type NightIdentity } from "./simulate/payloads";

const USAGE = `Usage: npm run demo -- [options]

Seeds a realistic clinic into the app through its real webhook and prints how to sign in as each role.

  --url URL        the app (default http://localhost:$PORT, else 3000); started here when none answers
  --key K          the webhook key (default ASLEEP_API_KEY, else the app's DATA_DIR/secrets.json)
  --patients N     patients (default 60)
  --days D         days of nights (default 45)
  --no-live        deliver the live night's past and stop, instead of recording it on at real speed
  -h, --help       this text`;

const argsSchema = z.object({
  url: z.url().default(`http://localhost:${process.env.PORT || 3000}`),
  key: z.string().min(1).optional(),
  patients: z.coerce.number().int().min(10).max(500).default(60),
  days: z.coerce.number().int().min(7).max(120).default(45),
  live: z.boolean().default(true),
});


const ZONES = ["Europe/Paris", "Asia/Seoul", "America/New_York", "Europe/London", "Asia/Tokyo", "America/Los_Angeles"];
const KOREAN = ["김민준", "이서연", "박지훈", "최수아", "정하준", "강지민", "조은서", "윤도윤", "장서윤", "임시우", "한지아", "오예준"];
const GIVEN = ["Ana", "Ben", "Cara", "Dan", "Eva", "Finn", "Gia", "Hugo", "Ines", "Jon", "Kira", "Leo", "Mia", "Noah", "Olga", "Paul", "Rosa", "Sam", "Tara", "Umar", "Vera", "Will", "Yara", "Zoe"];
const FAMILY = ["Alves", "Berg", "Cruz", "Dore", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Khan", "Laurent", "Moreau", "Novak", "Okafor", "Petit", "Quinn", "Rossi", "Silva", "Tanaka"];
const TAGS = ["alcohol", "caffeine", "late meal", "exercise", "stress", "travel"];
const NOTES = [
  "Discussed sleep hygiene; keep the phone out of the bedroom.",
  "Reports morning headaches. Review snoring over the next two weeks.",
  "Started CBT-I programme, week 1.",
  "Shift work changed last week: expect later bedtimes.",
  "Called: device was charging in another room for three nights.",
];

interface DemoPatient {
  n: number;
  name: string;
  email: string;
  asleepUserId: string;
  zone: string;
  clinician: string;
  /** Days ago the patient started recording (new enrolments: a few). */
  enrolledDaysAgo: number;
  /** Days ago they stopped (a gap until today), 0 when still recording. */
  stoppedDaysAgo: number;
  /** A poor sleeper: short nights now and then. */
  poor: boolean;
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function clinic(count: number, days: number): DemoPatient[] {
  const random = mulberry32(24);
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const korean = i % 5 === 1;
    const zone = korean ? "Asia/Seoul" : ZONES[i % ZONES.length]!;
    const name = korean ? KOREAN[Math.floor(i / 5) % KOREAN.length]! : `${GIVEN[i % GIVEN.length]} ${FAMILY[(i * 7) % FAMILY.length]}`;
    const id = `demo-${String(n).padStart(3, "0")}`;
    return {
      n,
      name,
      email: `${id}@${DEMO_DOMAIN}`,
      asleepUserId: id,
      zone,
      clinician: i % 3 === 2 ? `dr.kim@${DEMO_DOMAIN}` : `dr.lee@${DEMO_DOMAIN}`,
      // One in ten enrolled this week; the others over the whole period.
      enrolledDaysAgo: i % 10 === 9 ? 1 + (i % 5) : days,
      // One in eight stopped recording 4 to 9 days ago.
      stoppedDaysAgo: i % 8 === 5 ? 4 + Math.floor(random() * 6) : 0,
      poor: i % 6 === 3,
    };
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      help: { type: "boolean", short: "h" },
      url: { type: "string" },
      key: { type: "string" },
      patients: { type: "string" },
      days: { type: "string" },
      "no-live": { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const args = argsSchema.parse({ url: values.url, key: values.key, patients: values.patients, days: values.days, live: !values["no-live"] });
  const dataDir = path.resolve(process.env.DATA_DIR || "./.data");
  const started = await ensureApp(args.url, dataDir);
  const key = args.key ?? process.env.ASLEEP_API_KEY ?? keyFromDataDir(dataDir);
  const socket = controlSocketPath(dataDir);
  const patients = clinic(args.patients, args.days);

  console.log(`Seeding a clinic of ${patients.length} patients × ${args.days} days into ${args.url} …`);
  await addAccount(socket, { email: `admin@${DEMO_DOMAIN}`, password: DEMO_PASSWORD, role: "admin", name: "Alex Admin" });
  await addAccount(socket, { email: `dr.lee@${DEMO_DOMAIN}`, password: DEMO_PASSWORD, role: "clinician", name: "Dr Lee" });
  await addAccount(socket, { email: `dr.kim@${DEMO_DOMAIN}`, password: DEMO_PASSWORD, role: "clinician", name: "Dr Kim 김" });
  const now = Date.now();
  for (const p of patients) {
    // Enrolled on the day of their first night (adherence and the programme counters count from it;
    // without it every patient would be enrolled today, and "too early to tell" everywhere).
    const enrolledOn = enrolmentDayOf(now - Math.min(p.enrolledDaysAgo, args.days) * 86_400_000, p.zone);
    await addAccount(socket, { email: p.email, password: DEMO_PASSWORD, role: "patient", name: p.name, asleepUserId: p.asleepUserId, clinician: p.clinician, timezone: p.zone, enrolledOn });
  }

  // Every night of every patient, as SESSION_COMPLETE deliveries (several in flight, as Asleep sends them).
  const endpoint = new URL("/api/asleep-webhook", args.url).toString();
  const jobs: Array<() => Promise<unknown>> = [];
  const random = mulberry32(2026);
  const tagged: Array<{ email: string; sessionId: string; tags: string[] }> = [];
  for (const p of patients) {
    for (let ago = Math.min(p.enrolledDaysAgo, args.days); ago >= 1; ago--) {
      if (ago < p.stoppedDaysAgo) continue;
      // Gaps: about one night in eight missing.
      if (random() < 0.12) continue;
      const hours = p.poor && random() < 0.35 ? 3.5 + random() : 6 + random() * 2.5;
      const start = bedtime(now, ago, p.zone, random);
      if (start + hours * 3600_000 > now) continue;
      const id: NightIdentity = { userId: p.asleepUserId, sessionId: `${p.asleepUserId}-${start}`, start: new Date(start), timezone: p.zone };
      const night = generateNight({ seed: p.n * 1000 + ago, durationMinutes: Math.round(hours * 60) });
      jobs.push(() => deliver(endpoint, key, p.asleepUserId, sessionCompletePayload(night, id)));
      if (ago <= 7 && random() < 0.15) tagged.push({ email: p.email, sessionId: id.sessionId, tags: [TAGS[Math.floor(random() * TAGS.length)]!] });
    }
  }
  await inParallel(jobs, 6, (done) => done % 250 === 0 && console.log(`  ${done} / ${jobs.length} nights delivered`));
  console.log(`  ${jobs.length} nights delivered through ${endpoint}`);

  // Tags are the sleeper's own (only they tag their nights); notes are the clinicians'.
  const taggers = [...new Set(tagged.map((t) => t.email))].slice(0, 6);
  for (const email of taggers) {
    const cookie = await signIn(args.url, email);
    for (const t of tagged.filter((x) => x.email === email)) await send(args.url, cookie, "PUT", `/api/sessions/${encodeURIComponent(t.sessionId)}/tags`, { tags: t.tags });
  }
  for (const clinician of ["dr.lee", "dr.kim"]) {
    const cookie = await signIn(args.url, `${clinician}@${DEMO_DOMAIN}`);
    const theirs = patients.filter((p) => p.clinician === `${clinician}@${DEMO_DOMAIN}`);
    for (const [i, p] of theirs.filter((_, i) => i % 4 === 0).entries()) {
      await send(args.url, cookie, "POST", `/api/patients/${encodeURIComponent(p.asleepUserId)}/notes`, { text: NOTES[i % NOTES.length]!, shared: i % 3 === 0 });
    }
  }
  console.log(`  tags on ${tagged.length} nights of ${taggers.length} sleepers; notes by both clinicians`);

  // Tonight: one night that went quiet after an hour and a half (Stale on the board ten minutes after
  // its last analysis), and one recording live.
  // Each in a zone where it is night now (it began at bedtime on their own clock), else the first ones.
  const atNight = (blocks: number) => patients.filter((p) => p.stoppedDaysAgo === 0 && isBedtime(now - blocks * 5 * 60_000, p.zone));
  const quiet = atNight(18)[0] ?? patients[0]!;
  await recordTonight(endpoint, key, quiet, 18, now);
  const live = atNight(30).find((p) => p !== quiet) ?? patients[1]!;
  const liveNight = await recordTonight(endpoint, key, live, 30, now);

  const longest = patients.find((p) => p !== quiet && p !== live && p.stoppedDaysAgo === 0 && p.enrolledDaysAgo >= args.days)!;
  console.log(`
The clinic is ready. Sign in at ${new URL("/login", args.url).toString()} with the password "${DEMO_PASSWORD}":

  admin      admin@${DEMO_DOMAIN}     everyone's board, Data and deliveries, the alert rules
  clinician  dr.lee@${DEMO_DOMAIN}    Dr Lee: two thirds of the patients, their alerts and notes
  clinician  dr.kim@${DEMO_DOMAIN}    Dr Kim: the other third
  sleeper    ${live.email}   ${live.name} (${live.zone}), whose night is being recorded now
  sleeper    ${longest.email}   ${longest.name} (${longest.zone}), with ${args.days} days of nights
`);
  if (!args.live) {
    if (started) {
      console.log(`The app started for the demo keeps running (pid ${started.pid}; its log: ${path.join(dataDir, "demo-server.log")}).`);
      started.unref();
    }
    return;
  }
  console.log(`Recording ${live.name}'s night live, an analysis every 5 minutes (Ctrl-C stops it${started ? " and the app started for it" : ""}).`);
  await liveNight();
}

/** Whether `ms` is between 21:00 and 02:00 on the clock of `zone`: when a night could have begun. */
function isBedtime(ms: number, zone: string): boolean {
  const hour = new TZDate(ms, zone).getHours();
  return hour >= 21 || hour < 2;
}

/** Where a patient's night `ago` days back started: between 22:00 and 00:30 on their own clock. */
function bedtime(now: number, ago: number, zone: string, random: () => number): number {
  const day = new TZDate(now - ago * 86_400_000, zone);
  return new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), 22, 0, 0, zone).getTime() + Math.round(random() * 150) * 60_000;
}

/**
 * A night started `blocks` × 5 minutes ago, its analyses so far delivered now; returns what records the
 * rest of it at real speed (one analysis every 5 minutes, as Asleep sends them).
 */
async function recordTonight(endpoint: string, key: string, p: DemoPatient, blocks: number, now: number) {
  const start = new Date(now - blocks * 5 * 60_000);
  const id: NightIdentity = { userId: p.asleepUserId, sessionId: `${p.asleepUserId}-tonight-${start.toISOString().slice(0, 10)}`, start, timezone: p.zone };
  const night = generateNight({ seed: p.n, durationMinutes: 8 * 60 });
  for (let seq = 0; seq < blocks; seq++) await deliver(endpoint, key, p.asleepUserId, inferencePayload(night, id, seq));
  return async () => {
    for (let seq = blocks; seq < inferenceCount(night); seq++) {
      await new Promise((r) => setTimeout(r, 5 * 60_000));
      await deliver(endpoint, key, p.asleepUserId, inferencePayload(night, id, seq));
      console.log(`  ${new Date().toISOString()} analysis ${seq + 1} / ${inferenceCount(night)} of ${p.name}'s night`);
    }
    await deliver(endpoint, key, p.asleepUserId, sessionCompletePayload(night, id));
    console.log(`  ${p.name}'s night is complete.`);
  };
}

async function inParallel(jobs: Array<() => Promise<unknown>>, width: number, progress: (done: number) => void) {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        await jobs[next++]!();
        progress(++done);
      }
    }),
  );
}

/** A webhook delivery, retried on 5xx, 429 and network errors as a sender that must not lose one. */
async function deliver(endpoint: string, key: string, userId: string, body: unknown): Promise<void> {
  let last = "";
  for (let attempt = 0; attempt < 8; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(30_000, 250 * 2 ** attempt)));
    try {
      const res = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json", "x-api-key": key, "x-user-id": userId }, body: JSON.stringify(body) });
      const text = await res.text();
      if (res.ok) return;
      if (res.status < 500 && res.status !== 429) throw new Error(`refused: ${res.status} ${text}`);
      last = `${res.status} ${text}`;
    } catch (error) {
      if ((error as Error).message.startsWith("refused")) throw error;
      last = (error as Error).message;
    }
  }
  throw new Error(`gave up after 8 attempts: ${last}`);
}

/** An account through the app's control socket; one that exists already is kept as it is. */
function addAccount(socket: string, body: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, path: "/users", method: "POST" }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => (res.statusCode === 201 || res.statusCode === 409 ? resolve() : reject(new Error(`adding ${body.email}: ${res.statusCode} ${text}`))));
    });
    req.on("error", (error) => reject(new Error(`the app's control socket (${socket}): ${error.message}; is DATA_DIR the app's?`)));
    req.end(JSON.stringify(body));
  });
}

async function signIn(url: string, email: string): Promise<string> {
  const res = await fetch(new URL("/api/auth/sign-in/email", url), { method: "POST", headers: { "content-type": "application/json", origin: url }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  const cookie = res.headers.getSetCookie().find((c) => c.includes("session_token="));
  if (!res.ok || !cookie) throw new Error(`${email} could not sign in: ${res.status}`);
  return cookie.split(";")[0]!;
}

async function send(url: string, cookie: string, method: string, pathname: string, body: unknown): Promise<void> {
  const res = await fetch(new URL(pathname, url), { method, headers: { cookie, "content-type": "application/json", origin: new URL(url).origin }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${await res.text()}`);
}

function keyFromDataDir(dataDir: string): string {
  const file = path.join(dataDir, "secrets.json");
  try {
    return z.object({ asleepApiKey: z.string() }).parse(JSON.parse(readFileSync(file, "utf8"))).asleepApiKey;
  } catch {
    throw new Error(`No API key: pass --key, set ASLEEP_API_KEY, or start the app once so it creates ${file}.`);
  }
}

/** The app at `url`, started here (`npm start`, its output in DATA_DIR/demo-server.log) when none answers. */
async function ensureApp(url: string, dataDir: string): Promise<ChildProcess | null> {
  const up = async () => (await fetch(new URL("/api/health", url), { signal: AbortSignal.timeout(5_000) }).catch(() => null))?.ok === true;
  if (await up()) return null;
  mkdirSync(dataDir, { recursive: true });
  const log = openSync(path.join(dataDir, "demo-server.log"), "a");
  console.log(`No app answers at ${url}: starting one (npm start; the first start builds it, about a minute) …`);
  // Its own process group: npm starts the app as a grandchild, and stopping must reach it too.
  const child = spawn("npm", ["start"], { stdio: ["ignore", log, log], detached: true, env: { ...process.env, PORT: new URL(url).port || "3000" } });
  const stop = () => {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
  };
  process.once("SIGINT", () => {
    stop();
    process.exit(130);
  });
  for (let waited = 0; waited < 600_000; waited += 2_000) {
    if (child.exitCode !== null) throw new Error(`the app stopped (exit ${child.exitCode}); see ${path.join(dataDir, "demo-server.log")}`);
    if (await up()) return child;
    await new Promise((r) => setTimeout(r, 2_000));
  }
  stop();
  throw new Error(`the app did not answer at ${url} within 10 minutes; see ${path.join(dataDir, "demo-server.log")}`);
}

main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
