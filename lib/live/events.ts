// The JSON API's session shapes and the Socket.IO events, typed once and shared by server and browser.

import type { ZoneChoice } from "@/lib/time/zone";
import type { IncompleteReason } from "../sleep/incomplete";
import type { NightState } from "../sleep/night";

export type { IncompleteReason };
export type SessionState = NightState;

/** GET /api/sessions item. */
export interface SessionSummary {
  id: string;
  userId: string;
  state: SessionState;
  startTime: string | null;
  endTime: string | null;
  timezone: string | null;
  /**
   * The zone to draw the night's times in: its own once Asleep sent it, while recording the sleeper's
   * account's, else their previous night's (lib/time/night.ts bestZone); null: the viewer's own.
   */
  zone: ZoneChoice | null;
  lastInferenceSeqNum: number | null;
  updatedAt: string;
  /** While recording: when the night's last analysis arrived (by webhook or back-fill); otherwise null. */
  lastDeliveryAt: string | null;
  /** Still recording, yet silent for longer than twice its usual cadence (lib/sleep/cadence.ts). */
  stale: boolean;
  /** While recording: since when Asleep's REST API has failed to give this night (the back-fill), or null while it answers. */
  asleepUnreachableSince: string | null;
  /** For an INCOMPLETE night: why it was closed without a SESSION_COMPLETE. */
  incompleteReason: IncompleteReason | null;
}

/** GET /api/sessions/{id}, and the `session:sync` acknowledgement. */
export interface SessionDetail extends SessionSummary {
  /** The night's usual interval between analyses, ms (lib/sleep/cadence.ts): with lastDeliveryAt, lets a page re-judge `stale` as time passes. */
  cadenceMs: number;
  epochSeconds: 30;
  sleepStages: number[];
  snoringStages: number[];
  stat: Record<string, unknown> | null;
  peculiarities: string[];
}

export interface SessionUpdateEvent {
  sessionId: string;
  userId: string;
  state: SessionState;
  inferenceSeqNum: number | null;
  sleepStages: number[];
  snoringStages: number[];
  updatedAt: string;
}

export interface SessionCompleteEvent {
  sessionId: string;
  userId: string;
  stat: Record<string, unknown> | null;
  peculiarities: string[];
}

export type SyncAck = SessionDetail | { error: string };

export interface ServerToClientEvents {
  "session:update": (event: SessionUpdateEvent) => void;
  "session:complete": (event: SessionCompleteEvent) => void;
  /** To clinicians who care for the patient, and admins; never to the patient (server/live/socket-server.ts). */
  "alert:raised": (alert: AlertView) => void;
  /** Acknowledged or resolved. */
  "alert:changed": (alert: AlertView) => void;
}

/** One alert as the inbox shows it (GET /api/alerts, and the live events above). */
export interface AlertView {
  id: string;
  patient: { name: string; asleepUserId: string | null };
  rule: string;
  reason: string;
  sessionId: string | null;
  raisedAt: string;
  state: "OPEN" | "ACKNOWLEDGED" | "RESOLVED";
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

export interface ClientToServerEvents {
  "session:sync": (request: { sessionId: string }, ack: (response: SyncAck) => void) => void;
  /** The server's clock, ms since the epoch: pages measure how far theirs is off (components/useServerClock.ts). */
  clock: (ack: (response: { now: number }) => void) => void;
}

// ── The clinician board (server/data/board.ts reads it; lib/live/board.ts merges live updates into it) ──

export interface BoardNight {
  id: string;
  state: NightState;
  startTime: string | null;
  endTime: string | null;
  timezone: string | null;
  /** The zone its times are drawn in (lib/live/events.ts SessionSummary.zone). */
  zone: ZoneChoice | null;
  sleepStages: number[];
  snoringStages: number[];
  updatedAt: string;
  /** While recording: when the last analysis arrived, and the night's usual cadence (to judge staleness as time passes). */
  lastDeliveryAt: string | null;
  cadenceMs: number;
  /** Stale when the board was read; the board re-judges it with the clock. */
  stale: boolean;
}

export interface BoardRow {
  name: string;
  email: string;
  asleepUserId: string;
  /** The newest night still being recorded, if any. */
  open: BoardNight | null;
  /** The complete night that started last (not the one stored last), if any. */
  lastComplete: BoardNight | null;
}
