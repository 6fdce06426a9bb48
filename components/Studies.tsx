"use client";

// Multi-night studies on the patient page (issue 26): a clinician orders one (nights wanted, window,
// minimum valid nights, minimum total sleep); each study shows its status ("4 of 7 valid nights, 9 days
// left", lib/sleep/study.ts, the board's words), its nights, and once decided the form that signs its
// interpretation; a signed version is final (its PDF and SHA-256 shown), a change is an amendment with a
// reason, every version listed.

import { useRouter } from "next/navigation";
import { useState } from "react";
import { dateTime, duration } from "@/lib/format";
import { dayLabel } from "@/lib/time/day";
import { zoneLabel } from "@/lib/time/zone";
import type { SignedReportVersion } from "@/server/data/signed-reports";
import type { StudyView } from "@/server/data/studies";
import { useViewerZone } from "./useViewerZone";
import ui from "./ui.module.css";
import styles from "./Studies.module.css";

type Problem = { error?: string; issues?: Array<{ path: string; message: string }> } | null;

export async function send(url: string, method: "POST" | "PUT", body: unknown): Promise<{ ok: boolean; text: string }> {
  const response = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).catch(() => null);
  if (response?.ok) return { ok: true, text: "" };
  const problem = response ? ((await response.json().catch(() => null)) as Problem) : null;
  const detail = problem?.issues?.length ? problem.issues.map((i) => `${i.path}: ${i.message}`).join("; ") : problem?.error;
  return { ok: false, text: detail || (response ? `the server answered ${response.status}` : "the server could not be reached") };
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
  return (
    <>
      {studies.length === 0 && <p className={ui.muted}>No study ordered.</p>}
      {studies.map((s) => (
        <Study key={s.id} study={s} canSign={canSign} credential={credential} />
      ))}
      {orderEndpoint && <OrderForm endpoint={orderEndpoint} today={today} />}
      {canSign && <CredentialForm initial={credential} />}
    </>
  );
}

function OrderForm({ endpoint, today }: { endpoint: string; today: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const n = (k: string) => Number(f.get(k));
    const result = await send(endpoint, "POST", { startDay: f.get("startDay"), windowDays: n("windowDays"), nightsWanted: n("nightsWanted"), minValidNights: n("minValidNights"), minSleepMinutes: Math.round(n("minSleepHours") * 60) });
    setMessage(result.ok ? { ok: true, text: "Study ordered." } : { ok: false, text: `Not ordered: ${result.text}` });
    if (result.ok) router.refresh();
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="order-study-heading">
      <h3 id="order-study-heading">Order a study</h3>
      <div className={styles.orderForm}>
        <label>
          Study starts on <input type="date" name="startDay" required defaultValue={today} />
        </label>
        <label>
          Window (days) <input type="number" name="windowDays" required min={1} max={90} defaultValue={14} />
        </label>
        <label>
          Nights wanted <input type="number" name="nightsWanted" required min={1} max={90} defaultValue={7} />
        </label>
        <label>
          Minimum valid nights <input type="number" name="minValidNights" required min={1} max={90} defaultValue={5} />
        </label>
        <label>
          Minimum total sleep (hours) <input type="number" name="minSleepHours" required min={0.5} max={12} step={0.25} defaultValue={4} />
        </label>
        <button type="submit">Order study</button>
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
  const router = useRouter();
  const [value, setValue] = useState(initial ?? "");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const result = await send("/api/account/credential", "PUT", { credential: value.trim() === "" ? null : value.trim() });
    setMessage(result.ok ? { ok: true, text: "Credential saved." } : { ok: false, text: `Not saved: ${result.text}` });
    if (result.ok) router.refresh();
  };
  return (
    <form onSubmit={(e) => void submit(e)} className={styles.signForm}>
      <label>
        Your credential, printed after your name when you sign
        <input name="credential" value={value} onChange={(e) => setValue(e.target.value)} placeholder="MD, RPSGT" maxLength={80} />
      </label>
      <button type="submit">Save credential</button>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? undefined : ui.error}>
          {message.text}
        </p>
      )}
    </form>
  );
}

