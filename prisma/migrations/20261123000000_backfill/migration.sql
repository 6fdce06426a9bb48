-- AlterTable
ALTER TABLE "sleep_session" ADD COLUMN     "backfill_attempted_at" TIMESTAMPTZ(3),
ADD COLUMN     "backfill_failures" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "inference" ADD COLUMN     "backfilled" BOOLEAN NOT NULL DEFAULT false;

