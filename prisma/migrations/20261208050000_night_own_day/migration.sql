-- The board's adherence at clinic scale: each night's day (noon to noon, lib/sleep/adherence.ts nightOf)
-- in its own zone, kept on the night by PostgreSQL in the statement that writes its start or zone (so it
-- is exact whatever order deliveries come in, replayed or not), and indexed by patient and day: a
-- window's adherent days are then an index-only range count, instead of dating every night of every
-- patient's window on each read (2,000 patients × 33 nights: most of the sort by adherence's time).
--
-- A night whose own zone the pages do not read is dated at read time in the best zone known (the
-- account's, else the newest night's: lib/time/night.ts bestZone), which can change: own_day is NULL then.

-- The zone names (lower case) both PostgreSQL and the pages read as they are: server/data/zones.ts
-- zonesTheDatabaseReads, written here by the app when it starts (syncReadableZones), which dates again
-- the nights of any name that came or went. Empty until then: every night is dated at read time.
CREATE TABLE "readable_zone" (
    "name" TEXT NOT NULL,
    CONSTRAINT "readable_zone_pkey" PRIMARY KEY ("name")
);

-- server/data/board.ts localTime and nightDay, for the night's own zone only, NULL when it has none
-- readable. Kept in step with them: test/board-adherence.test.ts compares the board with nightOf.
CREATE FUNCTION "night_own_day"(ts TIMESTAMPTZ, tz TEXT) RETURNS DATE
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  SELECT ((CASE
    WHEN lower(tz) IN ('z', 'utc', 'gmt', 'etc/utc', 'etc/gmt', 'utc+0', 'utc-0', 'gmt+0', 'gmt-0') THEN ts AT TIME ZONE 'UTC'
    WHEN tz ~* '^(?:(?:utc|gmt)\s*)?([+\-−])([0-9]{1,2})(?::?([0-9]{2}))?$'
         AND (regexp_match(tz, '^(?:(?:utc|gmt)\s*)?([+\-−])([0-9]{1,2})(?::?([0-9]{2}))?$', 'i'))[2]::int <= 14
         AND coalesce((regexp_match(tz, '^(?:(?:utc|gmt)\s*)?([+\-−])([0-9]{1,2})(?::?([0-9]{2}))?$', 'i'))[3], '0')::int <= 59
      THEN (ts AT TIME ZONE 'UTC') + make_interval(mins => (CASE WHEN (regexp_match(tz, '^(?:(?:utc|gmt)\s*)?([+\-−])([0-9]{1,2})(?::?([0-9]{2}))?$', 'i'))[1] = '+' THEN 1 ELSE -1 END)
           * ((regexp_match(tz, '^(?:(?:utc|gmt)\s*)?([+\-−])([0-9]{1,2})(?::?([0-9]{2}))?$', 'i'))[2]::int * 60
              + coalesce((regexp_match(tz, '^(?:(?:utc|gmt)\s*)?([+\-−])([0-9]{1,2})(?::?([0-9]{2}))?$', 'i'))[3], '0')::int))
    -- A name: the table's own spelling is what is handed to AT TIME ZONE, so a name PostgreSQL cannot
    -- read is never (PGlite folds a function's constant arguments, and would fail on it).
    ELSE (SELECT ts AT TIME ZONE r.name FROM readable_zone r WHERE r.name = lower(tz))
  END) - interval '12 hours')::date
$$;

ALTER TABLE "sleep_session" ADD COLUMN "own_day" DATE;

-- The body's semicolons are written \073: the migration runs through the driver adapter, which splits a
-- script at every semicolon.
CREATE FUNCTION "sleep_session_own_day"() RETURNS TRIGGER
    LANGUAGE plpgsql
    AS E'BEGIN NEW."own_day" := "night_own_day"(NEW."start_time", NEW."timezone")\073 RETURN NEW\073 END';

CREATE TRIGGER "sleep_session_own_day_insert" BEFORE INSERT ON "sleep_session"
    FOR EACH ROW EXECUTE FUNCTION "sleep_session_own_day"();
CREATE TRIGGER "sleep_session_own_day_update" BEFORE UPDATE OF "start_time", "timezone" ON "sleep_session"
    FOR EACH ROW WHEN (NEW."start_time" IS DISTINCT FROM OLD."start_time" OR NEW."timezone" IS DISTINCT FROM OLD."timezone")
    EXECUTE FUNCTION "sleep_session_own_day"();

-- The ended nights of a patient by day, with what adherence reads: a window is an index-only range.
CREATE INDEX "sleep_session_user_id_own_day_idx" ON "sleep_session"("user_id", "own_day") INCLUDE ("sleep_epochs")
    WHERE "state" IN ('COMPLETE', 'INCOMPLETE') AND "own_day" IS NOT NULL;
-- The few ended nights dated at read time.
CREATE INDEX "sleep_session_user_id_undated_idx" ON "sleep_session"("user_id", "start_time")
    WHERE "state" IN ('COMPLETE', 'INCOMPLETE') AND "own_day" IS NULL;
