"use client";

// The tag picker: the night's own sleeper toggles tags (the presets and their own earlier ones) or adds
// a new one; each change saves the whole set (PUT /api/sessions/{id}/tags). Anyone else who may see
// the night (clinicians, admins) sees the tags read-only. Buttons are at least 44 px tall for a thumb
// and say their state (aria-pressed), so a keyboard and a screen reader can use them too.

import { useTranslations } from "next-intl";
import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { MAX_TAG_LENGTH, presetTagId, tagKey, tagProblem, tagProblemFact, tidyTag } from "@/lib/sleep/tags";
import ui from "./ui.module.css";
import styles from "./NightTags.module.css";
import { ActionButton } from "./ActionButton";

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
  const t = useTranslations("NightTags");
  /** A tag as shown: a preset in the page's language, the sleeper's own words as written. */
  const tagName = (tag: string) => {
    const preset = presetTagId(tag);
    return preset ? t(`preset.${preset}`) : tag;
  };
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
    setStatus({ text: t("status.saving"), error: false });
    queue.current = queue.current.then(async () => {
      try {
        const response = await fetch(tagsPath(initial.sessionId), { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ tags: next }) });
        const body = (await response.json().catch(() => ({}))) as Partial<NightTagsState> & { error?: string; issues?: Array<{ message: string }> };
        if (!response.ok || !body.tags) throw new Error(problemInWords(next, body.issues?.[0]?.message) ?? body.error ?? t("status.failed", { status: response.status }));
        saved.current = body.tags;
        setTags(body.tags);
        if (body.choices) setChoices(body.choices);
        setStatus({ text: t("status.saved"), error: false });
      } catch (error) {
        setTags(saved.current);
        setStatus({ text: t("status.notSaved", { reason: (error as Error).message }), error: true });
      }
    });
  }

  /** The server's reason a tag was refused, in the page's language when it is one the form finds too (lib/sleep/tags.ts). */
  function problemInWords(sent: string[], message: string | undefined): string | undefined {
    if (message === undefined) return undefined;
    for (const tag of sent) {
      const fact = tagProblemFact(tidyTag(tag));
      if (fact && tagProblem(tidyTag(tag)) === message) return t(`problem.${fact.code}`, fact.values);
    }
    return message;
  }

  const has = (tag: string) => tags.some((t) => tagKey(t) === tagKey(tag));
  const toggle = (tag: string) => save(has(tag) ? tags.filter((x) => tagKey(x) !== tagKey(tag)) : [...tags, tag]);
  // Tags on the night that the choices lack (a choice list is the sleeper's newest 500 uses).
  const shown = [...choices, ...tags.filter((x) => !choices.some((c) => tagKey(c) === tagKey(x)))];

  function addOwn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = own.trim();
    if (!text) {
      setStatus({ text: t("status.empty"), error: true });
      return;
    }
    setOwn("");
    if (!has(text)) save([...tags, text]);
  }

  const Heading = compact ? "h3" : "h2";
  return (
    <section className={tags.length === 0 ? `${styles.nightTags} ${styles.noTags}` : styles.nightTags} aria-labelledby={headingId} data-testid="night-tags">
      <Heading id={headingId}>{initial.editable ? (compact ? (title ?? t("heading.lastNight")) : t("heading.editable")) : t("heading.readOnly")}</Heading>
      {caption}
      {!initial.editable ? (
        tags.length === 0 ? (
          <p className={ui.muted}>{t("none")}</p>
        ) : (
          <ul className={styles.tagList} aria-label={t("listLabel")}>
            {tags.map((tag) => (
              <li key={tag}>{tagName(tag)}</li>
            ))}
          </ul>
        )
      ) : (
        <>
          {!compact && <p className={`${ui.muted} ${ui.small} ${styles.hint}`}>{t("hint")}</p>}
          <div className={styles.tagChoices} role="group" aria-label={t("listLabel")}>
            {shown.map((tag) => (
              <ActionButton key={tag} type="button" className={styles.tagChip} aria-pressed={has(tag)} onClick={() => toggle(tag)}>
                <span aria-hidden="true">{has(tag) ? "✓ " : "+ "}</span>
                {tagName(tag)}
              </ActionButton>
            ))}
          </div>
          <form method="post" className={styles.tagOwn} onSubmit={addOwn}>
            <label htmlFor={inputId}>{t("own.label")}</label>
            <input id={inputId} value={own} maxLength={MAX_TAG_LENGTH} onChange={(e) => setOwn(e.target.value)} placeholder={t("own.placeholder")} autoComplete="off" />
            <ActionButton type="submit">{t("own.add")}</ActionButton>
          </form>
          <p role="status" className={status?.error ? ui.error : `${ui.muted} ${ui.small}`}>
            {status?.text ?? ""}
          </p>
        </>
      )}
    </section>
  );
}
