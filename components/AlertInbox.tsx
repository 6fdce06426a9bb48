"use client";

// A clinician's (or admin's) alert inbox, a worklist a team can work through: filtered by the page's address
// (rule, patient, status, owner), many alerts acknowledged or resolved at once with one comment, each given
// to a colleague caring for the patient with a due date, and each linking the night or the period it is
// about. New alerts appear live (Socket.IO "alert:raised"), changes too ("alert:changed"). On every
// (re)connect, and when an alert is raised, the first page is read again with the page's filters, so
// nothing raised while away is missed and nothing outside the filters slips in; a later page keeps its own
// alerts and follows only their changes.

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { alertReason, dayIn } from "@/lib/alerts/wording";
import { dateTime } from "@/lib/format";
import { isLocale } from "@/lib/i18n/locales";
import type { AlertView } from "@/lib/live/events";
import { nightPath, patientPath, patientPeriodPath } from "@/lib/paths";
import { zoneLabel } from "@/lib/time/zone";
import { ConnectionStatus } from "./ConnectionStatus";
import { useLiveSocket, type CatchUp, type LiveSocket } from "./useLiveSocket";
import { useViewerZone } from "./useViewerZone";
import styles from "./AlertInbox.module.css";
import ui from "./ui.module.css";
import { ActionButton } from "./ActionButton";

type Colleague = { id: string; name: string };

function merge(current: AlertView[], alert: AlertView): AlertView[] {
  const rest = current.filter((a) => a.id !== alert.id);
  return [alert, ...rest].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
}

/** One bulk outcome as POST /api/alerts/bulk reports it. */
type Outcome = { id: string; status: 200 | 409 | 404; alert?: AlertView; error?: string };

