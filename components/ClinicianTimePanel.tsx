"use client";

// Clinician time on the patient page (issue 24 §3): the month's total against the 10/20-minute steps
// (lib/sleep/clinician-time.ts monthTimeSummary, as the billing CSV counts it), the month's entries,
// a form for time spent away from the page (a call, a video visit...), and the month's billing CSV.

import { useCallback, useEffect, useState } from "react";
import { CLINICIAN_TIME_KIND_LABELS, CLINICIAN_TIME_KINDS, monthTimeSummary, type ClinicianTimeKind, type MonthTime } from "@/lib/sleep/clinician-time";
import { patientApiPath } from "@/lib/paths";
import { CLINICIAN_TIME_RECORDED } from "./ClinicianTimeTimer";
import ui from "./ui.module.css";
import styles from "./ClinicianTimePanel.module.css";

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

const kindLabel = (kind: string) => CLINICIAN_TIME_KIND_LABELS[kind as ClinicianTimeKind] ?? kind;

export function ClinicianTimePanel({ asleepUserId, month, today, zone, initial }: Props) {
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
      setMessage({ ok: true, text: `Recorded ${body.minutes} min on ${form.day}.` });
      setForm((f) => ({ ...f, minutes: "", note: "", interactiveContact: false }));
      await reload();
      return;
    }
    const problem = response ? ((await response.json().catch(() => null)) as { issues?: Array<{ path: string; message: string }> } | null) : null;
    setMessage({ ok: false, text: `Not recorded: ${problem?.issues?.map((i) => `${i.path}: ${i.message}`).join("; ") || (response ? `the server answered ${response.status}` : "the server could not be reached")}` });
  };

  return (
    <>
      <p data-testid="time-month-total">
        {month}: {monthTimeSummary(data.total)}.
      </p>
      {data.entries.length > 0 && (
        <div className={ui.tableScroll} role="region" aria-label="This month's clinician time" tabIndex={0}>
          <table data-testid="time-entries">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Minutes</th>
                <th scope="col">Kind</th>
                <th scope="col">Interactive contact</th>
                <th scope="col">By</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.id} data-testid="time-entry">
                  <td>{e.day}</td>
                  <td>{e.minutes}</td>
                  <td>{kindLabel(e.kind)}</td>
                  <td>{e.interactiveContact ? "Yes" : "No"}</td>
                  <td>{e.clinicianName}</td>
                  <td>{e.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={(e) => void save(e)} className={styles.form} data-testid="time-form" aria-label="Record time">
        <label>
          Date <input type="date" name="day" required value={form.day} onChange={(e) => setForm({ ...form, day: e.target.value })} />
        </label>
        <label>
          Minutes <input type="number" name="minutes" required min={1} max={480} step={1} value={form.minutes} onChange={(e) => setForm({ ...form, minutes: e.target.value })} />
        </label>
        <label>
          Kind{" "}
          <select name="kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as ClinicianTimeKind })}>
            {CLINICIAN_TIME_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" name="interactiveContact" checked={form.interactiveContact} onChange={(e) => setForm({ ...form, interactiveContact: e.target.checked })} /> Interactive contact with
          the patient
        </label>
        <label className={styles.note}>
          Note <input type="text" name="note" maxLength={2000} value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />
        </label>
        <button type="submit">Record time</button>
        {message && (
          <p role={message.ok ? "status" : "alert"} className={message.ok ? undefined : ui.error}>
            {message.text}
          </p>
        )}
      </form>
      <p className={`${ui.muted} ${ui.small}`}>
        Dates are days in {zone}, the patient&apos;s zone. <a href={`/api/billing.csv?month=${month}`} data-testid="billing-csv" download>
          Download {month} billing CSV
        </a>{" "}
        (every patient you follow: days with data in the monitoring cycle, minutes, interactive contact).
      </p>
    </>
  );
}
