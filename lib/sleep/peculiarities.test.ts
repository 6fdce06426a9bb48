import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { catalogueWords } from "@/lib/i18n/words";
import { DOCUMENTED_PECULIARITIES, explainPeculiarity } from "./peculiarities";

describe("explainPeculiarity: Asleep's peculiarities in Asleep's words", () => {
  it("knows every code Asleep's Get Session documents, each with a plain and a clinical text", () => {
    assert.deepEqual(DOCUMENTED_PECULIARITIES, [
      "IN_PROGRESS",
      "NEVER_SLEPT",
      "TOO_SHORT_FOR_ANALYSIS",
      "TOO_LONG_FOR_ANALYSIS",
      "TOO_MANY_DEFECTS_IN_SLEEP_STAGES",
      "NO_BREATHING_STABILITY",
      "NO_REALTIME_POLLING",
    ]);
    for (const code of DOCUMENTED_PECULIARITIES) {
      const e = explainPeculiarity(code);
      assert.ok(e.known, code);
      assert.ok(e.clinical.startsWith(`${code}:`), `${code}'s clinical text names the code`);
      assert.ok(!e.plain.includes(code), `${code}'s plain text has no code in it`);
      assert.notEqual(e.plain, e.clinical);
    }
  });
  it("the thresholds are Asleep's: under 20 minutes, over 24 hours (not 'about 5 minutes')", () => {
    assert.match(explainPeculiarity("TOO_SHORT_FOR_ANALYSIS").plain, /20 minutes/);
    assert.doesNotMatch(explainPeculiarity("TOO_SHORT_FOR_ANALYSIS").plain, /5 minutes/);
    assert.match(explainPeculiarity("TOO_LONG_FOR_ANALYSIS").plain, /24 hours/);
  });
  it("NO_BREATHING_STABILITY and NO_REALTIME_POLLING are about the plan, never about the sleeper's breathing", () => {
    for (const code of ["NO_BREATHING_STABILITY", "NO_REALTIME_POLLING"]) {
      const e = explainPeculiarity(code);
      assert.equal(e.aboutPlan, true);
      assert.match(e.plain, /plan/);
    }
    assert.doesNotMatch(explainPeculiarity("NO_BREATHING_STABILITY").plain, /could not be measured|steadily/);
    assert.equal(explainPeculiarity("NEVER_SLEPT").aboutPlan, false);
  });
  it("stat is null for the codes Asleep documents so", () => {
    const nulls = DOCUMENTED_PECULIARITIES.filter((c) => explainPeculiarity(c).statNull);
    assert.deepEqual(nulls, ["IN_PROGRESS", "TOO_SHORT_FOR_ANALYSIS", "TOO_MANY_DEFECTS_IN_SLEEP_STAGES", "NO_REALTIME_POLLING"]);
  });
  it("an unknown code is shown as itself, never dropped; names of Object's own properties are unknown codes too", () => {
    for (const code of ["SOMETHING_NEW", "toString", "__proto__"]) {
      const e = explainPeculiarity(code);
      assert.equal(e.known, false);
      assert.equal(e.code, code);
      assert.match(e.plain, new RegExp(`"${code}"`));
    }
  });
});

it("explains every code in Korean from the Korean catalogue, the code itself kept as sent", () => {
  const t = catalogueWords("NightReport", JSON.parse(readFileSync(path.resolve(__dirname, "../i18n/messages/ko/NightReport.json"), "utf8")), "ko");
  for (const code of DOCUMENTED_PECULIARITIES) {
    const e = explainPeculiarity(code, t);
    assert.ok(e.clinical.startsWith(`${code}:`), code);
    assert.ok(!e.plain.includes(code) && /[\uac00-\ud7a3]/.test(e.plain), code);
  }
  assert.match(explainPeculiarity("TOO_SHORT_FOR_ANALYSIS", t).plain, /20분/);
  assert.match(explainPeculiarity("SOMETHING_NEW", t).plain, /"SOMETHING_NEW"/);
});
