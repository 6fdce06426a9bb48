"use client";

// A clinician's (or admin's) alert inbox: new alerts appear live (Socket.IO "alert:raised"), acknowledge and
// resolve record who and when, and the other viewers see the change live too ("alert:changed"). On every
// (re)connect it reads the inbox's first page again, so nothing raised while away is missed. The inbox
// comes a page at a time (the page's pager): new alerts arrive on the first page; a later page keeps its
// own alerts and follows only their changes.

import Link from "next/link";
import { useCallback, useState } from "react";
import { dateTime } from "@/lib/format";
import type { AlertView } from "@/lib/live/events";
import { patientPath } from "@/lib/paths";
import { zoneLabel } from "@/lib/time/zone";
import { ConnectionStatus } from "./ConnectionStatus";
import { useLiveSocket, type CatchUp, type LiveSocket } from "./useLiveSocket";
import { useViewerZone } from "./useViewerZone";

const STATE_TEXT = { OPEN: "Open", ACKNOWLEDGED: "Acknowledged", RESOLVED: "Resolved" } as const;

function merge(current: AlertView[], alert: AlertView): AlertView[] {
  const rest = current.filter((a) => a.id !== alert.id);
  return [alert, ...rest].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
}

export function AlertInbox({ initial, page = 1, pageSize }: { initial: AlertView[]; page?: number; pageSize: number }) {
  const [alerts, setAlerts] = useState(initial);
  const [error, setError] = useState<string | null>(null);
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
      const response = await fetch(`/api/alerts?state=unresolved&limit=${pageSize}`, { cache: "no-store" }).catch(() => null);
      const fresh = response?.ok ? ((await response.json().catch(() => null)) as { alerts: AlertView[] } | null)?.alerts : undefined;
      // A passing failure: ask again while connected, so the inbox never stays behind after a restart.
      if (!fresh) return void setTimeout(() => socket.connected && void load(caughtUp), 2_000);
      // Keep what was resolved on this page in view; take everything else from the server.
      setAlerts((current) => [...fresh, ...current.filter((a) => a.state === "RESOLVED" && !fresh.some((f) => f.id === a.id))].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt)));
      caughtUp();
    };
    socket.on("connect", () => void load(catchUp()));
    socket.on("alert:raised", (alert) => setAlerts((current) => merge(current, alert)));
    socket.on("alert:changed", (alert) => setAlerts((current) => merge(current, alert)));
  }, [page, pageSize]);
  const connection = useLiveSocket(setup);

  const act = async (id: string, action: "acknowledge" | "resolve") => {
    setError(null);
    const response = await fetch(`/api/alerts/${encodeURIComponent(id)}/${action}`, { method: "POST" }).catch(() => null);
    if (!response?.ok) return setError(`Could not ${action} the alert: ${response ? `the server answered ${response.status}` : "the server could not be reached"}. Try again.`);
    const { alert } = (await response.json()) as { alert: AlertView };
    setAlerts((current) => merge(current, alert));
  };

  return (
    <>
      <p role="status" data-testid="alerts-connection" className={`connection ${connection.state}`}>
        <ConnectionStatus connection={connection} />
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {alerts.length === 0 ? (
        <p className="muted">{page > 1 ? "No open alerts on this page." : "No open alerts. New ones appear here as they are raised."}</p>
      ) : (
        <ul className="alert-list" data-testid="alerts">
          {alerts.map((a) => (
            <li key={a.id} className={`alert-item ${a.state.toLowerCase()}`} data-testid="alert" data-state={a.state}>
              <p>
                <strong>{a.patient.asleepUserId ? <Link href={patientPath(a.patient.asleepUserId)}>{a.patient.name}</Link> : a.patient.name}</strong>
                {" · "}
                <span data-testid="alert-reason">{a.reason}</span>
              </p>
              <p className="muted">
                {STATE_TEXT[a.state]} · raised {when(a.raisedAt)}
              </p>
              {a.acknowledgedAt && (
                <p className="muted" data-testid="alert-acknowledged">
                  Acknowledged by {a.acknowledgedBy} on {when(a.acknowledgedAt)}
                </p>
              )}
              {a.resolvedAt && (
                <p className="muted" data-testid="alert-resolved">
                  Resolved by {a.resolvedBy} on {when(a.resolvedAt)}
                </p>
              )}
              {a.state !== "RESOLVED" && (
                <p className="alert-actions">
                  {a.state === "OPEN" && (
                    <button type="button" onClick={() => void act(a.id, "acknowledge")} aria-label={`Acknowledge: ${a.patient.name}, ${a.reason}`}>
                      Acknowledge
                    </button>
                  )}{" "}
                  <button type="button" onClick={() => void act(a.id, "resolve")} aria-label={`Resolve: ${a.patient.name}, ${a.reason}`}>
                    Resolve
                  </button>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
