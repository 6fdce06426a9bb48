"use client";

// The clinician's board, live: a line per patient (a card on a phone) with what needs attention, each
// fact once and most severe first (lib/board/flags.ts), the night being recorded
// (current stage, as of when, flagged "Stale" when silent for over twice the night's usual cadence),
// last night's figures, adherence, open alerts and the last note. Search, sort, filter and page live in
// the URL (lib/board/query.ts): the server reads the view, so a bookmarked or shared address shows the
// same board, and the back button steps through views. Live updates patch the rows on screen.

import Form from "next/form";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { flagText } from "@/lib/board/flags";
import { BOARD_FLAGS, boardHref, boardSearchParams, DEFAULT_BOARD_QUERY, sortedBy, type BoardSort } from "@/lib/board/query";
import { dateTime, duration } from "@/lib/format";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { momentLabel } from "@/lib/live/connection";
import { dayText } from "@/lib/time/day-words";
import { zoneLabel } from "@/lib/time/zone";
import { withComplete, withFreshRows, withUpdate } from "@/lib/live/board";
import type { BoardNight, BoardPage, BoardRow } from "@/lib/live/events";
import { nightPath, patientPath } from "@/lib/paths";
import { isStale } from "@/lib/sleep/cadence";
import { boardStageKey } from "@/lib/board/stage";
import { ConnectionStatus } from "./ConnectionStatus";
import { NightName } from "./NightName";
import { useLiveSocket, type CatchUp, type LiveSocket } from "./useLiveSocket";
import { useServerClock } from "./useServerClock";
import { useViewerZone } from "./useViewerZone";
import ui from "./ui.module.css";
import styles from "./PatientBoard.module.css";

/** The board's words (PatientBoard.*), in the page's language. */
type Words = ReturnType<typeof useTranslations<"PatientBoard">>;

/** The page's language, as lib/format and lib/time/day-words take it. */
function usePageLocale(): Locale {
  const locale = useLocale();
  return isLocale(locale) ? locale : "en";
}

/** An Incomplete night that started this recent is tonight's, not "last night". */
const TONIGHT_MS = 18 * 3600_000;

export interface PatientBoardProps {
  board: BoardPage;
  /** The server's time when it rendered the page (see useServerClock). */
  renderedAt: string;
  /** The page the board is on. */
  path: string;
  /** For admins: the clinicians the board can be narrowed to. */
  clinicians: Array<{ name: string; email: string }>;
  /** Parameters of the address that did not read as a view and were left out. */
  ignored: string[];
}

