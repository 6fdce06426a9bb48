"use client";

// One person's record on the admin page, with the guarded delete: the button works only once the
// Asleep user id is typed again. After deleting, what the page showed about them is gone with it.

import { useTranslations } from "next-intl";
import { useState, type FormEvent, type ReactNode } from "react";
import { deletedSummary } from "@/lib/data-rights/deleted";
import { personApiPath } from "@/lib/paths";
import ui from "./ui.module.css";
import { ActionButton } from "./ActionButton";

type Deleted = Record<string, number>;

export function PersonRecord({ asleepUserId, children }: { asleepUserId: string; children: ReactNode }) {
  const t = useTranslations("PersonRecord");
  const said = useTranslations("PersonRecord.deleted");
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [deleted, setDeleted] = useState<Deleted | null>(null);
  const [error, setError] = useState<string | null>(null);
  const confirmed = typed.trim() === asleepUserId;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!confirmed) return;
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(personApiPath(asleepUserId), { method: "DELETE" });
      const body = (await response.json().catch(() => ({}))) as { deleted?: Deleted; error?: string };
      if (response.ok && body.deleted) setDeleted(body.deleted);
      else setError(body.error ?? t("failed", { status: String(response.status) }));
    } catch {
      setError(t("unreachable"));
    } finally {
      setBusy(false);
    }
  }

  if (deleted) {
    return (
      <section className={ui.panel} aria-labelledby="deleted-heading">
        <h2 id="deleted-heading">{t("done.heading", { id: asleepUserId })}</h2>
        <p role="status" data-testid="deleted">
          {t("done.line", { summary: deletedSummary(deleted, said) })}
        </p>
      </section>
    );
  }
  return (
    <>
      {children}
      <section className={ui.panel} aria-labelledby="delete-heading">
        <h2 id="delete-heading">{t("heading")}</h2>
        <p>{t("explained")}</p>
        <form method="post" className={ui.form} onSubmit={onSubmit}>
          <label htmlFor="confirm-delete">{t("confirm", { id: asleepUserId })}</label>
          <input id="confirm-delete" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
          {error && (
            <p role="alert" className={ui.error}>
              {error}
            </p>
          )}
          <ActionButton type="submit" className={ui.danger} disabled={!confirmed || busy}>
            {t("submit", { id: asleepUserId })}
          </ActionButton>
        </form>
      </section>
    </>
  );
}
