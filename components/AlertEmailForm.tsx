"use client";

// A clinician's or admin's choice of alert e-mail: none, one per alert, or a daily digest.

import { useTranslations } from "next-intl";
import { useState } from "react";
import ui from "./ui.module.css";

const CHOICES = ["off", "immediate", "digest"] as const;

export function AlertEmailForm({ initial, enabled }: { initial: string; enabled: boolean }) {
  const t = useTranslations("AlertEmailForm");
  const [mode, setMode] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  const save = async (next: string) => {
    setMode(next);
    const response = await fetch("/api/account/alert-email", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: next }) }).catch(() => null);
    setMessage(response?.ok ? t("saved") : t("notSaved"));
  };
  return (
    <fieldset>
      <legend>{t("legend")}</legend>
      {!enabled && <p className={ui.muted}>{t("noSmtp")}</p>}
      {CHOICES.map((value) => (
        <label key={value}>
          <input type="radio" name="alert-email" value={value} checked={mode === value} onChange={() => void save(value)} /> {t(`choice.${value}`)}
        </label>
      ))}
      {message && <p role="status">{message}</p>}
    </fieldset>
  );
}
