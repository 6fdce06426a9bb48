"use client";

// Clinician time on the patient page (issue 24 §3): the month's total against the 10/20-minute steps
// (lib/sleep/clinician-time.ts monthTimeSummary, as the billing CSV counts it), the month's entries,
// a form for time spent away from the page (a call, a video visit...), and the month's billing CSV.

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";
import { CLINICIAN_TIME_KINDS, monthTimeSummary, type ClinicianTimeKind, type MonthTime } from "@/lib/sleep/clinician-time";
import { patientApiPath } from "@/lib/paths";
import { CLINICIAN_TIME_RECORDED } from "./ClinicianTimeTimer";
import ui from "./ui.module.css";
import styles from "./ClinicianTimePanel.module.css";
import { ActionButton } from "./ActionButton";

export interface ClinicianTimeEntryShown {
  id: string;
  day: string;
  minutes: number;
  kind: string;
  interactiveContact: boolean;
  note: string;
  clinicianName: string;
}

interface Props {
  asleepUserId: string;
  /** "YYYY-MM", in the patient's zone. */
  month: string;
  /** Today, "YYYY-MM-DD", in the patient's zone: the form's default date. */
  today: string;
  zone: string;
  initial: { entries: ClinicianTimeEntryShown[]; total: MonthTime };
}

export function ClinicianTimePanel({ asleepUserId, month, today, zone, initial }: Props) {
  const t = useTranslations("ClinicianTimePanel");
  const summary = useTranslations("ClinicianTimePanel.summary");
  const kinds = useTranslations("ClinicianTimePanel.kinds");
  // A kind the form does not offer (an older entry's), as it is stored.
  const kindLabel = (kind: string) => (kinds.has(kind) ? kinds(kind) : kind);
  const endpoint = `${patientApiPath(asleepUserId)}/clinician-time`;
  const [data, setData] = useState(initial);
  const [form, setForm] = useState({ day: today, minutes: "", kind: "call" as ClinicianTimeKind, interactiveContact: false, note: "" });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const reload = useCallback(async () => {
    const response = await fetch(`${endpoint}?month=${month}`).catch(() => null);
    if (response?.ok) setData((await response.json()) as Props["initial"]);
  }, [endpoint, month]);

  useEffect(() => {
    const onRecorded = () => void reload();
    window.addEventListener(CLINICIAN_TIME_RECORDED, onRecorded);
    return () => window.removeEventListener(CLINICIAN_TIME_RECORDED, onRecorded);
  }, [reload]);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const body = { day: form.day, minutes: Number(form.minutes), kind: form.kind, interactiveContact: form.interactiveContact, note: form.note };
    const response = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).catch(() => null);
    if (response?.ok) {
      setMessage({ ok: true, text: t("recorded", { minutes: String(body.minutes), day: form.day }) });
      setForm((f) => ({ ...f, minutes: "", note: "", interactiveContact: false }));
      await reload();
      return;
    }
    const problem = response ? ((await response.json().catch(() => null)) as { issues?: Array<{ path: string; message: string }> } | null) : null;
    setMessage({ ok: false, text: t("notRecorded", { detail: problem?.issues?.map((i) => `${i.path}: ${i.message}`).join("; ") || (response ? t("serverAnswered", { status: String(response.status) }) : t("unreachable")) }) });
  };

  return (
    <>
      <p data-testid="time-month-total">
        {month}: {monthTimeSummary(data.total, summary)}.
      </p>
      {data.entries.length > 0 && (
        <div className={ui.tableScroll} role="region" aria-label={t("table")} tabIndex={0}>
          <table data-testid="time-entries">
            <thead>
              <tr>
                <th scope="col">{t("columns.date")}</th>
                <th scope="col">{t("columns.minutes")}</th>
                <th scope="col">{t("columns.kind")}</th>
                <th scope="col">{t("columns.contact")}</th>
                <th scope="col">{t("columns.by")}</th>
                <th scope="col">{t("columns.note")}</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.id} data-testid="time-entry">
                  <td>{e.day}</td>
                  <td>{e.minutes}</td>
                  <td>{kindLabel(e.kind)}</td>
                  <td>{e.interactiveContact ? t("yes") : t("no")}</td>
                  <td>{e.clinicianName}</td>
                  <td>{e.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form method="post" onSubmit={(e) => void save(e)} className={styles.form} data-testid="time-form" aria-label={t("form")}>
        <label>
          {t("date")} <input type="date" name="day" required value={form.day} onChange={(e) => setForm({ ...form, day: e.target.value })} />
        </label>
        <label>
          {t("minutes")} <input type="number" name="minutes" required min={1} max={480} step={1} value={form.minutes} onChange={(e) => setForm({ ...form, minutes: e.target.value })} />
        </label>
        <label>
          {t("kind")}{" "}
          <select name="kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as ClinicianTimeKind })}>
            {CLINICIAN_TIME_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" name="interactiveContact" checked={form.interactiveContact} onChange={(e) => setForm({ ...form, interactiveContact: e.target.checked })} />{" "}
          {t("contactWith")}
        </label>
        <label className={styles.note}>
          {t("note")} <input type="text" name="note" maxLength={2000} value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />
        </label>
        <ActionButton type="submit">{t("submit")}</ActionButton>
        {message && (
          <p role={message.ok ? "status" : "alert"} className={message.ok ? undefined : ui.error}>
            {message.text}
          </p>
        )}
      </form>
      <p className={`${ui.muted} ${ui.small}`}>
        {t.rich("footer", {
          zone,
          month,
          link: (chunks) => (
            <a href={`/api/billing.csv?month=${month}`} data-testid="billing-csv" download>
              {chunks}
            </a>
          ),
        })}
      </p>
    </>
  );
}
