// Paths that carry ids. Every dynamic route and page (found in app/, so a new one is covered too)
// answers a path it cannot decode, or an id no night can have, with 400 or 404, never a 500 or a
// stack trace. And nights and people whose ids need percent-encoding (a space, Unicode, "/", "?",
// "#", "<", "%", a literal "%2F") are listed, linked, and open: the API, the CSV and the page, each
// reached by following the link the app itself printed.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { nightApiPath, nightCsvPath, nightPath, patientPath, personExportPath } from "@/lib/paths";
import { signIn, usersCli } from "./support/accounts";
import { rawRequest } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, sessionComplete } from "./support/webhook";

const API_KEY = "paths-test-key-0123456789";
const PASSWORD = "a long enough passphrase";

/** Every dynamic route and page under app/: its path template and the methods it answers. */
function dynamicRoutes(): Array<{ template: string; methods: string[] }> {
  const app = path.resolve(__dirname, "../app");
  const found: Array<{ template: string; methods: string[] }> = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, [...segments, entry.name]);
      else if (segments.some((s) => s.startsWith("["))) {
        const template = "/" + segments.join("/");
        if (entry.name === "page.tsx") found.push({ template, methods: ["GET"] });
        if (entry.name === "route.ts") {
          const source = readFileSync(full, "utf8");
          // Exported handlers only (a comment saying "as POST" is not one).
          const declared = [...source.matchAll(/^export (?:async )?function (GET|POST|PUT|PATCH|DELETE)\b/gm)].map((m) => m[1]!);
          const reexported = [...source.matchAll(/^export \{([^}]*)\}/gm)].flatMap((m) => [...m[1]!.matchAll(/\bas (GET|POST|PUT|PATCH|DELETE)\b/g)].map((a) => a[1]!));
          const methods = [...declared, ...reexported];
          found.push({ template, methods });
        }
      }
    }
  };
  walk(app, []);
  return found;
}

// Segments no router can decode, and segments that decode to ids no night can have.
const MALFORMED = ["%ZZ", "%", "a%2", "%E0%A4%A", "%E0%A4", "%C0%AF", "%ED%A0%80", "%FF"];
const NO_SUCH_ID = ["%00", "a%00b", "%EF%BF%BF", "x".repeat(3000), "%F0%9F%98%B4"];

// Nights and people whose ids need percent-encoding.
const PATIENTS = [
  { userId: "clinic 7/bed #3?", email: "bed3@paths.test", name: "Bed Three" },
  { userId: "pät%2F<1>", email: "p1@paths.test", name: "Pat One" },
];
const NIGHT_IDS = ["a night", "nuit-été-😴", "a/b", "q?x", "h#x", `<b>&'"`, "lit%2Fslash", "%", "%ZZ", "50% off+more"];

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'" };
const unescape = (html: string) => html.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_, e: string) => entities[e]!);
/** The visible text of the page's first <h1>. */
const heading = (html: string) => unescape((html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1] ?? "").replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]+>/g, ""));
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => unescape(m[1]!));

