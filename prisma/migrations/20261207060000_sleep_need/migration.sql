-- A sleeper's own nightly sleep need, in minutes, for their sleep debt (null: the default, 8 hours).
ALTER TABLE "app_user" ADD COLUMN "sleep_need_minutes" INTEGER;
