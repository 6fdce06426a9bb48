import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { LiveNight } from "@/components/LiveNight";
import { viewerFromHeaders } from "@/server/auth/viewer";
import { audienceOf } from "@/server/data/access";
import { getSessionDetail } from "@/server/data/sessions";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Night" };

export default async function NightPage({ params }: { params: Promise<{ id: string }> }) {
  const { db, auth } = getRuntime();
  const viewer = await viewerFromHeaders(auth, await headers());
  if (!viewer) redirect("/login");
  const night = await getSessionDetail(db, await audienceOf(db, viewer), (await params).id);
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
      <LiveNight initial={night} />
    </main>
  );
}
