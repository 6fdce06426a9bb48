-- The clinician board at clinic scale: it sorts and filters thousands of patients by last night's
-- total sleep and by adherence over 30 days, in one query. Counting the sleep epochs of every night
-- on every read would scan each night's whole hypnogram, so the count is kept beside the hypnogram,
-- computed by PostgreSQL whenever the stages change (light, deep and REM are sleep, as lib/sleep/stages.ts says).
-- array_positions runs in C, far cheaper than unnest on every write of a night.
CREATE FUNCTION "sleep_epoch_count"(stages SMALLINT[]) RETURNS INTEGER
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(cardinality(array_positions(stages, 1::smallint)) + cardinality(array_positions(stages, 2::smallint)) + cardinality(array_positions(stages, 3::smallint)), 0) $$;

ALTER TABLE "sleep_session" ADD COLUMN "sleep_epochs" INTEGER GENERATED ALWAYS AS ("sleep_epoch_count"("sleep_stages")) STORED;
-- Epochs in the hypnogram (time in bed ÷ 30 s), for efficiency, kept the same way.
ALTER TABLE "sleep_session" ADD COLUMN "epoch_count" INTEGER GENERATED ALWAYS AS (cardinality("sleep_stages")) STORED;

-- Each patient's newest night of a state (the board's tonight and last night, and its "no data" test),
-- and the nights of an adherence window: an index walk per patient, and what adherence reads is in the
-- index itself, so the wide rows (whole hypnograms) are not visited.
CREATE INDEX "sleep_session_user_id_start_time_idx" ON "sleep_session"("user_id", "start_time" DESC NULLS LAST) INCLUDE ("state", "sleep_epochs", "epoch_count", "timezone", "end_time", "id");
