import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Sleep dashboard", template: "%s · Sleep dashboard" },
  description: "Live hypnograms and sleep reports from Asleep, for sleepers and their clinicians.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f172a" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page carries a per-request CSP nonce (proxy.ts), so none may be prerendered.
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
