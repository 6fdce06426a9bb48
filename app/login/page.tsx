import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/SignInForm";
import { safeReturnPath } from "@/lib/navigation/return-to";
import { viewerFromHeaders } from "@/server/auth/viewer";
import { getRuntime } from "@/server/runtime";
import ui from "@/components/ui.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Where to go after signing in: the page that sent the visitor here, if it is a path on this site.
  const raw = (await searchParams).next;
  const next = safeReturnPath(Array.isArray(raw) ? raw[0] : raw) ?? "/";
  if (await viewerFromHeaders(getRuntime().auth, await headers())) redirect(next);
  return (
    <main className={ui.narrow}>
      <h1>Sleep dashboard</h1>
      <p className={ui.muted}>Sign in to see your nights, or your patients&apos;.</p>
      <SignInForm next={next} />
    </main>
  );
}
