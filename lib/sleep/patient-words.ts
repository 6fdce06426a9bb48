// The patient page's sentences about adherence and compliance, and its days, in the reader's language
// (issue 28). The English words of lib/sleep/adherence.ts, compliance.ts and enrolment.ts are also the
// period PDF's, so they stay there as they are; the page says the same from the catalogues
// (PatientPage.adherence and PatientPage.compliance in lib/i18n/messages), on the same figures.
// patient-words.test.ts holds the English here word for word what those helpers say.

import { INTL_TAG, type Locale } from "../i18n/locales";
import { dayLabel } from "../time/day";
import { dayText } from "../time/day-words";
import { isUsualRule, type Adherence, type AdherenceRule } from "./adherence";
import { COMPLIANCE_MIN_HOURS, COMPLIANCE_REQUIRED_DAYS, COMPLIANCE_WINDOW_DAYS, windowLabel, type Compliance } from "./compliance";
import type { Day } from "./days";
import { enrolledWindow } from "./enrolment";

/** A translator of one namespace (next-intl's t, or server/i18n/translator.ts translatorFor). */
export type Say = (key: string, values?: Record<string, string | number>) => string;

const utcDay = (day: Day) => new Date(`${day}T00:00:00Z`);

/** "Sun 22 Nov 2026" in English (lib/time/day.ts dayLabel); "2026년 11월 22일 (일)" in Korean: lib/time/day-words.ts. */
export const dayIn = (day: Day, locale: Locale): string => dayText(day, locale);

/** "3 Nov–2 Dec 2026" in English (compliance.ts windowLabel); "2026년 11월 3일~12월 2일" in Korean. */
export function windowIn(w: { firstDay: Day; lastDay: Day }, locale: Locale): string {
  if (locale === "en") return windowLabel(w);
  return new Intl.DateTimeFormat(INTL_TAG[locale], { timeZone: "UTC", year: "numeric", month: "long", day: "numeric" }).formatRange(utcDay(w.firstDay), utcDay(w.lastDay));
}

/**
 * adherence.ts adherenceSummary, from PatientPage.adherence: "21 of 30 days with at least 4 h of sleep — 70 % —
 * meets the usual rule", or "Too early to tell: enrolled Tue 1 Dec 2026, 6 of 30 days so far".
 */
export function adherenceWords(a: Adherence, t: Say, locale: Locale): string {
  if (a.tooEarly) {
    const enrolledOn = a.enrolledOn ?? a.firstDay;
    const w = enrolledWindow(enrolledOn, a.lastDay, a.rule.windowDays);
    return t("tooEarly", { day: dayIn(enrolledOn, locale), days: String(w.days), window: String(w.windowDays) });
  }
  return t("summary", {
    adherent: String(a.adherentDays),
    days: String(a.days),
    hours: String(a.rule.minSleepHours),
    percent: String(Math.floor(a.percent)),
    meets: a.meets ? "yes" : "no",
    usual: isUsualRule(a.rule) ? "yes" : "no",
    target: String(a.rule.targetPercent),
  });
}

/** adherence.ts adherenceDefinition, from PatientPage.adherence.definition. */
export function adherenceDefinitionWords(rule: AdherenceRule, t: Say): string {
  const required = Math.ceil(Number(((rule.targetPercent * rule.windowDays) / 100).toFixed(9)));
  return t("definition", { hours: String(rule.minSleepHours), target: String(rule.targetPercent), window: String(rule.windowDays), required: String(required) });
}

/** compliance.ts complianceSummary, from PatientPage.compliance. */
export function complianceWords(c: Compliance, t: Say, locale: Locale): string {
  const rule = { hours: String(COMPLIANCE_MIN_HOURS), window: String(COMPLIANCE_WINDOW_DAYS), required: String(COMPLIANCE_REQUIRED_DAYS) };
  if (c.status === "met") return t("met", { ...rule, days: windowIn(c.window, locale), adherent: String(c.window.adherentDays) });
  if (c.status === "not-yet") return t("notYet", { ...rule, best: String(c.best.adherentDays), left: c.daysLeft });
  return t("notMet", { ...rule, best: String(c.best.adherentDays) });
}

/** compliance.ts COMPLIANCE_DEFINITION, from PatientPage.compliance.definition. */
export function complianceDefinitionWords(t: Say): string {
  return t("definition", { hours: String(COMPLIANCE_MIN_HOURS), window: String(COMPLIANCE_WINDOW_DAYS), required: String(COMPLIANCE_REQUIRED_DAYS) });
}
