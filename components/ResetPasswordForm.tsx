"use client";

// A new password through a one-time reset link: better-auth's /api/auth/reset-password takes the
// token once; an expired or used link is said plainly.

import { useState } from "react";
import ui from "./ui.module.css";

export function ResetPasswordForm({ token }: { token: string }) {
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    if (password.length < 10) return setError("The password must be at least 10 characters.");
    if (password !== again) return setError("The two passwords differ.");
    setBusy(true);
    try {
      const response = await fetch("/api/auth/reset-password", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ newPassword: password, token }) });
      if (response.ok) return setDone(true);
      const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
      setError(body.code === "INVALID_TOKEN" ? "This link has expired or has been used already: ask your clinic's administrator for a new one." : (body.message ?? `The password was not set (${response.status}).`));
    } catch {
      setError("The server cannot be reached. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <p role="status" className={ui.panel}>
        Your password is set. <a href="/login">Sign in</a> with it.
      </p>
    );
  }
  return (
    <form className={`${ui.panel} ${ui.form}`} onSubmit={onSubmit} noValidate>
      <label htmlFor="new-password">New password (at least 10 characters)</label>
      <input id="new-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={10} maxLength={256} />
      <label htmlFor="new-password-again">The same again</label>
      <input id="new-password-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required minLength={10} maxLength={256} />
      <button type="submit" disabled={busy}>
        Set password
      </button>
      {error && (
        <p role="alert" className={ui.error}>
          {error}
        </p>
      )}
    </form>
  );
}
