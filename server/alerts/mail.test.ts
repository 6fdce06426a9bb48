import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dateTime } from "@/lib/format";
import { zoneLabel } from "@/lib/time/zone";
import { accountLocale } from "../i18n/translator";
import { alertMail, digestMail, type MailAlert } from "./mail";

const inbox = "https://sleep.clinic.test/alerts";
const short: MailAlert = { patient: { name: "Sam Sleeper" }, rule: "short-sleep", reason: "Total sleep 4 h 10 min on Sun 22 Nov (under 5 h)", raisedAt: new Date("2026-11-23T06:05:00.123Z") };
const noData: MailAlert = { patient: { name: "Quinn Quiet" }, rule: "no-data", reason: "No data for 3 nights (since Thu 19 Nov)", raisedAt: new Date("2026-11-23T07:00:00Z") };
const odd: MailAlert = { patient: { name: "Old Alert" }, rule: "short-sleep", reason: "3 nights under 5 h {it's} <b>", raisedAt: new Date("2026-11-23T08:00:00Z") };

describe("alert e-mails", () => {
  for (const timezone of ["Europe/Paris", "Asia/Kolkata"]) {
    // What the e-mails said before they were translated, word for word.
    const when = (iso: string) => `${dateTime(Date.parse(iso), timezone)} ${zoneLabel(timezone)}`;

    it(`in English, as they always were (${timezone})`, () => {
      for (const alert of [short, odd]) {
        assert.deepEqual(alertMail("en", alert, { inbox, timezone }), {
          subject: `Sleep alert: ${alert.patient.name} — ${alert.reason}`,
          text:
            `${alert.patient.name}: ${alert.reason}\n` +
            `Raised ${when(alert.raisedAt.toISOString())}.\n\n` +
            `Acknowledge or resolve it in your alert inbox: ${inbox}\n\n` +
            `You get one e-mail per alert; choose a daily digest or none in the inbox.\n`,
        });
      }
      const since = new Date("2026-11-22T07:00:00Z");
      const alerts = [short, noData, odd];
      const line = (a: MailAlert) => `- ${a.patient.name}: ${a.reason} (raised ${when(a.raisedAt.toISOString())})`;
      assert.deepEqual(digestMail("en", alerts, since, { inbox, timezone }), {
        subject: `Sleep alerts: ${alerts.length} in the last 24 hours`,
        text: `Alerts raised since ${when(since.toISOString())} about your patients:\n\n` + `${alerts.map(line).join("\n")}\n\n` + `Acknowledge or resolve them in your alert inbox: ${inbox}\n`,
      });
      assert.equal(digestMail("en", Array.from({ length: 1234 }, () => short), since, { inbox, timezone }).subject, "Sleep alerts: 1234 in the last 24 hours");
    });
  }

  it("in Korean for an account that chose Korean: the words, the reason and the time with its zone", () => {
    const mail = alertMail(accountLocale("ko"), short, { inbox, timezone: "Asia/Seoul" });
    assert.equal(mail.subject, "수면 알림: Sam Sleeper — 11월 22일 (일) 총 수면 시간 4시간 10분 (5시간 미만)");
    assert.equal(
      mail.text,
      "Sam Sleeper: 11월 22일 (일) 총 수면 시간 4시간 10분 (5시간 미만)\n" +
        `발생 시각: ${dateTime(short.raisedAt.getTime(), "Asia/Seoul", "ko")} Asia/Seoul\n\n` +
        `알림함에서 확인하거나 해결 처리하세요: ${inbox}\n\n` +
        "알림마다 이메일을 한 통씩 받습니다. 알림함에서 하루 요약을 받거나 이메일을 끌 수 있습니다.\n",
    );
    assert.match(mail.text, /2026년 11월 23일 \(월\) 15:05 Asia\/Seoul/);
    const digest = digestMail("ko", [short, noData, odd], new Date("2026-11-22T07:00:00Z"), { inbox, timezone: "Asia/Seoul" });
    assert.equal(digest.subject, "수면 알림: 최근 24시간 동안 3건");
    assert.ok(digest.text.includes("- Quinn Quiet: 데이터 없는 밤 3일 (11월 19일 (목)부터) (발생 2026년 11월 23일 (월) 16:00 Asia/Seoul)"), digest.text);
    // A reason this version does not write reads as it was stored, in any language.
    assert.ok(digest.text.includes("- Old Alert: 3 nights under 5 h {it's} <b> (발생"), digest.text);
  });

  it("in English for an account that never chose a language", () => {
    assert.equal(accountLocale(null), "en");
    assert.equal(alertMail(accountLocale(null), short, { inbox, timezone: "UTC" }).subject, `Sleep alert: Sam Sleeper — ${short.reason}`);
  });
});
