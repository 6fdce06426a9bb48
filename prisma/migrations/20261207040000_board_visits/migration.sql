-- The clinician's visits to the board: "new since your last visit" (issue 24 §1).
ALTER TABLE "app_user" ADD COLUMN "board_read_at" TIMESTAMPTZ(3);
ALTER TABLE "app_user" ADD COLUMN "board_last_visit_at" TIMESTAMPTZ(3);
