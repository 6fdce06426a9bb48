// Night tags over HTTP on the real server: a sleeper tags their own night (tidied, spelled as before,
// offered again next time); clinicians and admins read them and may not change them; other people's
// nights are not found; bad input answers 400 and changes nothing; the period report carries them.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PRESET_TAGS } from "@/lib/sleep/tags";
import { getJson, signIn, usersCli } from "./support/accounts";
import { readPdf } from "./support/pdf";
import { createTestDatabase, QUIET_CLOCK, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const fill = (n: number, stage: number) => Array<number>(n).fill(stage);

const night = (userId: string, sessionId: string, startIso: string) =>
  sessionComplete({ userId, sessionId, startTime: startIso, endTime: new Date(Date.parse(startIso) + 60 * 30_000).toISOString(), timezone: "Europe/Paris", sleepStages: [...fill(10, 0), ...fill(50, 1)], stat: {} });

describe("night tags over HTTP", { timeout: 600_000 }, () => {
  let server: RunningServer;
  const cookies: Record<string, string> = {};

  /** PUT /api/sessions/{id}/tags as someone, from the app's own origin unless told otherwise. */
  const put = async (who: string | null, id: string, body: unknown, { origin = server.url, raw }: { origin?: string | null; raw?: string } = {}) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (who) headers.cookie = cookies[who]!;
    if (origin) headers.origin = origin;
    const res = await fetch(`${server.url}/api/sessions/${encodeURIComponent(id)}/tags`, { method: "PUT", headers, body: raw ?? JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const tagsOf = async (who: string, id: string) => (await getJson(server, `/api/sessions/${id}/tags`, cookies[who])).body.tags as string[];

  before(async () => {
    const target: WebhookTarget = { url: "", apiKey: "tags-test-key-0123456789" };
    // A loaded machine can take minutes to migrate a fresh embedded database.
    server = await startServer({ apiKey: target.apiKey, timeoutMs: 300_000 });
    target.url = server.url;
    await usersCli(server, ["add", "--email", "doc@tags.test", "--name", "Dr Tag", "--password", PASSWORD, "--role", "clinician"]);
    await usersCli(server, ["add", "--email", "other-doc@tags.test", "--name", "Dr Other", "--password", PASSWORD, "--role", "clinician"]);
    await usersCli(server, ["add", "--email", "admin@tags.test", "--name", "Ada Admin", "--password", PASSWORD, "--role", "admin"]);
    await usersCli(server, ["add", "--email", "tia@tags.test", "--name", "Tia Tagger", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "tags-tia", "--clinician", "doc@tags.test"]);
    await usersCli(server, ["add", "--email", "uma@tags.test", "--name", "Uma Other", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "tags-uma"]);
    for (const body of [
      night("tags-tia", "tags-tia-1", "2026-11-02T21:00:00.000Z"),
      night("tags-tia", "tags-tia-2", "2026-11-03T21:00:00.000Z"),
      night("tags-uma", "tags-uma-1", "2026-11-02T21:00:00.000Z"),
    ]) assert.equal((await postWebhook(target, body)).status, 200);
    for (const [i, who] of ["doc", "other-doc", "admin", "tia", "uma"].entries()) {
      const result = await signIn(server, `${who}@tags.test`, PASSWORD, `127.0.4.${i + 1}`);
      assert.ok(result.cookie, `${who} signs in`);
      cookies[who] = result.cookie;
    }
  });

  after(async () => {
    await server?.stop();
  });

  it("the sleeper tags their night: tidied, presets spelled as presets, and their own tags offered next time", async () => {
    const first = await getJson(server, "/api/sessions/tags-tia-1/tags", cookies.tia);
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, { sessionId: "tags-tia-1", tags: [], editable: true, choices: [...PRESET_TAGS] });

    const set = await put("tia", "tags-tia-1", { tags: [" Alcohol ", "evening   walk", "ALCOHOL", "cpap on"] });
    assert.equal(set.status, 200);
    assert.deepEqual(set.body.tags, ["alcohol", "evening walk", "CPAP on"]);
    assert.deepEqual(await tagsOf("tia", "tags-tia-1"), ["alcohol", "evening walk", "CPAP on"]);

    // Next night: her own tag is offered, and typed in another case it files under her first spelling.
    const next = await getJson(server, "/api/sessions/tags-tia-2/tags", cookies.tia);
    assert.deepEqual(next.body.choices, [...PRESET_TAGS, "evening walk"]);
    assert.deepEqual((await put("tia", "tags-tia-2", { tags: ["Evening Walk", "stress"] })).body.tags, ["evening walk", "stress"]);

    // The whole set each time: a tag left out is removed, those kept stay.
    assert.deepEqual((await put("tia", "tags-tia-1", { tags: ["alcohol", "late meal"] })).body.tags, ["alcohol", "late meal"]);
    assert.deepEqual((await put("tia", "tags-tia-2", { tags: [] })).body.tags, []);
    assert.deepEqual(await tagsOf("tia", "tags-tia-2"), []);
    // Her own tag is no longer on any night: it is no longer offered.
    assert.deepEqual((await getJson(server, "/api/sessions/tags-tia-2/tags", cookies.tia)).body.choices, [...PRESET_TAGS]);
  });

  it("her clinician and an admin read the tags and may not change them (403); nothing changes", async () => {
    const expected = await tagsOf("tia", "tags-tia-1");
    for (const who of ["doc", "admin"]) {
      const read = await getJson(server, "/api/sessions/tags-tia-1/tags", cookies[who]);
      assert.equal(read.status, 200, who);
      assert.deepEqual(read.body, { sessionId: "tags-tia-1", tags: expected, editable: false, choices: [] }, who);
      const write = await put(who, "tags-tia-1", { tags: ["stress"] });
      assert.equal(write.status, 403, who);
      assert.deepEqual(write.body, { error: "Only the night's own sleeper tags it" });
    }
    assert.deepEqual(await tagsOf("tia", "tags-tia-1"), expected);
  });

  it("a night one may not see is not found, to read or to tag (another sleeper, another clinician, an unknown night)", async () => {
    for (const [who, id] of [["uma", "tags-tia-1"], ["other-doc", "tags-tia-1"], ["tia", "tags-uma-1"], ["tia", "no-such-night"]] as const) {
      assert.equal((await getJson(server, `/api/sessions/${id}/tags`, cookies[who])).status, 404, `${who} reads ${id}`);
      assert.equal((await put(who, id, { tags: ["stress"] })).status, 404, `${who} tags ${id}`);
    }
    assert.deepEqual(await tagsOf("uma", "tags-uma-1"), []);
    assert.equal((await getJson(server, "/api/sessions/tags-tia-1/tags")).status, 401, "signed out: 401");
    assert.equal((await put(null, "tags-tia-1", { tags: [] })).status, 401);
  });

  it("bad input answers 400 naming what is wrong, a foreign origin 403, and nothing changes", async () => {
    const before = await tagsOf("tia", "tags-tia-1");
    const cases: Array<[unknown, string, RegExp]> = [
      [{}, "tags", /expected array/i],
      [{ tags: "alcohol" }, "tags", /expected array/i],
      [{ tags: ["   "] }, "tags.0", /must not be empty/],
      [{ tags: ["x".repeat(33)] }, "tags.0", /at most 32 characters/],
      [{ tags: ["ok", "bell\u0007"] }, "tags.1", /control characters/],
      // A lookalike of "caffeine" (a zero width space inside), and text turned around by a bidi control.
      [{ tags: ["caffeine", "caf\u200Bfeine"] }, "tags.1", /invisible or text-direction characters \(U\+200B\)/],
      [{ tags: ["\u202Eenieffac"] }, "tags.0", /invisible or text-direction characters \(U\+202E\)/],
      [{ tags: [42] }, "tags.0", /expected string/i],
      [{ tags: Array.from({ length: 21 }, (_, i) => `tag ${i}`) }, "tags", /at most 20 tags/],
      [{ tags: [], extra: true }, "", /unrecognized key/i],
    ];
    for (const [body, pathName, message] of cases) {
      const res = await put("tia", "tags-tia-1", body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const issue = (res.body.issues as Array<{ path: string; message: string }>).find((i) => i.path === pathName);
      assert.ok(issue, `${JSON.stringify(body)}: an issue at "${pathName}", got ${JSON.stringify(res.body.issues)}`);
      assert.match(issue.message, message);
    }
    assert.equal((await put("tia", "tags-tia-1", null, { raw: "{not json" })).status, 400);
    assert.equal((await put("tia", "tags-tia-1", { tags: ["stress"] }, { origin: "http://evil.example" })).status, 403);
    assert.equal((await put("tia", "tags-tia-1", { tags: ["stress"] }, { origin: null })).status, 403);
    assert.equal((await put("tia", "x".repeat(129), { tags: [] })).status, 400, "an id longer than any night's");
    assert.deepEqual(await tagsOf("tia", "tags-tia-1"), before);
  });

  it("the clinician's period report carries them: a tags column in the CSV, a list under the PDF's table", async () => {
    await put("tia", "tags-tia-1", { tags: ["alcohol", "my, own \"tag\""] });
    const csv = await getJson(server, "/api/patients/tags-tia/report.csv?from=2026-11-02&to=2026-11-03", cookies.doc);
    assert.equal(csv.status, 200);
    const lines = csv.text.split("\r\n");
    // The period report's CSV: tags, then the clinicians' notes on the night (none here), then compliance in the first 90 days.
    assert.ok(lines[0]!.endsWith(",awakenings,tags,clinician_notes,compliance_first_90_days,enrolled_on"));
    assert.ok(lines[1]!.startsWith("2026-11-02,tags-tia-1,") && lines[1]!.includes(',"alcohol; my, own ""tag""",,'), lines[1]);
    assert.ok(lines[2]!.startsWith("2026-11-03,tags-tia-2,") && lines[2]!.includes(",,,"), lines[2]);

    const pdf = await fetch(`${server.url}/api/patients/tags-tia/report.pdf?from=2026-11-02&to=2026-11-03`, { headers: { cookie: cookies.doc! } });
    assert.equal(pdf.status, 200);
    const { text } = await readPdf(Buffer.from(await pdf.arrayBuffer()));
    // Between the table and adherence: one line per tagged night, and only those.
    const block = /Night tags \(added by the patient\)\n([\s\S]*?)\n\s*Adherence/.exec(text)?.[1];
    assert.deepEqual(block?.split("\n").map((l) => l.trim()).filter(Boolean), ['Mon 2 Nov 2026: alcohol, my, own "tag"'], text);
    console.log("[figures] night tags: PUT/GET over HTTP, 10 kinds of bad body refused with 400, reads 200 / writes 403 for clinician and admin, 404 for 4 unseen or unknown nights");
  });
});

// Two tag sets sent at once (issue 21 §5): each replaces the whole set, so the night ends with one of
// them, whole — never the two merged past the 20-tag limit. On PostgreSQL (where two requests run at
// once on two connections) and on PGlite.
for (const backend of ["PostgreSQL", "PGlite"] as const) {
  describe(`night tags set twice at once (${backend})`, { timeout: 300_000 }, () => {
    let server: RunningServer;
    let database: TestDatabase | undefined;
    let cookie: string;

    before(async () => {
      const target: WebhookTarget = { url: "", apiKey: "tags-race-key-0123456789" };
      if (backend === "PostgreSQL") database = await createTestDatabase();
      server = await startServer({ apiKey: target.apiKey, databaseUrl: database?.url, env: { ...QUIET_CLOCK }, timeoutMs: 300_000 });
      target.url = server.url;
      await usersCli(server, ["add", "--email", "vic@tags-race.test", "--name", "Vic", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "tags-vic"]);
      assert.equal((await postWebhook(target, night("tags-vic", "tags-vic-1", "2026-11-02T21:00:00.000Z"))).status, 200);
      const signedIn = await signIn(server, "vic@tags-race.test", PASSWORD);
      assert.ok(signedIn.cookie);
      cookie = signedIn.cookie;
    });

    after(async () => {
      await server?.stop();
      await database?.drop();
    });

    it("the night keeps one of the two sets, whole, within 20 tags", async () => {
      const put = async (tags: string[]) => {
        const res = await fetch(`${server.url}/api/sessions/tags-vic-1/tags`, { method: "PUT", headers: { cookie, origin: server.url, "content-type": "application/json" }, body: JSON.stringify({ tags }) });
        return { status: res.status, tags: ((await res.json()) as { tags: string[] }).tags };
      };
      for (let round = 0; round < 8; round++) {
        const sets = ["a", "b"].map((side) => Array.from({ length: 20 }, (_, i) => `${side}${round} tag ${i}`));
        const answers = await Promise.all(sets.map(put));
        assert.deepEqual(answers.map((a) => a.status), [200, 200]);
        const stored = (await getJson(server, "/api/sessions/tags-vic-1/tags", cookie)).body.tags as string[];
        assert.ok(stored.length <= 20, `round ${round}: ${stored.length} tags stored`);
        assert.ok(sets.some((set) => JSON.stringify(set) === JSON.stringify(stored)), `round ${round}: one whole set, got ${JSON.stringify(stored)}`);
        // The answer that came last is what is stored; the other answered with its own set, replaced after.
        assert.ok(answers.some((a) => JSON.stringify(a.tags) === JSON.stringify(stored)));
      }
    });
  });
}
