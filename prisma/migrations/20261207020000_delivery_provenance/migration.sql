-- How each analysis and report came from Asleep (issue 23 §6): webhook or back-fill, payload version,
-- flat or envelope, and the documented spelling used. Null for rows stored before.
ALTER TABLE "inference" ADD COLUMN "delivery_form" JSONB;
ALTER TABLE "sleep_report" ADD COLUMN "delivery_form" JSONB;
