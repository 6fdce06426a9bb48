-- Multi-night studies and their signed reports (issue 26 §1, §3), and a clinician's credential.
ALTER TABLE "app_user" ADD COLUMN "credential" TEXT;

CREATE TABLE "sleep_study" (
    "id" TEXT NOT NULL,
    "asleep_user_id" TEXT NOT NULL,
    "ordered_by_id" TEXT,
    "ordered_by_name" TEXT NOT NULL,
    "start_day" TEXT NOT NULL,
    "window_days" INTEGER NOT NULL,
    "nights_wanted" INTEGER NOT NULL,
    "min_valid_nights" INTEGER NOT NULL,
    "min_sleep_minutes" INTEGER NOT NULL,
    "outcome" TEXT,
    "outcome_reason" TEXT,
    "outcome_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sleep_study_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "sleep_study_outcome_check" CHECK ("outcome" IS NULL OR "outcome" IN ('adequate', 'failed'))
);
CREATE INDEX "sleep_study_asleep_user_id_created_at_idx" ON "sleep_study"("asleep_user_id", "created_at");
CREATE INDEX "sleep_study_outcome_idx" ON "sleep_study"("outcome");

CREATE TABLE "study_report" (
    "id" TEXT NOT NULL,
    "study_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "impression" TEXT NOT NULL,
    "recommendation" TEXT NOT NULL,
    "amendment_reason" TEXT,
    "signer_id" TEXT,
    "signer_name" TEXT NOT NULL,
    "signer_credential" TEXT NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "signer_zone" TEXT NOT NULL,
    "adequacy_line" TEXT NOT NULL,
    "night_ids" TEXT[],
    "pdf" BYTEA NOT NULL,
    "pdf_sha256" TEXT NOT NULL,
    CONSTRAINT "study_report_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "study_report_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "sleep_study"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "study_report_study_id_version_key" ON "study_report"("study_id", "version");

-- A signed report is final: the database itself leaves one unchanged (an amendment is a new row). A rule,
-- not a PL/pgSQL trigger: the migration runner splits statements at semicolons.
CREATE RULE "study_report_final" AS ON UPDATE TO "study_report" DO INSTEAD NOTHING;
