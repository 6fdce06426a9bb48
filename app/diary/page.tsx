import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { dayText } from "@/lib/time/day-words";
import { DiaryForm } from "@/components/DiaryForm";
import { isLocale } from "@/lib/i18n/locales";
import { diaryMorningOf } from "@/lib/sleep/diary";
import { zoneLabel } from "@/lib/time/zone";
import { diaryApiPath } from "@/lib/paths";
import { todaysDiary } from "@/server/data/diary";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import ui from "@/components/ui.module.css";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("DiaryPage");
  return { title: t("title") };
}

// The sleeper's morning diary for the night that ended this morning (lib/sleep/diary.ts): filled in
// once, changed until the end of the day in their zone. Only a sleeper has one.
export default async function DiaryPage() {
  const { db } = getRuntime();
  const { viewer, audience } = await viewerForPage();
  if (viewer.role !== "patient" || !viewer.asleepUserId) notFound();
  const today = await todaysDiary(db, viewer, audience, viewer.asleepUserId);
  if (!today) notFound();
  const t = await getTranslations("DiaryPage");
  const pageLocale = await getLocale();
  const locale = isLocale(pageLocale) ? pageLocale : "en";
  const zone = zoneLabel(today.zone);
  const night = dayText(today.night, locale);
  const morning = dayText(diaryMorningOf(today.night), locale);
  return (
    <main>
      <h1>{t("title")}</h1>
      <section className={ui.panel} aria-labelledby="diary-heading">
        <h2 id="diary-heading">{t("heading", { night })}</h2>
        <p className={ui.muted} data-testid="diary-window">
          {today.entry ? t("window.filledIn", { morning, zone }) : t("window.open", { morning, zone })}
        </p>
        <DiaryForm endpoint={diaryApiPath(viewer.asleepUserId, today.night)} entry={today.entry} night={today.night} timeZone={today.zone} nightLabel={night} morningLabel={morning} zone={zone} />
      </section>
    </main>
  );
}