describe("paths that carry ids", { timeout: 300_000 }, () => {
  let server: RunningServer;
  let admin: string;

  before(async () => {
    server = await startServer({ apiKey: API_KEY });
    await usersCli(server, ["add", "--email", "admin@paths.test", "--password", PASSWORD, "--role", "admin"]);
    for (const p of PATIENTS) await usersCli(server, ["add", "--email", p.email, "--password", PASSWORD, "--role", "patient", "--asleep-user-id", p.userId, "--name", p.name]);
    admin = (await signIn(server, "admin@paths.test", PASSWORD)).cookie!;
    for (const [i, sessionId] of NIGHT_IDS.entries()) {
      const { userId } = PATIENTS[i % PATIENTS.length]!;
      const start = Date.parse("2026-11-01T22:00:00Z") + i * 86_400_000;
      const night = sessionComplete({
        userId,
        sessionId,
        startTime: new Date(start).toISOString(),
        endTime: new Date(start + 10 * 60_000).toISOString(),
        timezone: "UTC",
        sleepStages: [0, 0, 1, 1, 2, 2, 2, 3, 3, 1, 1, 1, 2, 2, 3, 3, 1, 1, 0, 0],
        stat: { sleep_efficiency: 80 },
      });
      const stored = await postWebhook({ url: server.url, apiKey: API_KEY }, night);
      assert.equal(stored.status, 200, `${sessionId}: ${JSON.stringify(stored.body)}`);
    }
  });

  after(async () => {
    await server?.stop();
  });

  it("every dynamic route and page answers an undecodable path with 400, and an impossible id without a 5xx or a stack trace", async () => {
    const routes = dynamicRoutes();
    // The routes this was written against are all found.
    for (const t of ["/sessions/[id]", "/patients/[userId]", "/api/sessions/[id]", "/api/sessions/[id]/export.csv", "/api/admin/people/[asleepUserId]", "/api/admin/people/[asleepUserId]/export", "/api/admin/deliveries/[id]/replay", "/api/auth/[...all]"]) {
      assert.ok(routes.some((r) => r.template === t), `found ${t}`);
    }
    let requests = 0;
    for (const { template, methods } of routes) {
      for (const segment of [...MALFORMED, ...NO_SUCH_ID]) {
        const target = template.replace(/\[[^\]]+\]/g, segment);
        for (const method of methods) {
          const r = await rawRequest(server.url, target, { method, headers: { cookie: admin, origin: server.url }, body: method === "GET" ? "" : "{}" });
          requests++;
          // An impossible id is refused (400) or found nowhere (404; the patient page of an Asleep user
          // nothing is held about says so, 200): never a failure of the server.
          const expected = MALFORMED.includes(segment) ? [400] : [200, 400, 404];
          assert.ok(expected.includes(r.status), `${method} ${target.slice(0, 80)}: ${r.status} ${r.body.slice(0, 200)}`);
          assert.doesNotMatch(r.body, /Internal Server Error|\n\s+at .+:\d+:\d+/, `${method} ${target.slice(0, 80)}: no stack trace`);
        }
      }
    }
    // Query strings carry ids too: a value no id can have is a 400 naming it, or simply finds nothing.
    for (const template of ["/api/sessions?userId=X", "/api/admin/deliveries?sessionId=X", "/api/admin/deliveries?userId=X", "/admin?user=X", `${patientPath(PATIENTS[0]!.userId)}?a=X&b=X`, "/?x=X"]) {
      for (const value of [...MALFORMED, ...NO_SUCH_ID]) {
        const r = await rawRequest(server.url, template.replaceAll("X", value), { method: "GET", headers: { cookie: admin } });
        requests++;
        assert.ok([200, 400, 404].includes(r.status), `${template} with ${value.slice(0, 20)}: ${r.status} ${r.body.slice(0, 200)}`);
      }
    }
    console.log(`[figures] paths: ${routes.length} dynamic routes and pages, ${requests} requests with undecodable paths or impossible ids: no 5xx`);
  });

  it("nights whose ids need encoding are listed, linked, and open: API, CSV and page, by the app's own links", async () => {
    const get = (p: string) => fetch(server.url + p, { headers: { cookie: admin } });

    const listed = (await (await get("/api/sessions")).json()) as { sessions: Array<{ id: string }> };
    assert.deepEqual(listed.sessions.map((s) => s.id).sort(), [...NIGHT_IDS].sort());

    const home = await (await get("/")).text();
    const links = hrefs(home);
    for (const [i, id] of NIGHT_IDS.entries()) {
      const { userId } = PATIENTS[i % PATIENTS.length]!;
      // The home page links the night; following that link opens it.
      assert.ok(links.includes(nightPath(id)), `home page links ${id}`);
      const page = await get(nightPath(id));
      assert.equal(page.status, 200, `page of ${id}`);
      const html = await page.text();
      // Nights are named by date; whose it is, and the CSV link built from the night it loaded, say which.
      assert.match(heading(html), new RegExp(`^Sun|^Mon|^Tue|^Wed|^Thu|^Fri|^Sat`), `a night's name: ${heading(html)}`);
      assert.ok(heading(html).endsWith(`(Asleep user ${userId})`), `${id}: ${heading(html)}`);
      // The page's CSV link, followed.
      assert.ok(hrefs(html).includes(nightCsvPath(id)), `the page of ${id} is that night's, and links its CSV`);
      const csv = await get(nightCsvPath(id));
      assert.equal(csv.status, 200, `CSV of ${id}`);
      assert.equal((await csv.text()).trim().split("\r\n").length, 1 + 20);

      const detail = await get(nightApiPath(id));
      assert.equal(detail.status, 200);
      assert.equal(((await detail.json()) as { id: string }).id, id);
    }
  });

  it("people whose Asleep user ids need encoding: linked from the board, their page and their export open", async () => {
    const get = (p: string) => fetch(server.url + p, { headers: { cookie: admin } });
    const board = hrefs(await (await get("/")).text());
    for (const [p, { userId }] of PATIENTS.entries()) {
      assert.ok(board.includes(patientPath(userId)), `the board links ${userId}`);
      const page = await get(patientPath(userId));
      assert.equal(page.status, 200, `page of ${userId}`);
      const html = await page.text();
      assert.equal(heading(html), `${PATIENTS[p]!.name} · Asleep user ${userId}`);
      // Their nights, linked from their page, and each link opens that night.
      const theirs = NIGHT_IDS.filter((_, i) => i % PATIENTS.length === p);
      for (const id of theirs) {
        assert.ok(hrefs(html).includes(nightPath(id)), `${userId}'s page links ${id}`);
        // Followed, that link opens the night.
        const night = await get(nightPath(id));
        assert.equal(night.status, 200, `${id} from ${userId}'s page`);
        assert.ok(hrefs(await night.text()).includes(nightCsvPath(id)), `${id}'s page from ${userId}'s page`);
      }
      const exported = await get(personExportPath(userId));
      assert.equal(exported.status, 200);
      const body = (await exported.json()) as { asleepUserId: string; sessions: Array<{ id: string }> };
      assert.equal(body.asleepUserId, userId);
      assert.deepEqual(body.sessions.map((s) => s.id).sort(), [...theirs].sort());
    }
  });
});
