"use client";

// Multi-night studies on the patient page (issue 26): a clinician orders one (nights wanted, window,
// minimum valid nights, minimum total sleep); each study shows its status ("4 of 7 valid nights, 9 days
// left", lib/sleep/study.ts, the board's words), its nights, and once decided the form that signs its
// interpretation; a signed version is final (its PDF and SHA-256 shown), a change is an amendment with a
// reason, every version listed.

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { dateTime, duration } from "@/lib/format";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { nightInvalidity, studyStatusWords } from "@/lib/sleep/study";
import type { Words } from "@/lib/sleep/words";
import { zoneLabel } from "@/lib/time/zone";
import type { SignedReportVersion } from "@/server/data/signed-reports";
import type { StudyView } from "@/server/data/studies";
import { dayText } from "@/lib/time/day-words";
import { useViewerZone } from "./useViewerZone";
import ui from "./ui.module.css";
import styles from "./Studies.module.css";
import { ActionButton } from "./ActionButton";

type Problem = { error?: string; issues?: Array<{ path: string; message: string }> } | null;

/** `t`: the "Studies" catalogue, for what is said when the server gives no words of its own. */
export async function send(url: string, method: "POST" | "PUT", body: unknown, t: Words): Promise<{ ok: boolean; text: string }> {
  const response = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).catch(() => null);
  if (response?.ok) return { ok: true, text: "" };
  const problem = response ? ((await response.json().catch(() => null)) as Problem) : null;
  const detail = problem?.issues?.length ? problem.issues.map((i) => `${i.path}: ${i.message}`).join("; ") : problem?.error;
  return { ok: false, text: detail || (response ? t("send.answered", { status: response.status }) : t("send.unreachable")) };
}

/** The page's language, narrowed. */
function usePageLocale(): Locale {
  const locale = useLocale();
  return isLocale(locale) ? locale : "en";
}

export interface StudiesProps {
  studies: StudyView[];
  /** POST here to order a study; null: the viewer cannot (a sleeper). */
  orderEndpoint: string | null;
  /** The viewer signs (a clinician of the patient). */
  canSign: boolean;
  /** The credential on the viewer's account (printed after their name), null if none yet. */
  credential: string | null;
  /** The order form's first day. */
  today: string;
}

export function Studies({ studies, orderEndpoint, canSign, credential, today }: StudiesProps) {
  const t = useTranslations("Studies");
  return (
    <>
      {studies.length === 0 && <p className={ui.muted}>{t("none")}</p>}
      {studies.map((s) => (
        <Study key={s.id} study={s} canSign={canSign} credential={credential} />
      ))}
      {orderEndpoint && <OrderForm endpoint={orderEndpoint} today={today} />}
      {canSign && <CredentialForm initial={credential} />}
    </>
  );
}

function OrderForm({ endpoint, today }: { endpoint: string; today: string }) {
  const t = useTranslations("Studies");
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const n = (k: string) => Number(f.get(k));
    const result = await send(endpoint, "POST", { startDay: f.get("startDay"), windowDays: n("windowDays"), nightsWanted: n("nightsWanted"), minValidNights: n("minValidNights"), minSleepMinutes: Math.round(n("minSleepHours") * 60) }, t);
    setMessage(result.ok ? { ok: true, text: t("order.done") } : { ok: false, text: t("order.failed", { detail: result.text }) });
    if (result.ok) router.refresh();
  };
  return (
    <form method="post" onSubmit={(e) => void submit(e)} aria-labelledby="order-study-heading">
      <h3 id="order-study-heading">{t("order.heading")}</h3>
      <div className={styles.orderForm}>
        <label>
          {t("order.startDay")} <input type="date" name="startDay" required defaultValue={today} />
        </label>
        <label>
          {t("order.windowDays")} <input type="number" name="windowDays" required min={1} max={90} defaultValue={14} />
        </label>
        <label>
          {t("order.nightsWanted")} <input type="number" name="nightsWanted" required min={1} max={90} defaultValue={7} />
        </label>
        <label>
          {t("order.minValidNights")} <input type="number" name="minValidNights" required min={1} max={90} defaultValue={5} />
        </label>
        <label>
          {t("order.minSleepHours")} <input type="number" name="minSleepHours" required min={0.5} max={12} step={0.25} defaultValue={4} />
        </label>
        <ActionButton type="submit">{t("order.submit")}</ActionButton>
      </div>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? undefined : ui.error}>
          {message.text}
        </p>
      )}
    </form>
  );
}

