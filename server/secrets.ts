// Secrets that default to "generated once, kept under DATA_DIR": the Asleep webhook key and the
// auth secret. The file is created exclusively (mode 0600), so two instances starting together on the
// same DATA_DIR agree on one set.

import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { prepareDataDir } from "./data-dir";

const storedSecrets = z.object({ asleepApiKey: z.string().min(8), authSecret: z.string().min(32) });
export type StoredSecrets = z.infer<typeof storedSecrets>;

export interface ResolvedSecrets extends StoredSecrets {
  /** True when the webhook key came from DATA_DIR rather than ASLEEP_API_KEY (so the start-up curl line reads it from there). */
  apiKeyGenerated: boolean;
}

export function resolveSecrets(dataDir: string, env: { ASLEEP_API_KEY?: string; AUTH_SECRET?: string }): ResolvedSecrets {
  const stored = env.ASLEEP_API_KEY && env.AUTH_SECRET ? null : loadOrCreate(path.join(dataDir, "secrets.json"));
  return {
    asleepApiKey: env.ASLEEP_API_KEY ?? stored!.asleepApiKey,
    authSecret: env.AUTH_SECRET ?? stored!.authSecret,
    apiKeyGenerated: !env.ASLEEP_API_KEY,
  };
}

function loadOrCreate(file: string): StoredSecrets {
  prepareDataDir(path.dirname(file));
  const fresh: StoredSecrets = {
    asleepApiKey: `ak_${randomBytes(24).toString("base64url")}`,
    authSecret: randomBytes(32).toString("base64url"),
  };
  try {
    writeFileSync(file, JSON.stringify(fresh, null, 2) + "\n", { flag: "wx", mode: 0o600 });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const parsed = storedSecrets.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is not a valid secrets file; move it away to generate new secrets.`);
  return parsed.data;
}
