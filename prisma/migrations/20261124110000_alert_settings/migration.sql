-- The clinic's alert rules (scope 'clinic': thresholds and the adherence rule) and a patient's overrides
-- (scope = the patient's app_user id: only the thresholds given). Thresholds are JSON, validated by the
-- app (server/data/alert-settings.ts), so a new rule needs no migration.
CREATE TABLE "alert_settings" (
    "scope" TEXT NOT NULL,
    "patient_id" TEXT,
    "thresholds" JSONB NOT NULL DEFAULT '{}',
    "adherence_rule" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT,
    CONSTRAINT "alert_settings_pkey" PRIMARY KEY ("scope")
);

CREATE UNIQUE INDEX "alert_settings_patient_id_key" ON "alert_settings"("patient_id");

ALTER TABLE "alert_settings" ADD CONSTRAINT "alert_settings_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- How a clinician or admin hears of alerts by e-mail: 'off', 'immediate' (one e-mail per alert) or
-- 'digest' (one e-mail a day listing the day's alerts). Only when SMTP_URL is set.
ALTER TABLE "app_user" ADD COLUMN "alert_email" TEXT NOT NULL DEFAULT 'off';
