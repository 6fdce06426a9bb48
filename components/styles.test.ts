// Styles are scoped per component (CSS Modules), so that a style written for one component cannot change
// another: two `.note-text` rules in app/globals.css once cut every clinician's note to one line, on
// every page, because the board's rule came last. Checked here on the sources, for every page and
// component, present and future:
// - app/globals.css holds tokens and base elements only: no class, id or data-attribute selector;
// - it is the only global stylesheet: every other .css file is a CSS Module;
// - no className is a literal class name (which could only match a global rule): each comes from a
//   module, as `styles.x`;
// - every `styles.x` names a class its module defines (a typo would silently style nothing), and every
//   class a module defines is used (else it can match nothing: module class names are unique).

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..");

/**
 * Class names a className may spell out as a literal, with the reason. None today: a class a library
 * needs (recharts' own `recharts-*`) is styled from a module with `:global(...)` under a local class.
 */
const LITERAL_CLASS_ALLOW_LIST: ReadonlyMap<string, string> = new Map();

function filesUnder(dir: string, test: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(rel, test));
    else if (test(entry.name)) out.push(rel);
  }
  return out.sort();
}

/** The selector preludes of a stylesheet (at-rules' own preludes left out), comments and strings blanked. */
export function selectorsOf(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  const selectors: string[] = [];
  let buffer = "";
  for (const ch of text) {
    if (ch === "{") {
      const prelude = buffer.trim();
      if (prelude && !prelude.startsWith("@")) selectors.push(...prelude.split(",").map((s) => s.trim()));
      buffer = "";
    } else if (ch === "}" || ch === ";") buffer = "";
    else buffer += ch;
  }
  return selectors;
}

/** What in a selector is not a token or a base element: a class, an id, a data- attribute. */
export function nonBaseParts(selector: string): string[] {
  return [...selector.matchAll(/\.-?[_a-zA-Z][\w-]*|#-?[_a-zA-Z][\w-]*|\[\s*data-[^\]]*\]/g)].map((m) => m[0]);
}

/** The local class names a CSS Module defines (not those under :global(...)). */
export function moduleClasses(css: string): Set<string> {
  const names = new Set<string>();
  for (const selector of selectorsOf(css)) {
    let local = selector;
    // :global(...) may nest parentheses (:global(.a:not(.b))): drop it whole.
    for (let at = local.indexOf(":global("); at !== -1; at = local.indexOf(":global(")) {
      let depth = 0;
      let end = at + ":global".length;
      for (; end < local.length; end++) {
        if (local[end] === "(") depth++;
        else if (local[end] === ")" && --depth === 0) break;
      }
      local = local.slice(0, at) + local.slice(end + 1);
    }
    for (const m of local.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)) names.add(m[1]!);
  }
  return names;
}

/** Literal class names in a className's value: whatever could end up in the class attribute as written. */
export function literalClassNames(expr: ts.Expression): string[] {
  const words = (text: string) => text.split(/\s+/).filter(Boolean);
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return words(expr.text);
  if (ts.isTemplateExpression(expr)) return [...words(expr.head.text), ...expr.templateSpans.flatMap((s) => [...literalClassNames(s.expression), ...words(s.literal.text)])];
  if (ts.isConditionalExpression(expr)) return [...literalClassNames(expr.whenTrue), ...literalClassNames(expr.whenFalse)];
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr)) return literalClassNames(expr.expression);
  if (ts.isArrayLiteralExpression(expr)) return expr.elements.flatMap((e) => literalClassNames(e as ts.Expression));
  if (ts.isBinaryExpression(expr)) {
    const op = expr.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return [...literalClassNames(expr.left), ...literalClassNames(expr.right)];
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return literalClassNames(expr.right);
    return []; // a comparison: a condition, not a class
  }
  if (ts.isCallExpression(expr)) {
    // clsx("a", …), [a, "b"].join(" "): the arguments and what the method is called on. A separator is blank.
    const callee = ts.isPropertyAccessExpression(expr.expression) ? literalClassNames(expr.expression.expression) : [];
    return [...callee, ...expr.arguments.flatMap((a) => literalClassNames(a))];
  }
  return [];
}

interface SourceFacts {
  file: string;
  /** className="…" and className={…} literals: [class, line]. */
  literalClasses: Array<[string, number]>;
  /** Default imports of CSS Modules: local name → module file (relative to ROOT). */
  modules: Map<string, string>;
  /** Classes used of each module: module file → names, with the line. */
  used: Array<{ module: string; name: string | null; line: number }>;
  /** Side-effect imports of plain stylesheets. */
  globalImports: string[];
}

function sourceFacts(rel: string): SourceFacts {
  const text = readFileSync(path.join(ROOT, rel), "utf8");
  const source = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true, rel.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const facts: SourceFacts = { file: rel, literalClasses: [], modules: new Map(), used: [], globalImports: [] };
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const resolve = (specifier: string) => (specifier.startsWith("@/") ? specifier.slice(2) : path.join(path.dirname(rel), specifier));
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    if (specifier.endsWith(".module.css")) {
      const name = statement.importClause?.name?.text;
      assert.ok(name && !statement.importClause?.namedBindings, `${rel}: import a CSS Module by its default export (import styles from "${specifier}")`);
      facts.modules.set(name, resolve(specifier));
    } else if (specifier.endsWith(".css")) facts.globalImports.push(resolve(specifier));
  }
  const visit = (node: ts.Node) => {
    if (ts.isJsxAttribute(node) && node.name.getText(source) === "className" && node.initializer) {
      const value = ts.isStringLiteral(node.initializer) ? node.initializer : ts.isJsxExpression(node.initializer) ? node.initializer.expression : undefined;
      if (value) for (const name of literalClassNames(value)) facts.literalClasses.push([name, line(node)]);
    }
    if (ts.isIdentifier(node) && facts.modules.has(node.text) && !ts.isImportClause(node.parent)) {
      const module = facts.modules.get(node.text)!;
      const parent = node.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) facts.used.push({ module, name: parent.name.text, line: line(node) });
      else if (ts.isElementAccessExpression(parent) && parent.expression === node && ts.isStringLiteralLike(parent.argumentExpression)) facts.used.push({ module, name: parent.argumentExpression.text, line: line(node) });
      else facts.used.push({ module, name: null, line: line(node) }); // styles[x], or styles passed on: cannot be checked
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return facts;
}

