import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ACCESS_LOG_CSV_COLUMNS, accessLogCsv } from "./csv";

describe("accessLogCsv", () => {
  it("one row per entry, the time in UTC with its Z, a resource with a comma quoted, the people named (empty when their account is gone)", () => {
    const csv = accessLogCsv([
      { id: "7", at: new Date("2026-11-23T08:00:00.5Z"), viewerEmail: "dr@x.test", viewerRole: "clinician", asleepUserId: "u-1", action: "export", resource: "period report PDF 2026-11-01 to 2026-11-30", viewerName: "Dr Ada", patientName: "Min-jun Kim", patientEmail: "minjun@x.test" },
      { id: "6", at: new Date("2026-11-23T07:00:00Z"), viewerEmail: "ad@x.test", viewerRole: "admin", asleepUserId: "u-1", action: "view", resource: "night a,b", viewerName: null, patientName: null, patientEmail: null },
    ]);
    const lines = csv.split("\r\n");
    assert.equal(lines[0], `\uFEFF${ACCESS_LOG_CSV_COLUMNS.join(",")}`);
    assert.equal(lines[1], "7,2026-11-23T08:00:00.500Z,dr@x.test,clinician,u-1,export,period report PDF 2026-11-01 to 2026-11-30,Dr Ada,Min-jun Kim,minjun@x.test");
    assert.equal(lines[2], '6,2026-11-23T07:00:00.000Z,ad@x.test,admin,u-1,view,"night a,b",,,');
    assert.equal(lines.length, 4);
  });
});