export function PatientBoard({ board, renderedAt, path, clinicians, ignored }: PatientBoardProps) {
  const t = useTranslations("PatientBoard");
  const locale = usePageLocale();
  const router = useRouter();
  const initial = board.rows;
  const query = board.query;
  const [rows, setRows] = useState(initial);
  const { now, refresh: readClock, calibrate, measured } = useServerClock(renderedAt);
  const viewerZone = useViewerZone();
  // Fresh rows from the server (a new view, or router.refresh()) replace what the socket patched, unless
  // the read missed an analysis the socket already brought.
  useEffect(() => setRows((current) => withFreshRows(initial, current)), [initial]);

  // The catch-up a connect asked for: it has landed once the board was read again (the server stamps
  // every read with its own time, so a new read has a new `asOf`).
  const catchingUp = useRef<{ readAt: string; caughtUp: () => void } | null>(null);
  const readAt = useRef(board.asOf);
  useEffect(() => {
    readAt.current = board.asOf;
    const pending = catchingUp.current;
    if (pending && pending.readAt !== board.asOf) {
      catchingUp.current = null;
      pending.caughtUp();
    }
  }, [board.asOf]);

  const setup = useCallback(
    (socket: LiveSocket, catchUp: CatchUp) => {
      // Updates sent while this page had no socket (between rendering and connecting, or while
      // reconnecting) are not replayed: on every connect, ask the server for the board again.
      socket.on("connect", () => {
        void calibrate(socket);
        catchingUp.current = { readAt: readAt.current, caughtUp: catchUp() };
        router.refresh();
        // A read that failed (a server busy with every page coming back at once) is asked for again.
        const again = setInterval(() => {
          if (!catchingUp.current || !socket.connected) clearInterval(again);
          else router.refresh();
        }, 10_000);
      });
      // Every patient the viewer may see sends updates; only the rows on screen take them.
      socket.on("session:update", (update) => {
        const arrived = readClock();
        setRows((current) => withUpdate(current, update, arrived));
        // Closed without SESSION_COMPLETE (Incomplete), or a finished night changed: which night is the
        // patient's last, and its figures, come from the server.
        if (update.state !== "OPEN") router.refresh();
      });
      // A night finished: its figures come from the server, so read the view again (no reload: the
      // page keeps its place, and what the socket brought meanwhile is kept by withFreshRows).
      socket.on("session:complete", (complete) => {
        setRows((current) => withComplete(current, complete.sessionId));
        router.refresh();
      });
    },
    [router, readClock, calibrate],
  );
  const connection = useLiveSocket(setup);
  const live = connection.state === "live";
  // While a night is stale, what the back-fill is doing about it (asking Asleep, Asleep unreachable
  // since…) only changes on the server: read the board again once per that night's usual interval, as
  // the night page does, so the "Stale" note stays true.
  const staleEveryMs = live
    ? Math.min(...rows.flatMap((r) => (r.open && isStale({ state: r.open.state, lastDeliveryAt: r.open.lastDeliveryAt ? Date.parse(r.open.lastDeliveryAt) : null, cadenceMs: r.open.cadenceMs }, now) ? [Math.max(r.open.cadenceMs, 1_000)] : [])))
    : Infinity;
  useEffect(() => {
    if (!Number.isFinite(staleEveryMs)) return;
    const timer = setInterval(() => router.refresh(), staleEveryMs);
    return () => clearInterval(timer);
  }, [staleEveryMs, router]);
  // The board is true as of now while live, and as of the moment it lost the server after that.
  const asOf = live ? Date.now() : connection.sinceMs;

  const sortHeader = (sort: BoardSort, label: string) => {
    const active = query.sort === sort;
    return (
      <th scope="col" aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : "none"}>
        <Link href={boardHref(path, query, sortedBy(query, sort))} data-testid={`board-sort-${sort}`}>
          {label}
          {active && <span aria-hidden="true">{query.dir === "asc" ? " ▲" : " ▼"}</span>}
        </Link>
      </th>
    );
  };
  const csvSearch = boardSearchParams(query, { withPage: false }).toString();

  return (
    <>
      <p role="status" data-testid="board-connection" data-clock={measured ? "measured" : "estimated"} className={ui.connection}>
        <ConnectionStatus connection={connection} />
        {viewerZone && asOf !== null && (
          <>
            {" · "}
            {t.rich("asOf", { moment: momentLabel(asOf, Date.now(), viewerZone, locale), at: (chunks) => <span data-testid="board-as-of">{chunks}</span> })}
          </>
        )}
      </p>
      <Form action={path} className={styles.boardFilters} role="search" aria-label={t("filters.label")}>
        <label>
          {t("filters.search")}
          <input type="search" name="q" defaultValue={query.q} placeholder={t("filters.searchPlaceholder")} data-testid="board-search" />
        </label>
        <label>
          {t("filters.show")}
          <select name="flag" defaultValue={query.flag} data-testid="board-flag-filter">
            {BOARD_FLAGS.map((flag) => (
              <option key={flag} value={flag}>
                {t(`filters.flag.${flag}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("filters.days")}
          <input type="number" name="days" min={1} max={365} defaultValue={query.days} className={styles.narrow} />
        </label>
        {clinicians.length > 0 && (
          <label>
            {t("filters.clinician")}
            <select name="clinician" defaultValue={query.clinician}>
              <option value="">{t("filters.anyClinician")}</option>
              {clinicians.map((c) => (
                <option key={c.email} value={c.email}>
                  {c.name} ({c.email})
                </option>
              ))}
            </select>
          </label>
        )}
        {query.sort !== DEFAULT_BOARD_QUERY.sort && <input type="hidden" name="sort" value={query.sort} />}
        {query.sort !== DEFAULT_BOARD_QUERY.sort && <input type="hidden" name="dir" value={query.dir} />}
        <button type="submit">{t("filters.apply")}</button>
      </Form>
      {ignored.length > 0 && (
        <p className={ui.muted} role="note">
          {t("ignored", { parameters: ignored.join(", ") })}
        </p>
      )}
      <p className={styles.boardSummary}>
        <span data-testid="board-total">{t("total", { count: board.total })}</span>
        {" · "}
        <a href={`/api/board.csv${csvSearch ? `?${csvSearch}` : ""}`} download>
          {t("csv")}
        </a>{" "}
        <span className={`${ui.muted} ${ui.small}`}>{t("csvScope")}</span>
      </p>
      {rows.length === 0 ? (
        <p className={ui.muted}>{query.q || query.flag !== "all" || query.clinician ? t("noMatch") : t("noPatients")}</p>
      ) : (
        <div className={ui.tableScroll} tabIndex={0} role="region" aria-label={t("tableLabel")}>
          <table data-testid="patient-board" className={styles.board}>
            <colgroup>
              <col className={styles.colPatient} />
              <col className={styles.colAttention} />
              <col className={styles.colTonight} />
              <col className={styles.colLast} />
              <col className={styles.colFigure} />
              <col className={styles.colEfficiency} />
              <col className={styles.colAdherence} />
              <col className={styles.colNote} />
            </colgroup>
            <thead>
              <tr>
                {sortHeader("name", t("columns.patient"))}
                {sortHeader("flags", t("columns.attention"))}
                {sortHeader("tonight", t("columns.tonight"))}
                {sortHeader("last-night", t("columns.lastNight"))}
                {sortHeader("total-sleep", t("columns.totalSleep"))}
                {sortHeader("efficiency", t("columns.efficiency"))}
                {sortHeader("adherence", t("columns.adherenceWindow", { days: board.adherenceRule.windowDays }))}
                {sortHeader("last-note", t("columns.lastNote"))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <BoardLine key={row.asleepUserId} row={row} now={now} live={live} viewerZone={viewerZone} t={t} locale={locale} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {board.pages > 1 && (
        <nav className={ui.pager} aria-label={t("pager.label")}>
          {board.page > 1 ? <Link href={boardHref(path, query, { page: Math.min(board.page, board.pages + 1) - 1 })}>{t("pager.previous")}</Link> : <span />}
          <span className={ui.muted} data-testid="board-page">
            {t("pager.page", { page: board.page, pages: board.pages })}
          </span>
          {board.page < board.pages ? <Link href={boardHref(path, query, { page: board.page + 1 })}>{t("pager.next")}</Link> : <span />}
        </nav>
      )}
    </>
  );
}

/** "Needs attention": each fact once, most severe first (lib/board/flags.ts), what is new marked. */
function Attention({ row, live, t, locale }: { row: BoardRow; live: boolean; t: Words; locale: Locale }) {
  const alertT = useTranslations("AlertText");
  // The server's stale finding is as true as the board's last read: while the board itself is away it
  // cannot tell a quiet night from its own silence, so it does not say Stale (its status says why) — an
  // alert raised for it stays, as the alert it is.
  const flags = live ? row.flags : row.flags.filter((f) => f.kind !== "stale" || f.alertId !== null);
  if (flags.length === 0) return <span className={ui.muted}>—</span>;
  return (
    <ul className={styles.flags}>
      {flags.map((flag, i) => (
        <li key={i} className={`${styles.flag} ${FLAG_CLASS[flag.kind] ?? ""}`} data-testid="board-flag" data-kind={flag.kind}>
          {flag.isNew && (
            <strong className={styles.new} data-testid="board-new">
              {t("new")}
            </strong>
          )}
          {flag.sessionId ? <Link href={nightPath(flag.sessionId)}>{flagText(flag, t, locale, alertT)}</Link> : flagText(flag, t, locale, alertT)}
        </li>
      ))}
    </ul>
  );
}

const FLAG_CLASS: Partial<Record<BoardRow["flags"][number]["kind"], string>> = {
  stale: styles.flagUrgent,
  "short-sleep": styles.flagAlert,
  "long-waso": styles.flagAlert,
  "low-efficiency": styles.flagAlert,
  "long-latency": styles.flagAlert,
  "new-patient": styles.flagNew,
};

/**
 * What the back-fill is doing about a quiet night (lib/live/backfill-note.ts backfillNote, not `plain`),
 * in the board's words: `since` formats when Asleep was first unreachable.
 */
function backfillText(open: Pick<BoardNight, "asleepUnreachableSince" | "asleepHasNoRecord">, since: (ms: number) => string, t: Words): string {
  if (open.asleepUnreachableSince) return t("backfill.unreachable", { since: since(Date.parse(open.asleepUnreachableSince)) });
  if (open.asleepHasNoRecord) return t("backfill.noRecord");
  return t("backfill.asking");
}

function BoardLine({ row, now, live, viewerZone, t, locale }: { row: BoardRow; now: number; live: boolean; viewerZone: string | null; t: Words; locale: Locale }) {
  const alertT = useTranslations("AlertText");
  const tSleep = useTranslations("Sleep");
  const open = row.open;
  const lastDelivery = open ? Date.parse(open.lastDeliveryAt ?? open.updatedAt) : null;
  const sinceMs = lastDelivery === null ? null : Math.max(0, now - lastDelivery);
  // Judged again as the clock moves, by the same rule the server applies — and only while the board is
  // live: a board that lost the server cannot tell a quiet night from its own silence.
  const stale = live && !!open && isStale({ state: open.state, lastDeliveryAt: open.lastDeliveryAt ? Date.parse(open.lastDeliveryAt) : null, cadenceMs: open.cadenceMs }, now);
  // The night's best zone, else the viewer's: the zone the "as of" beside it is read in otherwise.
  const zone = open?.zone?.name ?? viewerZone ?? "UTC";
  const last = row.lastNight;
  const incompleteTonight = !open && last?.state === "INCOMPLETE" && last.startTime !== null && now - Date.parse(last.startTime) < TONIGHT_MS;
  const stage = open ? boardStageKey(open) : null;
  // "20 of 30 days · below target · enrolled Tue 1 Sep 2026", or "Too early to tell · enrolled …".
  const enrolled = t("adherence.enrolled", { day: dayText(row.enrolledOn, locale) });
  const adherenceWords = row.adherence.tooEarly
    ? [t("adherence.tooEarly")]
    : [t("adherence.ofDays", { adherent: row.adherence.adherentDays, days: row.adherence.days }), ...(row.adherence.meets ? [] : [t("adherence.below")])];
  // One line a patient on a wide screen: every cell is one line of text (cut with "…", whole in its
  // title and to a screen reader); on a phone each cell is a labelled part of the patient's card.
  return (
    <tr data-testid="board-row">
      <th scope="row" className={styles.patient} title={t("patientTitle", { name: row.name, id: row.asleepUserId })}>
        <Link href={patientPath(row.asleepUserId)}>{row.name}</Link> <span className={`${ui.muted} ${ui.small}`}>{row.asleepUserId}</span>
      </th>
      <td data-testid="board-flags" data-label={t("columns.attention")} className={styles.attention} title={row.flags.map((f) => flagText(f, t, locale, alertT)).join(" · ")}>
        <Attention row={row} live={live} t={t} locale={locale} />
      </td>
      <td data-testid="board-tonight" data-label={t("columns.tonight")}>
        {open ? (
          <Link href={nightPath(open.id)}>{t("tonight.recording")}</Link>
        ) : incompleteTonight && last ? (
          <Link href={nightPath(last.id)}>{t("tonight.incomplete")}</Link>
        ) : (
          <span className={ui.muted}>{t("tonight.notTracking")}</span>
        )}
        {" · "}
        <span data-testid="board-stage">{stage ? tSleep(`stage.${stage}`) : "—"}</span>
        {open && (
          <span className={`${ui.muted} ${ui.small}`}>
            {" · "}
            <span data-testid="board-since" className={stale ? ui.stale : undefined}>
              {sinceMs === null ? "—" : t("tonight.minutesAgo", { minutes: Math.floor(sinceMs / 60_000) })}
              {stale && (
                <strong
                  data-testid="board-stale"
                  title={t("tonight.staleTitle", { minutes: Math.round(open.cadenceMs / 60_000), backfill: backfillText(open, (ms) => `${dateTime(ms, zone, locale)} ${zoneLabel(zone)}`, t) })}
                >
                  {` · ${t("tonight.stale")}`}
                </strong>
              )}
            </span>
            {viewerZone && lastDelivery !== null && (
              <>
                {" · "}
                {t.rich("asOf", { moment: momentLabel(lastDelivery, now, viewerZone, locale), at: (chunks) => <span data-testid="board-tonight-as-of">{chunks}</span> })}
              </>
            )}
          </span>
        )}
      </td>
      <td data-label={t("columns.lastNight")}>
        {last ? (
          <>
            <Link href={nightPath(last.id)} data-testid="board-last-night">
              <NightName night={{ ...last, epochs: last.timeInBedSeconds / 30 }} zone={last.zone} />
            </Link>
            {last.state === "INCOMPLETE" && (
              <span className={`${ui.muted} ${ui.small}`}>
                {" · "}
                <span data-testid="board-last-night-state">{t("tonight.incomplete")}</span>
              </span>
            )}
            {last.tags.length > 0 && (
              <span className={`${ui.muted} ${ui.small}`}>
                {" · "}
                <span data-testid="board-last-night-tags">{t("tags", { tags: last.tags.join(", ") })}</span>
              </span>
            )}
          </>
        ) : (
          <span className={ui.muted}>{t("noneYet")}</span>
        )}
      </td>
      <td data-testid="board-total-sleep" data-label={t("columns.totalSleep")}>
        {last ? duration(last.totalSleepSeconds, locale) : "—"}
      </td>
      <td data-testid="board-efficiency" data-label={t("columns.efficiency")}>
        {last?.efficiencyShownPercent == null ? "—" : `${last.efficiencyShownPercent}%`}
      </td>
      <td
        data-testid="board-adherence"
        data-label={t("columns.adherence")}
        className={row.adherence.meets || row.adherence.tooEarly ? undefined : styles.below}
        title={[...adherenceWords, enrolled].join(" · ")}
      >
        {/* A window the patient was not enrolled for in full is not judged (lib/sleep/enrolment.ts). */}
        <span data-testid="board-adherence-figure">{row.adherence.tooEarly ? t("adherence.tooEarly") : `${Math.floor(row.adherence.percent)}%`}</span>{" "}
        <span className={`${ui.muted} ${ui.small}`}>
          {row.adherence.tooEarly ? "" : `${[t("adherence.daysShort", { adherent: row.adherence.adherentDays, days: row.adherence.days }), ...(row.adherence.meets ? [] : [t("adherence.below")])].join(" · ")} · `}
          <span data-testid="board-enrolled">{enrolled}</span>
        </span>
      </td>
      <td data-testid="board-note" data-label={t("columns.lastNote")}>
        {row.lastNote ? (
          <details className={styles.lastNote}>
            <summary>
              <span className={styles.lastNoteText}>{row.lastNote.text}</span>
            </summary>
            <div className={`${ui.muted} ${ui.small}`}>
              {row.lastNote.author} · {momentLabel(Date.parse(row.lastNote.at), now, viewerZone ?? "UTC", locale)}
            </div>
          </details>
        ) : (
          <span className={ui.muted}>—</span>
        )}
      </td>
    </tr>
  );
}
