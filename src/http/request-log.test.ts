import { describe, expect, test } from "bun:test";
import { pngImage, uploadForm } from "../testing/images";
import { pinSetup } from "../testing/pin-setup";
import { createTestApp } from "../testing/test-app";
import { HSTS } from "./request-log";

const HTTPS = { PINFLOW_PUBLIC_URL: "https://pins.example.org" };

describe("Strict-Transport-Security", () => {
  test("with an https public URL every kind of answer carries it", async () => {
    const s = await pinSetup({ env: HTTPS });
    const upload = await s.t.request("/pins/upload-image", {
      method: "POST",
      body: uploadForm(pngImage()),
      headers: s.key,
    });
    const image = new URL((await upload.json()).url).pathname;
    const answers = {
      json: await s.as("/pins"),
      error: await s.t.request("/pins"),
      notFound: await s.t.request("/no-such-route"),
      htmlError: await s.t.request("/auth/callback?code=x&state=y", { headers: { accept: "text/html" } }),
      redirect: await s.t.request("/auth/login"),
      docs: await s.t.request("/docs"),
      dashboard: await s.t.request("/"),
      image: await s.t.request(image),
      health: await s.t.request("/health"),
    };
    const seen = Object.fromEntries(
      Object.entries(answers).map(([what, res]) => [what, res.headers.get("strict-transport-security")]),
    );
    expect(seen).toEqual(Object.fromEntries(Object.keys(answers).map((what) => [what, HSTS])));
    expect(HSTS).toBe("max-age=31536000");
  });

  test("with a plain http public URL it is not sent (browsers ignore it there, and it would pin a LAN host)", async () => {
    const t = createTestApp();
    expect((await t.request("/health")).headers.get("strict-transport-security")).toBeNull();
    expect((await t.request("/")).headers.get("strict-transport-security")).toBeNull();
  });
});

describe("the request log", () => {
  test("a healthy /health is not logged; a degraded one and every other request are", async () => {
    const t = createTestApp();
    const logged = () => t.logs.filter((l) => l.msg === "request").map((l) => `${l.path} ${l.status}`);
    expect((await t.request("/health")).status).toBe(200);
    await t.request("/pins");
    await t.nextLog((l) => l.msg === "request" && l.path === "/pins");
    expect(logged()).toEqual(["/pins 401"]);
    t.clock.advance(4 * t.deps.config.schedulerTickMs); // no tick for that long: the scheduler looks stalled
    expect((await t.request("/health")).status).toBe(503);
    await t.nextLog((l) => l.msg === "request" && l.path === "/health");
    expect(logged()).toEqual(["/pins 401", "/health 503"]);
  });
});
