// Accounts in /admin, on the real server: an admin creates a clinician and a patient, assigns and
// reassigns the patient (the clinician's access follows), disables an account (its browser and live
// socket are cut off at once, it cannot sign in) and enables it again, sets a password, and issues a
// one-time reset link that works once and not after it expires. Only admins, only from the app's origin.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/live/events";
import { getJson, signIn, usersCli } from "./support/accounts";
import { query } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const PASSWORD = "a long enough passphrase";

interface Account {
  id: string;
  email: string;
  role: string;
  asleepUserId: string | null;
  disabledAt: string | null;
  clinicians: Array<{ email: string }>;
}

describe("accounts in /admin", { timeout: 300_000 }, () => {
  let server: RunningServer;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const sockets: Client[] = [];
  let address = 10;
  const nextAddress = () => `127.0.5.${address++}`;

  const send = async (method: "POST" | "PATCH", pathname: string, body: unknown, { who = "admin", origin = server.url }: { who?: string | null; origin?: string | null } = {}) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (who) headers.cookie = cookies[who]!;
    if (origin) headers.origin = origin;
    const res = await fetch(`${server.url}${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const accounts = async () => (await getJson(server, "/api/admin/accounts", cookies.admin)).body.accounts as Account[];
  const openSocket = (cookie: string): Promise<Client> => {
    const socket: Client = connect(server.url, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie } });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once("connect", () => resolve(socket));
      socket.once("connect_error", reject);
    });
  };

  before(async () => {
    const target: WebhookTarget = { url: "", apiKey: "accounts-test-key-0123456789" };
    server = await startServer({ apiKey: target.apiKey });
    target.url = server.url;
    await usersCli(server, ["add", "--email", "admin@acc.test", "--password", PASSWORD, "--role", "admin"]);
    await usersCli(server, ["add", "--email", "old@acc.test", "--name", "Dr Old", "--password", PASSWORD, "--role", "clinician"]);
    const stages = Array(100).fill(1);
    assert.equal((await postWebhook(target, sessionComplete({ userId: "acc-P", sessionId: "acc-night", startTime: "2026-11-02T22:00:00Z", endTime: "2026-11-02T22:50:00Z", timezone: "UTC", sleepStages: stages, stat: {} }))).status, 200);
    for (const who of ["admin", "old"]) {
      const result = await signIn(server, `${who}@acc.test`, PASSWORD, nextAddress());
      assert.ok(result.cookie, who);
      cookies[who] = result.cookie;
    }
    ids.admin = (await accounts()).find((a) => a.email === "admin@acc.test")!.id;
  });

  after(async () => {
    for (const s of sockets) s.close();
    await server?.stop();
  });

  it("an admin creates a clinician and a patient linked to an Asleep user and assigned; they sign in", async () => {
    const clinician = await send("POST", "/api/admin/accounts", { email: "New@Acc.test", name: "Dr New", role: "clinician", password: PASSWORD });
    assert.equal(clinician.status, 201, JSON.stringify(clinician.body));
    assert.equal(clinician.body.email, "new@acc.test");
    ids.new = clinician.body.id as string;
    const patient = await send("POST", "/api/admin/accounts", { email: "pat@acc.test", name: "Pat", role: "patient", asleepUserId: "acc-P", clinician: "old@acc.test", password: PASSWORD });
    assert.equal(patient.status, 201, JSON.stringify(patient.body));
    ids.pat = patient.body.id as string;
    assert.deepEqual((patient.body.clinicians as Array<{ email: string }>).map((c) => c.email), ["old@acc.test"]);
    for (const who of ["new", "pat"]) {
      const result = await signIn(server, `${who}@acc.test`, PASSWORD, nextAddress());
      assert.equal(result.status, 200, who);
      cookies[who] = result.cookie!;
    }
    assert.equal((await getJson(server, "/api/sessions/acc-night", cookies.pat)).status, 200, "the patient sees their night");
    assert.equal((await getJson(server, "/api/sessions/acc-night", cookies.old)).status, 200, "their clinician too");
    assert.equal((await getJson(server, "/api/sessions/acc-night", cookies.new)).status, 404, "not another clinician");
  });

  it("refusals are clear 4xx with the field named, and create nothing", async () => {
    const before = (await accounts()).length;
    const cases: Array<[unknown, number, RegExp]> = [
      [{ email: "x@acc.test", role: "clinician", password: "short" }, 400, /password: must be at least 10 characters/],
      [{ email: "not-an-email", role: "clinician", password: PASSWORD }, 400, /^email: /],
      [{ email: "y@acc.test", role: "patient", password: PASSWORD }, 400, /asleepUserId: a patient needs/],
      [{ email: "z@acc.test", role: "wizard", password: PASSWORD }, 400, /^role: /],
      [{ email: "new@acc.test", role: "clinician", password: PASSWORD }, 409, /already has an account/],
      [{ email: "q@acc.test", role: "patient", asleepUserId: "acc-P", password: PASSWORD }, 409, /already linked/],
      [{ email: "r@acc.test", role: "patient", asleepUserId: "acc-R", clinician: "pat@acc.test", password: PASSWORD }, 409, /is not a clinician's account/],
    ];
    for (const [body, status, message] of cases) {
      const res = await send("POST", "/api/admin/accounts", body);
      assert.equal(res.status, status, JSON.stringify(body));
      const issues = res.body.issues as Array<{ path: string; message: string }> | undefined;
      const said = issues?.length ? issues.map((i) => `${i.path}: ${i.message}`).join("; ") : String(res.body.error);
      assert.match(said, message, JSON.stringify(res.body));
    }
    assert.equal((await accounts()).length, before);
    assert.equal((await send("PATCH", `/api/admin/accounts/${ids.new}`, { clinicians: ["old@acc.test"] })).status, 400, "a clinician is not assigned to clinicians");
    assert.equal((await send("PATCH", `/api/admin/accounts/${ids.pat}`, { clinicians: ["pat@acc.test"] })).status, 400, "only clinicians are assigned");
    assert.equal((await send("PATCH", `/api/admin/accounts/${ids.admin}`, { disabled: true })).status, 400, "an admin cannot disable themself");
    assert.equal((await send("PATCH", "/api/admin/accounts/not-a-uuid", { disabled: true })).status, 400);
    assert.equal((await send("PATCH", `/api/admin/accounts/${crypto.randomUUID()}`, { disabled: true })).status, 404);
  });

  it("the same account created six times at once: one 201, five 409 saying why, one account (also through `npm run users`)", async () => {
    const body = { email: "twin@acc.test", name: "Twin", role: "clinician", password: PASSWORD };
    const answers = await Promise.all(Array.from({ length: 6 }, () => send("POST", "/api/admin/accounts", body)));
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409, 409, 409, 409], JSON.stringify(answers.map((a) => a.body)));
    for (const a of answers.filter((x) => x.status === 409)) assert.match(String(a.body.error), /^twin@acc\.test already has an account$/);
    // One Asleep user linked by two new accounts at once: one wins, the other is told.
    const linked = await Promise.all(["link-a@acc.test", "link-b@acc.test"].map((email) => send("POST", "/api/admin/accounts", { email, role: "patient", asleepUserId: "acc-L", password: PASSWORD })));
    assert.deepEqual(linked.map((a) => a.status).sort(), [201, 409], JSON.stringify(linked.map((a) => a.body)));
    assert.match(String(linked.find((a) => a.status === 409)!.body.error), /^Asleep user acc-L is already linked to another account$/);
    const all = await accounts();
    assert.equal(all.filter((a) => a.email === "twin@acc.test").length, 1);
    assert.equal(all.filter((a) => a.asleepUserId === "acc-L").length, 1);

    const cli = await Promise.allSettled(Array.from({ length: 3 }, () => usersCli(server, ["add", "--email", "cli-twin@acc.test", "--password", PASSWORD, "--role", "clinician"])));
    assert.equal(cli.filter((r) => r.status === "fulfilled").length, 1, JSON.stringify(cli));
    for (const r of cli) if (r.status === "rejected") assert.match(String((r.reason as { stderr?: string }).stderr), /cli-twin@acc\.test already has an account/);
    assert.equal((await accounts()).filter((a) => a.email === "cli-twin@acc.test").length, 1);
  });

  it("only admins (404 otherwise), only from the app's own origin (403)", async () => {
    for (const who of ["old", "pat"]) {
      assert.equal((await getJson(server, "/api/admin/accounts", cookies[who])).status, 404, who);
      assert.equal((await send("POST", "/api/admin/accounts", { email: "h@acc.test", role: "admin", password: PASSWORD }, { who })).status, 404, who);
      assert.equal((await send("PATCH", `/api/admin/accounts/${ids.pat}`, { disabled: true }, { who })).status, 404, who);
      assert.equal((await send("POST", `/api/admin/accounts/${ids.pat}/reset-link`, undefined, { who })).status, 404, who);
      assert.equal((await send("POST", `/api/admin/accounts/${ids.pat}/password`, { password: "x".repeat(12) }, { who })).status, 404, who);
    }
    assert.equal((await send("POST", "/api/admin/accounts", { email: "h@acc.test", role: "admin", password: PASSWORD }, { origin: "http://evil.example" })).status, 403);
    assert.equal((await send("PATCH", `/api/admin/accounts/${ids.pat}`, { disabled: true }, { origin: null })).status, 403);
    assert.equal((await accounts()).find((a) => a.id === ids.pat)!.disabledAt, null);
  });

  it("reassigning a patient moves their data to the new clinician at once", async () => {
    const res = await send("PATCH", `/api/admin/accounts/${ids.pat}`, { clinicians: ["new@acc.test"] });
    assert.equal(res.status, 200);
    assert.deepEqual((res.body.clinicians as Array<{ email: string }>).map((c) => c.email), ["new@acc.test"]);
    assert.equal((await getJson(server, "/api/sessions/acc-night", cookies.new)).status, 200);
    assert.equal((await getJson(server, "/api/sessions/acc-night", cookies.old)).status, 404);
  });

  it("disabling ends the account's sessions and live sockets; it cannot sign in until enabled again", async () => {
    const socket = await openSocket(cookies.new!);
    const dropped = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
    const res = await send("PATCH", `/api/admin/accounts/${ids.new}`, { disabled: true });
    assert.equal(res.status, 200);
    assert.ok(res.body.disabledAt);
    assert.equal(await dropped, "io server disconnect", "the open socket is closed");
    assert.equal((await getJson(server, "/api/sessions", cookies.new)).status, 401, "the browser's session is gone");
    const refused = await signIn(server, "new@acc.test", PASSWORD, nextAddress());
    assert.equal(refused.status, 403);
    assert.equal(refused.cookie, null);
    assert.equal((await signIn(server, "new@acc.test", "a wrong password!!", nextAddress())).status, 401, "a wrong password still reads as one");

    assert.equal((await send("PATCH", `/api/admin/accounts/${ids.new}`, { disabled: false })).status, 200);
    const again = await signIn(server, "new@acc.test", PASSWORD, nextAddress());
    assert.equal(again.status, 200, "enabled again");
    cookies.new = again.cookie!;
  });

  it("an admin sets a new password: the old one stops working and the account is signed out", async () => {
    const res = await send("POST", `/api/admin/accounts/${ids.pat}/password`, { password: "the new passphrase 1" });
    assert.equal(res.status, 200);
    assert.equal((await getJson(server, "/api/sessions", cookies.pat)).status, 401);
    assert.equal((await signIn(server, "pat@acc.test", PASSWORD, nextAddress())).status, 401);
    assert.equal((await signIn(server, "pat@acc.test", "the new passphrase 1", nextAddress())).status, 200);
    const short = await send("POST", `/api/admin/accounts/${ids.pat}/password`, { password: "short" });
    assert.equal(short.status, 400);
    assert.deepEqual((short.body.issues as Array<{ path: string }>).map((i) => i.path), ["password"]);
  });

  it("a one-time reset link works once, and not once it has expired", async () => {
    const issued = await send("POST", `/api/admin/accounts/${ids.pat}/reset-link`, undefined);
    assert.equal(issued.status, 201);
    const url = new URL(issued.body.url as string);
    assert.equal(url.origin, server.url);
    assert.equal(url.pathname, "/reset-password");
    const minutes = (Date.parse(issued.body.expiresAt as string) - Date.now()) / 60_000;
    assert.ok(minutes > 55 && minutes <= 60, `expires in an hour (${minutes})`);
    const page = await fetch(url);
    assert.equal(page.status, 200, "the page opens without a sign-in");
    assert.match(await page.text(), /Choose a new password/);

    const reset = (token: string, newPassword: string) =>
      fetch(`${server.url}/api/auth/reset-password`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ token, newPassword }) });
    const token = url.searchParams.get("token")!;
    assert.equal((await reset(token, "reset passphrase one")).status, 200);
    assert.equal((await signIn(server, "pat@acc.test", "reset passphrase one", nextAddress())).status, 200);
    const twice = await reset(token, "reset passphrase two");
    assert.equal(twice.status, 400, "a used link is refused");
    assert.equal(((await twice.json()) as { code?: string }).code, "INVALID_TOKEN");
    assert.equal((await signIn(server, "pat@acc.test", "reset passphrase two", nextAddress())).status, 401);

    const late = new URL((await send("POST", `/api/admin/accounts/${ids.pat}/reset-link`, undefined)).body.url as string).searchParams.get("token")!;
    await query(server.databaseUrl, `UPDATE auth_verification SET expires_at = now() - interval '1 minute' WHERE identifier = $1`, [`reset-password:${late}`]);
    assert.equal((await reset(late, "reset passphrase three")).status, 400, "an expired link is refused");
    assert.equal((await signIn(server, "pat@acc.test", "reset passphrase one", nextAddress())).status, 200, "the password is unchanged");
  });

  it("the CLI lists the accounts made in /admin", async () => {
    const out = await usersCli(server, ["list"]);
    assert.match(out, /new@acc\.test\s+clinician/);
    assert.match(out, /pat@acc\.test\s+patient\s+acc-P\s+new@acc\.test/);
  });
});
