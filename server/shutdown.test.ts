// The shutdown deadline (./shutdown.ts), in a child process of its own: a step that never settles
// ends the process with 1 at the deadline, naming the step and what keeps the event loop busy; a step
// that blocks the main thread itself is ended by the watchdog thread with SIGKILL, naming it too.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";

const SHUTDOWN = path.resolve(__dirname, "shutdown.ts");

function run(body: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const script = `const { startDeadline } = require(${JSON.stringify(SHUTDOWN)});\n(async () => {\n${body}\n})();`;
  const child = spawn(process.execPath, ["--import", "tsx", "-e", script], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) => child.once("exit", (code, signal) => (clearTimeout(guard), resolve({ code, signal, stderr }))));
}

describe("the shutdown deadline", { timeout: 120_000 }, () => {
  it("a step that never settles: exit 1 at the deadline, saying what was open", async () => {
    const { code, stderr } = await run(`
      const deadline = startDeadline(300);
      setInterval(() => {}, 1000);
      await deadline.step("HTTP connections", async () => {});
      await deadline.step("database", new Promise(() => {}));
    `);
    assert.equal(code, 1);
    assert.match(stderr, /Shutdown did not finish in 0\.3 s; still open: database \(event loop: .*Timeout.*\)\. Exiting\./);
  });

  it("a step that blocks the main thread: the watchdog ends the process, saying what was open", async () => {
    const { signal, stderr } = await run(`
      const deadline = startDeadline(300);
      await deadline.step("log output", () => { for (;;) {} });
    `);
    assert.equal(signal, "SIGKILL");
    assert.match(stderr, /Shutdown did not finish in 0\.3 s and the process is not responding; still open: log output\. Killing it\./);
  });

  it("steps that finish: nothing is said, and the deadline does not keep the process alive", async () => {
    const { code, signal, stderr } = await run(`
      const deadline = startDeadline(60_000);
      await deadline.step("database", () => new Promise((r) => setTimeout(r, 50)));
    `);
    assert.deepEqual([code, signal, stderr], [0, null, ""]);
  });
});
