// Which rooms each live connection is in follows the database's answer to "who may see whom"
// (server/data/access.ts), on every instance, before the next event. Events go to rooms, so a
// connection hears exactly what its rooms say; the server, never the client, puts it in them.
//
// - At the handshake its viewer and audience are read; a change of access heard while that read was
//   under way makes it read again before it joins anything.
// - A change of access (changeAccess) first *revokes*: before its transaction commits, every instance
//   takes the connections of the accounts that may see less out of the rooms they may lose, and keeps
//   them out (a hold) whatever else happens meanwhile; the change is not made unless every instance
//   confirmed. So an event stored after the commit finds nobody left who may no longer see it, on any
//   instance. Then, committed or not, every instance *settles*: reads each touched connection's viewer
//   again from the database, one settle at a time, releases the hold and puts the connection in the
//   rooms it may be in now (closing it if its sign-in has ended). A hold whose change never settles
//   (its instance died mid-way) settles by itself after HOLD_MS.
// - An instance that is not listening to the other instances (Redis away, or just back) cannot know
//   its rooms are current: its connections leave every content room, and each event is delivered to
//   them one by one, after asking the database who may see it. Once listening again, it reads every
//   connection afresh and trusts its rooms again.

import type { Server, Socket } from "socket.io";
import type { Viewer } from "../auth/viewer";
import { audiencesOfSessions, currentViewer, type AccessChange, type AccessFollower, type Audience } from "../data/access";
import type { Db } from "../db/client";
import type { Logger } from "../logger";
import { openAccessBus, type AccessBus } from "./access-bus";
import type { RedisLink } from "./redis";

export const EVERYONE_ROOM = "everyone";
export const asleepUserRoom = (asleepUserId: string) => `asleep-user:${asleepUserId}`;
/** Alerts go to those who care for a patient (clinicians assigned, admins), never to the patient. */
export const careRoom = (asleepUserId: string) => `care:${asleepUserId}`;
// Not "care:everyone", which is careRoom("everyone"): a patient whose Asleep id is "everyone" would
// have put their clinicians in every patient's alerts.
export const CARE_EVERYONE_ROOM = "care-everyone";
export const authSessionRoom = (sessionId: string) => `auth-session:${sessionId}`;
export const accountRoom = (accountId: string) => `account:${accountId}`;

/** The rooms that carry patients' data, as opposed to those that name a connection's sign-in. */
const isContentRoom = (room: string) => room === EVERYONE_ROOM || room === CARE_EVERYONE_ROOM || room.startsWith("asleep-user:") || room.startsWith("care:");
const asleepUserOfRoom = (room: string) => (room.startsWith("asleep-user:") ? room.slice("asleep-user:".length) : room.startsWith("care:") ? room.slice("care:".length) : null);

/** How long another instance has to confirm it acted on a change (inside the change's transaction). */
const CONFIRM_MS = 3_000;
/** A hold whose change never settles is settled from the database after this. */
const HOLD_MS = 30_000;

