// The clinician-time timer's arithmetic (issue 24 §3): time counts while a clinician actively has a
// patient's or a night's page open, that is while the page is visible (Page Visibility API) and the
// clinician has used it (a key, click, touch, scroll or pointer move) in the last IDLE_AFTER_MS. After
// that much time without input the timer stops counting, and the idle stretch counts only up to that
// limit (reading a chart without touching anything for a minute or two is work; a tab left open over
// lunch is not). A hidden page counts nothing. Pure: the component (components/ClinicianTimeTimer.tsx)
// feeds it the browser's events and clock.

/** N: without input for this long, the timer stops counting (3 minutes). */
export const IDLE_AFTER_MS = 3 * 60_000;
export const IDLE_AFTER_MINUTES = IDLE_AFTER_MS / 60_000;

export interface ActiveTime {
  /** Time counted and not yet sent. */
  countedMs: number;
  /** Up to when time has been looked at. */
  markMs: number;
  lastInputMs: number;
  visible: boolean;
}

/** A page just opened (opening it is input). */
export function startActiveTime(nowMs: number, visible: boolean, carriedMs = 0): ActiveTime {
  return { countedMs: Math.max(0, carriedMs), markMs: nowMs, lastInputMs: nowMs, visible };
}

/** Counts the time since the last look, as far as the page was visible and in use. */
export function advance(t: ActiveTime, nowMs: number): ActiveTime {
  if (nowMs <= t.markMs) return t;
  const until = Math.min(nowMs, t.lastInputMs + IDLE_AFTER_MS);
  const gained = t.visible ? Math.max(0, until - t.markMs) : 0;
  return { ...t, countedMs: t.countedMs + gained, markMs: nowMs };
}

/** A key, click, touch, scroll or pointer move. */
export function input(t: ActiveTime, nowMs: number): ActiveTime {
  return { ...advance(t, nowMs), lastInputMs: Math.max(t.lastInputMs, nowMs) };
}

/** The page became visible or hidden; coming back to it is input. */
export function visibility(t: ActiveTime, nowMs: number, visible: boolean): ActiveTime {
  const next = { ...advance(t, nowMs), visible };
  return visible ? { ...next, lastInputMs: Math.max(t.lastInputMs, nowMs) } : next;
}

/** Whether time is counting now. */
export function isCounting(t: ActiveTime, nowMs: number): boolean {
  return t.visible && nowMs < t.lastInputMs + IDLE_AFTER_MS;
}

/** The whole minutes counted, to be sent, and what stays (the seconds under a minute). */
export function takeWholeMinutes(t: ActiveTime): { minutes: number; rest: ActiveTime } {
  const minutes = Math.floor(t.countedMs / 60_000);
  return { minutes, rest: { ...t, countedMs: t.countedMs - minutes * 60_000 } };
}
