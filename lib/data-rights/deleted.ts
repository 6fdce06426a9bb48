// What deleting a person's data removed, in words: the count names the API answers with
// (server/data/people.ts deletePerson), each worded one and many for the admin page in the catalogues
// (PersonRecord.deleted in lib/i18n/messages; a unit test holds every kind worded in every language). The
// API's counts are typed by this list, so a kind of data added to the deletion must be added here.

export const DELETED_KINDS = [
  "accounts",
  "signIns",
  "credentials",
  "careAssignments",
  "sessions",
  "inferences",
  "reports",
  "tags",
  "deliveries",
  "notes",
  "noteRevisions",
  "accessLog",
  "diary",
  "studies",
  "studyReports",
  "periodReports",
  "alerts",
  "alertSettings",
  "outboundEvents",
  "outboundNights",
  "pushSubscriptions",
  "pushNights",
] as const;

export type DeletedKind = (typeof DELETED_KINDS)[number];
export type DeletedCounts = Record<DeletedKind, number>;

/** A translator of the kinds' words (PersonRecord.deleted), each taking the count as `count` (plural) and `n` (as shown). */
type Say = (key: string, values?: Record<string, string | number>) => string;

/** "1 account, 0 signed-in browsers, …": every count, in the order given; a name not in the list as it is. */
export function deletedSummary(counts: Readonly<Record<string, number>>, t: Say): string {
  return Object.entries(counts)
    .map(([what, n]) => ((DELETED_KINDS as readonly string[]).includes(what) ? t(what, { count: n, n: String(n) }) : `${n} ${what}`))
    .join(", ");
}
