import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { createTranslator } from "next-intl";
import { DEFINITIONS, definitionIn, definitionsFor, REPORT_FIGURES, USUAL_ADULT_RANGES, type DefinitionKey, type DefinitionsTranslator } from "./definitions";
import { GLANCE_EXPLANATIONS } from "./glance";

const ROOT = path.resolve(__dirname, "../..");

it("docs/DEFINITIONS.md states every definition in the words the pages show", () => {
  const docs = readFileSync(path.join(ROOT, "docs/DEFINITIONS.md"), "utf8");
  for (const { term, text } of Object.values(DEFINITIONS)) {
    assert.ok(docs.includes(`- **${term}**: ${text}`), `docs/DEFINITIONS.md is missing, or words differently, "${term}"`);
  }
});

it("the README links the reference page", () => {
  assert.match(readFileSync(path.join(ROOT, "README.md"), "utf8"), /\]\(docs\/DEFINITIONS\.md\)/);
});

it("the persistent-sleep definition names the length the code uses", () => {
  assert.match(DEFINITIONS.persistentSleepLatency.text, /20 consecutive sleep epochs \(10 minutes/);
});

it("every figure with a usual adult range says it where it is defined", () => {
  for (const [key, range] of Object.entries(USUAL_ADULT_RANGES)) {
    assert.ok(DEFINITIONS[key as keyof typeof USUAL_ADULT_RANGES].text.endsWith(range), `${key} lacks its range`);
  }
  assert.match(DEFINITIONS.totalSleep.text, /7 hours or more/);
  assert.match(DEFINITIONS.sleepEfficiency.text, /85% or more/);
  assert.match(DEFINITIONS.sleepOnsetLatency.text, /30 minutes or less/);
  assert.match(DEFINITIONS.waso.text, /20 minutes or less/);
});

it("both efficiencies say they come from the epoch counts, not the rounded minutes", () => {
  for (const d of [DEFINITIONS.sleepEfficiency, DEFINITIONS.sleepMaintenanceEfficiency]) {
    assert.match(d.text, /computed from the epoch counts .* may differ by a point from dividing the rounded minutes shown/);
  }
});

it("the night page defines its stage table's Wake row and Typical/Compared columns, and the morning card reuses the night's words", () => {
  assert.ok(REPORT_FIGURES.includes("wakeInBed") && REPORT_FIGURES.includes("typicalCompared") && REPORT_FIGURES.includes("minutesShown"));
  assert.match(DEFINITIONS.wakeInBed.text, /so it is WASO or more/);
  assert.match(DEFINITIONS.typicalCompared.text, /Carskadon and Dement/);
  assert.equal(GLANCE_EXPLANATIONS.efficiency, DEFINITIONS.sleepEfficiency.text);
  assert.equal(GLANCE_EXPLANATIONS.awakenings, DEFINITIONS.awakenings.text);
  assert.equal(GLANCE_EXPLANATIONS.totalSleep, DEFINITIONS.totalSleep.text);
});

describe("definitions of a 2-stage night", () => {
  it("leave out the stage figures and never speak of Light, Deep or REM", () => {
    const two = definitionsFor(REPORT_FIGURES, "2-stage");
    assert.ok(!two.some((d) => /Light|Deep|REM/.test(d.term + d.text)), JSON.stringify(two.filter((d) => /Light|Deep|REM/.test(d.term + d.text))));
    assert.ok(two.some((d) => d.key === "totalSleep"));
    assert.ok(definitionsFor(REPORT_FIGURES).some((d) => d.key === "remLatency"));
  });
});

describe("definitions in Korean", () => {
  const korean = JSON.parse(readFileSync(path.join(ROOT, "lib/i18n/messages/ko/Definitions.json"), "utf8"));
  const t = createTranslator({ locale: "ko", messages: { Definitions: korean }, namespace: "Definitions" }) as unknown as DefinitionsTranslator;

  it("come from the Korean catalogue, with the code's figures and each range where English has one", () => {
    const all = definitionsFor(Object.keys(DEFINITIONS) as DefinitionKey[], "4-stage", t);
    assert.equal(all.length, Object.keys(DEFINITIONS).length);
    for (const d of all) {
      assert.match(d.term + d.text, /[\uac00-\ud7a3]/, d.key);
      assert.doesNotMatch(d.text, /[{}]/, d.key);
      if (d.key in USUAL_ADULT_RANGES) assert.ok(d.text.endsWith(t(`ranges.${d.key}`)), `${d.key} lacks its range`);
    }
    assert.match(definitionIn(t, "persistentSleepLatency").text, /에포크 20개\(10분/);
    assert.match(definitionIn(t, "epoch").text, /30초/);
  });

  it("on a 2-stage night, speak of Wake or Sleep only", () => {
    const two = definitionsFor(REPORT_FIGURES, "2-stage", t);
    assert.ok(!two.some((d) => /얕은|깊은|렘/.test(d.term + d.text)), JSON.stringify(two.filter((d) => /얕은|깊은|렘/.test(d.term + d.text))));
    assert.equal(two.find((d) => d.key === "totalSleep")?.text, definitionIn(t, "totalSleep", "2-stage").text);
    assert.doesNotMatch(definitionIn(t, "epoch", "2-stage").text, /얕은|깊은|렘/);
  });
});
