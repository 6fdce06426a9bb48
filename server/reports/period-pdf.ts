// The period report as a PDF, drawn with pdfkit on the server (no browser): the patient, range, zone
// and clinicians; a table of nights with averages, and the patient's tags on them; adherence; every
// hypnogram in black on white with hourly ticks; clinicians' notes; the definitions used and a
// not-a-diagnosis statement. Page layout is
// fixed: a summary (the table flows onto more pages when long), the hypnograms from a new page, then
// the definitions from a new page; "Page n of N" at the foot of every page.
// Names print in any of Latin, Greek, Cyrillic and Hangul (an embedded font, subset to the glyphs used),
// and the PDF is tagged (headings, paragraphs, the table, each hypnogram as a figure with a text
// alternative, in a stated language), so a screen reader gets its structure.
// Every word is in the language of the clinician who asks for it (or signs it): the "PeriodPdf" namespace
// of the catalogues (with "TaggedPdf", "Sleep" for the stages and "Definitions" for the figures), dates as
// that language writes them. The sentences the pages take from lib/ (adherence, compliance, where a night
// came from) are in "PeriodPdf" too, in words the English of which is lib's own, word for word (the tests
// hold them together).

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { ko } from "date-fns/locale";
import { clockTime, duration } from "@/lib/format";
import { DEFAULT_LOCALE, INTL_TAG, type Locale } from "@/lib/i18n/locales";
import { isUsualRule, type Adherence, type AdherenceRule } from "@/lib/sleep/adherence";
import { COMPLIANCE_MIN_HOURS, COMPLIANCE_REQUIRED_DAYS, COMPLIANCE_WINDOW_DAYS, windowLabel, type Compliance } from "@/lib/sleep/compliance";
import { DEFINITIONS, type Definition, type DefinitionKey } from "@/lib/sleep/definitions";
import { enrolledWindow } from "@/lib/sleep/enrolment";
import { hypnogramRows, stageLevel } from "@/lib/sleep/hypnogram";
import type { StagePlan } from "@/lib/sleep/plan";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";
import { PERSISTENT_SLEEP_EPOCHS } from "@/lib/sleep/statistics";
import { periodAsleepMeasures, type PeriodNight } from "@/lib/report/period";
import { hourlyTicks } from "@/lib/report/ticks";
import { DAY_SPLIT_HOUR } from "@/lib/time/day";
import { nightName } from "@/lib/time/night";
import { zoneLabel } from "@/lib/time/zone";
import type { NightProvenance } from "@/lib/sleep/provenance";
import type { PeriodReport } from "../data/period";
import type { SignedBlock } from "../data/signed-reports";
import { messagesFor } from "../i18n/messages";
import { translatorFor } from "../i18n/translator";
import { amendedLine, artifact, BOLD, localDateTime, notADiagnosis, noteTime, PAGE, pdfDay, pdfPercent, pdfShortDay, printable, REGULAR, signedSections, structured, taggedPdf, WIDTH, type Parent } from "./tagged-pdf";

/** The table's columns and their widths, each with the definition (lib/sleep/definitions.ts) behind its figure. */
const COLUMN_LAYOUT = [
  { width: 82, defines: "nightOf" },
  { width: 62, defines: "timeInBed" },
  { width: 62, defines: "totalSleep" },
  { width: 48, defines: "sleepEfficiency" },
  { width: 58, defines: "sleepOnsetLatency" },
  { width: 58, defines: "remLatency" },
  { width: 62, defines: "waso" },
  { width: 63, defines: "awakenings" },
] as const satisfies ReadonlyArray<{ width: number; defines: DefinitionKey | "nightOf" }>;

/** The table's columns with their titles in `locale` ("PeriodPdf.columns"). */
export const periodColumns = (locale: Locale = DEFAULT_LOCALE) => {
  const t = translatorFor(locale, "PeriodPdf");
  return COLUMN_LAYOUT.map((c) => ({ ...c, title: t(`columns.${c.defines}`) }));
};

/**
 * The table's columns, each with the definition behind its figure (English titles); then the terms those
 * definitions rely on. The PDF prints every one of them under the column's own name.
 */
export const PERIOD_COLUMNS = periodColumns("en");

