import { describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import * as v from "valibot";
import { createRateLimiter, RATE_RULES } from "../http/rate-limit";
import { responses } from "../http/responses";
import { createTestClock } from "../testing/clock";
import { requester } from "../testing/request";
import { documentedResponses, responseCheck } from "../testing/response-validation";
import { createTestApp } from "../testing/test-app";
import { VERSION } from "../version";
import type { OpenApiDocument } from "./docs.openapi";
import { NOT_API, openApiDocument } from "./docs.openapi";

/** Every endpoint of docs/seed-api-reference.txt, with the success status it documents. */
const SEED_ENDPOINTS: Array<[string, string, number]> = [
  ["GET", "/auth/login", 302],
  ["POST", "/auth/logout", 303],
  ["GET", "/auth/me", 200],
  ["GET", "/pins", 200],
  ["POST", "/pins", 201],
  ["POST", "/pins/bulk", 201],
  ["GET", "/pins/{id}", 200],
  ["PUT", "/pins/{id}", 200],
  ["DELETE", "/pins/{id}", 204],
  ["POST", "/pins/{id}/publish", 200],
  ["PUT", "/pins/reorder", 200],
  ["POST", "/pins/upload-image", 200],
  ["GET", "/pins/calendar", 200],
  ["DELETE", "/pins/bulk", 204],
  ["PUT", "/pins/bulk/status", 200],
  ["PUT", "/pins/bulk/schedule", 200],
  ["GET", "/boards", 200],
  ["GET", "/boards/analytics", 200],
  ["GET", "/collections", 200],
  ["POST", "/collections", 201],
  ["GET", "/collections/{id}", 200],
  ["PUT", "/collections/{id}", 200],
  ["DELETE", "/collections/{id}", 204],
  ["POST", "/collections/{id}/pins", 204],
  ["DELETE", "/collections/{id}/pins/{pin_id}", 204],
  ["POST", "/webhooks", 201],
  ["GET", "/webhooks", 200],
  ["GET", "/webhooks/{id}", 200],
  ["PUT", "/webhooks/{id}", 200],
  ["DELETE", "/webhooks/{id}", 204],
  ["GET", "/api-keys", 200],
  ["POST", "/api-keys", 201],
  ["PATCH", "/api-keys/{id}/toggle", 200],
  ["DELETE", "/api-keys/{id}", 204],
];

/** What PinFlow adds to the seed (docs/api-contract.md) and documents the same way. */
const PINFLOW_ENDPOINTS: Array<[string, string, number]> = [
  ["PUT", "/auth/me", 200],
  ["GET", "/profiles", 200],
  ["POST", "/profiles/{id}/select", 200],
  ["DELETE", "/profiles/{id}", 204],
  ["GET", "/admin/users", 200],
  ["PUT", "/admin/users/{id}", 200],
  ["GET", "/admin/plans", 200],
  ["PUT", "/admin/plans/{name}", 200],
  ["GET", "/admin/jobs", 200],
  ["POST", "/admin/jobs/{name}/run", 200],
  ["GET", "/webhooks/{id}/deliveries", 200],
  ["POST", "/webhooks/{id}/deliveries/{delivery_id}/redeliver", 200],
  ["POST", "/webhooks/{id}/test", 200],
  ["GET", "/health", 200],
  ["GET", "/events", 200],
  ["GET", "/uploads", 200],
  ["DELETE", "/uploads/{id}", 204],
  ["POST", "/pins/import", 200],
  ["POST", "/pins/import", 201],
  ["GET", "/pins/export", 200],
  ["GET", "/feeds", 200],
  ["POST", "/feeds", 201],
  ["GET", "/feeds/{id}", 200],
  ["PUT", "/feeds/{id}", 200],
  ["DELETE", "/feeds/{id}", 204],
];

async function fetchDocument(env: Record<string, string> = {}) {
  const t = createTestApp({ env });
  const res = await t.request("/openapi.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  return { t, doc: (await res.json()) as OpenApiDocument };
}

/** `dig(doc, "paths", "/pins", "post")`: a path into the document (undefined when absent). */
function dig(value: unknown, ...keys: string[]): unknown {
  let at = value;
  for (const key of keys)
    at = typeof at === "object" && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

const operations = (doc: OpenApiDocument) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );

describe("/openapi.json", () => {
  test("is OpenAPI 3.1 about PinFlow at this instance's public URL", async () => {
    const { doc } = await fetchDocument({ PINFLOW_PUBLIC_URL: "https://pins.example.org" });
    expect(doc.openapi).toStartWith("3.1.");
    expect(doc.info).toMatchObject({ title: "PinFlow", version: VERSION });
    expect(doc.servers).toEqual([{ url: "https://pins.example.org" }]);
  });

  test.each([...SEED_ENDPOINTS, ...PINFLOW_ENDPOINTS])(
    "documents %s %s with its success status %d",
    async (method, path, status) => {
      const { doc } = await fetchDocument();
      const op = dig(doc, "paths", path, method.toLowerCase());
      expect(op).toBeDefined();
      expect(Object.keys(dig(op, "responses") ?? {})).toContain(String(status));
      expect(dig(op, "summary")).toBeString();
      expect(dig(op, "tags")).toHaveLength(1);
    },
  );

  test("describes the three ways to authenticate, and which endpoints need none", async () => {
    const { doc } = await fetchDocument();
    expect(doc.components.securitySchemes).toMatchObject({
      bearer: { type: "http", scheme: "bearer" },
      apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
      session: { type: "apiKey", in: "cookie", name: "session" },
    });
    expect(doc.security).toEqual([{ bearer: [] }, { apiKey: [] }, { session: [] }]);
    const open = operations(doc)
      .filter(({ op }) => Array.isArray(op.security) && (op.security as unknown[]).length === 0)
      .map(({ method, path }) => `${method} ${path}`)
      .sort();
    expect(open).toEqual(["GET /auth/callback", "GET /auth/login", "GET /health", "POST /auth/logout"]);
  });

  test("every authenticated endpoint documents 401, 403 and 429 with the {detail} shape", async () => {
    const { doc } = await fetchDocument();
    for (const { method, path, op } of operations(doc)) {
      if (Array.isArray(op.security)) continue;
      const responses = op.responses as Record<string, { content: Record<string, { schema: unknown }> }>;
      for (const status of ["401", "403", "429"]) {
        expect({
          op: `${method} ${path}`,
          status,
          schema: responses[status]?.content["application/json"]?.schema,
        }).toEqual({
          op: `${method} ${path}`,
          status,
          schema: expect.objectContaining({ $ref: "#/components/schemas/Error" }),
        });
      }
    }
    expect(doc.components.schemas.Error).toMatchObject({
      type: "object",
      properties: { detail: { type: "string" } },
      required: ["detail"],
    });
  });

  test("endpoints that validate input document 422 with FastAPI's array; lookups 404; locked pins 409", async () => {
    const { doc } = await fetchDocument();
    for (const { method, path, op } of operations(doc)) {
      const params = (op.parameters as unknown[] | undefined) ?? [];
      if (params.length || op.requestBody)
        expect({ op: `${method} ${path}`, has: Object.keys(op.responses as object) }).toEqual({
          op: `${method} ${path}`,
          has: expect.arrayContaining(["422"]),
        });
      if (path.includes("{") && !path.startsWith("/admin/jobs"))
        expect({ op: `${method} ${path}`, has: Object.keys(op.responses as object) }).toEqual({
          op: `${method} ${path}`,
          has: expect.arrayContaining(["404"]),
        });
    }
    for (const [method, path] of [
      ["PUT", "/pins/{id}"],
      ["DELETE", "/pins/{id}"],
      ["POST", "/pins/{id}/publish"],
    ] as const) {
      expect(Object.keys(dig(doc, "paths", path, method.toLowerCase(), "responses") ?? {})).toContain("409");
    }
    expect(doc.components.schemas.ValidationError).toMatchObject({
      properties: { detail: { type: "array", items: { $ref: "#/components/schemas/ValidationIssue" } } },
    });
    expect(doc.components.schemas.ValidationIssue).toMatchObject({ required: ["loc", "msg", "type"] });
  });

  test("request and response bodies are the routes' schemas, named and referenced", async () => {
    const { doc } = await fetchDocument();
    const post = dig(doc, "paths", "/pins", "post");
    expect(dig(post, "requestBody", "content", "application/json", "schema")).toEqual({
      $ref: "#/components/schemas/PinCreate",
    });
    expect(dig(post, "responses", "201", "content", "application/json", "schema")).toEqual({
      $ref: "#/components/schemas/Pin",
    });
    expect(doc.components.schemas.PinCreate?.required).toEqual(["board_id", "media_url"]);
    expect(Object.keys(doc.components.schemas.Pin?.properties as object)).toContain("pinterest_username");
    const upload = dig(doc, "paths", "/pins/upload-image", "post", "requestBody", "content");
    expect(Object.keys(upload ?? {})).toEqual(["multipart/form-data"]);
    expect(dig(upload, "multipart/form-data", "schema", "properties", "file")).toEqual({
      type: "string",
      format: "binary",
    });
    expect(dig(doc, "paths", "/pins/{id}", "delete", "responses", "204")).toEqual({
      description: "No Content",
    });
    expect(dig(doc, "paths", "/auth/login", "get", "responses", "302", "headers", "Location")).toBeDefined();
    const text = JSON.stringify(doc);
    expect(text).not.toContain("$schema");
    expect(text).not.toContain("x-pinflow");
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)) {
      expect(doc.components.schemas[name as string]).toBeDefined();
    }
  });

  test("each operation notes its rate limit, from the limiter's own rules", async () => {
    const { doc } = await fetchDocument();
    const limitOf = (method: string, path: string) =>
      dig(doc, "paths", path, method, "x-rate-limit", "limit");
    for (const rule of RATE_RULES.filter((r) => r.path)) {
      const method = String(rule.method).toLowerCase();
      expect(limitOf(method, String(rule.path))).toBe(rule.limit);
      expect(dig(doc, "paths", String(rule.path), method, "description")).toContain(
        `Rate limit: ${rule.limit} requests per minute per IP`,
      );
    }
    expect(limitOf("get", "/pins")).toBe(200);
    expect(limitOf("get", "/health")).toBeUndefined();
  });

  test("lists every API route of the app, and none of the pages, assets or the demo Pinterest", async () => {
    const { t, doc } = await fetchDocument();
    const documented = new Set(operations(doc).map(({ method, path }) => `${method} ${path}`));
    const api = t.app.routes
      .filter((r) => !NOT_API.test(r.path) && r.path !== "/docs" && r.path !== "/openapi.json")
      .map((r) => `${r.method} ${r.path.replace(/:([^/]+)/g, "{$1}").replace(/(.)\/$/, "$1")}`);
    expect(api.length).toBeGreaterThan(40);
    for (const route of api) expect(documented).toContain(route);
    expect([...documented].filter((op) => /emulator|assets|static|\/app|docs|openapi/.test(op))).toEqual([]);
  });

  test("is served without authentication, rate limit or cache surprises, and is built once", async () => {
    const { t } = await fetchDocument();
    const a = await t.request("/openapi.json");
    const b = await t.request("/openapi.json");
    expect(a.headers.get("ratelimit-limit")).toBeNull();
    expect(await a.text()).toBe(await b.text());
    expect(openApiDocument(t.app, t.deps.config)).toEqual(await (await t.request("/openapi.json")).json());
  });
});

