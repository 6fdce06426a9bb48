-- Alerts a team can work through (issue 24 §2): the period an alert is about (when not one night), the
-- comment left on acknowledging or resolving it, and who is to deal with it by when.
ALTER TABLE "alert" ADD COLUMN "period_from" TEXT;
ALTER TABLE "alert" ADD COLUMN "period_to" TEXT;
ALTER TABLE "alert" ADD COLUMN "acknowledged_comment" TEXT;
ALTER TABLE "alert" ADD COLUMN "resolved_comment" TEXT;
ALTER TABLE "alert" ADD COLUMN "assignee_id" TEXT;
ALTER TABLE "alert" ADD COLUMN "due_on" TEXT;
ALTER TABLE "alert" ADD COLUMN "assigned_by" TEXT;
ALTER TABLE "alert" ADD CONSTRAINT "alert_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "alert_assignee_id_state_idx" ON "alert"("assignee_id", "state");

-- The period of a no-data alert raised before: from the first day without a night to the day before it was
-- raised (an older adherence alert keeps only its patient: its window's length was the rule's then).
UPDATE "alert" SET "period_from" = substr("cause_key", 7), "period_to" = to_char(("raised_at" AT TIME ZONE 'UTC')::date - 1, 'YYYY-MM-DD')
 WHERE "rule" = 'no-data' AND "cause_key" LIKE 'since:%';
