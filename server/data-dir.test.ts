import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { startEmbeddedPostgres } from "./db/embedded";
import { prepareDataDir } from "./data-dir";

describe("DATA_DIR", () => {
  const root = mkdtempSync(path.join(tmpdir(), "sleep-datadir-"));
  after(() => rmSync(root, { recursive: true, force: true }));

  it("is created 0700 when missing, parents included", () => {
    const dir = path.join(root, "a", "b");
    assert.equal(prepareDataDir(dir), false);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  it("is tightened to 0700 when others may open it", () => {
    const dir = path.join(root, "open");
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    assert.equal(prepareDataDir(dir), true);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  it("too long for a Unix socket path: the embedded database refuses to start with a clear message, and binds nothing", async () => {
    // Linux cuts a socket path at 108 bytes without a word; the driver would then look in the wrong place.
    const dir = path.join(root, "x".repeat(100));
    await assert.rejects(startEmbeddedPostgres(dir), /DATA_DIR .* is too long: .*at most 107 bytes/);
    assert.deepEqual(readdirSync(path.join(root)).filter((n) => n.startsWith("x")), ["x".repeat(100)]);
    assert.deepEqual(readdirSync(dir), []);
  });
});
