"use client";

// Replays one audit entry through the webhook's ingest and says what came of it.

import { useState } from "react";
import { replayPath } from "@/lib/paths";
import ui from "./ui.module.css";

export function ReplayButton({ deliveryId }: { deliveryId: string }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState("");

  async function replay() {
    setBusy(true);
    try {
      const response = await fetch(replayPath(deliveryId), { method: "POST" });
      const body = (await response.json().catch(() => ({}))) as { outcome?: string; error?: string };
      setResult(response.ok && body.outcome ? body.outcome : (body.error ?? `failed (${response.status})`));
    } catch {
      setResult("the server cannot be reached");
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className={ui.smallButton} onClick={replay} disabled={busy} aria-label={`Replay entry ${deliveryId}`}>
        Replay
      </button>{" "}
      <span role="status" data-testid="replay-outcome">
        {result}
      </span>
    </>
  );
}
