-- A patient enrolment date: no window (adherence, no data for N nights, averages) reaches before it.
-- A calendar day, not an instant: windows are counted in days. Accounts made by the app set it to the
-- day of creation in the zone of the account. The default here (today for the database) covers rows
-- written straight into the table. Existing accounts get the UTC day they were made, which a clinician
-- or admin can change.
ALTER TABLE "app_user" ADD COLUMN "enrolled_on" DATE NOT NULL DEFAULT CURRENT_DATE;
UPDATE "app_user" SET "enrolled_on" = ("created_at" AT TIME ZONE 'UTC')::date;
