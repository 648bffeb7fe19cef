import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { createTestApp } from "../testing/test-app";
import { pageUnder } from "./web.routes";

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

describe("the dashboard under a base path", () => {
  test("without one, the page says so with an empty base and its assets stay at /assets/", async () => {
    const html = await (await createTestApp().request("/")).text();
    expect(html).toContain('<meta name="pinflow-base" content="" />');
    expect(html).toMatch(/src="\/assets\/[^"]+\.js"/);
  });

  test("the page names its base path and finds its assets and the docs under it", () => {
    const html = pageUnder(
      '<html><head><link rel="stylesheet" href="/assets/a.css"><script src="/assets/a.js"></script></head><body><noscript>documented at /docs.</noscript></body></html>',
      "/pinflow",
    );
    expect(html).toBe(
      '<html><head>\n    <meta name="pinflow-base" content="/pinflow" /><link rel="stylesheet" href="/pinflow/assets/a.css"><script src="/pinflow/assets/a.js"></script></head><body><noscript>documented at /pinflow/docs.</noscript></body></html>',
    );
    expect(() => pageUnder("<html><head></head></html>", "/pinflow")).toThrow(/names no \/assets\/ file/);
  });

  test("the page is gzipped under a base path as it is without one", async () => {
    const t = createTestApp({ env: { PINFLOW_BASE_PATH: "/pinflow" } });
    const plain = new Uint8Array(await (await t.request("/pinflow/app/calendar")).arrayBuffer());
    const zipped = await t.request("/pinflow/app/calendar", { headers: { "accept-encoding": "gzip" } });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(Bun.gunzipSync(new Uint8Array(await zipped.arrayBuffer()))).toEqual(plain);
    expect(new TextDecoder().decode(plain)).toContain('content="/pinflow"');
  });

  /** Every file of the browser code, with its text. */
  const clientFiles = (dir = join(import.meta.dir, "client")): Array<{ file: string; text: string }> =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return clientFiles(path);
      if (!/\.tsx?$/.test(name)) return [];
      return [{ file: relative(import.meta.dir, path), text: readFileSync(path, "utf8") }];
    });

  test("the browser code writes no absolute path a browser would follow without the base path", () => {
    // a link, form or image written as "/…" would leave /pinflow/; withBase("/…") (client/base.ts) does not
    const bare = /\b(?:href|action|src)=(?:"\/|\{\s*["'`]\/)/;
    // requests go through api.ts and live.ts, which put the base path in front
    const request = /\b(?:fetch\(|new EventSource\(|\.open\(\s*"[A-Z]+",)(?!\s*withBase\()/;
    const found = clientFiles().flatMap(({ file, text }) =>
      text
        .split("\n")
        .map((line, i) => ({ line: line.trim(), at: `${file}:${i + 1}` }))
        .filter(({ line }) => bare.test(line) || request.test(line))
        .map(({ line, at }) => `${at}: ${line}`),
    );
    expect(found).toEqual([]);
  });
});
