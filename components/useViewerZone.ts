"use client";

// The viewer's own zone (their browser's), in lib/time/zone.ts's normal form. Null while the server
// renders and during hydration, so the first paint in the browser matches the server's; the page
// re-renders with it straight after.

import { useSyncExternalStore } from "react";
import { normaliseZone } from "@/lib/time/zone";

const never = () => () => {};
const browserZone = () => normaliseZone(Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC") ?? "UTC";

export function useViewerZone(): string | null {
  return useSyncExternalStore(never, browserZone, () => null);
}
