"use client";

// Registers an outbound event endpoint and shows its signing secret, once: the server keeps it only to
// sign with, and no page shows it again (a rotation makes a new one).

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { OUTBOUND_EVENT_DESCRIPTIONS, OUTBOUND_EVENT_TYPES } from "@/lib/outbound/events";
import ui from "./ui.module.css";
import styles from "./OutboundEndpointForm.module.css";

export function OutboundEndpointForm() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const events = OUTBOUND_EVENT_TYPES.filter((t) => form.get(`event:${t}`) === "on");
    setBusy(true);
    setError("");
    try {
      const response = await fetch("/api/admin/webhooks", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url: form.get("url"), description: form.get("description") ?? "", events, enabled: true }),
      });
      const body = (await response.json().catch(() => ({}))) as { secret?: string; endpoint?: { url: string }; error?: string; issues?: Array<{ path: string; message: string }> };
      if (response.status === 201 && body.secret && body.endpoint) {
        setCreated({ url: body.endpoint.url, secret: body.secret });
        router.refresh();
      } else {
        setError(body.issues?.length ? body.issues.map((i) => `${i.path || "body"}: ${i.message}`).join("; ") : (body.error ?? `failed (${response.status})`));
      }
    } catch {
      setError("The server cannot be reached");
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form className={ui.form} onSubmit={submit} aria-labelledby="new-endpoint-heading">
        <label htmlFor="endpoint-url">URL</label>
        <input id="endpoint-url" name="url" type="url" required maxLength={2048} placeholder="https://ehr.example.org/hooks/sleep" autoComplete="off" />
        <p className={`${ui.muted} ${ui.small}`}>HTTPS to a public address. Private, link-local and metadata addresses are refused, here and whenever the name resolves to one.</p>
        <label htmlFor="endpoint-description">Description</label>
        <input id="endpoint-description" name="description" maxLength={200} autoComplete="off" />
        <fieldset>
          <legend>Events</legend>
          {OUTBOUND_EVENT_TYPES.map((t) => (
            <div key={t}>
              <label className={ui.small}>
                <input type="checkbox" name={`event:${t}`} defaultChecked /> <code>{t}</code> — {OUTBOUND_EVENT_DESCRIPTIONS[t]}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          Register endpoint
        </button>
        {error && (
          <p className={ui.error} role="alert">
            {error}
          </p>
        )}
      </form>
      {created && <SecretOnce heading={`Signing secret for ${created.url}`} secret={created.secret} />}
    </>
  );
}

/** A secret shown the one time it exists in the clear. */
export function SecretOnce({ heading, secret }: { heading: string; secret: string }) {
  return (
    <div role="status" className={styles.secretOnce} data-testid="endpoint-secret">
      <p>
        <strong>{heading}</strong>: copy it now, it is not shown again.
      </p>
      <p>
        <code>{secret}</code>
      </p>
    </div>
  );
}
