import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DiaryForm } from "@/components/DiaryForm";
import { dayLabel } from "@/lib/time/day";
import { diaryMorningOf } from "@/lib/sleep/diary";
import { zoneLabel } from "@/lib/time/zone";
import { diaryApiPath } from "@/lib/paths";
import { todaysDiary } from "@/server/data/diary";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import ui from "@/components/ui.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sleep diary" };

// The sleeper's morning diary for the night that ended this morning (lib/sleep/diary.ts): filled in
// once, changed until the end of the day in their zone. Only a sleeper has one.
export default async function DiaryPage() {
  const { db } = getRuntime();
  const { viewer, audience } = await viewerForPage();
  if (viewer.role !== "patient" || !viewer.asleepUserId) notFound();
  const today = await todaysDiary(db, viewer, audience, viewer.asleepUserId);
  if (!today) notFound();
  const zone = zoneLabel(today.zone);
  const morning = dayLabel(diaryMorningOf(today.night));
  return (
    <main>
      <h1>Sleep diary</h1>
      <section className={ui.panel} aria-labelledby="diary-heading">
        <h2 id="diary-heading">The night of {dayLabel(today.night)}</h2>
        <p className={ui.muted} data-testid="diary-window">
          {today.entry ? "Filled in. " : ""}You can fill it in or change it until midnight at the end of {morning} ({zone}).
        </p>
        <DiaryForm endpoint={diaryApiPath(viewer.asleepUserId, today.night)} entry={today.entry} nightLabel={dayLabel(today.night)} morningLabel={morning} zone={zone} />
      </section>
    </main>
  );
}
