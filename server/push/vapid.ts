// The VAPID key pair and contact the morning notification is signed with: VAPID_PUBLIC_KEY and
// VAPID_PRIVATE_KEY when set (validated at start, server/env.ts), else a pair generated once and kept in
// the database (server/data/push-keys.ts). Browsers subscribe with the public key, so it must not change:
// a new key leaves every subscription unusable (push services answer 403) until the sleeper turns the
// notification on again.

import type { Db } from "../db/client";
import { storedVapidKeys } from "../data/push-keys";
import { generateVapidKeys, type VapidConfig } from "./send";

export async function resolveVapid(db: Db, env: { VAPID_PUBLIC_KEY?: string; VAPID_PRIVATE_KEY?: string; VAPID_SUBJECT: string }): Promise<VapidConfig> {
  const pair = env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY ? { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY } : await storedVapidKeys(db, generateVapidKeys);
  return { ...pair, subject: env.VAPID_SUBJECT };
}
