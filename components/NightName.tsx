"use client";

// A night's name, "Sun 22 Nov 2026, 23:10–06:40, Europe/Paris": its zone is shown whenever it differs
// from the viewer's own (and always in the server's first paint, which cannot know the viewer's).

import { useLocale, useTranslations } from "next-intl";
import { isLocale } from "@/lib/i18n/locales";
import { nightTitle, type NightTimes } from "@/lib/time/night";
import { zoneLabel, type ZoneChoice } from "@/lib/time/zone";
import { useViewerZone } from "./useViewerZone";

export function NightName({ night, zone }: { night: NightTimes; zone: ZoneChoice | null }) {
  const t = useTranslations("NightName");
  const locale = useLocale();
  const viewer = useViewerZone();
  // A night of no known zone is drawn in the viewer's (UTC until the browser's is known).
  const shown = zone?.name ?? viewer ?? "UTC";
  return (
    <>
      {nightTitle(night, shown, isLocale(locale) ? locale : "en", t)}
      {shown !== viewer && `, ${zoneLabel(shown)}`}
    </>
  );
}
