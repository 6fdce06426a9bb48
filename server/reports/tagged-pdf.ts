// What every PDF the app draws shares (the period report, server/reports/period-pdf.ts; a signed study
// report, server/reports/study-pdf.ts; a signed period report is the period report with its interpretation):
// A4 pages, the embedded face, tagging (headings, paragraphs, figures in a stated language, page furniture
// as artifacts), "Page n of N" at the foot of every page, and the interpretation and signature block of a
// signed report. One set-up, so the reports stay alike. Their words are the reader's (the clinician who
// asks for the report, or signs it): the catalogues' "TaggedPdf" namespace for what both reports share,
// "PeriodPdf" and "StudyPdf" for their own; dates as that language writes them.

import { readFileSync } from "node:fs";
import path from "node:path";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import { dateTime } from "@/lib/format";
import { DEFAULT_LOCALE, INTL_TAG, type Locale } from "@/lib/i18n/locales";
import { dayLabel } from "@/lib/time/day";
import { zoneLabel } from "@/lib/time/zone";
import type { SignedBlock } from "../data/signed-reports";
import { translatorFor } from "../i18n/translator";

export const PAGE = { width: 595.28, height: 841.89, margin: 50 } as const; // A4
export const WIDTH = PAGE.width - 2 * PAGE.margin;

/**
 * Pretendard (npm `pretendard`, SIL OFL 1.1): one face with Latin (with its extensions), Greek, Cyrillic
 * and every Hangul syllable, so a patient's or clinician's name prints as written (the standard-14
 * Helvetica printed "???" for anything outside Windows-1252). pdfkit embeds only the glyphs a report
 * uses (a subset). Han characters are not in it: they print as □ (see printable).
 */
const FONT_DIR = path.join(process.cwd(), "node_modules", "pretendard", "dist", "public", "static", "alternative");
export const REGULAR = "Pretendard";
export const BOLD = "Pretendard-Bold";

/**
 * Glyph substitutions off (ligatures, contextual alternates, composition): the words read back and are
 * searched as typed ("fi", never one glyph), and shaping, most of a report's CPU, costs less. Kerning
 * and mark positioning (GPOS) stay.
 */
const NO_SUBSTITUTIONS = { ccmp: false, locl: false, rlig: false, calt: false, clig: false, liga: false, rclt: false };

const fontFiles = new Map<string, Buffer>();

/** A face laid out without substitutions; its file (2.7 MB) read once per process. */
function loadFont(file: string): fontkit.Font {
  let data = fontFiles.get(file);
  if (!data) fontFiles.set(file, (data = readFileSync(path.join(FONT_DIR, file))));
  const font = fontkit.create(data) as fontkit.Font;
  return Object.create(font, {
    layout: { value: (text: string, features?: string[] | Record<string, boolean>) => font.layout(text, features ?? NO_SUBSTITUTIONS) },
  }) as fontkit.Font;
}
/** Faces for asking which characters have a glyph (printable), parsed once per process. Never drawn with: see taggedPdf. */
let faces: { regular: fontkit.Font; bold: fontkit.Font } | undefined;
export const fonts = () => (faces ??= { regular: loadFont("Pretendard-Regular.ttf"), bold: loadFont("Pretendard-Bold.ttf") });

/** What prints for a character the face has no glyph for (a Han character, an emoji). */
export const MISSING_GLYPH = "□";

/**
 * The text as it can be printed: a character without a glyph becomes □. Drawn as it is, the face's empty
 * glyph would stand in for it, and pdftotext and screen readers lost the whole line around it; the real
 * text stays in the tagged structure (ActualText) and the document's title.
 */
export function printable(text: string): string {
  const { regular, bold } = fonts();
  const has = (c: string) => /\s/.test(c) || c < " " || (regular.hasGlyphForCodePoint(c.codePointAt(0)!) && bold.hasGlyphForCodePoint(c.codePointAt(0)!));
  return [...text].map((c) => (has(c) ? c : MISSING_GLYPH)).join("");
}

/** The document's language when none is asked for (a name in another script is read as written). */
export const PDF_LANGUAGE: Locale = DEFAULT_LOCALE;

export type Parent = PDFKit.PDFStructureElement;
/** Block-level structure types this report uses for text. */
export type TextType = "H1" | "H2" | "H3" | "P" | "TH" | "TD";

