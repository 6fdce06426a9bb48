// INFERENCE_COMPLETE deliveries as stored: one row per (session, inference_seq_num).

import type { Prisma } from "../db/generated/client";

export interface NewInference {
  sessionId: string;
  inferenceSeqNum: number;
  seqNum: number | null;
  firstEpoch: number;
  sleepStages: number[];
  snoringStages: number[];
  breathStages: number[];
  windowStart: Date | null;
  windowEnd: Date | null;
  applied: boolean;
}

/**
 * Inserts unless this (session, seq) is already stored. The unique constraint decides, atomically,
 * even for fifty copies arriving at once: returns false for a duplicate.
 */
export async function insertInferenceOnce(tx: Pick<Prisma.TransactionClient, "inference">, inference: NewInference): Promise<boolean> {
  const { count } = await tx.inference.createMany({ data: [inference], skipDuplicates: true });
  return count === 1;
}
