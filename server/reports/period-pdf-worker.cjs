// The period PDF worker's entry (server/reports/pdf-pool.ts). Node 20 does not hand tsx's module hooks
// to worker threads, so the worker registers tsx's require hook itself, then loads the TypeScript.
require("tsx/cjs");
require("./period-pdf-worker.ts");
