// The alert inbox's filters (rule, patient, status, owner), as a plain GET form: the filters live in the
// page's address (validated by alertPageQuery), so a filtered view can be bookmarked and shared. "Mine"
// and "Everyone's" are one click.

import Link from "next/link";
import { RULE_LABELS, RULES } from "@/lib/alerts/rules";
import styles from "./AlertFilters.module.css";

export interface AlertFilterValues {
  state: string;
  rule?: string;
  patient?: string;
  owner?: string;
}

const STATES = [
  ["unresolved", "Not resolved"],
  ["open", "Open"],
  ["acknowledged", "Acknowledged"],
  ["resolved", "Resolved"],
  ["all", "All"],
] as const;

export function AlertFilters({
  values,
  patients,
  colleagues,
}: {
  values: AlertFilterValues;
  patients: Array<{ asleepUserId: string; name: string }>;
  colleagues: Array<{ id: string; name: string }>;
}) {
  return (
    <>
      <nav className={styles.views} aria-label="Alert views">
        <Link href="/alerts?owner=me" aria-current={values.owner === "me" ? "page" : undefined}>
          Mine
        </Link>
        {" · "}
        <Link href="/alerts?owner=none">Nobody&apos;s yet</Link>
        {" · "}
        <Link href="/alerts" aria-current={!values.owner && !values.rule && !values.patient && values.state === "unresolved" ? "page" : undefined}>
          Everyone&apos;s
        </Link>
      </nav>
      <form method="get" action="/alerts" className={styles.filters} data-testid="alert-filters">
        <label>
          Status
          <select name="state" defaultValue={values.state}>
            {STATES.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rule
          <select name="rule" defaultValue={values.rule ?? ""}>
            <option value="">Any rule</option>
            {RULES.map((r) => (
              <option key={r} value={r}>
                {RULE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Patient
          <select name="patient" defaultValue={values.patient ?? ""}>
            <option value="">Any patient</option>
            {patients.map((p) => (
              <option key={p.asleepUserId} value={p.asleepUserId}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Owner
          <select name="owner" defaultValue={values.owner ?? ""}>
            <option value="">Anyone or nobody</option>
            <option value="me">Me</option>
            <option value="none">Nobody yet</option>
            {colleagues.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
    </>
  );
}
