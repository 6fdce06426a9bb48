"use client";

import { useState, type FormEvent } from "react";
import { safeReturnPath } from "@/lib/navigation/return-to";
import ui from "./ui.module.css";

/** `next`: where to go once signed in, already checked to be a path on this site (lib/navigation/return-to.ts). */
export function SignInForm({ next = "/" }: { next?: string }) {
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
        setError(`Too many attempts. Try again${wait ? ` in ${wait} seconds` : " in a minute"}.`);
      } else if (response.status === 401) {
        setError("Wrong email or password.");
      } else if (response.status === 403) {
        setError("This account is disabled. Ask your clinic's administrator.");
      } else {
        setError("Signing in failed. Please try again.");
      }
    } catch {
      setError("The server cannot be reached. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={`${ui.panel} ${ui.form}`} onSubmit={onSubmit} noValidate>
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="username" required />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      {error && (
        <p role="alert" className={ui.error}>
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
