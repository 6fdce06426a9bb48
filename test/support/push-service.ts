// A local Web Push service on 127.0.0.1, speaking the protocol the way real ones do (RFC 8030 with
// VAPID, RFC 8292, and message encryption, RFC 8291), for tests of the morning notification:
//
// - `subscribe()` makes a subscription as a browser would: an endpoint here, and the browser's side of
//   the encryption (a P-256 key pair and a 16-byte auth secret), of which the app gets the public part;
// - each POST to an endpoint must carry `Authorization: vapid t=<JWT>, k=<public key>`: the JWT is
//   verified (ES256 with k), its `aud` must be this service's origin, `exp` in the next 24 hours, `sub`
//   a mailto: or https: contact; k must be the key the subscription was made with (403 otherwise);
//   `TTL` must be there and `Content-Encoding: aes128gcm`. The body is decrypted with the subscription's
//   private key and auth secret (http_ece, the library web-push encrypts with);
// - it answers 201, or what the test asks (404, 410 for a subscription that is gone; 500).

import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { decrypt } from "http_ece";

export interface PushSubscriptionJson {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

export interface PushedMessage {
  subscriptionId: string;
  /** The decrypted payload, as text. */
  text: string;
  /** The VAPID JWT's claims, verified. */
  claims: { aud: string; exp: number; sub: string };
  headers: IncomingHttpHeaders;
  answered: number;
}

export interface Rejected {
  subscriptionId: string;
  reason: string;
}

export interface PushService {
  url: string;
  /** A new subscription for a page whose applicationServerKey is `applicationServerKey` (base64url). */
  subscribe(applicationServerKey: string): PushSubscriptionJson;
  /** How this subscription's endpoint answers from now on (201 by default). */
  answer(endpoint: string, status: number): void;
  /** Messages received, verified and decrypted. */
  messages: PushedMessage[];
  /** Requests refused (bad VAPID, undecryptable): what was wrong. */
  rejected: Rejected[];
  close(): Promise<void>;
}

interface Subscription {
  ecdh: ECDH;
  auth: Buffer;
  applicationServerKey: string;
  status: number;
}

const b64url = (b: Buffer) => b.toString("base64url");

/** Verifies an ES256 JWT with a raw (65-byte, uncompressed) P-256 public key; its claims, or an error. */
function verifyVapidJwt(token: string, rawKey: Buffer): { aud: string; exp: number; sub: string } | string {
  const [head, payload, signature] = token.split(".");
  if (!head || !payload || !signature) return "the JWT is not three parts";
  const header = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as { alg?: string; typ?: string };
  if (header.alg !== "ES256") return `the JWT's alg is ${header.alg}, not ES256`;
  if (rawKey.length !== 65 || rawKey[0] !== 4) return "k is not an uncompressed P-256 public key";
  const key = createPublicKey({ key: { kty: "EC", crv: "P-256", x: b64url(rawKey.subarray(1, 33)), y: b64url(rawKey.subarray(33)) }, format: "jwk" });
  const valid = verify("sha256", Buffer.from(`${head}.${payload}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"));
  if (!valid) return "the JWT's signature does not verify with k";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { aud: string; exp: number; sub: string };
}

export async function startPushService(): Promise<PushService> {
  const subscriptions = new Map<string, Subscription>();
  const messages: PushedMessage[] = [];
  const rejected: Rejected[] = [];
  let url = "";

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const id = /^\/push\/([\w-]+)$/.exec(req.url ?? "")?.[1] ?? "";
      const refuse = (status: number, reason: string) => {
        rejected.push({ subscriptionId: id, reason });
        res.writeHead(status, { "content-type": "text/plain" }).end(reason);
      };
      const sub = subscriptions.get(id);
      if (req.method !== "POST") return refuse(405, "POST only");
      if (!sub) return refuse(404, "no such subscription");
      const auth = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(req.headers.authorization ?? "");
      if (!auth) return refuse(401, "no VAPID authorization (vapid t=…, k=…)");
      const claims = verifyVapidJwt(auth[1]!, Buffer.from(auth[2]!, "base64url"));
      if (typeof claims === "string") return refuse(401, claims);
      if (auth[2] !== sub.applicationServerKey) return refuse(403, "k is not the key the subscription was made with");
      if (claims.aud !== url) return refuse(401, `aud is ${claims.aud}, not ${url}`);
      const now = Date.now() / 1000;
      if (!(claims.exp > now && claims.exp <= now + 24 * 3600)) return refuse(401, "exp is not within the next 24 hours");
      if (!/^(mailto:|https:)/.test(claims.sub ?? "")) return refuse(401, "sub is not a mailto: or https: contact");
      if (!req.headers.ttl || !/^\d+$/.test(req.headers.ttl as string)) return refuse(400, "no TTL header");
      if (req.headers["content-encoding"] !== "aes128gcm") return refuse(415, "Content-Encoding is not aes128gcm");
      let text: string;
      try {
        text = decrypt(Buffer.concat(chunks), { version: "aes128gcm", privateKey: sub.ecdh, authSecret: sub.auth }).toString("utf8");
      } catch (error) {
        return refuse(400, `the payload does not decrypt: ${(error as Error).message}`);
      }
      messages.push({ subscriptionId: id, text, claims, headers: req.headers, answered: sub.status });
      res.writeHead(sub.status, sub.status === 201 ? { location: `${url}/message/${messages.length}` } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    messages,
    rejected,
    subscribe(applicationServerKey) {
      const id = randomBytes(9).toString("base64url");
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const auth = randomBytes(16);
      subscriptions.set(id, { ecdh, auth, applicationServerKey, status: 201 });
      return { endpoint: `${url}/push/${id}`, expirationTime: null, keys: { p256dh: b64url(ecdh.getPublicKey()), auth: b64url(auth) } };
    },
    answer(endpoint, status) {
      const sub = subscriptions.get(endpoint.split("/").pop()!);
      if (sub) sub.status = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
