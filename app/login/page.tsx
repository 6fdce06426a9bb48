import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LanguageMenu } from "@/components/LanguageMenu";
import { SignInForm } from "@/components/SignInForm";
import { safeReturnPath } from "@/lib/navigation/return-to";
import { viewerFromHeaders } from "@/server/auth/viewer";
import { getRuntime } from "@/server/runtime";
import ui from "@/components/ui.module.css";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("LoginPage");
  return { title: t("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Where to go after signing in: the page that sent the visitor here, if it is a path on this site.
  const raw = (await searchParams).next;
  const next = safeReturnPath(Array.isArray(raw) ? raw[0] : raw) ?? "/";
  if (await viewerFromHeaders(getRuntime().auth, await headers())) redirect(next);
  const t = await getTranslations("LoginPage");
  return (
    <main className={ui.narrow}>
      <h1>{t("heading")}</h1>
      <p className={ui.muted}>{t("intro")}</p>
      <SignInForm next={next} />
      {/* Before sign-in the choice is this browser's (a cookie): the visitor picks a language first. */}
      <p>
        <LanguageMenu signedIn={false} />
      </p>
    </main>
  );
}
