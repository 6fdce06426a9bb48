"use client";

// A sleeper sets the zone their nights are drawn in while being recorded (before Asleep sends the
// night's own), e.g. before travelling. Empty clears it.

import { useRouter } from "next/navigation";
import { useState } from "react";
import { normaliseZone, zoneLabel } from "@/lib/time/zone";
import { useViewerZone } from "./useViewerZone";
import ui from "./ui.module.css";

export function TimezoneForm({ current }: { current: string | null }) {
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
    if (value.trim() !== "" && !normaliseZone(value)) return setStatus(`${value.trim()} is not a time zone (an IANA name such as Europe/Paris, or an offset such as +09:00)`);
    setBusy(true);
    try {
      const response = await fetch("/api/account/timezone", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ timezone: value.trim() === "" ? null : value.trim() }),
      });
      const body = (await response.json().catch(() => ({}))) as { timezone?: string | null; error?: string; issues?: Array<{ message: string }> };
      if (!response.ok) return setStatus(body.issues?.[0]?.message ?? body.error ?? `Not saved (${response.status})`);
      setValue(body.timezone ? zoneLabel(body.timezone) : "");
      setStatus(body.timezone ? `Saved: ${zoneLabel(body.timezone)}` : "Cleared");
      router.refresh();
    } catch {
      setStatus("Not saved: the server cannot be reached");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={save} className={ui.compareForm} data-testid="timezone-form">
      <label>
        Time zone <input name="timezone" value={value} onChange={(e) => setValue(e.target.value)} placeholder="Europe/Paris or +09:00" autoComplete="off" maxLength={64} />
      </label>
      {browser && browser !== value && (
        <button type="button" className={ui.smallButton} onClick={() => setValue(browser)}>
          Use this device&apos;s ({zoneLabel(browser)})
        </button>
      )}
      <button type="submit" disabled={busy}>
        Save
      </button>
      <span role="status" data-testid="timezone-status">
        {status}
      </span>
    </form>
  );
}
