// The board's adherence as nights really arrive: by webhook, through the app, out of order, replayed,
// a night first estimated from its analyses then dated again by its SESSION_COMPLETE across the noon
// boundary, nights either side of noon, a patient enrolled today, one enrolled ten days ago, one with a
// gap of two weeks. Each night's day is kept on the night as it is written (the night_own_day
// migration), so whatever order the writes came in, GET /api/board sorted by adherence must show the
// figures and the order lib/sleep/adherence.ts computes from the nights themselves. On the PostgreSQL
// server and on PGlite.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { BoardPage } from "../lib/live/events";
import { adherence, addDays, currentNightOf, nightOf, windowEnd, type DatedNight } from "../lib/sleep/adherence";
import { EPOCH_SECONDS } from "../lib/sleep/stages";
import { getJson, signIn, usersCli } from "./support/accounts";
import { createTestDatabase, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { inferenceBlock, postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const API_KEY = "board-writes-key-0123456789";

interface Night {
  uid: string;
  id: string;
  startMs: number;
  zone: string;
  /** Hours asleep (the hypnogram: 10 minutes awake, then this much light sleep). */
  hours: number;
}

interface Patient {
  uid: string;
  name: string;
  zone: string;
  enrolledOn: string;
}

/** The instant of `hh:mm` local time in `zone`, `daysAgo` calendar days before today there. */
function localInstant(zone: string, daysAgo: number, hh: number, mm: number): number {
  // Start from noon UTC of the day, then correct by the zone's offset at that instant (twice, across a change).
  const today = new Date().toISOString().slice(0, 10);
  const day = addDays(today, -daysAgo);
  let t = Date.parse(`${day}T${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}:00Z`);
  for (let i = 0; i < 2; i++) {
    const parts = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(t);
    const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
    t -= asUtc - Date.parse(`${day}T${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}:00Z`);
  }
  return t;
}

const stagesFor = (hours: number) => [...Array<number>(20).fill(0), ...Array<number>(Math.round((hours * 3600) / EPOCH_SECONDS)).fill(1)];

const completeBody = (n: Night) => {
  const stages = stagesFor(n.hours);
  return sessionComplete({ userId: n.uid, sessionId: n.id, startTime: new Date(n.startMs).toISOString(), endTime: new Date(n.startMs + stages.length * 30_000).toISOString(), timezone: n.zone, sleepStages: stages, stat: {} });
};

const DATABASES = [
  ["PostgreSQL server", async () => createTestDatabase()],
  ["PGlite", async () => null],
] as const;

for (const [label, createDatabase] of DATABASES) {
  describe(`the board's adherence as nights arrive by webhook, out of order and replayed, on ${label}`, { timeout: 600_000 }, () => {
    let database: TestDatabase | null = null;
    let server: RunningServer;
    let cookie = "";
    const target: WebhookTarget = { url: "", apiKey: API_KEY };
    const nights: Night[] = [];
    const patients: Patient[] = [];
    const today = new Date().toISOString().slice(0, 10);

    const post = async (body: unknown) => assert.equal((await postWebhook(target, body)).status, 200);

    before(async () => {
      database = await createDatabase();
      server = await startServer({ databaseUrl: database?.url, apiKey: API_KEY });
      target.url = server.url;
      await usersCli(server, ["add", "--email", "admin@writes.test", "--name", "Admin", "--password", PASSWORD, "--role", "admin"]);
      const add = async (p: Patient) => {
        patients.push(p);
        await usersCli(server, ["add", "--email", `${p.uid}@writes.test`, "--name", p.name, "--password", PASSWORD, "--role", "patient", "--asleep-user-id", p.uid, "--enrolled-on", p.enrolledOn]);
      };
      const longAgo = addDays(today, -200);

      // Out of order: 14 nights (2 to 15 days ago) at 23:00 Paris delivered newest first, every third one short (3 h).
      await add({ uid: "w-order", name: "Olga Order", zone: "Europe/Paris", enrolledOn: longAgo });
      const order: Night[] = [];
      for (let d = 2; d <= 15; d++) order.push({ uid: "w-order", id: `order-${d}`, startMs: localInstant("Europe/Paris", d, 23, 0), zone: "Europe/Paris", hours: d % 3 === 0 ? 3 : 6 });
      for (const n of order) await post(completeBody(n));
      nights.push(...order);

      // Replayed: each of 10 nights delivered twice, the second time after all the others.
      await add({ uid: "w-replay", name: "Rita Replay", zone: "America/New_York", enrolledOn: longAgo });
      const replay: Night[] = [];
      for (let d = 2; d <= 11; d++) replay.push({ uid: "w-replay", id: `replay-${d}`, startMs: localInstant("America/New_York", d, 22, 30), zone: "America/New_York", hours: d % 2 === 0 ? 7 : 3.5 });
      for (const n of replay) await post(completeBody(n));
      for (const n of [...replay].reverse()) await post(completeBody(n));
      nights.push(...replay);

      // The noon boundary in Tokyo: 11:50 belongs to the day before, 12:10 to its own day (two days
      // apart, each adherent). One night is first recorded by its analyses (started "now" as estimated,
      // so dated today), then its SESSION_COMPLETE dates it 3 days ago at 12:10: it must move.
      await add({ uid: "w-noon", name: "Nao Noon", zone: "Asia/Tokyo", enrolledOn: longAgo });
      const noon: Night[] = [
        { uid: "w-noon", id: "noon-a", startMs: localInstant("Asia/Tokyo", 5, 11, 50), zone: "Asia/Tokyo", hours: 5 },
        { uid: "w-noon", id: "noon-b", startMs: localInstant("Asia/Tokyo", 5, 12, 10), zone: "Asia/Tokyo", hours: 5 },
        { uid: "w-noon", id: "noon-c", startMs: localInstant("Asia/Tokyo", 3, 12, 10), zone: "Asia/Tokyo", hours: 4.5 },
      ];
      await post(completeBody(noon[0]!));
      await post(completeBody(noon[1]!));
      for (const seq of [0, 1, 2]) await post(inferenceBlock("w-noon", "noon-c", seq));
      await post(completeBody(noon[2]!));
      nights.push(...noon);

      // Enrolled today: a week of good nights before, none of which counts.
      await add({ uid: "w-new", name: "Nina New", zone: "UTC", enrolledOn: today });
      for (let d = 2; d <= 8; d++) {
        const n = { uid: "w-new", id: `new-${d}`, startMs: localInstant("UTC", d, 22, 0), zone: "UTC", hours: 7 };
        await post(completeBody(n));
        nights.push(n);
      }

      // Enrolled ten days ago, good nights for thirty days: only the last ten count, and it is too early to tell.
      await add({ uid: "w-mid", name: "Mia Mid", zone: "America/Los_Angeles", enrolledOn: addDays(today, -10) });
      for (let d = 2; d <= 31; d++) {
        const n = { uid: "w-mid", id: `mid-${d}`, startMs: localInstant("America/Los_Angeles", d, 21, 45), zone: "America/Los_Angeles", hours: 6 };
        await post(completeBody(n));
        nights.push(n);
      }

      // A gap: nights 2–6 and 20–40 days ago, none in between (Sydney, +10 or +11 h).
      await add({ uid: "w-gap", name: "Gus Gap", zone: "Australia/Sydney", enrolledOn: longAgo });
      for (const d of [2, 3, 4, 5, 6, ...Array.from({ length: 21 }, (_, i) => 20 + i)]) {
        const n = { uid: "w-gap", id: `gap-${d}`, startMs: localInstant("Australia/Sydney", d, 22, 15), zone: "Australia/Sydney", hours: d % 4 === 0 ? 2 : 8 };
        await post(completeBody(n));
        nights.push(n);
      }
      // And one replayed out of order after everything else, in the middle of the gap's first stretch.
      await post(completeBody(nights.find((n) => n.id === "gap-3")!));

      const signedIn = await signIn(server, "admin@writes.test", PASSWORD);
      cookie = signedIn.cookie!;
    });

    after(async () => {
      await server?.stop();
      await database?.drop();
    });

    it("shows each patient's adherent days, window and verdict as lib/sleep/adherence.ts computes them from the nights, in that order", async () => {
      const res = await getJson(server, "/api/board?sort=adherence&size=200", cookie);
      assert.equal(res.status, 200);
      const page = res.body as unknown as BoardPage;
      const rule = page.adherenceRule;
      const now = Date.parse(page.asOf);
      const want = patients.map((p) => {
        const mine = nights.filter((n) => n.uid === p.uid);
        const dated: DatedNight[] = mine.map((n) => ({ day: nightOf(n.startMs, n.zone), totalSleepSeconds: n.hours * 3600 }));
        const newest = [...mine].sort((a, b) => b.startMs - a.startMs)[0]!;
        const lastDay = windowEnd(dated, now, newest.zone);
        const a = adherence(dated, rule, lastDay, p.enrolledOn);
        return { uid: p.uid, name: p.name, adherentDays: a.adherentDays, lastDay, meets: a.meets, tooEarly: a.tooEarly };
      });
      const got = page.rows.map((r) => ({ uid: r.asleepUserId, name: r.name, adherentDays: r.adherence.adherentDays, lastDay: r.adherence.lastDay, meets: r.adherence.meets, tooEarly: r.adherence.tooEarly }));
      want.sort((a, b) => a.adherentDays - b.adherentDays || a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.uid.localeCompare(b.uid));
      assert.deepEqual(got, want);

      // The cases are what they say: the nights before enrolment did not count, the moved night did.
      const of = (uid: string) => want.find((w) => w.uid === uid)!;
      assert.equal(of("w-new").adherentDays, 0);
      assert.equal(of("w-new").tooEarly, true);
      assert.equal(of("w-mid").tooEarly, true);
      assert.ok(of("w-mid").adherentDays >= 9 && of("w-mid").adherentDays <= 11, `${of("w-mid").adherentDays} days since enrolment`);
      assert.equal(of("w-noon").adherentDays, 3, "11:50 and 12:10 on one date are two days, and the re-dated night counts on its own day");
      assert.notEqual(nightOf(nights.find((n) => n.id === "noon-a")!.startMs, "Asia/Tokyo"), nightOf(nights.find((n) => n.id === "noon-b")!.startMs, "Asia/Tokyo"));

      // The other way the board computes adherence (a page's rows, for a view sorted by something else) agrees.
      const byName = (await getJson(server, "/api/board?sort=name&size=200", cookie)).body as unknown as BoardPage;
      assert.deepEqual(
        Object.fromEntries(byName.rows.map((r) => [r.asleepUserId, r.adherence.adherentDays])),
        Object.fromEntries(want.map((w) => [w.uid, w.adherentDays])),
      );
      // And "below adherence" holds exactly those whose complete window falls short.
      const below = (await getJson(server, "/api/board?flag=below-adherence&size=200", cookie)).body as unknown as BoardPage;
      assert.deepEqual(below.rows.map((r) => r.asleepUserId).sort(), want.filter((w) => !w.meets && !w.tooEarly).map((w) => w.uid).sort());
      assert.ok(below.total > 0 && below.total < patients.length, `${below.total} of ${patients.length} below`);
      // A night not yet slept never counts against anyone: the window ends today or yesterday.
      for (const w of want) assert.ok(w.lastDay === currentNightOf(now, patients.find((p) => p.uid === w.uid)!.zone) || w.lastDay === addDays(currentNightOf(now, patients.find((p) => p.uid === w.uid)!.zone), -1));
    });
  });
}
