"use client";

// A new password through a one-time reset link: better-auth's /api/auth/reset-password takes the
// token once; an expired or used link is said plainly.

import { useTranslations } from "next-intl";
import { useState } from "react";
import ui from "./ui.module.css";
import { ActionButton } from "./ActionButton";

export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("ResetPasswordForm");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    if (password.length < 10) return setError(t("tooShort"));
    if (password !== again) return setError(t("differ"));
    setBusy(true);
    try {
      const response = await fetch("/api/auth/reset-password", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ newPassword: password, token }) });
      if (response.ok) return setDone(true);
      const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
      // better-auth's own message (English) for any other refusal it explains; ours when it explains none.
      setError(body.code === "INVALID_TOKEN" ? t("expired") : (body.message ?? t("notSet", { status: response.status })));
    } catch {
      setError(t("unreachable"));
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <p role="status" className={ui.panel}>
        {t.rich("done", { link: (chunks) => <a href="/login">{chunks}</a> })}
      </p>
    );
  }
  return (
    <form method="post" className={`${ui.panel} ${ui.form}`} onSubmit={onSubmit} noValidate>
      <label htmlFor="new-password">{t("newPassword")}</label>
      <input id="new-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={10} maxLength={256} />
      <label htmlFor="new-password-again">{t("again")}</label>
      <input id="new-password-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required minLength={10} maxLength={256} />
      <ActionButton type="submit" disabled={busy}>
        {t("submit")}
      </ActionButton>
      {error && (
        <p role="alert" className={ui.error}>
          {error}
        </p>
      )}
    </form>
  );
}
