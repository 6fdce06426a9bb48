// A signed study report as a PDF (issue 26 §3), drawn with the period report's machinery (fonts, tagging,
// the worker pool: server/reports/pdf-pool.ts): who and what was ordered, the adequacy line, each night of
// the window (valid or why not), the diary comparison (a hook: server/data/studies.ts diaryComparisonFor),
// the interpretation and the signature block (name, credential, time with its zone), and, on an amendment,
// the reason and the versions before it. Once signed its bytes are stored and never drawn again.

import { duration } from "@/lib/format";
import { dayLabel } from "@/lib/time/day";
import { zoneLabel } from "@/lib/time/zone";
import type { SignedBlock } from "../data/signed-reports";
import { NOT_A_DIAGNOSIS } from "./period-pdf";
import { amendedLine, BOLD, noteTime, REGULAR, signedSections, taggedPdf, WIDTH } from "./tagged-pdf";

/**
 * The sleep diary's comparison with what was measured, as the report prints it: a few sentences (the
 * averages, "reported minus measured total sleep") and a table (a row per night). Built from
 * lib/sleep/diary.ts by server/data/studies.ts diaryComparisonFor; null when the patient kept no diary
 * for the study's nights.
 */
export interface DiaryComparisonBlock {
  summary: string[];
  columns: string[];
  rows: string[][];
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
  adequacyLine: string;
  diary: DiaryComparisonBlock | null;
}

export const NO_DIARY_TEXT = "No sleep diary was kept for this study's nights.";

export async function renderStudyPdf(input: StudyPdfInput): Promise<Buffer> {
  const title = `Sleep study report: ${input.patient.name}, ${input.order.startDay} to ${input.order.lastDay}`;
  const pdf = taggedPdf({ title, author: `${input.signature.name}, ${input.signature.credential}`, created: new Date(input.signature.signedAt) });
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
  const hours = (m: number) => duration(m * 60);

  doc.font(BOLD).fontSize(18);
  say(root, "H1", `Sleep study report: ${input.patient.name}`);
  doc.moveDown(0.3).font(REGULAR).fontSize(10);
  say(root, "P", `Asleep user ${input.patient.asleepUserId} · study ${input.studyId}`);
  say(root, "P", `Ordered by ${order.orderedByName} on ${noteTime(new Date(order.orderedAt), input.zone)}`);
  say(
    root,
    "P",
    `Ordered: ${order.nightsWanted} nights within ${order.windowDays} days, ${dayLabel(order.startDay)} to ${dayLabel(order.lastDay)} (nights counted noon to noon in ${zoneLabel(input.zone)}); ` +
      `at least ${order.minValidNights} valid nights, a night valid with at least ${hours(order.minSleepMinutes)} of total sleep.`,
  );
  const amended = amendedLine(input);
  if (amended) {
    doc.font(BOLD);
    say(root, "P", amended);
    doc.font(REGULAR);
  }

  const adequacy = section("Adequacy");
  doc.font(BOLD).fontSize(11);
  say(adequacy, "P", input.adequacyLine);
  doc.font(REGULAR).fontSize(10);
  adequacy.end();

  const nights = section("Nights");
  if (input.nights.length === 0) say(nights, "P", "No night was recorded in the window.");
  for (const n of input.nights) {
    const eff = n.efficiencyShownPercent === null ? "—" : `${n.efficiencyShownPercent} %`;
    say(nights, "P", `${dayLabel(n.day)}: total sleep ${duration(n.totalSleepSeconds)}, time in bed ${duration(n.timeInBedSeconds)}, efficiency ${eff}: ${n.valid ? "valid" : `not valid (${n.why})`}`);
  }
  nights.end();

  const diary = section("Sleep diary compared with the measured nights");
  if (!input.diary) say(diary, "P", NO_DIARY_TEXT);
  else {
    for (const line of input.diary.summary) say(diary, "P", line);
    doc.moveDown(0.3);
    say(diary, "P", input.diary.columns.join(" | "));
    for (const row of input.diary.rows) say(diary, "P", row.join(" | "));
  }
  diary.end();

  signedSections(pdf, input);

  doc.moveDown(0.8).font(REGULAR).fontSize(8);
  say(root, "P", NOT_A_DIAGNOSIS);
  return pdf.finish((page, count) => `Sleep study report · ${input.patient.name} · version ${signature.version} · Page ${page} of ${count}`);
}
