"use client";

// Clinicians' notes on a night or on a patient: write one, edit it (the text it replaces is kept and
// shown under "History"), and share it with the sleeper or stop sharing it. A sleeper sees only the
// notes shared with them, marked as from their clinician, and no form. Every time carries its date and
// the viewer's zone (UTC until the browser's zone is known). The newest notes come with the page;
// "Show older notes" brings the next page. An edit names the version it was based on: if someone
// changed the note meanwhile, nothing is lost: their version is shown and the edit's text is kept.

import { useState } from "react";
import { dateTime } from "@/lib/format";
import type { NoteView } from "@/lib/live/events";
import { zoneLabel } from "@/lib/time/zone";
import { useViewerZone } from "./useViewerZone";
import ui from "./ui.module.css";
import styles from "./Notes.module.css";

/** As the notes API answers it (the patient is known from the page). */
export type NoteItem = Omit<NoteView, "asleepUserId">;

type ApiError = { error?: string; issues?: Array<{ path: string; message: string }> };

const problem = (status: number, body: ApiError) => body.issues?.[0]?.message ?? body.error ?? `Not saved (${status})`;

type Sent = { ok: true; note: NoteItem } | { ok: false; message: string; current?: NoteItem };

async function send(url: string, method: "POST" | "PATCH", payload: unknown): Promise<Sent> {
  try {
    const response = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
    const body = (await response.json().catch(() => ({}))) as NoteItem & ApiError & { note?: NoteItem };
    if (response.ok) return { ok: true, note: body };
    // 409: the note changed since it was read; the answer holds it as it now is.
    return { ok: false, message: problem(response.status, body), ...(response.status === 409 && body.note && { current: body.note }) };
  } catch {
    return { ok: false, message: "Not saved: the server cannot be reached" };
  }
}

export function Notes({
  initial,
  nextCursor = null,
  postUrl,
  listUrl = postUrl,
  canWrite,
  title,
  nightLabels,
}: {
  /** The newest page of notes. */
  initial: NoteItem[];
  /** The cursor of the page after it (older notes); null when there are none. */
  nextCursor?: string | null;
  /** Where a new note is POSTed (/api/sessions/{id}/notes or /api/patients/{asleepUserId}/notes). */
  postUrl: string;
  /** Where older pages are read (the same list, with `before`); postUrl unless the page narrows it. */
  listUrl?: string;
  canWrite: boolean;
  title: string;
  /** On the patient page, the night a night's note is about, by session id. */
  nightLabels?: Record<string, string>;
}) {
  const zone = useViewerZone() ?? "UTC";
  const when = (iso: string) => `${dateTime(Date.parse(iso), zone)} ${zoneLabel(zone)}`;
  const [notes, setNotes] = useState(initial);
  const [older, setOlder] = useState(nextCursor);
  const [labels, setLabels] = useState(nightLabels);
  const [olderStatus, setOlderStatus] = useState("");
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [draft, setDraft] = useState("");
  const [share, setShare] = useState(false);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const replace = (note: NoteItem) => setNotes((all) => all.map((n) => (n.id === note.id ? note : n)));

  async function showOlder() {
    if (!older) return;
    setLoadingOlder(true);
    setOlderStatus("");
    try {
      const url = new URL(listUrl, window.location.href);
      url.searchParams.set("before", older);
      const response = await fetch(url);
      const body = (await response.json().catch(() => ({}))) as { notes?: NoteItem[]; nightLabels?: Record<string, string>; nextCursor?: string | null } & ApiError;
      if (!response.ok || !body.notes) return setOlderStatus(`Older notes could not be loaded (${response.status})`);
      const page = body.notes;
      setNotes((all) => [...all, ...page.filter((n) => !all.some((m) => m.id === n.id))]);
      setLabels((known) => ({ ...known, ...body.nightLabels }));
      setOlder(body.nextCursor ?? null);
    } catch {
      setOlderStatus("Older notes could not be loaded: the server cannot be reached");
    } finally {
      setLoadingOlder(false);
    }
  }

  async function add(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await send(postUrl, "POST", { text: draft, shared: share });
    setBusy(false);
    if (!result.ok) return setStatus(result.message);
    setNotes((all) => [result.note, ...all]);
    setDraft("");
    setShare(false);
    setStatus("Note saved");
  }

  const headingId = `notes-heading-${postUrl.replace(/[^a-z0-9]/gi, "-")}`;
  return (
    <section className={`${ui.panel} ${styles.notes}`} aria-labelledby={headingId} data-testid="notes">
      <h2 id={headingId}>{title}</h2>
      {canWrite && (
        <form onSubmit={add} className={ui.form} data-testid="note-form">
          <label htmlFor={`${headingId}-text`}>New note</label>
          <textarea id={`${headingId}-text`} value={draft} onChange={(e) => setDraft(e.target.value)} rows={3} maxLength={5000} required />
          <label className={ui.small}>
            <input type="checkbox" checked={share} onChange={(e) => setShare(e.target.checked)} /> Share with the patient
          </label>
          <div>
            <button type="submit" disabled={busy}>
              Add note
            </button>{" "}
            <span role="status" data-testid="note-status">
              {status}
            </span>
          </div>
        </form>
      )}
      {notes.length === 0 ? (
        <p className={ui.muted}>{canWrite ? "No notes yet." : "No notes from your clinician."}</p>
      ) : (
        <ul className={styles.noteList}>
          {notes.map((note) => (
            <NoteEntry key={note.id} note={note} when={when} canWrite={canWrite} onSaved={replace} night={note.sessionId ? labels?.[note.sessionId] : undefined} />
          ))}
        </ul>
      )}
      {older && (
        <p>
          <button type="button" className={ui.smallButton} disabled={loadingOlder} onClick={() => void showOlder()}>
            Show older notes
          </button>
        </p>
      )}
      <span role="status" className={ui.small}>
        {olderStatus}
      </span>
    </section>
  );
}

