"use client";

// A night as it is recorded: the hypnogram and provisional figures, kept current by Socket.IO. The
// socket may miss events (sleep, flaky Wi-Fi); on every (re)connect the page asks the server for the
// whole night (session:sync), so it is never left behind.

import { useCallback, useEffect, useRef, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import type { SessionDetail } from "@/lib/live/events";
import { ago, clockTime, dateTime, duration } from "@/lib/format";
import { isLocale } from "@/lib/i18n/locales";
import { nightName } from "@/lib/time/night";
import { zoneLabel } from "@/lib/time/zone";
import { isStale } from "@/lib/sleep/cadence";
import { isNotOlder } from "@/lib/sleep/snapshot";
import { liveSummary, runs, stageWord } from "@/lib/sleep/hypnogram";
import { LIVE_FIGURES } from "@/lib/sleep/definitions";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";
import { nightStatistics } from "@/lib/sleep/statistics";
import { stagePlanOf } from "@/lib/sleep/plan";
import { asleepMeasures } from "@/lib/sleep/asleep-measures";
import { nightSoFar, soFarText } from "@/lib/sleep/so-far";
import { Definitions } from "./Definitions";
import { Hypnogram } from "./Hypnogram";
import { backfillText } from "./night-words";
import { useServerClock } from "./useServerClock";
import { useViewerZone } from "./useViewerZone";
import { NightReport } from "./NightReport";
import { StageMinutesSoFar } from "./StageMinutesSoFar";
import { ConnectionStatus } from "./ConnectionStatus";
import { useLiveSocket, type CatchUp, type LiveSocket } from "./useLiveSocket";
import ui from "./ui.module.css";
import styles from "./LiveNight.module.css";

/**
 * `renderedAt`: the server's time when it rendered the page (see useServerClock). `sleeper`: the
 * sleeper's name, shown to clinicians in the title.
 */
export function LiveNight({ initial, renderedAt, sleeper }: { initial: SessionDetail; renderedAt: string; sleeper?: string }) {
  const t = useTranslations("LiveNight");
  const sleep = useTranslations("Sleep");
  const naming = useTranslations("NightName");
  const intlLocale = useLocale();
  const locale = isLocale(intlLocale) ? intlLocale : "en";
  const [night, setNight] = useState(initial);
  const viewerZone = useViewerZone();
  const { now, refresh: readClock, calibrate, measured } = useServerClock(renderedAt);

  // The connection itself (retries, sign-out) is useLiveSocket's; this page catches up on every connect.
  const resync = useRef<() => void>(() => {});
  const setup = useCallback((socket: LiveSocket, catchUp: CatchUp) => {
    // `caughtUp`: for the sync a connect asks for, which makes the page live once it has landed.
    const sync = async (caughtUp?: () => void) => {
      const response = await socket.timeout(10_000).emitWithAck("session:sync", { sessionId: initial.id }).catch(() => null);
      // The answer may have been read before an analysis that the socket has since brought: keep the later.
      if (response && !("error" in response)) {
        setNight((n) => (isNotOlder(response, n) ? response : n));
        caughtUp?.();
      }
      // No answer in time (a server busy with every page coming back at once) or a passing failure: ask
      // again while connected, so a page never stays behind after a restart. (A night not found stays so.)
      else if (socket.connected && (!response || response.error !== "Not found")) setTimeout(() => socket.connected && void sync(caughtUp), 2_000);
    };
    socket.on("connect", () => {
      void calibrate(socket);
      void sync(catchUp());
    });
    resync.current = () => void sync();
    socket.on("session:update", (update) => {
      if (update.sessionId !== initial.id) return;
      // An update is an analysis arriving (by webhook or back-fill) now: judged by the same clock as
      // staleness, and the page's "now" moves on with it so the stale note clears at once.
      const arrived = new Date(readClock()).toISOString();
      setNight((n) => (!isNotOlder(update, n) ? n : { ...n, state: update.state, startTime: update.startTime ?? n.startTime, sleepStages: update.sleepStages, snoringStages: update.snoringStages, lastInferenceSeqNum: update.inferenceSeqNum, updatedAt: update.updatedAt, lastDeliveryAt: arrived, stale: false }));
      // A night that has ended changed (closed as Incomplete, with its reason; or a late analysis moved
      // its start, and with it the report's times): the whole night comes with a sync.
      if (update.state !== "OPEN") void sync();
    });
    socket.on("session:complete", (complete) => {
      if (complete.sessionId === initial.id) void sync();
    });
  }, [initial.id, readClock, calibrate]);
  const connection = useLiveSocket(setup);

  // The best zone known (lib/time/night.ts bestZone), else the viewer's; every time on the page, its
  // title and the note saying which zone it is change together, so nothing shifts unlabelled.
  const timezone = night.zone?.name ?? viewerZone ?? "UTC";
  const zoneWhy = night.zone ? naming(`zoneSource.${night.zone.source}`) : viewerZone ? naming("zoneSource.viewer") : t("zoneNotKnown");
  const startMs = night.startTime ? Date.parse(night.startTime) : Date.parse(night.updatedAt) - night.sleepStages.length * EPOCH_SECONDS * 1000;
  const summary = liveSummary(night.sleepStages);
  const plan = stagePlanOf({ sleepStages: night.sleepStages, stat: night.stat, configured: night.stagePlanSetting });
  const lastDelivery = night.lastDeliveryAt ? Date.parse(night.lastDeliveryAt) : null;
  // Only a page that is live can tell the night went quiet; one that lost the server says so instead,
  // and one back but not yet caught up (useLiveSocket) still holds what it had before the outage.
  const stale = connection.state === "live" && isStale({ state: night.state, lastDeliveryAt: lastDelivery, cadenceMs: night.cadenceMs }, now);
  const stageRuns = runs(night.sleepStages);
  const stageName = (stage: number) => sleep(`stage.${stageWord(stage, plan)}`);
  // While stale, what the back-fill is doing about it (asking Asleep, or Asleep unreachable since…) only
  // changes on the server: read the night again once per usual interval so the note stays true.
  useEffect(() => {
    if (!stale) return;
    const timer = setInterval(() => resync.current(), Math.max(night.cadenceMs, 1_000));
    return () => clearInterval(timer);
  }, [stale, night.cadenceMs]);

  return (
    <>
      <h1 data-testid="night-title">
        {nightName({ startTime: night.startTime, endTime: night.endTime, open: night.state === "OPEN", sleepStages: night.sleepStages }, timezone, locale, naming)}
        {sleeper && <span className={ui.muted}> · {sleeper}</span>}
      </h1>
      <p className={ui.muted} data-testid="zone-note">
        {t("timesIn", { zone: zoneLabel(timezone), why: zoneWhy })}
      </p>
      <section className={ui.panel} aria-labelledby="live-heading">
        <div className={ui.topbar}>
          <h2 id="live-heading">{night.state === "OPEN" ? t("headingLive") : t("heading")}</h2>
          <p role="status" data-testid="connection" data-clock={measured ? "measured" : "estimated"} className={ui.connection}>
            {/* A closed night is no longer live, whatever the socket is doing. */}
            {night.state === "OPEN" ? <ConnectionStatus connection={connection} /> : night.state === "COMPLETE" ? t("complete") : t("incomplete")} ·{" "}
            {t.rich("lastUpdate", { ago: ago(Date.parse(night.updatedAt), Math.max(now, Date.parse(night.updatedAt)), locale), when: (chunks) => <span data-testid="last-update">{chunks}</span> })}
          </p>
          {stale && lastDelivery !== null && (
            <p className={ui.staleNote} data-testid="stale-note">
              {t.rich("stale", {
                strong: (chunks) => <strong>{chunks}</strong>,
                ago: ago(lastDelivery, now, locale),
                minutes: Math.round(night.cadenceMs / 60_000),
                backfill: backfillText(night, (ms) => `${dateTime(ms, timezone, locale)} ${zoneLabel(timezone)}`, sleeper === undefined, t),
              })}
            </p>
          )}
        </div>
        <p className={styles.nightSoFar} data-testid="night-so-far">
          {soFarText(nightSoFar(night.sleepStages, startMs), night.state === "OPEN", timezone, { t, locale, stage: (stage) => sleep(`stage.${stageWord(stage)}`) })}
        </p>
        <dl className={ui.figures}>
          <div>
            <dt>{night.state === "OPEN" ? t("figures.currentStage") : t("figures.lastStage")}</dt>
            <dd data-testid="current-stage">{summary.currentStage === null ? "—" : stageName(summary.currentStage)}</dd>
          </div>
          <div>
            <dt>{night.state === "OPEN" ? t("figures.asleepSoFar") : t("figures.totalSleep")}</dt>
            <dd data-testid="asleep-so-far">{duration(summary.asleepSeconds, locale)}</dd>
          </div>
          <div>
            <dt>{t("figures.recorded")}</dt>
            <dd data-testid="recorded">{duration(summary.recordedSeconds, locale)}</dd>
          </div>
          <div>
            <dt>{t("figures.fellAsleep")}</dt>
            <dd>{summary.sleepOnsetEpoch === null ? t("figures.notYet") : clockTime(startMs + summary.sleepOnsetEpoch * EPOCH_SECONDS * 1000, timezone)}</dd>
          </div>
          <div>
            <dt>{t("figures.awakeAfterFallingAsleep")}</dt>
            <dd>
              {t("figures.awakeningsValue", { count: summary.wasoCount, duration: duration(summary.wasoSeconds, locale) })}
            </dd>
          </div>
        </dl>
        <Definitions keys={LIVE_FIGURES} plan={plan} testId="live-definitions" />
        {night.sleepStages.length > 0 ? (
          <Hypnogram
            startMs={startMs}
            stages={night.sleepStages}
            snoring={night.snoringStages}
            timezone={timezone}
            plan={plan}
            breath={night.breathStages}
            snoringCount={asleepMeasures(night.stat, { peculiarities: night.peculiarities }).snoring?.count ?? null}
            cycles={night.state === "COMPLETE" ? nightStatistics(night.sleepStages, plan).cycles : []}
            nowMs={night.state === "OPEN" ? now : undefined}
          />
        ) : (
          <p className={ui.muted}>{t("waiting")}</p>
        )}
        <details>
          <summary>{t("table.summary")}</summary>
          <table data-testid="stage-table">
            <thead>
              <tr>
                <th scope="col">{t("table.from")}</th>
                <th scope="col">{t("table.stage")}</th>
                <th scope="col">{t("table.for")}</th>
              </tr>
            </thead>
            <tbody>
              {stageRuns.map((r) => (
                <tr key={r.startEpoch}>
                  <td>{clockTime(startMs + r.startEpoch * EPOCH_SECONDS * 1000, timezone)}</td>
                  <td>{stageName(r.value)}</td>
                  <td>{duration((r.endEpoch - r.startEpoch) * EPOCH_SECONDS, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table data-testid="snoring-table">
            <caption>{t("table.snoringCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("table.from")}</th>
                <th scope="col">{t("table.for")}</th>
              </tr>
            </thead>
            <tbody>
              {runs(night.snoringStages).filter((r) => r.value === 1).map((r) => (
                <tr key={r.startEpoch}>
                  <td>{clockTime(startMs + r.startEpoch * EPOCH_SECONDS * 1000, timezone)}</td>
                  <td>{duration((r.endEpoch - r.startEpoch) * EPOCH_SECONDS, locale)}</td>
                </tr>
              ))}
              {!night.snoringStages.includes(1) && (
                <tr>
                  <td colSpan={2}>{t("table.noSnoring")}</td>
                </tr>
              )}
            </tbody>
          </table>
        </details>
        {night.state === "OPEN" && night.sleepStages.length > 0 && <StageMinutesSoFar stages={night.sleepStages} snoring={night.snoringStages} plan={plan} />}
      </section>
      {night.state !== "OPEN" && <NightReport night={night} plan={plan} startMs={startMs} timezone={timezone} plain={sleeper === undefined} />}
    </>
  );
}
