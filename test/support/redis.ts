// Fails loudly, with the fix, when the Redis server a test needs is not there.

import net from "node:net";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export async function requireRedis(url = TEST_REDIS_URL): Promise<URL> {
  const u = new URL(url);
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = net.connect(Number(u.port || 6379), u.hostname);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(3_000);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });
  if (!reachable) {
    throw new Error(
      `These tests need the Redis server at ${url}. Start it (on this machine: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "") or point TEST_REDIS_URL at one.`,
    );
  }
  return u;
}
