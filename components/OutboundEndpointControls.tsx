"use client";

// Per endpoint: turn it on or off, send it a test event (and see what its receiver answered), rotate
// its secret (the new one is shown once; the old one keeps signing for a day), remove it.

import { useRouter } from "next/navigation";
import { useState } from "react";
import { SecretOnce } from "./OutboundEndpointForm";
import ui from "./ui.module.css";
import styles from "./OutboundEndpointControls.module.css";

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
    <div className={styles.endpointControls}>
      <button type="button" className={ui.smallButton} disabled={busy} onClick={() => call(base, "PATCH", { enabled: !enabled })} aria-label={`${enabled ? "Turn off" : "Turn on"} ${url}`}>
        {enabled ? "Turn off" : "Turn on"}
      </button>{" "}
      <OutboundTestButton base={base} url={url} />{" "}
      <button
        type="button"
        className={ui.smallButton}
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
        className={`${ui.smallButton} ${ui.danger}`}
        disabled={busy}
        aria-label={`Remove ${url}`}
        onClick={() => {
          if (window.confirm(`Remove ${url} and its delivery log?`)) void call(base, "DELETE");
        }}
      >
        Remove
      </button>
      {error && (
        <p className={ui.error} role="alert">
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
      <button type="button" className={ui.smallButton} onClick={replay} disabled={busy} aria-label={`Replay delivery ${deliveryId}`}>
        Replay
      </button>{" "}
      <span role="status" data-testid="outbound-replay-outcome">
        {result}
      </span>
    </>
  );
}

interface TestResult {
  delivered: boolean;
  status: number | null;
  response: string | null;
  error: string | null;
  ms: number;
}

/** What a test event's receiver answered, in a sentence. */
function testOutcome(r: TestResult): string {
  const answer = r.status !== null ? `HTTP ${r.status} in ${r.ms} ms${r.response ? `: “${r.response.slice(0, 120)}”` : ""}` : (r.error ?? "no answer");
  return `${r.delivered ? "Delivered" : "Not delivered"}: ${answer}`;
}

/** Sends the endpoint a signed test event now and shows its receiver's answer (up to 30 s). */
function OutboundTestButton({ base, url }: { base: string; url: string }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState("");
  async function send() {
    setBusy(true);
    setOutcome("Sending…");
    try {
      const response = await fetch(`${base}/test`, { method: "POST" });
      const body = (await response.json().catch(() => ({}))) as { result?: TestResult; error?: string };
      setOutcome(response.ok && body.result ? testOutcome(body.result) : (body.error ?? `failed (${response.status})`));
    } catch {
      setOutcome("The server cannot be reached");
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className={ui.smallButton} disabled={busy} onClick={send} aria-label={`Send a test event to ${url}`}>
        Send test event
      </button>
      {outcome && (
        <p className={`${ui.muted} ${ui.small}`} role="status" data-testid="endpoint-test-outcome">
          {outcome}
        </p>
      )}
    </>
  );
}
