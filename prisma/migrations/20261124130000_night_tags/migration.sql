-- Tags a sleeper puts on their own night (caffeine, alcohol, their own words), to compare nights
-- with and without each. One row per night and tag: the unique key keeps a tag from being added twice.
-- added_by is the account that tagged it, kept as text so a tag still reads if that account is gone.
CREATE TABLE "night_tag" (
    "session_id" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "added_by" TEXT,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "night_tag_pkey" PRIMARY KEY ("session_id", "tag")
);

CREATE INDEX "night_tag_tag_idx" ON "night_tag"("tag");

ALTER TABLE "night_tag" ADD CONSTRAINT "night_tag_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sleep_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
