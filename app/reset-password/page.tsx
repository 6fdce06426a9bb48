import type { Metadata } from "next";
import { ResetPasswordForm } from "@/components/ResetPasswordForm";
import ui from "@/components/ui.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Choose a new password" };

// Where a one-time reset link an admin issued leads (no sign-in needed: the link's token is the key).
// better-auth's own /api/auth/reset-password checks the token's expiry and consumes it.
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 256) ?? "";
  return (
    <main className={ui.narrow}>
      <h1>Choose a new password</h1>
      {token ? <ResetPasswordForm token={token} /> : <p role="alert">This link is incomplete: ask your clinic&apos;s administrator for a new one.</p>}
    </main>
  );
}
