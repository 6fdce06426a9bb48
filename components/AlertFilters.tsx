// The alert inbox's filters (rule, patient, status, owner), as a plain GET form: the filters live in the
// page's address (validated by alertPageQuery), so a filtered view can be bookmarked and shared. "Mine"
// and "Everyone's" are one click.

import Link from "next/link";
import { useTranslations } from "next-intl";
import { RULES } from "@/lib/alerts/rules";
import { ruleLabel } from "@/lib/alerts/wording";
import styles from "./AlertFilters.module.css";

export interface AlertFilterValues {
  state: string;
  rule?: string;
  patient?: string;
  owner?: string;
}

const STATES = ["unresolved", "open", "acknowledged", "resolved", "all"] as const;

export function AlertFilters({
  values,
  patients,
  colleagues,
}: {
  values: AlertFilterValues;
  patients: Array<{ asleepUserId: string; name: string }>;
  colleagues: Array<{ id: string; name: string }>;
}) {
  const t = useTranslations("AlertFilters");
  const words = useTranslations("AlertText");
  return (
    <>
      <nav className={styles.views} aria-label={t("views")}>
        <Link href="/alerts?owner=me" aria-current={values.owner === "me" ? "page" : undefined}>
          {t("mine")}
        </Link>
        {" · "}
        <Link href="/alerts?owner=none">{t("nobodys")}</Link>
        {" · "}
        <Link href="/alerts" aria-current={!values.owner && !values.rule && !values.patient && values.state === "unresolved" ? "page" : undefined}>
          {t("everyones")}
        </Link>
      </nav>
      <form method="get" action="/alerts" className={styles.filters} data-testid="alert-filters">
        <label>
          {t("status")}
          <select name="state" defaultValue={values.state}>
            {STATES.map((value) => (
              <option key={value} value={value}>
                {t(`state.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("rule")}
          <select name="rule" defaultValue={values.rule ?? ""}>
            <option value="">{t("anyRule")}</option>
            {RULES.map((r) => (
              <option key={r} value={r}>
                {ruleLabel(words, r)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("patient")}
          <select name="patient" defaultValue={values.patient ?? ""}>
            <option value="">{t("anyPatient")}</option>
            {patients.map((p) => (
              <option key={p.asleepUserId} value={p.asleepUserId}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("owner")}
          <select name="owner" defaultValue={values.owner ?? ""}>
            <option value="">{t("anyOwner")}</option>
            <option value="me">{t("me")}</option>
            <option value="none">{t("nobodyYet")}</option>
            {colleagues.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("filter")}</button>
      </form>
    </>
  );
}
