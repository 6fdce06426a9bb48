-- AlterTable: whether SESSION_COMPLETE gave the night its final timeline (then later inferences are
-- kept but not applied). A stat-only SESSION_COMPLETE leaves the night open to late inferences.
ALTER TABLE "sleep_session" ADD COLUMN     "timeline_final" BOOLEAN NOT NULL DEFAULT false;

-- Nights completed before this column existed: final when their SESSION_COMPLETE carried epochs.
UPDATE "sleep_session" s SET "timeline_final" = true
  FROM "sleep_report" r
 WHERE r."session_id" = s."id"
   AND jsonb_typeof(r."session_payload"->'sleep_stages') = 'array'
   AND jsonb_array_length(r."session_payload"->'sleep_stages') > 0;
