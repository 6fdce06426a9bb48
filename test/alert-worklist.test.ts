// Alerts a team can work through (issue 24 §2), over HTTP on PostgreSQL and on PGlite: the inbox filtered by
// rule, patient, status and owner; an alert given to a colleague caring for the patient, with a due date, is
// theirs ("owner=me"), and one given to a clinician who cannot see the patient is refused (422) and changes
// nothing; many alerts resolved at once with one comment, each conditioned like a single resolve — one resolved
// by someone else first comes back as a 409 in its place (with who did), one not the viewer's as a 404, the
// rest are resolved and announced live; the header's count follows.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import type { AlertView, ClientToServerEvents, ServerToClientEvents } from "@/lib/live/events";
import { getJson, signIn, usersCli } from "./support/accounts";
import { createTestDatabase, QUIET_CLOCK, settledTableContents, tableContents, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { waitFor } from "./support/wait";
import { postWebhook, shortNight } from "./support/webhook";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const API_KEY = "alert-worklist-key-0123456789";
const PASSWORD = "a long enough passphrase";

/** The usual short night (4 h 10 min asleep, in Paris) that began `daysAgo` days and six hours ago. */
const nightDaysAgo = (userId: string, sessionId: string, daysAgo: number) => shortNight(userId, sessionId, Date.now() - daysAgo * 86_400_000 - 6 * 3_600_000);

type Outcome = { id: string; status: number; alert?: AlertView; error?: string };

for (const backend of ["PostgreSQL", "PGlite"] as const) {
  describe(`the alert worklist (${backend})`, { timeout: 480_000 }, () => {
    const tag = `worklist-${backend.toLowerCase()}`;
    const sam = `${tag}-sam`;
    const pat = `${tag}-pat`;
    let db: TestDatabase | undefined;
    let server: RunningServer;
    const cookies: Record<string, string> = {};
    const ids: Record<string, string> = {};
    let socket: Client;
    const changed: AlertView[] = [];
    const url = () => db?.url ?? server.databaseUrl;
    const inbox = async (who: string, query = "") => {
      const res = await getJson(server, `/api/alerts${query}`, cookies[who]);
      assert.equal(res.status, 200, `GET /api/alerts${query} as ${who}`);
      return res.body.alerts as AlertView[];
    };
    const send = (who: string, method: "POST" | "PUT", path: string, body: unknown) =>
      fetch(`${server.url}${path}`, { method, headers: { cookie: cookies[who]!, origin: server.url, "content-type": "application/json" }, body: JSON.stringify(body) });
    const count = async (who: string) => (await getJson(server, "/api/alerts/count", cookies[who])).body.open as number;

    before(async () => {
      if (backend === "PostgreSQL") db = await createTestDatabase();
      server = await startServer({ databaseUrl: db?.url, apiKey: API_KEY, env: { ...QUIET_CLOCK } });
      const add = (args: string[]) => usersCli(server, ["add", "--password", PASSWORD, ...args]);
      await add(["--email", `ada@${tag}.test`, "--role", "clinician", "--name", "Dr Ada"]);
      await add(["--email", `bo@${tag}.test`, "--role", "clinician", "--name", "Dr Bo"]);
      await add(["--email", `cy@${tag}.test`, "--role", "clinician", "--name", "Dr Cy"]);
      await add(["--email", `boss@${tag}.test`, "--role", "admin", "--name", "Bo Boss"]);
      // Ada cares for both; Bo for Sam only; Cy for nobody.
      await add(["--email", `sam@${tag}.test`, "--role", "patient", "--name", "Sam Sleeper", "--asleep-user-id", sam, "--clinician", `ada@${tag}.test`]);
      await add(["--email", `pat@${tag}.test`, "--role", "patient", "--name", "Pat Patient", "--asleep-user-id", pat, "--clinician", `ada@${tag}.test`]);
      for (const who of ["ada", "bo", "cy", "boss", "sam"]) {
        const result = await signIn(server, `${who}@${tag}.test`, PASSWORD);
        assert.ok(result.cookie, `${who} signs in`);
        cookies[who] = result.cookie;
      }
      const accounts = (await getJson(server, "/api/admin/accounts", cookies.boss)).body.accounts as Array<{ id: string; email: string }>;
      for (const who of ["ada", "bo", "cy", "sam"]) ids[who] = accounts.find((a) => a.email === `${who}@${tag}.test`)!.id;
      const both = await fetch(`${server.url}/api/admin/accounts/${ids.sam}`, {
        method: "PATCH",
        headers: { cookie: cookies.boss!, origin: server.url, "content-type": "application/json" },
        body: JSON.stringify({ clinicians: [`ada@${tag}.test`, `bo@${tag}.test`] }),
      });
      assert.equal(both.status, 200, "Sam is in Ada's and Bo's care");
      // Three short nights of Sam's, two of Pat's: five alerts of "total sleep under 5 h".
      const nights = [...[1, 2, 3].map((d) => [sam, `${tag}-sam-${d}`, d] as const), ...[1, 2].map((d) => [pat, `${tag}-pat-${d}`, d] as const)];
      for (const [user, id, daysAgo] of nights) assert.equal((await postWebhook({ url: server.url, apiKey: API_KEY }, nightDaysAgo(user, id, daysAgo))).status, 200);
      await waitFor("the five nights' alerts", async () => (await inbox("ada", "?rule=short-sleep")).length === 5, 120_000);
      await settledTableContents(url(), { timeoutMs: 60_000 });
      socket = connect(server.url, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie: cookies.ada! } });
      socket.on("alert:changed", (a) => changed.push(a));
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
    });
    after(async () => {
      socket?.close();
      await server?.stop();
      await db?.drop();
    });

    it("filters by rule, patient, status and owner; each night's alert names its night; a filter that makes no sense is a 400", async () => {
      const samAlerts = await inbox("ada", `?patient=${sam}`);
      assert.deepEqual(samAlerts.map((a) => a.sessionId).sort(), [`${tag}-sam-1`, `${tag}-sam-2`, `${tag}-sam-3`]);
      assert.ok(samAlerts.every((a) => a.patient.asleepUserId === sam && a.rule === "short-sleep" && a.period === null));
      assert.equal((await inbox("ada", "?rule=short-sleep")).length, 5);
      assert.equal((await inbox("ada", "?rule=no-data")).length, 0);
      assert.equal((await inbox("ada", "?state=resolved")).length, 0);
      assert.equal((await inbox("ada", "?owner=me")).length, 0);
      assert.equal((await inbox("ada", "?owner=none")).length, 5);
      // Bo sees Sam's alerts only; the filters narrow within what each may see.
      assert.equal((await inbox("bo", `?patient=${pat}`)).length, 0);
      assert.equal((await inbox("bo", "?rule=short-sleep")).length, 3);
      for (const bad of ["?rule=snoring", "?state=closed", "?owner=", "?owner=%00"]) {
        const res = await getJson(server, `/api/alerts${bad}`, cookies.ada);
        assert.equal(res.status, bad === "?owner=" ? 200 : 400, `GET /api/alerts${bad}`);
      }
      assert.equal(await count("ada"), 5);
      assert.equal(await count("bo"), 3);
      assert.equal((await getJson(server, "/api/alerts/count", cookies.sam)).status, 404, "a sleeper has no inbox");
    });

    it("an alert given to a colleague caring for the patient is theirs, with its due date; to anyone who cannot see the patient it is refused (422) and nothing changes", async () => {
      const [first] = await inbox("ada", `?patient=${sam}`);
      const given = await send("ada", "PUT", `/api/alerts/${first!.id}/assignee`, { assigneeId: ids.bo, dueOn: "2026-12-09" });
      assert.equal(given.status, 200);
      const { alert } = (await given.json()) as { alert: AlertView };
      assert.deepEqual([alert.assignee, alert.dueOn, alert.assignedBy], [{ id: ids.bo, name: "Dr Bo" }, "2026-12-09", `Dr Ada (ada@${tag}.test)`]);
      assert.deepEqual((await inbox("bo", "?owner=me")).map((a) => a.id), [first!.id]);
      assert.deepEqual((await inbox("ada", `?owner=${ids.bo}`)).map((a) => a.id), [first!.id]);
      assert.equal((await inbox("ada", "?owner=none")).length, 4);
      await waitFor("the assignment announced live", () => changed.some((a) => a.id === first!.id && a.assignee?.id === ids.bo));

      // Bo does not care for Pat, Cy for nobody, and Sam is a sleeper: none of them could open Pat's alert.
      const [patAlert] = await inbox("ada", `?patient=${pat}`);
      const before = await tableContents(url());
      for (const who of ["bo", "cy", "sam"]) {
        const res = await send("ada", "PUT", `/api/alerts/${patAlert!.id}/assignee`, { assigneeId: ids[who], dueOn: null });
        assert.equal(res.status, 422, `assigning Pat's alert to ${who}`);
        assert.match(((await res.json()) as { error: string }).error, /clinician who cares for this patient/);
      }
      for (const body of [{ assigneeId: ids.bo, dueOn: "9 Dec" }, { assigneeId: ids.bo, extra: 1 }, {}]) {
        assert.equal((await send("ada", "PUT", `/api/alerts/${first!.id}/assignee`, body)).status, 400, JSON.stringify(body));
      }
      // Cy cannot see Sam's alert at all.
      assert.equal((await send("cy", "PUT", `/api/alerts/${first!.id}/assignee`, { assigneeId: ids.cy, dueOn: null })).status, 404);
      assert.deepEqual(await tableContents(url()), before, "refused assignments changed nothing");
    });

    it("many alerts resolved with one comment: one resolved by someone else first is a 409 in its place, one not the viewer's a 404, the rest resolved and announced live", async () => {
      const samAlerts = await inbox("ada", `?patient=${sam}`);
      const patAlerts = await inbox("ada", `?patient=${pat}`);
      // Bo resolves one of Sam's alerts first.
      const taken = samAlerts[1]!;
      assert.equal((await send("bo", "POST", "/api/alerts/bulk", { ids: [taken.id], action: "resolve" })).status, 200);
      // Bo cannot see Pat's alerts: in a bulk action of his they are not found, and stay open.
      const bos = (await (await send("bo", "POST", "/api/alerts/bulk", { ids: [patAlerts[0]!.id], action: "acknowledge" })).json()) as { results: Outcome[] };
      assert.deepEqual(bos.results.map((o) => o.status), [404]);

      const stranger = "7d7f3a57-4b54-4c11-9a53-55c4c0e7a001";
      const everything = [...samAlerts, ...patAlerts].map((a) => a.id);
      const res = await send("ada", "POST", "/api/alerts/bulk", { ids: [...everything, stranger], action: "resolve", comment: "  Called the patient; sensor re-seated.  " });
      assert.equal(res.status, 200);
      const { results } = (await res.json()) as { results: Outcome[] };
      assert.deepEqual(results.map((o) => [o.id, o.status]), [...everything.map((id) => [id, id === taken.id ? 409 : 200]), [stranger, 404]]);
      const conflict = results.find((o) => o.id === taken.id)!;
      assert.match(conflict.error!, /^Already resolved by Dr Bo/);
      assert.equal(conflict.alert!.resolvedComment, null, "the first resolution stands as it was");
      for (const o of results.filter((o) => o.status === 200)) {
        assert.equal(o.alert!.state, "RESOLVED");
        assert.equal(o.alert!.resolvedComment, "Called the patient; sensor re-seated.");
        assert.equal(o.alert!.resolvedBy, `Dr Ada (ada@${tag}.test)`);
      }
      const resolved = await inbox("ada", "?state=resolved");
      assert.equal(resolved.length, 5);
      assert.equal(resolved.filter((a) => a.resolvedComment === "Called the patient; sensor re-seated.").length, 4);
      await waitFor("the four resolutions announced live", () => everything.filter((id) => id !== taken.id).every((id) => changed.some((a) => a.id === id && a.state === "RESOLVED")));
      assert.equal(await count("ada"), 0);
      assert.equal(await count("bo"), 0);

      // Resolving them again changes nothing: each is a 409, never a 500.
      const again = (await (await send("ada", "POST", "/api/alerts/bulk", { ids: everything, action: "acknowledge" })).json()) as { results: Outcome[] };
      assert.ok(again.results.every((o) => o.status === 409));
      const before = await tableContents(url());
      for (const body of [{ ids: [], action: "resolve" }, { ids: ["not-a-uuid"], action: "resolve" }, { ids: everything, action: "delete" }, { ids: everything, action: "resolve", comment: "x".repeat(2001) }]) {
        assert.equal((await send("ada", "POST", "/api/alerts/bulk", body)).status, 400, JSON.stringify(body).slice(0, 80));
      }
      assert.equal((await send("sam", "POST", "/api/alerts/bulk", { ids: everything, action: "resolve" })).status, 404, "a sleeper has no inbox");
      assert.deepEqual(await tableContents(url()), before, "refused bulk actions changed nothing");
    });

    it("the access log names the people in it (issue 24 §4): the viewer by name, the patient by name and e-mail, not only an Asleep id", async () => {
      assert.equal((await getJson(server, `/patients/${sam}`, cookies.ada)).status, 200);
      const entries = (await getJson(server, `/api/admin/access-log?asleepUserId=${sam}`, cookies.boss)).body.entries as Array<Record<string, string | null>>;
      const seen = entries.find((e) => e.resource === "patient page");
      assert.deepEqual(
        seen && [seen.viewerName, seen.viewerEmail, seen.patientName, seen.patientEmail, seen.asleepUserId],
        ["Dr Ada", `ada@${tag}.test`, "Sam Sleeper", `sam@${tag}.test`, sam],
      );
      const csv = (await getJson(server, `/api/admin/access-log.csv?asleepUserId=${sam}`, cookies.boss)).text;
      assert.match(csv, new RegExp(`,patient page,Dr Ada,Sam Sleeper,sam@${tag}\\.test\r\n`));
    });
  });
}
