import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyDbError, isUniqueViolation } from "./errors";

// Shapes as Prisma 6.19 with @prisma/adapter-pg throws them (recorded from a real PostgreSQL).
const prismaRaw = (cause: Record<string, unknown>) =>
  Object.assign(new Error("Raw query failed"), { name: "PrismaClientKnownRequestError", code: "P2010", meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });

describe("classifyDbError: can a retry succeed?", () => {
  it("values PostgreSQL will never store are unstorable (a 400, not a 503)", () => {
    assert.equal(classifyDbError(prismaRaw({ originalCode: "22P05", kind: "postgres", message: "unsupported Unicode escape sequence" })), "unstorable");
    assert.equal(classifyDbError(prismaRaw({ originalCode: "22021", kind: "postgres" })), "unstorable");
    assert.equal(classifyDbError(prismaRaw({ originalCode: "22003", kind: "ValueOutOfRange" })), "unstorable");
    assert.equal(classifyDbError(prismaRaw({ originalCode: "54001", kind: "postgres", message: "stack depth limit exceeded" })), "unstorable");
  });
  it("an unreachable, hung or conflicting database is transient (503)", () => {
    assert.equal(classifyDbError(prismaRaw({ kind: "DatabaseNotReachable", host: "127.0.0.1", port: 1 })), "transient");
    assert.equal(classifyDbError(prismaRaw({ originalCode: "40P01", kind: "postgres" })), "transient");
    assert.equal(classifyDbError(prismaRaw({ originalCode: "57P01", kind: "postgres" })), "transient");
    assert.equal(classifyDbError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })), "transient");
    assert.equal(classifyDbError(new Error("Query read timeout")), "transient");
    assert.equal(classifyDbError(Object.assign(new Error("Transaction API error"), { code: "P2028" })), "transient");
  });
  it("a unique key another request took at the same moment is a conflict (a 409), however it is thrown", () => {
    // As recorded from Prisma 6.19 + adapter-pg: a model call (P2002) and a raw query (P2010) on app_user.email.
    const cause = { originalCode: "23505", originalMessage: 'duplicate key value violates unique constraint "app_user_email_key"', kind: "UniqueConstraintViolation", constraint: { fields: ["email"] } };
    const model = Object.assign(new Error("Unique constraint failed on the fields: (`email`)"), { name: "PrismaClientKnownRequestError", code: "P2002", meta: { modelName: "User", driverAdapterError: { name: "DriverAdapterError", cause } } });
    assert.equal(classifyDbError(model), "conflict");
    assert.equal(classifyDbError(prismaRaw(cause)), "conflict");
    assert.equal(classifyDbError(Object.assign(new Error("duplicate key value"), { code: "23505" })), "conflict", "node-postgres's own error");
    assert.equal(isUniqueViolation(model), true);
    assert.equal(isUniqueViolation(prismaRaw({ originalCode: "23503", kind: "postgres" })), false, "a foreign key is not a unique key");
  });
  it("anything else is unknown (our fault: logged, answered 500)", () => {
    assert.equal(classifyDbError(new TypeError("x is undefined")), "unknown");
    assert.equal(classifyDbError(prismaRaw({ originalCode: "42P01", kind: "postgres" })), "unknown");
  });
});
