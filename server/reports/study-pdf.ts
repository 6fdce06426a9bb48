// A signed study report as a PDF (issue 26 §3), drawn with the period report's machinery (fonts, tagging,
// the worker pool: server/reports/pdf-pool.ts): who and what was ordered, the adequacy line, each night of
// the window (valid or why not), the diary comparison (a hook: server/data/studies.ts diaryComparisonFor),
// the interpretation and the signature block (name, credential, time with its zone), and, on an amendment,
// the reason and the versions before it. Once signed its bytes are stored and never drawn again.

import PDFDocument from "pdfkit";
import { duration } from "@/lib/format";
import { dayLabel } from "@/lib/time/day";
import { zoneLabel } from "@/lib/time/zone";
import { artifact, BOLD, fonts, noteTime, NOT_A_DIAGNOSIS, PAGE, PDF_LANGUAGE, printable, REGULAR, structured, WIDTH, type Parent, type TextType } from "./period-pdf";

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

export interface StudyPdfInput {
  studyId: string;
  patient: { name: string; asleepUserId: string };
  order: { startDay: string; lastDay: string; windowDays: number; nightsWanted: number; minValidNights: number; minSleepMinutes: number; orderedByName: string; orderedAt: string };
  /** The patient's zone, the nights' days are counted in. */
  zone: string;
  nights: StudyPdfNight[];
  adequacyLine: string;
  diary: DiaryComparisonBlock | null;
  impression: string;
  recommendation: string;
  signature: { name: string; credential: string; signedAt: string; zone: string; version: number; amendmentReason: string | null };
  /** The versions this one follows, oldest first. */
  earlier: Array<{ version: number; signedAt: string; name: string; credential: string; zone: string; amendmentReason: string | null }>;
}

export const NO_DIARY_TEXT = "No sleep diary was kept for this study's nights.";

export async function renderStudyPdf(input: StudyPdfInput): Promise<Buffer> {
  const title = `Sleep study report: ${input.patient.name}, ${input.order.startDay} to ${input.order.lastDay}`;
  const doc = new PDFDocument({
    size: "A4",
    margin: PAGE.margin,
    bufferPages: true,
    pdfVersion: "1.7",
    tagged: true,
    lang: PDF_LANGUAGE,
    displayTitle: true,
    info: { Title: title, Author: `${input.signature.name}, ${input.signature.credential}`, CreationDate: new Date(input.signature.signedAt) },
  });
  doc.registerFont(REGULAR, fonts().regular as unknown as Buffer);
  doc.registerFont(BOLD, fonts().bold as unknown as Buffer);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const root = doc.struct("Document");
  doc.addStructure(root);
  const say = (parent: Parent, type: TextType, text: string, options: PDFKit.Mixins.TextOptions = { width: WIDTH }) => {
    const shown = printable(text);
    structured(doc, parent, type, () => doc.text(shown, options), shown === text ? {} : { actual: text });
  };
  const section = (heading: string) => {
    const sect = doc.struct("Sect");
    root.add(sect);
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
  if (signature.version > 1) {
    doc.font(BOLD);
    say(root, "P", `Amended report, version ${signature.version}. Reason: ${signature.amendmentReason ?? ""}`);
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

  const interpretation = section("Interpretation");
  doc.font(BOLD);
  say(interpretation, "H3", "Impression");
  doc.font(REGULAR);
  say(interpretation, "P", input.impression);
  doc.moveDown(0.4).font(BOLD);
  say(interpretation, "H3", "Recommendation");
  doc.font(REGULAR);
  say(interpretation, "P", input.recommendation);
  interpretation.end();

  const signed = section("Signature");
  say(signed, "P", `Electronically signed by ${signature.name}, ${signature.credential}`);
  say(signed, "P", `Signed at ${noteTime(new Date(signature.signedAt), signature.zone)}`);
  say(signed, "P", `Version ${signature.version}${signature.version > 1 ? " (amended)" : ""}. A signed report is final; a change is a new version with its reason.`);
  for (const e of input.earlier) {
    say(signed, "P", `Version ${e.version}: signed by ${e.name}, ${e.credential} at ${noteTime(new Date(e.signedAt), e.zone)}${e.amendmentReason ? `; reason: ${e.amendmentReason}` : ""}`);
  }
  signed.end();

  doc.moveDown(0.8).font(REGULAR).fontSize(8);
  say(root, "P", NOT_A_DIAGNOSIS);
  root.end();

  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    artifact(doc, "Pagination", () => {
      doc.font(REGULAR).fontSize(8).fillColor("black");
      doc.text(printable(`Sleep study report · ${input.patient.name} · version ${signature.version} · Page ${i - start + 1} of ${count}`), PAGE.margin, PAGE.height - 32, { width: WIDTH, align: "center", lineBreak: false });
    });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
