"use client";

// Something failed while showing a page (most often the database not answering for a moment): say so
// in plain words in the app's own layout, offer to try again, and the way back.

import Link from "next/link";
import ui from "@/components/ui.module.css";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className={ui.narrow}>
      <h1>Something went wrong</h1>
      <section className={ui.panel} role="alert">
        <p>This page could not be shown just now. It is usually brief: try again in a moment.</p>
        {/* The details are in the server's log under this reference; the page shows none of them. */}
        {error.digest && <p className={`${ui.muted} ${ui.small}`}>Reference: {error.digest}</p>}
        <p>
          <button type="button" onClick={reset}>
            Try again
          </button>
        </p>
        <p>
          <Link href="/">← Back to the dashboard</Link>
        </p>
      </section>
    </main>
  );
}
