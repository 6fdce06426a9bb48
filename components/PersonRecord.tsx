"use client";

// One person's record on the admin page, with the guarded delete: the button works only once the
// Asleep user id is typed again. After deleting, what the page showed about them is gone with it.

import { useState, type FormEvent, type ReactNode } from "react";
import { personApiPath } from "@/lib/paths";

type Deleted = Record<string, number>;

// The API's count names, in words: [one, many].
const WORDS: Record<string, [string, string]> = {
  accounts: ["account", "accounts"],
  signIns: ["signed-in browser", "signed-in browsers"],
  credentials: ["credential", "credentials"],
  careAssignments: ["clinician link", "clinician links"],
  sessions: ["night", "nights"],
  inferences: ["analysis", "analyses"],
  reports: ["report", "reports"],
  tags: ["night tag", "night tags"],
  deliveries: ["audit entry", "audit entries"],
  notes: ["clinician note", "clinician notes"],
  noteRevisions: ["earlier note version", "earlier note versions"],
  accessLog: ["access-log entry", "access-log entries"],
  alerts: ["alert", "alerts"],
  alertSettings: ["own alert threshold set", "own alert threshold sets"],
  outboundEvents: ["outbound event", "outbound events"],
  outboundNights: ["outbound night record", "outbound night records"],
};
const counted = (what: string, n: number) => `${n} ${WORDS[what]?.[n === 1 ? 0 : 1] ?? what}`;

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
    const parts = Object.entries(deleted).map(([what, n]) => counted(what, n));
    return (
      <section className="panel" aria-labelledby="deleted-heading">
        <h2 id="deleted-heading">Asleep user {asleepUserId} deleted</h2>
        <p role="status" data-testid="deleted">
          Deleted: {parts.join(", ")}.
        </p>
      </section>
    );
  }
  return (
    <>
      {children}
      <section className="panel" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete all data</h2>
        <p>Deletes the account, its sign-ins, every night with its analyses, report and tags, and the audit entries. This cannot be undone: export first.</p>
        <form className="form" onSubmit={onSubmit}>
          <label htmlFor="confirm-delete">Type the Asleep user id ({asleepUserId}) to confirm</label>
          <input id="confirm-delete" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" className="danger" disabled={!confirmed || busy}>
            Delete all data of {asleepUserId}
          </button>
        </form>
      </section>
    </>
  );
}