function CredentialForm({ initial }: { initial: string | null }) {
  const t = useTranslations("Studies");
  const router = useRouter();
  const [value, setValue] = useState(initial ?? "");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const result = await send("/api/account/credential", "PUT", { credential: value.trim() === "" ? null : value.trim() }, t);
    setMessage(result.ok ? { ok: true, text: t("credential.saved") } : { ok: false, text: t("credential.notSaved", { detail: result.text }) });
    if (result.ok) router.refresh();
  };
  return (
    <form method="post" onSubmit={(e) => void submit(e)} className={styles.signForm}>
      <label>
        {t("credential.label")}
        <input name="credential" value={value} onChange={(e) => setValue(e.target.value)} placeholder={t("credential.placeholder")} maxLength={80} />
      </label>
      <ActionButton type="submit">{t("credential.save")}</ActionButton>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? undefined : ui.error}>
          {message.text}
        </p>
      )}
    </form>
  );
}

function Study({ study: s, canSign, credential }: { study: StudyView; canSign: boolean; credential: string | null }) {
  const t = useTranslations("Studies");
  const locale = usePageLocale();
  const day = (d: string) => dayText(d, locale);
  const outcome = s.decided?.outcome ?? (s.status.outcome === "in-progress" ? null : s.status.outcome);
  const latest = s.reports[0] ?? null;
  /** Why a night is not valid, in the page's language. */
  const why = (n: StudyView["status"]["nights"][number]) => {
    const invalid = nightInvalidity(n, s.minSleepMinutes);
    if (invalid === null) return "";
    return invalid.why === "incomplete" ? t("why.incomplete") : t("why.short", { asleep: duration(invalid.asleepSeconds, locale), min: duration(invalid.minSleepMinutes * 60, locale) });
  };
  return (
    <article className={styles.study} aria-label={t("study.label", { from: s.startDay, to: s.lastDay })}>
      <p>
        {t("study.order", {
          nights: s.nightsWanted,
          days: s.windowDays,
          from: day(s.startDay),
          to: day(s.lastDay),
          zone: zoneLabel(s.zone),
          minValid: s.minValidNights,
          minSleep: duration(s.minSleepMinutes * 60, locale),
          orderedBy: s.orderedByName,
        })}
      </p>
      <p className={`${styles.status} ${outcome === "adequate" ? styles.adequate : outcome === "failed" ? styles.failed : ""}`} data-testid="study-status">
        {studyStatusWords(s, s.status, t, day)}
      </p>
      {s.status.nights.length > 0 && (
        <ul className={styles.nights}>
          {s.status.nights.map((n) => (
            <li key={n.id} className={n.valid ? undefined : styles.invalid}>
              {n.valid
                ? t("night.valid", { day: day(n.day), asleep: duration(n.totalSleepSeconds, locale) })
                : t("night.invalid", { day: day(n.day), asleep: duration(n.totalSleepSeconds, locale), why: why(n) })}
            </li>
          ))}
        </ul>
      )}
      {s.reports.length > 0 && <SignedVersions versions={s.reports} fhirUrl={`/api/studies/${encodeURIComponent(s.id)}/fhir`} />}
      {canSign && outcome !== null && (credential ? <SignForm signUrl={`/api/studies/${encodeURIComponent(s.id)}/sign`} amendUrl={`/api/studies/${encodeURIComponent(s.id)}/amend`} latest={latest} /> : <p className={ui.muted}>{t("sign.needsCredential")}</p>)}
      {canSign && outcome === null && <p className={ui.muted}>{t("sign.undecided")}</p>}
    </article>
  );
}

