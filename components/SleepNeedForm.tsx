"use client";

// A sleeper sets their own nightly sleep need, which their sleep debt is counted against; "the
// default" clears it (8 hours, lib/sleep/regularity.ts DEFAULT_SLEEP_NEED_MINUTES).

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { duration } from "@/lib/format";
import { isLocale } from "@/lib/i18n/locales";
import { DEFAULT_SLEEP_NEED_MINUTES } from "@/lib/sleep/regularity";
import ui from "./ui.module.css";
import { ActionButton } from "./ActionButton";

const CHOICES = Array.from({ length: 17 }, (_, i) => 360 + i * 15); // 6 h to 10 h, every 15 min

export function SleepNeedForm({ current }: { current: number | null }) {
  const t = useTranslations("SleepNeedForm");
  const asked = useLocale();
  const locale = isLocale(asked) ? asked : "en";
  const router = useRouter();
  const [value, setValue] = useState(current === null ? "" : String(current));
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const response = await fetch("/api/account/sleep-need", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ minutes: value === "" ? null : Number(value) }) });
      const body = (await response.json().catch(() => ({}))) as { minutes?: number | null; error?: string };
      if (!response.ok) return setStatus(body.error ?? t("notSaved", { status: String(response.status) }));
      setStatus(body.minutes ? t("saved", { duration: duration(body.minutes * 60, locale) }) : t("savedDefault", { duration: duration(DEFAULT_SLEEP_NEED_MINUTES * 60, locale) }));
      router.refresh();
    } catch {
      setStatus(t("unreachable"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form method="post" onSubmit={save} className={ui.compareForm} data-testid="sleep-need-form">
      <label>
        {t("label")}{" "}
        <select name="minutes" value={value} onChange={(e) => setValue(e.target.value)}>
          <option value="">{t("default", { duration: duration(DEFAULT_SLEEP_NEED_MINUTES * 60, locale) })}</option>
          {CHOICES.map((m) => (
            <option key={m} value={m}>
              {duration(m * 60, locale)}
            </option>
          ))}
        </select>
      </label>
      <ActionButton type="submit" disabled={busy}>
        {t("save")}
      </ActionButton>
      <span role="status" data-testid="sleep-need-status">
        {status}
      </span>
    </form>
  );
}
