import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ResetPasswordForm } from "@/components/ResetPasswordForm";
import ui from "@/components/ui.module.css";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("ResetPasswordPage");
  return { title: t("title") };
}

// Where a one-time reset link an admin issued leads (no sign-in needed: the link's token is the key).
// better-auth's own /api/auth/reset-password checks the token's expiry and consumes it.
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 256) ?? "";
  const t = await getTranslations("ResetPasswordPage");
  return (
    <main className={ui.narrow}>
      <h1>{t("heading")}</h1>
      {token ? <ResetPasswordForm token={token} /> : <p role="alert">{t("incomplete")}</p>}
    </main>
  );
}
