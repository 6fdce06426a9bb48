// What deleting a person's data removed, in words: the count names the API answers with
// (server/data/people.ts deletePerson), each with its [one, many] wording for the admin page. The API's
// counts are typed by this table, so a kind of data added to the deletion without its words fails to compile.

export const DELETED_WORDS = {
  accounts: ["account", "accounts"],
  signIns: ["signed-in browser", "signed-in browsers"],
  credentials: ["credential", "credentials"],
  careAssignments: ["clinician link", "clinician links"],
  sessions: ["night", "nights"],
  inferences: ["analysis", "analyses"],
  reports: ["report", "reports"],
  tags: ["night tag", "night tags"],
  deliveries: ["audit entry", "audit entries"],
  notes: ["clinician note", "clinician notes"],
  noteRevisions: ["earlier note version", "earlier note versions"],
  accessLog: ["access-log entry", "access-log entries"],
  diary: ["sleep diary entry", "sleep diary entries"],
  studies: ["sleep study", "sleep studies"],
  studyReports: ["signed study report", "signed study reports"],
  periodReports: ["signed period report", "signed period reports"],
  alerts: ["alert", "alerts"],
  alertSettings: ["own alert threshold set", "own alert threshold sets"],
  outboundEvents: ["outbound event", "outbound events"],
  outboundNights: ["outbound night record", "outbound night records"],
  pushSubscriptions: ["browser subscribed to the morning notification", "browsers subscribed to the morning notification"],
  pushNights: ["morning notification record", "morning notification records"],
} as const satisfies Record<string, readonly [string, string]>;

export type DeletedKind = keyof typeof DELETED_WORDS;
export type DeletedCounts = Record<DeletedKind, number>;

/** "1 account, 0 signed-in browsers, …": every count, in the table's order; a name not in it as it is. */
export function deletedSummary(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([what, n]) => {
      const words = (DELETED_WORDS as Record<string, readonly [string, string]>)[what];
      return `${n} ${words ? words[n === 1 ? 0 : 1] : what}`;
    })
    .join(", ");
}
