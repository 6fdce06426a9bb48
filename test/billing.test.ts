// Clinician time and the month-end billing CSV (issue 24 §3), over HTTP on both databases: nights come
// over the webhook, clinicians log minutes through the API, and GET /api/billing.csv?month= gives each
// patient's monitoring cycle holding the month's last day, its days with data, the month's minutes and
// whether any was an interactive contact: a clinician's own patients, every patient for an admin.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getJson, signIn, usersCli } from "./support/accounts";
import { createTestDatabase, query, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const API_KEY = "billing-test-key-0123456789";
const PASSWORD = "a long enough passphrase";

/** 6 h 20 min asleep from `hour`:00 UTC on `day` (that day's night in UTC). */
function night(userId: string, sessionId: string, day: string, hour = 22) {
  const sleepStages = [...Array(8).fill(0), ...Array(760).fill(1)];
  const start = Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00Z`);
  return sessionComplete({ userId, sessionId, startTime: new Date(start).toISOString(), endTime: new Date(start + sleepStages.length * 30_000).toISOString(), timezone: "UTC", sleepStages, stat: {} });
}

for (const backend of ["PostgreSQL", "PGlite"] as const) {
  describe(`clinician time and the billing CSV (${backend})`, { timeout: 300_000 }, () => {
    const tag = `bill-${backend.toLowerCase()}`;
    const [p1, p2, p3] = [`${tag}-p1`, `${tag}-p2`, `${tag}-p3`];
    let db: TestDatabase | undefined;
    let server: RunningServer;
    const cookies: Record<string, string> = {};
    const post = (who: string, asleepUserId: string, body: unknown) =>
      fetch(`${server.url}/api/patients/${asleepUserId}/clinician-time`, { method: "POST", headers: { cookie: cookies[who]!, origin: server.url, "content-type": "application/json" }, body: JSON.stringify(body) });
    const rowsOf = (text: string) => text.replace(/^\uFEFF/, "").split("\r\n").filter((l) => l !== "");

    before(async () => {
      if (backend === "PostgreSQL") db = await createTestDatabase();
      server = await startServer({ databaseUrl: db?.url, apiKey: API_KEY, env: { ALERTS_SCHEDULE: "off", ALERTS_DIGEST_SCHEDULE: "off" } });
      const target: WebhookTarget = { url: server.url, apiKey: API_KEY };
      await usersCli(server, ["add", "--password", PASSWORD, "--email", `admin@${tag}.test`, "--role", "admin", "--name", "Bo Admin"]);
      await usersCli(server, ["add", "--password", PASSWORD, "--email", `dra@${tag}.test`, "--role", "clinician", "--name", "Dr Ada"]);
      await usersCli(server, ["add", "--password", PASSWORD, "--email", `drb@${tag}.test`, "--role", "clinician", "--name", "Dr Ben"]);
      // Anna: enrolled Tue 20 Oct, so cycle 2 runs 19 Nov–18 Dec. Bob: enrolled Tue 10 Nov, cycle 1 to 9 Dec.
      await usersCli(server, ["add", "--password", PASSWORD, "--email", `p1@${tag}.test`, "--role", "patient", "--name", "Anna One", "--asleep-user-id", p1, "--clinician", `dra@${tag}.test`, "--timezone", "UTC", "--enrolled-on", "2026-10-20"]);
      await usersCli(server, ["add", "--password", PASSWORD, "--email", `p2@${tag}.test`, "--role", "patient", "--name", "Bob Two", "--asleep-user-id", p2, "--clinician", `dra@${tag}.test`, "--timezone", "UTC", "--enrolled-on", "2026-11-10"]);
      await usersCli(server, ["add", "--password", PASSWORD, "--email", `p3@${tag}.test`, "--role", "patient", "--name", "Cleo Three", "--asleep-user-id", p3, "--clinician", `drb@${tag}.test`, "--timezone", "UTC", "--enrolled-on", "2026-10-01"]);
      for (const who of ["admin", "dra", "drb", "p1"]) cookies[who] = (await signIn(server, `${who}@${tag}.test`, PASSWORD)).cookie!;
      for (const body of [
        night(p1, `${tag}-a-18`, "2026-11-18"), // cycle 1: not in the cycle holding 30 Nov
        night(p1, `${tag}-a-19`, "2026-11-19"),
        night(p1, `${tag}-a-20`, "2026-11-20", 20),
        night(p1, `${tag}-a-20b`, "2026-11-20", 23), // the same day again: one day with data
        night(p1, `${tag}-a-25`, "2026-11-25"),
        night(p1, `${tag}-a-dec`, "2026-12-01"), // after the month
        night(p2, `${tag}-b-09`, "2026-11-09"), // before Bob's enrolment
        night(p2, `${tag}-b-12`, "2026-11-12"),
      ]) {
        assert.equal((await postWebhook(target, body)).status, 200);
      }
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it("a clinician logs minutes on their patient and reads the month's total against the steps", async () => {
      for (const body of [
        { day: "2026-11-03", minutes: 15, kind: "review", interactiveContact: false, note: "Reviewed two weeks of nights" },
        { day: "2026-11-20", minutes: 10, kind: "call", interactiveContact: true },
        { day: "2026-12-01", minutes: 30, kind: "review", interactiveContact: false },
      ]) {
        const res = await post("dra", p1, body);
        assert.equal(res.status, 201, await res.text());
      }
      assert.equal((await post("drb", p3, { day: "2026-11-05", minutes: 12, kind: "message", interactiveContact: false })).status, 201);
      const month = (await getJson(server, `/api/patients/${p1}/clinician-time?month=2026-11`, cookies.dra)) as unknown as { status: number; body: { entries: Array<{ day: string; minutes: number; clinicianName: string }>; total: { minutes: number; step: string; interactiveContact: boolean; toNextStep: number } } };
      assert.equal(month.status, 200);
      assert.deepEqual(month.body.entries.map((e) => [e.day, e.minutes, e.clinicianName]), [["2026-11-03", 15, "Dr Ada"], ["2026-11-20", 10, "Dr Ada"]]);
      assert.deepEqual([month.body.total.minutes, month.body.total.step, month.body.total.interactiveContact, month.body.total.toNextStep], [25, "99457", true, 15]);
    });

    it("nobody else may log or read them, and bad entries are refused with nothing written", async () => {
      const count = async () => Number((await query<{ n: string }>(db?.url ?? server.databaseUrl, "SELECT count(*) AS n FROM clinician_time"))[0]!.n);
      const before = await count();
      const ok = { day: "2026-11-04", minutes: 5, kind: "review", interactiveContact: false };
      assert.equal((await post("drb", p1, ok)).status, 404, "another clinician's patient");
      assert.equal((await post("p1", p1, ok)).status, 404, "the patient");
      for (const bad of [{ ...ok, minutes: 0 }, { ...ok, minutes: 2.5 }, { ...ok, day: "2026-02-30" }, { ...ok, kind: "coffee" }, { ...ok, extra: 1 }, { minutes: 5 }]) {
        const res = await post("dra", p1, bad);
        assert.equal(res.status, 400, JSON.stringify(bad));
      }
      assert.equal(before, await count());
      assert.equal((await getJson(server, `/api/patients/${p1}/clinician-time?month=2026-13`, cookies.dra)).status, 400);
      assert.equal((await getJson(server, `/api/patients/${p1}/clinician-time?month=2026-11`, cookies.drb)).status, 404);
    });

    it("the billing CSV: the cycle holding the month's last day, its days with data from the webhook's nights, the month's minutes", async () => {
      const header = "asleep_user_id,patient_name,enrolled_on,month,cycle,cycle_first_day,cycle_last_day,days_with_data,clinician_minutes,interactive_contact";
      const anna = `${p1},Anna One,2026-10-20,2026-11,2,2026-11-19,2026-12-18,3,25,yes`;
      const bob = `${p2},Bob Two,2026-11-10,2026-11,1,2026-11-10,2026-12-09,1,0,no`;
      // Cleo, enrolled Thu 1 Oct: cycle 3 begins on 30 Nov, the month's last day, with no night in it yet.
      const cleo = `${p3},Cleo Three,2026-10-01,2026-11,3,2026-11-30,2026-12-29,0,12,no`;
      const own = await getJson(server, "/api/billing.csv?month=2026-11", cookies.dra);
      assert.equal(own.status, 200);
      assert.equal(own.headers.get("content-type"), "text/csv; charset=utf-8");
      assert.deepEqual(rowsOf(own.text), [header, anna, bob]);
      assert.deepEqual(rowsOf((await getJson(server, "/api/billing.csv?month=2026-11", cookies.admin)).text), [header, anna, bob, cleo]);
      assert.equal((await getJson(server, "/api/billing.csv?month=2026-11", cookies.p1)).status, 404);
      assert.equal((await getJson(server, "/api/billing.csv?month=November", cookies.dra)).status, 400);
    });
  });
}