/**
 * Tagging: `draw` writes the content of one structure element (a heading, a paragraph, a cell, a
 * figure), marked so it belongs to an element of `type` added under `parent`. Whatever is drawn outside
 * `structured` must go through `artifact` (rules, footers), so a screen reader reads only the content.
 */
export function structured(doc: PDFKit.PDFDocument, parent: Parent, type: TextType | "Figure", draw: () => void, options: PDFKit.Mixins.StructureElementOptions = {}): void {
  const content = doc.markStructureContent(type);
  draw();
  doc.endMarkedContent();
  parent.add(doc.struct(type, options, [content]));
}

export function artifact(doc: PDFKit.PDFDocument, type: "Layout" | "Pagination", draw: () => void): void {
  doc.markContent("Artifact", { type });
  draw();
  doc.endMarkedContent();
}

/** "08:05 Tue 3 Nov 2026" in English (as the reports always wrote it); "2026년 11월 3일 화 08:05" in Korean (lib/format.ts). */
export const localDateTime = (ms: number, zone: string, locale: Locale = DEFAULT_LOCALE) =>
  locale === "en" ? format(new TZDate(ms, zone), "HH:mm EEE d MMM yyyy") : dateTime(ms, zone, locale);
/** "08:05 Tue 3 Nov 2026 UTC (17:05 Tue 3 Nov 2026 Asia/Seoul)": a note's time, in UTC and on the patient's clock when it differs. */
export const noteTime = (at: Date, zone: string | null, locale: Locale = DEFAULT_LOCALE) => {
  const utc = `${localDateTime(at.getTime(), "UTC", locale)} UTC`;
  return zone && zone !== "UTC" ? `${utc} (${localDateTime(at.getTime(), zone, locale)} ${zoneLabel(zone)})` : utc;
};

const dayDate = (day: string) => new Date(`${day}T12:00:00Z`);
const weekday = (day: string, locale: Locale) => new Intl.DateTimeFormat(INTL_TAG[locale], { timeZone: "UTC", weekday: "short" }).format(dayDate(day));

/** A night's day ("2026-11-02"), as prose says it: "Mon 2 Nov 2026"; "2026년 11월 2일 (월)". */
export function pdfDay(day: string, locale: Locale = DEFAULT_LOCALE): string {
  if (locale === "en") return dayLabel(day);
  return `${new Intl.DateTimeFormat(INTL_TAG[locale], { timeZone: "UTC", year: "numeric", month: "long", day: "numeric" }).format(dayDate(day))} (${weekday(day, locale)})`;
}

/** A night's day in a table's narrow column: English as in prose; "2026. 11. 2. (월)". */
export function pdfShortDay(day: string, locale: Locale = DEFAULT_LOCALE): string {
  if (locale === "en") return dayLabel(day);
  return `${new Intl.DateTimeFormat(INTL_TAG[locale], { timeZone: "UTC", year: "numeric", month: "numeric", day: "numeric" }).format(dayDate(day))} (${weekday(day, locale)})`;
}

/** A whole percent as the language writes it: "85 %" (as the reports always wrote it), "85%". */
export const pdfPercent = (value: number, locale: Locale = DEFAULT_LOCALE) => (locale === "en" ? `${value} %` : `${value}%`);

export interface TaggedPdf {
  doc: PDFKit.PDFDocument;
  /** The reader's language: the document's stated language, its words and its dates. */
  locale: Locale;
  /** The document's structure root: every section and paragraph is under it, in reading order. */
  root: Parent;
  /** One heading or paragraph of `parent`, written where the text flows (what cannot print, as its ActualText). */
  say(parent: Parent, type: TextType, text: string, options?: PDFKit.Mixins.TextOptions): void;
  /** A section of the document (its heading and what follows), in reading order. */
  section(): Parent;
  /** Ends the structure, prints each page's footer (page furniture: an artifact), and gives the bytes. */
  finish(footer: (page: number, count: number) => string): Promise<Buffer>;
}

