// A PDF as a reader sees it: its text laid out by pdftotext and its page count from pdfinfo
// (poppler-utils, installed by .ci/run).

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export async function readPdf(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), "sleep-pdf-"));
  try {
    const file = path.join(dir, "report.pdf");
    writeFileSync(file, pdf);
    const { stdout: text } = await run("pdftotext", ["-layout", file, "-"]);
    const { stdout: info } = await run("pdfinfo", [file]);
    return { text, pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
