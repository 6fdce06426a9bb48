-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "SessionState" AS ENUM ('OPEN', 'COMPLETE');

-- CreateEnum
CREATE TYPE "DeliveryOutcome" AS ENUM ('STORED', 'DUPLICATE', 'LATE', 'IGNORED');

-- CreateTable
CREATE TABLE "sleep_session" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "state" "SessionState" NOT NULL DEFAULT 'OPEN',
    "start_time" TIMESTAMPTZ(3),
    "start_time_estimated" BOOLEAN NOT NULL DEFAULT true,
    "end_time" TIMESTAMPTZ(3),
    "timezone" TEXT,
    "sleep_stages" SMALLINT[],
    "snoring_stages" SMALLINT[],
    "epoch_source_seq" INTEGER[],
    "last_inference_seq_num" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sleep_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inference" (
    "id" BIGSERIAL NOT NULL,
    "session_id" TEXT NOT NULL,
    "inference_seq_num" INTEGER NOT NULL,
    "seq_num" INTEGER,
    "first_epoch" INTEGER NOT NULL,
    "sleep_stages" SMALLINT[],
    "snoring_stages" SMALLINT[],
    "breath_stages" SMALLINT[],
    "window_start" TIMESTAMPTZ(3),
    "window_end" TIMESTAMPTZ(3),
    "applied" BOOLEAN NOT NULL DEFAULT true,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sleep_report" (
    "session_id" TEXT NOT NULL,
    "stat" JSONB,
    "peculiarities" TEXT[],
    "missing_data_ratio" DOUBLE PRECISION,
    "session_payload" JSONB,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sleep_report_pkey" PRIMARY KEY ("session_id")
);

-- CreateTable
CREATE TABLE "webhook_delivery" (
    "id" BIGSERIAL NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "request_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "version" TEXT,
    "session_id" TEXT,
    "user_id" TEXT,
    "inference_seq_num" INTEGER,
    "outcome" "DeliveryOutcome" NOT NULL,
    "body" JSONB NOT NULL,

    CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sleep_session_user_id_created_at_idx" ON "sleep_session"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "sleep_session_state_updated_at_idx" ON "sleep_session"("state", "updated_at");

-- CreateIndex
CREATE UNIQUE INDEX "inference_session_id_inference_seq_num_key" ON "inference"("session_id", "inference_seq_num");

-- CreateIndex
CREATE INDEX "webhook_delivery_session_id_received_at_idx" ON "webhook_delivery"("session_id", "received_at");

-- CreateIndex
CREATE INDEX "webhook_delivery_user_id_received_at_idx" ON "webhook_delivery"("user_id", "received_at");

-- AddForeignKey
ALTER TABLE "inference" ADD CONSTRAINT "inference_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sleep_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sleep_report" ADD CONSTRAINT "sleep_report_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sleep_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

