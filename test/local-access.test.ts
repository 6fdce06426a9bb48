// Only the app's OS user may reach the embedded database (README, "Configuration"): PGlite takes any
// user name and password as superuser, so it must not listen where another local user can connect. The
// app is started on a DATA_DIR someone created 0755, as `mkdir` does; another OS user (`nobody`) then
// tries the database socket, the control socket and the secrets, while the app keeps working for its own user.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { query } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";

const run = promisify(execFile);

/** The TCP ports a process listens on, from /proc (its socket inodes matched against the kernel's tables). */
function listeningTcpPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m) inodes.add(m[1]!);
    } catch {
      // closed while we looked
    }
  }
  const ports = new Set<number>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is hex ip:port; state 0A is LISTEN; column 9 is the inode.
      if (cols[3] === "0A" && inodes.has(cols[9]!)) ports.add(parseInt(cols[1]!.split(":")[1]!, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** Tries to connect to a Unix socket as the OS user `nobody`; returns the error code, or "CONNECTED". */
async function connectAsNobody(socketPath: string): Promise<string> {
  const script = `require("net").connect(process.argv[1]).on("connect", () => { console.log("CONNECTED"); process.exit(0); }).on("error", (e) => { console.log(e.code); process.exit(0); });`;
  const { stdout } = await run("runuser", ["-u", "nobody", "--", process.execPath, "-e", script, socketPath]);
  return stdout.trim();
}

describe("the embedded database is reachable only by the app's OS user", { timeout: 180_000 }, () => {
  let server: RunningServer;
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "sleep-local-"));
    chmodSync(dataDir, 0o755); // as `mkdir` leaves it: anyone may enter
    server = await startServer({ dataDir, apiKey: null });
  });
  after(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("tightens DATA_DIR to 0700 at start", () => {
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
  });

  it("listens on no TCP port but its HTTP port (the database is a Unix socket in DATA_DIR)", () => {
    assert.deepEqual(listeningTcpPorts(server.process.pid!), [server.port]);
    assert.ok(statSync(path.join(dataDir, ".s.PGSQL.5432")).isSocket());
  });

  it("does not print where its database is", () => {
    assert.doesNotMatch(server.output(), /postgres(ql)?:\/\//, "a database URL appears in the app's output");
    assert.ok(!server.output().includes(".s.PGSQL"), "the database socket appears in the app's output");
  });

  it("refuses another OS user at the database socket and the control socket; the app and its own user carry on", async (t) => {
    if (process.getuid?.() !== 0) return t.skip("acting as the user nobody needs root (CI runs as root)");
    assert.equal(await connectAsNobody(path.join(dataDir, ".s.PGSQL.5432")), "EACCES");
    assert.equal(await connectAsNobody(path.join(dataDir, "control.sock")), "EACCES");
    await assert.rejects(run("runuser", ["-u", "nobody", "--", "cat", path.join(dataDir, "secrets.json")]));

    const health = await fetch(`${server.url}/api/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { database: string }).database, "ok");
    const [row] = await query<{ n: string }>(server.databaseUrl, "SELECT count(*) AS n FROM app_user");
    assert.equal(row?.n, "0");
  });
});
