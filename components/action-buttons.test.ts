// Every button whose action is JavaScript is an ActionButton (components/ActionButton.tsx): disabled until
// the page is hydrated. A raw `<button onClick>`, or a raw button in a `<form onSubmit>`, does nothing, or
// submits the form natively (a password in the address), when pressed before hydration; on a loaded CI
// machine a browser test once clicked "Send a test event" in that window and waited for an answer that
// never came. And a form handled by JavaScript says method="post": should it ever be sent natively, what
// was typed goes in no address, history or access log. Checked on the sources, present and future.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { it } from "node:test";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..");

function tsxFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsxFiles(rel));
    else if (entry.name.endsWith(".tsx")) out.push(rel);
  }
  return out.sort();
}

type Jsx = ts.JsxElement | ts.JsxSelfClosingElement;
const opening = (node: Jsx) => (ts.isJsxElement(node) ? node.openingElement : node);
const tagOf = (node: Jsx) => opening(node).tagName.getText();
function attribute(node: Jsx, name: string): ts.JsxAttribute | undefined {
  return opening(node).attributes.properties.find((p): p is ts.JsxAttribute => ts.isJsxAttribute(p) && p.name.getText() === name);
}
const literal = (a: ts.JsxAttribute | undefined) => (a?.initializer && ts.isStringLiteral(a.initializer) ? a.initializer.text : undefined);

/** What is wrong in one source file: each raw button a press before hydration would lose or misroute, each JavaScript form without method="post". */
export function actionButtonFaults(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const faults: string[] = [];
  const where = (node: ts.Node) => `${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node, jsForm: boolean) => {
    let inJsForm = jsForm;
    if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node)) {
      const tag = tagOf(node);
      if (tag === "form" && attribute(node, "onSubmit")) {
        inJsForm = true;
        if (literal(attribute(node, "method")) !== "post") faults.push(`${where(node)}: a <form onSubmit> without method="post"`);
      }
      if (tag === "button") {
        const type = literal(attribute(node, "type"));
        if (inJsForm) faults.push(`${where(node)}: a raw <button> in a <form onSubmit>: use <ActionButton>`);
        // A submit button with its own onClick in a form it does not handle (PeriodPdfButton) also works without JavaScript.
        else if (attribute(node, "onClick") && type !== "submit") faults.push(`${where(node)}: a raw <button onClick>: use <ActionButton>`);
      }
    }
    ts.forEachChild(node, (child) => visit(child, inJsForm));
  };
  visit(sf, false);
  return faults;
}

it("finds the faults it is for, and passes their fixes", () => {
  const bad = [
    'export const A = () => <button type="button" onClick={go}>Go</button>;',
    "export const B = () => <form onSubmit={save}><button type=\"submit\">Save</button></form>;",
  ].join("\n");
  assert.deepEqual(actionButtonFaults("x.tsx", bad), [
    "x.tsx:1: a raw <button onClick>: use <ActionButton>",
    'x.tsx:2: a <form onSubmit> without method="post"',
    "x.tsx:2: a raw <button> in a <form onSubmit>: use <ActionButton>",
  ]);
  const good = [
    'export const A = () => <ActionButton type="button" onClick={go}>Go</ActionButton>;',
    'export const B = () => <form method="post" onSubmit={save}><ActionButton type="submit">Save</ActionButton></form>;',
    'export const C = () => <form method="get"><button type="submit">Find</button></form>;',
  ].join("\n");
  assert.deepEqual(actionButtonFaults("y.tsx", good), []);
});

it("every button whose action is JavaScript waits for hydration, in app/ and components/", () => {
  const faults = ["app", "components"].flatMap(tsxFiles).flatMap((file) => actionButtonFaults(file, readFileSync(path.join(ROOT, file), "utf8")));
  assert.deepEqual(faults, []);
});
