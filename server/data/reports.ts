// SESSION_COMPLETE reports, kept as Asleep sent them: one per session.

import type { DeliveryForm } from "@/lib/sleep/provenance";
import type { Prisma } from "../db/generated/client";

export interface NewReport {
  sessionId: string;
  stat: Record<string, unknown> | null;
  peculiarities: string[];
  missingDataRatio: number | null;
  sessionPayload: Record<string, unknown> | null;
  deliveryForm: DeliveryForm;
}

/** Inserts the report unless the session already has one; returns false for a second SESSION_COMPLETE. */
export async function insertReportOnce(tx: Pick<Prisma.TransactionClient, "sleepReport">, report: NewReport): Promise<boolean> {
  const { count } = await tx.sleepReport.createMany({
    data: [
      {
        sessionId: report.sessionId,
        stat: (report.stat ?? undefined) as Prisma.InputJsonValue | undefined,
        peculiarities: report.peculiarities,
        missingDataRatio: report.missingDataRatio,
        sessionPayload: (report.sessionPayload ?? undefined) as Prisma.InputJsonValue | undefined,
        deliveryForm: report.deliveryForm as unknown as Prisma.InputJsonValue,
      },
    ],
    skipDuplicates: true,
  });
  return count === 1;
}
