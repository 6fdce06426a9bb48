"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { safeReturnPath } from "@/lib/navigation/return-to";
import ui from "./ui.module.css";
import { ActionButton } from "./ActionButton";

/** `next`: where to go once signed in, already checked to be a path on this site (lib/navigation/return-to.ts). */
export function SignInForm({ next = "/" }: { next?: string }) {
  const t = useTranslations("SignInForm");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
      });
      if (response.ok) {
        window.location.assign(safeReturnPath(next) ?? "/");
        return;
      }
      if (response.status === 429) {
        const wait = response.headers.get("x-retry-after") ?? response.headers.get("retry-after");
        setError(wait ? t("tooManyWait", { seconds: wait }) : t("tooMany"));
      } else if (response.status === 401) {
        setError(t("wrong"));
      } else if (response.status === 403) {
        setError(t("disabled"));
      } else {
        setError(t("failed"));
      }
    } catch {
      setError(t("unreachable"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form method="post" className={`${ui.panel} ${ui.form}`} onSubmit={onSubmit} noValidate>
      <label htmlFor="email">{t("email")}</label>
      <input id="email" name="email" type="email" autoComplete="username" required />
      <label htmlFor="password">{t("password")}</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      {error && (
        <p role="alert" className={ui.error}>
          {error}
        </p>
      )}
      <ActionButton type="submit" disabled={busy}>
        {busy ? t("busy") : t("submit")}
      </ActionButton>
    </form>
  );
}
