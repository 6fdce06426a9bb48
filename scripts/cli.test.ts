// The command-line tools as a newcomer meets them: --help, a clear message at once when nothing answers
// at the URL (it was 68 s of silence, then "fetch failed"), and a refused key that says which key was
// used and what to do. The commands are run as npm runs them, through tsx.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import net from "node:net";
import path from "node:path";
import { after, describe, it } from "node:test";

const ROOT = path.resolve(__dirname, "..");

function run(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", script, ...args],
      { cwd: ROOT, env: { ...process.env, ASLEEP_API_KEY: "", USER_PASSWORD: "", ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout + stderr, ms: Date.now() - started }),
    );
  });
}

async function listen(server: Server | net.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as net.AddressInfo).port;
}

describe("npm run simulate and npm run users, as a newcomer meets them", { timeout: 120_000 }, () => {
  const servers: Array<Server | net.Server> = [];
  after(() => servers.forEach((s) => s.close()));

  it("--help says what each takes and exits 0", async () => {
    const simulate = await run("scripts/simulate.ts", ["--help"]);
    assert.equal(simulate.code, 0, simulate.out);
    assert.match(simulate.out, /Usage: npm run simulate/);
    assert.match(simulate.out, /--speed/);
    const users = await run("scripts/users.ts", ["--help"]);
    assert.equal(users.code, 0, users.out);
    assert.match(users.out, /npm run users -- add --email E --role/);
    assert.match(users.out, /USER_PASSWORD/);
  });

  it("nothing listening at the URL: says so at once, with what to do", async () => {
    const gone = net.createServer();
    const closed = await listen(gone);
    await new Promise((r) => gone.close(r)); // a port nothing listens on any more
    const refused = await run("scripts/simulate.ts", ["--url", `http://127.0.0.1:${closed}`, "--key", "any-key-123"]);
    assert.equal(refused.code, 1);
    assert.match(refused.out, /No app answers at http:\/\/127\.0\.0\.1:\d+: the connection was refused\. Is it running \(npm start/);
    console.log(`[figures] simulate with nothing listening: answered in ${refused.ms} ms`);
  });

  it("something accepts connections but never answers: says so after 5 s, not after a minute of retries", async () => {
    const silent = net.createServer(() => {}); // holds every connection open, says nothing
    servers.push(silent);
    const port = await listen(silent);
    const result = await run("scripts/simulate.ts", ["--url", `http://127.0.0.1:${port}`, "--key", "any-key-123"]);
    assert.equal(result.code, 1);
    assert.match(result.out, /nothing answered within 5 s/);
    assert.ok(result.ms < 30_000, `took ${result.ms} ms`);
    console.log(`[figures] simulate against a silent port: gave up in ${result.ms} ms`);
  });

  it("a refused key says which key it was and how to match the app's", async () => {
    let keySeen = "";
    const app = createServer((req, res) => {
      if (req.url === "/api/health") return res.end("{}");
      keySeen = String(req.headers["x-api-key"]);
      res.writeHead(401, { "content-type": "application/json" }).end('{"error":"UNAUTHORIZED"}');
    });
    servers.push(app);
    const port = await listen(app);
    const result = await run("scripts/simulate.ts", ["--url", `http://127.0.0.1:${port}`, "--speed", "max", "--hours", "0.25"], { ASLEEP_API_KEY: "from-the-environment" });
    assert.equal(result.code, 1);
    assert.equal(keySeen, "from-the-environment", "ASLEEP_API_KEY in the environment is the key sent");
    assert.match(result.out, /401, the app does not take the key from ASLEEP_API_KEY/);
  });
});
