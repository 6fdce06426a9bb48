import { test } from "node:test";
import assert from "node:assert/strict";
import { endpointUrlProblem } from "./endpoint-url";

test("https anywhere, plain http only to loopback", () => {
  assert.equal(endpointUrlProblem("https://ehr.example.org/hooks/sleep"), null);
  assert.equal(endpointUrlProblem("http://127.0.0.1:8080/in"), null);
  assert.equal(endpointUrlProblem("http://localhost/in"), null);
  assert.equal(endpointUrlProblem("http://[::1]:9000/"), null);
  assert.match(endpointUrlProblem("http://ehr.example.org/in")!, /https/);
  assert.match(endpointUrlProblem("http://127.0.0.1.nip.io/in")!, /https/);
  assert.match(endpointUrlProblem("ftp://x.org/")!, /https/);
  assert.match(endpointUrlProblem("https://user:pw@x.org/")!, /credentials/);
  assert.match(endpointUrlProblem("not a url")!, /Not a URL/);
});
