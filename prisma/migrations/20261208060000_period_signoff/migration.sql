-- Signed period reports (issue 26 §3): the study's signed versions become every signed report's, of a
-- study or of a period report (exactly one), with one rule keeping each version final.
ALTER TABLE "study_report" RENAME TO "signed_report";
ALTER TABLE "signed_report" RENAME CONSTRAINT "study_report_pkey" TO "signed_report_pkey";
ALTER TABLE "signed_report" RENAME CONSTRAINT "study_report_study_id_fkey" TO "signed_report_study_id_fkey";
ALTER INDEX "study_report_study_id_version_key" RENAME TO "signed_report_study_id_version_key";
ALTER RULE "study_report_final" ON "signed_report" RENAME TO "signed_report_final";
ALTER TABLE "signed_report" RENAME COLUMN "adequacy_line" TO "findings_line";
ALTER TABLE "signed_report" ALTER COLUMN "study_id" DROP NOT NULL;
ALTER TABLE "signed_report" ADD COLUMN "period_report_id" TEXT;

CREATE TABLE "period_report" (
    "id" TEXT NOT NULL,
    "asleep_user_id" TEXT NOT NULL,
    "from_day" TEXT NOT NULL,
    "to_day" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_by_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "period_report_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "period_report_asleep_user_id_from_day_to_day_key" ON "period_report"("asleep_user_id", "from_day", "to_day");

ALTER TABLE "signed_report" ADD CONSTRAINT "signed_report_period_report_id_fkey" FOREIGN KEY ("period_report_id") REFERENCES "period_report"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE UNIQUE INDEX "signed_report_period_report_id_version_key" ON "signed_report"("period_report_id", "version");
-- Of a study or of a period report, never both, never neither.
ALTER TABLE "signed_report" ADD CONSTRAINT "signed_report_subject_check" CHECK (num_nonnulls("study_id", "period_report_id") = 1);
