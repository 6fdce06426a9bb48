-- The version of a note: 1 as written, one more with each edit (existing notes count the versions
-- their history already holds). An edit names the version it was based on, and one based on an older
-- version is refused (409) instead of silently replacing what another clinician wrote in between.
ALTER TABLE "clinical_note" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
UPDATE "clinical_note" n SET "version" = 1 + (SELECT count(*) FROM "clinical_note_revision" r WHERE r."note_id" = n."id");

-- The notes of a night are read a page at a time, newest first, as those of a patient already are.
DROP INDEX "clinical_note_session_id_idx";
CREATE INDEX "clinical_note_session_id_created_at_idx" ON "clinical_note"("session_id", "created_at");
