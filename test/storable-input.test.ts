// Text that can never be stored (U+0000, a lone UTF-16 surrogate) sent to any route a person types
// into, on the real server and PostgreSQL: a 400 naming the field, never the 503 "retry" the database's
// refusal used to become, and not one row changed in any table. The live socket's catch-up answers such
// a night id "Not found", not "retry" (the page asks again on anything else).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/live/events";
import { signIn, usersCli } from "./support/accounts";
import { createTestDatabase, query, QUIET_CLOCK, settledTableContents, tableContents, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const API_KEY = "storable-test-key-0123456789";
const NIGHT = "storable-night-1";
const UNSTORABLE = { NUL: "before\u0000after", "lone surrogate": "before\uD800after" };

describe("text that can never be stored is a 400 that changes nothing", { timeout: 600_000 }, () => {
  let server: RunningServer;
  let db: TestDatabase;
  const cookies: Record<string, string> = {};
  let noteId = "";
  let endpointId = "";

  const send = async (method: string, pathname: string, who: string, body: unknown) => {
    const res = await fetch(`${server.url}${pathname}`, { method, headers: { "content-type": "application/json", cookie: cookies[who]!, origin: server.url }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text) as { error?: string; issues?: Array<{ path: string; message: string }> } & Record<string, unknown>, retryAfter: res.headers.get("retry-after") };
  };

  before(async () => {
    db = await createTestDatabase();
    server = await startServer({ databaseUrl: db.url, apiKey: API_KEY, env: QUIET_CLOCK });
    await usersCli(server, ["add", "--email", "admin@storable.test", "--password", PASSWORD, "--role", "admin"]);
    await usersCli(server, ["add", "--email", "doc@storable.test", "--password", PASSWORD, "--role", "clinician"]);
    await usersCli(server, ["add", "--email", "pat@storable.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "storable-pat", "--clinician", "doc@storable.test"]);
    const target: WebhookTarget = { url: server.url, apiKey: API_KEY };
    const night = sessionComplete({ userId: "storable-pat", sessionId: NIGHT, startTime: "2026-11-02T22:00:00Z", endTime: "2026-11-02T22:05:00Z", timezone: "UTC", sleepStages: [0, 1, 1, 2, 2, 2, 1, 3, 3, 1], stat: {} });
    assert.equal((await postWebhook(target, night)).status, 200);
    for (const [i, who] of ["admin", "doc", "pat"].entries()) cookies[who] = (await signIn(server, `${who}@storable.test`, PASSWORD, `127.0.9.${i + 1}`)).cookie!;
    const note = await send("POST", `/api/sessions/${NIGHT}/notes`, "doc", { text: "slept well" });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    noteId = String((note.body.note as { id?: string } | undefined)?.id ?? note.body.id);
    const endpoint = await send("POST", "/api/admin/webhooks", "admin", { url: "https://ehr.example.org/in", description: "EHR", events: ["night.started"], enabled: false });
    assert.equal(endpoint.status, 201, JSON.stringify(endpoint.body));
    endpointId = String((endpoint.body.endpoint as { id?: string } | undefined)?.id ?? endpoint.body.id);
  });

  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  const refusals = (text: string): Array<{ what: string; method: string; path: string; who: string; body: unknown; field: string }> => [
    { what: "a note on a night", method: "POST", path: `/api/sessions/${NIGHT}/notes`, who: "doc", body: { text }, field: "text" },
    { what: "a note on a patient", method: "POST", path: "/api/patients/storable-pat/notes", who: "doc", body: { text }, field: "text" },
    { what: "a note's edit", method: "PATCH", path: `/api/notes/${noteId}`, who: "doc", body: { text, version: 1 }, field: "text" },
    { what: "a tag", method: "PUT", path: `/api/sessions/${NIGHT}/tags`, who: "pat", body: { tags: ["coffee", text] }, field: "tags.1" },
    { what: "an endpoint's description", method: "POST", path: "/api/admin/webhooks", who: "admin", body: { url: "https://ehr.example.org/other", description: text, events: ["night.started"] }, field: "description" },
    { what: "an endpoint's new description", method: "PATCH", path: `/api/admin/webhooks/${endpointId}`, who: "admin", body: { description: text }, field: "description" },
    { what: "an account's name", method: "POST", path: "/api/admin/accounts", who: "admin", body: { email: "new@storable.test", password: PASSWORD, role: "clinician", name: text }, field: "name" },
  ];

  for (const [kind, text] of Object.entries(UNSTORABLE)) {
    it(`${kind}: every text input answers 400 naming the field, and no table changes`, async () => {
      const before = await settledTableContents(db.url);
      for (const r of refusals(text)) {
        const res = await send(r.method, r.path, r.who, r.body);
        assert.equal(res.status, 400, `${r.what}: ${res.status} ${JSON.stringify(res.body)}`);
        assert.equal(res.retryAfter, null, `${r.what}: nothing to retry`);
        assert.ok(res.body.issues?.some((i) => i.path === r.field), `${r.what}: ${JSON.stringify(res.body)}`);
      }
      // A query string is UTF-8: it can carry U+0000, but no lone surrogate.
      if (kind === "NUL") {
        const board = await fetch(`${server.url}/api/board?q=${encodeURIComponent(text)}`, { headers: { cookie: cookies.doc! } });
        assert.equal(board.status, 400, "a board search");
      }
      assert.deepEqual(await tableContents(db.url), before, "a refused request changes nothing");
    });
  }

  it("the check itself: one changed row in any table shows, though no count changes", async () => {
    const before = await settledTableContents(db.url);
    await query(db.url, `UPDATE clinical_note SET shared = NOT shared WHERE id = $1`, [noteId]);
    const changed = await tableContents(db.url);
    await query(db.url, `UPDATE clinical_note SET shared = NOT shared WHERE id = $1`, [noteId]);
    assert.deepEqual(Object.keys(changed).filter((t) => changed[t] !== before[t]), ["clinical_note"]);
    assert.equal(changed.clinical_note!.split(" ")[0], before.clinical_note!.split(" ")[0], "same row count");
    assert.deepEqual(await tableContents(db.url), before);
    assert.ok(["clinical_note", "night_tag", "outbound_endpoint", "alert", "app_user"].every((t) => t in before), `every table of the app: ${Object.keys(before).join(", ")}`);
  });

  it("the live socket's catch-up answers such a night id Not found, not retry", async () => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(server.url, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie: cookies.doc! } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      for (const id of [...Object.values(UNSTORABLE), "\u0000"]) {
        assert.deepEqual(await socket.timeout(10_000).emitWithAck("session:sync", { sessionId: id }), { error: "Not found" }, JSON.stringify(id));
      }
      const found = await socket.timeout(10_000).emitWithAck("session:sync", { sessionId: NIGHT });
      assert.equal("id" in found && found.id, NIGHT, "a stored night is still found");
    } finally {
      socket.close();
    }
  });
});
