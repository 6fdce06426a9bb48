// Every schema that takes text a person typed refuses what the database can never store (U+0000, a
// lone surrogate) with an issue naming the field, so the route answers 400 and not the database's
// 503; and a failure that still reaches the database is answered for what it is (failure.ts).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { z } from "zod";
import { boardQuerySchema } from "@/lib/board/query";
import { accountCreateSchema } from "../accounts/admin";
import { adherenceRuleSchema } from "../data/alert-settings";
import { newNoteSchema, noteEditSchema } from "../data/notes";
import { nightTagsBodySchema } from "../data/tags";
import { endpointChangeBody, newEndpointBody } from "../outbound/admin-input";
import { failureResponse } from "./failure";
import { idParam } from "./parse-request";

const NUL = "a\u0000b";
const LONE = "a\uD800b";

const cases: Array<{ name: string; schema: z.ZodType; valid: unknown; field: string; withText: (text: string) => unknown }> = [
  { name: "new note", schema: newNoteSchema, valid: { text: "slept well" }, field: "text", withText: (text) => ({ text }) },
  { name: "note edit", schema: noteEditSchema, valid: { text: "slept well", version: 1 }, field: "text", withText: (text) => ({ text, version: 1 }) },
  { name: "night tags", schema: nightTagsBodySchema, valid: { tags: ["coffee"] }, field: "tags.1", withText: (text) => ({ tags: ["coffee", text] }) },
  { name: "new endpoint description", schema: newEndpointBody({ allowLoopback: false }), valid: { url: "https://ehr.example.org/in", events: ["night.started"] }, field: "description", withText: (text) => ({ url: "https://ehr.example.org/in", description: text, events: ["night.started"] }) },
  { name: "endpoint change description", schema: endpointChangeBody({ allowLoopback: false }), valid: { description: "EHR" }, field: "description", withText: (description) => ({ description }) },
  { name: "endpoint url", schema: newEndpointBody({ allowLoopback: false }), valid: { url: "https://ehr.example.org/in", events: ["night.started"] }, field: "url", withText: (text) => ({ url: `https://ehr.example.org/${text}`, events: ["night.started"] }) },
  { name: "account name", schema: accountCreateSchema, valid: { email: "a@b.test", password: "long enough pass", role: "clinician", name: "Dr A" }, field: "name", withText: (name) => ({ email: "a@b.test", password: "long enough pass", role: "clinician", name }) },
  { name: "account Asleep user id", schema: accountCreateSchema, valid: { email: "a@b.test", password: "long enough pass", role: "patient", asleepUserId: "u1" }, field: "asleepUserId", withText: (asleepUserId) => ({ email: "a@b.test", password: "long enough pass", role: "patient", asleepUserId }) },
  { name: "account email", schema: accountCreateSchema, valid: { email: "a@b.test", password: "long enough pass", role: "admin" }, field: "email", withText: (text) => ({ email: `${text}@b.test`, password: "long enough pass", role: "admin" }) },
  { name: "adherence rule", schema: adherenceRuleSchema, valid: "4h,70%,30d", field: "", withText: (text) => `4h,70%,30d${text}` },
  { name: "board search", schema: boardQuerySchema, valid: { q: "ann" }, field: "q", withText: (q) => ({ q }) },
  { name: "board clinician", schema: boardQuerySchema, valid: { clinician: "doc@b.test" }, field: "clinician", withText: (clinician) => ({ clinician }) },
  { name: "id in a path or query", schema: idParam, valid: "night-1", field: "", withText: (text) => text },
];

describe("user text that can never be stored is refused at the edge, naming the field", () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(c.schema.safeParse(c.valid).success, true, "the valid example passes");
      for (const text of [NUL, LONE]) {
        const parsed = c.schema.safeParse(c.withText(text));
        assert.equal(parsed.success, false, JSON.stringify(text));
        assert.ok(parsed.error!.issues.some((i) => i.path.map(String).join(".") === c.field), `${JSON.stringify(text)}: ${JSON.stringify(parsed.error!.issues)}`);
      }
    });
  }
});

describe("a failure underneath a signed-in route is answered for what it is", () => {
  const logged: Array<{ level: string; status: unknown }> = [];
  const logger = { warn: (o: { status?: unknown }) => void logged.push({ level: "warn", status: o.status }), error: (o: { status?: unknown }) => void logged.push({ level: "error", status: o.status }) };
  const pgError = (originalCode: string) => Object.assign(new Error("query failed"), { name: "PrismaClientKnownRequestError", code: "P2010", meta: { driverAdapterError: { cause: { originalCode, kind: "postgres" } } } });

  it("a value the database will never take: 400, no Retry-After", async () => {
    const res = failureResponse("test", pgError("22021"), logger);
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("retry-after"), null);
    assert.match(JSON.stringify(await res.json()), /cannot store/);
  });
  it("the database unreachable or timing out: 503 + Retry-After", () => {
    for (const error of [Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), new Error("Query read timeout"), pgError("40P01")]) {
      const res = failureResponse("test", error, logger);
      assert.equal(res.status, 503);
      assert.ok(Number(res.headers.get("retry-after")) >= 1);
    }
  });
  it("a unique key another request took at the same moment: 409, saying so", async () => {
    const res = failureResponse("test", pgError("23505"), logger);
    assert.equal(res.status, 409);
    assert.match(((await res.json()) as { error: string }).error, /another request stored the same thing at the same time/);
  });
  it("anything else: 500, not a 503 that invites retrying for ever", () => {
    assert.equal(failureResponse("test", new TypeError("x is undefined"), logger).status, 500);
    assert.equal(failureResponse("test", pgError("23503"), logger).status, 500);
  });
});
