// Applies committed migrations (prisma/migrations) with Prisma's own `migrate deploy`, run through the
// WASM schema engine over the driver adapter (prisma.config.ts), so no engine binary is needed.

import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";

const run = promisify(execFile);

export async function applyMigrations(databaseUrl: string): Promise<string> {
  const cli = createRequire(__filename).resolve("prisma/build/index.js");
  try {
    const { stdout } = await run(process.execPath, [cli, "migrate", "deploy"], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      timeout: 120_000,
    });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`Database migration failed:\n${e.stderr || e.stdout || e.message}`);
  }
}
