import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/SignInForm";
import { viewerFromHeaders } from "@/server/auth/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage() {
  if (await viewerFromHeaders(getRuntime().auth, await headers())) redirect("/");
  return (
    <main className="narrow">
      <h1>Sleep dashboard</h1>
      <p className="muted">Sign in to see your nights, or your patients&apos;.</p>
      <SignInForm />
    </main>
  );
}