function Study({ study: s, canSign, credential }: { study: StudyView; canSign: boolean; credential: string | null }) {
  const outcome = s.decided?.outcome ?? (s.status.outcome === "in-progress" ? null : s.status.outcome);
  const latest = s.reports[0] ?? null;
  return (
    <article className={styles.study} aria-label={`Study ${s.startDay} to ${s.lastDay}`}>
      <p>
        {s.nightsWanted} nights within {s.windowDays} days, {dayLabel(s.startDay)} to {dayLabel(s.lastDay)} (days in {zoneLabel(s.zone)}); at least {s.minValidNights} valid, each with at least{" "}
        {duration(s.minSleepMinutes * 60)} of sleep. Ordered by {s.orderedByName}.
      </p>
      <p className={`${styles.status} ${outcome === "adequate" ? styles.adequate : outcome === "failed" ? styles.failed : ""}`} data-testid="study-status">
        {s.statusLine}
      </p>
      {s.status.nights.length > 0 && (
        <ul className={styles.nights}>
          {s.status.nights.map((n) => (
            <li key={n.id} className={n.valid ? undefined : styles.invalid}>
              {dayLabel(n.day)}: {duration(n.totalSleepSeconds)} asleep, {n.valid ? "valid" : `not valid (${n.why})`}
            </li>
          ))}
        </ul>
      )}
      {s.reports.length > 0 && <SignedVersions versions={s.reports} fhirUrl={`/api/studies/${encodeURIComponent(s.id)}/fhir`} />}
      {canSign && outcome !== null && (credential ? <SignForm signUrl={`/api/studies/${encodeURIComponent(s.id)}/sign`} amendUrl={`/api/studies/${encodeURIComponent(s.id)}/amend`} latest={latest} /> : <p className={ui.muted}>Add your credential below to sign this study&apos;s report.</p>)}
      {canSign && outcome === null && <p className={ui.muted}>It can be signed once it is adequate or failed.</p>}
    </article>
  );
}

/** Every signed version, newest first: who signed, when (with the zone), why amended, its PDF and SHA-256; then the FHIR export. */
export function SignedVersions({ versions, fhirUrl }: { versions: readonly SignedReportVersion[]; fhirUrl: string }) {
  return (
    <>
      <h4>Signed reports</h4>
      {/* Newest first; each says its version number itself, so the list shows no numbers of its own. */}
      <ol className={styles.versions} reversed>
        {versions.map((r) => (
          <li key={r.version}>
            Version {r.version}
            {r.version > 1 ? " (amended)" : ""}: signed by {r.signerName}, {r.signerCredential}, {dateTime(Date.parse(r.signedAt), r.signerZone)} {zoneLabel(r.signerZone)}
            {r.amendmentReason && <> · reason: {r.amendmentReason}</>} · <a href={r.pdfUrl}>PDF</a>
            <br />
            <span className={styles.hash}>SHA-256 {r.pdfSha256}</span>
          </li>
        ))}
      </ol>
      <p>
        <a href={fhirUrl}>FHIR DiagnosticReport</a>
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
  const router = useRouter();
  const zone = useViewerZone() ?? "UTC";
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const amending = latest !== null && amendUrl !== null;
  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    const body = { ...(extra?.(f) ?? {}), impression: f.get("impression"), recommendation: f.get("recommendation"), zone, ...(amending ? { reason: f.get("reason") } : {}) };
    const result = await send(amending ? amendUrl : signUrl, "POST", body);
    setMessage(result.ok ? { ok: true, text: amending ? "Amendment signed: listed above as a new version." : "Signed: listed above." } : { ok: false, text: `Not signed: ${result.text}` });
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
    <form onSubmit={(e) => void submit(e)} className={styles.signForm}>
      <h4>{title ?? (amending ? "Amend the signed report" : "Interpretation and signature")}</h4>
      {fields}
      <label>
        Impression
        <textarea name="impression" required maxLength={4000} defaultValue={latest?.impression} />
      </label>
      <label>
        Recommendation
        <textarea name="recommendation" required maxLength={4000} defaultValue={latest?.recommendation} />
      </label>
      {amending && (
        <label>
          Reason for the amendment
          <input name="reason" required maxLength={1000} />
        </label>
      )}
      <button type="submit">{amending ? "Sign amendment" : "Sign report"}</button>
      <p className={ui.muted}>A signed report is final: it can only be amended, with a reason, as a new version.</p>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? undefined : ui.error}>
          {message.text}
        </p>
      )}
    </form>
  );
}