function NoteEntry({ note, when, canWrite, onSaved, night }: { note: NoteItem; when: (iso: string) => string; canWrite: boolean; onSaved: (n: NoteItem) => void; night?: string }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(note.text);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  /** The note as someone else left it while this edit was under way: shown above the edit's own text. */
  const [changedMeanwhile, setChangedMeanwhile] = useState<NoteItem | null>(null);

  async function patch(payload: { text?: string; shared?: boolean }, done: string) {
    setBusy(true);
    const result = await send(`/api/notes/${encodeURIComponent(note.id)}`, "PATCH", { ...payload, version: note.version });
    setBusy(false);
    if (!result.ok) {
      if (!result.current) return setStatus(result.message);
      // Based on an older version: nothing was saved. Show theirs; an edit keeps its text, and saving
      // again (now based on their version) replaces it, which stays in the history.
      onSaved(result.current);
      if (payload.text !== undefined) {
        setChangedMeanwhile(result.current);
        return setStatus("");
      }
      setText(result.current.text);
      return setStatus(`Not changed: this note was changed by ${result.current.updatedBy} at ${when(result.current.updatedAt)}. Check it and try again.`);
    }
    onSaved(result.note);
    setText(result.note.text);
    setEditing(false);
    setChangedMeanwhile(null);
    setStatus(done);
  }

  return (
    <li className={styles.note} data-testid="note">
      <p className={`${ui.muted} ${ui.small}`}>
        {canWrite ? note.author : `From your clinician, ${note.author}`} · {when(note.createdAt)}
        {note.updatedAt !== note.createdAt && ` · edited by ${note.updatedBy}, ${when(note.updatedAt)}`}
        {night && <> · night of {night}</>}
        {canWrite && (note.shared ? " · shared with the patient" : " · clinicians only")}
      </p>
      {editing ? (
        <form
          className={ui.form}
          onSubmit={(e) => {
            e.preventDefault();
            void patch({ text }, "Note edited");
          }}
        >
          {changedMeanwhile && (
            <div role="alert" data-testid="note-conflict">
              <p>
                This note was changed by {changedMeanwhile.updatedBy} at {when(changedMeanwhile.updatedAt)}; your text is kept below. Saving it replaces
                their version, which stays in the history. Their version:
              </p>
              <blockquote className={styles.noteText} data-testid="note-current-text">
                {changedMeanwhile.text}
              </blockquote>
            </div>
          )}
          <label htmlFor={`note-edit-${note.id}`}>Edit note</label>
          <textarea id={`note-edit-${note.id}`} value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={5000} required />
          <div>
            <button type="submit" disabled={busy}>
              Save
            </button>{" "}
            <button type="button" className={ui.linkButton} onClick={() => (setEditing(false), setText(note.text), setChangedMeanwhile(null))}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className={styles.noteText} data-testid="note-text">
          {note.text}
        </p>
      )}
      {note.editable && !editing && (
        <p className={styles.noteActions}>
          <button type="button" className={ui.smallButton} onClick={() => setEditing(true)}>
            Edit
          </button>{" "}
          <button type="button" className={ui.smallButton} disabled={busy} onClick={() => void patch({ shared: !note.shared }, note.shared ? "No longer shared" : "Shared with the patient")}>
            {note.shared ? "Stop sharing" : "Share with patient"}
          </button>
        </p>
      )}
      <span role="status" className={ui.small}>
        {status}
      </span>
      {note.historyCount > 0 && (
        <details data-testid="note-history">
          <summary>
            History ({note.historyCount} earlier {note.historyCount === 1 ? "version" : "versions"}
            {note.history.length < note.historyCount && `, the newest ${note.history.length} shown`})
          </summary>
          <ol className={styles.noteHistory}>
            {note.history.map((v, i) => (
              <li key={i}>
                <span className={`${ui.muted} ${ui.small}`}>
                  {v.by}, {when(v.at)}
                  {v.shared ? " (shared)" : ""}
                </span>
                <p className={styles.noteText}>{v.text}</p>
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}
