"use client";

// Registers an outbound event endpoint and shows its signing secret, once: the server keeps it only to
// sign with, and no page shows it again (a rotation makes a new one).

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { OUTBOUND_EVENT_TYPES } from "@/lib/outbound/events";
import ui from "./ui.module.css";
import styles from "./OutboundEndpointForm.module.css";
import { ActionButton } from "./ActionButton";

/** An example of an address, shown in the empty URL field (an address, not words: not translated). */
const EXAMPLE_URL = "https://ehr.example.org/hooks/sleep";

export function OutboundEndpointForm() {
  const t = useTranslations("OutboundEndpointForm");
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const events = OUTBOUND_EVENT_TYPES.filter((type) => form.get(`event:${type}`) === "on");
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
        setError(body.issues?.length ? body.issues.map((i) => `${i.path || "body"}: ${i.message}`).join("; ") : (body.error ?? t("failed", { status: String(response.status) })));
      }
    } catch {
      setError(t("unreachable"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form method="post" className={ui.form} onSubmit={submit} aria-labelledby="new-endpoint-heading">
        <label htmlFor="endpoint-url">{t("url")}</label>
        <input id="endpoint-url" name="url" type="url" required maxLength={2048} placeholder={EXAMPLE_URL} autoComplete="off" />
        <p className={`${ui.muted} ${ui.small}`}>{t("urlHelp")}</p>
        <label htmlFor="endpoint-description">{t("description")}</label>
        <input id="endpoint-description" name="description" maxLength={200} autoComplete="off" />
        <fieldset>
          <legend>{t("events")}</legend>
          {OUTBOUND_EVENT_TYPES.map((type) => (
            <div key={type}>
              <label className={ui.small}>
                <input type="checkbox" name={`event:${type}`} defaultChecked /> <code>{type}</code> — {t(`eventDescriptions.${type}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <ActionButton type="submit" disabled={busy}>
          {t("submit")}
        </ActionButton>
        {error && (
          <p className={ui.error} role="alert">
            {error}
          </p>
        )}
      </form>
      {created && <SecretOnce heading={t("secretFor", { url: created.url })} secret={created.secret} />}
    </>
  );
}

/** A secret shown the one time it exists in the clear. */
export function SecretOnce({ heading, secret }: { heading: string; secret: string }) {
  const t = useTranslations("OutboundEndpointForm");
  return (
    <div role="status" className={styles.secretOnce} data-testid="endpoint-secret">
      <p>
        {t.rich("secretOnce", { heading, strong: (chunks) => <strong>{chunks}</strong> })}
      </p>
      <p>
        <code>{secret}</code>
      </p>
    </div>
  );
}
