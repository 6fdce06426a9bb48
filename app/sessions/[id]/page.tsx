import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LiveNight } from "@/components/LiveNight";
import { getSessionDetail } from "@/server/data/sessions";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Night" };

export default async function NightPage({ params }: { params: Promise<{ id: string }> }) {
  const { viewer, audience } = await viewerForPage();
  const night = await getSessionDetail(getRuntime().db, audience, (await params).id);
  if (!night) notFound();
  return (
    <main>
      <p>
        <Link href="/">← All nights</Link>
      </p>
      <h1>
        Night {night.id}
        {viewer.role !== "patient" && <span className="muted"> · Asleep user {night.userId}</span>}
      </h1>
      <LiveNight initial={night} renderedAt={new Date().toISOString()} />
    </main>
  );
}
