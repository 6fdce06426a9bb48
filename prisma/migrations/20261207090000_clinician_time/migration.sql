-- Minutes clinicians spent on a patient's remote monitoring, entered by hand (docs/BILLING.md).
CREATE TABLE "clinician_time" (
    "id" TEXT NOT NULL,
    "asleep_user_id" TEXT NOT NULL,
    "clinician_id" TEXT,
    "clinician_name" TEXT NOT NULL,
    "clinician_email" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "minutes" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "interactive_contact" BOOLEAN NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "clinician_time_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "clinician_time_minutes_check" CHECK ("minutes" BETWEEN 1 AND 480)
);
CREATE INDEX "clinician_time_asleep_user_id_day_idx" ON "clinician_time"("asleep_user_id", "day");
