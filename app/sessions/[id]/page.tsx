import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { cache } from "react";
import { LiveNight } from "@/components/LiveNight";
import { Notes } from "@/components/Notes";
import { ClinicianTimeTimer } from "@/components/ClinicianTimeTimer";
import { NightTags } from "@/components/NightTags";
import { nightResource } from "@/lib/access/resource";
import { isLocale } from "@/lib/i18n/locales";
import { pageSegment } from "@/lib/paths";
import { nightName } from "@/lib/time/night";
import { recordAccess } from "@/server/data/access-log";
import { NOTES_PAGE_SIZE, notesOfNight } from "@/server/data/notes";
import { getSessionDetail, sleeperName } from "@/server/data/sessions";
import { nightTags } from "@/server/data/tags";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import ui from "@/components/ui.module.css";

export const dynamic = "force-dynamic";

// Read once per request for both the <title> and the page. The segment comes still percent-encoded.
const loadNight = cache(async (segment: string) => {
  const { viewer, audience } = await viewerForPage();
  const id = pageSegment(segment);
  return { viewer, audience, night: id === null ? null : await getSessionDetail(getRuntime().db, audience, id) };
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { night } = await loadNight((await params).id);
  const [t, naming, locale] = await Promise.all([getTranslations("NightPage"), getTranslations("NightName"), getLocale()]);
  // The server cannot know the viewer's zone: a night of no known zone is titled in UTC, labelled so.
  return { title: night ? nightName({ ...night, open: night.state === "OPEN" }, night.zone?.name ?? "UTC", isLocale(locale) ? locale : "en", naming) : t("title") };
}

export default async function NightPage({ params }: { params: Promise<{ id: string }> }) {
  const { viewer, audience, night } = await loadNight((await params).id);
  if (!night) notFound();
  const t = await getTranslations("NightPage");
  const { db } = getRuntime();
  const [notes, tags] = await Promise.all([
    notesOfNight(db, viewer, audience, night.id, { limit: NOTES_PAGE_SIZE }),
    nightTags(db, viewer, audience, night.id),
    recordAccess(db, viewer, { asleepUserId: night.userId, action: "view", resource: nightResource({ ...night, open: night.state === "OPEN" }, night.zone?.name ?? "UTC", night.id) }),
  ]);
  // Clinicians and admins see whose night it is; a sleeper knows.
  const accountName = viewer.role === "patient" ? null : await sleeperName(getRuntime().db, night.userId);
  const sleeper = viewer.role === "patient" ? undefined : t("sleeper", { name: accountName ?? t("noAccount"), id: night.userId });
  return (
    <main>
      <p className={ui.noPrint}>
        <Link href="/">{t("back")}</Link>
      </p>
      {/* On paper the page says whose night it is, to the sleeper too (the title has the date, the zone note the zone). */}
      <p className={ui.printOnly} data-testid="print-patient">
        {t("patient", { name: sleeper ?? viewer.name })}
      </p>
      {/* The sleeper's page shows no delivery details (plain words): they are not sent to it either. */}
      <LiveNight initial={viewer.role === "patient" ? { ...night, provenance: { ...night.provenance, forms: [] } } : night} renderedAt={new Date().toISOString()} sleeper={sleeper} />
      {/* Time on the patient counts while a clinician works on their night (the sleeper's own page has no timer). */}
      {viewer.role !== "patient" && accountName !== null && (
        <div className={`${ui.panel} ${ui.noPrint}`}>
          <ClinicianTimeTimer asleepUserId={night.userId} zone={night.zone?.name ?? "UTC"} where="night page" />
        </div>
      )}
      {/* A sleeper sees the panel only when their clinician has shared a note on this night. */}
      {notes && (viewer.role !== "patient" || notes.notes.length > 0) && (
        <Notes
          initial={notes.notes}
          nextCursor={notes.nextCursor}
          postUrl={`/api/sessions/${encodeURIComponent(night.id)}/notes`}
          canWrite={viewer.role !== "patient"}
          title={viewer.role === "patient" ? t("fromClinician") : t("notesOnNight")}
        />
      )}
      {tags && (
        <div className={ui.panel}>
          <NightTags initial={tags} />
        </div>
      )}
    </main>
  );
}
