/**
 * Proves /openapi.json tells the truth: every response a test receives from the PinFlow app is checked
 * against the document — its status must be documented for that operation, and a JSON body must match the
 * documented schema. A mismatch throws, so the test that made the request fails with a clear message.
 *
 * Stricter than the published document on one point: objects accept no undocumented property here
 * (`additionalProperties: false`), so a field the API sends but the document does not name fails a test,
 * while clients reading the document stay free to ignore new fields.
 *
 * Requests to paths the document does not describe (the dashboard, /assets/*, /static/uploads/*, the
 * demo Pinterest under /emulator/*, /docs, /openapi.json) are not checked.
 */
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import type { OpenApiDocument } from "../docs/docs.openapi";
import { stripBasePath } from "../http/base-path";

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === "object" && x !== null && !Array.isArray(x);

export type ResponseCheck = (request: Request, response: Response) => Promise<void>;

const COMPONENTS_ID = "pinflow-openapi";

/** Closes every object schema that lists properties but says nothing about others. */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] =
      k === "$ref" && typeof v === "string"
        ? v.replace(/^#\/components\//, `${COMPONENTS_ID}#/components/`)
        : closeObjects(v);
  }
  if (out.type === "object" && isObject(out.properties) && !("additionalProperties" in out)) {
    out.additionalProperties = false;
  }
  return out;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  staticSegments: number;
  responses: Json;
}

/** One Ajv per distinct set of components, compiled validators shared by every test app of the process. */
const compilers = new Map<string, { ajv: Ajv2020; validators: Map<string, ValidateFunction> }>();

function compilerFor(doc: OpenApiDocument) {
  const key = JSON.stringify(doc.components.schemas);
  let compiler = compilers.get(key);
  if (!compiler) {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ $id: COMPONENTS_ID, components: closeObjects({ schemas: doc.components.schemas }) });
    compiler = { ajv, validators: new Map() };
    compilers.set(key, compiler);
  }
  const { ajv, validators } = compiler;
  return (schema: unknown): ValidateFunction => {
    const closed = closeObjects(schema) as Json;
    const id = JSON.stringify(closed);
    let validate = validators.get(id);
    if (!validate) {
      validate = ajv.compile(closed);
      validators.set(id, validate);
    }
    return validate;
  };
}

function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    const segments = template.split("/").filter(Boolean);
    const pattern = new RegExp(
      `^/${segments.map((s) => (s.startsWith("{") ? "[^/]+" : s.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))).join("/")}$`,
    );
    for (const [method, op] of Object.entries(item)) {
      ops.push({
        method: method.toUpperCase(),
        template,
        pattern,
        staticSegments: segments.filter((s) => !s.startsWith("{")).length,
        responses: (op.responses ?? {}) as Json,
      });
    }
  }
  // `/pins/calendar` before `/pins/{id}`
  return ops.sort((a, b) => b.staticSegments - a.staticSegments);
}

export interface DocumentedResponse {
  operation: string;
  /** undefined: the operation is not in the document (not checked). */
  response?: Json;
  /** The response exists and documents a JSON body: the errors of `value` against it (empty: valid). */
  check(value: unknown): string[];
}

/** Looks up what the document says about `method path → status`, and checks bodies against it. */
export function documentedResponses(doc: OpenApiDocument) {
  const ops = operationsOf(doc);
  const compile = compilerFor(doc);
  return (method: string, rawPath: string, status: number): DocumentedResponse | null => {
    const pathname = rawPath.split("?")[0] as string;
    const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
    const op = ops.find((o) => o.method === method.toUpperCase() && o.pattern.test(path));
    if (!op) return null;
    const documented = op.responses[String(status)];
    const response = isObject(documented) ? documented : undefined;
    const content = response && isObject(response.content) ? response.content : null;
    const media = content?.["application/json"];
    return {
      operation: `${op.method} ${op.template}`,
      response,
      check(value) {
        if (!isObject(media)) return [`no JSON body is documented for ${status}`];
        const validate = compile(media.schema);
        if (validate(value)) return [];
        return (validate.errors ?? [])
          .slice(0, 5)
          .map(
            (e) =>
              `${e.instancePath || "(body)"} ${e.message}${e.keyword === "additionalProperties" ? ` (${JSON.stringify(e.params)})` : ""}`,
          );
      },
    };
  };
}

/**
 * The check `requester()` runs after each response of the real PinFlow app. Under a base path the document's
 * paths are the routes' (the edge takes the prefix off): a request outside the prefix is not an API route.
 */
export function responseCheck(document: () => OpenApiDocument, basePath = ""): ResponseCheck {
  let lookup: ReturnType<typeof documentedResponses> | null = null;
  return async (request, response) => {
    lookup ??= documentedResponses(document());
    const url = new URL(request.url);
    const path = basePath === "" ? url.pathname : stripBasePath(basePath, url.pathname);
    if (path === null) return;
    const found = lookup(request.method, path, response.status);
    if (!found) return;
    const where = `${request.method} ${url.pathname}${url.search} → ${response.status} (documented as ${found.operation})`;
    const documented = found.response;
    const type = response.headers.get("content-type") ?? "";
    const content = documented && isObject(documented.content) ? documented.content : null;
    // An event stream does not end: only that it is documented as one can be checked.
    if (type.includes("text/event-stream")) {
      if (!content?.["text/event-stream"]) throw new Error(`Event stream not in /openapi.json: ${where}`);
      return;
    }
    const body = await response.clone().text();
    if (!documented) {
      throw new Error(`Response not in /openapi.json: ${where}. Body: ${body.slice(0, 300)}`);
    }
    if (!content) {
      if (body.length > 0) throw new Error(`Response has a body but /openapi.json documents none: ${where}`);
      return;
    }
    if (!type.includes("application/json")) {
      if (type.includes("text/html")) return; // an error page for a browser, or a documented HTML page
      const mediaType = type.split(";")[0]?.trim() ?? "";
      if (mediaType && content[mediaType]) return; // another documented type (a CSV export): not JSON to check
      throw new Error(`Response is ${type || "untyped"}, not JSON as /openapi.json says: ${where}`);
    }
    const problems = found.check(JSON.parse(body));
    if (problems.length) {
      throw new Error(
        `Response does not match /openapi.json: ${where}: ${problems.join("; ")}. Body: ${body.slice(0, 300)}`,
      );
    }
  };
}
