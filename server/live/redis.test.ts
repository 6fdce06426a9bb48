import assert from "node:assert/strict";
import { it } from "node:test";
import { streamNameFor } from "./redis";

it("instances on one database share a stream; another database, on the same server, gets its own", () => {
  const a = streamNameFor("postgresql://app:secret@db.example.org:5432/clinic_a");
  assert.equal(a, streamNameFor("postgresql://other-user@db.example.org/clinic_a?sslmode=require"), "credentials and options do not matter");
  assert.notEqual(a, streamNameFor("postgresql://app:secret@db.example.org:5432/clinic_b"));
  assert.notEqual(a, streamNameFor("postgresql://app:secret@db2.example.org:5432/clinic_a"));
  assert.doesNotMatch(a, /secret|clinic/, "the name reveals nothing of the URL");
});
