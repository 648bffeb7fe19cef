import { describe, expect, test } from "bun:test";
import { createTestApp } from "../testing/test-app";
import { readCookie } from "./auth";

describe("reading credentials", () => {
  test("a cookie whose value is not valid percent-encoding reads as absent", () => {
    expect(readCookie("session=%E0%A4%A; theme=dark", "session")).toBeNull();
    expect(readCookie("session=%ZZ", "session")).toBeNull();
    expect(readCookie("theme=dark; session=abc%2Fdef", "session")).toBe("abc/def");
  });

  test("a garbled session cookie is answered 401, not a server error", async () => {
    const t = createTestApp();
    const res = await t.request("/auth/me", { headers: { cookie: "session=%E0%A4%A; oauth_state=;;=" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ detail: "Not authenticated" });
  });
});
