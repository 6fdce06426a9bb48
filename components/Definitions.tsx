// How the figures beside it are defined, folded away under one note so the figures stay scannable; the
// words come from the "Definitions" catalogue through lib/sleep/definitions.ts, the same as docs/DEFINITIONS.md.

import { useTranslations } from "next-intl";
import { definitionsFor, type DefinitionKey } from "@/lib/sleep/definitions";
import type { StagePlan } from "@/lib/sleep/plan";
import ui from "./ui.module.css";

/** `plan`: on a 2-stage night the stage figures are left out and the words say Wake or Sleep. */
export function Definitions({ keys, testId, summary, plan }: { keys: readonly DefinitionKey[]; testId: string; summary?: string; plan?: StagePlan }) {
  const t = useTranslations("Definitions");
  return (
    <details className={ui.definitions} data-testid={testId}>
      <summary>{summary ?? t("summary")}</summary>
      <dl>
        {definitionsFor(keys, plan, t).map((d) => (
          <div key={d.key}>
            <dt>{d.term}</dt>
            <dd>{d.text}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
