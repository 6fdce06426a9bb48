-- A night silent far longer than its cadence, that the back-fill could not complete, is closed as
-- INCOMPLETE (a partial report from what arrived). A late SESSION_COMPLETE still completes it.
ALTER TYPE "SessionState" ADD VALUE 'INCOMPLETE';

-- AlterTable: why it was closed (ASLEEP_UNREACHABLE or NOTHING_MORE), and since when Asleep's REST API
-- has failed for this night (null while it answers), for an honest stale note.
ALTER TABLE "sleep_session" ADD COLUMN     "incomplete_reason" TEXT,
ADD COLUMN     "backfill_failing_since" TIMESTAMPTZ(3);
