"use client";

// The alert rules' thresholds: the clinic's defaults (admins, /admin/rules, with the adherence rule) or one
// patient's overrides (their clinician or an admin, on the patient page; an empty field keeps the clinic's).

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { AlertThresholds } from "@/lib/alerts/rules";
import ui from "./ui.module.css";
import { ActionButton } from "./ActionButton";

type NumberKey = "shortSleepHours" | "efficiencyPercent" | "latencyMinutes" | "wasoMinutes" | "noDataNights";
type SwitchKey = "staleTonight" | "lowAdherence";

// Each rule's label and unit: AlertRulesForm.rule.<key> and AlertRulesForm.unit.<key>.
const NUMBERS: NumberKey[] = ["shortSleepHours", "efficiencyPercent", "latencyMinutes", "wasoMinutes", "noDataNights"];
const SWITCHES: SwitchKey[] = ["staleTonight", "lowAdherence"];

type Props =
  | { scope: "clinic"; endpoint: string; initial: AlertThresholds; adherenceRule: string; defaultAdherenceRule: string }
  | { scope: "patient"; endpoint: string; initial: Partial<AlertThresholds>; clinic: AlertThresholds };

export function AlertRulesForm(props: Props) {
  const t = useTranslations("AlertRulesForm");
  const text = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));
  const [numbers, setNumbers] = useState<Record<NumberKey, string>>(() => Object.fromEntries(NUMBERS.map((k) => [k, text(props.initial[k])])) as Record<NumberKey, string>);
  const [switches, setSwitches] = useState<Record<SwitchKey, string>>(
    () => Object.fromEntries(SWITCHES.map((k) => [k, props.initial[k] === undefined ? "" : props.initial[k] ? "on" : "off"])) as Record<SwitchKey, string>,
  );
  const [adherence, setAdherence] = useState(props.scope === "clinic" ? props.adherenceRule : "");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const values: Record<string, number | boolean | null> = {};
    for (const k of NUMBERS) {
      const v = numbers[k].trim();
      // Clinic: empty turns the rule off. Patient: empty keeps the clinic's threshold.
      if (v === "") {
        if (props.scope === "clinic") values[k] = null;
      } else values[k] = Number(v);
    }
    for (const k of SWITCHES) {
      if (switches[k] !== "") values[k] = switches[k] === "on";
      else if (props.scope === "clinic") values[k] = false;
    }
    const body = props.scope === "clinic" ? { thresholds: values, adherenceRule: adherence.trim() === "" ? null : adherence.trim() } : { overrides: values };
    const response = await fetch(props.endpoint, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).catch(() => null);
    if (response?.ok) return setMessage({ ok: true, text: t("saved") });
    const problem = response ? ((await response.json().catch(() => null)) as { issues?: Array<{ path: string; message: string }> } | null) : null;
    // The API's own words for what it refused (field: message), else what went wrong on the way.
    const why = problem?.issues?.map((i) => `${i.path}: ${i.message}`).join("; ") || (response ? t("serverAnswered", { status: String(response.status) }) : t("unreachable"));
    setMessage({ ok: false, text: t("notSaved", { why }) });
  };

  return (
    <form method="post" onSubmit={(e) => void save(e)}>
      {NUMBERS.map((k) => (
        <p key={k}>
          <label>
            {t(`rule.${k}`)}{" "}
            <input
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              name={k}
              value={numbers[k]}
              onChange={(e) => setNumbers((n) => ({ ...n, [k]: e.target.value }))}
              placeholder={props.scope === "patient" ? t("clinicValue", { value: text(props.clinic[k]) || t("offValue") }) : t("offValue")}
            />{" "}
            {t(`unit.${k}`)}
          </label>
        </p>
      ))}
      {SWITCHES.map((k) => (
        <p key={k}>
          <label>
            {t(`rule.${k}`)}{" "}
            <select name={k} value={switches[k]} onChange={(e) => setSwitches((s) => ({ ...s, [k]: e.target.value }))}>
              {props.scope === "patient" && <option value="">{t("clinicSwitch", { value: props.clinic[k] ? t("onValue") : t("offValue") })}</option>}
              {props.scope === "clinic" && <option value="">{t("off")}</option>}
              <option value="on">{t("on")}</option>
              <option value="off">{t("off")}</option>
            </select>
          </label>
        </p>
      ))}
      {props.scope === "clinic" && (
        <p>
          <label>
            {t("adherenceRule")}{" "}
            <input name="adherenceRule" value={adherence} onChange={(e) => setAdherence(e.target.value)} placeholder={props.defaultAdherenceRule} />
          </label>
          <br />
          <span className={ui.muted}>{t("adherenceHelp", { default: props.defaultAdherenceRule })}</span>
        </p>
      )}
      <p>
        <ActionButton type="submit">{t("save")}</ActionButton>
      </p>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? undefined : ui.error}>
          {message.text}
        </p>
      )}
    </form>
  );
}
