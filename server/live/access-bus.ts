// How an instance tells every other instance of a change of who may see whom, and knows they have all
// heard it: a Redis channel of its own beside the Socket.IO adapter's. Its own, for two things the
// adapter does not tell: whether this instance is listening right now (until its subscription is live,
// changes made elsewhere do not reach it, so it cannot trust its rooms: access-rooms.ts), and that each
// instance has acted on a message, not just received it. The instances that must answer are those
// subscribed (PUBSUB NUMSUB): one that died, even by kill -9, drops out as its connection closes.

import { randomUUID } from "node:crypto";
import { accessChangeUnconfirmed, isAccessChangeUnconfirmed, type AccessChange } from "../data/access";
import type { Logger } from "../logger";
import type { RedisLink } from "./redis";

export interface BusMessage {
  kind: "revoke" | "refresh";
  changeId: string;
  change: AccessChange;
}

export interface AccessBus {
  /** Subscribed right now: every message sent from here on reaches this instance. */
  listening(): boolean;
  /** Resolves once every other listening instance has acted on `message`; rejects (accessChangeUnconfirmed) otherwise, within `ms`. */
  tell(message: BusMessage, ms: number): Promise<void>;
  close(): Promise<void>;
}

export interface BusHandlers {
  /** A message from another instance; answered once this resolves. */
  message(message: BusMessage): Promise<void>;
  /** The subscription is live (at start, or again after Redis was away). */
  listening(): void;
  /** It is not: messages sent meanwhile are lost to this instance. */
  deaf(): void;
}

export function openAccessBus(link: RedisLink, prefix: string, handlers: BusHandlers, logger: Logger): AccessBus {
  const self = randomUUID();
  const channel = `${prefix}:access`;
  const repliesTo = (instance: string) => `${prefix}:access-done:${instance}`;
  const waiting = new Map<string, { left: number; done: () => void }>();
  const sub = link.client.duplicate();
  let subscribed = false;
  let live = false;
  const setLive = (next: boolean) => {
    if (next === live) return;
    live = next;
    if (next) handlers.listening();
    else handlers.deaf();
  };

  const onMessage = (raw: string) => {
    let message: BusMessage & { id: string; from: string };
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (message.from === self) return;
    void handlers
      .message(message)
      .catch((error: Error) => logger.error({ err: error.message, kind: message.kind }, "access change from another instance failed"))
      .then(() => link.client.publish(repliesTo(message.from), JSON.stringify({ id: message.id })))
      .catch(() => {
        /* Redis went away: the sender counts this instance as not answering */
      });
  };
  const onReply = (raw: string) => {
    let id: string | undefined;
    try {
      id = (JSON.parse(raw) as { id?: string }).id;
    } catch {
      return;
    }
    const wait = id === undefined ? undefined : waiting.get(id);
    if (wait && --wait.left === 0) wait.done();
  };

  // Outages are reported by the link; here they only mean "not listening".
  sub.on("error", () => setLive(false));
  sub.on("end", () => setLive(false));
  sub.on("reconnecting", () => setLive(false));
  // node-redis subscribes again before it says "ready" after a reconnection.
  sub.on("ready", () => {
    if (subscribed) return setLive(true);
    Promise.all([sub.subscribe(channel, onMessage), sub.subscribe(repliesTo(self), onReply)])
      .then(() => {
        subscribed = true;
        setLive(sub.isReady);
      })
      .catch((error: Error) => logger.warn({ err: error.message }, "could not listen for access changes from other instances"));
  });
  sub.connect().catch(() => {
    /* it keeps reconnecting; "ready" says when it is back */
  });

  return {
    listening: () => live,
    async tell(message, ms) {
      if (!live || !link.isReady()) throw accessChangeUnconfirmed("Redis is unreachable");
      const id = randomUUID();
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(accessChangeUnconfirmed(`${waiting.get(id)?.left ?? "some"} instance(s) did not answer within ${ms} ms`)), ms);
      });
      try {
        await Promise.race([
          (async () => {
            // Counted now: an instance subscribing later reads the database after this change anyway.
            const others = ((await link.client.pubSubNumSub(channel))[channel] ?? 0) - 1;
            if (others <= 0) return;
            const answered = new Promise<void>((done) => waiting.set(id, { left: others, done }));
            await link.client.publish(channel, JSON.stringify({ ...message, id, from: self }));
            await answered;
          })(),
          expired,
        ]);
      } catch (error) {
        throw isAccessChangeUnconfirmed(error) ? error : accessChangeUnconfirmed((error as Error).message);
      } finally {
        clearTimeout(timer);
        waiting.delete(id);
      }
    },
    async close() {
      try {
        if (sub.isOpen) await sub.quit();
      } catch {
        sub.destroy();
      }
    },
  };
}