export interface Member {
  viewer: Viewer;
  audience: Audience;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any event maps: only rooms and data are used here
type MemberSocket = Socket<any, any, any, Member>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyServer = Server<any, any, any, Member>;

export interface AccessRooms extends AccessFollower {
  /** This instance's rooms are current (one instance, or listening to the others' access changes). */
  trusted(): boolean;
  /** Where this instance is in the changes of access it has heard, for a read about to start. */
  mark(): number;
  /** A handshake is about to read its viewer (or uses a read that started at `since`, a mark). */
  reading(socket: MemberSocket, since?: number): void;
  /** A connection whose viewer and audience were read: into its rooms, or read again if access changed meanwhile. */
  admit(socket: MemberSocket): void;
  /**
   * Who the connection's viewer is now, and whether they may read one Asleep user's nights, by the same
   * rule as its rooms (what a change is revoking is not readable either). Kept current by every change
   * heard; read from the database only while this instance may have missed one. Null: sign-in ended.
   */
  current(socket: MemberSocket): Promise<{ viewer: Viewer; audience: Audience; mayRead: (asleepUserId: string) => boolean } | null>;
  /**
   * While this instance's rooms cannot be trusted: delivers an event about one Asleep user (null: an
   * alert about nobody's nights, admins only) to each connection here the database says may see it.
   */
  deliverChecked(asleepUserId: string | null, what: "nights" | "alerts", send: (socket: MemberSocket) => void): void;
  close(): Promise<void>;
}

function roomsOf({ viewer, audience }: Member): string[] {
  if (audience.everyone) return viewer.role === "admin" ? [EVERYONE_ROOM, CARE_EVERYONE_ROOM] : [EVERYONE_ROOM];
  return audience.asleepUserIds.flatMap((id) => (viewer.role === "clinician" ? [asleepUserRoom(id), careRoom(id)] : [asleepUserRoom(id)]));
}

export function createAccessRooms(io: AnyServer, { db, logger, redis }: { db: Db; logger: Logger; redis?: { link: RedisLink; streamName: string } }): AccessRooms {
  const nsp = io.of("/");
  /** Per change: the accounts kept out of rooms, and of which Asleep users' rooms (null: all). */
  const holds = new Map<string, { losing: Map<string, Set<string> | null>; timer: NodeJS.Timeout }>();
  /** Counts access changes heard here; a handshake that read before the latest one reads again. */
  let heard = 0;
  const readAt = new WeakMap<MemberSocket, number>();
  /** Rooms are current: no Redis (one instance), or listening to the others. */
  let trusted = !redis;
  let listeningSince = 0;

  // Settles one at a time, in the order heard: a later read is never overwritten by an earlier one.
  let settling: Promise<void> = Promise.resolve();
  const serially = (task: () => Promise<void>) => {
    const run = settling.then(task);
    settling = run.catch(() => {});
    return run;
  };
  /** Events waiting for their database check (while rooms are not trusted), in the order sent. */
  const unchecked: Array<{ asleepUserId: string | null; what: "nights" | "alerts"; send: (socket: MemberSocket) => void }> = [];
  let checking = false;

  /** One query for all the events that waited meanwhile, however many: a backlog cannot build up. */
  async function checkAndDeliver() {
    checking = true;
    try {
      while (unchecked.length > 0) {
        const batch = unchecked.splice(0);
        const sockets = [...nsp.sockets.values()] as MemberSocket[];
        let may: Awaited<ReturnType<typeof audiencesOfSessions>>;
        try {
          may = await audiencesOfSessions(db, sockets.map((s) => s.data.viewer.sessionId));
        } catch (error) {
          logger.warn({ err: (error as Error).message, events: batch.length }, "live events could not be checked against the database: not delivered (pages catch up when they reconnect)");
          continue;
        }
        for (const { asleepUserId, what, send } of batch) {
          for (const socket of sockets) {
            const access = may.get(socket.data.viewer.sessionId);
            if (!access || !socket.connected || (what === "alerts" && access.role === "patient")) continue;
            if (access.audience.everyone || (asleepUserId !== null && access.audience.asleepUserIds.includes(asleepUserId))) send(socket);
          }
        }
      }
    } finally {
      checking = false;
    }
  }

  function held(accountId: string, room: string): boolean {
    for (const { losing } of holds.values()) {
      if (!losing.has(accountId)) continue;
      const ids = losing.get(accountId);
      const asleepUserId = asleepUserOfRoom(room);
      if (ids === null || (ids !== undefined && asleepUserId !== null && ids.has(asleepUserId))) return true;
    }
    return false;
  }

  /** Puts a connection in exactly the rooms it may be in now, as far as this instance knows. */
  function place(socket: MemberSocket) {
    const wanted = trusted ? roomsOf(socket.data).filter((room) => !held(socket.data.viewer.accountId, room)) : [];
    for (const room of [...socket.rooms]) if (isContentRoom(room) && !wanted.includes(room)) socket.leave(room);
    const missing = wanted.filter((room) => !socket.rooms.has(room));
    if (missing.length > 0) socket.join(missing);
  }

  function localSocketsOf(accountIds: Iterable<string>): MemberSocket[] {
    const found = new Set<MemberSocket>();
    for (const accountId of accountIds) {
      for (const id of nsp.adapter.rooms.get(accountRoom(accountId)) ?? []) {
        const socket = nsp.sockets.get(id);
        if (socket) found.add(socket);
      }
    }
    return [...found];
  }

  function hold(changeId: string, change: AccessChange) {
    heard++;
    const losing = new Map<string, Set<string> | null>();
    for (const { accountId, asleepUserIds } of change.losing) {
      const before = losing.get(accountId);
      losing.set(accountId, asleepUserIds === null || before === null ? null : new Set([...(before ?? []), ...asleepUserIds]));
    }
    release(changeId);
    const timer = setTimeout(() => void settle(changeId, () => localSocketsOf(change.accountIds)), HOLD_MS);
    timer.unref();
    holds.set(changeId, { losing, timer });
    for (const socket of localSocketsOf(losing.keys())) place(socket);
  }

  function release(changeId: string | null) {
    if (changeId === null) return;
    clearTimeout(holds.get(changeId)?.timer);
    holds.delete(changeId);
  }

  /**
   * Reads the given connections' viewers again and places them; releases the change's hold first (at
   * the same moment, so nothing sees a released hold with an old read). `trust`: this settle makes the
   * instance trust its rooms again (if it is still listening by then).
   */
  function settle(changeId: string | null, which: () => MemberSocket[], trust?: { since: number }): Promise<void> {
    const from = ++heard;
    return serially(async () => {
      const sockets = which();
      let fresh: Array<Member | null | "unknown">;
      try {
        fresh = await Promise.all(sockets.map((s) => currentViewer(db, s.data.viewer.sessionId)));
      } catch (error) {
        logger.warn({ err: (error as Error).message, connections: sockets.length }, "live connections could not be read again: closed so they connect afresh");
        fresh = sockets.map(() => "unknown");
      }
      release(changeId);
      if (trust && trust.since === listeningSince && bus?.listening()) trusted = true;
      sockets.forEach((socket, i) => {
        const now = fresh[i]!;
        if (!socket.connected) return;
        // Signed out, expired, disabled, deleted; or not readable now: the page's handshake reads again.
        if (now === null || now === "unknown") return void socket.disconnect(true);
        socket.data.viewer = now.viewer;
        socket.data.audience = now.audience;
        place(socket);
      });
      // Connections admitted while this was read are in no room yet; those that read before it began
      // (perhaps before this instance was listening) are being read again.
      if (trust && trusted) for (const socket of nsp.sockets.values()) if ((readAt.get(socket as MemberSocket) ?? -1) >= from) place(socket as MemberSocket);
    });
  }

  const bus: AccessBus | undefined =
    redis &&
    openAccessBus(
      redis.link,
      redis.streamName,
      {
        async message({ kind, changeId, change }) {
          if (kind === "revoke") hold(changeId, change);
          else await settle(changeId, () => localSocketsOf(change.accountIds));
        },
        listening() {
          const since = ++listeningSince;
          void settle(null, () => [...nsp.sockets.values()] as MemberSocket[], { since });
        },
        deaf() {
          listeningSince++;
          if (!trusted) return;
          trusted = false;
          logger.warn("not hearing other instances' access changes: live events reach this instance's connections only after a database check");
          for (const socket of nsp.sockets.values()) place(socket as MemberSocket);
        },
      },
      logger,
    );

  return {
    trusted: () => trusted,
    mark: () => heard,
    reading(socket, since = heard) {
      readAt.set(socket, since);
    },
    admit(socket) {
      if (readAt.get(socket) === heard) return place(socket);
      void settle(null, () => [socket]);
    },
    async current(socket) {
      const now = trusted ? socket.data : await currentViewer(db, socket.data.viewer.sessionId);
      if (!now) return null;
      const accountId = now.viewer.accountId;
      return { ...now, mayRead: (asleepUserId) => (now.audience.everyone || now.audience.asleepUserIds.includes(asleepUserId)) && !held(accountId, asleepUserRoom(asleepUserId)) };
    },
    async revoke(changeId, change) {
      hold(changeId, change);
      await bus?.tell({ kind: "revoke", changeId, change }, CONFIRM_MS);
    },
    async refresh(changeId, change) {
      const here = settle(changeId, () => localSocketsOf(change.accountIds)).catch((error: Error) => logger.error({ err: error.message }, "live connections could not be set again"));
      // Not confirmed: its holds there settle by themselves (HOLD_MS), and an instance that was not
      // listening reads every connection again when it is.
      const elsewhere = bus?.tell({ kind: "refresh", changeId, change }, CONFIRM_MS).catch((error: Error) => logger.warn({ err: error.message }, "an access change could not be confirmed by every instance after it was made"));
      await Promise.all([here, elsewhere]);
    },
    deliverChecked(asleepUserId, what, send) {
      if (trusted || nsp.sockets.size === 0) return;
      unchecked.push({ asleepUserId, what, send });
      if (!checking) void checkAndDeliver();
    },
    close: async () => {
      for (const { timer } of holds.values()) clearTimeout(timer);
      await bus?.close();
    },
  };
}