export function AlertInbox({
  initial,
  page = 1,
  pageSize,
  query = "",
  colleagues = {},
  emptyText,
}: {
  initial: AlertView[];
  page?: number;
  pageSize: number;
  /** The page's filters as GET /api/alerts reads them ("state=all&rule=no-data"), for the live re-reads. */
  query?: string;
  /** Whom each patient's alerts can be given to (Asleep user id → clinicians caring for them). */
  colleagues?: Record<string, Colleague[]>;
  /** What an empty first page says (AlertInbox.empty unless given). */
  emptyText?: string;
}) {
  const t = useTranslations("AlertInbox");
  const words = useTranslations("AlertText");
  const current = useLocale();
  const locale = isLocale(current) ? current : "en";
  const [alerts, setAlerts] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const zone = useViewerZone();
  const when = (iso: string) => (zone ? `${dateTime(Date.parse(iso), zone, locale)} (${zoneLabel(zone)})` : iso.replace("T", " ").slice(0, 16) + " UTC");
  const reasonOf = (a: AlertView) => alertReason(words, locale, a.rule, a.reason);
  // How the server said it stands when someone else acted first (its words: "Already resolved by …"), in ours.
  const already = (a: AlertView) => (a.state === "RESOLVED" ? t("alreadyResolved", { who: String(a.resolvedBy) }) : t("alreadyAcknowledged", { who: String(a.acknowledgedBy) }));
  const problem = (response: Response | null) => (response ? t("serverAnswered", { status: String(response.status) }) : t("unreachable"));

  const setup = useCallback((socket: LiveSocket, catchUp: CatchUp) => {
    if (page > 1) {
      // A later page has nothing new to read on a connect: it follows its own alerts' changes.
      socket.on("connect", () => catchUp()());
      socket.on("alert:changed", (alert) => setAlerts((current) => (current.some((a) => a.id === alert.id) ? merge(current, alert) : current)));
      return;
    }
    const load = async (caughtUp: () => void) => {
      const response = await fetch(`/api/alerts?${query ? `${query}&` : ""}limit=${pageSize}`, { cache: "no-store" }).catch(() => null);
      const fresh = response?.ok ? ((await response.json().catch(() => null)) as { alerts: AlertView[] } | null)?.alerts : undefined;
      // A passing failure: ask again while connected, so the inbox never stays behind after a restart.
      if (!fresh) return void setTimeout(() => socket.connected && void load(caughtUp), 2_000);
      // Keep what was acted on here in view (it may no longer match the filters); take everything else from the server.
      setAlerts((current) => [...fresh, ...current.filter((a) => a.state === "RESOLVED" && !fresh.some((f) => f.id === a.id))].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt)));
      caughtUp();
    };
    socket.on("connect", () => void load(catchUp()));
    // Read again rather than merge: a new alert is shown only if it matches the page's filters.
    socket.on("alert:raised", () => void load(() => {}));
    socket.on("alert:changed", (alert) => setAlerts((current) => (current.some((a) => a.id === alert.id) ? merge(current, alert) : current)));
  }, [page, pageSize, query]);
  const connection = useLiveSocket(setup);

  const act = async (id: string, action: "acknowledge" | "resolve") => {
    setError(null);
    setDone(null);
    const response = await fetch(`/api/alerts/${encodeURIComponent(id)}/${action}`, { method: "POST" }).catch(() => null);
    if (response?.status === 409) {
      // Someone else acted first: show the alert as it stands, and say who.
      const body = (await response.json().catch(() => null)) as { alert?: AlertView; error?: string } | null;
      if (body?.alert) setAlerts((current) => merge(current, body.alert!));
      return setError(t("sentence", { text: body?.alert ? already(body.alert) : (body?.error ?? t("actedFirst", { action })) }));
    }
    if (!response?.ok) return setError(t("couldNotAct", { action, problem: problem(response) }));
    const { alert } = (await response.json()) as { alert: AlertView };
    setAlerts((current) => merge(current, alert));
  };

  const actOnSelected = async (action: "acknowledge" | "resolve") => {
    setError(null);
    setDone(null);
    setBusy(true);
    const ids = alerts.filter((a) => selected.has(a.id)).map((a) => a.id);
    const response = await fetch("/api/alerts/bulk", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ids, action, comment: comment.trim() || null }),
    }).catch(() => null);
    setBusy(false);
    if (!response?.ok) return setError(t("couldNotActSelected", { action, problem: problem(response) }));
    const { results } = (await response.json()) as { results: Outcome[] };
    setAlerts((current) => results.reduce((list, o) => (o.alert ? merge(list, o.alert) : list), current));
    const changed = results.filter((o) => o.status === 200).length;
    const refused = results.filter((o) => o.status !== 200);
    setDone(t("done", { count: changed, action }));
    if (refused.length > 0) setError(t("notChanged", { count: String(refused.length), why: refused.map(refusal).join("; ") }));
    setSelected(new Set());
    setComment("");
  };

  const assign = async (alert: AlertView, form: HTMLFormElement) => {
    setError(null);
    setDone(null);
    const data = new FormData(form);
    const assigneeId = String(data.get("assignee") ?? "") || null;
    const dueOn = String(data.get("due") ?? "") || null;
    const response = await fetch(`/api/alerts/${encodeURIComponent(alert.id)}/assignee`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ assigneeId, dueOn }),
    }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as { alert?: AlertView; error?: string } | null;
    if (body?.alert) setAlerts((current) => merge(current, body.alert!));
    if (!response?.ok) {
      // Resolved meanwhile (409, with the alert), or no clinician of the patient's (422, on assigneeId): our words;
      // any other refusal in the API's.
      const why =
        response?.status === 409 && body?.alert
          ? already(body.alert)
          : response?.status === 422 && (body as { issues?: Array<{ path: string; message: string }> } | null)?.issues?.some((i) => i.path === "assigneeId" && i.message === body?.error)
            ? t("assigneeMustCare")
            : (body?.error ?? problem(response));
      return setError(t("couldNotAssign", { why }));
    }
  };

  /** Why one alert of a bulk action was not changed. */
  const refusal = (o: Outcome) => (o.status === 409 && o.alert ? already(o.alert) : o.status === 404 ? (o.error === undefined ? t("notFoundLower") : t("notFound")) : (o.error ?? t("notFoundLower")));

  const selectable = alerts.filter((a) => a.state !== "RESOLVED");
  const allSelected = selectable.length > 0 && selectable.every((a) => selected.has(a.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <>
      <p role="status" data-testid="alerts-connection" className={ui.connection}>
        <ConnectionStatus connection={connection} />
      </p>
      {error && (
        <p role="alert" className={ui.error}>
          {error}
        </p>
      )}
      {done && (
        <p role="status" data-testid="bulk-done">
          {done}
        </p>
      )}
      {alerts.length === 0 ? (
        <p className={ui.muted}>{page > 1 ? t("emptyPage") : (emptyText ?? t("empty"))}</p>
      ) : (
        <>
          <fieldset className={styles.bulk} data-testid="bulk">
            <legend>{t("selected")}</legend>
            <label className={styles.selectAll}>
              <input
                type="checkbox"
                checked={allSelected}
                disabled={selectable.length === 0}
                onChange={(e) => setSelected(e.target.checked ? new Set(selectable.map((a) => a.id)) : new Set())}
              />{" "}
              {t("selectAll")}
            </label>
            <label className={styles.comment}>
              {t("comment")}
              <textarea value={comment} maxLength={2000} rows={2} onChange={(e) => setComment(e.target.value)} />
            </label>
            <span className={styles.bulkButtons}>
              <ActionButton type="button" disabled={busy || selected.size === 0} onClick={() => void actOnSelected("acknowledge")}>
                {t("acknowledgeSelected", { count: String(selected.size) })}
              </ActionButton>
              <ActionButton type="button" disabled={busy || selected.size === 0} onClick={() => void actOnSelected("resolve")}>
                {t("resolveSelected", { count: String(selected.size) })}
              </ActionButton>
            </span>
          </fieldset>
          <ul data-testid="alerts" className={styles.list}>
            {alerts.map((a) => {
              const reason = reasonOf(a);
              const label = `${a.patient.name}, ${reason}`;
              const choices = a.patient.asleepUserId ? (colleagues[a.patient.asleepUserId] ?? []) : [];
              return (
                <li key={a.id} data-testid="alert" data-state={a.state} className={styles.alert}>
                  <input
                    type="checkbox"
                    className={styles.check}
                    aria-label={t("selectOne", { label })}
                    checked={selected.has(a.id)}
                    disabled={a.state === "RESOLVED"}
                    onChange={(e) => toggle(a.id, e.target.checked)}
                  />
                  <div className={styles.body}>
                    <p className={styles.line}>
                      <strong>{a.patient.asleepUserId ? <Link href={patientPath(a.patient.asleepUserId)}>{a.patient.name}</Link> : a.patient.name}</strong>
                      {" · "}
                      <span data-testid="alert-reason">{reason}</span>
                      {a.sessionId ? (
                        <>
                          {" · "}
                          <Link href={nightPath(a.sessionId)} data-testid="alert-subject">
                            {t("openNight")}
                          </Link>
                        </>
                      ) : a.period && a.patient.asleepUserId ? (
                        <>
                          {" · "}
                          <Link href={patientPeriodPath(a.patient.asleepUserId, a.period.from, a.period.to)} data-testid="alert-subject">
                            {t("openPeriod", { from: dayIn(a.period.from, locale), to: dayIn(a.period.to, locale) })}
                          </Link>
                        </>
                      ) : null}
                    </p>
                    <p className={`${ui.muted} ${styles.line}`}>
                      {t("stateRaised", { state: t(`state.${a.state}`), when: when(a.raisedAt) })}
                      {a.assignee && (
                        <span data-testid="alert-assignee">
                          {" · "}
                          {a.dueOn ? t("forDue", { name: a.assignee.name, due: dayIn(a.dueOn, locale) }) : t("for", { name: a.assignee.name })}
                        </span>
                      )}
                    </p>
                    {a.acknowledgedAt && (
                      <p className={`${ui.muted} ${styles.line}`} data-testid="alert-acknowledged">
                        {t("acknowledgedBy", { who: String(a.acknowledgedBy), when: when(a.acknowledgedAt) })}
                        {a.acknowledgedComment && t("quoted", { comment: a.acknowledgedComment })}
                      </p>
                    )}
                    {a.resolvedAt && (
                      <p className={`${ui.muted} ${styles.line}`} data-testid="alert-resolved">
                        {t("resolvedBy", { who: String(a.resolvedBy), when: when(a.resolvedAt) })}
                        {a.resolvedComment && t("quoted", { comment: a.resolvedComment })}
                      </p>
                    )}
                  </div>
                  {a.state !== "RESOLVED" && (
                    <div className={styles.actions}>
                      {a.state === "OPEN" && (
                        <ActionButton type="button" className={ui.smallButton} onClick={() => void act(a.id, "acknowledge")} aria-label={t("acknowledgeOne", { label })}>
                          {t("acknowledge")}
                        </ActionButton>
                      )}
                      <ActionButton type="button" className={ui.smallButton} onClick={() => void act(a.id, "resolve")} aria-label={t("resolveOne", { label })}>
                        {t("resolve")}
                      </ActionButton>
                      {choices.length > 0 && (
                        <details className={styles.assign}>
                          <summary>{t("assign")}</summary>
                          <form
                            method="post"
                            onSubmit={(e) => {
                              e.preventDefault();
                              void assign(a, e.currentTarget);
                            }}
                          >
                            <label>
                              {t("to")}{" "}
                              <select name="assignee" defaultValue={a.assignee?.id ?? ""} aria-label={t("assignTo", { label })}>
                                <option value="">{t("nobody")}</option>
                                {choices.map((c) => (
                                  <option key={c.id} value={c.id}>
                                    {c.name}
                                  </option>
                                ))}
                              </select>
                            </label>{" "}
                            <label>
                              {t("due")} <input type="date" name="due" defaultValue={a.dueOn ?? ""} aria-label={t("dueOne", { label })} />
                            </label>{" "}
                            <ActionButton type="submit" className={ui.smallButton}>
                              {t("save")}
                            </ActionButton>
                          </form>
                        </details>
                      )}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}
