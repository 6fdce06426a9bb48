// The app on each database it runs on: the embedded PGlite, and a PostgreSQL server (a new test
// database, dropped by the test). For test files that run the same describe on both.

import { createTestDatabase, type TestDatabase } from "./postgres";
import { startServer, type RunningServer, type StartOptions } from "./server";

export interface AppBackend {
  name: "embedded PGlite" | "PostgreSQL server";
  start: () => Promise<{ server: RunningServer; db?: TestDatabase }>;
}

export function appBackends(options: Omit<StartOptions, "databaseUrl">): AppBackend[] {
  return [
    { name: "embedded PGlite", start: async () => ({ server: await startServer(options) }) },
    {
      name: "PostgreSQL server",
      async start() {
        const db = await createTestDatabase();
        return { server: await startServer({ ...options, databaseUrl: db.url }), db };
      },
    },
  ];
}
