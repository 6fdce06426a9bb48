// npm run users -- add --email E --password P --role admin|clinician|patient [--asleep-user-id U] [--clinician E2] [--name N] [--timezone Z]
// npm run users -- list
//
// Talks to the running app through its control socket in DATA_DIR when it is up (the embedded
// database belongs to that process); otherwise opens the database itself.

import "dotenv/config";
import { existsSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { addUser, listUsers, type NewUser, type UserSummary } from "../server/accounts/users";
import { createAuth } from "../server/auth/auth";
import { controlSocketPath } from "../server/control";
import { createDb } from "../server/db/client";
import { startEmbeddedPostgres } from "../server/db/embedded";
import { applyMigrations } from "../server/db/migrate";
import { loadEnv } from "../server/env";
import { resolveSecrets } from "../server/secrets";

const USAGE = `Usage:
  npm run users -- add --email E --password P --role admin|clinician|patient [--asleep-user-id U] [--clinician E2] [--name N] [--timezone Z]
  npm run users -- list`;

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
    },
  });
  const command: Command | null =
    positionals[0] === "list"
      ? { kind: "list" }
      : positionals[0] === "add"
        ? {
            kind: "add",
            user: {
              email: values.email ?? "",
              password: values.password ?? "",
              role: values.role as NewUser["role"],
              name: values.name,
              asleepUserId: values["asleep-user-id"],
              clinician: values.clinician,
              timezone: values.timezone,
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
  const embedded = env.DATABASE_URL ? null : await startEmbeddedPostgres(dataDir);
  const url = env.DATABASE_URL ?? embedded!.url;
  const db = createDb({ connectionString: url, poolSize: 1 });
  try {
    await applyMigrations(url, { shared: !embedded });
    const auth = createAuth({ db, secret: resolveSecrets(dataDir, env).authSecret, secureCookies: true });
    return command.kind === "add" ? await addUser(db, auth, command.user) : await listUsers(db);
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
