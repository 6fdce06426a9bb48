// The period report as a PDF, drawn with pdfkit on the server (no browser): the patient, range, zone
// and clinicians; a table of nights with averages, and the patient's tags on them; adherence; every
// hypnogram in black on white with hourly ticks; clinicians' notes; the definitions used and a
// not-a-diagnosis statement. Page layout is
// fixed: a summary (the table flows onto more pages when long), the hypnograms from a new page, then
// the definitions from a new page; "Page n of N" at the foot of every page.

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import PDFDocument from "pdfkit";
import { duration } from "@/lib/format";
import { adherenceDefinition, adherenceSummary } from "@/lib/sleep/adherence";
import { DEFINITIONS, type DefinitionKey } from "@/lib/sleep/definitions";
import { HYPNOGRAM_ROWS, stageLevel } from "@/lib/sleep/hypnogram";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";
import type { PeriodNight } from "@/lib/report/period";
import { hourlyTicks } from "@/lib/report/ticks";
import { DAY_SPLIT_HOUR } from "@/lib/time/day";
import { nightName, ZONE_SOURCE_TEXT } from "@/lib/time/night";
import { zoneLabel } from "@/lib/time/zone";
import type { PeriodReport } from "../data/period";

export const NOT_A_DIAGNOSIS =
  "Not a diagnosis. These figures come from a consumer sleep-tracking app (Asleep), which estimates sleep stages from sound; " +
  "they are not polysomnography and do not diagnose or rule out any sleep disorder. Interpret them with the patient's history " +
  "and, where needed, a clinical sleep study.";

/** What the table's "Night of" column means: the day rule of lib/time/day.ts, in words. */
export const NIGHT_OF_DEFINITION =
  `The day the night belongs to: the date, on the clock of the night's zone, on which the recording started, with the day split at ${String(DAY_SPLIT_HOUR).padStart(2, "0")}:00 (as OSCAR counts days). ` +
  "A night that starts at 01:30 on Monday is Sunday's night; one that starts at 12:00 or later belongs to that date. " +
  "A night without a zone of its own is placed in the best zone known for the patient (the zone set on their account, else that of their newest night with one), else UTC.";

/**
 * The table's columns, each with the definition (lib/sleep/definitions.ts) behind its figure; then the
 * terms those definitions rely on. The PDF prints every one of them under the column's own name.
 */
export const PERIOD_COLUMNS = [
  { title: "Night of", width: 82, defines: "nightOf" },
  { title: "Time in bed", width: 62, defines: "timeInBed" },
  { title: "Total sleep", width: 62, defines: "totalSleep" },
  { title: "Efficiency", width: 48, defines: "sleepEfficiency" },
  { title: "Onset latency", width: 58, defines: "sleepOnsetLatency" },
  { title: "REM latency", width: 58, defines: "remLatency" },
  { title: "WASO", width: 62, defines: "waso" },
  { title: "Awakenings", width: 63, defines: "awakenings" },
] as const satisfies ReadonlyArray<{ title: string; width: number; defines: DefinitionKey | "nightOf" }>;

/** The definitions the columns' definitions use (sleep onset for both latencies, the epoch, no data), in the order printed. */
export const PERIOD_FIGURES: readonly DefinitionKey[] = ["epoch", "sleepOnset", ...PERIOD_COLUMNS.flatMap((c) => (c.defines === "nightOf" ? [] : [c.defines])), "noData"];

/** A definition as the PDF prints it: under the column's own title (with the figure's full name when it differs). */
export interface PrintedDefinition {
  term: string;
  text: string;
}

/**
 * The definitions printed, in order. A definition's words quote the night page's label for its figure
 * ("Fell asleep after"); the PDF's table does not use those labels, so it names its own column instead.
 */
export function periodDefinitions(): PrintedDefinition[] {
  const titleOf = new Map<string, string>(PERIOD_COLUMNS.map((c) => [c.defines, c.title]));
  return [
    { term: "Night of", text: NIGHT_OF_DEFINITION },
    ...PERIOD_FIGURES.map((key) => {
      const d = DEFINITIONS[key];
      const title = titleOf.get(key);
      const named = title === undefined || d.term.startsWith(title) || d.term.includes(`(${title})`);
      const term = named ? d.term : `${title}: ${d.term}`;
      return { term, text: d.text.replace(/ \(“[^”]*”\)/g, "") };
    }),
  ];
}

const PERIOD_AVERAGES_TEXT = "The mean of each figure over the period's nights; a night without the figure (no sleep, or no REM) is left out of that mean.";

const PAGE = { width: 595.28, height: 841.89, margin: 50 } as const; // A4
const WIDTH = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin;

