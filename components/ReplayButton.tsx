"use client";

// Replays one audit entry through the webhook's ingest and says what came of it.

import { useState } from "react";
import { useTranslations } from "next-intl";
import { replayPath } from "@/lib/paths";
import ui from "./ui.module.css";
import { ActionButton } from "./ActionButton";

export function ReplayButton({ deliveryId }: { deliveryId: string }) {
  const t = useTranslations("ReplayButton");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState("");

  async function replay() {
    setBusy(true);
    try {
      const response = await fetch(replayPath(deliveryId), { method: "POST" });
      const body = (await response.json().catch(() => ({}))) as { outcome?: string; error?: string };
      setResult(response.ok && body.outcome ? body.outcome : (body.error ?? t("failed", { status: response.status })));
    } catch {
      setResult(t("unreachable"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <ActionButton type="button" className={ui.smallButton} onClick={replay} disabled={busy} aria-label={t("replayEntry", { id: deliveryId })}>
        {t("replay")}
      </ActionButton>{" "}
      <span role="status" data-testid="replay-outcome">
        {result}
      </span>
    </>
  );
}
