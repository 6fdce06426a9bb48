"use client";

// Per endpoint: turn it on or off, send it a test event (and see what its receiver answered), rotate
// its secret (the new one is shown once; the old one keeps signing for a day), remove it.

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { SecretOnce } from "./OutboundEndpointForm";
import ui from "./ui.module.css";
import styles from "./OutboundEndpointControls.module.css";
import { ActionButton } from "./ActionButton";

export function OutboundEndpointControls({ id, url, enabled }: { id: string; url: string; enabled: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const t = useTranslations("OutboundEndpointControls");

  async function call(path: string, method: string, body?: unknown): Promise<Record<string, unknown> | null> {
    setBusy(true);
    setError("");
    try {
      const response = await fetch(path, { method, headers: body ? { "content-type": "application/json" } : undefined, body: body ? JSON.stringify(body) : undefined });
      if (!response.ok) {
        const b = (await response.json().catch(() => ({}))) as { error?: string };
        setError(b.error ?? t("failed", { status: String(response.status) }));
        return null;
      }
      router.refresh();
      return response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>);
    } catch {
      setError(t("unreachable"));
      return null;
    } finally {
      setBusy(false);
    }
  }

  const base = `/api/admin/webhooks/${encodeURIComponent(id)}`;
  return (
    <div className={styles.endpointControls}>
      <ActionButton type="button" className={ui.smallButton} disabled={busy} onClick={() => call(base, "PATCH", { enabled: !enabled })} aria-label={enabled ? t("turnOffUrl", { url }) : t("turnOnUrl", { url })}>
        {enabled ? t("turnOff") : t("turnOn")}
      </ActionButton>{" "}
      <OutboundTestButton base={base} url={url} />{" "}
      <ActionButton
        type="button"
        className={ui.smallButton}
        disabled={busy}
        aria-label={t("rotateUrl", { url })}
        onClick={async () => {
          const r = await call(`${base}/rotate`, "POST");
          if (r && typeof r.secret === "string") setSecret(r.secret);
        }}
      >
        {t("rotate")}
      </ActionButton>{" "}
      <ActionButton
        type="button"
        className={`${ui.smallButton} ${ui.danger}`}
        disabled={busy}
        aria-label={t("removeUrl", { url })}
        onClick={() => {
          if (window.confirm(t("removeConfirm", { url }))) void call(base, "DELETE");
        }}
      >
        {t("remove")}
      </ActionButton>
      {error && (
        <p className={ui.error} role="alert">
          {error}
        </p>
      )}
      {secret && <SecretOnce heading={t("newSecret")} secret={secret} />}
    </div>
  );
}

export function OutboundReplayButton({ deliveryId }: { deliveryId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState("");
  const t = useTranslations("OutboundEndpointControls");
  async function replay() {
    setBusy(true);
    try {
      const response = await fetch(`/api/admin/webhooks/deliveries/${encodeURIComponent(deliveryId)}/replay`, { method: "POST" });
      const body = (await response.json().catch(() => ({}))) as { delivery?: { id: string }; error?: string };
      setResult(response.status === 202 && body.delivery ? t("replay.queued", { id: body.delivery.id }) : (body.error ?? t("failed", { status: String(response.status) })));
      if (response.status === 202) router.refresh();
    } catch {
      setResult(t("replay.unreachable"));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <ActionButton type="button" className={ui.smallButton} onClick={replay} disabled={busy} aria-label={t("replay.label", { id: deliveryId })}>
        {t("replay.button")}
      </ActionButton>{" "}
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

type Translate = ReturnType<typeof useTranslations<"OutboundEndpointControls">>;

/** What a test event's receiver answered, in a sentence. Figures as sent (no digit grouping). */
function testOutcome(r: TestResult, t: Translate): string {
  const figures = { status: String(r.status), ms: String(r.ms) };
  const answer =
    r.status !== null
      ? r.response
        ? t("test.answerWithResponse", { ...figures, response: r.response.slice(0, 120) })
        : t("test.answer", figures)
      : (r.error ?? t("test.noAnswer"));
  return r.delivered ? t("test.delivered", { answer }) : t("test.notDelivered", { answer });
}

/** Sends the endpoint a signed test event now and shows its receiver's answer (up to 30 s). */
function OutboundTestButton({ base, url }: { base: string; url: string }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState("");
  const t = useTranslations("OutboundEndpointControls");
  async function send() {
    setBusy(true);
    setOutcome(t("test.sending"));
    try {
      const response = await fetch(`${base}/test`, { method: "POST" });
      const body = (await response.json().catch(() => ({}))) as { result?: TestResult; error?: string };
      setOutcome(response.ok && body.result ? testOutcome(body.result, t) : (body.error ?? t("failed", { status: String(response.status) })));
    } catch {
      setOutcome(t("unreachable"));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <ActionButton type="button" className={ui.smallButton} disabled={busy} onClick={send} aria-label={t("test.label", { url })}>
        {t("test.button")}
      </ActionButton>
      {outcome && (
        <p className={`${ui.muted} ${ui.small}`} role="status" data-testid="endpoint-test-outcome">
          {outcome}
        </p>
      )}
    </>
  );
}
