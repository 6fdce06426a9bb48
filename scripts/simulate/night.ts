// A plausible night for demos and tests: ~90-minute NREM–REM cycles with more deep sleep early and
// more REM late, a sleep latency, brief awakenings, a final awakening, a few epochs of no data and runs
// of snoring in NREM sleep. Seeded, so a seed always gives the same night.

import { SleepStage } from "@/lib/sleep/stages";

export interface SimulatedNight {
  sleepStages: number[];
  snoringStages: number[];
}

export function generateNight({ seed, durationMinutes }: { seed: number; durationMinutes: number }): SimulatedNight {
  const random = mulberry32(seed);
  const between = (min: number, max: number) => Math.round(min + random() * (max - min));
  const epochs = durationMinutes * 2;
  const stages: number[] = [];
  const push = (stage: number, count: number) => {
    for (let i = 0; i < count && stages.length < epochs; i++) stages.push(stage);
  };

  const latency = Math.min(between(16, 50), Math.floor(epochs / 4));
  const finalWake = Math.min(between(6, 24), Math.floor(epochs / 6));
  push(SleepStage.Wake, latency);

  const sleepEnd = epochs - finalWake;
  while (stages.length < sleepEnd) {
    const progress = stages.length / epochs; // 0 early in the night → 1 at the end
    const cycle = between(170, 220); // 85–110 minutes
    const deep = Math.round(cycle * (0.35 - 0.33 * progress) * (0.8 + random() * 0.4));
    const rem = Math.round(cycle * (0.12 + 0.3 * progress) * (0.8 + random() * 0.4));
    const light = Math.max(10, cycle - deep - rem);
    const parts: [number, number][] = [
      [SleepStage.Light, Math.round(light * 0.6)],
      [SleepStage.Deep, deep],
      [SleepStage.Light, light - Math.round(light * 0.6)],
      [SleepStage.REM, rem],
    ];
    for (const [stage, count] of parts) push(stage, Math.min(count, sleepEnd - stages.length));
  }
  push(SleepStage.Wake, epochs - stages.length);

  // Brief awakenings and short gaps of no data, sprinkled over sleep.
  for (let epoch = latency; epoch < sleepEnd; epoch++) {
    const roll = random();
    if (roll < 0.004) epoch = overwrite(stages, epoch, between(1, 6), SleepStage.Wake, sleepEnd);
    else if (roll < 0.0055) epoch = overwrite(stages, epoch, between(2, 6), SleepStage.Unknown, sleepEnd);
  }

  const snoring: number[] = stages.map((stage) => (stage === SleepStage.Unknown ? -1 : 0));
  for (let epoch = 0; epoch < epochs; epoch++) {
    const stage = stages[epoch];
    if ((stage === SleepStage.Light || stage === SleepStage.Deep) && random() < 0.012) {
      const run = between(4, 24);
      for (let i = epoch; i < Math.min(epochs, epoch + run); i++) {
        if (stages[i] === SleepStage.Light || stages[i] === SleepStage.Deep) snoring[i] = 1;
      }
      epoch += run;
    }
  }
  return { sleepStages: stages, snoringStages: snoring };
}

function overwrite(stages: number[], from: number, count: number, stage: number, limit: number): number {
  const to = Math.min(from + count, limit);
  for (let i = from; i < to; i++) stages[i] = stage;
  return to;
}

/** Small, well-known seeded PRNG (mulberry32): reproducible nights without a dependency. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
