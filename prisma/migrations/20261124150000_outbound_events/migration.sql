-- Outbound events (server/outbound/): endpoints an admin registered, the events the app raised, and
-- one delivery per (event, endpoint) with its attempts. The delivery rows are the durable record of
-- what is still owed: a job in the queue only wakes the sender.
CREATE TYPE "OutboundDeliveryStatus" AS ENUM ('PENDING', 'SENDING', 'DELIVERED', 'FAILED');

CREATE TABLE "outbound_endpoint" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "events" TEXT[] NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "secret" TEXT NOT NULL,
    "previous_secret" TEXT,
    "previous_secret_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "outbound_endpoint_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "outbound_event" (
    "id" BIGSERIAL NOT NULL,
    "message_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "order_key" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "outbound_event_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "outbound_event_message_id_key" ON "outbound_event"("message_id");
CREATE INDEX "outbound_event_created_at_idx" ON "outbound_event"("created_at");

-- One attempt chain per (event, endpoint). order_key is copied from the event so the in-order rule
-- (nothing for a night goes before the night's earlier deliveries are settled) is one index lookup.
CREATE TABLE "outbound_delivery" (
    "id" BIGSERIAL NOT NULL,
    "event_id" BIGINT NOT NULL,
    "endpoint_id" TEXT NOT NULL,
    "order_key" TEXT NOT NULL,
    "status" "OutboundDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_until" TIMESTAMPTZ(3),
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_status" INTEGER,
    "last_response" TEXT,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "replay_of" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "outbound_delivery_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "outbound_delivery_endpoint_id_order_key_id_idx" ON "outbound_delivery"("endpoint_id", "order_key", "id");
CREATE INDEX "outbound_delivery_status_next_attempt_at_idx" ON "outbound_delivery"("status", "next_attempt_at");
CREATE INDEX "outbound_delivery_created_at_idx" ON "outbound_delivery"("created_at");

ALTER TABLE "outbound_delivery" ADD CONSTRAINT "outbound_delivery_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "outbound_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "outbound_delivery" ADD CONSTRAINT "outbound_delivery_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "outbound_endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What outbound events a night has had: compared with the night as stored, it says which are owed.
-- Nights stored before this migration count as announced, so registering an endpoint later does not
-- replay the past.
CREATE TABLE "outbound_night" (
    "session_id" TEXT NOT NULL,
    "started" BOOLEAN NOT NULL DEFAULT false,
    "stage" SMALLINT,
    "stage_at" TIMESTAMPTZ(3),
    "completed" BOOLEAN NOT NULL DEFAULT false,
    "incomplete" BOOLEAN NOT NULL DEFAULT false,
    "seen_updated_at" TIMESTAMPTZ(3),
    CONSTRAINT "outbound_night_pkey" PRIMARY KEY ("session_id")
);

INSERT INTO "outbound_night" ("session_id", "started", "completed", "incomplete", "seen_updated_at")
SELECT "id", true, "state" = 'COMPLETE', "state" = 'INCOMPLETE', "updated_at" FROM "sleep_session";

-- Alerts announced as alert.raised, written in the same transaction as the event: an alert is
-- announced once, and one whose announcement never ran is found by the sweep. Alerts raised before
-- this migration count as announced.
CREATE TABLE "outbound_alert" (
    "alert_id" TEXT NOT NULL,
    "announced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "outbound_alert_pkey" PRIMARY KEY ("alert_id")
);

INSERT INTO "outbound_alert" ("alert_id") SELECT "id" FROM "alert";
