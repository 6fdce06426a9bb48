// No path around the locks. Every spelling of a guarded path (dot segments, %2e, duplicate and
// trailing slashes, backslashes, percent-encoded letters, case, absolute-form targets) is sent as
// is, straight to the app and through the documented nginx configuration: each one that reaches the
// webhook or the sign-in handler meets the same limits as the plain path. Failed sign-ins are counted
// per address and per account, successful ones are not; better-auth's own limiter stays on behind.
// The Socket.IO handshake follows the same-origin rule of the state-changing routes.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { io as connect } from "socket.io-client";
import { signIn, usersCli } from "./support/accounts";
import { inParallel, rawRequest, type RawResponse } from "./support/http";
import { startNginx, type RunningNginx } from "./support/nginx";
import { startServer, type RunningServer } from "./support/server";

const API_KEY = "locks-test-key-0123456789";
const PASSWORD = "a long enough passphrase";
const BAD_KEY_LIMIT = 3;
const DELIVERIES_PER_SECOND = 2;
const SIGN_IN_LIMIT = 10; // SIGN_IN_RATE_LIMIT's default

const WEBHOOK = "/api/asleep-webhook";
const SIGN_IN = "/api/auth/sign-in/email";

/** Spellings of `path` (e.g. "/api/asleep-webhook"), the plain one excluded. */
function spellings(path: string, base: string): string[] {
  const segments = path.split("/").filter(Boolean);
  const at = (k: number, insert: string) => `/${[...segments.slice(0, k), insert, ...segments.slice(k)].join("/")}`;
  const encodeFirstLetter = (k: number) => `/${segments.map((s, i) => (i === k ? `%${s.charCodeAt(0).toString(16)}${s.slice(1)}` : s)).join("/")}`;
  const between = segments.flatMap((_, k) => [at(k, "."), at(k, "%2e"), at(k, "%2E"), at(k, "x/.."), at(k, "x/%2e%2e"), at(k, "")]);
  return [
    ...between, // "/./api/…", "/api/%2e/…", "/api/x/../…", "//api/…", "/api//…" at every boundary
    `/..${path}`,
    `${path}/`,
    `${path}//`,
    `${path}/.`,
    `${path}/x/..`,
    path.replaceAll("/", "\\").replace("\\", "/"),
    ...segments.map((_, k) => encodeFirstLetter(k)),
    `/${segments.join("%2F")}`,
    path.toUpperCase(),
    `${path}?x=1`,
    `${path}#x`,
    `${base}${path}`,
    `${base}${at(1, ".")}`,
    `http://elsewhere.example${path}`,
  ];
}

const inference = (sessionId: string, seq: number) =>
  JSON.stringify({ event: "INFERENCE_COMPLETE", version: "V3", user_id: "locks-user", session_id: sessionId, inference_seq_num: seq, sleep_stages: [0, 1, 1, 2, 2, 2, 1, 3, 3, 1] });

// Every client of these tests has its own loopback address: limits are per address.
let nextAddress = 0;
const freshAddress = () => {
  nextAddress++;
  return `127.0.${20 + Math.floor(nextAddress / 250)}.${(nextAddress % 250) + 1}`;
};

