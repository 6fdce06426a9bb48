// Bounds everywhere (issue 21 §7): every API route, swept with hostile values in every path parameter
// and every query parameter it reads, on PGlite and PostgreSQL. Each answer is a 400 (or a 404, or a
// page), never a 500: a cursor holding a lone surrogate or U+0000, a `before=` past PostgreSQL's bigint,
// a report, CSV or FHIR range in year 9999, a reset token holding U+0000. The table below must name
// every route file under app/api, so a new route is swept too.

import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { getJson, signIn, usersCli } from "./support/accounts";
import { createTestDatabase, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, sessionComplete } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const API_KEY = "bounds-test-key-0123456789";
const PATIENT = "bnd-pat";
const NIGHT = "bnd-night";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
/** Every route under app/api: its methods, and the query parameters its GET reads. */
const ROUTES: Record<string, { methods: Method[]; query?: string[] }> = {
  "/api/account/alert-email": { methods: ["GET", "PUT"] },
  "/api/account/credential": { methods: ["PUT"] },
  "/api/account/locale": { methods: ["PUT"] },
  "/api/account/push": { methods: ["GET", "POST", "DELETE"], query: ["endpoint"] },
  "/api/account/sleep-need": { methods: ["PUT"] },
  "/api/account/timezone": { methods: ["PUT"] },
  "/api/admin/access-log": { methods: ["GET"], query: ["asleepUserId", "limit", "before"] },
  "/api/admin/access-log.csv": { methods: ["GET"], query: ["asleepUserId"] },
  "/api/admin/accounts": { methods: ["GET", "POST"], query: ["q"] },
  "/api/admin/accounts/[id]": { methods: ["PATCH"] },
  "/api/admin/accounts/[id]/credential": { methods: ["PUT"] },
  "/api/admin/accounts/[id]/password": { methods: ["POST"] },
  "/api/admin/accounts/[id]/reset-link": { methods: ["POST"] },
  "/api/admin/deliveries": { methods: ["GET"], query: ["sessionId", "userId", "limit", "before"] },
  "/api/admin/deliveries/[id]/replay": { methods: ["POST"] },
  "/api/admin/people/[asleepUserId]": { methods: ["DELETE"] },
  "/api/admin/people/[asleepUserId]/export": { methods: ["GET"] },
  "/api/admin/webhooks": { methods: ["GET", "POST"] },
  "/api/admin/webhooks/[id]": { methods: ["PATCH", "DELETE"] },
  "/api/admin/webhooks/[id]/rotate": { methods: ["POST"] },
  "/api/admin/webhooks/[id]/test": { methods: ["POST"] },
  "/api/admin/webhooks/deliveries": { methods: ["GET"], query: ["endpointId", "status", "limit", "before"] },
  "/api/admin/webhooks/deliveries/[id]/replay": { methods: ["POST"] },
  "/api/alerts": { methods: ["GET"], query: ["state", "rule", "patient", "owner", "limit", "before"] },
  "/api/alerts/[id]/[action]": { methods: ["POST"] },
  "/api/alerts/[id]/assignee": { methods: ["PUT"] },
  "/api/alerts/bulk": { methods: ["POST"] },
  "/api/alerts/count": { methods: ["GET"] },
  "/api/alerts/rules": { methods: ["GET", "PUT"] },
  "/api/asleep-webhook": { methods: ["POST"] },
  "/api/auth/[...all]": { methods: ["GET", "POST"] },
  "/api/billing.csv": { methods: ["GET"], query: ["month"] },
  "/api/board": { methods: ["GET"], query: ["q", "sort", "dir", "flag", "days", "clinician", "page", "size"] },
  "/api/board.csv": { methods: ["GET"], query: ["q", "sort", "dir", "flag", "days", "clinician", "page", "size"] },
  "/api/health": { methods: ["GET"] },
  "/api/notes/[id]": { methods: ["GET", "PATCH"] },
  "/api/openapi.json": { methods: ["GET"] },
  "/api/period-reports/[id]": { methods: ["GET"] },
  "/api/period-reports/[id]/amend": { methods: ["POST"] },
  "/api/period-reports/[id]/fhir": { methods: ["GET"] },
  "/api/period-reports/[id]/reports/[version]": { methods: ["GET", "PUT", "PATCH", "DELETE"] },
  "/api/period-reports/[id]/reports/[version]/report.pdf": { methods: ["GET"] },
  "/api/patients/[asleepUserId]/alert-rules": { methods: ["GET", "PUT"] },
  "/api/patients/[asleepUserId]/clinician-time": { methods: ["GET", "POST"], query: ["month"] },
  "/api/patients/[asleepUserId]/diary": { methods: ["GET"], query: ["from", "to"] },
  "/api/patients/[asleepUserId]/diary/[night]": { methods: ["PUT"] },
  "/api/patients/[asleepUserId]/enrolment": { methods: ["GET", "PUT"] },
  "/api/patients/[asleepUserId]/fhir": { methods: ["GET"], query: ["from", "to"] },
  "/api/patients/[asleepUserId]/nights.csv": { methods: ["GET"], query: ["from", "to"] },
  "/api/patients/[asleepUserId]/notes": { methods: ["GET", "POST"], query: ["limit", "before"] },
  "/api/patients/[asleepUserId]/period-reports": { methods: ["GET", "POST"] },
  "/api/patients/[asleepUserId]/report.csv": { methods: ["GET"], query: ["from", "to"] },
  "/api/patients/[asleepUserId]/report.pdf": { methods: ["GET"], query: ["from", "to"] },
  "/api/patients/[asleepUserId]/studies": { methods: ["GET", "POST"] },
  "/api/sessions": { methods: ["GET"], query: ["userId", "state", "from", "to", "limit", "before"] },
  "/api/sessions/[id]": { methods: ["GET"] },
  "/api/sessions/[id]/export.csv": { methods: ["GET"] },
  "/api/sessions/[id]/fhir": { methods: ["GET"] },
  "/api/sessions/[id]/notes": { methods: ["GET", "POST"], query: ["limit", "before"] },
  "/api/sessions/[id]/omh": { methods: ["GET"] },
  "/api/sessions/[id]/tags": { methods: ["GET", "PUT"] },
  "/api/studies": { methods: ["GET"], query: ["awaiting"] },
  "/api/studies/[id]": { methods: ["GET"] },
  "/api/studies/[id]/amend": { methods: ["POST"] },
  "/api/studies/[id]/fhir": { methods: ["GET"] },
  "/api/studies/[id]/reports/[version]": { methods: ["GET", "PUT", "PATCH", "DELETE"] },
  "/api/studies/[id]/reports/[version]/report.pdf": { methods: ["GET"] },
  "/api/studies/[id]/sign": { methods: ["POST"] },
};

