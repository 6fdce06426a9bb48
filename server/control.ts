// A local control channel for `npm run users` while the app runs: a Unix socket in DATA_DIR that only
// this OS user can open (the directory is 0700). It exists because the embedded database belongs to
// the running process; a second process must not open it, so account changes go through this one.

import { chmodSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Auth } from "./auth/auth";
import { controlSocketPath, prepareDataDir } from "./data-dir";
import { addUser, listUsers, UserConflictError, UserInputError } from "./accounts/users";
import type { AccessFollower } from "./data/access";
import type { Db } from "./db/client";
import type { Logger } from "./logger";

export async function startControlServer({ dataDir, db, auth, access, logger }: { dataDir: string; db: Db; auth: Auth; access: AccessFollower; logger: Logger }) {
  // The directory is the lock; it must exist before the socket can (listen() reports a missing one as EACCES).
  prepareDataDir(dataDir);
  const socketPath = controlSocketPath(dataDir);
  const server: Server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method === "GET" && req.url === "/users") return reply(200, { users: await listUsers(db) });
      if (req.method === "POST" && req.url === "/users") {
        const user = await addUser(db, auth, access, JSON.parse(await readBody(req)));
        logger.info({ email: user.email, role: user.role }, "account created");
        return reply(201, { user });
      }
      reply(404, { error: "unknown command" });
    } catch (error) {
      if (error instanceof UserConflictError) return reply(409, { error: error.message });
      if (error instanceof UserInputError || error instanceof SyntaxError) return reply(400, { error: error.message });
      logger.error({ err: (error as Error).message }, "control command failed");
      reply(503, { error: "the app could not do that now; try again" });
    }
  });
  // A socket file here is left by an app that died, or belongs to another instance sharing this
  // DATA_DIR (several instances on one PostgreSQL): the newest instance takes it over. Two starting at
  // the same moment can both remove it before either listens; the loser removes it again.
  for (let attempt = 1; ; attempt++) {
    rmSync(socketPath, { force: true });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(socketPath, () => {
          server.off("error", reject);
          resolve();
        });
      });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt === 3) throw error;
    }
  }
  chmodSync(socketPath, 0o600);
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 64 * 1024) throw new UserInputError("request too large");
  }
  return body;
}
