// Every field of better-auth's own endpoints is bounded by the same rules as the app's routes (issue 21
// §3), on the real server, on PGlite and PostgreSQL. A patient could set their own name to 2 MB through
// `update-user` (the period report then laid it out on the event loop for seconds), and a number or a
// NUL as a name was a 500. Now: a name over 120 characters, of the wrong type, or holding U+0000 is a
// 400 naming the field; a body over the auth limit is a 413, unread; and the stored name is unchanged.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { signIn, usersCli } from "./support/accounts";
import { createTestDatabase, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";

const PASSWORD = "a long enough passphrase";
const NAME = "Pat Sleeper";

for (const backend of ["PGlite", "PostgreSQL"] as const) {
  describe(`better-auth's endpoints take only bounded, well-typed fields (${backend})`, { timeout: 240_000 }, () => {
    let server: RunningServer;
    let db: TestDatabase | undefined;
    let cookie: string;

    const post = async (pathname: string, body: string, who = cookie) => {
      const res = await fetch(`${server.url}/api/auth${pathname}`, { method: "POST", headers: { "content-type": "application/json", origin: server.url, cookie: who }, body });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : {}) as { message?: string; code?: string; error?: string } };
    };
    const storedName = async () => {
      const res = await fetch(`${server.url}/api/auth/get-session`, { headers: { cookie } });
      return ((await res.json()) as { user: { name: string } }).user.name;
    };

    before(async () => {
      if (backend === "PostgreSQL") db = await createTestDatabase();
      server = await startServer({ databaseUrl: db?.url, apiKey: "auth-input-key-0123456789" });
      await usersCli(server, ["add", "--email", "pat@input.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "input-user", "--name", NAME]);
      cookie = (await signIn(server, "pat@input.test", PASSWORD, "127.0.7.1")).cookie!;
      assert.equal(await storedName(), NAME);
    });

    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it("a 2 MB name is refused unread (413) and the name is unchanged", async () => {
      const res = await post("/update-user", JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }));
      assert.equal(res.status, 413, JSON.stringify(res.body));
      assert.match(res.body.error ?? "", /too large/);
      assert.equal(await storedName(), NAME);
    });

    it("a name of 121 characters, a number, an object or a NUL is a 400 naming the field; nothing changes", async () => {
      for (const name of ["y".repeat(121), 42, { first: "Pat" }, "Pat\u0000Sleeper", ""]) {
        const res = await post("/update-user", JSON.stringify({ name }));
        assert.equal(res.status, 400, `${JSON.stringify(name).slice(0, 40)}: ${JSON.stringify(res.body)}`);
        assert.match(res.body.message ?? "", /^name: /, JSON.stringify(res.body));
        assert.equal(await storedName(), NAME);
      }
      // Fields the account's owner may not set, and a body that is not an object.
      for (const body of [{ role: "admin" }, { name: "Pat", asleepUserId: "someone-else" }, { name: "Pat", extra: "z".repeat(10_000) }]) {
        const res = await post("/update-user", JSON.stringify(body));
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal(res.body.code, "INVALID_INPUT");
      }
      assert.equal((await post("/update-user", "[1,2,3]")).status, 400);
      assert.equal(await storedName(), NAME);
    });

    it("a name of 120 characters is stored, trimmed as the app stores names", async () => {
      const name = "Ñ".repeat(120);
      const res = await post("/update-user", JSON.stringify({ name: `  ${name} ` }));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(await storedName(), name);
    });

    it("change-password, sign-in, sign-up and reset-password bound their fields too", async () => {
      const long = "p".repeat(300);
      for (const [pathname, body] of [
        ["/change-password", { currentPassword: PASSWORD, newPassword: long }],
        ["/change-password", { currentPassword: PASSWORD, newPassword: 1234567890123 }],
        ["/change-password", { currentPassword: long.repeat(20), newPassword: "a new long passphrase" }],
        ["/sign-up/email", { name: "n".repeat(121), email: "new@input.test", password: "a long enough one" }],
        ["/sign-up/email", { name: 7, email: "new@input.test", password: "a long enough one" }],
        ["/reset-password", { newPassword: ["a", "list"], token: "abc" }],
      ] as const) {
        const res = await post(pathname, JSON.stringify(body));
        assert.equal(res.status, 400, `${pathname} ${JSON.stringify(body).slice(0, 60)}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.code, "INVALID_INPUT", JSON.stringify(res.body));
      }
      const res = await post("/sign-in/email", JSON.stringify({ email: 5, password: PASSWORD }), "");
      assert.equal(res.status, 400, JSON.stringify(res.body));
      // The password is unchanged: it still signs in.
      assert.equal((await signIn(server, "pat@input.test", PASSWORD, "127.0.7.2")).status, 200);
    });
  });
}
