"use client";

// Clinicians' notes on a night or on a patient: write one, edit it (the text it replaces is kept and
// shown under "History"), and share it with the sleeper or stop sharing it. A sleeper sees only the
// notes shared with them, marked as from their clinician, and no form. Every time carries its date and
// the viewer's zone (UTC until the browser's zone is known). The newest notes come with the page;
// "Show older notes" brings the next page. An edit names the version it was based on: if someone
// changed the note meanwhile, nothing is lost: their version is shown and the edit's text is kept.

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { dateTime } from "@/lib/format";
import { isLocale } from "@/lib/i18n/locales";
import type { Words } from "@/lib/sleep/words";
import type { NoteView } from "@/lib/live/events";
import { zoneLabel } from "@/lib/time/zone";
import { useViewerZone } from "./useViewerZone";
import ui from "./ui.module.css";
import styles from "./Notes.module.css";
import { ActionButton } from "./ActionButton";

/** As the notes API answers it (the patient is known from the page). */
export type NoteItem = Omit<NoteView, "asleepUserId">;

type ApiError = { error?: string; issues?: Array<{ path: string; message: string }> };

const problem = (status: number, body: ApiError, t: Words) => body.issues?.[0]?.message ?? body.error ?? t("status.notSaved", { status });

type Sent = { ok: true; note: NoteItem } | { ok: false; message: string; current?: NoteItem };

/** `t`: the "Notes" catalogue, for what is said when the server gives no words of its own. */
async function send(url: string, method: "POST" | "PATCH", payload: unknown, t: Words): Promise<Sent> {
  try {
    const response = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
    const body = (await response.json().catch(() => ({}))) as NoteItem & ApiError & { note?: NoteItem };
    if (response.ok) return { ok: true, note: body };
    // 409: the note changed since it was read; the answer holds it as it now is.
    return { ok: false, message: problem(response.status, body, t), ...(response.status === 409 && body.note && { current: body.note }) };
  } catch {
    return { ok: false, message: t("status.unreachable") };
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
  const t = useTranslations("Notes");
  const pageLocale = useLocale();
  const locale = isLocale(pageLocale) ? pageLocale : "en";
  const zone = useViewerZone() ?? "UTC";
  const when = (iso: string) => `${dateTime(Date.parse(iso), zone, locale)} ${zoneLabel(zone)}`;
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
      if (!response.ok || !body.notes) return setOlderStatus(t("older.failed", { status: response.status }));
      const page = body.notes;
      setNotes((all) => [...all, ...page.filter((n) => !all.some((m) => m.id === n.id))]);
      setLabels((known) => ({ ...known, ...body.nightLabels }));
      setOlder(body.nextCursor ?? null);
    } catch {
      setOlderStatus(t("older.unreachable"));
    } finally {
      setLoadingOlder(false);
    }
  }

  async function add(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await send(postUrl, "POST", { text: draft, shared: share }, t);
    setBusy(false);
    if (!result.ok) return setStatus(result.message);
    setNotes((all) => [result.note, ...all]);
    setDraft("");
    setShare(false);
    setStatus(t("status.added"));
  }

  const headingId = `notes-heading-${postUrl.replace(/[^a-z0-9]/gi, "-")}`;
  return (
    <section className={`${ui.panel} ${styles.notes}`} aria-labelledby={headingId} data-testid="notes">
      <h2 id={headingId}>{title}</h2>
      {canWrite && (
        <form method="post" onSubmit={add} className={ui.form} data-testid="note-form">
          <label htmlFor={`${headingId}-text`}>{t("form.new")}</label>
          <textarea id={`${headingId}-text`} value={draft} onChange={(e) => setDraft(e.target.value)} rows={3} maxLength={5000} required />
          <label className={ui.small}>
            <input type="checkbox" checked={share} onChange={(e) => setShare(e.target.checked)} /> {t("form.share")}
          </label>
          <div>
            <ActionButton type="submit" disabled={busy}>
              {t("form.add")}
            </ActionButton>{" "}
            <span role="status" data-testid="note-status">
              {status}
            </span>
          </div>
        </form>
      )}
      {notes.length === 0 ? (
        <p className={ui.muted}>{canWrite ? t("none") : t("noneFromClinician")}</p>
      ) : (
        <ul className={styles.noteList}>
          {notes.map((note) => (
            <NoteEntry key={note.id} note={note} when={when} canWrite={canWrite} onSaved={replace} night={note.sessionId ? labels?.[note.sessionId] : undefined} />
          ))}
        </ul>
      )}
      {older && (
        <p>
          <ActionButton type="button" className={ui.smallButton} disabled={loadingOlder} onClick={() => void showOlder()}>
            {t("older.show")}
          </ActionButton>
        </p>
      )}
      <span role="status" className={ui.small}>
        {olderStatus}
      </span>
    </section>
  );
}