/** The real value of each path parameter when another one, or the query, is what is swept. */
const REAL: Record<string, string> = { "[asleepUserId]": PATIENT, "[id]": NIGHT, "[action]": "acknowledge", "[...all]": "get-session", "[night]": "2026-11-20", "[version]": "1" };

const cursor = (keys: unknown[]) => Buffer.from(JSON.stringify(keys), "utf8").toString("base64url");
const AT = "2026-11-20T22:00:00.000Z";
/** Path segments no id can be: U+0000, a lone surrogate's UTF-8 (not UTF-8 at all), an id too long. */
const HOSTILE_SEGMENTS = ["%00", "a%00b", "%ED%A0%80", "x".repeat(300)];
/** Query values: U+0000, years PostgreSQL or JavaScript cannot take, numbers past a bigint, cursors of both kinds. */
const HOSTILE_VALUES = [
  "\u0000",
  "a\u0000b",
  "\uFFFD",
  "9999999999999999999",
  "99999999999999999999999",
  "-9223372036854775809",
  "1e400",
  "9999-12-31",
  "0000-01-01",
  "+275760-09-13",
  "-271821-04-20",
  "x".repeat(2000),
  cursor([null, AT, "night\uD800"]),
  cursor([AT, AT, "night\u0000"]),
  cursor(["9999-12-31T00:00:00.000Z", AT, "night"]),
  cursor([AT, "9999999999999999999"]),
  cursor([AT, "\uDC00"]),
  cursor(["+275760-09-13T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"]),
];

/** The route files under app/api, as URL templates. */
function routeFiles(): string[] {
  const root = path.resolve(__dirname, "../app/api");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else if (entry.name === "route.ts") found.push("/api/" + path.relative(root, dir).split(path.sep).join("/"));
    }
  };
  walk(root);
  return found.sort();
}

describe("the sweep's table", () => {
  it("names every route under app/api", () => {
    assert.deepEqual(Object.keys(ROUTES).sort(), routeFiles());
  });
});

