// Accounts for tests, made the way an operator makes them: `npm run users` against the running app.

import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { postFrom } from "./http";
import type { RunningServer } from "./server";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");

export async function usersCli(server: RunningServer, args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: server.dataDir };
  delete env.DATABASE_URL;
  const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/users.ts", ...args], { cwd: ROOT, env, timeout: 60_000 });
  return stdout;
}

export interface SignInResult {
  status: number;
  cookie: string | null;
  headers: Record<string, string | string[] | undefined>;
}

/** POST /api/auth/sign-in/email from a chosen loopback address (rate limits are per address). */
export async function signIn(server: RunningServer, email: string, password: string, localAddress = "127.0.0.1"): Promise<SignInResult> {
  const res = await postFrom(`${server.url}/api/auth/sign-in/email`, { localAddress, body: JSON.stringify({ email, password }) });
  const setCookie = res.headers["set-cookie"];
  const session = (Array.isArray(setCookie) ? setCookie : []).find((c) => c.includes("session_token="));
  return { status: res.status, cookie: session ? session.split(";")[0]! : null, headers: res.headers };
}

export async function signOut(server: RunningServer, cookie: string): Promise<number> {
  const res = await fetch(`${server.url}/api/auth/sign-out`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: server.url },
    body: "{}",
  });
  return res.status;
}

export async function getJson(server: RunningServer, pathname: string, cookie?: string) {
  const res = await fetch(`${server.url}${pathname}`, { headers: cookie ? { cookie } : {} });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV and other text stay text
  }
  return { status: res.status, body: body as Record<string, unknown>, text, headers: res.headers };
}
