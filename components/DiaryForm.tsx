"use client";

// The sleeper's morning diary: the Consensus Sleep Diary's core items (lib/sleep/diary.ts), phone-first.
// Clock times are on the sleeper's clock, in their zone, which the form names; the server checks the
// order and the minutes and says which answer does not add up.

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { DIARY_QUALITY, DIARY_RESTED, diaryProblemFacts, diaryProblems, type DiaryAnswers } from "@/lib/sleep/diary";
import type { Words } from "@/lib/sleep/words";
import styles from "./DiaryForm.module.css";
import { ActionButton } from "./ActionButton";

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

/**
 * The server's words for what does not add up, in the page's language: a problem the form finds the
 * same (lib/sleep/diary.ts, the same answers, night and zone) is worded by the catalogue; any other
 * (a malformed answer) is shown as the server wrote it.
 */
function problemsInWords(issues: Array<{ path: string; message: string }>, answers: Record<string, unknown>, night: string, timeZone: string, t: Words): Array<{ path: string; message: string }> {
  const complete = Object.entries(answers).every(([k, v]) => k === "comments" || (v !== null && v !== ""));
  if (!complete) return issues;
  let facts: ReturnType<typeof diaryProblemFacts>;
  let english: ReturnType<typeof diaryProblems>;
  try {
    facts = diaryProblemFacts(night, timeZone, answers as unknown as DiaryAnswers);
    english = diaryProblems(night, timeZone, answers as unknown as DiaryAnswers);
  } catch {
    return issues;
  }
  return issues.map((issue) => {
    const i = english.findIndex((p) => p.path === issue.path && p.message === issue.message);
    return i < 0 ? issue : { path: issue.path, message: t(`problem.${facts[i]!.code}`, facts[i]!.values) };
  });
}

/** `night` and `timeZone`: the night the diary is for and the sleeper's zone (the form words the server's problems with them). */
export function DiaryForm({ endpoint, entry, night, timeZone, nightLabel, morningLabel, zone }: { endpoint: string; entry: DiaryAnswers | null; night: string; timeZone: string; nightLabel: string; morningLabel: string; zone: string }) {
  const t = useTranslations("DiaryForm");
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
        setProblems(problemsInWords(answer.issues ?? [], body, night, timeZone, t));
        setStatus(answer.issues?.length ? t("status.checkAnswers") : (answer.error ?? t("status.notSaved", { status: response.status })));
        return;
      }
      setProblems([]);
      setStatus(t("status.saved"));
      router.refresh();
    } catch {
      setStatus(t("status.unreachable"));
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
          {t("choose")}
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
    <form method="post" onSubmit={save} className={styles.form} data-testid="diary-form" noValidate={false}>
      <p className={styles.hint}>{t("intro", { zone, night: nightLabel, morning: morningLabel })}</p>
      <div className={styles.pair}>
        {time("intoBed", t("intoBed.label"), t("intoBed.hint"))}
        {time("triedToSleep", t("triedToSleep.label"), t("triedToSleep.hint"))}
      </div>
      {count("sleepOnsetMinutes", t("sleepOnsetMinutes.label"), t("sleepOnsetMinutes.unit"), 720)}
      <div className={styles.pair}>
        {count("awakenings", t("awakenings.label"), t("awakenings.unit"), 50)}
        {count("awakeMinutes", t("awakeMinutes.label"), t("awakeMinutes.unit"), 720)}
      </div>
      <div className={styles.pair}>
        {time("finalAwakening", t("finalAwakening.label"), t("morningOf", { morning: morningLabel }))}
        {time("outOfBed", t("outOfBed.label"), t("morningOf", { morning: morningLabel }))}
      </div>
      {choice("quality", t("quality.label"), DIARY_QUALITY.map((_, i) => t(`quality.${i + 1}`)))}
      {choice("rested", t("rested.label"), DIARY_RESTED.map((_, i) => t(`rested.${i + 1}`)))}
      <div className={styles.field}>
        <label htmlFor="diary-comments">
          {t("comments.label")} <span className={styles.hint}>{t("comments.optional")}</span>
        </label>
        <textarea id="diary-comments" name="comments" maxLength={1000} value={draft.comments} onChange={set("comments")} />
        {problemOf("comments") && <p className={styles.problem}>{problemOf("comments")}</p>}
      </div>
      <ActionButton type="submit" className={styles.save} disabled={busy}>
        {entry ? t("saveChanges") : t("save")}
      </ActionButton>
      <p role="status" data-testid="diary-status">
        {status}
      </p>
      <p>
        <Link href="/">{t("home")}</Link>
      </p>
    </form>
  );
}
