-- The sleeper's morning sleep diary (Consensus Sleep Diary core items), one per sleeper per night (lib/sleep/diary.ts).
CREATE TABLE "sleep_diary" (
    "asleep_user_id" TEXT NOT NULL,
    "night" DATE NOT NULL,
    "zone" TEXT NOT NULL,
    "into_bed" TIMESTAMPTZ(3) NOT NULL,
    "tried_to_sleep" TIMESTAMPTZ(3) NOT NULL,
    "sleep_onset_minutes" INTEGER NOT NULL,
    "awakenings" INTEGER NOT NULL,
    "awake_minutes" INTEGER NOT NULL,
    "final_awakening" TIMESTAMPTZ(3) NOT NULL,
    "out_of_bed" TIMESTAMPTZ(3) NOT NULL,
    "quality" INTEGER NOT NULL,
    "rested" INTEGER NOT NULL,
    "comments" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sleep_diary_pkey" PRIMARY KEY ("asleep_user_id", "night"),
    CONSTRAINT "sleep_diary_order_check" CHECK ("into_bed" <= "tried_to_sleep" AND "tried_to_sleep" <= "final_awakening" AND "final_awakening" <= "out_of_bed"),
    CONSTRAINT "sleep_diary_scales_check" CHECK ("quality" BETWEEN 1 AND 5 AND "rested" BETWEEN 1 AND 5 AND "sleep_onset_minutes" >= 0 AND "awakenings" >= 0 AND "awake_minutes" >= 0)
);