/** A4, tagged, in the embedded face, titled (a reader's title bar shows the title, not the file name), in the reader's language. */
export function taggedPdf(info: { title: string; author: string; created: Date; locale?: Locale }): TaggedPdf {
  const locale = info.locale ?? PDF_LANGUAGE;
  const doc = new PDFDocument({
    size: "A4",
    margin: PAGE.margin,
    bufferPages: true,
    pdfVersion: "1.7",
    tagged: true,
    lang: locale,
    displayTitle: true,
    info: { Title: info.title, Author: info.author, CreationDate: info.created },
  });
  // pdfkit takes a parsed fontkit face as it takes a file (PDFFontFactory.open); its types list files only.
  // Fresh faces for each document: a face keeps the glyphs it has laid out, and pdfkit takes the text a
  // reader extracts from those glyphs. Shared, a study PDF drawn first left the next period PDF's
  // "Not a diagnosis." reading back without its full stops in pdftotext (and in screen readers).
  doc.registerFont(REGULAR, loadFont("Pretendard-Regular.ttf") as unknown as Buffer);
  doc.registerFont(BOLD, loadFont("Pretendard-Bold.ttf") as unknown as Buffer);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const root = doc.struct("Document");
  doc.addStructure(root);
  return {
    doc,
    locale,
    root,
    say(parent, type, text, options) {
      const shown = printable(text);
      structured(doc, parent, type, () => doc.text(shown, options), shown === text ? {} : { actual: text });
    },
    section() {
      const sect = doc.struct("Sect");
      root.add(sect);
      return sect;
    },
    finish(footer) {
      root.end();
      const { start, count } = doc.bufferedPageRange();
      for (let i = start; i < start + count; i++) {
        doc.switchToPage(i);
        // Writing below the bottom margin would start a new page: lift the margin for the footer.
        const margin = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        artifact(doc, "Pagination", () => {
          doc.font(REGULAR).fontSize(8).fillColor("black");
          doc.text(printable(footer(i - start + 1, count)), PAGE.margin, PAGE.height - 32, { width: WIDTH, align: "center", lineBreak: false });
        });
        doc.page.margins.bottom = margin;
      }
      doc.end();
      return done;
    },
  };
}

/** "Amended report, version 2. Reason: …": said under the title of an amended report; null for version 1. */
export function amendedLine(block: SignedBlock, locale: Locale = DEFAULT_LOCALE): string | null {
  const t = translatorFor(locale, "TaggedPdf");
  return block.signature.version > 1 ? t("amended", { version: block.signature.version, reason: block.signature.amendmentReason ?? "" }) : null;
}

/** The statement both reports end with, in the reader's language. */
export const notADiagnosis = (locale: Locale = DEFAULT_LOCALE) => translatorFor(locale, "TaggedPdf")("notADiagnosis");

/**
 * A signed report's interpretation (the findings line when given, the impression, the recommendation) and
 * its signature block (name, credential, time with its zone, the version, and the versions before it).
 */
export function signedSections(pdf: TaggedPdf, block: SignedBlock, findings: string | null = null): void {
  const { doc, say, locale } = pdf;
  const t = translatorFor(locale, "TaggedPdf");
  const heading = (text: string) => {
    const sect = pdf.section();
    doc.moveDown(0.8).font(BOLD).fontSize(13);
    say(sect, "H2", text, { width: WIDTH });
    doc.moveDown(0.2).font(REGULAR).fontSize(10);
    return sect;
  };
  const { signature } = block;
  const interpretation = heading(t("interpretation"));
  if (findings) {
    doc.font(BOLD);
    say(interpretation, "P", t("findings", { findings }), { width: WIDTH });
    doc.font(REGULAR).moveDown(0.4);
  }
  doc.font(BOLD);
  say(interpretation, "H3", t("impression"), { width: WIDTH });
  doc.font(REGULAR);
  say(interpretation, "P", block.impression, { width: WIDTH });
  doc.moveDown(0.4).font(BOLD);
  say(interpretation, "H3", t("recommendation"), { width: WIDTH });
  doc.font(REGULAR);
  say(interpretation, "P", block.recommendation, { width: WIDTH });
  interpretation.end();

  const signed = heading(t("signature"));
  say(signed, "P", t("signedBy", { name: signature.name, credential: signature.credential }), { width: WIDTH });
  say(signed, "P", t("signedAt", { time: noteTime(new Date(signature.signedAt), signature.zone, locale) }), { width: WIDTH });
  say(signed, "P", signature.version > 1 ? t("versionAmended", { version: signature.version }) : t("version", { version: signature.version }), { width: WIDTH });
  for (const e of block.earlier) {
    const earlier = { version: e.version, name: e.name, credential: e.credential, time: noteTime(new Date(e.signedAt), e.zone, locale) };
    say(signed, "P", e.amendmentReason ? t("earlierWithReason", { ...earlier, reason: e.amendmentReason }) : t("earlier", earlier), { width: WIDTH });
  }
  signed.end();
}
