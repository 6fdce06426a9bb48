// A PDF as a reader sees it: its text laid out by pdftotext and its page count from pdfinfo
// (poppler-utils, installed by .ci/run); its prose as one line wherever lines broke; and, for a tagged
// PDF, its logical structure (pdfinfo -struct-text) and its fonts (pdffonts).

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * The text as one line of prose, wherever the page wrapped it: a line break after a space becomes one
 * space, and a break pdfkit made after a dash or slash inside a word ("20:30–" / "21:30", "Asia/" /
 * "Seoul") joins the two again. A test that reads `prose` does not depend on where text wraps, which
 * moves with every name, clock time and font.
 */
export function proseOf(text: string): string {
  return text
    .replace(/(\S[-–—/])[ \t]*\r?\n[\s\f]*/g, "$1")
    .replace(/\s+/g, " ");
}

async function withFile<T>(pdf: Buffer, read: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), "sleep-pdf-"));
  try {
    const file = path.join(dir, "report.pdf");
    writeFileSync(file, pdf);
    return await read(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function readPdf(pdf: Buffer): Promise<{ text: string; prose: string; pages: number; title: string | null }> {
  return withFile(pdf, async (file) => {
    const { stdout: text } = await run("pdftotext", ["-layout", file, "-"]);
    const { stdout: info } = await run("pdfinfo", [file]);
    return { text, prose: proseOf(text), pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]), title: /^Title:\s+(.*)$/m.exec(info)?.[1] ?? null };
  });
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
}

/** Whether the PDF is tagged, its structure tree with each element's text (as a screen reader walks it), and its fonts. */
export async function readPdfStructure(pdf: Buffer): Promise<{ tagged: boolean; structure: string; fonts: PdfFont[] }> {
  return withFile(pdf, async (file) => {
    const { stdout: info } = await run("pdfinfo", [file]);
    const { stdout: structure } = await run("pdfinfo", ["-struct-text", file], { maxBuffer: 64 * 1024 * 1024 });
    const { stdout: table } = await run("pdffonts", [file]);
    // name, type (may hold spaces), encoding, emb, sub, uni, object, id: read from the right.
    const fonts = table
      .split("\n")
      .slice(2)
      .filter((line) => line.trim())
      .map((line) => {
        const cells = line.trim().split(/\s+/);
        const [emb, sub] = cells.slice(-5, -3);
        return { name: cells[0]!, type: cells.slice(1, -6).join(" "), embedded: emb === "yes", subset: sub === "yes" };
      });
    return { tagged: /^Tagged:\s+yes/m.test(info), structure, fonts };
  });
}
