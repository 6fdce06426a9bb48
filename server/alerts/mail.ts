// Alert e-mail through SMTP_URL (nodemailer): one e-mail per alert to those who chose "immediate", one a day
// listing the day's alerts to those who chose "digest". Sent from job workers (service.ts), so a slow or
// failing SMTP server is retried by the queue and never holds up anything else.
//
// Each e-mail is in its recipient's language (their account's setting; English when they never chose one):
// the words from the AlertMail catalogue, the alert's reason from AlertText (lib/alerts/wording.ts), and times
// written for that language with their zone.

import nodemailer, { type Transporter } from "nodemailer";
import { alertReason } from "@/lib/alerts/wording";
import type { Locale } from "@/lib/i18n/locales";
import { dateTime } from "@/lib/format";
import { zoneLabel } from "@/lib/time/zone";
import type { Db } from "../db/client";
import { alertsForDigest } from "../data/alerts";
import type { AlertEmailMode } from "../data/alert-settings";
import { accountLocale, translatorFor } from "../i18n/translator";

export interface Mailer {
  /** E-mails one new alert to the patient's clinicians and the admins who chose "immediate"; how many were sent. */
  sendAlert(alertId: string): Promise<number>;
  /** E-mails the alerts of the last 24 h to everyone who chose "digest" and has any; how many were sent. */
  sendDigests(now: Date): Promise<number>;
  close(): void;
}

export interface MailerOptions {
  db: Db;
  smtpUrl: string;
  from: string;
  /** Where the inbox is: PUBLIC_URL, else this instance's local address. */
  appUrl: string;
  /** Times in e-mail are written in this zone (ALERTS_TIMEZONE), and say so. */
  timezone: string;
}

/** One alert as an e-mail tells of it. */
export interface MailAlert {
  patient: { name: string };
  rule: string;
  reason: string;
  raisedAt: Date;
}

/** An e-mail's subject and text. */
export interface MailText {
  subject: string;
  text: string;
}

/** A time as e-mail writes it in `locale`, with its zone: "Sun 22 Nov 2026, 23:10 Europe/Paris". */
export function mailTime(ms: number, timezone: string, locale: Locale): string {
  return `${dateTime(ms, timezone, locale)} ${zoneLabel(timezone)}`;
}

/** The e-mail for one new alert, in `locale`. */
export function alertMail(locale: Locale, alert: MailAlert, o: { inbox: string; timezone: string }): MailText {
  const t = translatorFor(locale, "AlertMail");
  const values = { patient: alert.patient.name, reason: alertReason(translatorFor(locale, "AlertText"), locale, alert.rule, alert.reason), raised: mailTime(alert.raisedAt.getTime(), o.timezone, locale), inbox: o.inbox };
  return { subject: t("immediate.subject", values), text: t("immediate.text", values) };
}

/** The daily digest of `alerts` raised since `since`, in `locale`. */
export function digestMail(locale: Locale, alerts: readonly MailAlert[], since: Date, o: { inbox: string; timezone: string }): MailText {
  const t = translatorFor(locale, "AlertMail");
  const words = translatorFor(locale, "AlertText");
  const lines = alerts.map((a) => t("digest.line", { patient: a.patient.name, reason: alertReason(words, locale, a.rule, a.reason), raised: mailTime(a.raisedAt.getTime(), o.timezone, locale) }));
  return {
    subject: t("digest.subject", { count: String(alerts.length) }),
    text: t("digest.text", { since: mailTime(since.getTime(), o.timezone, locale), alerts: lines.join("\n"), inbox: o.inbox }),
  };
}

export function createMailer({ db, smtpUrl, from, appUrl, timezone }: MailerOptions): Mailer {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  const inbox = new URL("/alerts", appUrl).toString();

  /**
   * Clinicians assigned to the patient and admins, who chose `mode` and are not disabled: asked when the
   * e-mail goes, so an account disabled after the alert was raised (or the digest scheduled) gets nothing.
   */
  const recipients = (mode: AlertEmailMode, patientId?: string) =>
    db.user.findMany({
      where: {
        alertEmail: mode,
        disabledAt: null,
        OR: [{ role: "admin" }, { role: "clinician", ...(patientId ? { patients: { some: { patientId } } } : {}) }],
      },
      select: { id: true, email: true, name: true, role: true, locale: true },
    });

  return {
    async sendAlert(alertId) {
      const alert = await db.alert.findUnique({ where: { id: alertId }, select: { patientId: true, rule: true, reason: true, raisedAt: true, patient: { select: { name: true } } } });
      if (!alert) return 0;
      const to = await recipients("immediate", alert.patientId);
      for (const person of to) {
        await transport.sendMail({ from, to: person.email, ...alertMail(accountLocale(person.locale), alert, { inbox, timezone }) });
      }
      return to.length;
    },
    async sendDigests(now) {
      const since = new Date(now.getTime() - 24 * 3_600_000);
      let sent = 0;
      for (const person of await recipients("digest")) {
        if (person.role !== "clinician" && person.role !== "admin") continue;
        const alerts = await alertsForDigest(db, person.id, person.role, since);
        if (alerts.length === 0) continue;
        const listed = alerts.map((a) => ({ patient: a.patient, rule: a.rule, reason: a.reason, raisedAt: new Date(a.raisedAt) }));
        await transport.sendMail({ from, to: person.email, ...digestMail(accountLocale(person.locale), listed, since, { inbox, timezone }) });
        sent++;
      }
      return sent;
    },
    close: () => transport.close(),
  };
}
