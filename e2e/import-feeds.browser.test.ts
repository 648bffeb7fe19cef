/**
 * The Import and Feeds pages in Debian's Chromium (playwright-core), against one real PinFlow process in
 * emulator mode, with PINFLOW_WEBHOOK_ALLOW_PRIVATE so a blog served on 127.0.0.1 can be followed. One story,
 * in order: sign in, check a CSV (a row's error highlighted), import the valid rows, export from the Pins page,
 * follow a feed and see its items, then a broken feed and its error. Screenshots go to
 * e2e/artifacts/import-feeds/. Anything the browser asks of another origin is aborted, and the last test
 * asserts there was none and that no page logged an error.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { CSV_COLUMNS } from "../src/imports/imports.schema";
import { openStory, type Story } from "./browser-kit";
import { tempDir } from "./process";

const T = 90_000;

let s: Story;
let filesDir: string;
let origin: string;
let page: Page;
let blog: ReturnType<typeof Bun.serve>;
const story = { imageUrl: "", csvPath: "" };

const shot = (p: Page, name: string) => s.shot(p, name);
const api = <B>(p: Page, method: string, path: string, data?: unknown) => s.api<B>(method, path, data, p);

/** The blog: an RSS feed with two posts, and a broken one. */
function rss(imageUrl: string) {
  const item = (n: number, title: string) => `<item><guid>post-${n}</guid><title>${title}</title>
<link>https://blog.example.com/posts/${n}</link><pubDate>${new Date(Date.UTC(2026, 3, n, 9)).toUTCString()}</pubDate>
<description><![CDATA[<p>${title}: the whole story.</p>]]></description><media:content url="${imageUrl}" medium="image"/></item>`;
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>The Sourdough Blog</title><link>https://blog.example.com/</link>
${item(2, "Rye and spelt loaf")}${item(1, "Starter day one")}</channel></rss>`;
}

beforeAll(async () => {
  filesDir = tempDir("pinflow-import-feeds-files-");
  blog = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const path = new URL(req.url).pathname;
      if (path === "/broken.xml")
        return new Response("<rss><channel><item><title>Half</channel></rss>", {
          headers: { "content-type": "application/rss+xml" },
        });
      return new Response(rss(story.imageUrl), { headers: { "content-type": "application/rss+xml" } });
    },
  });
  s = await openStory({
    name: "import-feeds",
    env: { PINFLOW_WEBHOOK_ALLOW_PRIVATE: "true" },
    context: { viewport: { width: 1280, height: 860 }, acceptDownloads: true },
  });
  ({ origin, page } = s);
}, 60_000);

afterAll(async () => {
  await s?.close();
  blog?.stop(true);
  if (filesDir) rmSync(filesDir, { recursive: true, force: true });
}, 30_000);

describe("importing and following feeds in a real browser", () => {
  test(
    "signing in, then an image to use in the file",
    async () => {
      await s.signIn();
      story.imageUrl = await s.uploadPng(300, 450);
      expect(new URL(story.imageUrl).origin).toBe(origin);
    },
    T,
  );

  test(
    "the Import page checks a dropped CSV: valid rows previewed, an unknown board highlighted with a suggestion",
    async () => {
      await page.locator(".sidebar").getByRole("link", { name: "Import", exact: true }).click();
      await page.waitForURL(`${origin}/app/import`);
      const sample = page.getByRole("link", { name: "Download a sample CSV" });
      await sample.waitFor();
      const href = (await sample.getAttribute("href")) as string;
      expect(decodeURIComponent(href)).toContain(CSV_COLUMNS.join(","));
      await shot(page, "import-empty");

      const future = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
      story.csvPath = join(filesDir, "pins.csv");
      writeFileSync(
        story.csvPath,
        [
          CSV_COLUMNS.join(","),
          `Crusty country loaf,${story.imageUrl},Sourdough,,"Flour, water, salt",https://example.com/loaf,${future}T09:00:00,"bread, baking"`,
          `Weeknight pasta,${story.imageUrl},weeknight dinners,,Ready in 20 minutes,,,`,
          `Lost pin,${story.imageUrl},Sourdouh,,,,,`,
        ].join("\r\n"),
      );
      await page.locator("#import-file").setInputFiles(story.csvPath);
      const errorRow = page.locator("tr.import-row-error");
      await errorRow.waitFor();
      expect(await errorRow.getAttribute("data-row")).toBe("4");
      expect(await errorRow.textContent()).toContain("did you mean 'Sourdough'?");
      expect(await page.locator(".import-table tbody tr").count()).toBe(3);
      const importButton = page.getByRole("button", { name: "Import 0 pins" });
      expect(await importButton.isDisabled()).toBe(true);
      await shot(page, "import-checked");
    },
    T,
  );

  test(
    "skipping the invalid row imports the two others",
    async () => {
      await page.getByLabel("Skip the rows with errors").check();
      await page.getByRole("button", { name: "Import 2 pins" }).click();
      await page.locator(".notice-success", { hasText: "Imported 2 pins (1 row skipped)" }).waitFor();
      await shot(page, "import-done");
      const pins = await api<Array<{ title: string; status: string }>>(page, "GET", "/pins");
      expect(pins.map((p) => p.title).sort()).toEqual(["Crusty country loaf", "Weeknight pasta"]);
    },
    T,
  );

  test(
    "the Pins page exports what it lists as Pinterest's CSV and as JSON",
    async () => {
      await page.locator(".sidebar").getByRole("link", { name: "Pins", exact: true }).click();
      await page.waitForURL(`${origin}/app/pins`);
      const csvLink = page.getByRole("link", { name: "Export CSV" });
      await csvLink.waitFor();
      const [download] = await Promise.all([page.waitForEvent("download"), csvLink.click()]);
      expect(download.suggestedFilename()).toMatch(/^pinflow-pins-\d{4}-\d{2}-\d{2}\.csv$/);
      const text = await Bun.file((await download.path()) as string).text();
      expect(text.split("\r\n")[0]).toBe(CSV_COLUMNS.join(","));
      expect(text).toContain("Crusty country loaf");
      expect(await page.getByRole("link", { name: "Export JSON" }).getAttribute("href")).toContain(
        "format=json",
      );
      await shot(page, "pins-export");
    },
    T,
  );

  test(
    "following a feed: it is read within a tick, and its items and pins show",
    async () => {
      await page.locator(".sidebar").getByRole("link", { name: "Feeds", exact: true }).click();
      await page.waitForURL(`${origin}/app/feeds`);
      await page.locator("#feed-board option").first().waitFor({ state: "attached" });
      await shot(page, "feeds-empty");
      await page.locator("#feed-url").fill(`http://127.0.0.1:${blog.port}/feed.xml`);
      await page.locator("#feed-board").selectOption({ label: "Sourdough" });
      await page.locator("#feed-mode").selectOption("queue");
      await page.locator("#feed-backfill").fill("1");
      await page.getByRole("button", { name: "Add feed" }).click();
      const line = page.locator("[data-feed-id]").first();
      await line.waitFor();
      const id = Number(await line.getAttribute("data-feed-id"));
      // the poll job runs every scheduler tick; the detail page refreshes itself until the first read is done
      await line.locator("a").click();
      await page.waitForURL(`${origin}/app/feeds/${id}`);
      await page.getByRole("heading", { name: "The Sourdough Blog" }).waitFor();
      const rows = page.locator(".feed-items tbody tr");
      await rows.nth(1).waitFor();
      expect(await rows.nth(0).textContent()).toContain("Rye and spelt loaf");
      expect(await rows.nth(1).textContent()).toContain("Not pinned (older)");
      await page.locator(".feed-pin").first().waitFor();
      await shot(page, "feed-detail");
    },
    T,
  );

  test(
    "a broken feed shows its error; pausing a feed says so",
    async () => {
      await page.goto(`${origin}/app/feeds`);
      await page.locator("#feed-url").fill(`http://127.0.0.1:${blog.port}/broken.xml`);
      await page.getByRole("button", { name: "Add feed" }).click();
      const line = page.locator("[data-feed-id]").nth(1);
      await line.waitFor();
      const id = Number(await line.getAttribute("data-feed-id"));
      await page.goto(`${origin}/app/feeds/${id}`);
      await page.locator(".feed-error", { hasText: "The feed is not well-formed XML" }).waitFor();
      await shot(page, "feed-broken");
      await page.getByRole("button", { name: "Pause" }).click();
      await page.locator(".chip", { hasText: "Paused" }).waitFor();
      await page.goto(`${origin}/app/feeds`);
      await page.locator(`[data-feed-id="${id}"] .chip`, { hasText: "Paused" }).waitFor();
      await shot(page, "feeds-list");
    },
    T,
  );

  test("nothing left the origin and no page logged an error", () => {
    expect(s.blocked).toEqual([]);
    expect(s.problems).toEqual([]);
  });
});
