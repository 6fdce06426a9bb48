// npm run users -- add --email E --role admin|clinician|patient [--asleep-user-id U] [--clinician E2] [--name N] [--timezone Z] [--enrolled-on YYYY-MM-DD] [--credential C]
// npm run users -- list
//
// The password is asked for (not echoed), or read from USER_PASSWORD, or from the first line of stdin
// when it is not a terminal: never from the command line, which npm prints whole before running it.
//
// Talks to the running app through its control socket in DATA_DIR when it is up (the embedded
// database belongs to that process); otherwise opens the database itself.

import "dotenv/config";
import { existsSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import type { NewUser, UserSummary } from "../server/accounts/users";
import { controlSocketPath } from "../server/data-dir";
import { loadEnv } from "../server/env";

const USAGE = `Usage:
  npm run users -- add --email E --role admin|clinician|patient [--asleep-user-id U] [--clinician E2] [--name N] [--timezone Z] [--enrolled-on YYYY-MM-DD] [--credential C]
  npm run users -- list
  npm run users -- --help

add: creates an account. The password (at least 10 characters) is asked for without echoing it; in a
script set USER_PASSWORD, or pipe it on stdin. (--password P still works when this file is run
directly, but npm prints the whole command line, password included.)
  --role patient needs --asleep-user-id (the Asleep user whose nights are theirs);
  --clinician E2 assigns the patient to that clinician's account;
  --timezone Z (an IANA name such as Europe/Paris, or an offset such as +09:00);
  --enrolled-on YYYY-MM-DD a patient's enrolment date (default: the day the account is made).
list: every account with its role, Asleep user, clinicians or patients, and time zone.
Talks to the running app through its control socket in DATA_DIR, or opens the database itself.`;

type Command = { kind: "add"; user: NewUser } | { kind: "list" };

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      "asleep-user-id": { type: "string" },
      clinician: { type: "string" },
      timezone: { type: "string" },
      help: { type: "boolean", short: "h" },
      "enrolled-on": { type: "string" },
      credential: { type: "string" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.password !== undefined && process.env.npm_lifecycle_event) {
    console.error("users: npm has just printed this password in its command line; next time leave --password out and type it when asked, or set USER_PASSWORD.");
  }
  const command: Command | null =
    positionals[0] === "list"
      ? { kind: "list" }
      : positionals[0] === "add"
        ? {
            kind: "add",
            user: {
              email: values.email ?? "",
              password: positionals[0] === "add" ? (values.password ?? (await readPassword(values.email ?? ""))) : "",
              role: values.role as NewUser["role"],
              name: values.name,
              asleepUserId: values["asleep-user-id"],
              clinician: values.clinician,
              timezone: values.timezone,
              enrolledOn: values["enrolled-on"],
              credential: values.credential,
            },
          }
        : null;
  if (!command) throw new Error(USAGE);

  const env = loadEnv();
  const dataDir = path.resolve(env.DATA_DIR);
  const socket = controlSocketPath(dataDir);
  // A socket file left by an app that is no longer running refuses the connection: then go direct.
  const result = existsSync(socket)
    ? await viaRunningApp(socket, command).catch((error: Error & { fromApp?: boolean }) => {
        if (error.fromApp) throw error;
        return undefined;
      })
    : undefined;
  print(command, result ?? (await directly(env, dataDir, command)));
}

/** USER_PASSWORD, else a prompt that does not echo (a terminal), else the first line of stdin (a pipe). */
async function readPassword(email: string): Promise<string> {
  if (process.env.USER_PASSWORD) return process.env.USER_PASSWORD;
  const input = process.stdin;
  if (!input.isTTY) {
    let text = "";
    for await (const chunk of input) {
      text += String(chunk);
      if (text.includes("\n")) break;
    }
    input.destroy();
    return text.split(/\r?\n/)[0] ?? "";
  }
  process.stderr.write(`Password for ${email || "the new account"} (not shown): `);
  input.setRawMode(true);
  input.resume();
  const password = await new Promise<string>((resolve, reject) => {
    let typed = "";
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return finish(() => resolve(typed));
        if (ch === "\u0003") return finish(() => reject(new Error("cancelled")));
        if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    const finish = (then: () => void) => {
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write("\n");
      then();
    };
    input.on("data", onData);
  });
  return password;
}

async function viaRunningApp(socketPath: string, command: Command): Promise<UserSummary | UserSummary[]> {
  const body = command.kind === "add" ? JSON.stringify(command.user) : undefined;
  const { status, json } = await new Promise<{ status: number; json: { error?: string; user?: UserSummary; users?: UserSummary[] } }>((resolve, reject) => {
    const req = request({ socketPath, path: "/users", method: command.kind === "add" ? "POST" : "GET" }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end(body);
  });
  if (status >= 400) throw Object.assign(new Error(json.error ?? `failed (${status})`), { fromApp: true });
  return command.kind === "add" ? json.user! : json.users!;
}

async function directly(env: ReturnType<typeof loadEnv>, dataDir: string, command: Command) {
  // Loaded only here: with the app running (the usual case) they are not needed, and they made every
  // call take a second of CPU to start.
  const [{ addUser, listUsers }, { createAuth }, { NO_LIVE_CONNECTIONS }, { createDb }, { startEmbeddedPostgres }, { applyMigrations }, { resolveSecrets }] = await Promise.all([
    import("../server/accounts/users"),
    import("../server/auth/auth"),
    import("../server/data/access"),
    import("../server/db/client"),
    import("../server/db/embedded"),
    import("../server/db/migrate"),
    import("../server/secrets"),
  ]);
  const embedded = env.DATABASE_URL ? null : await startEmbeddedPostgres(dataDir);
  const url = env.DATABASE_URL ?? embedded!.url;
  const db = createDb({ connectionString: url, poolSize: 1 });
  try {
    await applyMigrations(url, { shared: !embedded });
    const auth = createAuth({ db, secret: resolveSecrets(dataDir, env).authSecret, secureCookies: true });
    // No app answered here, so no live connection of this DATA_DIR is open. (Instances elsewhere on the
    // same PostgreSQL are not told: a clinician given a new patient this way sees them live from their
    // next connection. A new account only adds sight, so nobody sees what they may not.)
    return command.kind === "add" ? await addUser(db, auth, NO_LIVE_CONNECTIONS, command.user) : await listUsers(db);
  } finally {
    await db.$disconnect();
    await embedded?.close();
  }
}

function print(command: Command, result: UserSummary | UserSummary[]) {
  if (command.kind === "add") {
    const u = result as UserSummary;
    const links = [u.asleepUserId && `Asleep user ${u.asleepUserId}`, u.clinicians.length > 0 && `clinician ${u.clinicians.join(", ")}`, u.timezone && `time zone ${u.timezone}`].filter(Boolean);
    console.log(`Created ${u.role} ${u.email}${links.length ? ` (${links.join("; ")})` : ""}.`);
    return;
  }
  const users = result as UserSummary[];
  if (users.length === 0) return console.log("No accounts yet.");
  const rows = users.map((u) => [u.email, u.role, u.asleepUserId ?? "", u.role === "patient" ? u.clinicians.join(", ") : u.patients.join(", "), u.timezone ?? ""]);
  const header = ["email", "role", "asleep user", "clinicians / patients", "time zone"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd());
}

main().catch((error: unknown) => {
  console.error(`users: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
