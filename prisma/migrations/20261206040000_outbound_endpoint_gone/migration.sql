-- Why and when the app turned an endpoint off by itself (its receiver answered 410 Gone, which
-- Standard Webhooks reads as "stop sending"), shown to admins until one turns it on or off again.
ALTER TABLE "outbound_endpoint" ADD COLUMN "disabled_reason" TEXT;
ALTER TABLE "outbound_endpoint" ADD COLUMN "disabled_at" TIMESTAMPTZ(3);
