// The app's VAPID key pair (table push_vapid_keys) when none is configured (VAPID_PUBLIC_KEY and
// VAPID_PRIVATE_KEY): generated once, kept in the database, so every instance on one database signs
// with the same key, the one browsers subscribed with.

import type { Db } from "../db/client";

export interface VapidKeyPair {
  publicKey: string;
  privateKey: string;
}

/** The stored pair, or `generate()`'s stored now; two instances starting together agree on one. */
export async function storedVapidKeys(db: Db, generate: () => VapidKeyPair): Promise<VapidKeyPair> {
  const fresh = generate();
  await db.$executeRaw`INSERT INTO push_vapid_keys (id, public_key, private_key) VALUES (1, ${fresh.publicKey}, ${fresh.privateKey}) ON CONFLICT (id) DO NOTHING`;
  const row = await db.pushVapidKeys.findUniqueOrThrow({ where: { id: 1 }, select: { publicKey: true, privateKey: true } });
  return row;
}
