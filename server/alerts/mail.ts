// Alert e-mail through SMTP_URL (nodemailer): one e-mail per alert to those who chose "immediate", one a day
// listing the day's alerts to those who chose "digest". Sent from job workers (service.ts), so a slow or
// failing SMTP server is retried by the queue and never holds up anything else.

import nodemailer, { type Transporter } from "nodemailer";
import type { AlertView } from "@/lib/live/events";
import { dateTime } from "@/lib/format";
import { zoneLabel } from "@/lib/time/zone";
import type { Db } from "../db/client";
import { alertsForDigest } from "../data/alerts";
import type { AlertEmailMode } from "../data/alert-settings";


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

export function createMailer({ db, smtpUrl, from, appUrl, timezone }: MailerOptions): Mailer {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  const inbox = new URL("/alerts", appUrl).toString();
  const when = (iso: string) => `${dateTime(Date.parse(iso), timezone)} ${zoneLabel(timezone)}`;
  const line = (a: AlertView) => `- ${a.patient.name}: ${a.reason} (raised ${when(a.raisedAt)})`;

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
      select: { id: true, email: true, name: true, role: true },
    });

  return {
    async sendAlert(alertId) {
      const alert = await db.alert.findUnique({ where: { id: alertId }, select: { patientId: true, reason: true, raisedAt: true, patient: { select: { name: true } } } });
      if (!alert) return 0;
      const to = await recipients("immediate", alert.patientId);
      for (const person of to) {
        await transport.sendMail({
          from,
          to: person.email,
          subject: `Sleep alert: ${alert.patient.name} — ${alert.reason}`,
          text:
            `${alert.patient.name}: ${alert.reason}\n` +
            `Raised ${when(alert.raisedAt.toISOString())}.\n\n` +
            `Acknowledge or resolve it in your alert inbox: ${inbox}\n\n` +
            `You get one e-mail per alert; choose a daily digest or none in the inbox.\n`,
        });
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
        await transport.sendMail({
          from,
          to: person.email,
          subject: `Sleep alerts: ${alerts.length} in the last 24 hours`,
          text:
            `Alerts raised since ${when(since.toISOString())} about your patients:\n\n` +
            `${alerts.map(line).join("\n")}\n\n` +
            `Acknowledge or resolve them in your alert inbox: ${inbox}\n`,
        });
        sent++;
      }
      return sent;
    },
    close: () => transport.close(),
  };
}
