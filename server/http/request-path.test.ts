import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hasMalformedPath, routeKey } from "./request-path";

describe("routeKey: a request target as the router resolves it", () => {
  it("every spelling of the webhook path that Next.js routes (or redirects) to it names it", () => {
    const spellings = [
      "/api/asleep-webhook",
      "/api/asleep-webhook?x=1",
      "/api/./asleep-webhook",
      "/./api/asleep-webhook",
      "/api/././asleep-webhook",
      "/api/%2e/asleep-webhook",
      "/api/x/../asleep-webhook",
      "/api/x/%2e%2e/asleep-webhook",
      "/../api/asleep-webhook",
      "/api//asleep-webhook",
      "//api/asleep-webhook",
      "/api/asleep-webhook/",
      "/api/asleep-webhook//",
      "/api/asleep-webhook/.",
      "/api\\asleep-webhook",
      "/api/%61sleep-webhook",
      "/%61pi/asleep-webhook",
      "/api%2Fasleep-webhook",
      "/api/x%2F..%2Fasleep-webhook",
      "/api/%252e/asleep-webhook",
      "/API/Asleep-Webhook",
      "http://127.0.0.1:3000/api/asleep-webhook",
      "http://elsewhere.example/api/./asleep-webhook/",
    ];
    for (const s of spellings) assert.equal(routeKey(s), "/api/asleep-webhook", s);
  });

  it("other paths stay other paths", () => {
    assert.equal(routeKey("/api/asleep-webhooks"), "/api/asleep-webhooks");
    assert.equal(routeKey("/api/asleep-webhook/x"), "/api/asleep-webhook/x");
    assert.equal(routeKey("/api/auth/sign-in/email"), "/api/auth/sign-in/email");
    assert.equal(routeKey("/"), "/");
    assert.equal(routeKey("/sessions/a%20night"), "/sessions/a%20night");
  });

  it("a path that cannot be decoded has no key", () => {
    assert.equal(routeKey("/api/%ZZ"), null);
  });
});

describe("hasMalformedPath", () => {
  it("percent-encoding that cannot be decoded is malformed, in the path only", () => {
    for (const bad of ["/api/sessions/%ZZ", "/sessions/%", "/patients/%", "/api/admin/people/%E0%A4%A", "/sessions/%E0%A4", "/x/%C0%AF", "http://h/sessions/%ZZ"]) {
      assert.equal(hasMalformedPath(bad), true, bad);
    }
    for (const good of ["/", "/sessions/a%20night", "/sessions/nuit-%C3%A9t%C3%A9", "/sessions/lit%252Fslash", "/api/sessions?userId=%ZZ", "/sessions/x#%ZZ", "/api/./asleep-webhook"]) {
      assert.equal(hasMalformedPath(good), false, good);
    }
  });
});
