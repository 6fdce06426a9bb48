// server/data/notes.ts against a real PostgreSQL: lastNotesFor gives each patient's newest note (on
// them or on a night, by its last edit) for the board's "last note" column, in two queries whatever the
// number of patients, and nothing for a patient without notes. Two edits of the same version racing:
// exactly one is saved, the other is refused with the note as saved.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Viewer } from "../server/auth/viewer";
import { createDb, type Db } from "../server/db/client";
import { addNightNote, addPatientNote, editNote, lastNotesFor } from "../server/data/notes";
import { createMigratedTestDatabase, type TestDatabase } from "./support/postgres";

describe("server/data/notes.ts on PostgreSQL", { timeout: 120_000 }, () => {
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
    assert.equal((await editNote(db, { ...doctor, name: "Dr Two" }, everyone, first!.id, { text: "first on a, revised", version: 1 }))?.ok, true);
    const again = await lastNotesFor(db, ["acc-a"]);
    assert.deepEqual(again.get("acc-a"), { text: "first on a, revised", at: again.get("acc-a")!.at, author: "Dr Two" });
    assert.equal((await lastNotesFor(db, [])).size, 0);
  });

  it("two edits of the same version at once: one is saved, the other refused with the note as saved, never both", async () => {
    const note = (await addPatientNote(db, doctor, everyone, "asleep-c", { text: "original", shared: false }))!;
    for (let round = 0; round < 5; round++) {
      const version = note.version + round;
      const results = await Promise.all(
        ["Dr One", "Dr Two"].map((name) => editNote(db, { ...doctor, name }, everyone, note.id, { text: `${name}, round ${round}`, version })),
      );
      const saved = results.filter((r) => r?.ok);
      const refused = results.filter((r) => r && !r.ok);
      assert.equal(saved.length, 1, `round ${round}: one saved`);
      assert.equal(refused.length, 1, `round ${round}: one refused`);
      const savedNote = (saved[0] as { note: { text: string; version: number } }).note;
      const current = (refused[0] as { current: { text: string; version: number } }).current;
      assert.deepEqual([current.text, current.version], [savedNote.text, version + 1], "the refused one is shown what was saved");
    }
    const row = await db.clinicalNote.findUniqueOrThrow({ where: { id: note.id }, include: { _count: { select: { revisions: true } } } });
    assert.equal(row.version, 6);
    assert.equal(row._count.revisions, 5, "one revision per saved edit");
  });
});