/** The definitions the columns' definitions use (sleep onset for both latencies, the epoch, no data), in the order printed. */
export const PERIOD_FIGURES: readonly DefinitionKey[] = ["epoch", "sleepOnset", ...COLUMN_LAYOUT.flatMap((c) => (c.defines === "nightOf" ? [] : [c.defines])), "noData"];

/** A definition as the PDF prints it: under the column's own title (with the figure's full name when it differs). */
export interface PrintedDefinition {
  term: string;
  text: string;
}

/**
 * The figures' definitions in `locale`: the "Definitions" namespace (a message `<key>.term` and `<key>.text`
 * for each key of lib/sleep/definitions.ts DEFINITIONS, or the same under `figures.`) where the catalogues
 * have it; else the English of lib/sleep/definitions.ts. The values its messages may take are given to
 * each: the constants definitions.ts writes in, and that namespace's own shared sentences (`fromEpochCounts`,
 * `ranges.<key>`) where it has them.
 */
function definitionsIn(locale: Locale): (key: DefinitionKey) => Definition {
  if (!(messagesFor(locale) as Record<string, unknown>).Definitions) return (key) => DEFINITIONS[key];
  const t = translatorFor(locale, "Definitions");
  const optional = (key: string): Record<string, string> => (t.has(key) ? { [key.split(".")[0]!]: t(key) } : {});
  const values = { epochSeconds: EPOCH_SECONDS, persistentEpochs: PERSISTENT_SLEEP_EPOCHS, persistentMinutes: (PERSISTENT_SLEEP_EPOCHS * EPOCH_SECONDS) / 60 };
  return (key) => {
    for (const at of [key, `figures.${key}`]) {
      if (!t.has(`${at}.term`) || !t.has(`${at}.text`)) continue;
      const range: Record<string, string> = t.has(`ranges.${key}`) ? { range: t(`ranges.${key}`) } : {};
      const all = { ...values, ...optional(SHARED_DEFINITION), ...range };
      return { term: t(`${at}.term`, all), text: t(`${at}.text`, all) };
    }
    return DEFINITIONS[key];
  };
}

/** A sentence several definitions share, where the "Definitions" namespace has it (a message argument of the same name). */
const SHARED_DEFINITION = "fromEpochCounts";

/**
 * The definitions printed, in order. A definition's words quote the night page's label for its figure
 * ("Fell asleep after"); the PDF's table does not use those labels, so it names its own column instead.
 */
export function periodDefinitions(locale: Locale = DEFAULT_LOCALE): PrintedDefinition[] {
  const t = translatorFor(locale, "PeriodPdf");
  const titleOf = new Map<string, string>(periodColumns(locale).map((c) => [c.defines, c.title]));
  const definition = definitionsIn(locale);
  return [
    // What the table's "Night of" column means: the day rule of lib/time/day.ts, in words.
    { term: titleOf.get("nightOf")!, text: t("definitions.nightOf", { split: `${String(DAY_SPLIT_HOUR).padStart(2, "0")}:00` }) },
    ...PERIOD_FIGURES.map((key) => {
      const d = definition(key);
      const title = titleOf.get(key);
      const named = title === undefined || d.term.startsWith(title) || d.term.includes(`(${title})`);
      const term = named ? d.term : t("definitions.columnTerm", { column: title, term: d.term });
      // Korean sets the quoted label against the word before it ("입면까지이며(“잠들기까지”)"): either way it goes.
      return { term, text: d.text.replace(/ ?\(“[^”]*”\)/g, "") };
    }),
  ];
}

// ── The sentences lib/ writes in English for the pages, in the reader's language ────────────────────

/** "4 h" (the rule's hours as lib/sleep/adherence.ts writes them); "4시간". */
const hoursText = (hours: number, locale: Locale) => (locale === "en" ? `${hours} h` : duration(hours * 3600, locale));

