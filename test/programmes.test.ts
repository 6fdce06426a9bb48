// Programmes on the patient page (issue 24 §3), over HTTP on both databases: a patient enrolled 40 days
// ago, whose nights come over the webhook, reads as compliant in the first 90 days (22 good nights in
// their first 30 days), and the clinician sees the current monitoring cycle's days with data against the
// 16-day (CPT 99454) and 2-day (99445) thresholds. The sleeper's own page shows compliance, no billing.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { addDays } from "@/lib/sleep/days";
import { windowLabel } from "@/lib/sleep/compliance";
import { signIn, usersCli } from "./support/accounts";
import { createTestDatabase, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const API_KEY = "programmes-test-key-0123456789";
const PASSWORD = "a long enough passphrase";

/** 6 h 20 min asleep, from 22:00 UTC on `day`: that day's night in UTC. */
function goodNight(userId: string, sessionId: string, day: string, hour = 22) {
  const sleepStages = [...Array(8).fill(0), ...Array(760).fill(1)];
  const start = Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00Z`);
  return sessionComplete({ userId, sessionId, startTime: new Date(start).toISOString(), endTime: new Date(start + sleepStages.length * 30_000).toISOString(), timezone: "UTC", sleepStages, stat: {} });
}

/** The text of the element with `testid` on a page, as a reader sees it. */
function shown(html: string, testid: string): string {
  const m = new RegExp(`data-testid="${testid}"[^>]*>([\\s\\S]*?)</(p|ul)>`).exec(html);
  assert.ok(m, `the page shows ${testid}`);
  return m[1]!.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
}

for (const backend of ["PostgreSQL", "PGlite"] as const) {
  describe(`programmes on the patient page (${backend})`, { timeout: 300_000 }, () => {
    const tag = `prog-${backend.toLowerCase()}`;
    const patient = `${tag}-pat`;
    let db: TestDatabase | undefined;
    let server: RunningServer;
    let doctor: string;
    let own: string;
    // The night's day now, in UTC (noon to noon): today after noon, else yesterday.
    const now = new Date();
    const today = now.getUTCHours() < 12 ? addDays(now.toISOString().slice(0, 10), -1) : now.toISOString().slice(0, 10);
    const enrolledOn = addDays(today, -40);

    before(async () => {
      if (backend === "PostgreSQL") db = await createTestDatabase();
      server = await startServer({ databaseUrl: db?.url, apiKey: API_KEY, env: { ALERTS_SCHEDULE: "off", ALERTS_DIGEST_SCHEDULE: "off" } });
      const target: WebhookTarget = { url: server.url, apiKey: API_KEY };
      await usersCli(server, ["add", "--password", PASSWORD, "--email", `doctor@${tag}.test`, "--role", "clinician", "--name", "Dr Ada"]);
      await usersCli(server, ["add", "--password", PASSWORD, "--email", `pat@${tag}.test`, "--role", "patient", "--name", "Pat Long", "--asleep-user-id", patient, "--clinician", `doctor@${tag}.test`, "--timezone", "UTC"]);
      doctor = (await signIn(server, `doctor@${tag}.test`, PASSWORD)).cookie!;
      own = (await signIn(server, `pat@${tag}.test`, PASSWORD)).cookie!;
      const set = await fetch(`${server.url}/api/patients/${patient}/enrolment`, { method: "PUT", headers: { cookie: doctor, origin: server.url, "content-type": "application/json" }, body: JSON.stringify({ enrolledOn }) });
      assert.equal(set.status, 200, await set.text());
      // 22 good nights on days 1–22 of the first cycle; in the second cycle (days 31–60), nights on 3
      // days, one of them twice, and one the day before enrolment (which counts nowhere).
      const nights = [
        goodNight(patient, `${tag}-before`, addDays(enrolledOn, -1)),
        ...Array.from({ length: 22 }, (_, i) => goodNight(patient, `${tag}-c1-${i}`, addDays(enrolledOn, i))),
        goodNight(patient, `${tag}-c2-a`, addDays(enrolledOn, 30)),
        goodNight(patient, `${tag}-c2-b`, addDays(enrolledOn, 31)),
        goodNight(patient, `${tag}-c2-c`, addDays(enrolledOn, 33), 20),
        goodNight(patient, `${tag}-c2-d`, addDays(enrolledOn, 33), 23),
      ];
      for (const body of nights) assert.equal((await postWebhook(target, body)).status, 200);
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it("the clinician reads compliance and the current cycle's days with data against 99454 and 99445", async () => {
      const res = await fetch(`${server.url}/patients/${patient}`, { headers: { cookie: doctor } });
      assert.equal(res.status, 200);
      const html = await res.text();
      const window = windowLabel({ firstDay: enrolledOn, lastDay: addDays(enrolledOn, 29) });
      assert.match(shown(html, "compliance"), new RegExp(`: Compliant \\(window ${window}: 22 of 30 nights ≥ 4 h\\)\\.$`));
      const cycle = { firstDay: addDays(enrolledOn, 30), lastDay: addDays(enrolledOn, 59) };
      assert.equal(shown(html, "monitoring-cycle"), `Cycle 2 (${windowLabel(cycle)}): 3 days with data.`);
      // Today is day 41 or so of 60 (no data yet today): the days from today to the cycle's last are left.
      const left = Math.round((Date.parse(cycle.lastDay) - Date.parse(today)) / 86_400_000) + 1;
      assert.equal(shown(html, "monitoring-thresholds"), `16 days (CPT 99454): 13 more days needed, ${left} days left. 2–15 days (CPT 99445): reached.`);
      assert.match(html, /depends on the device(&#x27;|')s regulatory status and on the payer/);
    });

    it("the sleeper's own page shows compliance but no billing counters", async () => {
      const html = await (await fetch(`${server.url}/patients/${patient}`, { headers: { cookie: own } })).text();
      assert.match(shown(html, "compliance"), /Compliant/);
      assert.doesNotMatch(html, /monitoring-cycle|CPT 99454/);
    });
  });
}
