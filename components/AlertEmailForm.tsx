"use client";

// A clinician's or admin's choice of alert e-mail: none, one per alert, or a daily digest.

import { useState } from "react";
import ui from "./ui.module.css";

const CHOICES = [
  ["off", "No e-mail"],
  ["immediate", "An e-mail for each alert"],
  ["digest", "A daily digest"],
] as const;

export function AlertEmailForm({ initial, enabled }: { initial: string; enabled: boolean }) {
  const [mode, setMode] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  const save = async (next: string) => {
    setMode(next);
    const response = await fetch("/api/account/alert-email", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: next }) }).catch(() => null);
    setMessage(response?.ok ? "Saved." : "Could not save: try again.");
  };
  return (
    <fieldset>
      <legend>Alert e-mail</legend>
      {!enabled && <p className={ui.muted}>This server sends no e-mail (no SMTP_URL): your choice applies once it does.</p>}
      {CHOICES.map(([value, label]) => (
        <label key={value}>
          <input type="radio" name="alert-email" value={value} checked={mode === value} onChange={() => void save(value)} /> {label}
        </label>
      ))}
      {message && <p role="status">{message}</p>}
    </fieldset>
  );
}
