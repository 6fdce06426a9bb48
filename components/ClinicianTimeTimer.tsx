"use client";

// The clinician-time timer on a patient's and a night's page (issue 24 §3): it counts while the page is
// visible and in use (lib/sleep/active-time.ts: idle after IDLE_AFTER_MINUTES without input) and sends
// the whole minutes to the patient's clinician-time API as "Data review" entries, when the page is
// hidden or left, when the clinician goes idle, and every few minutes; the seconds under a minute carry
// over to the patient's next page in this tab.

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { advance, IDLE_AFTER_MINUTES, input, isCounting, startActiveTime, takeWholeMinutes, visibility, type ActiveTime } from "@/lib/sleep/active-time";
import { patientApiPath } from "@/lib/paths";
import ui from "./ui.module.css";

/** Dispatched on window once minutes are recorded: the month's total reads itself again. */
export const CLINICIAN_TIME_RECORDED = "clinician-time-recorded";
/** Sent at least this often while counting, so a closed laptop loses little. */
const SEND_EVERY_MINUTES = 5;
const TICK_MS = 5_000;
const INPUTS = ["pointerdown", "pointermove", "keydown", "wheel", "scroll", "touchstart"] as const;

export function ClinicianTimeTimer({ asleepUserId, zone, where }: { asleepUserId: string; zone: string; where: "patient page" | "night page" }) {
  const t = useTranslations("ClinicianTimeTimer");
  const clock = useRef<ActiveTime | null>(null);
  const [shown, setShown] = useState<{ counting: boolean; minutes: number }>({ counting: true, minutes: 0 });
  const sent = useRef(0);

  useEffect(() => {
    const carryKey = `clinician-time-carry:${asleepUserId}`;
    const carried = Number(sessionStorage.getItem(carryKey) ?? 0) || 0;
    sessionStorage.removeItem(carryKey);
    clock.current = startActiveTime(Date.now(), document.visibilityState === "visible", carried);

    const send = (leaving: boolean) => {
      if (!clock.current) return;
      const { minutes, rest } = takeWholeMinutes(advance(clock.current, Date.now()));
      clock.current = rest;
      if (leaving) sessionStorage.setItem(carryKey, String(rest.countedMs));
      if (minutes < 1) return;
      sent.current += minutes;
      const day = format(new TZDate(Date.now(), zone), "yyyy-MM-dd");
      void fetch(`${patientApiPath(asleepUserId)}/clinician-time`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ day, minutes, kind: "review", interactiveContact: false, note: `Timer: ${where}` }),
        keepalive: true,
      })
        .then((r) => {
          if (r.ok) window.dispatchEvent(new Event(CLINICIAN_TIME_RECORDED));
          else if (r.status >= 500) keep(minutes);
        })
        .catch(() => keep(minutes));
    };
    // Not recorded (the server away, a restart): the minutes go back on the clock, sent with the next ones.
    const keep = (minutes: number) => {
      sent.current -= minutes;
      if (clock.current) clock.current = { ...clock.current, countedMs: clock.current.countedMs + minutes * 60_000 };
      else sessionStorage.setItem(carryKey, String((Number(sessionStorage.getItem(carryKey) ?? 0) || 0) + minutes * 60_000));
    };
    const refresh = () => {
      if (!clock.current) return;
      const now = Date.now();
      const wasCounting = isCounting(clock.current, clock.current.markMs);
      clock.current = advance(clock.current, now);
      const counting = isCounting(clock.current, now);
      // Gone idle, or enough counted: send what there is.
      if ((wasCounting && !counting) || clock.current.countedMs >= SEND_EVERY_MINUTES * 60_000) send(false);
      setShown({ counting, minutes: sent.current + Math.floor((clock.current?.countedMs ?? 0) / 60_000) });
    };
    const onInput = () => {
      if (clock.current) clock.current = input(clock.current, Date.now());
    };
    const onVisibility = () => {
      if (!clock.current) return;
      const visible = document.visibilityState === "visible";
      clock.current = visibility(clock.current, Date.now(), visible);
      if (!visible) send(false);
      refresh();
    };
    const onLeave = () => send(true);
    for (const name of INPUTS) window.addEventListener(name, onInput, { passive: true, capture: true });
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", onLeave);
    const tick = window.setInterval(refresh, TICK_MS);
    return () => {
      window.clearInterval(tick);
      for (const name of INPUTS) window.removeEventListener(name, onInput, { capture: true });
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", onLeave);
      send(true);
      clock.current = null;
    };
  }, [asleepUserId, zone, where]);

  return (
    <p className={`${ui.muted} ${ui.small}`} data-testid="time-timer" data-counting={shown.counting ? "yes" : "no"}>
      {t("text", { minutes: String(shown.minutes), where: where === "night page" ? "night" : "patient", counting: shown.counting ? "yes" : "no", idle: String(IDLE_AFTER_MINUTES) })}
    </p>
  );
}
