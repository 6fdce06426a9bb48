// Every command in the shell blocks of README.md and docs/*.md, as written, on a fresh `git clone` of this checkout's
// committed HEAD: the README is the outside contract, so it cannot drift from the product. The
// commands are read from README.md itself, not copied here.
//
// The one shortcut is `npm install` (minutes, and it needs the registry): the clone gets this
// checkout's node_modules (a symlink), the Prisma client `npm install` generates (server/db/generated,
// copied) and this checkout's production build (.next without its cache, copied; `npm test` builds
// before the integration suite). So the quick start's `npm install && ` is the one part not run.
// Substituted, and only these: the placeholders `postgresql://…` (a fresh database on the test
// PostgreSQL server), `redis://…` (the test Redis), the `…` secrets (random values), and ports (the
// instances' 3001/3002, and PORT for the quick start, set in the environment as a .env would, so
// neither collides with anything on the machine). `npm test` is not run from inside itself.
//
// What is checked, as a new user would: the several-instances commands on a DATA_DIR that does not
// exist yet (both serve, share one database, and a webhook taken by one reaches a browser on the
// other); the PostgreSQL-server command; the quick start on a fresh DATA_DIR (serves, /api/health ok);
// `npm run users -- add` and `list` with the app running and with it stopped; `npm run simulate`
// (the night is stored, complete, and its sleeper sees it). About 3–4 minutes on a loaded 2-core machine
// (`npm run simulate` alone takes its documented minute). Everything it starts is killed.

import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents, SessionUpdateEvent } from "@/lib/live/events";
import { createTestDatabase, type TestDatabase } from "./support/postgres";
import { requireRedis, TEST_REDIS_URL } from "./support/redis";

const ROOT = path.resolve(import.meta.dirname, "..");
const execFileAsync = promisify(execFile);

// ── The README's commands, and those of every page in docs/ ───────────────────────────────────────
const DOC_PAGES = ["README.md", ...readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const README = DOC_PAGES.map((page) => readFileSync(path.join(ROOT, page), "utf8")).join("\n");
const shellLines = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split("\n").filter((l) => l.trim() !== ""));
const covered = new Set<string>();
function commands(what: string, test: (line: string) => boolean): string[] {
  const found = shellLines.filter(test);
  assert.ok(found.length > 0, `README.md and docs/ have no ${what} command any more: update this test with it`);
  found.forEach((l) => covered.add(l));
  return found;
}
const [quickStart] = commands("quick start", (l) => l.startsWith("npm install && npm start"));
const accountCommands = commands("`npm run users -- add`", (l) => /^(USER_PASSWORD='[^']+' )?npm run users -- add/.test(l));
const [simulateCommand] = commands("`npm run simulate`", (l) => l.startsWith("npm run simulate"));
const instanceCommands = commands("several-instances", (l) => l.includes("REDIS_URL=") && / npm start$/.test(l));
const [postgresCommand] = commands("PostgreSQL server", (l) => l.startsWith("DATABASE_URL=") && !l.includes("REDIS_URL=") && / npm start$/.test(l));
commands("`npm test`", (l) => l.trim() === "npm test"); // not run from inside itself
// Not run here: each takes minutes of the whole machine to measure it, which the suites beside this one would disturb.
commands("`npm run bench`", (l) => l.startsWith("npm run bench"));
// Not run here either: it seeds thousands of nights and then records one at real speed until stopped.
commands("`npm run demo`", (l) => l.startsWith("npm run demo"));
const exportCommands = commands("export download (curl)", (l) => l.startsWith("curl ") && l.includes("cookies.txt"));
// `npm run users -- list` is in the Commands table rather than a shell block.
const listCommand = /`(npm run users -- list)`/.exec(README)?.[1];

// ── Processes ─────────────────────────────────────────────────────────────────────────────────────
/** A fresh terminal: none of the app's variables (the test runner's own may be set), nor npm's. */
function terminalEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  const appVariables = /^(PORT|HOST|DATA_DIR|DATABASE_URL|ASLEEP_API_KEY|AUTH_SECRET|PUBLIC_URL|TRUST_PROXY|REDIS_URL|ASLEEP_API_BASE|BACKFILL_INTERVAL|TEST_CADENCE_FLOOR|WEBHOOK_RATE_LIMIT|WEBHOOK_BAD_KEY_LIMIT|SIGN_IN_RATE_LIMIT|LOG_LEVEL|NODE_ENV|NODE_OPTIONS)$/;
  for (const [k, v] of Object.entries(process.env)) if (!appVariables.test(k) && !/^npm_/i.test(k)) env[k] = v;
  return { ...env, ...extra } as NodeJS.ProcessEnv;
}

