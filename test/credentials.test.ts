// Credentials that should be dead are dead (issue 21 §6), on the real server, on PGlite and PostgreSQL.
// A one-time reset link is only good until something newer happens to the account: an admin sets a
// password, a newer link is issued, the account is disabled, another link is used, or its owner
// changes the password. Each of these voids every earlier link, so an old link can never override a
// newer password. Changing one's own password signs out every other session, whatever the client asks.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getJson, signIn, usersCli } from "./support/accounts";
import { createTestDatabase, query, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";

const PASSWORD = "a long enough passphrase";

for (const backend of ["PGlite", "PostgreSQL"] as const) {
  describe(`credentials that should be dead are dead (${backend})`, { timeout: 240_000 }, () => {
    let server: RunningServer;
    let db: TestDatabase | undefined;
    let admin: string;
    const ids: Record<string, string> = {};
    let address = 10;
    const nextAddress = () => `127.0.6.${address++}`;

    const send = async (method: "POST" | "PATCH", pathname: string, body: unknown, cookie = admin) => {
      const res = await fetch(`${server.url}${pathname}`, {
        method,
        headers: { "content-type": "application/json", origin: server.url, cookie },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown>, headers: res.headers };
    };
    const issueLink = async (who: string) => {
      const res = await send("POST", `/api/admin/accounts/${ids[who]}/reset-link`, undefined);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return new URL(res.body.url as string).searchParams.get("token")!;
    };
    const reset = async (token: string, newPassword: string) => {
      const res = await fetch(`${server.url}/api/auth/reset-password`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ token, newPassword }) });
      return { status: res.status, code: ((await res.json().catch(() => ({}))) as { code?: string }).code };
    };
    const signsIn = async (who: string, password: string) => (await signIn(server, `${who}@creds.test`, password, nextAddress())).status;

    before(async () => {
      if (backend === "PostgreSQL") db = await createTestDatabase();
      server = await startServer({ databaseUrl: db?.url, apiKey: "creds-test-key-0123456789" });
      await usersCli(server, ["add", "--email", "admin@creds.test", "--password", PASSWORD, "--role", "admin"]);
      for (const who of ["set", "newer", "off", "used", "own"]) await usersCli(server, ["add", "--email", `${who}@creds.test`, "--password", PASSWORD, "--role", "clinician"]);
      admin = (await signIn(server, "admin@creds.test", PASSWORD, nextAddress())).cookie!;
      const accounts = (await getJson(server, "/api/admin/accounts", admin)).body.accounts as Array<{ id: string; email: string }>;
      for (const a of accounts) ids[a.email.split("@")[0]!] = a.id;
    });

    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it("a link issued before an admin set a new password no longer works: the admin's password stands", async () => {
      const token = await issueLink("set");
      assert.equal((await send("POST", `/api/admin/accounts/${ids.set}/password`, { password: "the admin's passphrase" })).status, 200);
      assert.deepEqual(await reset(token, "the link's passphrase"), { status: 400, code: "INVALID_TOKEN" });
      assert.equal(await signsIn("set", "the link's passphrase"), 401);
      assert.equal(await signsIn("set", "the admin's passphrase"), 200);
    });

    it("a newer link voids the older one; the newer works once", async () => {
      const older = await issueLink("newer");
      const newer = await issueLink("newer");
      assert.deepEqual(await reset(older, "the older link's one"), { status: 400, code: "INVALID_TOKEN" });
      assert.equal((await reset(newer, "the newer link's one")).status, 200);
      assert.equal(await signsIn("newer", "the newer link's one"), 200);
    });

    it("disabling an account voids its links, also once it is enabled again", async () => {
      const token = await issueLink("off");
      assert.equal((await send("PATCH", `/api/admin/accounts/${ids.off}`, { disabled: true })).status, 200);
      assert.equal((await send("PATCH", `/api/admin/accounts/${ids.off}`, { disabled: false })).status, 200);
      assert.deepEqual(await reset(token, "a disabled one's link"), { status: 400, code: "INVALID_TOKEN" });
      assert.equal(await signsIn("off", PASSWORD), 200, "the password is unchanged");
    });

    it("using one link voids any other the account still had", async () => {
      const issued = await issueLink("used");
      // A second live link, as one issued before this rule existed (or by better-auth's own request endpoint) would be.
      await query(server.databaseUrl, `INSERT INTO auth_verification (id, identifier, value, expires_at) VALUES (gen_random_uuid()::text, 'reset-password:other-live-link', $1, now() + interval '1 hour')`, [ids.used]);
      assert.equal((await reset(issued, "the first link's one")).status, 200);
      assert.deepEqual(await reset("other-live-link", "the other link's one"), { status: 400, code: "INVALID_TOKEN" });
      assert.equal(await signsIn("used", "the first link's one"), 200);
    });

    it("changing one's own password signs out every other session, even when the client asks not to, and voids the links", async () => {
      const here = (await signIn(server, "own@creds.test", PASSWORD, nextAddress())).cookie!;
      const elsewhere = (await signIn(server, "own@creds.test", PASSWORD, nextAddress())).cookie!;
      const token = await issueLink("own");
      const changed = await send("POST", "/api/auth/change-password", { currentPassword: PASSWORD, newPassword: "my own new passphrase", revokeOtherSessions: false }, here);
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal((await getJson(server, "/api/sessions", elsewhere)).status, 401, "the other browser is signed out");
      // The browser that changed it carries on, on the session it was handed.
      const renewed = changed.headers.getSetCookie().find((c) => c.includes("session_token="))?.split(";")[0];
      assert.ok(renewed, "a new session cookie for the browser that changed it");
      assert.equal((await getJson(server, "/api/sessions", renewed)).status, 200);
      assert.deepEqual(await reset(token, "the link's passphrase"), { status: 400, code: "INVALID_TOKEN" });
      assert.equal(await signsIn("own", "my own new passphrase"), 200);
    });
  });
}
