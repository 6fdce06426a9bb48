import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CONFLICT_ATTEMPTS, conflictDelayMs, retryOnConflict } from "./retry";
import { isRetryableConflict } from "./errors";

/** Errors shaped as Prisma's driver adapter throws them for PostgreSQL's SQLSTATE. */
const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { name: "DriverAdapterError", cause: { originalCode: code, kind: "postgres" } });
const prismaError = (code: string) => Object.assign(new Error("prisma"), { code: "P2010", meta: { driverAdapterError: { cause: { originalCode: code } } } });

describe("retryOnConflict: a deadlock or serialisation failure is run again a few times before it is answered", () => {
  const waits: number[] = [];
  const options = { isRetryable: isRetryableConflict, sleep: async (ms: number) => void waits.push(ms), random: () => 0.5 };

  it("a deadlock (40P01) then success: succeeds on the second attempt, after one short wait", async () => {
    waits.length = 0;
    let calls = 0;
    const result = await retryOnConflict(async () => {
      if (++calls === 1) throw pgError("40P01");
      return "stored";
    }, options);
    assert.equal(result, "stored");
    assert.equal(calls, 2);
    assert.deepEqual(waits, [10]);
  });
  it("a serialisation failure (40001, wrapped by Prisma) three times, then success", async () => {
    waits.length = 0;
    let calls = 0;
    assert.equal(await retryOnConflict(async () => (++calls <= 3 ? Promise.reject(prismaError("40001")) : "stored"), options), "stored");
    assert.equal(calls, 4);
    assert.deepEqual(waits, [10, 20, 40]);
  });
  it("a conflict that persists: bounded, the last error is thrown (the route answers 503)", async () => {
    waits.length = 0;
    let calls = 0;
    await assert.rejects(
      retryOnConflict(async () => {
        calls++;
        throw pgError("40P01");
      }, options),
      /pg 40P01/,
    );
    assert.equal(calls, CONFLICT_ATTEMPTS);
    assert.equal(waits.length, CONFLICT_ATTEMPTS - 1);
  });
  it("any other failure is thrown at once, not retried (a refused value, a lost connection, a bug)", async () => {
    for (const error of [pgError("22P02"), pgError("08006"), new TypeError("bug")]) {
      let calls = 0;
      await assert.rejects(retryOnConflict(async () => {
        calls++;
        throw error;
      }, options));
      assert.equal(calls, 1, String(error));
    }
  });
  it("the waits are jittered between half and one and a half of base · 2^(n−1)", () => {
    assert.equal(conflictDelayMs(1, 10, 0), 5);
    assert.ok(Math.abs(conflictDelayMs(1, 10, 0.999) - 14.99) < 1e-9);
    assert.equal(conflictDelayMs(3, 10, 0.5), 40);
  });
});
