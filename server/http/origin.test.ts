import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSameOrigin } from "./origin";

const request = (headers: Record<string, string>) => new Request("http://internal/api/admin/people/x", { method: "DELETE", headers });

describe("isSameOrigin (CSRF for state-changing admin requests)", () => {
  it("without PUBLIC_URL: the Origin must be the host the request was sent to, over http or https", () => {
    assert.equal(isSameOrigin(request({ host: "sleep.local:3000", origin: "http://sleep.local:3000" }), undefined), true);
    assert.equal(isSameOrigin(request({ host: "Sleep.Local:3000", origin: "https://sleep.local:3000" }), undefined), true);
    assert.equal(isSameOrigin(request({ host: "sleep.local:3000", origin: "http://sleep.local:3001" }), undefined), false);
    assert.equal(isSameOrigin(request({ host: "sleep.local:3000", origin: "http://evil.example" }), undefined), false);
  });

  it("with PUBLIC_URL: only its origin, whatever the Host header says", () => {
    const publicUrl = "https://sleep.example.org/";
    assert.equal(isSameOrigin(request({ host: "10.0.0.5:3000", origin: "https://sleep.example.org" }), publicUrl), true);
    assert.equal(isSameOrigin(request({ host: "evil.example", origin: "https://evil.example" }), publicUrl), false);
    assert.equal(isSameOrigin(request({ host: "sleep.example.org", origin: "http://sleep.example.org" }), publicUrl), false);
  });

  it("no Origin, or the opaque \"null\" one, is refused", () => {
    assert.equal(isSameOrigin(request({ host: "sleep.local" }), undefined), false);
    assert.equal(isSameOrigin(request({ host: "sleep.local", origin: "null" }), undefined), false);
  });
});
