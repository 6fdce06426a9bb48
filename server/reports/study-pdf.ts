// A signed study report as a PDF (issue 26 §3), drawn with the period report's machinery (fonts, tagging,
// the worker pool: server/reports/pdf-pool.ts): who and what was ordered, the adequacy line, each night of
// the window (valid or why not), the diary comparison (a hook: server/data/studies.ts diaryComparisonFor),
// the interpretation and the signature block (name, credential, time with its zone), and, on an amendment,
// the reason and the versions before it. Once signed its bytes are stored and never drawn again.
// In the signer's language (the "StudyPdf" and "TaggedPdf" namespaces of the catalogues).

import { duration } from "@/lib/format";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";
import { diaryFigureCells, signedMinutes, type DiaryComparison, type SleepFigures, type AverageFigures } from "@/lib/sleep/diary";
import type { StudyOutcome } from "@/lib/sleep/study";
import { zoneLabel } from "@/lib/time/zone";
import type { SignedBlock } from "../data/signed-reports";
import { translatorFor } from "../i18n/translator";
import { amendedLine, BOLD, notADiagnosis, noteTime, pdfDay, pdfPercent, REGULAR, signedSections, taggedPdf, WIDTH } from "./tagged-pdf";

/**
 * The sleep diary's comparison with what was measured (lib/sleep/diary.ts compareDiary, the same as the
 * patient page's), with the number of diary entries: the report prints a few sentences (the averages,
 * "reported minus measured total sleep") and a table (a row per night), in the signer's language. From
 * server/data/studies.ts diaryComparisonFor; null when the patient kept no diary for the study's nights.
 */
export type DiaryComparisonBlock = DiaryComparison & { entries: number };

/** The diary table's figure columns, in lib/sleep/diary.ts DIARY_FIGURE_COLUMNS order ("StudyPdf.diaryColumns"). */
const DIARY_COLUMN_KEYS = [
  "totalSleepReported",
  "totalSleepMeasured",
  "difference",
  "sleepOnsetLatencyReported",
  "sleepOnsetLatencyMeasured",
  "wasoReported",
  "wasoMeasured",
  "efficiencyReported",
  "efficiencyMeasured",
] as const;

type Figures = SleepFigures | AverageFigures | null;

/** lib/sleep/diary.ts diaryFigureCells (English, as the patient page shows them), in `locale`. */
function diaryCells(reported: Figures, measured: Figures, difference: number | null, locale: Locale): string[] {
  if (locale === "en") return diaryFigureCells(reported, measured, difference);
  const minutes = (m: number | null | undefined) => (m === null || m === undefined ? "—" : duration(m * 60, locale));
  const percent = (p: number | null | undefined) => (p === null || p === undefined ? "—" : pdfPercent(p, locale));
  const signed = difference === null ? "—" : difference === 0 ? minutes(0) : `${difference > 0 ? "+" : "−"}${minutes(Math.abs(difference))}`;
  return [
    minutes(reported?.totalSleepMinutes),
    minutes(measured?.totalSleepMinutes),
    signed,
    minutes(reported?.sleepOnsetLatencyMinutes),
    minutes(measured?.sleepOnsetLatencyMinutes),
    minutes(reported?.wasoMinutes),
    minutes(measured?.wasoMinutes),
    percent(reported?.efficiencyPercent),
    percent(measured?.efficiencyPercent),
  ];
}

export interface StudyPdfNight {
  day: string;
  state: "COMPLETE" | "INCOMPLETE";
  timeInBedSeconds: number;
  totalSleepSeconds: number;
  efficiencyShownPercent: number | null;
  valid: boolean;
  why: string | null;
}

export interface StudyPdfInput extends SignedBlock {
  studyId: string;
  patient: { name: string; asleepUserId: string };
  order: { startDay: string; lastDay: string; windowDays: number; nightsWanted: number; minValidNights: number; minSleepMinutes: number; orderedByName: string; orderedAt: string };
  /** The patient's zone, the nights' days are counted in. */
  zone: string;
  nights: StudyPdfNight[];
  /** The adequacy line as stored with the signature (English: lib/sleep/study.ts adequacyLine), and the outcome it says. */
  adequacyLine: string;
  outcome: StudyOutcome;
  diary: DiaryComparisonBlock | null;
  /** The signer's language (the words and dates of the PDF); English if left out. */
  locale?: Locale;
}

/**
 * lib/sleep/study.ts adequacyLine in `locale`, from the nights as printed: valid and recorded nights are
 * days (a day with two recordings is one night, valid if either is).
 */