// Helvetica covers Windows-1252 only: spell out what it lacks rather than print a wrong glyph.
const printable = (text: string) => text.replace(/≥/g, ">=").replace(/≤/g, "<=").replace(/→/g, "->").replace(/⌈|⌉/g, "").replace(/[^\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2020\u00f7\u00d7]/g, "?");

const dayLabel = (day: string) => format(new Date(`${day}T12:00:00Z`), "EEE d MMM yyyy");
const localDateTime = (ms: number, zone: string) => format(new TZDate(ms, zone), "HH:mm EEE d MMM yyyy");
/** "08:05 Tue 3 Nov 2026 UTC (17:05 Tue 3 Nov 2026 Asia/Seoul)": a note's time, in UTC and on the patient's clock when it differs. */
export const noteTime = (at: Date, zone: string | null) => {
  const utc = `${localDateTime(at.getTime(), "UTC")} UTC`;
  return zone && zone !== "UTC" ? `${utc} (${localDateTime(at.getTime(), zone)} ${zoneLabel(zone)})` : utc;
};
const minutes = (seconds: number | null) => (seconds === null ? "—" : duration(seconds));
const percent = (value: number | null) => (value === null ? "—" : `${Math.round(value)} %`);

export async function renderPeriodPdf(report: PeriodReport, generatedAt: Date): Promise<Buffer> {
  const { figures } = report;
  const who = report.patient?.name ?? report.asleepUserId;
  const doc = new PDFDocument({
    size: "A4",
    margin: PAGE.margin,
    bufferPages: true,
    info: { Title: `Sleep report: ${who}, ${figures.from} to ${figures.to}`, Author: "Sleep dashboard", CreationDate: generatedAt },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const say = (text: string, options?: PDFKit.Mixins.TextOptions) => doc.text(printable(text), options);

  // ── Who, when, where ──
  doc.font("Helvetica-Bold").fontSize(18);
  say(`Sleep report: ${who}`);
  doc.moveDown(0.3).font("Helvetica").fontSize(10);
  say(`Asleep user ${report.asleepUserId}${report.patient ? ` · ${report.patient.email}` : ""}`);
  say(`Period: ${dayLabel(figures.from)} to ${dayLabel(figures.to)} (${figures.days} ${figures.days === 1 ? "day" : "days"}, nights counted noon to noon)`);
  say(
    figures.zones.length === 0
      ? "Time zone: no nights recorded in this period"
      : figures.zones.length === 1
        ? `Time zone: ${zoneLabel(figures.zones[0]!)} (every time below is in it)`
        : `Time zones: ${figures.zones.map(zoneLabel).join(", ")} (each night's own zone is given with its hypnogram)`,
    { width: WIDTH },
  );
  const borrowed = zoneBorrowedText(figures.nights);
  if (borrowed) say(borrowed, { width: WIDTH });
  say(`Clinician${report.clinicians.length === 1 ? "" : "s"}: ${report.clinicians.length ? report.clinicians.map((c) => `${c.name} (${c.email})`).join(", ") : "none assigned"}`);
  say(`Generated: ${format(new TZDate(generatedAt.getTime(), "UTC"), "HH:mm EEE d MMM yyyy")} UTC`);
  doc.moveDown(1);

  // ── The table of nights, with averages ──
  doc.font("Helvetica-Bold").fontSize(13);
  say(`Nights (${figures.nights.length})`);
  doc.moveDown(0.3);
  nightTable(doc, figures.nights, figures.averages);
  doc.moveDown(0.5).font("Helvetica").fontSize(8);
  if (figures.nights.some((n) => n.state === "INCOMPLETE")) say("* Closed as Incomplete: the recording stopped without Asleep's final report; the figures are of what was recorded.", { width: WIDTH });
  doc.moveDown(1);

  // ── The sleeper's tags, night by night (only the nights that have some) ──
  const tagged = figures.nights.filter((n) => (report.tags.get(n.id) ?? []).length > 0);
  if (tagged.length > 0) {
    doc.font("Helvetica-Bold").fontSize(13);
    say("Night tags (added by the patient)", { width: WIDTH });
    doc.moveDown(0.3).font("Helvetica").fontSize(9);
    for (const n of tagged) say(`${dayLabel(n.day)}: ${report.tags.get(n.id)!.join(", ")}`, { width: WIDTH });
    doc.moveDown(1);
  }

  // ── Adherence ──
  doc.font("Helvetica-Bold").fontSize(13);
  say("Adherence", { width: WIDTH });
  doc.moveDown(0.3).font("Helvetica").fontSize(10);
  const r = figures.ruleAdherence;
  say(`Last ${r.days} days of the period (${dayLabel(r.firstDay)} to ${dayLabel(r.lastDay)}): ${adherenceSummary(r)}.`, { width: WIDTH });
  say(`Over the whole period (${dayLabel(figures.from)} to ${dayLabel(figures.to)}): ${adherenceSummary(figures.rangeAdherence)}.`, { width: WIDTH });
  doc.moveDown(0.3).fontSize(8);
  say(adherenceDefinition(r.rule), { width: WIDTH });

  // ── Hypnograms ──
  if (figures.nights.length > 0) {
    doc.addPage();
    doc.font("Helvetica-Bold").fontSize(13);
    say("Hypnograms");
    doc.font("Helvetica").fontSize(8);
    say("Wake, REM, Light (N1 + N2) and Deep (N3), one step per 30-second epoch; a break in the line is no data. Ticks mark each whole hour of the night's own clock.", { width: WIDTH });
    doc.moveDown(0.5);
    for (const night of figures.nights) hypnogram(doc, night);
  }

  // ── Notes ──
  // A note on a night names it as everywhere else: its date, clock range and zone (never its raw id).
  const byId = new Map(figures.nights.map((n) => [n.id, n]));
  const noteNight = (id: string) => {
    const n = byId.get(id);
    return n ? nightName({ startTime: new Date(n.startMs).toISOString(), endTime: new Date(n.endMs).toISOString() }, n.timezone) : "a night outside this period";
  };
  // When a note was written, in UTC and on the patient's clock: its night's zone, else the period's.
  const noteZone = (sessionId: string | null) => (sessionId ? byId.get(sessionId)?.timezone : undefined) ?? figures.zones[0] ?? null;
  if (report.notes.length > 0) {
    doc.addPage();
    doc.font("Helvetica-Bold").fontSize(13);
    say("Clinician notes");
    doc.moveDown(0.3);
    for (const note of report.notes) {
      doc.font("Helvetica-Bold").fontSize(9);
      say(`${note.author}, ${noteTime(note.at, noteZone(note.sessionId))}${note.sessionId ? ` (on the night of ${noteNight(note.sessionId)})` : " (on the patient)"}`, { width: WIDTH });
      doc.font("Helvetica").fontSize(9);
      say(note.text, { width: WIDTH });
      doc.moveDown(0.5);
    }
  }

  // ── Definitions and the not-a-diagnosis statement ──
  doc.addPage();
  doc.font("Helvetica-Bold").fontSize(13);
  say("Definitions used");
  doc.moveDown(0.3);
  const definitions = [
    ...periodDefinitions(),
    { term: "Averages", text: PERIOD_AVERAGES_TEXT },
    { term: "Adherence", text: adherenceDefinition(r.rule) },
  ];
  for (const d of definitions) {
    doc.font("Helvetica-Bold").fontSize(9);
    say(d.term, { width: WIDTH });
    doc.font("Helvetica").fontSize(9);
    say(d.text, { width: WIDTH });
    doc.moveDown(0.4);
  }
  doc.moveDown(0.8).font("Helvetica-Bold").fontSize(10);
  say(NOT_A_DIAGNOSIS, { width: WIDTH });

  // ── Footers, once the page count is known ──
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start a new page: lift the margin for the footer.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font("Helvetica").fontSize(8).fillColor("black");
    doc.text(printable(`Sleep report · ${who} · ${figures.from} to ${figures.to} · Page ${i - start + 1} of ${count}`), PAGE.margin, PAGE.height - 32, { width: WIDTH, align: "center", lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}

/**
 * Nights that arrived without a zone of their own (one closed as Incomplete never receives it) are dated
 * in the best zone known, as on their pages: the sentence that says so, or null when every night has its own.
 */
export function zoneBorrowedText(nights: readonly PeriodNight[]): string | null {
  const parts: string[] = [];
  for (const source of ["account", "previous-night", null] as const) {
    const count = nights.filter((n) => n.zoneSource === source).length;
    if (count === 0) continue;
    const where = source === null ? "UTC, as no zone is known for the patient" : `${ZONE_SOURCE_TEXT[source]}`;
    parts.push(`${count} ${count === 1 ? "night" : "nights"} in ${where}`);
  }
  return parts.length === 0 ? null : `Nights without a zone of their own are dated and drawn in the best zone known: ${parts.join("; ")}.`;
}

const COLUMNS = PERIOD_COLUMNS;
const ROW = 14;

function nightTable(doc: PDFKit.PDFDocument, nights: readonly PeriodNight[], averages: PeriodReport["figures"]["averages"]): void {
  const header = () => {
    doc.font("Helvetica-Bold").fontSize(8);
    row(COLUMNS.map((c) => c.title));
    doc.font("Helvetica").fontSize(8);
  };
  const row = (cells: string[]) => {
    if (doc.y + ROW > BOTTOM - 20) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    let x = PAGE.margin;
    cells.forEach((cell, i) => {
      doc.text(printable(cell), x, y, { width: COLUMNS[i]!.width - 4, lineBreak: false });
      x += COLUMNS[i]!.width;
    });
    doc.moveTo(PAGE.margin, y + ROW - 3).lineTo(PAGE.margin + WIDTH, y + ROW - 3).lineWidth(0.3).strokeColor("black").stroke();
    doc.x = PAGE.margin;
    doc.y = y + ROW;
  };
  header();
  if (nights.length === 0) row(["No nights in this period", "", "", "", "", "", "", ""]);
  for (const n of nights) {
    row([
      `${dayLabel(n.day)}${n.state === "INCOMPLETE" ? " *" : ""}`,
      duration(n.timeInBedSeconds),
      duration(n.totalSleepMinutes * 60),
      n.efficiencyShownPercent === null ? "—" : `${n.efficiencyShownPercent} %`,
      minutes(n.sleepOnsetLatencySeconds),
      minutes(n.remLatencySeconds),
      duration(n.wasoMinutes * 60),
      String(n.awakenings),
    ]);
  }
  if (nights.length > 0) {
    doc.font("Helvetica-Bold");
    row([
      `Average (${averages.nights})`,
      minutes(averages.timeInBedSeconds),
      minutes(averages.totalSleepSeconds),
      percent(averages.efficiencyPercent),
      minutes(averages.sleepOnsetLatencySeconds),
      minutes(averages.remLatencySeconds),
      minutes(averages.wasoSeconds),
      averages.awakenings === null ? "—" : averages.awakenings.toFixed(1),
    ]);
    doc.font("Helvetica");
  }
}

const GRAPH = { label: 34, height: 72, block: 128 } as const;

function hypnogram(doc: PDFKit.PDFDocument, night: PeriodNight): void {
  if (doc.y + GRAPH.block > BOTTOM - 20) doc.addPage();
  const top = doc.y;
  doc.font("Helvetica-Bold").fontSize(9).fillColor("black");
  doc.text(
    printable(`Night of ${dayLabel(night.day)}${night.state === "INCOMPLETE" ? " (Incomplete)" : ""}: ${localDateTime(night.startMs, night.timezone)} to ${localDateTime(night.endMs, night.timezone)}, ${zoneLabel(night.timezone)}`),
    PAGE.margin,
    top,
    { width: WIDTH, lineBreak: false },
  );
  const plotX = PAGE.margin + GRAPH.label;
  const plotW = WIDTH - GRAPH.label;
  const plotY = top + 16;
  const rowGap = GRAPH.height / HYPNOGRAM_ROWS.length;
  const levelY = (level: number) => plotY + (HYPNOGRAM_ROWS.length - level) * rowGap + rowGap / 2;
  const spanMs = Math.max(night.endMs - night.startMs, night.sleepStages.length * EPOCH_SECONDS * 1000, 1);
  const xAt = (ms: number) => plotX + ((ms - night.startMs) / spanMs) * plotW;

  // Stage labels and faint guides.
  doc.font("Helvetica").fontSize(7);
  for (const r of HYPNOGRAM_ROWS) {
    doc.text(r.label, PAGE.margin, levelY(r.level) - 3, { width: GRAPH.label - 4, lineBreak: false });
    doc.moveTo(plotX, levelY(r.level)).lineTo(plotX + plotW, levelY(r.level)).lineWidth(0.2).dash(1, { space: 2 }).strokeColor("black").stroke().undash();
  }
  doc.rect(plotX, plotY, plotW, GRAPH.height).lineWidth(0.5).strokeColor("black").stroke();

  // The steps: a horizontal run per epoch, joined vertically while the data continue.
  const epochMs = EPOCH_SECONDS * 1000;
  let previous: number | null = null;
  doc.lineWidth(1).strokeColor("black");
  night.sleepStages.forEach((stage, epoch) => {
    const level = stageLevel(stage);
    const x0 = xAt(night.startMs + epoch * epochMs);
    const x1 = xAt(night.startMs + (epoch + 1) * epochMs);
    if (level === null) {
      previous = null;
      return;
    }
    if (previous !== null && previous !== level) doc.moveTo(x0, levelY(previous)).lineTo(x0, levelY(level)).stroke();
    doc.moveTo(x0, levelY(level)).lineTo(x1, levelY(level)).stroke();
    previous = level;
  });

  // Hourly ticks, labelled with the night's local clock.
  const axisY = plotY + GRAPH.height;
  doc.lineWidth(0.6).fontSize(7);
  for (const tick of hourlyTicks(night.startMs, night.startMs + spanMs, night.timezone)) {
    const x = xAt(tick.ms);
    doc.moveTo(x, axisY).lineTo(x, axisY + 4).stroke();
    doc.text(tick.label, x - 12, axisY + 6, { width: 24, align: "center", lineBreak: false });
  }
  doc.x = PAGE.margin;
  doc.y = top + GRAPH.block;
}
