// The catalogues (issue 8 of 8): every message in English and Korean, with the same arguments; every key
// the code asks for exists; and no words a person reads written straight into a component or page.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { IntlMessageFormat } from "intl-messageformat";
import ts from "typescript";
import { CLIENT_NAMESPACES } from "@/lib/i18n/client-namespaces";
import { INTL_TAG, LOCALES } from "@/lib/i18n/locales";
import { MESSAGES_DIR, readCatalogue } from "./messages";
import { sourceFiles } from "../../scripts/source-files";

const ROOT = path.resolve(__dirname, "..", "..");

type Tree = { [key: string]: string | Tree };

/** Every message of a catalogue, by its dotted path ("PatientBoard.columns.efficiency"). */
function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const at = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(at, value);
    else for (const [k, v] of flatten(value, at)) out.set(k, v);
  }
  return out;
}

/** The names of a message's arguments ({count}, {night} …), from its parsed ICU form. */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: unknown[]) => {
    for (const node of nodes as Array<{ type: number; value?: string; options?: Record<string, { value: unknown[] }>; children?: unknown[] }>) {
      // Types 1–6 carry an argument name (argument, number, date, time, select, plural); 8 is a tag.
      if (node.type >= 1 && node.type <= 6 && node.value) names.add(node.value);
      if (node.options) for (const option of Object.values(node.options)) walk(option.value);
      if (node.children) walk(node.children);
    }
  };
  walk(new IntlMessageFormat(message, locale, undefined, { ignoreTag: false }).getAst() as unknown[]);
  return [...names].sort();
}

const catalogues = Object.fromEntries(LOCALES.map((l) => [l, flatten(readCatalogue(l) as Tree)])) as Record<(typeof LOCALES)[number], Map<string, string>>;

describe("message catalogues", () => {
  it("have the same namespace files in every language", () => {
    const files = LOCALES.map((l) => readdirSync(path.join(MESSAGES_DIR, l)).filter((f) => f.endsWith(".json")).sort());
    for (const other of files.slice(1)) assert.deepEqual(other, files[0]);
  });

  it("have every key in every language", () => {
    for (const locale of LOCALES) {
      for (const other of LOCALES) {
        const missing = [...catalogues[locale].keys()].filter((k) => !catalogues[other].has(k));
        assert.deepEqual(missing, [], `in ${locale}, missing from ${other}`);
      }
    }
  });

  it("parse as ICU messages, with the same arguments in every language, and no empty message", () => {
    for (const [key, english] of catalogues.en) {
      const expected = argumentsOf(english, INTL_TAG.en);
      for (const locale of LOCALES) {
        const message = catalogues[locale].get(key);
        if (message === undefined) continue;
        assert.ok(message.trim() !== "", `${locale} ${key} is empty`);
        assert.deepEqual(argumentsOf(message, INTL_TAG[locale]), expected, `${locale} ${key}: arguments differ from English`);
      }
    }
  });

  it("find Korean in the Korean catalogue, not English left untranslated", () => {
    // A message with letters and no Hangul at all is English copied over (names such as "Asleep",
    // "CSV", "FHIR" alone are allowed: they are written so in Korean too).
    const untranslated = [...catalogues.ko].filter(([, m]) => /[A-Za-z]{3,}/.test(m.replace(/\{[^}]*\}/g, "")) && !/[\uac00-\ud7a3]/.test(m) && !/^[A-Z0-9 .·:/()+-]+$/.test(m.replace(/\{[^}]*\}/g, "").trim()) && !ENGLISH_IN_KOREAN.has(m.trim()));
    assert.deepEqual(untranslated.map(([k, m]) => `${k}: ${m}`), []);
  });
});

/** Messages that read the same in Korean (product and standard names). */
const ENGLISH_IN_KOREAN = new Set(["Asleep", "English", "FHIR", "Open mHealth", "CSV", "PDF", "JSON", "Webhook", "Web Push", "API"]);

// ── Every key asked for exists ───────────────────────────────────────────────────────────────────────

const TRANSLATOR_FACTORIES = new Set(["useTranslations", "getTranslations", "translatorFor", "createTranslator"]);

/**
 * In every file: translators made with a literal namespace (`const t = useTranslations("Board")`,
 * `await getTranslations("Board")`, `translatorFor(locale, "Mail")`), and their calls with a literal key.
 */