/** lib/sleep/adherence.ts adherenceSummary, in `locale`. */
export function adherenceSummaryIn(a: Adherence, locale: Locale = DEFAULT_LOCALE): string {
  const t = translatorFor(locale, "PeriodPdf");
  if (a.tooEarly) {
    const enrolledOn = a.enrolledOn ?? a.firstDay;
    const w = enrolledWindow(enrolledOn, a.lastDay, a.rule.windowDays);
    return t("adherence.tooEarly", { day: pdfDay(enrolledOn, locale), days: w.days, windowDays: w.windowDays });
  }
  return t("adherence.summary", {
    adherent: a.adherentDays,
    days: a.days,
    hours: hoursText(a.rule.minSleepHours, locale),
    percent: String(Math.floor(a.percent)),
    meets: a.meets ? "yes" : "no",
    usual: isUsualRule(a.rule) ? "yes" : "no",
    target: String(a.rule.targetPercent),
  });
}

/** lib/sleep/adherence.ts adherenceDefinition, in `locale`. */
export function adherenceDefinitionIn(rule: AdherenceRule, locale: Locale = DEFAULT_LOCALE): string {
  const t = translatorFor(locale, "PeriodPdf");
  const required = Math.ceil(Number(((rule.targetPercent * rule.windowDays) / 100).toFixed(9)));
  return t("adherence.definition", { hours: hoursText(rule.minSleepHours, locale), target: String(rule.targetPercent), windowDays: String(rule.windowDays), required: String(required) });
}

/** lib/sleep/compliance.ts windowLabel ("3 Nov–2 Dec 2026"), in `locale` ("2026년 11월 3일~12월 2일"). */
function windowLabelIn(w: { firstDay: string; lastDay: string }, locale: Locale): string {
  if (locale === "en") return windowLabel(w);
  const at = (day: string) => new Date(`${day}T12:00:00Z`);
  return new Intl.DateTimeFormat(INTL_TAG[locale], { timeZone: "UTC", year: "numeric", month: "long", day: "numeric" }).formatRange(at(w.firstDay), at(w.lastDay));
}

/** lib/sleep/compliance.ts complianceSummary, in `locale`. */
export function complianceSummaryIn(c: Compliance, locale: Locale = DEFAULT_LOCALE): string {
  const t = translatorFor(locale, "PeriodPdf");
  const hours = hoursText(COMPLIANCE_MIN_HOURS, locale);
  if (c.status === "met") return t("compliance.met", { window: windowLabelIn(c.window, locale), adherent: c.window.adherentDays, windowDays: COMPLIANCE_WINDOW_DAYS, hours });
  if (c.status === "not-yet") return t("compliance.notYet", { adherent: c.best.adherentDays, windowDays: COMPLIANCE_WINDOW_DAYS, daysLeft: c.daysLeft, required: COMPLIANCE_REQUIRED_DAYS });
  return t("compliance.notMet", { adherent: c.best.adherentDays, windowDays: COMPLIANCE_WINDOW_DAYS, hours });
}

/** lib/sleep/compliance.ts COMPLIANCE_DEFINITION, in `locale`. */
export const complianceDefinitionIn = (locale: Locale = DEFAULT_LOCALE) =>
  translatorFor(locale, "PeriodPdf")("compliance.definition", { hours: hoursText(COMPLIANCE_MIN_HOURS, locale), required: COMPLIANCE_REQUIRED_DAYS, windowDays: COMPLIANCE_WINDOW_DAYS });

/** lib/sleep/provenance.ts provenanceLine (the clinic's form, with how it was delivered), in `locale`. */
export function provenanceLineIn(p: NightProvenance, plan: StagePlan | undefined, locale: Locale = DEFAULT_LOCALE): string {
  const t = translatorFor(locale, "PeriodPdf");
  const parts = [t("provenance.measured")];
  if (plan) parts.push(plan === "2-stage" ? t("provenance.twoStages") : t("provenance.fourStages"));
  if (p.forms.length > 0) {
    const form = (f: NightProvenance["forms"][number]) => {
      const words = [f.via === "backfill" ? t("provenance.restApi") : t("provenance.webhook", { version: f.version ?? t("provenance.noVersion") }), t(`provenance.shape.${f.shape}`)];
      if (f.names === "callback") words.push(t("provenance.callbackNames"));
      words.push(...f.aliases);
      return words.join(", ");
    };
    parts.push(p.forms.map(form).join("; "));
  }
  if (p.cadenceMs !== null) parts.push(t("provenance.cadence", { minutes: Math.round(p.cadenceMs / 60_000) }));
  else if (p.forms.length > 0) parts.push(t("provenance.noAnalyses"));
  if (p.missingDataRatio !== null) {
    const percent = p.missingDataRatio * 100;
    const share = percent > 0 && percent < 1 ? t("provenance.under1") : `${Math.round(percent)}%`;
    parts.push(t("provenance.missing", { share }));
  }
  return parts.join(" · ");
}

