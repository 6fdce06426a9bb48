// Windows start at enrolment (issue 22 §2): a clinic that enrols 60 patients today, each with one night
// recorded before (in four zones, some with Korean names), gets no "low adherence" and no "no data" alert
// from the scheduled run — before, 1 night of 30 read "Adherence 3 % over 30 days" for each, and a night
// ten days old read "No data for 9 nights". A patient enrolled 40 days ago with 14 nights gets both. The
// enrolment day is set over the API by the patient's clinician or an admin only, validated, and read back.
//
// The schedule runs every minute here. The check of the 60 waits for the 40-day patient's alerts, then
// for a run that listed all 61 patients to log that it is done (so it went through all 60 after their
// nights were stored): it waits for the work, not for a time.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { AlertView } from "@/lib/live/events";
import { addDays } from "@/lib/sleep/adherence";
import { getJson, signIn, usersCli } from "./support/accounts";
import { createTestDatabase, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { waitFor } from "./support/wait";
import { postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const API_KEY = "enrolment-test-key-0123456789";
const PASSWORD = "a long enough passphrase";
const DAY_MS = 86_400_000;
const ZONES = ["Europe/Paris", "Asia/Seoul", "America/New_York", "UTC"];
const KOREAN = ["김민준", "이서연", "박지호", "최수아"];

/** A night of 6 h 20 min asleep after 4 min awake: no per-night rule applies to it. */
function goodNight(userId: string, sessionId: string, startMs: number, timezone: string) {
  const sleepStages = [...Array(8).fill(0), ...Array(760).fill(1)];
  return sessionComplete({ userId, sessionId, startTime: new Date(startMs).toISOString(), endTime: new Date(startMs + sleepStages.length * 30_000).toISOString(), timezone, sleepStages, stat: {} });
}

function send(server: RunningServer, method: string, path: string, cookie: string, body: unknown) {
  return fetch(`${server.url}${path}`, { method, headers: { cookie, origin: server.url, "content-type": "application/json" }, body: JSON.stringify(body) });
}

for (const backend of ["PostgreSQL", "PGlite"] as const) {
  describe(`windows start at enrolment (${backend})`, { timeout: 420_000 }, () => {
    const tag = `enrol-${backend.toLowerCase()}`;
    let db: TestDatabase | undefined;
    let server: RunningServer;
    let target: WebhookTarget;
    let admin: string;
    let doctor: string;
    const allAlerts = async () => {
      const res = await getJson(server, "/api/alerts?state=all&limit=500", admin);
      assert.equal(res.status, 200, res.text);
      return res.body.alerts as AlertView[];
    };

    before(async () => {
      if (backend === "PostgreSQL") db = await createTestDatabase();
      server = await startServer({ databaseUrl: db?.url, apiKey: API_KEY, env: { ALERTS_SCHEDULE: "* * * * *", ALERTS_DIGEST_SCHEDULE: "off" } });
      target = { url: server.url, apiKey: API_KEY };
      await usersCli(server, ["add", "--password", PASSWORD, "--email", `boss@${tag}.test`, "--role", "admin", "--name", "Bo Boss"]);
      await usersCli(server, ["add", "--password", PASSWORD, "--email", `doctor@${tag}.test`, "--role", "clinician", "--name", "Dr Ada"]);
      await usersCli(server, ["add", "--password", PASSWORD, "--email", `other@${tag}.test`, "--role", "clinician", "--name", "Dr Elsewhere"]);
      admin = (await signIn(server, `boss@${tag}.test`, PASSWORD)).cookie!;
      doctor = (await signIn(server, `doctor@${tag}.test`, PASSWORD)).cookie!;
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it("60 patients enrolled today with one night each raise no adherence or no-data alert; one enrolled 40 days ago with 14 nights raises both", async () => {
      const today = new Date().toISOString().slice(0, 10);
      const patients = Array.from({ length: 60 }, (_, i) => ({
        asleepUserId: `${tag}-p${i}`,
        name: i % 5 === 0 ? KOREAN[(i / 5) % KOREAN.length]! : `Patient ${i}`,
        zone: ZONES[i % ZONES.length]!,
      }));
      for (const p of patients) {
        const res = await send(server, "POST", "/api/admin/accounts", admin, {
          email: `${p.asleepUserId}@${tag}.test`,
          password: PASSWORD,
          role: "patient",
          name: p.name,
          asleepUserId: p.asleepUserId,
          clinician: `doctor@${tag}.test`,
          timezone: p.zone,
        });
        assert.equal(res.status, 201, await res.text());
      }
      // Each one's only night is from before today: last night, up to twelve nights ago.
      for (const [i, p] of patients.entries()) {
        const night = goodNight(p.asleepUserId, `${p.asleepUserId}-n`, Date.now() - ((i % 12) + 1) * DAY_MS, p.zone);
        assert.equal((await postWebhook(target, night)).status, 200);
      }

      // Enrolled 40 days ago by their clinician; 14 nights, the last six nights ago.
      const veteran = `${tag}-veteran`;
      const made = await send(server, "POST", "/api/admin/accounts", admin, { email: `veteran@${tag}.test`, password: PASSWORD, role: "patient", name: "Vera Veteran", asleepUserId: veteran, clinician: `doctor@${tag}.test`, timezone: "Europe/Paris" });
      assert.equal(made.status, 201, await made.text());
      const enrolledOn = addDays(today, -40);
      const set = await send(server, "PUT", `/api/patients/${veteran}/enrolment`, doctor, { enrolledOn });
      assert.equal(set.status, 200, await set.text());
      for (let k = 6; k < 20; k++) {
        assert.equal((await postWebhook(target, goodNight(veteran, `${veteran}-n${k}`, Date.now() - k * DAY_MS, "Europe/Paris"))).status, 200);
      }
      const raised = await waitFor(
        "the veteran's scheduled adherence and no-data alerts",
        async () => {
          const mine = (await allAlerts()).filter((a) => a.patient.asleepUserId === veteran);
          const adherence = mine.find((a) => a.rule === "low-adherence");
          const noData = mine.find((a) => a.rule === "no-data");
          return adherence && noData && { adherence, noData };
        },
        200_000,
      );
      assert.match(raised.adherence.reason, /^Adherence (4[0-6]) % over 30 days/);
      assert.match(raised.noData.reason, /^No data for [4-6] nights/);
      // A run that listed all 61 patients (so after the 60 and their nights were stored) has been through
      // every one of them once it logs its figures.
      await waitFor("a scheduled run over all 61 patients, finished", () => server.logs().some((l) => l.msg === "scheduled alert rules evaluated" && l.patients === 61), 200_000);
      const ids = new Set(patients.map((p) => p.asleepUserId));
      const wrong = (await allAlerts()).filter((a) => ids.has(a.patient.asleepUserId ?? "") && (a.rule === "low-adherence" || a.rule === "no-data"));
      assert.deepEqual(wrong.map((a) => `${a.patient.name}: ${a.reason}`), [], "no scheduled alert for a patient enrolled today");
    });

    it("the enrolment day is read by whoever may see the patient and set by their clinician or an admin only; a bad day changes nothing", async () => {
      const who = `${tag}-p1`;
      const path = `/api/patients/${who}/enrolment`;
      const today = new Date().toISOString().slice(0, 10);
      // Made today in Seoul: today there, or tomorrow's date when UTC is still on the day before.
      const first = await getJson(server, path, doctor);
      assert.equal(first.status, 200, first.text);
      assert.ok([today, addDays(today, 1)].includes(first.body.enrolledOn as string), `enrolled on ${first.body.enrolledOn}`);

      const other = (await signIn(server, `other@${tag}.test`, PASSWORD)).cookie!;
      const patient = (await signIn(server, `${who}@${tag}.test`, PASSWORD)).cookie!;
      assert.equal((await send(server, "PUT", path, other, { enrolledOn: "2026-01-05" })).status, 404, "a clinician not caring for the patient");
      assert.equal((await getJson(server, path, other)).status, 404);
      assert.equal((await send(server, "PUT", path, patient, { enrolledOn: "2026-01-05" })).status, 404, "the patient");
      for (const bad of [{ enrolledOn: "2026-02-30" }, { enrolledOn: "05/01/2026" }, { enrolledOn: "2026-01-05", extra: 1 }, {}]) {
        const res = await send(server, "PUT", path, doctor, bad);
        assert.equal(res.status, 400, JSON.stringify(bad));
      }
      assert.equal((await getJson(server, path, doctor)).body.enrolledOn, first.body.enrolledOn, "nothing refused changed it");

      const byAdmin = await send(server, "PUT", path, admin, { enrolledOn: "2026-01-05" });
      assert.equal(byAdmin.status, 200);
      assert.deepEqual(await byAdmin.json(), { asleepUserId: who, enrolledOn: "2026-01-05" });
      assert.equal((await getJson(server, path, patient)).body.enrolledOn, "2026-01-05", "the patient reads it");
      const accounts = (await getJson(server, "/api/admin/accounts", admin)).body.accounts as Array<{ email: string; enrolledOn?: string | null }>;
      assert.equal(accounts.find((a) => a.email === `${who}@${tag}.test`)?.enrolledOn, "2026-01-05", "the accounts list shows it");
    });
  });
}
