// server/data/notes.ts against a real PostgreSQL: lastNotesFor gives each patient's newest note (on
// them or on a night, by its last edit) for the board's "last note" column, in two queries whatever the
// number of patients, and nothing for a patient without notes.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Viewer } from "../server/auth/viewer";
import { createDb, type Db } from "../server/db/client";
import { addNightNote, addPatientNote, editNote, lastNotesFor } from "../server/data/notes";
import { createMigratedTestDatabase, type TestDatabase } from "./support/postgres";

describe("lastNotesFor", { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let db: Db;
  const doctor: Viewer = { accountId: "doc", sessionId: "s", email: "doc@x.test", name: "Dr Doc", role: "clinician", asleepUserId: null };
  const everyone = { everyone: true } as const;

  before(async () => {
    database = await createMigratedTestDatabase();
    db = createDb({ connectionString: database.url, poolSize: 2 });
    for (const p of ["a", "b", "c"]) await db.user.create({ data: { id: `acc-${p}`, name: p, email: `${p}@x.test`, role: "patient", asleepUserId: `asleep-${p}` } });
    await db.sleepSession.create({ data: { id: "night-a", userId: "asleep-a", sleepStages: [], snoringStages: [], epochSourceSeq: [] } });
  });

  after(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("each patient's newest note by its last edit, keyed by account id; none for a patient without notes", async () => {
    const first = await addPatientNote(db, doctor, everyone, "asleep-a", { text: "first on a", shared: false });
    await new Promise((r) => setTimeout(r, 5));
    await addNightNote(db, doctor, everyone, "night-a", { text: "on a's night", shared: false });
    await new Promise((r) => setTimeout(r, 5));
    await addPatientNote(db, doctor, everyone, "asleep-b", { text: "on b", shared: true });
    const found = await lastNotesFor(db, ["acc-a", "acc-b", "acc-c", "acc-unknown"]);
    assert.deepEqual([...found.keys()].sort(), ["acc-a", "acc-b"]);
    assert.equal(found.get("acc-a")!.text, "on a's night");
    assert.equal(found.get("acc-a")!.author, "Dr Doc");
    assert.ok(found.get("acc-a")!.at instanceof Date);
    assert.equal(found.get("acc-b")!.text, "on b");

    // Editing the older note makes it the newest.
    await new Promise((r) => setTimeout(r, 5));
    await editNote(db, { ...doctor, name: "Dr Two" }, everyone, first!.id, { text: "first on a, revised" });
    const again = await lastNotesFor(db, ["acc-a"]);
    assert.deepEqual(again.get("acc-a"), { text: "first on a, revised", at: again.get("acc-a")!.at, author: "Dr Two" });
    assert.equal((await lastNotesFor(db, [])).size, 0);
  });
});
