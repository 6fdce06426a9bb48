"use client";

// The tag picker: the night's own sleeper toggles tags (the presets and their own earlier ones) or adds
// a new one; each change saves the whole set (PUT /api/sessions/{id}/tags). Anyone else who may see
// the night (clinicians, admins) sees the tags read-only. Buttons are at least 44 px tall for a thumb
// and say their state (aria-pressed), so a keyboard and a screen reader can use them too.

import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { MAX_TAG_LENGTH, tagKey } from "@/lib/sleep/tags";
import ui from "./ui.module.css";
import styles from "./NightTags.module.css";

export interface NightTagsState {
  sessionId: string;
  tags: string[];
  editable: boolean;
  choices: string[];
}

const tagsPath = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/tags`;

/**
 * `caption`: under the heading, which night it is (the night page need not say). `compact`: the
 * morning card's picker, a sub-section of the card (so an h3), headed `title`.
 */
export function NightTags({ initial, compact = false, caption, title }: { initial: NightTagsState; compact?: boolean; caption?: ReactNode; title?: string }) {
  const [tags, setTags] = useState(initial.tags);
  const [choices, setChoices] = useState(initial.choices);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [own, setOwn] = useState("");
  const saved = useRef(initial.tags);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const headingId = useId();
  const inputId = useId();

  // One save at a time, each sending the set as it stands, so a quick second tap is never lost.
  function save(next: string[]) {
    setTags(next);
    setStatus({ text: "Saving…", error: false });
    queue.current = queue.current.then(async () => {
      try {
        const response = await fetch(tagsPath(initial.sessionId), { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ tags: next }) });
        const body = (await response.json().catch(() => ({}))) as Partial<NightTagsState> & { error?: string; issues?: Array<{ message: string }> };
        if (!response.ok || !body.tags) throw new Error(body.issues?.[0]?.message ?? body.error ?? `Saving failed (${response.status})`);
        saved.current = body.tags;
        setTags(body.tags);
        if (body.choices) setChoices(body.choices);
        setStatus({ text: "Saved.", error: false });
      } catch (error) {
        setTags(saved.current);
        setStatus({ text: `Not saved: ${(error as Error).message}. Please try again.`, error: true });
      }
    });
  }

  const has = (tag: string) => tags.some((t) => tagKey(t) === tagKey(tag));
  const toggle = (tag: string) => save(has(tag) ? tags.filter((t) => tagKey(t) !== tagKey(tag)) : [...tags, tag]);
  // Tags on the night that the choices lack (a choice list is the sleeper's newest 500 uses).
  const shown = [...choices, ...tags.filter((t) => !choices.some((c) => tagKey(c) === tagKey(t)))];

  function addOwn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = own.trim();
    if (!text) {
      setStatus({ text: "Type a tag first.", error: true });
      return;
    }
    setOwn("");
    if (!has(text)) save([...tags, text]);
  }

  const Heading = compact ? "h3" : "h2";
  return (
    <section className={tags.length === 0 ? `${styles.nightTags} ${styles.noTags}` : styles.nightTags} aria-labelledby={headingId} data-testid="night-tags">
      <Heading id={headingId}>{initial.editable ? (compact ? (title ?? "Tag your last night") : "Tags: what was different?") : "Tags (added by the sleeper)"}</Heading>
      {caption}
      {!initial.editable ? (
        tags.length === 0 ? (
          <p className={ui.muted}>No tags on this night.</p>
        ) : (
          <ul className={styles.tagList} aria-label="Tags on this night">
            {tags.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        )
      ) : (
        <>
          {!compact && <p className={`${ui.muted} ${ui.small} ${styles.hint}`}>Tap what applied to this night; your trends then compare nights with and without each tag.</p>}
          <div className={styles.tagChoices} role="group" aria-label="Tags on this night">
            {shown.map((t) => (
              <button key={t} type="button" className={styles.tagChip} aria-pressed={has(t)} onClick={() => toggle(t)}>
                <span aria-hidden="true">{has(t) ? "✓ " : "+ "}</span>
                {t}
              </button>
            ))}
          </div>
          <form className={styles.tagOwn} onSubmit={addOwn}>
            <label htmlFor={inputId}>Your own tag</label>
            <input id={inputId} value={own} maxLength={MAX_TAG_LENGTH} onChange={(e) => setOwn(e.target.value)} placeholder="e.g. sauna" autoComplete="off" />
            <button type="submit">Add</button>
          </form>
          <p role="status" className={status?.error ? ui.error : `${ui.muted} ${ui.small}`}>
            {status?.text ?? ""}
          </p>
        </>
      )}
    </section>
  );
}
