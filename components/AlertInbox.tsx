"use client";

// A clinician's (or admin's) alert inbox, a worklist a team can work through: filtered by the page's address
// (rule, patient, status, owner), many alerts acknowledged or resolved at once with one comment, each given
// to a colleague caring for the patient with a due date, and each linking the night or the period it is
// about. New alerts appear live (Socket.IO "alert:raised"), changes too ("alert:changed"). On every
// (re)connect, and when an alert is raised, the first page is read again with the page's filters, so
// nothing raised while away is missed and nothing outside the filters slips in; a later page keeps its own
// alerts and follows only their changes.

import Link from "next/link";
import { useCallback, useState } from "react";
import { dateTime } from "@/lib/format";
import type { AlertView } from "@/lib/live/events";
import { nightPath, patientPath, patientPeriodPath } from "@/lib/paths";
import { dayLabel } from "@/lib/time/day";
import { zoneLabel } from "@/lib/time/zone";
import { ConnectionStatus } from "./ConnectionStatus";
import { useLiveSocket, type CatchUp, type LiveSocket } from "./useLiveSocket";
import { useViewerZone } from "./useViewerZone";
import styles from "./AlertInbox.module.css";
import ui from "./ui.module.css";

const STATE_TEXT = { OPEN: "Open", ACKNOWLEDGED: "Acknowledged", RESOLVED: "Resolved" } as const;

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
  emptyText = "No open alerts. New ones appear here as they are raised.",
}: {
  initial: AlertView[];
  page?: number;
  pageSize: number;
  /** The page's filters as GET /api/alerts reads them ("state=all&rule=no-data"), for the live re-reads. */
  query?: string;
  /** Whom each patient's alerts can be given to (Asleep user id → clinicians caring for them). */
  colleagues?: Record<string, Colleague[]>;
  emptyText?: string;
}) {
  const [alerts, setAlerts] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const zone = useViewerZone();
  const when = (iso: string) => (zone ? `${dateTime(Date.parse(iso), zone)} (${zoneLabel(zone)})` : iso.replace("T", " ").slice(0, 16) + " UTC");

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
      return setError(`${body?.error ?? `Could not ${action} the alert: someone else acted on it first`}.`);
    }
    if (!response?.ok) return setError(`Could not ${action} the alert: ${response ? `the server answered ${response.status}` : "the server could not be reached"}. Try again.`);
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
    if (!response?.ok) return setError(`Could not ${action} the selected alerts: ${response ? `the server answered ${response.status}` : "the server could not be reached"}. Try again.`);
    const { results } = (await response.json()) as { results: Outcome[] };
    setAlerts((current) => results.reduce((list, o) => (o.alert ? merge(list, o.alert) : list), current));
    const changed = results.filter((o) => o.status === 200).length;
    const refused = results.filter((o) => o.status !== 200);
    setDone(`${changed} ${changed === 1 ? "alert" : "alerts"} ${action === "acknowledge" ? "acknowledged" : "resolved"}.`);
    if (refused.length > 0) setError(`${refused.length} not changed: ${refused.map((o) => o.error ?? "not found").join("; ")}.`);
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
    if (!response?.ok) return setError(`Could not assign the alert: ${body?.error ?? (response ? `the server answered ${response.status}` : "the server could not be reached")}.`);
  };

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
        <p className={ui.muted}>{page > 1 ? "No open alerts on this page." : emptyText}</p>
      ) : (
        <>
          <fieldset className={styles.bulk} data-testid="bulk">
            <legend>Selected alerts</legend>
            <label className={styles.selectAll}>
              <input
                type="checkbox"
                checked={allSelected}
                disabled={selectable.length === 0}
                onChange={(e) => setSelected(e.target.checked ? new Set(selectable.map((a) => a.id)) : new Set())}
              />{" "}
              Select all on this page
            </label>
            <label className={styles.comment}>
              Comment (optional)
              <textarea value={comment} maxLength={2000} rows={2} onChange={(e) => setComment(e.target.value)} />
            </label>
            <span className={styles.bulkButtons}>
              <button type="button" disabled={busy || selected.size === 0} onClick={() => void actOnSelected("acknowledge")}>
                Acknowledge selected ({selected.size})
              </button>
              <button type="button" disabled={busy || selected.size === 0} onClick={() => void actOnSelected("resolve")}>
                Resolve selected ({selected.size})
              </button>
            </span>
          </fieldset>
          <ul data-testid="alerts" className={styles.list}>
            {alerts.map((a) => {
              const label = `${a.patient.name}, ${a.reason}`;
              const choices = a.patient.asleepUserId ? (colleagues[a.patient.asleepUserId] ?? []) : [];
              return (
                <li key={a.id} data-testid="alert" data-state={a.state} className={styles.alert}>
                  <input
                    type="checkbox"
                    className={styles.check}
                    aria-label={`Select: ${label}`}
                    checked={selected.has(a.id)}
                    disabled={a.state === "RESOLVED"}
                    onChange={(e) => toggle(a.id, e.target.checked)}
                  />
                  <div className={styles.body}>
                    <p className={styles.line}>
                      <strong>{a.patient.asleepUserId ? <Link href={patientPath(a.patient.asleepUserId)}>{a.patient.name}</Link> : a.patient.name}</strong>
                      {" · "}
                      <span data-testid="alert-reason">{a.reason}</span>
                      {a.sessionId ? (
                        <>
                          {" · "}
                          <Link href={nightPath(a.sessionId)} data-testid="alert-subject">
                            Open the night
                          </Link>
                        </>
                      ) : a.period && a.patient.asleepUserId ? (
                        <>
                          {" · "}
                          <Link href={patientPeriodPath(a.patient.asleepUserId, a.period.from, a.period.to)} data-testid="alert-subject">
                            Open {dayLabel(a.period.from)} to {dayLabel(a.period.to)}
                          </Link>
                        </>
                      ) : null}
                    </p>
                    <p className={`${ui.muted} ${styles.line}`}>
                      {STATE_TEXT[a.state]} · raised {when(a.raisedAt)}
                      {a.assignee && (
                        <span data-testid="alert-assignee">
                          {" · "}
                          for {a.assignee.name}
                          {a.dueOn && `, due ${dayLabel(a.dueOn)}`}
                        </span>
                      )}
                    </p>
                    {a.acknowledgedAt && (
                      <p className={`${ui.muted} ${styles.line}`} data-testid="alert-acknowledged">
                        Acknowledged by {a.acknowledgedBy} on {when(a.acknowledgedAt)}
                        {a.acknowledgedComment && `: “${a.acknowledgedComment}”`}
                      </p>
                    )}
                    {a.resolvedAt && (
                      <p className={`${ui.muted} ${styles.line}`} data-testid="alert-resolved">
                        Resolved by {a.resolvedBy} on {when(a.resolvedAt)}
                        {a.resolvedComment && `: “${a.resolvedComment}”`}
                      </p>
                    )}
                  </div>
                  {a.state !== "RESOLVED" && (
                    <div className={styles.actions}>
                      {a.state === "OPEN" && (
                        <button type="button" className={ui.smallButton} onClick={() => void act(a.id, "acknowledge")} aria-label={`Acknowledge: ${label}`}>
                          Acknowledge
                        </button>
                      )}
                      <button type="button" className={ui.smallButton} onClick={() => void act(a.id, "resolve")} aria-label={`Resolve: ${label}`}>
                        Resolve
                      </button>
                      {choices.length > 0 && (
                        <details className={styles.assign}>
                          <summary>Assign</summary>
                          <form
                            onSubmit={(e) => {
                              e.preventDefault();
                              void assign(a, e.currentTarget);
                            }}
                          >
                            <label>
                              To{" "}
                              <select name="assignee" defaultValue={a.assignee?.id ?? ""} aria-label={`Assign to: ${label}`}>
                                <option value="">Nobody</option>
                                {choices.map((c) => (
                                  <option key={c.id} value={c.id}>
                                    {c.name}
                                  </option>
                                ))}
                              </select>
                            </label>{" "}
                            <label>
                              Due <input type="date" name="due" defaultValue={a.dueOn ?? ""} aria-label={`Due: ${label}`} />
                            </label>{" "}
                            <button type="submit" className={ui.smallButton}>
                              Save
                            </button>
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
