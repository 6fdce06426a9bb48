import assert from "node:assert/strict";
import { createServer } from "node:http";
import { it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { newNight } from "@/lib/sleep/night";
import type { Auth } from "../auth/auth";
import type { Db } from "../db/client";
import { createLogger } from "../logger";
import { createApplication } from "./socket-server";
import { createLiveLimits } from "./socket-limits";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

it("live updates are not kept once sent: 2,000 whole-night updates with nobody listening leave the heap as it was", async () => {
  const httpServer = createServer();
  // Only publishing is exercised: the handshake's sign-in check (auth, db) never runs without a client.
  const live = createApplication(httpServer, { auth: {} as Auth, db: {} as Db, logger: createLogger("silent"), limits: createLiveLimits({ eventsPerSocket: 10, eventsPerAccount: 30, socketsPerSession: 20, readsAtOnce: 1 }, { keyPrefix: "test", logger: createLogger("silent") }) });
  const EPOCHS = 1_440; // a 12-hour night of 30-s epochs
  const publish = (i: number) =>
    live.publish({
      outcome: "STORED",
      night: {
        sessionId: `night-${i % 200}`,
        userId: `sleeper-${i % 200}`,
        // A fresh timeline per update, as each merge makes one.
        night: { ...newNight(), timeline: { ...newNight().timeline, sleepStages: Array.from({ length: EPOCHS }, (_, e) => (e + i) % 4), snoringStages: Array.from({ length: EPOCHS }, () => 0) } },
        startTime: new Date(),
        updatedAt: new Date(),
      },
    });
  try {
    for (let i = 0; i < 50; i++) publish(i); // warm up whatever is allocated once
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 2_000; i++) publish(i);
    gc();
    const grownMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    // Kept for replay, these updates would hold ~45 MB (2,000 × 2 arrays × 1,440 numbers).
    assert.ok(grownMb < 8, `the heap grew by ${grownMb.toFixed(1)} MB after 2,000 updates nobody was listening to`);
  } finally {
    await live.close();
  }
});
