// Answers with no body (issue 22 §5): DELETE /api/admin/webhooks/{id} answered 500 while deleting the
// endpoint all the same (json(null, 204) builds a 204 with a body, which Response refuses). Now a 204
// with no body, and the endpoint is gone; deleting it again is a 404.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { signIn, usersCli } from "./support/accounts";
import { createTestDatabase, query, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";

const PASSWORD = "a long enough passphrase";
const ID = "ep_6f1c2a0e-0b7d-4e7a-9c55-2f3e1d0a9b8c";

describe("a DELETE that removed what it named answers 204 with no body", { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let server: RunningServer;
  let cookie: string;

  before(async () => {
    db = await createTestDatabase();
    server = await startServer({ databaseUrl: db.url, apiKey: "no-content-key-0123456789" });
    await usersCli(server, ["add", "--email", "admin@no-content.test", "--name", "Ada Admin", "--password", PASSWORD, "--role", "admin"]);
    cookie = (await signIn(server, "admin@no-content.test", PASSWORD)).cookie!;
    // Made as the admin page would have made it (its creation rules are the outbound tests' business).
    await query(db.url, `INSERT INTO outbound_endpoint (id, url, events, secret) VALUES ($1, 'https://ehr.example.org/in', '{night.completed}', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')`, [ID]);
  });

  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("DELETE /api/admin/webhooks/{id}: 204, an empty body; the endpoint is gone, and a second DELETE is 404", async () => {
    const remove = () => fetch(`${server.url}/api/admin/webhooks/${ID}`, { method: "DELETE", headers: { cookie, origin: server.url } });
    const res = await remove();
    assert.equal(res.status, 204);
    assert.equal(await res.text(), "");
    assert.deepEqual(await query(db.url, "SELECT id FROM outbound_endpoint"), []);
    assert.equal((await remove()).status, 404);
  });
});
