import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import ui from "@/components/ui.module.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("NotFound");
  return { title: t("title") };
}

// A page that does not exist, or a night or person that is not the viewer's to see (the app answers
// both alike, so as not to tell which): in the app's own dark layout, with the way back.
export default async function NotFound() {
  const t = await getTranslations("NotFound");
  return (
    <main className={ui.narrow}>
      <h1>{t("heading")}</h1>
      <section className={ui.panel}>
        <p>{t("text")}</p>
        <p>
          <Link href="/">{t("back")}</Link>
        </p>
      </section>
    </main>
  );
}