function keysAskedFor(file: string): Array<{ key: string; line: number }> {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const namespaces = new Map<string, string>();
  const asked: Array<{ key: string; line: number }> = [];
  const namespaceOf = (call: ts.CallExpression): string | null => {
    if (!ts.isIdentifier(call.expression) || !TRANSLATOR_FACTORIES.has(call.expression.text)) return null;
    const literal = call.arguments.find((a) => ts.isStringLiteral(a));
    return literal && ts.isStringLiteral(literal) ? literal.text : null;
  };
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      let init: ts.Expression = node.initializer;
      if (ts.isAwaitExpression(init)) init = init.expression;
      if (ts.isCallExpression(init)) {
        const ns = namespaceOf(init);
        if (ns) namespaces.set(node.name.text, ns);
      }
    }
    if (ts.isCallExpression(node)) {
      let callee = node.expression;
      // t.rich("key"), t.markup("key"), t.raw("key")
      if (ts.isPropertyAccessExpression(callee) && ["rich", "markup", "raw"].includes(callee.name.text)) callee = callee.expression;
      const first = node.arguments[0];
      if (ts.isIdentifier(callee) && namespaces.has(callee.text) && first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
        asked.push({ key: `${namespaces.get(callee.text)}.${first.text}`, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return asked;
}

describe("the namespaces sent to the browser", () => {
  it("are exactly those components read with useTranslations", () => {
    const used = new Set<string>();
    for (const file of ["app", "components", "lib"].flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
      for (const m of readFileSync(file, "utf8").matchAll(/useTranslations\("([A-Za-z]+)"\)/g)) used.add(m[1]!);
    }
    assert.deepEqual([...CLIENT_NAMESPACES].sort(), [...used].sort());
  });
});

describe("keys the code asks for", () => {
  it("are in the catalogues", () => {
    const missing: string[] = [];
    for (const file of ["app", "components", "server", "lib"].flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
      for (const { key, line } of keysAskedFor(file)) {
        // A key naming a group of messages (t.raw of an object) is there if any message is under it.
        const there = catalogues.en.has(key) || [...catalogues.en.keys()].some((k) => k.startsWith(`${key}.`));
        if (!there) missing.push(`${path.relative(ROOT, file)}:${line} ${key}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});

// ── No words written straight into a component ──────────────────────────────────────────────────────

/** Attributes a person reads (or hears from a screen reader). */
const READ_ATTRIBUTES = new Set(["title", "alt", "placeholder", "aria-label", "aria-description", "aria-valuetext", "aria-roledescription", "label"]);

/**
 * Words a person reads in JSX: text between tags, and string literals in the attributes above or as
 * a JSX expression (`{"Sign in"}`). Punctuation, figures and symbols alone are not words.
 */
export function wordsInJsx(fileName: string, text: string): Array<{ text: string; line: number }> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: Array<{ text: string; line: number }> = [];
  const isWords = (s: string) => /[A-Za-z\uac00-\ud7a3]{2,}/.test(s.replace(/&[a-z]+;/g, ""));
  const add = (node: ts.Node, s: string) => {
    if (isWords(s)) found.push({ text: s.trim().slice(0, 80), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  /** String literals an expression shows as they are: through conditionals, && / || / ??, + and templates, not into calls. */
  const shown = (e: ts.Expression): void => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) add(e, e.text);
    else if (ts.isTemplateExpression(e)) add(e, [e.head.text, ...e.templateSpans.map((span) => span.literal.text)].join(" "));
    else if (ts.isParenthesizedExpression(e)) shown(e.expression);
    else if (ts.isConditionalExpression(e)) {
      shown(e.whenTrue);
      shown(e.whenFalse);
    } else if (ts.isBinaryExpression(e) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.PlusToken].includes(e.operatorToken.kind)) {
      if (e.operatorToken.kind !== ts.SyntaxKind.AmpersandAmpersandToken) shown(e.left);
      shown(e.right);
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) add(node, node.text);
    else if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText()) && node.initializer) {
      const init = node.initializer;
      if (ts.isStringLiteral(init)) add(init, init.text);
      else if (ts.isJsxExpression(init) && init.expression) shown(init.expression);
    } else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      shown(node.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("components and pages", () => {
  it("the check finds words written into JSX (and not figures or symbols)", () => {
    const found = wordsInJsx("x.tsx", `export const A = () => <p title="Open it">Sleep efficiency {x} · 7 <b>{"min"}</b>{" "}{n}%<i aria-label={t("ok")}>→</i>{n === 1 ? "1 night" : \`\${n} nights\`}{ok && "Saved"}{cls("a-b")}</p>;`);
    assert.deepEqual(found.map((f) => f.text), ["Open it", "Sleep efficiency", "min", "1 night", "nights", "Saved"]);
  });

  it("take every word a person reads from the catalogues", () => {
    const files = ["app", "components"].flatMap((d) => sourceFiles(path.join(ROOT, d))).filter((f) => f.endsWith(".tsx"));
    const bypassing = files.flatMap((f) => wordsInJsx(f, readFileSync(f, "utf8")).map((w) => `${path.relative(ROOT, f)}:${w.line} ${JSON.stringify(w.text)}`));
    assert.deepEqual(bypassing, []);
  });
});
