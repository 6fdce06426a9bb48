"use client";

// A sleeper sets the zone their nights are drawn in while being recorded (before Asleep sends the
// night's own), e.g. before travelling. Empty clears it.

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { normaliseZone, zoneLabel } from "@/lib/time/zone";
import { useViewerZone } from "./useViewerZone";
import ui from "./ui.module.css";
import { ActionButton } from "./ActionButton";

export function TimezoneForm({ current }: { current: string | null }) {
  const t = useTranslations("TimezoneForm");
  const router = useRouter();
  const browser = useViewerZone();
  // The field shows the zone as people write it ("UTC+09:00", which normaliseZone reads back), never
  // the stored "Etc/GMT-9", whose POSIX sign reads as UTC−9.
  const [value, setValue] = useState(current ? zoneLabel(current) : "");
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    // Said at once, as the server would (it checks again).
    if (value.trim() !== "" && !normaliseZone(value)) return setStatus(t("notAZone", { value: value.trim() }));
    setBusy(true);
    try {
      const response = await fetch("/api/account/timezone", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ timezone: value.trim() === "" ? null : value.trim() }),
      });
      const body = (await response.json().catch(() => ({}))) as { timezone?: string | null; error?: string; issues?: Array<{ message: string }> };
      if (!response.ok) return setStatus(body.issues?.[0]?.message ?? body.error ?? t("notSaved", { status: response.status }));
      setValue(body.timezone ? zoneLabel(body.timezone) : "");
      setStatus(body.timezone ? t("saved", { zone: zoneLabel(body.timezone) }) : t("cleared"));
      router.refresh();
    } catch {
      setStatus(t("unreachable"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form method="post" onSubmit={save} className={ui.compareForm} data-testid="timezone-form">
      <label>
        {t("label")} <input name="timezone" value={value} onChange={(e) => setValue(e.target.value)} placeholder={t("placeholder")} autoComplete="off" maxLength={64} />
      </label>
      {browser && browser !== value && (
        <ActionButton type="button" className={ui.smallButton} onClick={() => setValue(browser)}>
          {t("useDevice", { zone: zoneLabel(browser) })}
        </ActionButton>
      )}
      <ActionButton type="submit" disabled={busy}>
        {t("save")}
      </ActionButton>
      <span role="status" data-testid="timezone-status">
        {status}
      </span>
    </form>
  );
}
