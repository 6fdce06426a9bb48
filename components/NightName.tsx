"use client";

// A night's name, "Sun 22 Nov 2026, 23:10–06:40, Europe/Paris": its zone is shown whenever it differs
// from the viewer's own (and always in the server's first paint, which cannot know the viewer's).

import { nightTitle, type NightTimes } from "@/lib/time/night";
import { zoneLabel, type ZoneChoice } from "@/lib/time/zone";
import { useViewerZone } from "./useViewerZone";

export function NightName({ night, zone }: { night: NightTimes; zone: ZoneChoice | null }) {
  const viewer = useViewerZone();
  // A night of no known zone is drawn in the viewer's (UTC until the browser's is known).
  const shown = zone?.name ?? viewer ?? "UTC";
  return (
    <>
      {nightTitle(night, shown)}
      {shown !== viewer && `, ${zoneLabel(shown)}`}
    </>
  );
}
