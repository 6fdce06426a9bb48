-- Alerts raised by the clinic's rules about a patient. One row per cause: the unique key
-- (patient, rule, cause) is what keeps the same alert from being raised twice.
CREATE TYPE "AlertState" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'RESOLVED');

CREATE TABLE "alert" (
    "id" TEXT NOT NULL,
    "patient_id" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "cause_key" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "session_id" TEXT,
    "raised_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "state" "AlertState" NOT NULL DEFAULT 'OPEN',
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" TEXT,
    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "alert_patient_id_rule_cause_key_key" ON "alert"("patient_id", "rule", "cause_key");
CREATE INDEX "alert_patient_id_state_idx" ON "alert"("patient_id", "state");
CREATE INDEX "alert_state_raised_at_idx" ON "alert"("state", "raised_at");

ALTER TABLE "alert" ADD CONSTRAINT "alert_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Who viewed or exported which patient's data, and when. The viewer's e-mail and role are copied so
-- the entry still reads after their account is gone.
CREATE TABLE "access_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "viewer_id" TEXT,
    "viewer_email" TEXT NOT NULL,
    "viewer_role" TEXT NOT NULL,
    "asleep_user_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    CONSTRAINT "access_log_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "access_log_asleep_user_id_at_idx" ON "access_log"("asleep_user_id", "at");
CREATE INDEX "access_log_at_idx" ON "access_log"("at");
