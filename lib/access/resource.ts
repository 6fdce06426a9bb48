// What an access-log entry says was seen, in words a reviewer reads. A night is named as everywhere
// else (lib/time/night.ts nightName: its date, clock range and zone), its Asleep session id kept at the
// end in brackets, where an admin tracing a delivery finds it and /admin sets it apart.

import { nightName, type NightTimes } from "../time/night";

/** "night Sun 22 Nov 2026, 23:10–06:40, Europe/Paris (abc123)"; `via`: how it was read, when not on its page. */
export function nightResource(night: NightTimes, zone: string, id: string, via?: string): string {
  return `night ${nightName(night, zone)}${via ? ` ${via}` : ""} (${id})`;
}

/**
 * An entry's words and the id in brackets at its end, if any, so a list can show the words first and
 * the id second. Entries written before nights were named ("night abc123") have no bracketed id.
 */
export function splitResourceId(resource: string): { text: string; id: string | null } {
  const match = /^(.*\S) \(([^()\s]+)\)$/.exec(resource);
  return match ? { text: match[1]!, id: match[2]! } : { text: resource, id: null };
}
