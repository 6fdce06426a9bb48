"use client";

// The period form's "Download PDF": a year of nights takes a while to draw (in a worker on the server),
// so the page fetches it, says it is preparing the report meanwhile, and then saves it; a refusal (429
// while this account's previous report is still being prepared, 400 for a bad range) is shown in words.
// Without JavaScript the button submits the form, as before.

import { useTranslations } from "next-intl";
import { useState, type MouseEvent } from "react";
import ui from "./ui.module.css";

type State = { kind: "idle" } | { kind: "preparing" } | { kind: "refused"; message: string };

/** The file name the server gave (Content-Disposition), else a plain one. */
const fileName = (disposition: string | null) => /filename="([^"]+)"/.exec(disposition ?? "")?.[1] ?? "sleep-report.pdf";

/** What the server said (its own words, when it gives them), in the page's language otherwise. */
async function refusal(res: Response, t: (key: string, values?: Record<string, string>) => string): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: string; issues?: Array<{ path: string; message: string }> } | null;
  const detail = body?.issues?.map((i) => `${i.path}: ${i.message}`).join("; ");
  const wait = res.headers.get("retry-after");
  return [body?.error ?? t("notMade", { status: String(res.status) }), detail, res.status === 429 && wait ? t("retry", { wait }) : null].filter(Boolean).join(". ");
}

export function PeriodPdfButton({ action }: { action: string }) {
  const t = useTranslations("PeriodPdfButton");
  const [state, setState] = useState<State>({ kind: "idle" });

  async function download(event: MouseEvent<HTMLButtonElement>) {
    const form = event.currentTarget.form;
    if (!form) return;
    event.preventDefault();
    if (!form.reportValidity()) return;
    const data = new FormData(form);
    const query = new URLSearchParams({ from: String(data.get("from") ?? ""), to: String(data.get("to") ?? "") });
    setState({ kind: "preparing" });
    try {
      const res = await fetch(`${action}?${query}`, { credentials: "same-origin" });
      if (!res.ok) return setState({ kind: "refused", message: await refusal(res, t) });
      const url = URL.createObjectURL(await res.blob());
      const link = Object.assign(document.createElement("a"), { href: url, download: fileName(res.headers.get("content-disposition")) });
      document.body.append(link);
      link.click();
      link.remove();
      // The save has started from the object URL; it is freed once the browser has read it.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ kind: "idle" });
    } catch {
      setState({ kind: "refused", message: t("notFetched") });
    }
  }

  const preparing = state.kind === "preparing";
  return (
    <>
      <button type="submit" onClick={(e) => void download(e)} disabled={preparing} aria-busy={preparing}>
        {preparing ? t("preparing") : t("download")}
      </button>
      <span role="status" className={`${ui.muted} ${ui.small}`} data-testid="report-status">
        {preparing ? t("preparingReport") : state.kind === "refused" ? state.message : ""}
      </span>
    </>
  );
}
