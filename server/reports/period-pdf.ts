// The period report as a PDF, drawn with pdfkit on the server (no browser): the patient, range, zone
// and clinicians; a table of nights with averages, and the patient's tags on them; adherence; every
// hypnogram in black on white with hourly ticks; clinicians' notes; the definitions used and a
// not-a-diagnosis statement. Page layout is
// fixed: a summary (the table flows onto more pages when long), the hypnograms from a new page, then
// the definitions from a new page; "Page n of N" at the foot of every page.
// Names print in any of Latin, Greek, Cyrillic and Hangul (an embedded font, subset to the glyphs used),
// and the PDF is tagged (headings, paragraphs, the table, each hypnogram as a figure with a text
// alternative, in a stated language), so a screen reader gets its structure.

import { COMPLIANCE_DEFINITION, complianceSummary } from "@/lib/sleep/compliance";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { duration } from "@/lib/format";
import { adherenceDefinition, adherenceSummary } from "@/lib/sleep/adherence";
import { DEFINITIONS, type DefinitionKey } from "@/lib/sleep/definitions";
import { hypnogramRows, stageLevel } from "@/lib/sleep/hypnogram";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";
import { periodAsleepMeasures, type PeriodNight } from "@/lib/report/period";
import { ASLEEP_MEASURE_TEXT } from "@/lib/sleep/asleep-measures";
import { hourlyTicks } from "@/lib/report/ticks";
import { DAY_SPLIT_HOUR } from "@/lib/time/day";
import { nightName, ZONE_SOURCE_TEXT } from "@/lib/time/night";
import { zoneLabel } from "@/lib/time/zone";
import type { PeriodReport } from "../data/period";
import { provenanceLine } from "@/lib/sleep/provenance";
import type { SignedBlock } from "../data/signed-reports";
import { amendedLine, artifact, BOLD, localDateTime, noteTime, PAGE, printable, REGULAR, signedSections, structured, taggedPdf, WIDTH, type Parent } from "./tagged-pdf";

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

const BOTTOM = PAGE.height - PAGE.margin;

const dayLabel = (day: string) => format(new Date(`${day}T12:00:00Z`), "EEE d MMM yyyy");
const minutes = (seconds: number | null) => (seconds === null ? "—" : duration(seconds));
const percent = (value: number | null) => (value === null ? "—" : `${Math.round(value)} %`);

/** A signed period report: the interpretation and signature block, and the findings line it was signed with. */
export type SignedPeriod = SignedBlock & { findingsLine: string };

/**
 * The period report; with `signed`, the signed report (server/data/period-reports.ts): its interpretation
 * and signature after the summary, "amended" under the title, the version in every footer.
 */
