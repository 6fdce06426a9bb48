// DATA_DIR holds what only the app's OS user may touch: the generated secrets, the embedded database,
// its PostgreSQL socket and the control socket. The directory's mode is the lock on all of them, so it
// is made (or tightened to) 0700 before anything is put in it, whatever else is configured: the control
// socket lives there even when both secrets and DATABASE_URL are set.

import { chmodSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";

/** Creates DATA_DIR (0700) or tightens an existing one to 0700. Returns true if it had to tighten it. */
export function prepareDataDir(dataDir: string): boolean {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const stats = statSync(dataDir);
  if (!stats.isDirectory()) throw new Error(`DATA_DIR ${dataDir} is not a directory.`);
  if ((stats.mode & 0o077) === 0) return false;
  try {
    chmodSync(dataDir, 0o700);
  } catch (error) {
    throw new Error(
      `DATA_DIR ${dataDir} can be opened by other users (mode ${(stats.mode & 0o777).toString(8)}) and this user cannot make it 0700 (${(error as Error).message}). ` +
        `Give the app a directory of its own.`,
    );
  }
  return true;
}

/** Linux keeps a Unix socket's path in 108 bytes, the last one a NUL; a longer path is cut silently. */
const MAX_SOCKET_PATH_BYTES = 107;

/** The path of a Unix socket named `name` in DATA_DIR, or a clear error when DATA_DIR is too long for one. */
export function socketPathIn(dataDir: string, name: string): string {
  const socketPath = path.join(path.resolve(dataDir), name);
  const bytes = Buffer.byteLength(socketPath);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new Error(
      `DATA_DIR ${path.resolve(dataDir)} is too long: the app keeps Unix sockets in it (${name}), and their paths may be at most ` +
        `${MAX_SOCKET_PATH_BYTES} bytes (this one is ${bytes}). Choose a DATA_DIR at most ${MAX_SOCKET_PATH_BYTES - bytes + Buffer.byteLength(path.resolve(dataDir))} bytes long.`,
    );
  }
  return socketPath;
}

/** The control socket `npm run users` talks to the running app through (server/control.ts). */
export const controlSocketPath = (dataDir: string) => socketPathIn(dataDir, "control.sock");
