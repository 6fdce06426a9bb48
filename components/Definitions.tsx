// How the figures beside it are defined, folded away under one note so the figures stay scannable; the
// words come from lib/sleep/definitions.ts, the same as docs/DEFINITIONS.md.

import { DEFINITIONS, type DefinitionKey } from "@/lib/sleep/definitions";

export function Definitions({ keys, testId, summary = "How these figures are defined" }: { keys: readonly DefinitionKey[]; testId: string; summary?: string }) {
  return (
    <details className="definitions" data-testid={testId}>
      <summary>{summary}</summary>
      <dl>
        {keys.map((key) => (
          <div key={key}>
            <dt>{DEFINITIONS[key].term}</dt>
            <dd>{DEFINITIONS[key].text}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
