"use client";

import { useTranslations } from "next-intl";
import ui from "./ui.module.css";
import { ActionButton } from "./ActionButton";

export function SignOutButton() {
  const t = useTranslations("SignOutButton");
  async function signOut() {
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    window.location.assign("/login");
  }
  return (
    <ActionButton type="button" className={ui.linkButton} onClick={signOut}>
      {t("signOut")}
    </ActionButton>
  );
}
