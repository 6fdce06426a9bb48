-- The account's language (issue 8 of 8): null follows the browser on pages, English in what is sent.
ALTER TABLE "app_user" ADD COLUMN "locale" TEXT;
ALTER TABLE "app_user" ADD CONSTRAINT "user_locale_known" CHECK ("locale" IS NULL OR "locale" IN ('en', 'ko'));