describe("the response check of the test helper", () => {
  const tiny = () => {
    const Thing = v.object({ id: v.number(), name: v.string() });
    let answer: unknown = { id: 1, name: "a" };
    let status = 200;
    const app = new Elysia()
      .get(
        "/things/:id",
        ({ set }) => {
          set.status = status;
          return answer as { id: number; name: string };
        },
        {
          params: v.object({ id: v.string() }),
          detail: { summary: "A thing", tags: ["Things"] },
          response: responses({ 200: Thing }, 404),
        },
      )
      .get("/elsewhere", () => ({ anything: true }), { detail: { hide: true } });
    const doc = openApiDocument(app, { publicUrl: "http://localhost" });
    const request = requester(
      app,
      responseCheck(() => doc),
    );
    return {
      request,
      set: (s: number, body: unknown) => {
        status = s;
        answer = body;
      },
    };
  };

  test("passes a response that matches the document", async () => {
    const { request } = tiny();
    expect((await request("/things/1")).status).toBe(200);
  });

  test("fails a body of the wrong shape, naming the operation and the field", async () => {
    const { request, set } = tiny();
    set(200, { id: "1", name: "a" });
    expect(request("/things/1")).rejects.toThrow(
      /GET \/things\/1 → 200 \(documented as GET \/things\/\{id\}\).*\/id must be number/,
    );
  });

  test("fails a field the document does not name", async () => {
    const { request, set } = tiny();
    set(200, { id: 1, name: "a", secret: "x" });
    expect(request("/things/1")).rejects.toThrow(/must NOT have additional properties.*secret/);
  });

  test("fails a status the document does not list", async () => {
    const { request, set } = tiny();
    set(409, { detail: "busy" });
    expect(request("/things/1")).rejects.toThrow(/Response not in \/openapi.json: GET \/things\/1 → 409/);
  });

  test("leaves paths the document does not describe alone", async () => {
    const { request } = tiny();
    expect((await request("/elsewhere")).status).toBe(200);
  });

  test("does not touch apps that are not PinFlow (a requester without the check)", async () => {
    const app = new Elysia()
      .use(createRateLimiter({ clock: createTestClock(), enabled: true, trustProxy: [] }))
      .get("/pins", () => ({ not: "a list" }));
    expect((await requester(app)("/pins")).status).toBe(200);
  });

  test("looks a response up by method, path and status", async () => {
    const { doc } = await fetchDocument();
    const lookup = documentedResponses(doc);
    expect(lookup("GET", "/pins/calendar", 200)?.operation).toBe("GET /pins/calendar");
    expect(lookup("GET", "/pins/42", 200)?.operation).toBe("GET /pins/{id}");
    expect(lookup("GET", "/pins/42", 200)?.check({ detail: "x" }).length).toBeGreaterThan(0);
    expect(lookup("GET", "/pins/42", 404)?.check({ detail: "Pin not found" })).toEqual([]);
    expect(lookup("GET", "/assets/app.js", 200)).toBeNull();
  });
});
