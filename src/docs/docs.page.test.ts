import { describe, expect, test } from "bun:test";
import { RATE_RULES } from "../http/rate-limit";
import { hmacSha256Hex } from "../shared/crypto";
import { createTestApp } from "../testing/test-app";
import { VERSION } from "../version";
import { ALL_EXAMPLES } from "./docs.examples";
import { NODE_VERIFY } from "./docs.sections";

async function page(env: Record<string, string> = { PINFLOW_PUBLIC_URL: "https://pins.example.org" }) {
  const t = createTestApp({ env });
  const res = await t.request("/docs");
  return { t, res, html: await res.text() };
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

describe("/docs", () => {
  test("is one self-contained HTML page: no script, nothing loaded from another host", async () => {
    const { res, html } = await page();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(html).not.toContain("<script");
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
    expect(html).not.toMatch(/\bsrc=/);
    expect(html).not.toMatch(/@import|url\(/);
    expect(res.headers.get("ratelimit-limit")).toBeNull();
  });

  test("follows the seed's order, then what PinFlow adds, and links back to the app", async () => {
    const { html } = await page();
    const headings = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual([
      "Quick start",
      "Authentication",
      "Required headers",
      "Rate limits",
      "Pins",
      "Boards",
      "Collections",
      "Webhooks",
      "API Keys",
      "Profiles",
      "Feeds",
      "Analytics",
      "Events",
      "Admin &amp; health",
      "Getting Standard access",
      "Object schemas",
      "Errors",
    ]);
    expect(html).toContain('<a class="back" href="/">← Back to app</a>');
    expect(html).toContain(`v${VERSION}`);
    expect(html).toContain('href="/openapi.json"');
  });

  test("serves the README's Getting Standard access and sandbox set-up, where the dashboard links", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const { html } = await page();
    const section = html.slice(html.indexOf('<section id="getting-standard-access">'));
    expect(section).toStartWith('<section id="getting-standard-access"><h2>Getting Standard access</h2>');
    const shown = text(section.slice(0, section.indexOf("</section>")));
    expect(readme).toContain("### Getting Standard access");
    for (const phrase of [
      "a demo video",
      "Click Continue with Pinterest.",
      "PINFLOW_PINTEREST_API_URL=https://api-sandbox.pinterest.com/v5 pinflow serve",
      "Apply for Standard access",
    ]) {
      expect(shown).toContain(phrase);
    }
    expect(section).toContain("<ol><li>");
    expect(section).toContain('<h3 id="trial-access-and-the-sandbox">');
  });

  test("shows every example with a request and a response, addressed to this instance", async () => {
    const { html } = await page();
    const plain = text(html);
    expect(plain).toContain("curl https://pins.example.org/auth/me");
    expect(plain).toContain("Host: pins.example.org");
    expect(plain).toContain('"url": "https://pins.example.org/static/uploads/a1b2c3d4.jpg"');
    expect(plain).not.toContain("mirajpatterns");
    const blocks = html.split('<article class="endpoint"').slice(1);
    expect(blocks.length).toBe(ALL_EXAMPLES.length);
    for (const block of blocks) {
      expect(block).toContain("<h4>Request</h4>");
      expect(block).toContain("<h4>Response</h4>");
      expect(block).toMatch(/HTTP\/1\.1 \d{3}/);
    }
    // the seed's values stand in for ids
    expect(plain).toContain("GET /pins/42 HTTP/1.1");
    expect(plain).toContain('"board_id": "123456789012345678"');
    expect(plain).toContain("PATCH /api-keys/1/toggle HTTP/1.1");
  });

  test("takes summaries, parameters and body fields from the OpenAPI document", async () => {
    const { html } = await page();
    const plain = text(html);
    expect(plain).toContain("POST /pins Create a pin");
    expect(plain).toContain("Case-insensitive partial match");
    expect(html).toMatch(/<code>board_id<\/code><\/td><td>string<\/td><td>required — max 64 characters/);
    expect(html).toMatch(
      /<code>retry_count<\/code><\/td><td>integer<\/td><td>0–3; at 3 → status becomes failed/,
    );
  });

  test("has the rate-limit table of the limiter's own rules, with the per-endpoint badges", async () => {
    const { html } = await page();
    for (const rule of RATE_RULES.filter((r) => r.path)) {
      expect(html).toContain(`<tr><td><code>${rule.name}</code></td><td>${rule.limit} / min</td></tr>`);
    }
    expect(html).toContain("All other endpoints</td><td>200 / min (global)");
    expect(html).toContain('<span class="badge limit" title="per IP">30/min</span>');
    expect(html).toContain('<span class="badge limit" title="per IP">10/min</span>');
  });

  test("has the status lifecycle, the webhook events and the error table", async () => {
    const plain = text((await page()).html);
    for (const status of ["draft", "review", "queued", "scheduled", "publishing", "published", "failed"]) {
      expect(plain).toContain(status);
    }
    for (const event of ["pin.created", "pin.scheduled", "pin.published", "pin.failed"])
      expect(plain).toContain(event);
    for (const status of ["400", "401", "403", "404", "409", "422", "429", "500"])
      expect(plain).toContain(status);
    expect(plain).toContain('"msg":  "Field required"');
  });

  test("the Node signature check shown on the page accepts PinFlow's signature and refuses a forged one", async () => {
    const plain = text((await page()).html);
    expect(plain).toContain(NODE_VERIFY);
    expect(plain).toContain("return hmac.compare_digest(expected, header)");
    const verify = new Function("require", `${NODE_VERIFY}\nreturn verify;`)(require) as (
      body: Buffer,
      secret: string,
      header: string | undefined,
    ) => boolean;
    const body = JSON.stringify({
      event: "pin.published",
      timestamp: "2026-04-26T14:32:00Z",
      data: { pin_id: 42 },
    });
    const header = `sha256=${hmacSha256Hex("a-random-string-you-pick", body)}`;
    expect(verify(Buffer.from(body), "a-random-string-you-pick", header)).toBe(true);
    expect(verify(Buffer.from(body), "another-secret", header)).toBe(false);
    expect(verify(Buffer.from(`${body} `), "a-random-string-you-pick", header)).toBe(false);
    expect(verify(Buffer.from(body), "a-random-string-you-pick", undefined)).toBe(false);
  });

  test("without a configured public URL the examples use the address it serves on", async () => {
    const { html } = await page({});
    expect(text(html)).toContain("curl http://127.0.0.1:8080/auth/me");
  });
});