interface App {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<void>;
}
const started = new Set<ChildProcess>();

/** Runs a long-lived README command (`… npm start`) in its own process group, until it says where it serves. */
async function startApp(cwd: string, line: string, port: number, env: NodeJS.ProcessEnv): Promise<App> {
  const child = spawn("bash", ["-c", line], { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  started.add(child);
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const banner = `running at http://localhost:${port}`;
  const deadline = Date.now() + 150_000;
  while (!output.includes(banner)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`\`${line}\` exited before serving:\n${output}`);
    if (Date.now() > deadline) throw new Error(`\`${line}\` did not serve in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url: `http://127.0.0.1:${port}`, child, output: () => output, exited };
}

/** Ctrl-C, as a person stops it: SIGINT to the whole group (npm, tsx, the app). */
async function stopApp(app: App): Promise<void> {
  if (app.child.exitCode === null && app.child.signalCode === null) process.kill(-app.child.pid!, "SIGINT");
  const killed = setTimeout(() => killGroup(app.child), 30_000);
  await app.exited;
  clearTimeout(killed);
  // The app (a grandchild) may outlive npm by a moment; the next command must find it gone.
  const deadline = Date.now() + 30_000;
  while (groupAlive(app.child) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(!groupAlive(app.child), "the app did not stop on Ctrl-C");
  started.delete(app.child);
}

function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}
function killGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Runs a one-shot README command; it must succeed. */
async function runCommand(cwd: string, line: string, env: NodeJS.ProcessEnv, timeout = 90_000): Promise<string> {
  try {
    const { stdout } = await execFileAsync("bash", ["-c", line], { cwd, env, timeout });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`\`${line}\` failed: ${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "0.0.0.0");
  await new Promise((r) => server.once("listening", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

// ── Talking to the app as a browser would ─────────────────────────────────────────────────────────
async function signIn(app: App, email: string, password: string): Promise<string> {
  const res = await fetch(`${app.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(res.status, 200, `sign-in as ${email}: ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.includes("session_token="));
  assert.ok(cookie, "no session cookie");
  return cookie.split(";")[0]!;
}
async function getJson<T>(app: App, pathname: string, cookie?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${app.url}${pathname}`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, body: (await res.json()) as T };
}
/** `--email E --password 'P'` from a README account command. */
function credentialsIn(line: string): { email: string; password: string } {
  const password = /USER_PASSWORD='([^']+)'/.exec(line)?.[1];
  const email = /--email (\S+)/.exec(line)?.[1];
  assert.ok(password && email, `no USER_PASSWORD/--email in \`${line}\``);
  // npm prints the command line it runs: the password must not be on it.
  assert.doesNotMatch(line.replace(/^USER_PASSWORD='[^']+' /, ""), /--password/, `a password on npm's command line in \`${line}\``);
  return { email, password };
}

// ── The test ──────────────────────────────────────────────────────────────────────────────────────
describe("every README command, as written, on a fresh clone", { timeout: 600_000 }, () => {
  let clone: string;
  let database: TestDatabase | undefined;

  before(async () => {
    await requireRedis();
    assert.ok(existsSync(path.join(ROOT, ".next", "BUILD_ID")), "no production build in this checkout: run `npx next build` (npm test does) first");
    clone = mkdtempSync(path.join(tmpdir(), "sleep-readme-"));
    const head = (await execFileAsync("git", ["-C", ROOT, "rev-parse", "HEAD"])).stdout.trim();
    await execFileAsync("git", ["clone", "--quiet", ROOT, clone]);
    await execFileAsync("git", ["-C", clone, "checkout", "--quiet", "--detach", head]);
    // What `npm install` would have made (see the comment at the top).
    symlinkSync(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"));
    cpSync(path.join(ROOT, "server/db/generated"), path.join(clone, "server/db/generated"), { recursive: true });
    cpSync(path.join(ROOT, ".next"), path.join(clone, ".next"), { recursive: true, filter: (src) => !src.startsWith(path.join(ROOT, ".next", "cache")) });
    // Empty, as an operator's new database is: the two instances started together queue on the migration lock.
    database = await createTestDatabase({ empty: true });
  });

  after(async () => {
    for (const child of started) killGroup(child);
    await database?.drop();
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  it("runs every command in the README's shell blocks (or says why not)", () => {
    assert.deepEqual(shellLines.filter((l) => !covered.has(l)), []);
    assert.ok(listCommand, "README.md no longer documents `npm run users -- list`");
  });

  it("several instances on PostgreSQL + Redis, DATA_DIR not there yet: both serve, share the database, and share live events", async () => {
    assert.ok(!existsSync(path.join(clone, ".data")), "the fresh clone already has a DATA_DIR");
    const apiKey = `ak_${randomBytes(18).toString("base64url")}`;
    const authSecret = randomBytes(32).toString("base64url");
    const ports: number[] = [];
    const lines = [];
    for (const command of instanceCommands) {
      const port = await freePort();
      ports.push(port);
      const line = command
        .replace("DATABASE_URL=postgresql://…", `DATABASE_URL=${database!.url}`)
        .replace("REDIS_URL=redis://…", `REDIS_URL=${TEST_REDIS_URL}`)
        .replace("ASLEEP_API_KEY=…", `ASLEEP_API_KEY=${apiKey}`)
        .replace("AUTH_SECRET=…", `AUTH_SECRET=${authSecret}`)
        .replace(/\bPORT=\d+/, `PORT=${port}`);
      assert.ok(!line.includes("…"), `a placeholder this test does not know in \`${command}\``);
      lines.push(line);
    }
    assert.equal(lines.length, 2, "the README shows two instances");
    // Started together, as the README shows them.
    const apps = await Promise.all(lines.map((line, i) => startApp(clone, line, ports[i]!, terminalEnv())));
    try {
      for (const app of apps) {
        const health = await getJson<{ status: string; database: string; redis: string }>(app, "/api/health");
        assert.deepEqual([health.status, health.body.status, health.body.database, health.body.redis], [200, "ok", "ok", "ok"]);
        // The key given in the environment is never printed.
        assert.ok(!app.output().includes(apiKey), "ASLEEP_API_KEY appears in the app's output");
      }
      const [a, b] = apps as [App, App];

      // An admin made with the README's command is known to both.
      const adminCommand = accountCommands.find((l) => l.includes("--role admin"))!;
      assert.match(await runCommand(clone, adminCommand, terminalEnv()), /Created admin/);
      const { email, password } = credentialsIn(adminCommand);
      const cookie = await signIn(b, email, password);

      // A webhook taken by A reaches a browser on B, and B serves the night A stored.
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(b.url, {
        transports: ["websocket"],
        forceNew: true,
        extraHeaders: { cookie, origin: b.url },
      });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once("connect", () => resolve());
          socket.once("connect_error", reject);
        });
        const update = new Promise<SessionUpdateEvent>((resolve) => socket.on("session:update", (u) => u.sessionId === "readme-night" && resolve(u)));
        const res = await fetch(`${a.url}/api/asleep-webhook`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": apiKey, "x-user-id": "readme-user" },
          body: JSON.stringify({ event: "INFERENCE_COMPLETE", version: "V3", user_id: "readme-user", session_id: "readme-night", inference_seq_num: 0, sleep_stages: [0, 0, 1, 1, 1, 2, 2, 2, 3, 3] }),
        });
        assert.equal(res.status, 200);
        assert.deepEqual((await update).sleepStages, [0, 0, 1, 1, 1, 2, 2, 2, 3, 3]);
      } finally {
        socket.close();
      }
      const night = await getJson<{ userId: string; state: string }>(b, "/api/sessions/readme-night", cookie);
      assert.equal(night.status, 200);
      assert.equal(night.body.userId, "readme-user");
    } finally {
      for (const app of apps) await stopApp(app);
    }
  });

  it("the PostgreSQL-server command serves the same database; `npm run users -- list` through it", async () => {
    const port = await freePort();
    const line = postgresCommand!.replace(/DATABASE_URL=postgresql:\/\/\S+/, `DATABASE_URL=${database!.url}`);
    const app = await startApp(clone, line, port, terminalEnv({ PORT: String(port) }));
    try {
      const health = await getJson<{ status: string }>(app, "/api/health");
      assert.equal(health.body.status, "ok");
      // The admin the instances stored: this is their database.
      const adminCommand = accountCommands.find((l) => l.includes("--role admin"))!;
      assert.match(await runCommand(clone, listCommand!, terminalEnv({ DATABASE_URL: database!.url })), new RegExp(credentialsIn(adminCommand).email));
    } finally {
      await stopApp(app);
    }
  });

  it("quick start on a fresh DATA_DIR; accounts with the app running and stopped; `npm run simulate` stores a night its sleeper sees", async () => {
    rmSync(path.join(clone, ".data"), { recursive: true, force: true }); // the commands above made one
    const port = await freePort();
    const env = terminalEnv({ PORT: String(port) });
    const startLine = quickStart!.replace(/^npm install && /, "");
    const adminCommand = accountCommands.find((l) => l.includes("--role admin"))!;
    const otherAccounts = accountCommands.filter((l) => l !== adminCommand);

    let app = await startApp(clone, startLine, port, env);
    try {
      const health = await getJson<{ status: string; database: string }>(app, "/api/health");
      assert.deepEqual([health.status, health.body.status, health.body.database], [200, "ok", "ok"]);
      // With the app running: through its control socket. What npm printed does not show the password.
      const printed = await runCommand(clone, `${adminCommand} 2>&1`, env);
      assert.match(printed, /Created admin/);
      assert.ok(!printed.includes(credentialsIn(adminCommand).password), `the password was printed:\n${printed}`);
    } finally {
      await stopApp(app);
    }

    // With the app stopped: the command opens the embedded database itself.
    for (const line of otherAccounts) assert.match(await runCommand(clone, line, env), /Created /);
    const stoppedList = await runCommand(clone, listCommand!, env);
    for (const line of accountCommands) assert.match(stoppedList, new RegExp(credentialsIn(line).email));

    app = await startApp(clone, startLine, port, env);
    try {
      const runningList = await runCommand(clone, listCommand!, env);
      for (const line of accountCommands) assert.match(runningList, new RegExp(credentialsIn(line).email));

      const simulated = await runCommand(clone, simulateCommand!, env, 240_000);
      const sleeper = accountCommands.find((l) => l.includes("--role patient"))!;
      const asleepUser = /--asleep-user-id (\S+)/.exec(sleeper)![1]!;
      const cookie = await signIn(app, credentialsIn(sleeper).email, credentialsIn(sleeper).password);
      const list = await getJson<{ sessions: Array<{ id: string; userId: string; state: string }> }>(app, "/api/sessions", cookie);
      assert.equal(list.status, 200);
      assert.equal(list.body.sessions.length, 1, `the sleeper should see the simulated night; simulate said:\n${simulated}`);
      const [night] = list.body.sessions;
      assert.deepEqual([night!.userId, night!.state], [asleepUser, "COMPLETE"]);
      const full = await getJson<{ sleepStages: number[] }>(app, `/api/sessions/${encodeURIComponent(night!.id)}`, cookie);
      assert.equal(full.body.sleepStages.length, 8 * 120, "an 8-hour night of 30-second epochs");

      // The export downloads with curl, for that night and its sleeper (the placeholders abc123 and
      // asleep-A), signed in as the README's clinician; the date range is widened to take in today.
      const today = new Date().toISOString().slice(0, 10);
      for (const line of exportCommands) {
        await runCommand(
          clone,
          line
            .replaceAll("localhost:3000", `localhost:${port}`)
            .replaceAll("abc123", encodeURIComponent(night!.id))
            .replaceAll("asleep-A", asleepUser)
            .replace(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/, `from=2026-01-01&to=${today}`),
          env,
        );
      }
      const read = (file: string) => readFileSync(path.join(clone, file), "utf8");
      assert.equal(JSON.parse(read("night.fhir.json")).resourceType, "Bundle");
      assert.ok(JSON.parse(read("nights.fhir.json")).entry.length > 0, "the patient's FHIR bundle holds the night");
      assert.equal(JSON.parse(read("night.omh.json")).header.schema_id.name, "sleep-episode");
      assert.equal(read("nights.csv").trim().split("\n").length, 2, "nights.csv: a header and the night");
    } finally {
      await stopApp(app);
    }
  });
});
