// Holds a browser's live pages away from the server: while held, every new Socket.IO connection of the
// context is closed as it opens (as if the server were unreachable), so a test can change what the
// server holds before the pages can come back, and then let them. Sockets already open are untouched.

import type { BrowserContext } from "@playwright/test";

export interface SocketGate {
  /** From now on, new connections reach the server. */
  release(): void;
}

export async function holdLiveSockets(context: BrowserContext): Promise<SocketGate> {
  let held = true;
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (held) void ws.close({ code: 1001, reason: "held away by the test" });
    else ws.connectToServer();
  });
  return {
    release: () => {
      held = false;
    },
  };
}
