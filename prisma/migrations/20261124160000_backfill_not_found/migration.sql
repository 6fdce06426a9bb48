-- Asleep answered the back-fill "no such session" (404) when last asked: it was reached, and has no
-- record of the rest of the night, which is not the same as Asleep being unreachable.
ALTER TABLE "sleep_session" ADD COLUMN "backfill_not_found" BOOLEAN NOT NULL DEFAULT false;
