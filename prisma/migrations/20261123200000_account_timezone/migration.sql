-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "timezone" TEXT;
