"use client";

// The alert rules' thresholds: the clinic's defaults (admins, /admin/rules, with the adherence rule) or one
// patient's overrides (their clinician or an admin, on the patient page; an empty field keeps the clinic's).

import { useState } from "react";
import type { AlertThresholds } from "@/lib/alerts/rules";
import ui from "./ui.module.css";

type NumberKey = "shortSleepHours" | "efficiencyPercent" | "latencyMinutes" | "wasoMinutes" | "noDataNights";
type SwitchKey = "staleTonight" | "lowAdherence";

const NUMBERS: Array<[NumberKey, string, string]> = [
  ["shortSleepHours", "Total sleep under", "h"],
  ["efficiencyPercent", "Sleep efficiency under", "%"],
  ["latencyMinutes", "Sleep onset latency over", "min"],
  ["wasoMinutes", "Wake after sleep onset (WASO) over", "min"],
  ["noDataNights", "No data for", "nights"],
];
const SWITCHES: Array<[SwitchKey, string]> = [
  ["staleTonight", "Recording stale tonight"],
  ["lowAdherence", "Adherence below the clinic's target"],
];

type Props =
  | { scope: "clinic"; endpoint: string; initial: AlertThresholds; adherenceRule: string; defaultAdherenceRule: string }
  | { scope: "patient"; endpoint: string; initial: Partial<AlertThresholds>; clinic: AlertThresholds };

export function AlertRulesForm(props: Props) {
  const text = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));
  const [numbers, setNumbers] = useState<Record<NumberKey, string>>(() => Object.fromEntries(NUMBERS.map(([k]) => [k, text(props.initial[k])])) as Record<NumberKey, string>);
  const [switches, setSwitches] = useState<Record<SwitchKey, string>>(
    () => Object.fromEntries(SWITCHES.map(([k]) => [k, props.initial[k] === undefined ? "" : props.initial[k] ? "on" : "off"])) as Record<SwitchKey, string>,
  );
  const [adherence, setAdherence] = useState(props.scope === "clinic" ? props.adherenceRule : "");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const values: Record<string, number | boolean | null> = {};
    for (const [k] of NUMBERS) {
      const v = numbers[k].trim();
      // Clinic: empty turns the rule off. Patient: empty keeps the clinic's threshold.
      if (v === "") {
        if (props.scope === "clinic") values[k] = null;
      } else values[k] = Number(v);
    }
    for (const [k] of SWITCHES) {
      if (switches[k] !== "") values[k] = switches[k] === "on";
      else if (props.scope === "clinic") values[k] = false;
    }
    const body = props.scope === "clinic" ? { thresholds: values, adherenceRule: adherence.trim() === "" ? null : adherence.trim() } : { overrides: values };
    const response = await fetch(props.endpoint, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).catch(() => null);
    if (response?.ok) return setMessage({ ok: true, text: "Saved. New nights are judged by these rules." });
    const problem = response ? ((await response.json().catch(() => null)) as { issues?: Array<{ path: string; message: string }> } | null) : null;
    setMessage({ ok: false, text: `Not saved: ${problem?.issues?.map((i) => `${i.path}: ${i.message}`).join("; ") || (response ? `the server answered ${response.status}` : "the server could not be reached")}` });
  };

  return (
    <form onSubmit={(e) => void save(e)}>
      {NUMBERS.map(([k, label, unit]) => (
        <p key={k}>
          <label>
            {label}{" "}
            <input
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              name={k}
              value={numbers[k]}
              onChange={(e) => setNumbers((n) => ({ ...n, [k]: e.target.value }))}
              placeholder={props.scope === "patient" ? `${text(props.clinic[k]) || "off"} (clinic)` : "off"}
             
            />{" "}
            {unit}
          </label>
        </p>
      ))}
      {SWITCHES.map(([k, label]) => (
        <p key={k}>
          <label>
            {label}{" "}
            <select name={k} value={switches[k]} onChange={(e) => setSwitches((s) => ({ ...s, [k]: e.target.value }))}>
              {props.scope === "patient" && <option value="">Clinic&apos;s ({props.clinic[k] ? "on" : "off"})</option>}
              {props.scope === "clinic" && <option value="">Off</option>}
              <option value="on">On</option>
              <option value="off">Off</option>
            </select>
          </label>
        </p>
      ))}
      {props.scope === "clinic" && (
        <p>
          <label>
            Adherence rule (hours, target, window){" "}
            <input name="adherenceRule" value={adherence} onChange={(e) => setAdherence(e.target.value)} placeholder={props.defaultAdherenceRule} />
          </label>
          <br />
          <span className={ui.muted}>Like &quot;4h,70%,30d&quot;: at least 4 h of sleep on 70 % of the days of 30. Empty: the server&apos;s default ({props.defaultAdherenceRule}).</span>
        </p>
      )}
      <p>
        <button type="submit">Save rules</button>
      </p>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? undefined : ui.error}>
          {message.text}
        </p>
      )}
    </form>
  );
}
