// The month-end billing rows (lib/sleep/billing-csv.ts) for the patients an audience may see: a
// clinician's own patients, every patient for an admin.

import type { BillingRow } from "@/lib/sleep/billing-csv";
import { dayOfDate } from "@/lib/sleep/enrolment";
import { monitoringCycle } from "@/lib/sleep/monitoring";
import type { Db } from "../db/client";
import type { Audience } from "./access";
import { monthDays, monthTotals } from "./clinician-time";
import { daysWithData } from "./monitoring";

export async function billingRows(db: Db, audience: Audience, month: string): Promise<BillingRow[]> {
  const patients = await db.user.findMany({
    where: { role: "patient", asleepUserId: audience.everyone ? { not: null } : { in: audience.asleepUserIds } },
    select: { asleepUserId: true, name: true, enrolledOn: true },
    orderBy: [{ name: "asc" }, { asleepUserId: "asc" }],
  });
  const ids = patients.map((p) => p.asleepUserId!);
  const { from, to } = monthDays(month);
  // A cycle holding the month's last day began at most 29 days before it.
  const earliest = [from, new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10)].sort()[0]!;
  const [days, totals] = await Promise.all([daysWithData(db, ids, earliest, to), monthTotals(db, ids, month)]);
  return patients.map((p) => {
    const enrolledOn = dayOfDate(p.enrolledOn);
    return { asleepUserId: p.asleepUserId!, name: p.name, enrolledOn, month, cycle: monitoringCycle(enrolledOn, to, days.get(p.asleepUserId!)!), time: totals.get(p.asleepUserId!)! };
  });
}