function NoteEntry({ note, when, canWrite, onSaved, night }: { note: NoteItem; when: (iso: string) => string; canWrite: boolean; onSaved: (n: NoteItem) => void; night?: string }) {
  const t = useTranslations("Notes");
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(note.text);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  /** The note as someone else left it while this edit was under way: shown above the edit's own text. */
  const [changedMeanwhile, setChangedMeanwhile] = useState<NoteItem | null>(null);

  async function patch(payload: { text?: string; shared?: boolean }, done: string) {
    setBusy(true);
    const result = await send(`/api/notes/${encodeURIComponent(note.id)}`, "PATCH", { ...payload, version: note.version }, t);
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
      return setStatus(t("status.changedMeanwhile", { name: result.current.updatedBy, when: when(result.current.updatedAt) }));
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
        {canWrite ? note.author : t("meta.fromClinician", { name: note.author })} · {when(note.createdAt)}
        {note.updatedAt !== note.createdAt && ` · ${t("meta.editedBy", { name: note.updatedBy, when: when(note.updatedAt) })}`}
        {night && <> · {t("meta.nightOf", { night })}</>}
        {canWrite && ` · ${note.shared ? t("meta.shared") : t("meta.cliniciansOnly")}`}
      </p>
      {editing ? (
        <form
          method="post"
          className={ui.form}
          onSubmit={(e) => {
            e.preventDefault();
            void patch({ text }, t("status.edited"));
          }}
        >
          {changedMeanwhile && (
            <div role="alert" data-testid="note-conflict">
              <p>{t("conflict", { name: changedMeanwhile.updatedBy, when: when(changedMeanwhile.updatedAt) })}</p>
              <blockquote className={styles.noteText} data-testid="note-current-text">
                {changedMeanwhile.text}
              </blockquote>
            </div>
          )}
          <label htmlFor={`note-edit-${note.id}`}>{t("form.edit")}</label>
          <textarea id={`note-edit-${note.id}`} value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={5000} required />
          <div>
            <ActionButton type="submit" disabled={busy}>
              {t("form.save")}
            </ActionButton>{" "}
            <ActionButton type="button" className={ui.linkButton} onClick={() => (setEditing(false), setText(note.text), setChangedMeanwhile(null))}>
              {t("form.cancel")}
            </ActionButton>
          </div>
        </form>
      ) : (
        <p className={styles.noteText} data-testid="note-text">
          {note.text}
        </p>
      )}
      {note.editable && !editing && (
        <p className={styles.noteActions}>
          <ActionButton type="button" className={ui.smallButton} onClick={() => setEditing(true)}>
            {t("actions.edit")}
          </ActionButton>{" "}
          <ActionButton type="button" className={ui.smallButton} disabled={busy} onClick={() => void patch({ shared: !note.shared }, note.shared ? t("status.unshared") : t("status.shared"))}>
            {note.shared ? t("actions.unshare") : t("actions.share")}
          </ActionButton>
        </p>
      )}
      <span role="status" className={ui.small}>
        {status}
      </span>
      {note.historyCount > 0 && (
        <details data-testid="note-history">
          <summary>{note.history.length < note.historyCount ? t("history.partial", { count: note.historyCount, shown: note.history.length }) : t("history.all", { count: note.historyCount })}</summary>
          <ol className={styles.noteHistory}>
            {note.history.map((v, i) => (
              <li key={i}>
                <span className={`${ui.muted} ${ui.small}`}>
                  {v.by}, {when(v.at)}
                  {v.shared ? ` ${t("history.sharedMark")}` : ""}
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
