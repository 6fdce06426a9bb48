// The sleep diary over HTTP on the real server, on the embedded PGlite and on PostgreSQL: a sleeper fills
// in this morning's diary and changes it that day; a day that is over answers 409 and changes nothing, as
// a night not yet ended does; bad input answers 400 naming the answer and changes nothing; their
// clinician reads reported against measured (per night and on average) and may not write; anyone else
// gets 404. The sleeper's zone is chosen so that it is early afternoon there whenever the test runs:
// the diary's day is the sleeper's, and a test at 23:59 somewhere must not cross it.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { addDays } from "@/lib/sleep/days";
import { diaryNightOf } from "@/lib/sleep/diary";
import { getJson, signIn, usersCli } from "./support/accounts";
import { appBackends } from "./support/backends";
import { query, QUIET_CLOCK, settledTableContents, type TestDatabase } from "./support/postgres";
import type { RunningServer } from "./support/server";
import { postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const API_KEY = "diary-test-key-0123456789";

/** A whole-hour zone where it is now about 13:00: "Etc/GMT+10" is UTC−10 (the sign is POSIX's). */
function afternoonZone(nowMs: number): { zone: string; offsetHours: number } {
  const offsetHours = 13 - new Date(nowMs).getUTCHours(); // from −10 to +13
  return { zone: offsetHours === 0 ? "UTC" : `Etc/GMT${offsetHours > 0 ? "-" : "+"}${Math.abs(offsetHours)}`, offsetHours };
}

/** The instant of `clock` local time on `day` in a zone `offsetHours` from UTC. */
const at = (day: string, clock: string, offsetHours: number) => new Date(Date.parse(`${day}T${clock}:00Z`) - offsetHours * 3_600_000).toISOString();

const W = 0, L = 1;
const fill = (n: number, stage: number) => Array<number>(n).fill(stage);
// Measured: 30 min to fall asleep, 3 h asleep, 10 min awake, 2 h 50 min asleep, 5 min before the end:
// TIB 395 min, TST 350, SOL 30, WASO 10, SE 350 / 395 = 88.6% → 89%.
const STAGES = [...fill(60, W), ...fill(360, L), ...fill(20, W), ...fill(340, L), ...fill(10, W)];

// Reported: into bed 22:30, tried 23:00, 20 min, 2 awakenings of 25 min in all, awake 06:45, up 07:15:
// TIB 525, TST (465 − 20 − 25) = 420, SE 80%. Reported − measured total sleep: +70 min.
const ANSWERS = { intoBed: "22:30", triedToSleep: "23:00", sleepOnsetMinutes: 20, awakenings: 2, awakeMinutes: 25, finalAwakening: "06:45", outOfBed: "07:15", quality: 4, rested: 3, comments: "a dog barked" };

const backends = appBackends({ apiKey: API_KEY, env: QUIET_CLOCK, timeoutMs: 300_000 });

for (const backend of backends) {
  describe(`the sleep diary on ${backend.name}`, { timeout: 600_000 }, () => {
    let server: RunningServer;
    let db: TestDatabase | undefined;
    const cookies: Record<string, string> = {};
    const { zone, offsetHours } = afternoonZone(Date.now());
    const night = diaryNightOf(Date.now(), zone);
    const morning = addDays(night, 1);

    const put = async (who: string | null, asleepUserId: string, day: string, body: unknown, { origin = server.url }: { origin?: string | null } = {}) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (who) headers.cookie = cookies[who]!;
      if (origin) headers.origin = origin;
      const res = await fetch(`${server.url}/api/patients/${encodeURIComponent(asleepUserId)}/diary/${day}`, { method: "PUT", headers, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const diaryRows = () => query<Record<string, unknown>>(server.databaseUrl, `SELECT asleep_user_id, night::text, into_bed, tried_to_sleep, sleep_onset_minutes, awake_minutes, quality, comments, updated_at FROM sleep_diary ORDER BY 1, 2`);

    before(async () => {
      const started = await backend.start();
      server = started.server;
      db = started.db;
      const target: WebhookTarget = { url: server.url, apiKey: API_KEY };
      await usersCli(server, ["add", "--email", "doc@diary.test", "--name", "Dr Diary", "--password", PASSWORD, "--role", "clinician"]);
      await usersCli(server, ["add", "--email", "other-doc@diary.test", "--name", "Dr Other", "--password", PASSWORD, "--role", "clinician"]);
      await usersCli(server, ["add", "--email", "dee@diary.test", "--name", "Dee Diarist", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "diary-dee", "--clinician", "doc@diary.test", "--timezone", zone]);
      await usersCli(server, ["add", "--email", "uma@diary.test", "--name", "Uma Other", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "diary-uma", "--timezone", zone]);
      // Last night, measured: from 23:00 on the night's date to 05:35 this morning, in her zone.
      const start = at(night, "23:00", offsetHours);
      const body = sessionComplete({ userId: "diary-dee", sessionId: "diary-dee-night", startTime: start, endTime: new Date(Date.parse(start) + STAGES.length * 30_000).toISOString(), timezone: zone, sleepStages: STAGES, stat: {} });
      assert.equal((await postWebhook(target, body)).status, 200);
      for (const [i, who] of ["doc", "other-doc", "dee", "uma"].entries()) {
        const result = await signIn(server, `${who}@diary.test`, PASSWORD, `127.0.5.${i + 1}`);
        assert.ok(result.cookie, `${who} signs in`);
        cookies[who] = result.cookie;
      }
    });

    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it("the sleeper fills in this morning's diary for last night, and changes it that day", async () => {
      const empty = await getJson(server, "/api/patients/diary-dee/diary", cookies.dee);
      assert.equal(empty.status, 200);
      const today = empty.body.today as Record<string, unknown>;
      assert.deepEqual({ night: today.night, entry: today.entry, editable: today.editable }, { night, entry: null, editable: true });
      // It closes at midnight ending this morning, in her zone.
      assert.equal(today.closesAt, at(addDays(night, 2), "00:00", offsetHours));

      const saved = await put("dee", "diary-dee", night, ANSWERS);
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual({ ...saved.body, updatedAt: undefined }, { ...ANSWERS, night, zone, updatedAt: undefined });
      // Stored as the instants her clock times stand for: into bed the evening of the night's date.
      const [row] = await diaryRows();
      assert.equal((row!.into_bed as Date).toISOString(), at(night, "22:30", offsetHours));

      const changed = await put("dee", "diary-dee", night, { ...ANSWERS, quality: 5, comments: null });
      assert.equal(changed.status, 200);
      const read = await getJson(server, "/api/patients/diary-dee/diary", cookies.dee);
      const entry = (read.body.today as Record<string, unknown>).entry as Record<string, unknown>;
      assert.equal(entry.quality, 5);
      assert.equal(entry.comments, null);
      assert.equal((await diaryRows()).length, 1, "one entry per night: changed, not added");
    });

    it("her clinician sees reported against measured, per night and on average, and may not write it", async () => {
      await put("dee", "diary-dee", night, ANSWERS);
      const res = await getJson(server, "/api/patients/diary-dee/diary", cookies.doc);
      assert.equal(res.status, 200);
      assert.equal((res.body.today as Record<string, unknown>).editable, false);
      const c = res.body.comparison as Record<string, unknown>;
      assert.deepEqual(c.rows, [
        {
          night,
          reported: { timeInBedMinutes: 525, totalSleepMinutes: 420, sleepOnsetLatencyMinutes: 20, wasoMinutes: 25, efficiencyPercent: 80 },
          measured: { night, sessionId: "diary-dee-night", timeInBedMinutes: 395, totalSleepMinutes: 350, sleepOnsetLatencyMinutes: 30, wasoMinutes: 10, efficiencyPercent: 89 },
          totalSleepDifferenceMinutes: 70,
        },
      ]);
      assert.equal(c.pairedNights, 1);
      assert.deepEqual(c.reported, { totalSleepMinutes: 420, sleepOnsetLatencyMinutes: 20, wasoMinutes: 25, efficiencyPercent: 80 });
      assert.deepEqual(c.measured, { totalSleepMinutes: 350, sleepOnsetLatencyMinutes: 30, wasoMinutes: 10, efficiencyPercent: 89 });
      assert.equal(c.totalSleepDifferenceMinutes, 70);

      const before = await diaryRows();
      const write = await put("doc", "diary-dee", night, { ...ANSWERS, quality: 1 });
      assert.deepEqual(write, { status: 403, body: { error: "Only the sleeper fills in their own diary" } });
      assert.deepEqual(await diaryRows(), before);
    });

    it("anyone who may not see her gets 404, to read or to write; signed out, 401", async () => {
      const before = await diaryRows();
      for (const who of ["other-doc", "uma"]) {
        assert.equal((await getJson(server, "/api/patients/diary-dee/diary", cookies[who])).status, 404, `${who} reads`);
        assert.equal((await put(who, "diary-dee", night, ANSWERS)).status, 404, `${who} writes`);
      }
      assert.equal((await getJson(server, "/api/patients/diary-nobody/diary", cookies.doc)).status, 404);
      assert.equal((await getJson(server, "/api/patients/diary-dee/diary")).status, 401);
      assert.equal((await put(null, "diary-dee", night, ANSWERS)).status, 401);
      assert.deepEqual(await diaryRows(), before);
    });

    it("a day that is over answers 409 with why, and a night not yet ended too; nothing changes", async () => {
      // The night before last, filled in on its own morning (yesterday).
      const earlier = addDays(night, -1);
      await query(
        server.databaseUrl,
        `INSERT INTO sleep_diary (asleep_user_id, night, zone, into_bed, tried_to_sleep, sleep_onset_minutes, awakenings, awake_minutes, final_awakening, out_of_bed, quality, rested)
         VALUES ('diary-dee', $1, $2, $3, $3, 10, 0, 0, $4, $4, 3, 3)`,
        [earlier, zone, at(earlier, "23:00", offsetHours), at(night, "07:00", offsetHours)],
      );
      const before = await diaryRows();
      const late = await put("dee", "diary-dee", earlier, ANSWERS);
      assert.equal(late.status, 409);
      assert.equal(late.body.error, `The diary for the night of ${earlier} could be filled in or changed until the end of ${night} (${zone}); that day is over.`);
      const early = await put("dee", "diary-dee", morning, ANSWERS);
      assert.equal(early.status, 409);
      assert.equal(early.body.error, `The night of ${morning} has not ended yet: its diary opens on the morning of ${addDays(morning, 1)} (${zone}).`);
      assert.equal((await put("dee", "diary-dee", addDays(night, -5), ANSWERS)).status, 409, "a night never filled in cannot be filled in late");
      assert.deepEqual(await diaryRows(), before);
    });

    it("bad input answers 400 naming the answer, a foreign origin 403, and nothing changes", async () => {
      const before = await settledTableContents(server.databaseUrl);
      const cases: Array<[unknown, string, RegExp]> = [
        [{ ...ANSWERS, quality: 6 }, "quality", /from 1 to 5/],
        [{ ...ANSWERS, rested: 0 }, "rested", /from 1 to 5/],
        [{ ...ANSWERS, quality: 3.5 }, "quality", /whole number/],
        [{ ...ANSWERS, intoBed: "25:00" }, "intoBed", /HH:mm/],
        [{ ...ANSWERS, outOfBed: "7:15" }, "outOfBed", /HH:mm/],
        [{ ...ANSWERS, sleepOnsetMinutes: -5 }, "sleepOnsetMinutes", /0 or more/],
        [{ ...ANSWERS, awakeMinutes: 721 }, "awakeMinutes", /at most 720/],
        [{ ...ANSWERS, awakenings: 51 }, "awakenings", /at most 50/],
        [{ ...ANSWERS, comments: "x".repeat(1001) }, "comments", /at most 1000 characters/],
        [{ ...ANSWERS, comments: "bell\u0007" }, "comments", /control characters/],
        [{ ...ANSWERS, intoBed: undefined }, "intoBed", /expected string/i],
        [{ ...ANSWERS, extra: 1 }, "", /unrecognized key/i],
        // Well formed, but not in order, or not adding up.
        [{ ...ANSWERS, triedToSleep: "22:00" }, "triedToSleep", /before the time into bed \(22:30\)/],
        [{ ...ANSWERS, outOfBed: "06:30" }, "outOfBed", /before the final awakening \(06:45\)/],
        [{ ...ANSWERS, sleepOnsetMinutes: 400, awakeMinutes: 100 }, "awakeMinutes", /more than the 465 min/],
        [{ ...ANSWERS, awakenings: 0 }, "awakenings", /is 0, but/],
      ];
      for (const [body, pathName, message] of cases) {
        const res = await put("dee", "diary-dee", night, body);
        assert.equal(res.status, 400, JSON.stringify(body));
        const issue = (res.body.issues as Array<{ path: string; message: string }>).find((i) => i.path === pathName);
        assert.ok(issue, `${JSON.stringify(body).slice(0, 120)}: an issue at "${pathName}", got ${JSON.stringify(res.body.issues)}`);
        assert.match(issue.message, message);
      }
      assert.equal((await put("dee", "diary-dee", "2026-02-30", ANSWERS)).status, 400, "not a date");
      assert.equal((await put("dee", "diary-dee", night, ANSWERS, { origin: "http://evil.example" })).status, 403);
      assert.equal((await put("dee", "diary-dee", night, ANSWERS, { origin: null })).status, 403);
      assert.deepEqual(await settledTableContents(server.databaseUrl), before);
    });
  });
}
