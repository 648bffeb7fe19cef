import { describe, expect, test } from "bun:test";
import { createTestApp } from "../testing/test-app";

describe("the dashboard", () => {
  test("/ and every /app/ route answer the page, never cached and never framed", async () => {
    const t = createTestApp();
    for (const path of ["/", "/app/queue", "/app/pins/42"]) {
      const res = await t.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(await res.text()).toContain('<div id="root"></div>');
    }
  });

  test("its script and styles come from /assets/ with long caching, and nothing from elsewhere", async () => {
    const t = createTestApp();
    const html = await (await t.request("/")).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.some((a) => a.endsWith(".js"))).toBe(true);
    expect(assets.some((a) => a.endsWith(".css"))).toBe(true);
    expect(html).not.toMatch(/(?:src|href)="https?:/);
    for (const asset of assets) {
      const res = await t.request(asset);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    }
    expect((await t.request("/assets/nope.js")).status).toBe(404);
  });

  test("the page, script and styles go out gzipped to browsers that take gzip, as they are to others", async () => {
    const t = createTestApp();
    const html = await (await t.request("/")).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
    for (const path of ["/app/calendar", script]) {
      const plain = await t.request(path);
      expect(plain.headers.get("content-encoding")).toBeNull();
      const raw = new Uint8Array(await plain.arrayBuffer());
      const zipped = await t.request(path, { headers: { "accept-encoding": "gzip, deflate, br" } });
      expect(zipped.headers.get("content-encoding")).toBe("gzip");
      expect(zipped.headers.get("vary")).toBe("accept-encoding");
      const bytes = new Uint8Array(await zipped.arrayBuffer());
      expect(bytes.length).toBeLessThan(raw.length);
      expect(Bun.gunzipSync(bytes)).toEqual(raw);
    }
  });

  test("/favicon.ico answers the dashboard's icon, for pages that name none", async () => {
    const t = createTestApp();
    const res = await t.request("/favicon.ico");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    const svg = await res.text();
    expect(svg).toStartWith("<svg xmlns='http://www.w3.org/2000/svg'");
    expect(svg).toContain("fill='#e60023'");
  });
});