/** Every signed version, newest first: who signed, when (with the zone), why amended, its PDF and SHA-256; then the FHIR export. */
export function SignedVersions({ versions, fhirUrl }: { versions: readonly SignedReportVersion[]; fhirUrl: string }) {
  const t = useTranslations("Studies");
  const locale = usePageLocale();
  return (
    <>
      <h4>{t("versions.heading")}</h4>
      {/* Newest first; each says its version number itself, so the list shows no numbers of its own. */}
      <ol className={styles.versions} reversed>
        {versions.map((r) => (
          <li key={r.version}>
            {t(r.version > 1 ? "versions.amended" : "versions.first", {
              version: r.version,
              name: r.signerName,
              credential: r.signerCredential,
              at: dateTime(Date.parse(r.signedAt), r.signerZone, locale),
              zone: zoneLabel(r.signerZone),
            })}
            {r.amendmentReason && <> · {t("versions.reason", { reason: r.amendmentReason })}</>} · <a href={r.pdfUrl}>{t("versions.pdf")}</a>
            <br />
            <span className={styles.hash}>{t("versions.hash", { hash: r.pdfSha256 })}</span>
          </li>
        ))}
      </ol>
      <p>
        <a href={fhirUrl}>{t("versions.fhir")}</a>
      </p>
    </>
  );
}

/**
 * The interpretation and signature form: signs (POST signUrl) while nothing is signed, else amends (POST
 * amendUrl, with a reason). `fields` adds what the signature names besides (a period's days); `extra` reads them.
 */
export function SignForm({
  signUrl,
  amendUrl,
  latest,
  fields,
  extra,
  title,
}: {
  signUrl: string;
  amendUrl: string | null;
  latest: SignedReportVersion | null;
  fields?: React.ReactNode;
  extra?: (form: FormData) => Record<string, unknown>;
  title?: string;
}) {
  const t = useTranslations("Studies");
  const router = useRouter();
  const zone = useViewerZone() ?? "UTC";
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const amending = latest !== null && amendUrl !== null;
  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    const body = { ...(extra?.(f) ?? {}), impression: f.get("impression"), recommendation: f.get("recommendation"), zone, ...(amending ? { reason: f.get("reason") } : {}) };
    const result = await send(amending ? amendUrl : signUrl, "POST", body, t);
    setMessage(result.ok ? { ok: true, text: amending ? t("sign.amended") : t("sign.signed") } : { ok: false, text: t("sign.failed", { detail: result.text }) });
    if (!result.ok) return;
    // A form that signs a new report each time (a period's) starts empty again, so the next period is not
    // signed with this one's words by mistake; an amendment's reason belongs to that amendment only. A
    // study's form keeps its text: it becomes the amendment form, which starts from what was signed.
    if (amendUrl === null) form.reset();
    const reason = form.elements.namedItem("reason");
    if (amending && reason instanceof HTMLInputElement) reason.value = "";
    router.refresh();
  };
  return (
    <form method="post" onSubmit={(e) => void submit(e)} className={styles.signForm}>
      <h4>{title ?? (amending ? t("sign.amendHeading") : t("sign.heading"))}</h4>
      {fields}
      <label>
        {t("sign.impression")}
        <textarea name="impression" required maxLength={4000} defaultValue={latest?.impression} />
      </label>
      <label>
        {t("sign.recommendation")}
        <textarea name="recommendation" required maxLength={4000} defaultValue={latest?.recommendation} />
      </label>
      {amending && (
        <label>
          {t("sign.reason")}
          <input name="reason" required maxLength={1000} />
        </label>
      )}
      <ActionButton type="submit">{amending ? t("sign.submitAmendment") : t("sign.submit")}</ActionButton>
      <p className={ui.muted}>{t("sign.final")}</p>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? undefined : ui.error}>
          {message.text}
        </p>
      )}
    </form>
  );
}
