"use client";

// Per endpoint: turn it on or off, rotate its secret (the new one is shown once; the old one keeps
// signing for a day), remove it.

import { useRouter } from "next/navigation";
import { useState } from "react";
import { SecretOnce } from "./OutboundEndpointForm";

export function OutboundEndpointControls({ id, url, enabled }: { id: string; url: string; enabled: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [secret, setSecret] = useState<string | null>(null);

  async function call(path: string, method: string, body?: unknown): Promise<Record<string, unknown> | null> {
    setBusy(true);
    setError("");
    try {
      const response = await fetch(path, { method, headers: body ? { "content-type": "application/json" } : undefined, body: body ? JSON.stringify(body) : undefined });
      if (!response.ok) {
        const b = (await response.json().catch(() => ({}))) as { error?: string };
        setError(b.error ?? `failed (${response.status})`);
        return null;
      }
      router.refresh();
      return response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>);
    } catch {
      setError("The server cannot be reached");
      return null;
    } finally {
      setBusy(false);
    }
  }

  const base = `/api/admin/webhooks/${encodeURIComponent(id)}`;
  return (
    <div className="endpoint-controls">
      <button type="button" className="small-button" disabled={busy} onClick={() => call(base, "PATCH", { enabled: !enabled })} aria-label={`${enabled ? "Turn off" : "Turn on"} ${url}`}>
        {enabled ? "Turn off" : "Turn on"}
      </button>{" "}
      <button
        type="button"
        className="small-button"
        disabled={busy}
        aria-label={`Rotate the secret of ${url}`}
        onClick={async () => {
          const r = await call(`${base}/rotate`, "POST");
          if (r && typeof r.secret === "string") setSecret(r.secret);
        }}
      >
        Rotate secret
      </button>{" "}
      <button
        type="button"
        className="small-button danger"
        disabled={busy}
        aria-label={`Remove ${url}`}
        onClick={() => {
          if (window.confirm(`Remove ${url} and its delivery log?`)) void call(base, "DELETE");
        }}
      >
        Remove
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {secret && <SecretOnce heading="New signing secret" secret={secret} />}
    </div>
  );
}

export function OutboundReplayButton({ deliveryId }: { deliveryId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState("");
  async function replay() {
    setBusy(true);
    try {
      const response = await fetch(`/api/admin/webhooks/deliveries/${encodeURIComponent(deliveryId)}/replay`, { method: "POST" });
      const body = (await response.json().catch(() => ({}))) as { delivery?: { id: string }; error?: string };
      setResult(response.status === 202 && body.delivery ? `queued as ${body.delivery.id}` : (body.error ?? `failed (${response.status})`));
      if (response.status === 202) router.refresh();
    } catch {
      setResult("the server cannot be reached");
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className="small-button" onClick={replay} disabled={busy} aria-label={`Replay delivery ${deliveryId}`}>
        Replay
      </button>{" "}
      <span role="status" data-testid="outbound-replay-outcome">
        {result}
      </span>
    </>
  );
}