const SOURCES = [...filesUnder("app", (n) => /\.tsx?$/.test(n)), ...filesUnder("components", (n) => /\.tsx?$/.test(n) && !n.endsWith(".test.ts"))];
const STYLESHEETS = [...filesUnder("app", (n) => n.endsWith(".css")), ...filesUnder("components", (n) => n.endsWith(".css"))];

describe("styles are scoped per component", () => {
  it("app/globals.css holds tokens and base elements only: no class, id or data-attribute selector", () => {
    const offending = selectorsOf(readFileSync(path.join(ROOT, "app/globals.css"), "utf8")).filter((s) => nonBaseParts(s).length > 0);
    assert.deepEqual(offending, [], "these rules belong in the CSS Module of the component they style");
  });

  it("app/globals.css is the only global stylesheet: every other one is a CSS Module, and only the root layouts import it", () => {
    assert.deepEqual(STYLESHEETS.filter((f) => f !== path.join("app", "globals.css") && !f.endsWith(".module.css")), []);
    const imports = SOURCES.flatMap((f) => sourceFacts(f).globalImports.map((css) => `${f} imports ${css}`));
    assert.deepEqual(imports.filter((i) => !/^app\/(layout|global-error)\.tsx imports app\/globals\.css$/.test(i)), []);
  });

  it("no className is a literal class name: each comes from a CSS Module (styles.x)", () => {
    const literals = SOURCES.flatMap((f) => sourceFacts(f).literalClasses.filter(([name]) => !LITERAL_CLASS_ALLOW_LIST.has(name)).map(([name, line]) => `${f}:${line} className "${name}"`));
    assert.deepEqual(literals, []);
  });

  it("every class a component uses is defined in its module, and every class a module defines is used", () => {
    const facts = SOURCES.map(sourceFacts);
    const defined = new Map(STYLESHEETS.filter((f) => f.endsWith(".module.css")).map((f) => [f, moduleClasses(readFileSync(path.join(ROOT, f), "utf8"))]));
    const problems: string[] = [];
    const usedOf = new Map<string, Set<string>>();
    for (const f of facts) {
      for (const module of f.modules.values()) if (!defined.has(module)) problems.push(`${f.file} imports ${module}, which does not exist`);
      for (const use of f.used) {
        if (use.name === null) problems.push(`${f.file}:${use.line} uses ${use.module} other than as styles.x: write the class out`);
        else if (!defined.get(use.module)?.has(use.name)) problems.push(`${f.file}:${use.line} uses .${use.name}, which ${use.module} does not define`);
        else usedOf.set(use.module, (usedOf.get(use.module) ?? new Set()).add(use.name));
      }
    }
    for (const [module, names] of defined) for (const name of names) if (!usedOf.get(module)?.has(name)) problems.push(`${module} defines .${name}, which nothing uses`);
    assert.deepEqual(problems, []);
  });

  // The checks themselves, on what they must catch.
  it("the checks catch a class in globals, a literal className, a module class that is not there", () => {
    assert.deepEqual(nonBaseParts(".note-text { white-space: nowrap; }"), [".note-text"]);
    assert.deepEqual(selectorsOf("@media print { main, .panel:hover { color: #000; } }").flatMap(nonBaseParts), [".panel"]);
    assert.deepEqual(selectorsOf('a[href$=".pdf"], input[type="search"], #top, [data-testid="x"] p { margin: 0.5rem; }').flatMap(nonBaseParts), ["#top", '[data-testid=""]']);
    assert.deepEqual([...moduleClasses(".a :global(.recharts-line:not(.b)) .c, .d[aria-pressed='true'] { fill: #000; }")], ["a", "c", "d"]);
    const jsx = (code: string) => {
      const file = ts.createSourceFile("x.tsx", `const x = <p className=${code} />;`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
      let found: string[] = [];
      const visit = (n: ts.Node) => {
        if (ts.isJsxAttribute(n) && n.initializer) found = literalClassNames(ts.isJsxExpression(n.initializer) ? n.initializer.expression! : (n.initializer as ts.StringLiteral));
        ts.forEachChild(n, visit);
      };
      visit(file);
      return found;
    };
    assert.deepEqual(jsx('"muted small"'), ["muted", "small"]);
    assert.deepEqual(jsx("{`flag flag-${kind}`}"), ["flag", "flag-"]);
    assert.deepEqual(jsx('{error ? "error" : styles.muted}'), ["error"]);
    assert.deepEqual(jsx('{["a", styles.b].join(" ")}'), ["a"]);
    assert.deepEqual(jsx('{kind === "alert" ? `${styles.flag} ${styles.flagAlert}` : styles.flag}'), []);
  });
});
