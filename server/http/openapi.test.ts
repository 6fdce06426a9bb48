// The OpenAPI document (server/http/openapi.ts): valid OpenAPI 3.1 by a validator we did not write
// (@seriousme/openapi-schema-validator, which holds a document to the OpenAPI Initiative's published
// 3.1 schema), and complete: every route file under app/api answers in it, or is listed as left out
// with a reason; nothing in it is a route that does not exist. Real answers are checked against it in
// test/openapi.test.ts.

import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { NOT_DOCUMENTED, openApiDocument, type Method } from "./openapi";

const ROOT = path.resolve(__dirname, "../..");
const API = path.join(ROOT, "app/api");

/** Every route file's path as OpenAPI writes it ([id] → {id}, [...all] → {all}) and the methods it exports. */
function routeFiles(): Array<{ path: string; methods: Method[] }> {
  const out: Array<{ path: string; methods: Method[] }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "route.ts") {
        const apiPath = "/" + path.relative(path.join(ROOT, "app"), dir).split(path.sep).map((s) => s.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}")).join("/");
        const source = readFileSync(full, "utf8");
        const methods = [...source.matchAll(/export (?:async )?function (GET|POST|PUT|PATCH|DELETE)\b|export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => (m[1] ?? m[2])!.toLowerCase() as Method);
        out.push({ path: apiPath, methods });
      }
    }
  };
  walk(API);
  return out;
}

const documented = () => openApiDocument().paths as Record<string, Record<string, unknown>>;

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document, by a validator we did not write", async () => {
    const doc = openApiDocument();
    assert.equal(doc.openapi, "3.1.0");
    const result = await new Validator().validate(structuredClone(doc) as never);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  it("the validator is not a rubber stamp: an answer without its description, or a bad parameter location, fails", async () => {
    const broken = structuredClone(openApiDocument()) as { paths: Record<string, Record<string, { responses: Record<string, { description?: string }>; parameters?: Array<{ in: string }> }>> };
    delete broken.paths["/api/sessions"]!.get!.responses["200"]!.description;
    assert.equal((await new Validator().validate(broken as never)).valid, false);
    const badIn = structuredClone(openApiDocument()) as typeof broken;
    badIn.paths["/api/sessions"]!.get!.parameters![0]!.in = "body";
    assert.equal((await new Validator().validate(badIn as never)).valid, false);
  });

  it("documents every route under app/api, or says why not", () => {
    const paths = documented();
    const missing: string[] = [];
    for (const route of routeFiles()) {
      if (NOT_DOCUMENTED[route.path]) continue;
      for (const method of route.methods) if (!paths[route.path]?.[method]) missing.push(`${method.toUpperCase()} ${route.path}`);
    }
    assert.deepEqual(missing, [], "routes missing from server/http/openapi.ts OPERATIONS (add them, or to NOT_DOCUMENTED with the reason)");
  });

  it("documents no route that does not exist, and leaves out only routes that do", () => {
    const routes = new Map(routeFiles().map((r) => [r.path, r.methods]));
    const phantom = Object.entries(documented()).flatMap(([p, ops]) => Object.keys(ops).filter((m) => !routes.get(p)?.includes(m as Method)).map((m) => `${m.toUpperCase()} ${p}`));
    assert.deepEqual(phantom, []);
    assert.deepEqual(Object.keys(NOT_DOCUMENTED).filter((p) => !routes.has(p)), []);
  });

  it("every operation answers errors with the one error shape, and every JSON answer has a schema", () => {
    for (const [p, ops] of Object.entries(documented())) {
      for (const [method, op] of Object.entries(ops as Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>)) {
        for (const [status, response] of Object.entries(op.responses)) {
          const json = response.content?.["application/json"];
          if (Number(status) >= 400 && !(p === "/api/health" && status === "503")) assert.deepEqual(json?.schema, { $ref: "#/components/schemas/Error" }, `${method} ${p} ${status}`);
          if (response.content) for (const [type, media] of Object.entries(response.content)) assert.ok(media.schema, `${method} ${p} ${status} ${type} has a schema`);
        }
      }
    }
  });
});
