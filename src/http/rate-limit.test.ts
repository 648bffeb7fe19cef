import { describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { createMemoryLogger } from "../shared/log";
import { createTestClock } from "../testing/clock";
import { requester } from "../testing/request";
import { errorHandler } from "./error-handler";
import { bucketOf, clientIp, createRateLimiter, normalizeIp, ruleFor, trustedProxies } from "./rate-limit";

function setup(opts: { enabled?: boolean; trustProxy?: string[] } = {}) {
  const clock = createTestClock("2026-05-01T12:00:10Z");
  const app = new Elysia()
    .use(errorHandler(createMemoryLogger().logger))
    .use(createRateLimiter({ clock, enabled: opts.enabled ?? true, trustProxy: opts.trustProxy ?? [] }))
    .post("/pins", () => "ok")
    .post("/pins/bulk", () => "ok")
    .get("/pins", () => "ok")
    .get("/health", () => "ok");
  return { clock, request: requester(app) };
}

describe("rate limits", () => {
  test("the seed's table: POST /pins 30, POST /pins/bulk 10, upload 30, everything else 200 a minute", () => {
    expect(ruleFor("POST", "/pins")?.limit).toBe(30);
    expect(ruleFor("POST", "/pins/")?.limit).toBe(30);
    expect(ruleFor("POST", "/pins/bulk")?.limit).toBe(10);
    expect(ruleFor("POST", "/pins/upload-image")?.limit).toBe(30);
    expect(ruleFor("GET", "/pins")?.name).toBe("global");
    expect(ruleFor("PUT", "/pins/3")?.name).toBe("global");
    expect(ruleFor("GET", "/health")).toBeNull();
    expect(ruleFor("GET", "/static/uploads/x.png")).toBeNull();
  });

  test("the 31st POST /pins in a minute gets 429 with Retry-After, and the next minute starts over", async () => {
    const { request, clock } = setup();
    for (let i = 1; i <= 30; i++) {
      const res = await request("/pins", { method: "POST" });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("30");
      expect(res.headers.get("ratelimit-remaining")).toBe(String(30 - i));
      expect(res.headers.get("ratelimit-reset")).toBe("50");
    }
    const limited = await request("/pins", { method: "POST" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("50");
    expect((await limited.json()).detail).toContain("30 requests per minute for POST /pins");
    expect((await request("/pins")).status).toBe(200); // other endpoints have their own budget
    clock.advance(50_000);
    expect((await request("/pins", { method: "POST" })).status).toBe(200);
  });

  test("rate limits off disables them", async () => {
    const { request } = setup({ enabled: false });
    for (let i = 0; i < 12; i++) expect((await request("/pins/bulk", { method: "POST" })).status).toBe(200);
  });

  test("X-Forwarded-For is ignored unless the peer is a trusted proxy", async () => {
    const untrusted = setup();
    for (let i = 0; i < 10; i++) {
      await untrusted.request("/pins/bulk", {
        method: "POST",
        headers: { "x-forwarded-for": `203.0.113.${i}` },
      });
    }
    expect(
      (
        await untrusted.request("/pins/bulk", {
          method: "POST",
          headers: { "x-forwarded-for": "198.51.100.9" },
        })
      ).status,
    ).toBe(429);

    const trusted = setup({ trustProxy: ["127.0.0.1"] });
    for (let i = 0; i < 10; i++) {
      await trusted.request("/pins/bulk", { method: "POST", headers: { "x-forwarded-for": "203.0.113.1" } });
    }
    expect(
      (await trusted.request("/pins/bulk", { method: "POST", headers: { "x-forwarded-for": "203.0.113.1" } }))
        .status,
    ).toBe(429);
    expect(
      (await trusted.request("/pins/bulk", { method: "POST", headers: { "x-forwarded-for": "203.0.113.2" } }))
        .status,
    ).toBe(200);
  });

  test("the client is the right-most untrusted hop; spoofed left-most values do not matter", () => {
    const proxies = trustedProxies(["10.0.0.0/8", "::1"]);
    expect(clientIp("10.0.0.5", "6.6.6.6, 203.0.113.7, 10.0.0.9", proxies)).toBe("203.0.113.7");
    expect(clientIp("203.0.113.50", "6.6.6.6", proxies)).toBe("203.0.113.50");
    expect(clientIp("::ffff:10.1.1.1", "198.51.100.1", proxies)).toBe("198.51.100.1");
    expect(clientIp("::1", "garbage, 2001:db8::1", proxies)).toBe("2001:db8::1");
  });

  test("forwarded IPv4-mapped IPv6 clients each get their own bucket, as the socket peer does", async () => {
    const { request } = setup({ trustProxy: ["127.0.0.1"] });
    const from = (ip: string) =>
      request("/pins/bulk", { method: "POST", headers: { "x-forwarded-for": ip } });
    for (let i = 0; i < 10; i++) expect((await from("::ffff:203.0.113.5")).status).toBe(200);
    expect((await from("::ffff:203.0.113.5")).status).toBe(429);
    expect((await from("203.0.113.5")).status).toBe(429); // the same client, however it is written
    expect((await from("::ffff:203.0.113.6")).status).toBe(200);
    expect((await from("::ffff:198.51.100.1")).status).toBe(200);
  });

  test("mapped spellings of an address are normalised, for clients and for trusted proxy hops", () => {
    const proxies = trustedProxies(["10.0.0.0/8"]);
    expect(normalizeIp("::ffff:203.0.113.5")).toBe("203.0.113.5");
    expect(normalizeIp("::FFFF:cb00:7105")).toBe("203.0.113.5");
    expect(normalizeIp("0:0:0:0:0:ffff:203.0.113.5")).toBe("203.0.113.5");
    expect(normalizeIp("2001:db8::1")).toBe("2001:db8::1");
    expect(normalizeIp("::1")).toBe("::1");
    expect(clientIp("10.0.0.5", "6.6.6.6, ::ffff:203.0.113.7", proxies)).toBe("203.0.113.7");
    expect(clientIp("10.0.0.5", "203.0.113.7, ::ffff:10.0.0.9", proxies)).toBe("203.0.113.7");
    expect(bucketOf("::ffff:203.0.113.5")).not.toBe(bucketOf("::ffff:203.0.113.6"));
    expect(clientIp("10.0.0.5", "203.0.113.7", trustedProxies(["::ffff:10.0.0.5"]))).toBe("203.0.113.7");
  });

  test("IPv6 clients in one /56 share a bucket", () => {
    expect(bucketOf("2001:db8:1:2a00::1")).toBe(bucketOf("2001:db8:1:2aff:ffff::9"));
    expect(bucketOf("2001:db8:1:2a00::1")).not.toBe(bucketOf("2001:db8:1:2b00::1"));
    expect(bucketOf("203.0.113.1")).toBe("203.0.113.1");
  });
});
