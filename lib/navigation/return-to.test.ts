import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loginHref, safeReturnPath } from "./return-to";

describe("returning after sign-in", () => {
  it("follows a path on this site, query included", () => {
    assert.equal(safeReturnPath("/sessions/night-1"), "/sessions/night-1");
    assert.equal(safeReturnPath("/patients/asleep-ana?a=n1&b=n2"), "/patients/asleep-ana?a=n1&b=n2");
    assert.equal(safeReturnPath("/"), "/");
  });

  it("never leads to another site", () => {
    for (const raw of [
      "//evil.example",
      "//evil.example/sessions",
      "https://evil.example",
      "https://evil.example/",
      "http:evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      null,
      undefined,
    ]) {
      assert.equal(safeReturnPath(raw), null, String(raw));
    }
  });

  it("does not send sign-in back to itself", () => {
    assert.equal(safeReturnPath("/login?next=/login"), null);
  });

  it("names the page to come back to in the sign-in link", () => {
    assert.equal(loginHref("/sessions/n-1?x=1"), "/login?next=%2Fsessions%2Fn-1%3Fx%3D1");
    assert.equal(loginHref("/"), "/login");
    assert.equal(loginHref("//evil.example"), "/login");
  });
});
