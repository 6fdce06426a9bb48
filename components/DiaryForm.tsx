"use client";

// The sleeper's morning diary: the Consensus Sleep Diary's core items (lib/sleep/diary.ts), phone-first.
// Clock times are on the sleeper's clock, in their zone, which the form names; the server checks the
// order and the minutes and says which answer does not add up.

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { DIARY_QUALITY, DIARY_RESTED, type DiaryAnswers } from "@/lib/sleep/diary";
import styles from "./DiaryForm.module.css";

type Field = keyof DiaryAnswers;

const EMPTY = { intoBed: "", triedToSleep: "", sleepOnsetMinutes: "", awakenings: "", awakeMinutes: "", finalAwakening: "", outOfBed: "", quality: "", rested: "", comments: "" };
type Draft = Record<Field, string>;

function draftOf(entry: DiaryAnswers | null): Draft {
  if (!entry) return EMPTY;
  return {
    intoBed: entry.intoBed,
    triedToSleep: entry.triedToSleep,
    sleepOnsetMinutes: String(entry.sleepOnsetMinutes),
    awakenings: String(entry.awakenings),
    awakeMinutes: String(entry.awakeMinutes),
    finalAwakening: entry.finalAwakening,
    outOfBed: entry.outOfBed,
    quality: String(entry.quality),
    rested: String(entry.rested),
    comments: entry.comments ?? "",
  };
}

export function DiaryForm({ endpoint, entry, nightLabel, morningLabel, zone }: { endpoint: string; entry: DiaryAnswers | null; nightLabel: string; morningLabel: string; zone: string }) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(() => draftOf(entry));
  const [problems, setProblems] = useState<Array<{ path: string; message: string }>>([]);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const set = (field: Field) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setDraft((d) => ({ ...d, [field]: event.target.value }));
  const problemOf = (field: Field) => problems.filter((p) => p.path === field).map((p) => p.message).join("; ");

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setStatus("");
    const number = (v: string) => (v.trim() === "" ? null : Number(v));
    const body = {
      intoBed: draft.intoBed,
      triedToSleep: draft.triedToSleep,
      sleepOnsetMinutes: number(draft.sleepOnsetMinutes),
      awakenings: number(draft.awakenings),
      awakeMinutes: number(draft.awakeMinutes),
      finalAwakening: draft.finalAwakening,
      outOfBed: draft.outOfBed,
      quality: number(draft.quality),
      rested: number(draft.rested),
      comments: draft.comments.trim() === "" ? null : draft.comments,
    };
    try {
      const response = await fetch(endpoint, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const answer = (await response.json().catch(() => ({}))) as { error?: string; issues?: Array<{ path: string; message: string }> };
      if (!response.ok) {
        setProblems(answer.issues ?? []);
        setStatus(answer.issues?.length ? "Not saved: please check the answers marked below." : (answer.error ?? `Not saved (${response.status})`));
        return;
      }
      setProblems([]);
      setStatus("Saved. You can change it until the end of today.");
      router.refresh();
    } catch {
      setStatus("Not saved: the server cannot be reached");
    } finally {
      setBusy(false);
    }
  }

  const time = (field: Field, label: string, hint: string) => (
    <div className={styles.field}>
      <label htmlFor={`diary-${field}`}>{label}</label>
      <span className={styles.hint} id={`diary-${field}-hint`}>
        {hint}
      </span>
      <input id={`diary-${field}`} name={field} type="time" required value={draft[field]} onChange={set(field)} aria-describedby={`diary-${field}-hint`} aria-invalid={problemOf(field) ? true : undefined} />
      {problemOf(field) && <p className={styles.problem}>{problemOf(field)}</p>}
    </div>
  );
  const count = (field: Field, label: string, unit: string, max: number) => (
    <div className={styles.field}>
      <label htmlFor={`diary-${field}`}>
        {label} <span className={styles.hint}>({unit})</span>
      </label>
      <input id={`diary-${field}`} name={field} type="number" inputMode="numeric" min={0} max={max} step={1} required value={draft[field]} onChange={set(field)} aria-invalid={problemOf(field) ? true : undefined} />
      {problemOf(field) && <p className={styles.problem}>{problemOf(field)}</p>}
    </div>
  );
  const choice = (field: Field, label: string, options: readonly string[]) => (
    <div className={styles.field}>
      <label htmlFor={`diary-${field}`}>{label}</label>
      <select id={`diary-${field}`} name={field} required value={draft[field]} onChange={set(field)}>
        <option value="" disabled>
          Choose…
        </option>
        {options.map((o, i) => (
          <option key={o} value={i + 1}>
            {o}
          </option>
        ))}
      </select>
      {problemOf(field) && <p className={styles.problem}>{problemOf(field)}</p>}
    </div>
  );

  return (
    <form onSubmit={save} className={styles.form} data-testid="diary-form" noValidate={false}>
      <p className={styles.hint}>
        Times on your own clock ({zone}). Going to bed from noon on counts as the evening of {nightLabel}; before noon, as the morning of {morningLabel}. Waking and getting up
        are on the morning of {morningLabel}.
      </p>
      <div className={styles.pair}>
        {time("intoBed", "Into bed", "evening or after midnight")}
        {time("triedToSleep", "Tried to sleep", "lights out")}
      </div>
      {count("sleepOnsetMinutes", "How long it took to fall asleep", "minutes", 720)}
      <div className={styles.pair}>
        {count("awakenings", "Times you woke up", "not the final one", 50)}
        {count("awakeMinutes", "Awake in total", "minutes, those awakenings", 720)}
      </div>
      <div className={styles.pair}>
        {time("finalAwakening", "Final awakening", `morning of ${morningLabel}`)}
        {time("outOfBed", "Out of bed", `morning of ${morningLabel}`)}
      </div>
      {choice("quality", "Quality of your sleep", DIARY_QUALITY)}
      {choice("rested", "How rested you felt on waking", DIARY_RESTED)}
      <div className={styles.field}>
        <label htmlFor="diary-comments">
          Comments <span className={styles.hint}>(optional)</span>
        </label>
        <textarea id="diary-comments" name="comments" maxLength={1000} value={draft.comments} onChange={set("comments")} />
        {problemOf("comments") && <p className={styles.problem}>{problemOf("comments")}</p>}
      </div>
      <button type="submit" className={styles.save} disabled={busy}>
        {entry ? "Save changes" : "Save diary"}
      </button>
      <p role="status" data-testid="diary-status">
        {status}
      </p>
      <p>
        <Link href="/">← Home</Link>
      </p>
    </form>
  );
}
