import type { Metadata } from "next";
import Link from "next/link";
import ui from "@/components/ui.module.css";

export const metadata: Metadata = { title: "Not found" };

// A page that does not exist, or a night or person that is not the viewer's to see (the app answers
// both alike, so as not to tell which): in the app's own dark layout, with the way back.
export default function NotFound() {
  return (
    <main className={ui.narrow}>
      <h1>Not found</h1>
      <section className={ui.panel}>
        <p>There is nothing here, or nothing you may see. The link may be old, or the night may belong to someone else.</p>
        <p>
          <Link href="/">← Back to the dashboard</Link>
        </p>
      </section>
    </main>
  );
}
