// No import circles in app/, server/, lib/ or components/: a module that needs something from one
// that (through others) needs it back is a design knot (the live layer reaching into ingest reaching
// into data reaching into the runtime). Imports are read and resolved by TypeScript itself, with the
// project's tsconfig paths; type-only imports count too except `import type` (erased at run time).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import { sourceFiles } from "./source-files";

const ROOT = path.resolve(__dirname, "..");
const FOLDERS = ["app", "server", "lib", "components"];

/** Each file's value imports (not `import type`, not `export type`) that resolve to a file of the project. */
function importGraph(): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const files = FOLDERS.flatMap((f) => sourceFiles(path.join(ROOT, f)));
  const inProject = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
    const specifiers: string[] = [];
    for (const statement of source.statements) {
      if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) {
        const bindings = statement.importClause?.namedBindings;
        // `import { type A, type B } from` is erased entirely.
        if (bindings && ts.isNamedImports(bindings) && !statement.importClause?.name && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly)) continue;
        specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
      } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
        specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
      }
    }
    const targets = specifiers
      .map((s) => ts.resolveModuleName(s, file, config.options, ts.sys).resolvedModule?.resolvedFileName)
      .filter((f): f is string => f !== undefined && inProject.has(path.resolve(f)))
      .map((f) => path.resolve(f));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every strongly connected set of more than one file (Tarjan), each as one circle to name. */
function circles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(path.relative(ROOT, w));
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

describe("the module graph", () => {
  const graph = importGraph();

  it("reads the project's imports (the check sees the files it is about)", () => {
    assert.ok(graph.size > 100, `only ${graph.size} files found`);
    const runtime = path.join(ROOT, "server/index.ts");
    assert.ok((graph.get(runtime) ?? []).length > 5, "server/index.ts imports resolved");
  });

  it("has no import circle in app/, server/, lib/ or components/", () => {
    const found = circles(graph);
    assert.deepEqual(found, [], `import circles:\n${found.map((c) => "  " + c.join(" ⇄ ")).join("\n")}`);
  });

  it("lib/ never imports from server/", () => {
    const wrong = [...graph].flatMap(([file, targets]) =>
      path.relative(ROOT, file).startsWith("lib/") ? targets.filter((t) => path.relative(ROOT, t).startsWith("server/")).map((t) => `${path.relative(ROOT, file)} → ${path.relative(ROOT, t)}`) : [],
    );
    assert.deepEqual(wrong, []);
  });
});
