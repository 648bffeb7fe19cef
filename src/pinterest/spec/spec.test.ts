import { describe, expect, test } from "bun:test";
import { loadSpec, validateRequestBody, validateResponse, validateSchema } from "./spec";

const pin = {
  id: "999658448514149467",
  created_at: "2022-10-13T01:40:29",
  board_id: "999658517227244888",
  board_owner: { username: "Pattern_buy" },
  creative_type: "REGULAR",
  media: {
    media_type: "image",
    images: { "150x150": { width: 150, height: 150, url: "https://i.pinimg.com/150x150/x.jpg" } },
  },
};

describe("validateResponse", () => {
  test("a real pin answer from Pinterest (created_at without a zone) is valid", () => {
    expect(validateResponse("POST", "/pins", 201, pin)).toEqual([]);
  });

  test("problems are reported one per line, with where they are", () => {
    const problems = validateResponse("POST", "/pins", 201, { ...pin, id: "abc", created_at: "yesterday" });
    expect(problems).toEqual([
      'POST /pins → 201: response/created_at must match format "date-time"',
      'POST /pins → 201: response/id must match pattern "^\\d+$"',
    ]);
  });

  test("the media discriminator picks the schema named by media_type", () => {
    const bad = { ...pin, media: { media_type: "image", images: { "600x": { width: 600 } } } };
    expect(validateResponse("GET", "/pins/{pin_id}", 200, bad)).toEqual([
      "GET /pins/{pin_id} → 200: response/media/images/600x must have required property 'height'",
      "GET /pins/{pin_id} → 200: response/media/images/600x must have required property 'url'",
    ]);
    const unknown = { ...pin, media: { media_type: "hologram" } };
    expect(validateResponse("GET", "/pins/{pin_id}", 200, unknown)[0]).toContain(
      "response/media/media_type must be one of: image, video, multiple_images, multiple_videos, multiple_mixed",
    );
  });

  test("nullable fields written as allOf + nullable accept null and still check other values", () => {
    expect(validateResponse("GET", "/pins/{pin_id}", 200, { ...pin, creative_type: null })).toEqual([]);
    expect(validateResponse("GET", "/pins/{pin_id}", 200, { ...pin, creative_type: "BANNER" })).toHaveLength(
      1,
    );
  });

  test("a concrete path with /v5 and a query string finds its operation", () => {
    expect(validateResponse("GET", "/v5/pins/123?pin_metrics=true", 200, pin)).toEqual([]);
    expect(validateResponse("GET", "/v5/boards/42/pins", 200, { items: [pin], bookmark: null })).toEqual([]);
  });

  test("an undeclared status falls back to the default response", () => {
    expect(
      validateResponse("GET", "/user_account", 401, { code: 2, message: "Authentication failed." }),
    ).toEqual([]);
    expect(validateResponse("GET", "/user_account", 401, { message: "no code" })).toEqual([
      "GET /user_account → 401: response must have required property 'code'",
    ]);
  });

  test("a 204 must come without a body", () => {
    expect(validateResponse("DELETE", "/pins/{pin_id}", 204, undefined)).toEqual([]);
    expect(validateResponse("DELETE", "/pins/{pin_id}", 204, { ok: true })).toEqual([
      "DELETE /pins/{pin_id} → 204: the spec declares no body, but one was sent",
    ]);
  });

  test("the token answer of a refresh must carry the new refresh token (spec 5.20+)", () => {
    const base = { access_token: "pina.x", token_type: "bearer", expires_in: 2592000, scope: "pins:read" };
    expect(
      validateResponse("POST", "/oauth/token", 200, { ...base, response_type: "authorization_code" }),
    ).toEqual([]);
    expect(
      validateResponse("POST", "/oauth/token", 200, { ...base, response_type: "refresh_token" }),
    ).toEqual([
      "POST /oauth/token → 200: response must have required property 'refresh_token'",
      "POST /oauth/token → 200: response must have required property 'refresh_token_expires_in'",
      "POST /oauth/token → 200: response must have required property 'refresh_token_expires_at'",
    ]);
  });

  test("an operation the spec does not have is reported", () => {
    expect(validateResponse("PUT", "/pins", 200, {})).toEqual(["PUT /pins is not an operation of the spec"]);
  });
});

describe("validateRequestBody", () => {
  test("a PinCreate with an image_url source is valid", () => {
    const body = { board_id: "1", media_source: { source_type: "image_url", url: "https://x.test/a.jpg" } };
    expect(validateRequestBody("POST", "/pins", body)).toEqual([]);
  });

  test("PinCreate limits, patterns and the base64 source's content types are enforced", () => {
    const body = {
      board_id: "12",
      title: "x".repeat(101),
      media_source: {
        source_type: "image_base64",
        content_type: "image/gif",
        data: "data:image/gif;base64,AA",
      },
    };
    expect(validateRequestBody("POST", "/pins", body)).toEqual([
      "POST /pins request: body/media_source/content_type must be one of: image/jpeg, image/png",
      'POST /pins request: body/media_source/data must match pattern "^[a-zA-Z0-9+/=]+$"',
      "POST /pins request: body/title must NOT have more than 100 characters",
    ]);
  });

  test("form bodies are checked against the token request schema picked by grant_type", () => {
    expect(
      validateRequestBody("POST", "/oauth/token", "grant_type=authorization_code&code=c&redirect_uri=r"),
    ).toEqual([]);
    expect(
      validateRequestBody("POST", "/oauth/token", new URLSearchParams({ grant_type: "refresh_token" })),
    ).toEqual(["POST /oauth/token request: body must have required property 'refresh_token'"]);
    expect(validateRequestBody("POST", "/oauth/token", { grant_type: "password" })[0]).toContain(
      "body/grant_type must be one of: authorization_code, refresh_token, client_credentials",
    );
  });

  test("a missing required body and a body where none is declared are both reported", () => {
    expect(validateRequestBody("POST", "/pins", undefined)).toEqual([
      "POST /pins request: a body is required",
    ]);
    expect(validateRequestBody("GET", "/boards", { a: 1 })).toEqual([
      "GET /boards request: the spec declares no request body",
    ]);
  });
});

describe("validateSchema", () => {
  test("validates a value against a named component", () => {
    expect(validateSchema("Error", { code: 40, message: "Board not found." })).toEqual([]);
    expect(validateSchema("Account", { id: "1", account_type: "ROBOT" })).toEqual([
      "Account/account_type must be one of: PINNER, BUSINESS",
    ]);
    expect(validateSchema("NoSuchThing", {})).toEqual(["no schema named NoSuchThing in the spec"]);
  });

  test("loadSpec gives the published document", () => {
    const spec = loadSpec() as { openapi: string; info: { version: string } };
    expect(spec.openapi).toBe("3.0.3");
    expect(spec.info.version).toBe("5.23.0");
  });
});
