import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { baseHeaders, pagePolicy } from "./headers";

describe("security headers", () => {
  it("HSTS only when the app is served over https", () => {
    const names = (https: boolean) => baseHeaders({ https }).map(([name]) => name);
    assert.ok(names(true).includes("strict-transport-security"));
    assert.ok(!names(false).includes("strict-transport-security"));
  });

  it("a page's scripts need the nonce; eval only in development", () => {
    const production = pagePolicy("abc", { dev: false });
    assert.match(production, /script-src 'self' 'nonce-abc' 'strict-dynamic';/);
    assert.doesNotMatch(production, /unsafe-eval/);
    assert.match(pagePolicy("abc", { dev: true }), /'unsafe-eval'/);
  });

  it("a service worker only from the app itself (the morning notification's /push-sw.js)", () => {
    // Without worker-src, 'strict-dynamic' in script-src would refuse registering it at all.
    assert.match(pagePolicy("abc", { dev: false }), /worker-src 'self';/);
  });

  it("camera, microphone and location are off for every page", () => {
    const policy = new Map(baseHeaders({ https: false })).get("permissions-policy") ?? "";
    for (const feature of ["camera", "microphone", "geolocation"]) assert.match(policy, new RegExp(`${feature}=\\(\\)`));
  });
});