export function adequacyLineIn(input: Pick<StudyPdfInput, "nights" | "order" | "outcome">, locale: Locale = DEFAULT_LOCALE): string {
  const recorded = new Set(input.nights.map((n) => n.day)).size;
  const valid = new Set(input.nights.filter((n) => n.valid).map((n) => n.day)).size;
  return translatorFor(locale, "StudyPdf")("adequacyLine", { valid, recorded, hours: duration(input.order.minSleepMinutes * 60, locale), outcome: input.outcome });
}

export async function renderStudyPdf(input: StudyPdfInput): Promise<Buffer> {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale, "StudyPdf");
  const day = (d: string) => pdfDay(d, locale);
  const title = t("title", { patient: input.patient.name, from: input.order.startDay, to: input.order.lastDay });
  const pdf = taggedPdf({ title, author: `${input.signature.name}, ${input.signature.credential}`, created: new Date(input.signature.signedAt), locale });
  const { doc, root } = pdf;
  const say: typeof pdf.say = (parent, type, text, options = { width: WIDTH }) => pdf.say(parent, type, text, options);
  const section = (heading: string) => {
    const sect = pdf.section();
    doc.moveDown(0.8).font(BOLD).fontSize(13);
    say(sect, "H2", heading);
    doc.moveDown(0.2).font(REGULAR).fontSize(10);
    return sect;
  };
  const { order, signature } = input;
  const hours = (m: number) => duration(m * 60, locale);

  doc.font(BOLD).fontSize(18);
  say(root, "H1", t("heading", { patient: input.patient.name }));
  doc.moveDown(0.3).font(REGULAR).fontSize(10);
  say(root, "P", t("ids", { asleepUserId: input.patient.asleepUserId, studyId: input.studyId }));
  say(root, "P", t("orderedBy", { name: order.orderedByName, time: noteTime(new Date(order.orderedAt), input.zone, locale) }));
  say(
    root,
    "P",
    t("ordered", {
      nightsWanted: order.nightsWanted,
      windowDays: order.windowDays,
      from: day(order.startDay),
      to: day(order.lastDay),
      zone: zoneLabel(input.zone),
      minValidNights: order.minValidNights,
      hours: hours(order.minSleepMinutes),
    }),
  );
  const amended = amendedLine(input, locale);
  if (amended) {
    doc.font(BOLD);
    say(root, "P", amended);
    doc.font(REGULAR);
  }

  const adequacy = section(t("adequacyHeading"));
  doc.font(BOLD).fontSize(11);
  // The line as stored with the signature, in English; the same in the signer's own language.
  const adequacyLine = locale === "en" ? input.adequacyLine : adequacyLineIn(input, locale);
  say(adequacy, "P", adequacyLine);
  doc.font(REGULAR).fontSize(10);
  adequacy.end();

  const nights = section(t("nightsHeading"));
  if (input.nights.length === 0) say(nights, "P", t("noNight"));
  for (const n of input.nights) {
    const efficiency = n.efficiencyShownPercent === null ? "—" : pdfPercent(n.efficiencyShownPercent, locale);
    // Why a night is not valid: lib/sleep/study.ts's words (English, as given), or the same in the signer's language.
    const why = locale === "en" ? n.why : n.state === "INCOMPLETE" ? t("whyIncomplete") : t("whyShort", { asleep: duration(n.totalSleepSeconds, locale), hours: hours(order.minSleepMinutes) });
    const verdict = n.valid ? t("valid") : t("notValid", { why: why ?? "" });
    say(nights, "P", t("night", { day: day(n.day), totalSleep: duration(n.totalSleepSeconds, locale), timeInBed: duration(n.timeInBedSeconds, locale), efficiency, verdict }));
  }
  nights.end();

  const diary = section(t("diaryHeading"));
  if (!input.diary) say(diary, "P", t("noDiary"));
  else {
    const d = input.diary;
    const difference = locale === "en" ? signedMinutes(d.totalSleepDifferenceMinutes) : diaryCells(null, null, d.totalSleepDifferenceMinutes, locale)[2]!;
    say(diary, "P", t("diarySummary", { entries: d.entries, paired: d.pairedNights, difference }));
    doc.moveDown(0.3);
    say(diary, "P", [t("diaryNight"), ...DIARY_COLUMN_KEYS.map((key) => t(`diaryColumns.${key}`))].join(" | "));
    const rows = d.rows.map((r) => [day(r.night), ...diaryCells(r.reported, r.measured, r.totalSleepDifferenceMinutes, locale)]);
    rows.push([t("diaryAverage", { paired: d.pairedNights }), ...diaryCells(d.reported, d.measured, d.totalSleepDifferenceMinutes, locale)]);
    for (const row of rows) say(diary, "P", row.join(" | "));
  }
  diary.end();

  signedSections(pdf, input);

  doc.moveDown(0.8).font(REGULAR).fontSize(8);
  say(root, "P", notADiagnosis(locale));
  return pdf.finish((page, count) => t("footer", { patient: input.patient.name, version: signature.version, page, count }));
}
