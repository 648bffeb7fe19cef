/**
 * Checks requests and responses against Pinterest's own OpenAPI description (openapi-v5.json beside this file:
 * OpenAPI 3.0.3, release 5.23.0). Used by the tests of the emulator and of the client, so that both are held
 * to what Pinterest publishes rather than to what we believe.
 *
 * Validator choice: ajv 8 (devDependency). It is the most used JSON Schema validator for JavaScript, compiles
 * each schema once to a plain function (the 2 MB document is only compiled where a test reaches it), reports
 * every problem with its JSON pointer (`allErrors`), and knows OpenAPI 3.0's `nullable` (next to `type`) and
 * `discriminator` (option `discriminator: true`). Two gaps of ajv are closed by rewriting the document once,
 * before ajv sees it:
 * - ajv's `discriminator` refuses `mapping` and needs `oneOf`; Pinterest uses `mapping` everywhere, and
 *   OauthAccessTokenRequest/OauthAccessTokenResponse put the discriminator on a base schema without `oneOf`.
 *   Each such discriminator becomes an explicit dispatch: "if the tag is X, the value must match mapping[X]"
 *   (an unknown tag is an enum error; a missing tag falls back to the original `oneOf`, if any).
 * - ajv refuses `nullable: true` without `type` (Pinterest writes `{allOf: [$ref], nullable: true}`): such a
 *   schema becomes "null, or else the schema".
 * Formats: `date-time` accepts a value without a zone, because real Pinterest sends `created_at` as
 * "2022-10-13T01:40:29" (UTC implied; see docs/pinterest-api-notes.md §1) where the spec says RFC 3339
 * date-time; `date` is checked; the numeric and `password` formats are annotations only.
 * Form bodies (`application/x-www-form-urlencoded`) are validated as objects of strings, with ajv's type
 * coercion so a declared boolean or integer field accepts its text form.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";

const SPEC_KEY = "openapi-v5.json";
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Operation {
  path: string;
  method: string;
  pointer: string;
  op: JsonObject;
}

interface Loaded {
  doc: JsonObject;
  ajv: Ajv;
  formAjv: Ajv | null;
  cache: Map<string, ValidateFunction>;
}

let loaded: Loaded | null = null;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The document as published (parsed fresh: callers may look, the validator keeps its own rewritten copy). */
export function loadSpec(): JsonObject {
  return JSON.parse(readFileSync(join(import.meta.dir, SPEC_KEY), "utf8")) as JsonObject;
}

function newAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    discriminator: true,
    validateSchema: false,
    coerceTypes,
    logger: false,
  });
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/i;
  ajv.addFormat("date-time", (s: string) => dateTime.test(s) && !Number.isNaN(Date.parse(s.slice(0, 19))));
  ajv.addFormat("date", (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)));
  for (const name of ["int32", "int64", "float", "double", "password"]) ajv.addFormat(name, true);
  return ajv;
}

function state(): Loaded {
  if (!loaded) {
    const doc = rewrite(loadSpec()) as JsonObject;
    const ajv = newAjv(false);
    ajv.addSchema(doc, SPEC_KEY);
    loaded = { doc, ajv, formAjv: null, cache: new Map() };
  }
  return loaded;
}

/** Rewrites what ajv cannot take (see the header). Bottom-up, on a fresh copy. */
function rewrite(node: Json): Json {
  if (Array.isArray(node)) return node.map(rewrite);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = rewrite(value);

  const discriminator = out.discriminator;
  if (isObject(discriminator) && isObject(discriminator.mapping)) {
    const tag = String(discriminator.propertyName);
    const mapping = discriminator.mapping as Record<string, string>;
    const alternatives = out.oneOf ?? out.anyOf;
    delete out.discriminator;
    delete out.oneOf;
    delete out.anyOf;
    const branches = Object.entries(mapping).map(([value, ref]) => ({
      if: { properties: { [tag]: { const: value } }, required: [tag] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a promise
      then: { $ref: ref },
    }));
    const dispatch: JsonObject = {
      if: { required: [tag] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a promise
      then: { properties: { [tag]: { enum: Object.keys(mapping) } }, allOf: branches },
    };
    if (alternatives) dispatch.else = { oneOf: alternatives };
    out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), dispatch];
  }

  if (out.nullable === true) {
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (out.type === undefined) {
      delete out.nullable;
      return { if: { type: "null" }, else: out };
    }
  }
  return out;
}

const escapePointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * Finds the operation for a method and a path. The path may be a template ("/pins/{pin_id}") or a concrete
 * path ("/v5/pins/123?pin_metrics=true"); a leading "/v5" and any query string are ignored.
 */
function findOperation(method: string, rawPath: string): Operation | null {
  const { doc } = state();
  const paths = doc.paths as JsonObject;
  const path = rawPath
    .split("?")[0]!
    .replace(/^\/v5(?=\/)/, "")
    .replace(/(.)\/$/, "$1");
  const m = method.toLowerCase();
  const candidates: string[] = [];
  if (paths[path]) candidates.push(path);
  else {
    const segments = path.split("/");
    const matches = Object.keys(paths).filter((template) => {
      const parts = template.split("/");
      return (
        parts.length === segments.length &&
        parts.every((part, i) => part === segments[i] || (/^\{[^}]+\}$/.test(part) && segments[i] !== ""))
      );
    });
    // "/pins/analytics" beats "/pins/{pin_id}": fewest parameters first
    matches.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
    candidates.push(...matches);
  }
  for (const template of candidates) {
    const item = paths[template] as JsonObject;
    if (isObject(item[m])) {
      return {
        path: template,
        method: m,
        pointer: `#/paths/${escapePointer(template)}/${m}`,
        op: item[m] as JsonObject,
      };
    }
  }
  return null;
}

function compile(ajv: Ajv, cache: Map<string, ValidateFunction>, pointer: string): ValidateFunction {
  const key = `${ajv === state().ajv ? "json" : "form"} ${pointer}`;
  let fn = cache.get(key);
  if (!fn) {
    fn = ajv.compile({ $ref: `${SPEC_KEY}${pointer}` });
    cache.set(key, fn);
  }
  return fn;
}

function formAjv(): Ajv {
  const s = state();
  if (!s.formAjv) {
    s.formAjv = newAjv(true);
    s.formAjv.addSchema(s.doc, SPEC_KEY);
  }
  return s.formAjv;
}

/** One readable line per problem, e.g. "/media_source/source_type must be equal to one of: image_url, …". */
function describe(errors: ErrorObject[] | null | undefined, where: string): string[] {
  const lines = new Set<string>();
  for (const e of errors ?? []) {
    // "must match then/else schema" only repeats the errors of the branch itself
    if (e.keyword === "if") continue;
    const at = `${where}${e.instancePath}`;
    let detail = e.message ?? e.keyword;
    if (e.keyword === "enum")
      detail = `must be one of: ${(e.params.allowedValues as unknown[]).map(String).join(", ")}`;
    if (e.keyword === "const") detail = `must be ${JSON.stringify(e.params.allowedValue)}`;
    if (e.keyword === "additionalProperties")
      detail = `must not have property "${e.params.additionalProperty}"`;
    lines.add(`${at} ${detail}`);
  }
  return [...lines];
}

function pickResponse(responses: JsonObject, status: number): { key: string; response: JsonObject } | null {
  const keys = [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, "default"];
  for (const key of keys) {
    const response = responses[key];
    if (isObject(response)) return { key, response };
  }
  return null;
}

/**
 * Validates a response body for `method pathTemplate` and an HTTP status against the declared response
 * (the exact status, else its class, else `default`). `body` is the parsed JSON, or undefined/"" for none.
 * Returns readable problems; empty means valid.
 */
