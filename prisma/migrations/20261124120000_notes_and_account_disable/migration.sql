-- Clinicians' notes on a patient (session_id null) or on one of their nights. The patient is named by
-- Asleep user id, as every other read of their data is, so access follows the same audience. The
-- author's name and e-mail are copied so a note still reads after its author's account is gone.
CREATE TABLE "clinical_note" (
    "id" TEXT NOT NULL,
    "asleep_user_id" TEXT NOT NULL,
    "session_id" TEXT,
    "author_id" TEXT,
    "author_name" TEXT NOT NULL,
    "author_email" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_name" TEXT NOT NULL,
    "updated_by_email" TEXT NOT NULL,
    CONSTRAINT "clinical_note_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "clinical_note_asleep_user_id_created_at_idx" ON "clinical_note"("asleep_user_id", "created_at");
CREATE INDEX "clinical_note_session_id_idx" ON "clinical_note"("session_id");

ALTER TABLE "clinical_note" ADD CONSTRAINT "clinical_note_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sleep_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every earlier version of a note: an edit moves the text it replaces here, with who wrote it and when.
CREATE TABLE "clinical_note_revision" (
    "id" BIGSERIAL NOT NULL,
    "note_id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "shared" BOOLEAN NOT NULL,
    "written_at" TIMESTAMPTZ(3) NOT NULL,
    "written_by_name" TEXT NOT NULL,
    "written_by_email" TEXT NOT NULL,
    "replaced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "clinical_note_revision_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "clinical_note_revision_note_id_idx" ON "clinical_note_revision"("note_id");

ALTER TABLE "clinical_note_revision" ADD CONSTRAINT "clinical_note_revision_note_id_fkey" FOREIGN KEY ("note_id") REFERENCES "clinical_note"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A disabled account cannot sign in (server/auth/auth.ts refuses it) and its sessions are ended.
ALTER TABLE "app_user" ADD COLUMN "disabled_at" TIMESTAMPTZ(3);
