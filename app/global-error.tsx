"use client";

// The last resort, when even the root layout failed: it replaces the layout, so it brings its own
// document and the app's styles (dark, never a white page at 3 am).

import "./globals.css";
import ui from "@/components/ui.module.css";

export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main className={ui.narrow}>
          <h1>Something went wrong</h1>
          <section className={ui.panel} role="alert">
            <p>The dashboard could not be shown just now. Try again in a moment.</p>
            <p>
              <button type="button" onClick={reset}>
                Try again
              </button>
            </p>
            <p>
              {/* A full page load: the app around this page is what failed. */}
              {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
              <a href="/">← Back to the dashboard</a>
            </p>
          </section>
        </main>
      </body>
    </html>
  );
}