export function validateResponse(
  method: string,
  pathTemplate: string,
  status: number,
  body: unknown,
): string[] {
  const operation = findOperation(method, pathTemplate);
  if (!operation) return [`${method.toUpperCase()} ${pathTemplate} is not an operation of the spec`];
  const label = `${method.toUpperCase()} ${operation.path} → ${status}`;
  const responses = operation.op.responses as JsonObject;
  const picked = pickResponse(responses, status);
  if (!picked)
    return [`${label}: status ${status} is not declared (declared: ${Object.keys(responses).join(", ")})`];
  const content = picked.response.content;
  const empty = body === undefined || body === null || body === "";
  if (!isObject(content) || Object.keys(content).length === 0) {
    return empty ? [] : [`${label}: the spec declares no body, but one was sent`];
  }
  const mediaType = Object.keys(content).find((type) => type.includes("json")) ?? Object.keys(content)[0]!;
  if (!isObject((content[mediaType] as JsonObject).schema)) return [];
  if (empty) return [`${label}: a ${mediaType} body is declared, but none was sent`];
  const { ajv, cache } = state();
  const pointer = `${operation.pointer}/responses/${escapePointer(picked.key)}/content/${escapePointer(mediaType)}/schema`;
  const validate = compile(ajv, cache, pointer);
  return validate(body) ? [] : describe(validate.errors, "response").map((line) => `${label}: ${line}`);
}

type FormBody = URLSearchParams | string | Record<string, string>;

/**
 * Validates a request body against the operation's requestBody. JSON bodies are given parsed; form bodies
 * as URLSearchParams, an encoded string or a plain object of strings (string/URLSearchParams bodies are
 * taken as form bodies when the operation accepts one). Returns readable problems; empty means valid.
 */
export function validateRequestBody(method: string, pathTemplate: string, body: unknown): string[] {
  const operation = findOperation(method, pathTemplate);
  if (!operation) return [`${method.toUpperCase()} ${pathTemplate} is not an operation of the spec`];
  const label = `${method.toUpperCase()} ${operation.path} request`;
  const requestBody = operation.op.requestBody;
  const empty = body === undefined || body === null || body === "";
  if (!isObject(requestBody)) return empty ? [] : [`${label}: the spec declares no request body`];
  if (empty) return requestBody.required === true ? [`${label}: a body is required`] : [];
  const content = requestBody.content as JsonObject;
  const form = "application/x-www-form-urlencoded";
  const isForm =
    content[form] !== undefined &&
    (typeof body === "string" || body instanceof URLSearchParams || !content["application/json"]);
  const mediaType = isForm ? form : Object.keys(content).find((type) => type.includes("json"));
  if (!mediaType) return [`${label}: no JSON or form body is declared (${Object.keys(content).join(", ")})`];
  const { cache } = state();
  const ajv = isForm ? formAjv() : state().ajv;
  const value = isForm ? formToObject(body as FormBody) : body;
  const validate = compile(
    ajv,
    cache,
    `${operation.pointer}/requestBody/content/${escapePointer(mediaType)}/schema`,
  );
  return validate(value) ? [] : describe(validate.errors, "body").map((line) => `${label}: ${line}`);
}

function formToObject(body: FormBody): Record<string, string> {
  if (typeof body === "string") return Object.fromEntries(new URLSearchParams(body));
  if (body instanceof URLSearchParams) return Object.fromEntries(body);
  return { ...body };
}

/** Validates a value against `#/components/schemas/<componentName>`. */
export function validateSchema(componentName: string, value: unknown): string[] {
  const { doc, ajv, cache } = state();
  const schemas = (doc.components as JsonObject).schemas as JsonObject;
  if (!isObject(schemas[componentName])) return [`no schema named ${componentName} in the spec`];
  const validate = compile(ajv, cache, `#/components/schemas/${escapePointer(componentName)}`);
  return validate(value) ? [] : describe(validate.errors, componentName).map((line) => line);
}