/** lib/report/period.ts periodFindingsLine, in `locale` (a signed report stores the English one: its data). */
export const periodFindingsLineIn = (range: { from: string; to: string }, nights: number, days: number, locale: Locale = DEFAULT_LOCALE) =>
  translatorFor(locale, "PeriodPdf")("findingsLine", { nights, from: pdfDay(range.from, locale), to: pdfDay(range.to, locale), days });

/**
 * lib/time/night.ts nightName for a night of the period, in `locale`: its day, clock range (the start's
 * weekday when it started after midnight) and zone.
 */
export function nightNameIn(n: PeriodNight, locale: Locale = DEFAULT_LOCALE): string {
  if (locale === "en") return nightName({ startTime: new Date(n.startMs).toISOString(), endTime: new Date(n.endMs).toISOString() }, n.timezone);
  const startDate = format(new TZDate(n.startMs, n.timezone), "yyyy-MM-dd");
  const weekday = format(new TZDate(n.startMs, n.timezone), "EEE", { locale: ko });
  const startClock = (startDate === n.day ? "" : `${weekday} `) + clockTime(n.startMs, n.timezone);
  return `${pdfDay(n.day, locale)}, ${startClock}–${clockTime(n.endMs, n.timezone)}, ${zoneLabel(n.timezone)}`;
}

const BOTTOM = PAGE.height - PAGE.margin;

/** A signed period report: the interpretation and signature block, and the findings line it was signed with. */
export type SignedPeriod = SignedBlock & { findingsLine: string };

/**
 * The period report; with `signed`, the signed report (server/data/period-reports.ts): its interpretation
 * and signature after the summary, "amended" under the title, the version in every footer. In `locale`,
 * the language of whoever asks for it (or signs it).
 */
