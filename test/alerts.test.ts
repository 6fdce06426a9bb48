// Alerts end to end (issue 13 §2): a night completed over the webhook raises exactly one alert, live to its
// clinician's socket and by e-mail to a real SMTP server (smtp-server) — re-delivery raises nothing more;
// acknowledge and resolve record who and when; a clinician not caring for the patient, and the patient, get
// 404; the pg-boss schedule raises "no data"; a daily digest lists the day's alerts; a disabled account gets
// no e-mail, immediate or digest. On PostgreSQL with SMTP_URL, and on PGlite without it (no e-mail at all).
//
// The schedule runs every minute here (for "no data" and the digest); Quinn was enrolled five days ago, on
// the day of her only night, so nights without data count from then (test/enrolment.test.ts). The checks of one night's alert look at that night's
// alerts, live events and e-mail only, and wait for the work after a request to settle, not for a time.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import type { AlertView, ClientToServerEvents, ServerToClientEvents } from "@/lib/live/events";
import { getJson, signIn, usersCli } from "./support/accounts";
import { createTestDatabase, settledTableContents, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { startSmtp, type Mail } from "./support/smtp";
import { waitFor } from "./support/wait";
import { postWebhook, shortNight, type WebhookTarget } from "./support/webhook";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const API_KEY = "alerts-test-key-0123456789";
const PASSWORD = "a long enough passphrase";

function post(server: RunningServer, path: string, cookie: string, body?: unknown) {
  return fetch(`${server.url}${path}`, {
    method: body === undefined ? "POST" : "PUT",
    headers: { cookie, origin: server.url, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

for (const backend of ["PostgreSQL", "PGlite"] as const) {
  const withMail = backend === "PostgreSQL";
  describe(`alerts (${backend}${withMail ? ", SMTP_URL set" : ", no SMTP_URL"})`, { timeout: 240_000 }, () => {
    const tag = `alerts-${backend.toLowerCase()}`;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let db: TestDatabase | undefined;
    let server: RunningServer;
    let target: WebhookTarget;
    let doctor: string;
    let stranger: string;
    let sleeper: string;
    let socket: Client;
    const live: AlertView[] = [];
    const inbox = async (cookie: string, query = "") => getJson(server, `/api/alerts${query}`, cookie);
    /** The night's alert, raised by the first test. */
    let nightAlert: AlertView;
    const nightId = `${tag}-night-1`;
    const ofNight = (alerts: AlertView[]) => alerts.filter((a) => a.sessionId === nightId);
    /** No job queued or running, and the tables still: whatever a request set going has been done. */
    const settled = () => settledTableContents(db?.url ?? server.databaseUrl, { timeoutMs: 60_000 });
    const unfold = (m: Mail) => m.text.replace(/=\r?\n/g, "");

    before(async () => {
      smtp = await startSmtp();
      if (backend === "PostgreSQL") db = await createTestDatabase();
      server = await startServer({
        databaseUrl: db?.url,
        apiKey: API_KEY,
        env: { ALERTS_SCHEDULE: "* * * * *", ALERTS_DIGEST_SCHEDULE: "* * * * *", ...(withMail ? { SMTP_URL: smtp.url, ALERT_MAIL_FROM: "Sleep alerts <alerts@clinic.test>" } : {}) },
      });
      target = { url: server.url, apiKey: API_KEY };
      const add = (args: string[]) => usersCli(server, ["add", "--password", PASSWORD, ...args]);
      await add(["--email", `doctor@${tag}.test`, "--role", "clinician", "--name", "Dr Ada"]);
      await add(["--email", `digest@${tag}.test`, "--role", "clinician", "--name", "Dr Digest"]);
      await add(["--email", `stranger@${tag}.test`, "--role", "clinician", "--name", "Dr Elsewhere"]);
      await add(["--email", `sleeper@${tag}.test`, "--role", "patient", "--name", "Sam Sleeper", "--asleep-user-id", `${tag}-sam`, "--clinician", `doctor@${tag}.test`]);
      // Quinn's last night (five days ago, after enrolment) is stored before the account exists, so no
      // scheduled run can see Quinn without it (one that did would rightly say "No data for 10 nights").
      assert.equal((await postWebhook(target, shortNight(`${tag}-quinn`, `${tag}-night-old`, Date.now() - 5 * 86_400_000))).status, 200);
      await add(["--email", `quiet@${tag}.test`, "--role", "patient", "--name", "Quinn Quiet", "--asleep-user-id", `${tag}-quinn`, "--clinician", `digest@${tag}.test`, "--enrolled-on", new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10)]);
      // Two admins who chose e-mail (admins hear of every patient's alerts), then were disabled.
      await add(["--email", `boss@${tag}.test`, "--role", "admin", "--name", "Bo Boss"]);
      await add(["--email", `gone-now@${tag}.test`, "--role", "admin", "--name", "Gone Immediate"]);
      await add(["--email", `gone-daily@${tag}.test`, "--role", "admin", "--name", "Gone Daily"]);
      doctor = (await signIn(server, `doctor@${tag}.test`, PASSWORD)).cookie!;
      stranger = (await signIn(server, `stranger@${tag}.test`, PASSWORD)).cookie!;
      sleeper = (await signIn(server, `sleeper@${tag}.test`, PASSWORD)).cookie!;
      const digest = (await signIn(server, `digest@${tag}.test`, PASSWORD)).cookie!;
      assert.equal((await post(server, "/api/account/alert-email", doctor, { mode: "immediate" })).status, 200);
      assert.equal((await post(server, "/api/account/alert-email", digest, { mode: "digest" })).status, 200);
      const boss = (await signIn(server, `boss@${tag}.test`, PASSWORD, "127.0.7.1")).cookie!;
      for (const [who, mode] of [["gone-now", "immediate"], ["gone-daily", "digest"]] as const) {
        const cookie = (await signIn(server, `${who}@${tag}.test`, PASSWORD, "127.0.7.2")).cookie!;
        assert.equal((await post(server, "/api/account/alert-email", cookie, { mode })).status, 200);
        const accounts = (await getJson(server, "/api/admin/accounts", boss)).body.accounts as Array<{ id: string; email: string }>;
        const id = accounts.find((a) => a.email === `${who}@${tag}.test`)!.id;
        const res = await fetch(`${server.url}/api/admin/accounts/${id}`, { method: "PATCH", headers: { cookie: boss, origin: server.url, "content-type": "application/json" }, body: JSON.stringify({ disabled: true }) });
        assert.equal(res.status, 200, `${who} disabled`);
      }
      socket = connect(server.url, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie: doctor } });
      socket.on("alert:raised", (a) => live.push(a));
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
    });
    after(async () => {
      socket?.close();
      await server?.stop();
      await smtp?.close();
      await db?.drop();
    });

    it("a night completed over the webhook raises exactly one alert, live and (with SMTP_URL) by e-mail; re-delivery raises nothing", async () => {
      const night = shortNight(`${tag}-sam`, nightId, Date.now() - 6 * 3_600_000);
      const first = await postWebhook(target, night);
      assert.equal(first.status, 200);
      const alerts = await waitFor("the alert in the inbox", async () => {
        const found = ofNight((await inbox(doctor)).body.alerts as AlertView[]);
        return found.length > 0 && found;
      });
      await settled();
      assert.equal(ofNight((await inbox(doctor)).body.alerts as AlertView[]).length, 1);
      nightAlert = alerts[0]!;
      assert.equal(nightAlert.rule, "short-sleep");
      assert.match(nightAlert.reason, /^Total sleep 4 h 10 min on \w{3} \d{1,2} \w{3} \(under 5 h\)$/);
      assert.equal(nightAlert.patient.name, "Sam Sleeper");
      await waitFor("the live alert:raised", () => live.some((a) => a.id === nightAlert.id));

      const again = await postWebhook(target, night);
      assert.equal(again.status, 200);
      assert.equal(again.body.duplicate, true);
      await settled();
      assert.equal(ofNight((await inbox(doctor)).body.alerts as AlertView[]).length, 1, "re-delivery raised nothing");
      assert.equal(ofNight(live).length, 1, "one live alert:raised");

      if (withMail) {
        const toDoctor = smtp.mails.filter((m) => m.to.includes(`doctor@${tag}.test`) && unfold(m).includes(nightAlert.reason));
        assert.equal(toDoctor.length, 1, "one e-mail for one alert");
        const text = unfold(toDoctor[0]!);
        assert.ok(text.includes(`${server.url.replace("127.0.0.1", "localhost")}/alerts`) || text.includes("/alerts"), "and a link to the inbox");
        assert.ok(!smtp.mails.some((m) => m.to.includes(`stranger@${tag}.test`)), "no e-mail to a clinician without the patient");
        assert.ok(!smtp.mails.some((m) => m.to.includes(`gone-now@${tag}.test`)), "no e-mail to a disabled account");
      } else {
        assert.equal(smtp.mails.length, 0, "no e-mail without SMTP_URL");
      }
    });

    it("acknowledge and resolve record who and when; others get 404", async () => {
      const id = nightAlert.id;
      // Not theirs: another clinician, and the patient, cannot see or act on it.
      assert.equal(((await inbox(stranger)).body.alerts as AlertView[]).length, 0);
      assert.equal((await post(server, `/api/alerts/${id}/acknowledge`, stranger)).status, 404);
      assert.equal((await inbox(sleeper)).status, 404);
      assert.equal((await post(server, `/api/alerts/${id}/resolve`, sleeper)).status, 404);
      assert.equal((await post(server, `/api/alerts/not-an-id/resolve`, doctor)).status, 400);
      assert.equal((await post(server, `/api/alerts/${id}/delete`, doctor)).status, 400);
      // Without the app's Origin (another site's form), nothing changes.
      assert.equal((await fetch(`${server.url}/api/alerts/${id}/acknowledge`, { method: "POST", headers: { cookie: doctor } })).status, 403);

      const acked = (await (await post(server, `/api/alerts/${id}/acknowledge`, doctor)).json()) as { alert: AlertView };
      assert.equal(acked.alert.state, "ACKNOWLEDGED");
      assert.equal(acked.alert.acknowledgedBy, `Dr Ada (doctor@${tag}.test)`);
      assert.ok(Date.now() - Date.parse(acked.alert.acknowledgedAt!) < 60_000);
      const resolved = (await (await post(server, `/api/alerts/${id}/resolve`, doctor)).json()) as { alert: AlertView };
      assert.equal(resolved.alert.state, "RESOLVED");
      assert.equal(resolved.alert.resolvedBy, `Dr Ada (doctor@${tag}.test)`);
      assert.equal(resolved.alert.acknowledgedAt, acked.alert.acknowledgedAt, "the acknowledgement is kept");
      assert.ok(!((await inbox(doctor)).body.alerts as AlertView[]).some((a) => a.id === id), "the inbox lists unresolved alerts");
      assert.equal(ofNight((await inbox(doctor, "?state=resolved")).body.alerts as AlertView[])[0]?.id, id);
      assert.equal((await inbox(doctor, "?state=maybe")).status, 400);
    });

    it("the schedule raises 'no data' for a patient silent for nights, once", async () => {
      // Quinn's last night (stored before the account) was five days ago, after enrolment: four nights without data since.
      const cookie = (await signIn(server, `digest@${tag}.test`, PASSWORD)).cookie!;
      const found = await waitFor(
        "the scheduled 'no data' alert",
        async () => {
          const res = await getJson(server, `/api/alerts?patient=${tag}-quinn`, cookie);
          assert.equal(res.status, 200, res.text);
          return (res.body.alerts as AlertView[]).find((a) => a.rule === "no-data");
        },
        150_000,
      );
      assert.match(found.reason, /^No data for [4-6] nights \(since \w{3} \d{1,2} \w{3}\)$/);
      if (withMail) {
        // Dr Digest chose the daily digest (every minute here): each run, one e-mail listing the last 24 hours'
        // alerts about Quinn — and never one per alert.
        // A short night of Quinn's now (her old one came before her account, so it raised nothing): its alert
        // and the no-data alert, both of the last 24 hours, are in one digest.
        assert.equal((await postWebhook(target, shortNight(`${tag}-quinn`, `${tag}-night-new`, Date.now() - 26 * 3600_000))).status, 200);
        const digest = await waitFor(
          "a digest e-mail listing the no-data alert and the short night's",
          () => smtp.mails.find((m) => m.to.includes(`digest@${tag}.test`) && unfold(m).includes("No data for") && unfold(m).includes("Total sleep 4 h 10 min")),
          150_000,
        );
        const text = unfold(digest);
        assert.match(text, /Sleep alerts: \d+ in the last 24 hours/);
        assert.ok(text.includes("No data for"), "the digest lists the no-data alert");
        assert.ok(text.includes("Total sleep 4 h 10 min"), "and the short night's");
        assert.ok(text.includes("/alerts"));
        // The disabled admins chose e-mail too: the runs that sent Dr Digest hers sent them nothing.
        await settled();
        assert.equal(smtp.mails.filter((m) => m.to.includes(`gone-daily@${tag}.test`)).length, 0, "no digest to a disabled account");
        assert.equal(smtp.mails.filter((m) => m.to.includes(`gone-now@${tag}.test`)).length, 0, "no e-mail for each alert to a disabled account");
      }
    });
  });
}