export async function renderPeriodPdf(report: PeriodReport, generatedAt: Date, signed: SignedPeriod | null = null): Promise<Buffer> {
  const { figures } = report;
  const who = report.patient?.name ?? report.asleepUserId;
  const title = `Sleep report: ${who}, ${figures.from} to ${figures.to}`;
  const pdf = taggedPdf({ title, author: signed ? `${signed.signature.name}, ${signed.signature.credential}` : "Sleep dashboard", created: generatedAt });
  const { doc, root, say, section } = pdf;

  // ── Who, when, where ──
  doc.font(BOLD).fontSize(18);
  say(root, "H1", `Sleep report: ${who}`);
  doc.moveDown(0.3).font(REGULAR).fontSize(10);
  say(root, "P", `Asleep user ${report.asleepUserId}${report.patient ? ` · ${report.patient.email}` : ""}`);
  if (figures.enrolledOn) say(root, "P", `Enrolled on ${dayLabel(figures.enrolledOn)}: averages and adherence count from this day.`);
  say(root, "P", `Period: ${dayLabel(figures.from)} to ${dayLabel(figures.to)} (${figures.days} ${figures.days === 1 ? "day" : "days"}, nights counted noon to noon)`);
  say(
    root,
    "P",
    figures.zones.length === 0
      ? "Time zone: no nights recorded in this period"
      : figures.zones.length === 1
        ? `Time zone: ${zoneLabel(figures.zones[0]!)} (every time below is in it)`
        : `Time zones: ${figures.zones.map(zoneLabel).join(", ")} (each night's own zone is given with its hypnogram)`,
    { width: WIDTH },
  );
  const borrowed = zoneBorrowedText(figures.nights);
  if (borrowed) say(root, "P", borrowed, { width: WIDTH });
  say(root, "P", `Clinician${report.clinicians.length === 1 ? "" : "s"}: ${report.clinicians.length ? report.clinicians.map((c) => `${c.name} (${c.email})`).join(", ") : "none assigned"}`, { width: WIDTH });
  say(root, "P", `Generated: ${format(new TZDate(generatedAt.getTime(), "UTC"), "HH:mm EEE d MMM yyyy")} UTC`);
  const amended = signed && amendedLine(signed);
  if (amended) {
    doc.font(BOLD);
    say(root, "P", amended, { width: WIDTH });
    doc.font(REGULAR);
  }
  doc.moveDown(1);

  // ── The table of nights, with averages ──
  const nightsSection = section();
  doc.font(BOLD).fontSize(13);
  say(nightsSection, "H2", `Nights (${figures.nights.length})`);
  doc.moveDown(0.3);
  nightTable(doc, nightsSection, figures.nights, figures.averages);
  doc.moveDown(0.5).font(REGULAR).fontSize(8);
  if (figures.nights.some((n) => n.state === "INCOMPLETE")) say(nightsSection, "P", "* Closed as Incomplete: the recording stopped without Asleep's final report; the figures are of what was recorded.", { width: WIDTH });
  nightsSection.end();
  doc.moveDown(1);

  // ── The sleeper's tags, night by night (only the nights that have some) ──
  const tagged = figures.nights.filter((n) => (report.tags.get(n.id) ?? []).length > 0);
  if (tagged.length > 0) {
    const tags = section();
    doc.font(BOLD).fontSize(13);
    say(tags, "H2", "Night tags (added by the patient)", { width: WIDTH });
    doc.moveDown(0.3).font(REGULAR).fontSize(9);
    for (const n of tagged) say(tags, "P", `${dayLabel(n.day)}: ${report.tags.get(n.id)!.join(", ")}`, { width: WIDTH });
    tags.end();
    doc.moveDown(1);
  }

  // ── Adherence ──
  const adherence = section();
  doc.font(BOLD).fontSize(13);
  say(adherence, "H2", "Adherence", { width: WIDTH });
  doc.moveDown(0.3).font(REGULAR).fontSize(10);
  const r = figures.ruleAdherence;
  say(adherence, "P", r.tooEarly ? `${adherenceSummary(r)} (the last ${r.rule.windowDays} days of the period reach before enrolment).` : `Last ${r.days} days of the period (${dayLabel(r.firstDay)} to ${dayLabel(r.lastDay)}): ${adherenceSummary(r)}.`, { width: WIDTH });
  say(adherence, "P", `Over the whole period (${dayLabel(figures.from)} to ${dayLabel(figures.to)}): ${adherenceSummary(figures.rangeAdherence)}.`, { width: WIDTH });
  doc.moveDown(0.3).fontSize(8);
  say(adherence, "P", adherenceDefinition(r.rule), { width: WIDTH });
  if (report.compliance) {
    doc.moveDown(0.5).fontSize(10);
    say(adherence, "P", `Compliance in the first 90 days (enrolled ${dayLabel(report.compliance.enrolledOn)}, as of ${dayLabel(figures.to)}): ${complianceSummary(report.compliance)}.`, { width: WIDTH });
    doc.moveDown(0.3).fontSize(8);
    say(adherence, "P", COMPLIANCE_DEFINITION, { width: WIDTH });
  }
  adherence.end();

  // ── Asleep's own measures, only those the plan included ──
  const asleep = periodAsleepMeasures(figures.nights);
  if (asleep.sleepScore || asleep.unstableBreathPercent) {
    const measured = section();
    doc.moveDown(0.8).font(BOLD).fontSize(13);
    say(measured, "H2", "Measured by Asleep", { width: WIDTH });
    doc.moveDown(0.3).font(REGULAR).fontSize(10);
    const nightsText = (n: number) => `${n} ${n === 1 ? "night" : "nights"}`;
    if (asleep.sleepScore) say(measured, "P", `Asleep's sleep score: ${Math.round(asleep.sleepScore.mean)} / 100 on average (${nightsText(asleep.sleepScore.nights)}).`, { width: WIDTH });
    if (asleep.unstableBreathPercent) say(measured, "P", `Breathing stability: Asleep judged breathing unstable ${Math.round(asleep.unstableBreathPercent.mean)}% of the night on average (${nightsText(asleep.unstableBreathPercent.nights)} with breathing analysis).`, { width: WIDTH });
    doc.moveDown(0.3).fontSize(8);
    say(measured, "P", [asleep.sleepScore && ASLEEP_MEASURE_TEXT.sleepIndex, asleep.unstableBreathPercent && ASLEEP_MEASURE_TEXT.breathing].filter(Boolean).join(" "), { width: WIDTH });
    measured.end();
  }

  // ── The clinician's interpretation and signature, after the summary it interprets ──
  if (signed) signedSections(pdf, signed, signed.findingsLine);

  // ── Hypnograms ──
  if (figures.nights.length > 0) {
    doc.addPage();
    const graphs = section();
    doc.font(BOLD).fontSize(13);
    say(graphs, "H2", "Hypnograms");
    doc.font(REGULAR).fontSize(8);
    say(graphs, "P", "Wake, REM, Light (N1 + N2) and Deep (N3), one step per 30-second epoch; a break in the line is no data. Ticks mark each whole hour of the night's own clock.", { width: WIDTH });
    doc.moveDown(0.5);
    for (const night of figures.nights) hypnogram(doc, graphs, night);
    graphs.end();

    // ── Where each night came from (issue 23 §6): one line per night ──
    const sources = section();
    doc.font(BOLD).fontSize(11);
    say(sources, "H2", "Where each night came from");
    doc.font(REGULAR).fontSize(8);
    for (const night of figures.nights) {
      const provenance = report.provenance.get(night.id);
      if (provenance) say(sources, "P", `${dayLabel(night.day)}: ${provenanceLine(provenance, night.stagePlan)}`, { width: WIDTH });
    }
    sources.end();
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
    const notes = section();
    doc.font(BOLD).fontSize(13);
    say(notes, "H2", "Clinician notes");
    doc.moveDown(0.3);
    for (const note of report.notes) {
      doc.font(BOLD).fontSize(9);
      say(notes, "H3", `${note.author}, ${noteTime(note.at, noteZone(note.sessionId))}${note.sessionId ? ` (on the night of ${noteNight(note.sessionId)})` : " (on the patient)"}`, { width: WIDTH });
      doc.font(REGULAR).fontSize(9);
      say(notes, "P", note.text, { width: WIDTH });
      doc.moveDown(0.5);
    }
    notes.end();
  }

  // ── Definitions and the not-a-diagnosis statement ──
  doc.addPage();
  const terms = section();
  doc.font(BOLD).fontSize(13);
  say(terms, "H2", "Definitions used");
  doc.moveDown(0.3);
  const definitions = [
    ...periodDefinitions(),
    { term: "Averages", text: PERIOD_AVERAGES_TEXT },
    { term: "Adherence", text: adherenceDefinition(r.rule) },
  ];
  for (const d of definitions) {
    doc.font(BOLD).fontSize(9);
    say(terms, "H3", d.term, { width: WIDTH });
    doc.font(REGULAR).fontSize(9);
    say(terms, "P", d.text, { width: WIDTH });
    doc.moveDown(0.4);
  }
  doc.moveDown(0.8).font(BOLD).fontSize(10);
  say(terms, "P", NOT_A_DIAGNOSIS, { width: WIDTH });
  terms.end();

  return pdf.finish((page, count) => `Sleep report · ${who} · ${figures.from} to ${figures.to}${signed ? ` · signed, version ${signed.signature.version}` : ""} · Page ${page} of ${count}`);
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

function nightTable(doc: PDFKit.PDFDocument, parent: Parent, nights: readonly PeriodNight[], averages: PeriodReport["figures"]["averages"]): void {
  const table = doc.struct("Table");
  parent.add(table);
  const header = () => {
    doc.font(BOLD).fontSize(8);
    row(COLUMNS.map((c) => c.title), "TH");
    doc.font(REGULAR).fontSize(8);
  };
  const row = (cells: string[], cellType: "TH" | "TD" = "TD") => {
    if (doc.y + ROW > BOTTOM - 20) {
      doc.addPage();
      header();
    }
    const tr = doc.struct("TR");
    table.add(tr);
    const y = doc.y;
    let x = PAGE.margin;
    cells.forEach((cell, i) => {
      // A row's first cell heads it (the night, or "Average"): read before its figures.
      structured(doc, tr, i === 0 ? "TH" : cellType, () => doc.text(printable(cell), x, y, { width: COLUMNS[i]!.width - 4, lineBreak: false }));
      x += COLUMNS[i]!.width;
    });
    tr.end();
    artifact(doc, "Layout", () => doc.moveTo(PAGE.margin, y + ROW - 3).lineTo(PAGE.margin + WIDTH, y + ROW - 3).lineWidth(0.3).strokeColor("black").stroke());
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
    doc.font(BOLD);
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
    doc.font(REGULAR);
  }
  table.end();
}

const GRAPH = { label: 34, height: 72, block: 128 } as const;

/** What a hypnogram shows, in words, for whoever cannot see it: the table's own figures for the night. */
export const hypnogramAlt = (night: PeriodNight) =>
  `Hypnogram of the night of ${dayLabel(night.day)}: ${duration(night.totalSleepMinutes * 60)} asleep of ${duration(night.timeInBedSeconds)} in bed, ` +
  `${night.awakenings} ${night.awakenings === 1 ? "awakening" : "awakenings"}; each night's figures are in the table of nights.`;

function hypnogram(doc: PDFKit.PDFDocument, parent: Parent, night: PeriodNight): void {
  if (doc.y + GRAPH.block > BOTTOM - 20) doc.addPage();
  const top = doc.y;
  doc.font(BOLD).fontSize(9).fillColor("black");
  structured(doc, parent, "H3", () =>
    doc.text(
      printable(`Night of ${dayLabel(night.day)}${night.state === "INCOMPLETE" ? " (Incomplete)" : ""}: ${localDateTime(night.startMs, night.timezone)} to ${localDateTime(night.endMs, night.timezone)}, ${zoneLabel(night.timezone)}`),
      PAGE.margin,
      top,
      { width: WIDTH, lineBreak: false },
    ),
  );
  structured(doc, parent, "Figure", () => drawHypnogram(doc, night, top), { alt: hypnogramAlt(night) });
  doc.x = PAGE.margin;
  doc.y = top + GRAPH.block;
}

function drawHypnogram(doc: PDFKit.PDFDocument, night: PeriodNight, top: number): void {
  const plotX = PAGE.margin + GRAPH.label;
  const plotW = WIDTH - GRAPH.label;
  const plotY = top + 16;
  // A 2-stage night (lib/sleep/plan.ts) on two rows, Wake and Sleep.
  const rows = hypnogramRows(night.stagePlan);
  const rowGap = GRAPH.height / rows.length;
  const levelY = (level: number) => plotY + (rows.length - level) * rowGap + rowGap / 2;
  const spanMs = Math.max(night.endMs - night.startMs, night.sleepStages.length * EPOCH_SECONDS * 1000, 1);
  const xAt = (ms: number) => plotX + ((ms - night.startMs) / spanMs) * plotW;

  // Stage labels and faint guides.
  doc.font(REGULAR).fontSize(7);
  for (const r of rows) {
    doc.text(r.label, PAGE.margin, levelY(r.level) - 3, { width: GRAPH.label - 4, lineBreak: false });
    doc.moveTo(plotX, levelY(r.level)).lineTo(plotX + plotW, levelY(r.level)).lineWidth(0.2).dash(1, { space: 2 }).strokeColor("black").stroke().undash();
  }
  doc.rect(plotX, plotY, plotW, GRAPH.height).lineWidth(0.5).strokeColor("black").stroke();

  // The steps: a horizontal run per epoch, joined vertically while the data continue.
  const epochMs = EPOCH_SECONDS * 1000;
  let previous: number | null = null;
  doc.lineWidth(1).strokeColor("black");
  night.sleepStages.forEach((stage, epoch) => {
    const level = stageLevel(stage, night.stagePlan);
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
}
