import assert from "node:assert/strict";
import { it } from "node:test";
import { clientAddress } from "./http-server";

it("takes the client address from the TCP peer, ignoring X-Forwarded-For unless the proxy is trusted", () => {
  assert.equal(clientAddress("10.0.0.5", "1.2.3.4", false), "10.0.0.5");
  assert.equal(clientAddress("10.0.0.5", undefined, true), "10.0.0.5");
});

it("behind a trusted proxy, uses the address the proxy appended (the last one), not one the client wrote", () => {
  assert.equal(clientAddress("127.0.0.1", "6.6.6.6, 203.0.113.9", true), "203.0.113.9");
  assert.equal(clientAddress("127.0.0.1", ["6.6.6.6", "203.0.113.9"], true), "203.0.113.9");
});