export async function renderPeriodPdf(report: PeriodReport, generatedAt: Date, signed: SignedPeriod | null = null, locale: Locale = DEFAULT_LOCALE): Promise<Buffer> {
  const t = translatorFor(locale, "PeriodPdf");
  const { figures } = report;
  const day = (d: string) => pdfDay(d, locale);
  const who = report.patient?.name ?? report.asleepUserId;
  const title = t("title", { who, from: figures.from, to: figures.to });
  const pdf = taggedPdf({ title, author: signed ? `${signed.signature.name}, ${signed.signature.credential}` : translatorFor(locale, "Layout")("title"), created: generatedAt, locale });
  const { doc, root, say, section } = pdf;

  // ── Who, when, where ──
  doc.font(BOLD).fontSize(18);
  say(root, "H1", t("heading", { who }));
  doc.moveDown(0.3).font(REGULAR).fontSize(10);
  say(root, "P", `${t("asleepUser", { id: report.asleepUserId })}${report.patient ? ` · ${report.patient.email}` : ""}`);
  if (figures.enrolledOn) say(root, "P", t("enrolled", { day: day(figures.enrolledOn) }));
  say(root, "P", t("period", { from: day(figures.from), to: day(figures.to), days: figures.days }));
  say(
    root,
    "P",
    figures.zones.length === 0
      ? t("zoneNone")
      : figures.zones.length === 1
        ? t("zoneOne", { zone: zoneLabel(figures.zones[0]!) })
        : t("zoneMany", { zones: figures.zones.map(zoneLabel).join(", ") }),
    { width: WIDTH },
  );
  const borrowed = zoneBorrowedText(figures.nights, locale);
  if (borrowed) say(root, "P", borrowed, { width: WIDTH });
  const clinicians = report.clinicians.length ? report.clinicians.map((c) => `${c.name} (${c.email})`).join(", ") : t("noClinician");
  say(root, "P", t("clinicians", { count: report.clinicians.length, list: clinicians }), { width: WIDTH });
  say(root, "P", t("generated", { time: localDateTime(generatedAt.getTime(), "UTC", locale) }));
  const amended = signed && amendedLine(signed, locale);
  if (amended) {
    doc.font(BOLD);
    say(root, "P", amended, { width: WIDTH });
    doc.font(REGULAR);
  }
  doc.moveDown(1);

  // ── The table of nights, with averages ──
  const nightsSection = section();
  doc.font(BOLD).fontSize(13);
  say(nightsSection, "H2", t("nights", { count: figures.nights.length }));
  doc.moveDown(0.3);
  nightTable(doc, nightsSection, figures.nights, figures.averages, locale);
  doc.moveDown(0.5).font(REGULAR).fontSize(8);
  if (figures.nights.some((n) => n.state === "INCOMPLETE")) say(nightsSection, "P", t("incompleteNote"), { width: WIDTH });
  nightsSection.end();
  doc.moveDown(1);

  // ── The sleeper's tags, night by night (only the nights that have some) ──
  const tagged = figures.nights.filter((n) => (report.tags.get(n.id) ?? []).length > 0);
  if (tagged.length > 0) {
    const tags = section();
    doc.font(BOLD).fontSize(13);
    say(tags, "H2", t("tagsHeading"), { width: WIDTH });
    doc.moveDown(0.3).font(REGULAR).fontSize(9);
    for (const n of tagged) say(tags, "P", `${day(n.day)}: ${report.tags.get(n.id)!.join(", ")}`, { width: WIDTH });
    tags.end();
    doc.moveDown(1);
  }

  // ── Adherence ──
  const adherence = section();
  doc.font(BOLD).fontSize(13);
  say(adherence, "H2", t("adherenceHeading"), { width: WIDTH });
  doc.moveDown(0.3).font(REGULAR).fontSize(10);
  const r = figures.ruleAdherence;
  const summary = adherenceSummaryIn(r, locale);
  say(adherence, "P", r.tooEarly ? t("adherenceTooEarly", { summary, windowDays: r.rule.windowDays }) : t("adherenceLast", { days: r.days, from: day(r.firstDay), to: day(r.lastDay), summary }), { width: WIDTH });
  say(adherence, "P", t("adherenceWhole", { from: day(figures.from), to: day(figures.to), summary: adherenceSummaryIn(figures.rangeAdherence, locale) }), { width: WIDTH });
  doc.moveDown(0.3).fontSize(8);
  say(adherence, "P", adherenceDefinitionIn(r.rule, locale), { width: WIDTH });
  if (report.compliance) {
    doc.moveDown(0.5).fontSize(10);
    say(adherence, "P", t("complianceLine", { enrolled: day(report.compliance.enrolledOn), asOf: day(figures.to), summary: complianceSummaryIn(report.compliance, locale) }), { width: WIDTH });
    doc.moveDown(0.3).fontSize(8);
    say(adherence, "P", complianceDefinitionIn(locale), { width: WIDTH });
  }
  adherence.end();

  // ── Asleep's own measures, only those the plan included ──
  const asleep = periodAsleepMeasures(figures.nights);
  if (asleep.sleepScore || asleep.unstableBreathPercent) {
    const measured = section();
    doc.moveDown(0.8).font(BOLD).fontSize(13);
    say(measured, "H2", t("measuredHeading"), { width: WIDTH });
    doc.moveDown(0.3).font(REGULAR).fontSize(10);
    if (asleep.sleepScore) say(measured, "P", t("sleepScore", { score: Math.round(asleep.sleepScore.mean), nights: asleep.sleepScore.nights }), { width: WIDTH });
    if (asleep.unstableBreathPercent) say(measured, "P", t("breathing", { percent: Math.round(asleep.unstableBreathPercent.mean), nights: asleep.unstableBreathPercent.nights }), { width: WIDTH });
    doc.moveDown(0.3).fontSize(8);
    say(measured, "P", [asleep.sleepScore && t("asleepMeasures.sleepIndex"), asleep.unstableBreathPercent && t("asleepMeasures.breathing")].filter(Boolean).join(" "), { width: WIDTH });
    measured.end();
  }

  // ── The clinician's interpretation and signature, after the summary it interprets ──
  // The findings line is stored as signed (in English, as the FHIR DiagnosticReport says it); the PDF
  // says the same in the signer's language.
  if (signed) signedSections(pdf, signed, locale === "en" ? signed.findingsLine : periodFindingsLineIn(figures, figures.nights.length, figures.days, locale));

  // ── Hypnograms ──
  if (figures.nights.length > 0) {
    doc.addPage();
    const graphs = section();
    doc.font(BOLD).fontSize(13);
    say(graphs, "H2", t("hypnogramsHeading"));
    doc.font(REGULAR).fontSize(8);
    say(graphs, "P", t("hypnogramsLegend"), { width: WIDTH });
    doc.moveDown(0.5);
    for (const night of figures.nights) hypnogram(doc, graphs, night, locale);
    graphs.end();

    // ── Where each night came from (issue 23 §6): one line per night ──
    const sources = section();
    doc.font(BOLD).fontSize(11);
    say(sources, "H2", t("sourcesHeading"));
    doc.font(REGULAR).fontSize(8);
    for (const night of figures.nights) {
      const provenance = report.provenance.get(night.id);
      if (provenance) say(sources, "P", `${day(night.day)}: ${provenanceLineIn(provenance, night.stagePlan, locale)}`, { width: WIDTH });
    }
    sources.end();
  }

  // ── Notes ──
  // A note on a night names it as everywhere else: its date, clock range and zone (never its raw id).
  const byId = new Map(figures.nights.map((n) => [n.id, n]));
  const noteNight = (id: string) => {
    const n = byId.get(id);
    return n ? nightNameIn(n, locale) : t("outsidePeriod");
  };
  // When a note was written, in UTC and on the patient's clock: its night's zone, else the period's.
  const noteZone = (sessionId: string | null) => (sessionId ? byId.get(sessionId)?.timezone : undefined) ?? figures.zones[0] ?? null;
  if (report.notes.length > 0) {
    doc.addPage();
    const notes = section();
    doc.font(BOLD).fontSize(13);
    say(notes, "H2", t("notesHeading"));
    doc.moveDown(0.3);
    for (const note of report.notes) {
      doc.font(BOLD).fontSize(9);
      const time = noteTime(note.at, noteZone(note.sessionId), locale);
      say(notes, "H3", note.sessionId ? t("noteOnNight", { author: note.author, time, night: noteNight(note.sessionId) }) : t("noteOnPatient", { author: note.author, time }), { width: WIDTH });
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
  say(terms, "H2", t("definitionsHeading"));
  doc.moveDown(0.3);
  const definitions = [
    ...periodDefinitions(locale),
    { term: t("definitions.averagesTerm"), text: t("definitions.averages") },
    { term: t("definitions.adherenceTerm"), text: adherenceDefinitionIn(r.rule, locale) },
  ];
  for (const d of definitions) {
    doc.font(BOLD).fontSize(9);
    say(terms, "H3", d.term, { width: WIDTH });
    doc.font(REGULAR).fontSize(9);
    say(terms, "P", d.text, { width: WIDTH });
    doc.moveDown(0.4);
  }
  doc.moveDown(0.8).font(BOLD).fontSize(10);
  say(terms, "P", notADiagnosis(locale), { width: WIDTH });
  terms.end();

  const range = { who, from: figures.from, to: figures.to };
  return pdf.finish((page, count) => (signed ? t("footerSigned", { ...range, version: signed.signature.version, page, count }) : t("footer", { ...range, page, count })));
}

/**
 * Nights that arrived without a zone of their own (one closed as Incomplete never receives it) are dated
 * in the best zone known, as on their pages: the sentence that says so, or null when every night has its own.
 */
export function zoneBorrowedText(nights: readonly PeriodNight[], locale: Locale = DEFAULT_LOCALE): string | null {
  const t = translatorFor(locale, "PeriodPdf");
  const parts: string[] = [];
  for (const source of ["account", "previous-night", null] as const) {
    const count = nights.filter((n) => n.zoneSource === source).length;
    if (count === 0) continue;
    // lib/time/night.ts ZONE_SOURCE_TEXT's words.
    const where = source === null ? t("zoneSource.none") : source === "account" ? t("zoneSource.account") : t("zoneSource.previousNight");
    parts.push(t("zoneBorrowedPart", { count, where }));
  }
  return parts.length === 0 ? null : t("zoneBorrowed", { parts: parts.join("; ") });
}

const ROW = 14;

function nightTable(doc: PDFKit.PDFDocument, parent: Parent, nights: readonly PeriodNight[], averages: PeriodReport["figures"]["averages"], locale: Locale): void {
  const t = translatorFor(locale, "PeriodPdf");
  const COLUMNS = periodColumns(locale);
  const minutes = (seconds: number | null) => (seconds === null ? "—" : duration(seconds, locale));
  const percent = (value: number | null) => (value === null ? "—" : pdfPercent(Math.round(value), locale));
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
  if (nights.length === 0) row([t("table.noNights"), "", "", "", "", "", "", ""]);
  for (const n of nights) {
    row([
      `${pdfShortDay(n.day, locale)}${n.state === "INCOMPLETE" ? " *" : ""}`,
      duration(n.timeInBedSeconds, locale),
      duration(n.totalSleepMinutes * 60, locale),
      n.efficiencyShownPercent === null ? "—" : pdfPercent(n.efficiencyShownPercent, locale),
      minutes(n.sleepOnsetLatencySeconds),
      minutes(n.remLatencySeconds),
      duration(n.wasoMinutes * 60, locale),
      String(n.awakenings),
    ]);
  }
  if (nights.length > 0) {
    doc.font(BOLD);
    row([
      t("table.average", { count: averages.nights }),
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
export const hypnogramAlt = (night: PeriodNight, locale: Locale = DEFAULT_LOCALE) =>
  translatorFor(locale, "PeriodPdf")("hypnogram.alt", {
    day: pdfDay(night.day, locale),
    asleep: duration(night.totalSleepMinutes * 60, locale),
    inBed: duration(night.timeInBedSeconds, locale),
    awakenings: night.awakenings,
  });

function hypnogram(doc: PDFKit.PDFDocument, parent: Parent, night: PeriodNight, locale: Locale): void {
  const t = translatorFor(locale, "PeriodPdf");
  if (doc.y + GRAPH.block > BOTTOM - 20) doc.addPage();
  const top = doc.y;
  doc.font(BOLD).fontSize(9).fillColor("black");
  const heading = {
    day: pdfDay(night.day, locale),
    start: localDateTime(night.startMs, night.timezone, locale),
    end: localDateTime(night.endMs, night.timezone, locale),
    zone: zoneLabel(night.timezone),
  };
  structured(doc, parent, "H3", () =>
    doc.text(printable(night.state === "INCOMPLETE" ? t("hypnogram.headingIncomplete", heading) : t("hypnogram.heading", heading)), PAGE.margin, top, { width: WIDTH, lineBreak: false }),
  );
  structured(doc, parent, "Figure", () => drawHypnogram(doc, night, top, locale), { alt: hypnogramAlt(night, locale) });
  doc.x = PAGE.margin;
  doc.y = top + GRAPH.block;
}

function drawHypnogram(doc: PDFKit.PDFDocument, night: PeriodNight, top: number, locale: Locale): void {
  const stageNames = translatorFor(locale, "Sleep");
  const plotX = PAGE.margin + GRAPH.label;
  const plotW = WIDTH - GRAPH.label;
  const plotY = top + 16;
  // A 2-stage night (lib/sleep/plan.ts) on two rows, Wake and Sleep.
  const rows = hypnogramRows(night.stagePlan);
  const rowGap = GRAPH.height / rows.length;
  const levelY = (level: number) => plotY + (rows.length - level) * rowGap + rowGap / 2;
  const spanMs = Math.max(night.endMs - night.startMs, night.sleepStages.length * EPOCH_SECONDS * 1000, 1);
  const xAt = (ms: number) => plotX + ((ms - night.startMs) / spanMs) * plotW;

  // Stage labels (the shared stage names: "Sleep.stage"), each made to fit its margin, and faint guides.
  for (const r of rows) {
    const label = printable(stageNames(`stage.${r.label.toLowerCase()}`));
    let size = 7;
    doc.font(REGULAR).fontSize(size);
    while (size > 5 && doc.widthOfString(label) > GRAPH.label - 4) doc.fontSize((size -= 0.5));
    doc.text(label, PAGE.margin, levelY(r.level) - 3, { width: GRAPH.label - 4, lineBreak: false });
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
