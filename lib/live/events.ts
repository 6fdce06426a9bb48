// The JSON API's session shapes and the Socket.IO events, typed once and shared by server and browser.

import type { BoardFlag } from "@/lib/board/flags";
import type { BoardQuery } from "@/lib/board/query";
import type { ZoneChoice } from "@/lib/time/zone";
import type { IncompleteReason } from "../sleep/incomplete";
import type { NightState } from "../sleep/night";
import type { StagePlan } from "../sleep/plan";
import type { NightProvenance } from "../sleep/provenance";

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
  /** While recording: Asleep answered the back-fill that it has no such session (reached, with no record of the night). */
  asleepHasNoRecord: boolean;
  /** For a closed night without an end time (Incomplete): epochs recorded, which date its end (lib/time/night.ts nightEndMs). */
  epochs?: number;
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
  /**
   * The clinic's stage plan (ASLEEP_STAGES) for a night with no report yet: pages judge the night's own
   * plan with lib/sleep/plan.ts stagePlanOf from it, the stages and `stat`, as these change.
   */
  stagePlanSetting: StagePlan;
  /** Asleep's breathing per epoch (SESSION_COMPLETE `session.breath_stages`: 0 stable, 1 unstable); empty when the plan has none. */
  breathStages: number[];
  /** Asleep's `missing_data_ratio`, 0–1, when it sent one. */
  missingDataRatio: number | null;
  /** Where the night came from (lib/sleep/provenance.ts): how Asleep delivered it, its cadence, missing data. */
  provenance: NightProvenance;
}

export interface SessionUpdateEvent {
  sessionId: string;
  userId: string;
  state: SessionState;
  inferenceSeqNum: number | null;
  sleepStages: number[];
  snoringStages: number[];
  /**
   * When the night started (ISO 8601), null while unknown. An addition to the contract: while it is an
   * estimate, a later analysis can move it, and the pages draw every time from it.
   */
  startTime: string | null;
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
  /** The days it is about (YYYY-MM-DD, the patient's), when it is about a period rather than one night (sessionId). */
  period: { from: string; to: string } | null;
  /** What was written on acknowledging or resolving it. */
  acknowledgedComment: string | null;
  resolvedComment: string | null;
  /** The clinician who is to deal with it, by when (a day, YYYY-MM-DD), and who said so ("Name (email)"). */
  assignee: { id: string; name: string } | null;
  dueOn: string | null;
  assignedBy: string | null;
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
  /** What the back-fill found when the board was read (SessionSummary's fields of the same names). */
  asleepUnreachableSince: string | null;
  asleepHasNoRecord: boolean;
  /** The clinic's stage plan (ASLEEP_STAGES): with the epochs, says whether a 1 is "Sleep" or "Light" (lib/board/stage.ts). */
  stagePlanSetting: StagePlan;
}

/** The newest night that ended (complete, or closed as Incomplete), with the figures the board shows. */
export interface BoardLastNight {
  id: string;
  state: "COMPLETE" | "INCOMPLETE";
  startTime: string | null;
  endTime: string | null;
  timezone: string | null;
  zone: ZoneChoice | null;
  /** The night's day, "YYYY-MM-DD" (noon to noon in its zone), or null without a start time. */
  day: string | null;
  totalSleepSeconds: number;
  timeInBedSeconds: number;
  /** Total sleep ÷ time in bed, 0–100; null when nothing was recorded. */
  efficiencyPercent: number | null;
  /** The same as a whole percent, as every page shows it (lib/sleep/shown.ts wholePercent). */
  efficiencyShownPercent: number | null;
  /** What the sleeper tagged the night with (server/data/tags.ts), in the order added. */
  tags: string[];
}

export interface BoardAdherence {
  /** Adherent days in the window and the window's days (lib/sleep/adherence.ts). */
  adherentDays: number;
  days: number;
  percent: number;
  meets: boolean;
  /** The window's last day, "YYYY-MM-DD". */
  lastDay: string;
  /** The patient was not enrolled for the whole window: too early to tell (no verdict, `meets` false; lib/sleep/enrolment.ts). */
  tooEarly: boolean;
}

export interface BoardNote {
  text: string;
  at: string;
  author: string;
}

export interface BoardRow {
  name: string;
  email: string;
  asleepUserId: string;
  /** The newest night still being recorded, if any. */
  open: BoardNight | null;
  /** The newest complete or Incomplete night by start (not the one stored last), if any. */
  lastNight: BoardLastNight | null;
  adherence: BoardAdherence;
  /** The patient's enrolment day, "YYYY-MM-DD": no window counts before it. */
  enrolledOn: string;
  openAlerts: number;
  /** Why the patient needs attention, in plain words (lib/board/flags.ts); empty when nothing does. */
  flags: BoardFlag[];
  lastNote: BoardNote | null;
}

/** GET /api/board. */
export interface BoardPage {
  rows: BoardRow[];
  /** Patients matching the view, over all pages. */
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  query: BoardQuery;
  /** The server's time when it read the board. */
  asOf: string;
  adherenceRule: { minSleepHours: number; targetPercent: number; windowDays: number };
}

// ── Clinicians' notes (server/data/notes.ts answers them; components/Notes.tsx shows them) ──

export interface NoteVersion {
  text: string;
  shared: boolean;
  /** When this version was written, and by whom. */
  at: string;
  by: string;
}

export interface NoteView {
  id: string;
  asleepUserId: string;
  /** The night it is about; null for a note on the patient. */
  sessionId: string | null;
  author: string;
  createdAt: string;
  text: string;
  shared: boolean;
  updatedAt: string;
  updatedBy: string;
  /** 1 as written, one more with each edit: PATCH /api/notes/{id} names the version it was based on. */
  version: number;
  /**
   * Earlier versions, newest first (empty for a sleeper: a shared note's drafts are not theirs to read).
   * A list holds the newest NOTE_HISTORY_IN_LISTS of them; GET /api/notes/{id} holds all.
   */
  history: NoteVersion[];
  /** How many earlier versions there are in all (0 for a sleeper). */
  historyCount: number;
  /** The viewer may edit it (a clinician of the patient, or an admin). */
  editable: boolean;
}

/** A page of notes (GET /api/patients/{asleepUserId}/notes, /api/sessions/{id}/notes), newest first. */
export interface NotesPage {
  notes: NoteView[];
  /** On a patient's list: the night each note on a night is about, as the page names it, by night id. */
  nightLabels?: Record<string, string>;
  /** The next (older) page's cursor and URL; null on the last page. */
  nextCursor: string | null;
}

/** One account as GET /api/admin/accounts lists it (server/accounts/admin.ts) and /admin shows it. */
export interface AdminAccount {
  id: string;
  email: string;
  name: string;
  role: string;
  asleepUserId: string | null;
  disabledAt: string | null;
  /** For a patient: the clinicians who look after them. */
  clinicians: Array<{ id: string; email: string; name: string }>;
  /** For a clinician: how many patients they look after. */
  patients: number;
  createdAt: string;
  /** For a patient: the enrolment day, YYYY-MM-DD, from which every window counts (null for other roles). */
  enrolledOn: string | null;
}