for (const backend of ["PGlite", "PostgreSQL"] as const) {
  describe(`bounds everywhere: hostile paths and queries get a 400, a 404 or a page, never a 500 (${backend})`, { timeout: 600_000 }, () => {
    let server: RunningServer;
    let db: TestDatabase | undefined;
    let admin: string;

    const request = async (method: Method, target: string) => {
      const res = await fetch(`${server.url}${target}`, {
        method,
        headers: { cookie: admin, origin: server.url, ...(method === "GET" || method === "DELETE" ? {} : { "content-type": "application/json" }) },
        body: method === "GET" || method === "DELETE" ? undefined : "{}",
        redirect: "manual",
      });
      const text = await res.text();
      return { status: res.status, text };
    };

    before(async () => {
      if (backend === "PostgreSQL") db = await createTestDatabase();
      server = await startServer({ databaseUrl: db?.url, apiKey: API_KEY, env: { ALERTS_SCHEDULE: "off" } });
      await usersCli(server, ["add", "--email", "admin@bounds.test", "--password", PASSWORD, "--role", "admin"]);
      await usersCli(server, ["add", "--email", "pat@bounds.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", PATIENT]);
      const stages = Array<number>(100).fill(1);
      const night = sessionComplete({ userId: PATIENT, sessionId: NIGHT, startTime: "2026-11-20T22:00:00Z", endTime: "2026-11-20T22:50:00Z", timezone: "UTC", sleepStages: stages, stat: {} });
      assert.equal((await postWebhook({ url: server.url, apiKey: API_KEY }, night)).status, 200);
      admin = (await signIn(server, "admin@bounds.test", PASSWORD)).cookie!;
    });

    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it("the issue's cases: each a 400 naming the parameter", async () => {
      const cases: Array<[string, string]> = [
        [`/api/sessions?before=${cursor([null, AT, "night\uD800"])}`, "before"],
        ["/api/admin/access-log?before=9999999999999999999", "before"],
        ["/api/admin/webhooks/deliveries?before=9999999999999999999", "before"],
        [`/api/admin/deliveries?before=${cursor([AT, "9999999999999999999"])}`, "before"],
        ["/api/sessions?from=-271821-04-20", "from"],
        ["/api/sessions?to=%2B275760-09-13", "to"],
        ...(["report.pdf", "report.csv", "nights.csv", "fhir"].map((r) => [`/api/patients/${PATIENT}/${r}?from=9999-12-01&to=9999-12-31`, "from"]) as Array<[string, string]>),
      ];
      for (const [target, parameter] of cases) {
        const res = await getJson(server, target, admin);
        assert.equal(res.status, 400, `${target}: ${res.text}`);
        assert.ok((res.body.issues as Array<{ path: string }>).some((i) => i.path === parameter), `${target} names ${parameter}: ${res.text}`);
      }
      // The range's edges still answer: nights can be dated anywhere from 1970 to 2199.
      for (const [from, to] of [["1970-01-01", "1970-01-31"], ["2199-12-01", "2199-12-31"]]) {
        assert.equal((await getJson(server, `/api/patients/${PATIENT}/nights.csv?from=${from}&to=${to}`, admin)).status, 200, `${from} to ${to}`);
      }
    });

    it("a reset token or any better-auth input holding U+0000 or a lone surrogate is a 400, never a 500", async () => {
      for (const token of ["a\u0000b", "a\uD800"]) {
        const res = await fetch(`${server.url}/api/auth/reset-password`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ token, newPassword: "another long passphrase" }) });
        assert.equal(res.status, 400, JSON.stringify(token));
        assert.equal(((await res.json()) as { code?: string }).code, "INVALID_TOKEN");
      }
      const signInNul = await fetch(`${server.url}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ email: "admin@bounds.test", password: "a\u0000b long enough" }) });
      assert.ok(signInNul.status >= 400 && signInNul.status < 500, `sign-in: ${signInNul.status}`);
      for (const target of ["/api/auth/reset-password/a%00b?callbackURL=/login", "/reset-password?token=a%00b", "/reset-password?token=%ED%A0%80", "/sessions/a%00b", "/patients/a%00b"]) {
        const res = await fetch(`${server.url}${target}`, { headers: { cookie: admin }, redirect: "manual" });
        assert.ok(res.status < 500, `${target}: ${res.status}`);
      }
    });

    it("every route, every path parameter and every query parameter it reads", async () => {
      const failures: string[] = [];
      let requests = 0;
      const check = async (method: Method, target: string) => {
        requests++;
        const res = await request(method, target);
        if (res.status >= 500) failures.push(`${method} ${target.slice(0, 160)} → ${res.status} ${res.text.slice(0, 120)}`);
      };
      for (const [template, { methods, query = [] }] of Object.entries(ROUTES)) {
        const segments = template.split("/");
        for (const method of methods) {
          // Each dynamic segment hostile in turn, the others real.
          for (const [i, segment] of segments.entries()) {
            if (!segment.startsWith("[")) continue;
            for (const hostile of HOSTILE_SEGMENTS) {
              await check(method, segments.map((s, j) => (j === i ? hostile : (REAL[s] ?? s))).join("/"));
            }
          }
        }
        if (!methods.includes("GET")) continue;
        const real = segments.map((s) => REAL[s] ?? s).join("/");
        for (const name of query) {
          for (const hostile of HOSTILE_VALUES) await check("GET", `${real}?${new URLSearchParams({ [name]: hostile })}`);
        }
      }
      console.log(`[figures] bounds sweep (${backend}): ${requests} hostile requests over ${Object.keys(ROUTES).length} routes, ${failures.length} answered 5xx`);
      assert.deepEqual(failures, []);
    });
  });
}
