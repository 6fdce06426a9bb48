"use client";

// One person's record on the admin page, with the guarded delete: the button works only once the
// Asleep user id is typed again. After deleting, what the page showed about them is gone with it.

import { useState, type FormEvent, type ReactNode } from "react";
import { deletedSummary } from "@/lib/data-rights/deleted";
import { personApiPath } from "@/lib/paths";
import ui from "./ui.module.css";

type Deleted = Record<string, number>;

export function PersonRecord({ asleepUserId, children }: { asleepUserId: string; children: ReactNode }) {
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
      else setError(body.error ?? `Deleting failed (${response.status}).`);
    } catch {
      setError("The server cannot be reached. Nothing was deleted; try again.");
    } finally {
      setBusy(false);
    }
  }

  if (deleted) {
    return (
      <section className={ui.panel} aria-labelledby="deleted-heading">
        <h2 id="deleted-heading">Asleep user {asleepUserId} deleted</h2>
        <p role="status" data-testid="deleted">
          Deleted: {deletedSummary(deleted)}.
        </p>
      </section>
    );
  }
  return (
    <>
      {children}
      <section className={ui.panel} aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete all data</h2>
        <p>Deletes the account, its sign-ins, every night with its analyses, report and tags, and the audit entries. This cannot be undone: export first.</p>
        <form className={ui.form} onSubmit={onSubmit}>
          <label htmlFor="confirm-delete">Type the Asleep user id ({asleepUserId}) to confirm</label>
          <input id="confirm-delete" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
          {error && (
            <p role="alert" className={ui.error}>
              {error}
            </p>
          )}
          <button type="submit" className={ui.danger} disabled={!confirmed || busy}>
            Delete all data of {asleepUserId}
          </button>
        </form>
      </section>
    </>
  );
}
