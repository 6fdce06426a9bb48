"use client";

// Clinicians' notes on a night or on a patient: write one, edit it (the text it replaces is kept and
// shown under "History"), and share it with the sleeper or stop sharing it. A sleeper sees only the
// notes shared with them, marked as from their clinician, and no form. Every time carries its date and
// the viewer's zone (UTC until the browser's zone is known).

import { useState } from "react";
import { dateTime } from "@/lib/format";
import type { NoteView } from "@/lib/live/events";
import { zoneLabel } from "@/lib/time/zone";
import { useViewerZone } from "./useViewerZone";

/** As the notes API answers it (the patient is known from the page). */
export type NoteItem = Omit<NoteView, "asleepUserId">;

type ApiError = { error?: string; issues?: Array<{ path: string; message: string }> };

const problem = (status: number, body: ApiError) => body.issues?.[0]?.message ?? body.error ?? `Not saved (${status})`;

async function send(url: string, method: "POST" | "PATCH", payload: unknown): Promise<{ ok: true; note: NoteItem } | { ok: false; message: string }> {
  try {
    const response = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
    const body = (await response.json().catch(() => ({}))) as NoteItem & ApiError;
    return response.ok ? { ok: true, note: body } : { ok: false, message: problem(response.status, body) };
  } catch {
    return { ok: false, message: "Not saved: the server cannot be reached" };
  }
}

export function Notes({
  initial,
  postUrl,
  canWrite,
  title,
  nightLabels,
}: {
  initial: NoteItem[];
  /** Where a new note is POSTed (/api/sessions/{id}/notes or /api/patients/{asleepUserId}/notes). */
  postUrl: string;
  canWrite: boolean;
  title: string;
  /** On the patient page, the night a night's note is about, by session id. */
  nightLabels?: Record<string, string>;
}) {
  const zone = useViewerZone() ?? "UTC";
  const when = (iso: string) => `${dateTime(Date.parse(iso), zone)} ${zoneLabel(zone)}`;
  const [notes, setNotes] = useState(initial);
  const [draft, setDraft] = useState("");
  const [share, setShare] = useState(false);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const replace = (note: NoteItem) => setNotes((all) => all.map((n) => (n.id === note.id ? note : n)));

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
    <section className="panel" aria-labelledby={headingId} data-testid="notes">
      <h2 id={headingId}>{title}</h2>
      {canWrite && (
        <form onSubmit={add} className="form" data-testid="note-form">
          <label htmlFor={`${headingId}-text`}>New note</label>
          <textarea id={`${headingId}-text`} value={draft} onChange={(e) => setDraft(e.target.value)} rows={3} maxLength={5000} required />
          <label className="small">
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
        <p className="muted">{canWrite ? "No notes yet." : "No notes from your clinician."}</p>
      ) : (
        <ul className="note-list">
          {notes.map((note) => (
            <NoteEntry key={note.id} note={note} when={when} canWrite={canWrite} onSaved={replace} night={note.sessionId ? nightLabels?.[note.sessionId] : undefined} />
          ))}
        </ul>
      )}
    </section>
  );
}

function NoteEntry({ note, when, canWrite, onSaved, night }: { note: NoteItem; when: (iso: string) => string; canWrite: boolean; onSaved: (n: NoteItem) => void; night?: string }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(note.text);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);

  async function patch(payload: { text?: string; shared?: boolean }, done: string) {
    setBusy(true);
    const result = await send(`/api/notes/${encodeURIComponent(note.id)}`, "PATCH", payload);
    setBusy(false);
    if (!result.ok) return setStatus(result.message);
    onSaved(result.note);
    setText(result.note.text);
    setEditing(false);
    setStatus(done);
  }

  return (
    <li className="note" data-testid="note">
      <p className="muted small">
        {canWrite ? note.author : `From your clinician, ${note.author}`} · {when(note.createdAt)}
        {note.updatedAt !== note.createdAt && ` · edited by ${note.updatedBy}, ${when(note.updatedAt)}`}
        {night && <> · night of {night}</>}
        {canWrite && (note.shared ? " · shared with the patient" : " · clinicians only")}
      </p>
      {editing ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void patch({ text }, "Note edited");
          }}
        >
          <label htmlFor={`note-edit-${note.id}`}>Edit note</label>
          <textarea id={`note-edit-${note.id}`} value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={5000} required />
          <div>
            <button type="submit" disabled={busy}>
              Save
            </button>{" "}
            <button type="button" className="link-button" onClick={() => (setEditing(false), setText(note.text))}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="note-text" data-testid="note-text">
          {note.text}
        </p>
      )}
      {note.editable && !editing && (
        <p className="note-actions">
          <button type="button" className="small-button" onClick={() => setEditing(true)}>
            Edit
          </button>{" "}
          <button type="button" className="small-button" disabled={busy} onClick={() => void patch({ shared: !note.shared }, note.shared ? "No longer shared" : "Shared with the patient")}>
            {note.shared ? "Stop sharing" : "Share with patient"}
          </button>
        </p>
      )}
      <span role="status" className="small">
        {status}
      </span>
      {note.history.length > 0 && (
        <details data-testid="note-history">
          <summary>History ({note.history.length} earlier {note.history.length === 1 ? "version" : "versions"})</summary>
          <ol className="note-history">
            {note.history.map((v, i) => (
              <li key={i}>
                <span className="muted small">
                  {v.by}, {when(v.at)}
                  {v.shared ? " (shared)" : ""}
                </span>
                <p className="note-text">{v.text}</p>
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}
