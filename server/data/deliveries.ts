// The audit log of webhook deliveries: one row per acknowledged delivery, with the body as received.

import type { Prisma } from "../db/generated/client";
import type { DeliveryOutcome } from "../db/generated/enums";
import type { AsleepDelivery } from "../webhook/schema";

export interface DeliveryRecord {
  requestId: string;
  delivery: AsleepDelivery;
  outcome: DeliveryOutcome;
  body: unknown;
}

type Tx = Pick<Prisma.TransactionClient, "webhookDelivery">;

export async function recordDelivery(tx: Tx, { requestId, delivery, outcome, body }: DeliveryRecord): Promise<void> {
  await tx.webhookDelivery.createMany({
    data: [
      {
        requestId,
        event: delivery.event === "UNKNOWN" ? delivery.eventName : delivery.event,
        version: delivery.version,
        sessionId: delivery.sessionId,
        userId: delivery.userId,
        inferenceSeqNum: delivery.event === "INFERENCE_COMPLETE" ? delivery.inferenceSeqNum : null,
        outcome,
        body: body as Prisma.InputJsonValue,
      },
    ],
  });
}
