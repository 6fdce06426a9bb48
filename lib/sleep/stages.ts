// Sleep stages as Asleep encodes them, one value per 30-second epoch.

/** Length of one epoch, in seconds. Every timeline in this app is indexed by epoch. */
export const EPOCH_SECONDS = 30;

/** Epochs per `inference_seq_num` step: Asleep analyses audio in 5-minute blocks. */
export const EPOCHS_PER_INFERENCE = 10;

/**
 * The longest night accepted: 36 hours of epochs, longer than any recording Asleep makes. Every field
 * that places data in time is bounded by it at the edge, and a merged night never grows past it, so no
 * delivery can make the server allocate without bound.
 */
export const MAX_NIGHT_EPOCHS = 4320;

/** The last 5-minute block of the longest night: block n ends at epoch 10·(n+1). */
export const MAX_INFERENCE_SEQ_NUM = MAX_NIGHT_EPOCHS / EPOCHS_PER_INFERENCE - 1;

export const SleepStage = {
  Unknown: -1,
  Wake: 0,
  Light: 1,
  Deep: 2,
  REM: 3,
} as const;
export type SleepStage = (typeof SleepStage)[keyof typeof SleepStage];

export const SLEEP_STAGE_VALUES: readonly SleepStage[] = [-1, 0, 1, 2, 3];

export const SLEEP_STAGE_NAMES: Record<SleepStage, string> = {
  [-1]: "Unknown",
  0: "Wake",
  1: "Light",
  2: "Deep",
  3: "REM",
};

/** Snoring per epoch: 0 none, 1 snoring; -1 where no inference said anything. */
export const SnoringStage = { Unknown: -1, None: 0, Snoring: 1 } as const;
export type SnoringStage = (typeof SnoringStage)[keyof typeof SnoringStage];

export function isSleepStage(value: number): value is SleepStage {
  return (SLEEP_STAGE_VALUES as readonly number[]).includes(value);
}

/** Asleep counts light, deep and REM as sleep; wake and unknown are not. */
export function isAsleep(stage: number): boolean {
  return stage === SleepStage.Light || stage === SleepStage.Deep || stage === SleepStage.REM;
}
