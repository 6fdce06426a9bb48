-- Alert evaluation made durable with the night: every change the alert rules should see (a
-- night completed or closed as Incomplete, or the timeline of a closed night changed) adds one to
-- alert_changes in the same statement or transaction that stores the change. The evaluation, once it has
-- raised what it found, sets alert_changes_evaluated to the count it read. A night whose count is ahead
-- is owed an evaluation: after a crash the alert service finds it here and evaluates it (server/alerts/).
-- Both only grow, so an evaluation that read an older count never marks a newer change as done.
ALTER TABLE "sleep_session" ADD COLUMN "alert_changes" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "sleep_session" ADD COLUMN "alert_changes_evaluated" INTEGER NOT NULL DEFAULT 0;
-- Only the nights owed an evaluation (a handful, or none): the sweep reads them without a scan.
CREATE INDEX "sleep_session_alerts_owed_idx" ON "sleep_session" ("updated_at") WHERE "alert_changes" > "alert_changes_evaluated";

-- An alert stored whose announcement (live, e-mail, outbound) has not run to its end: set when it is
-- raised, cleared once announced. A crash in between leaves it set, and the sweep announces it then.
ALTER TABLE "alert" ADD COLUMN "announce_pending" BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX "alert_announce_pending_idx" ON "alert" ("raised_at") WHERE "announce_pending";
