"use client";

// The clinician's board, live: a row per patient with the night being recorded (current stage, how long
// since the last analysis, flagged "Stale" when silent for over twice the night's usual cadence) and the
// last complete night's key figures.

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { withComplete, withFreshRows, withUpdate } from "@/lib/live/board";
import { momentLabel } from "@/lib/live/connection";
import { nightPath, patientPath } from "@/lib/paths";
import { duration } from "@/lib/format";
import { isStale } from "@/lib/sleep/cadence";
import { liveSummary, stageName } from "@/lib/sleep/hypnogram";
import { nightReport } from "@/lib/sleep/report";
import type { BoardRow } from "@/lib/live/events";
import { ConnectionStatus } from "./ConnectionStatus";
import { NightName } from "./NightName";
import { useLiveSocket, type LiveSocket } from "./useLiveSocket";
import { useServerClock } from "./useServerClock";

/** `renderedAt`: the server's time when it rendered the page (see useServerClock). */
export function PatientBoard({ initial, renderedAt }: { initial: BoardRow[]; renderedAt: string }) {
  const router = useRouter();
  const [rows, setRows] = useState(initial);
  const { now, refresh: readClock, calibrate } = useServerClock(renderedAt);
  // Fresh rows from the server (after router.refresh()) replace what the socket patched, unless the read
  // missed an analysis the socket already brought.
  useEffect(() => setRows((current) => withFreshRows(initial, current)), [initial]);

  const setup = useCallback(
    (socket: LiveSocket) => {
      // Updates sent while this page had no socket (between rendering and connecting, or while
      // reconnecting) are not replayed: on every connect, ask the server for the board again.
      socket.on("connect", () => {
        void calibrate(socket);
        router.refresh();
      });
      socket.on("session:update", (update) => {
        const arrived = readClock();
        setRows((current) => withUpdate(current, update, arrived));
      });
      // A night finished: its report's figures come from the server, so read the board again (no reload:
      // the page keeps its place, and what the socket brought meanwhile is kept by withFreshRows).
      socket.on("session:complete", (complete) => {
        setRows((current) => withComplete(current, complete.sessionId));
        router.refresh();
      });
    },
    [router, readClock, calibrate],
  );
  const connection = useLiveSocket(setup);
  const live = connection.state === "live";
  // The board is true as of now while live, and as of the moment it lost the server after that.
  const [zone, setZone] = useState<string | null>(null);
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"), []);
  const asOf = live ? Date.now() : connection.sinceMs;

  const status = (
    <p role="status" data-testid="board-connection" className={`connection ${connection.state}`}>
      <ConnectionStatus connection={connection} />
      {zone && asOf !== null && (
        <>
          {" · "}as of <span data-testid="board-as-of">{momentLabel(asOf, Date.now(), zone)}</span>
        </>
      )}
    </p>
  );
  if (rows.length === 0)
    return (
      <>
        {status}
        <p className="muted">No patients assigned yet.</p>
      </>
    );
  return (
    <>
      {status}
      <div className="table-scroll">
        <table data-testid="patient-board">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Tonight</th>
              <th scope="col">Current stage</th>
              <th scope="col">Last update</th>
              <th scope="col">Last night</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const open = row.open;
              const lastDelivery = open ? Date.parse(open.lastDeliveryAt ?? open.updatedAt) : null;
              const sinceMs = lastDelivery === null ? null : Math.max(0, now - lastDelivery);
              // Judged again as the clock moves, by the same rule the server applies — and only while the
              // board is live: a board that lost the server cannot tell a quiet night from its own silence.
              const stale = live && !!open && isStale({ state: open.state, lastDeliveryAt: open.lastDeliveryAt ? Date.parse(open.lastDeliveryAt) : null, cadenceMs: open.cadenceMs }, now);
              const last = row.lastComplete ? nightReport(row.lastComplete.sleepStages, row.lastComplete.snoringStages) : null;
              const stage = open ? liveSummary(open.sleepStages).currentStage : null;
              return (
                <tr key={row.asleepUserId} data-testid="board-row">
                  <th scope="row">
                    <Link href={patientPath(row.asleepUserId)}>{row.name}</Link>
                    <div className="muted small">{row.asleepUserId}</div>
                  </th>
                  <td>{open ? <Link href={nightPath(open.id)}>Recording</Link> : <span className="muted">Not tracking</span>}</td>
                  <td data-testid="board-stage">{stage === null ? "—" : stageName(stage)}</td>
                  <td data-testid="board-since" className={stale ? "stale" : undefined}>
                    {sinceMs === null ? "—" : `${Math.floor(sinceMs / 60_000)} min ago`}
                    {stale && open && (
                      <strong title={`No analysis for over twice this night's usual interval of ${Math.round(open.cadenceMs / 60_000)} min; fetching it from Asleep`}>
                        {" · Stale"}
                      </strong>
                    )}
                  </td>
                  <td>
                    {row.lastComplete && last ? (
                      <>
                        <Link href={nightPath(row.lastComplete.id)}>
                          {duration(last.totalSleepSeconds)} asleep · {last.sleepEfficiency === null ? "—" : `${Math.round(last.sleepEfficiency * 100)}%`} efficiency
                        </Link>
                        <div className="muted small" data-testid="board-last-night">
                          <NightName night={row.lastComplete} zone={row.lastComplete.zone} />
                        </div>
                      </>
                    ) : (
                      <span className="muted">none yet</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
