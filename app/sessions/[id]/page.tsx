import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { LiveNight } from "@/components/LiveNight";
import { Notes } from "@/components/Notes";
import { NightTags } from "@/components/NightTags";
import { nightResource } from "@/lib/access/resource";
import { pageSegment } from "@/lib/paths";
import { nightName } from "@/lib/time/night";
import { recordAccess } from "@/server/data/access-log";
import { notesOfNight } from "@/server/data/notes";
import { getSessionDetail, sleeperName } from "@/server/data/sessions";
import { nightTags } from "@/server/data/tags";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

// Read once per request for both the <title> and the page. The segment comes still percent-encoded.
const loadNight = cache(async (segment: string) => {
  const { viewer, audience } = await viewerForPage();
  const id = pageSegment(segment);
  return { viewer, audience, night: id === null ? null : await getSessionDetail(getRuntime().db, audience, id) };
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { night } = await loadNight((await params).id);
  // The server cannot know the viewer's zone: a night of no known zone is titled in UTC, labelled so.
  return { title: night ? nightName({ ...night, open: night.state === "OPEN" }, night.zone?.name ?? "UTC") : "Night" };
}

export default async function NightPage({ params }: { params: Promise<{ id: string }> }) {
  const { viewer, audience, night } = await loadNight((await params).id);
  if (!night) notFound();
  const { db } = getRuntime();
  const [notes, tags] = await Promise.all([
    notesOfNight(db, viewer, audience, night.id),
    nightTags(db, viewer, audience, night.id),
    recordAccess(db, viewer, { asleepUserId: night.userId, action: "view", resource: nightResource({ ...night, open: night.state === "OPEN" }, night.zone?.name ?? "UTC", night.id) }),
  ]);
  // Clinicians and admins see whose night it is; a sleeper knows.
  const sleeper = viewer.role === "patient" ? undefined : `${(await sleeperName(getRuntime().db, night.userId)) ?? "No account"} (Asleep user ${night.userId})`;
  return (
    <main>
      <p className="no-print">
        <Link href="/">← All nights</Link>
      </p>
      {/* On paper the page says whose night it is, to the sleeper too (the title has the date, the zone note the zone). */}
      <p className="print-only" data-testid="print-patient">
        Patient: {sleeper ?? viewer.name}
      </p>
      <LiveNight initial={night} renderedAt={new Date().toISOString()} sleeper={sleeper} />
      {/* A sleeper sees the panel only when their clinician has shared a note on this night. */}
      {notes && (viewer.role !== "patient" || notes.length > 0) && (
        <Notes initial={notes} postUrl={`/api/sessions/${encodeURIComponent(night.id)}/notes`} canWrite={viewer.role !== "patient"} title={viewer.role === "patient" ? "From your clinician" : "Notes on this night"} />
      )}
      {tags && (
        <div className="panel">
          <NightTags initial={tags} />
        </div>
      )}
    </main>
  );
}