describe("no path around the locks", { timeout: 600_000 }, () => {
  let server: RunningServer;
  let nginx: RunningNginx;
  let adminCookie: string;

  before(async () => {
    server = await startServer({
      apiKey: API_KEY,
      // TRUST_PROXY: the same instance is reached directly (no X-Forwarded-For) and through nginx.
      env: { TRUST_PROXY: "true", WEBHOOK_BAD_KEY_LIMIT: String(BAD_KEY_LIMIT), WEBHOOK_RATE_LIMIT: String(DELIVERIES_PER_SECOND) },
    });
    nginx = await startNginx([server.port, server.port]);
    await usersCli(server, ["add", "--email", "admin@locks.test", "--password", PASSWORD, "--role", "admin"]);
    for (const name of ["guessed", "forgiven", "nurse-a", "nurse-b", "nurse-c", "busy", "besieged"]) {
      await usersCli(server, ["add", "--email", `${name}@locks.test`, "--password", PASSWORD, "--role", "clinician"]);
    }
    adminCookie = (await signIn(server, "admin@locks.test", PASSWORD, freshAddress())).cookie!;
  });

  after(async () => {
    await nginx?.stop();
    await server?.stop();
  });

  const stored = async (sessionId: string) => (await fetch(`${server.url}/api/sessions/${sessionId}`, { headers: { cookie: adminCookie } })).status === 200;

  async function webhookSpellingsAreLocked(base: string, via: string) {
    const reached: string[] = [];
    for (const [i, spelling] of [WEBHOOK, ...spellings(WEBHOOK, base)].entries()) {
      const sessionId = `${via}-spelling-${i}`;
      const send = (address: string, key: string, seq = 0) =>
        rawRequest(base, spelling, { localAddress: address, headers: { "x-api-key": key, "x-user-id": "locks-user" }, body: inference(sessionId, seq) });

      // With the right key: stored by the handler, or sent elsewhere by the router (the canonical
      // path's redirect, a 404, nginx's 400) with nothing written.
      const good = await send(freshAddress(), API_KEY);
      assert.ok([200, 308, 400, 404].includes(good.status), `${via} ${spelling}: ${good.status} ${good.body.slice(0, 200)}`);
      if (good.status !== 200) {
        assert.equal(await stored(sessionId), false, `${via} ${spelling}: ${good.status} but stored`);
        continue;
      }
      reached.push(spelling);

      // The bad-key lockout: BAD_KEY_LIMIT refusals, then 429 for minutes, whatever the spelling.
      const guesser = freshAddress();
      const statuses: number[] = [];
      let last: RawResponse | undefined;
      for (let n = 0; n <= BAD_KEY_LIMIT; n++) statuses.push((last = await send(guesser, "a-guessed-key")).status);
      assert.deepEqual(statuses, [...Array(BAD_KEY_LIMIT).fill(401), 429], `${via} ${spelling}: bad keys`);
      assert.ok(Number(last!.headers["retry-after"]) >= 1, `${via} ${spelling}: Retry-After`);

      // The delivery limit: a burst over it from one address is refused in part, with Retry-After.
      const sender = freshAddress();
      const burst = await Promise.all(Array.from({ length: 4 * DELIVERIES_PER_SECOND }, (_, seq) => send(sender, API_KEY, seq + 1)));
      const limited = burst.filter((r) => r.status === 429);
      assert.ok(limited.length > 0, `${via} ${spelling}: ${burst.length} deliveries at once against ${DELIVERIES_PER_SECOND}/s: ${burst.map((r) => r.status)}`);
      assert.ok(limited.every((r) => Number(r.headers["retry-after"]) >= 1));
      assert.ok(burst.every((r) => r.status === 200 || r.status === 429));
    }
    // The dot-segment spellings are the ones that reached the handler before: they must be covered.
    for (const spelling of [`/api/./asleep-webhook`, `/api/x/%2e%2e/asleep-webhook`]) assert.ok(reached.includes(spelling), `${via}: ${spelling} reaches the handler`);
    console.log(`[figures] locks: ${via}: ${spellings(WEBHOOK, base).length + 1} spellings of the webhook path, ${reached.length} reach the handler (${reached.join(" ")}); each locked out after ${BAD_KEY_LIMIT} bad keys and held to ${DELIVERIES_PER_SECOND} deliveries a second`);
  }

  it("every spelling of the webhook path that reaches the handler meets the bad-key lockout and the delivery limit", async () => {
    await webhookSpellingsAreLocked(server.url, "direct");
  });

  it("the same through the documented nginx configuration", async () => {
    await webhookSpellingsAreLocked(nginx.url, "nginx");
  });

  async function signInSpellingsAreCounted(base: string, via: string) {
    const attempt = (spelling: string, address: string, email: string, password: string) =>
      rawRequest(base, spelling, { localAddress: address, headers: { origin: base }, body: JSON.stringify({ email, password }) });
    // Which spellings reach better-auth's sign-in: a wrong password there is a 401 saying so. Each
    // from its own address, for an account nobody has, so that finding out counts against nothing.
    const reached: string[] = [];
    for (const [i, spelling] of spellings(SIGN_IN, base).entries()) {
      const r = await attempt(spelling, freshAddress(), `nobody-${via}-${i}@locks.test`, "not the password");
      assert.ok([401, 308, 400, 404].includes(r.status), `${via} ${spelling}: ${r.status} ${r.body.slice(0, 200)}`);
      if (r.status === 401) {
        assert.match(r.body, /INVALID_EMAIL_OR_PASSWORD/);
        reached.push(spelling);
      }
    }
    for (const spelling of ["/api/auth/./sign-in/email", "/api/auth/x/%2e%2e/sign-in/email"]) assert.ok(reached.includes(spelling), `${via}: ${spelling} reaches the sign-in`);

    // One guesser, SIGN_IN_LIMIT failures through those spellings (a new account each time, so only
    // the address adds them up) ...
    const guesser = freshAddress();
    for (let i = 0; i < SIGN_IN_LIMIT; i++) assert.equal((await attempt(reached[i % reached.length]!, guesser, `guess-${via}-${i}@locks.test`, "no")).status, 401);
    // ... and even a right password, by any spelling, plain included, is refused for now.
    for (const spelling of [SIGN_IN, ...reached.slice(0, 3)]) {
      const refused = await attempt(spelling, guesser, "admin@locks.test", PASSWORD);
      assert.equal(refused.status, 429, `${via} ${spelling} after ${SIGN_IN_LIMIT} failed sign-ins`);
      assert.ok(Number(refused.headers["retry-after"]) >= 1);
    }
    console.log(`[figures] locks: ${via}: ${spellings(SIGN_IN, base).length} other spellings of the sign-in path, ${reached.length} reach better-auth (${reached.join(" ")}); ${SIGN_IN_LIMIT} failed sign-ins through them lock the address out of all`);
  }

  it("failed sign-ins through any spelling of the sign-in path count toward one limit, directly and through nginx", async () => {
    await signInSpellingsAreCounted(server.url, "direct");
    await signInSpellingsAreCounted(nginx.url, "nginx");
  });

  it("failed sign-ins are counted per account too, from whatever address; signing in forgives the account's", async () => {
    // Guessing one account's password from many addresses, one try each, by several spellings.
    const spelled = ["/api/auth/./sign-in/email", SIGN_IN, "/api/auth/x/../sign-in/email"];
    for (let i = 0; i < SIGN_IN_LIMIT; i++) {
      const r = await rawRequest(server.url, spelled[i % spelled.length]!, { localAddress: freshAddress(), body: JSON.stringify({ email: "Guessed@Locks.test", password: `guess number ${i}` }) });
      assert.equal(r.status, 401);
    }
    const fromNewAddress = freshAddress();
    const locked = await signIn(server, "guessed@locks.test", PASSWORD, fromNewAddress);
    assert.equal(locked.status, 429, "the account is locked out for now, even with its password");
    assert.ok(Number(locked.headers["retry-after"]) >= 1);
    // That address is not locked out of other accounts.
    assert.equal((await signIn(server, "admin@locks.test", PASSWORD, fromNewAddress)).status, 200);

    // Someone who mistypes a few times and then gets in is not held to those mistakes afterwards.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < SIGN_IN_LIMIT - 1; i++) assert.equal((await signIn(server, "forgiven@locks.test", "mistyped it", freshAddress())).status, 401);
      assert.equal((await signIn(server, "forgiven@locks.test", PASSWORD, freshAddress())).status, 200, `round ${round}`);
    }
  });

  it("a clinic behind one address signing in together is not locked out: only failed sign-ins count", async () => {
    const clinic = freshAddress();
    const nurses = ["nurse-a", "nurse-b", "nurse-c"];
    // Three times the limit of good sign-ins, all at the same instant (ten to each account).
    const signIns = await Promise.all(Array.from({ length: 3 * SIGN_IN_LIMIT }, (_, i) => signIn(server, `${nurses[i % 3]}@locks.test`, PASSWORD, clinic)));
    assert.deepEqual(signIns.map((r) => r.status), Array(3 * SIGN_IN_LIMIT).fill(200));
    // And again at once: nothing of the first burst was left counted against the address.
    const again = await Promise.all(Array.from({ length: 3 * SIGN_IN_LIMIT }, (_, i) => signIn(server, `${nurses[i % 3]}@locks.test`, PASSWORD, clinic)));
    assert.deepEqual(again.map((r) => r.status), Array(3 * SIGN_IN_LIMIT).fill(200));
    // Failed ones from the same address still meet the limit.
    for (let i = 0; i < SIGN_IN_LIMIT; i++) assert.equal((await signIn(server, "nurse-a@locks.test", "wrong password", clinic)).status, 401);
    assert.equal((await signIn(server, "nurse-b@locks.test", PASSWORD, clinic)).status, 429);
  });

  it("a burst of guesses sent at once gets no more password checks than the limit", async () => {
    // From one address, each for another account: the address's limit.
    const guesser = freshAddress();
    const burst = await Promise.all(Array.from({ length: 3 * SIGN_IN_LIMIT }, (_, i) => signIn(server, `burst-${i}@locks.test`, "a guess", guesser)));
    const statuses = burst.map((r) => r.status).sort();
    assert.deepEqual(statuses, [...Array(SIGN_IN_LIMIT).fill(401), ...Array(2 * SIGN_IN_LIMIT).fill(429)]);
    assert.ok(burst.filter((r) => r.status === 429).every((r) => Number(r.headers["retry-after"]) >= 1));
    assert.equal((await signIn(server, "admin@locks.test", PASSWORD, guesser)).status, 429, "the address is locked out now");
    // One account from many addresses at once: the account's limit.
    const account = await Promise.all(Array.from({ length: 3 * SIGN_IN_LIMIT }, (_, i) => signIn(server, "besieged@locks.test", `guess ${i}`, freshAddress())));
    assert.deepEqual(account.map((r) => r.status).sort(), [...Array(SIGN_IN_LIMIT).fill(401), ...Array(2 * SIGN_IN_LIMIT).fill(429)]);
  });

  it("better-auth's own limiter stays on behind: at most 100 sign-ins a minute from one address, good or not", async () => {
    const address = freshAddress();
    const good = await inParallel(Array.from({ length: 100 }, (_, i) => i), 4, () => signIn(server, "busy@locks.test", PASSWORD, address));
    assert.deepEqual([...new Set(good.map((r) => r.status))], [200]);
    const over = await signIn(server, "busy@locks.test", PASSWORD, address);
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers["retry-after"]) >= 1, "Retry-After, as on every 429");
    // Per address: another one is not affected.
    assert.equal((await signIn(server, "busy@locks.test", PASSWORD, freshAddress())).status, 200);
  });

  it("the Socket.IO handshake refuses a foreign Origin and accepts the app's own, or none", async () => {
    const cookie = adminCookie;
    const outcome = (origin: string | null, transport: "websocket" | "polling") =>
      new Promise<string>((resolve) => {
        const socket = connect(server.url, {
          transports: [transport],
          reconnection: false,
          forceNew: true,
          extraHeaders: { cookie, ...(origin === null ? {} : { origin }) },
        });
        socket.once("connect", () => {
          socket.close();
          resolve("connected");
        });
        socket.once("connect_error", (error) => {
          socket.close();
          resolve(`refused: ${error.message}`);
        });
      });
    for (const transport of ["websocket", "polling"] as const) {
      for (const foreign of ["http://evil.example", `http://127.0.0.1:${server.port + 1}`, "null"]) {
        assert.match(await outcome(foreign, transport), /^refused/, `${transport} from ${foreign}`);
      }
      assert.equal(await outcome(server.url, transport), "connected", `${transport} from the app's own origin`);
      // Outside a browser there is no Origin; the session cookie still decides.
      assert.equal(await outcome(null, transport), "connected", `${transport} without an Origin`);
    }
    // The polling handshake as a browser sends it: 403 from another site, before any session lookup.
    const handshake = (origin: string) => fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie, origin } });
    assert.equal((await handshake("http://evil.example")).status, 403);
    assert.equal((await handshake(server.url)).status, 200);
    // Through nginx, the Host nginx passes on is the one the browser used.
    const viaNginx = (origin: string) => fetch(`${nginx.url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie, origin } });
    assert.equal((await viaNginx("http://evil.example")).status, 403);
    assert.equal((await viaNginx(nginx.url)).status, 200);
  });
});
