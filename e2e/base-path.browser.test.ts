/**
 * PinFlow under PINFLOW_BASE_PATH=/pinflow in Debian's Chromium, as behind a reverse proxy that shares its
 * domain and passes the full path on: sign in through the demo Pinterest, compose a pin with an uploaded
 * image, watch it turn Published live, follow its link to the demo Pinterest, move between pages, open the
 * docs. Every request the browser makes must stay under /pinflow/ — one absolute path that forgot the base
 * path would, behind such a proxy, reach another application. Screenshots: e2e/artifacts/base-path/.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { pngImage } from "../src/testing/images";
import { openStory, pausePublishing, pickBoard, type Story, waitText } from "./browser-kit";
import { tempDir } from "./process";

const T = 90_000;
const BASE = "/pinflow";

let s: Story;
let page: Page;
let under: string;
let filesDir: string;
let imagePath: string;
let pinId = 0;

beforeAll(async () => {
  filesDir = tempDir("pinflow-base-path-files-");
  imagePath = join(filesDir, "pin.png");
  writeFileSync(imagePath, pngImage(600, 900, [30, 110, 160]));
  s = await openStory({ name: "base-path", env: { PINFLOW_BASE_PATH: BASE } });
  page = s.page;
  under = `${s.origin}${BASE}`;
}, 60_000);

afterAll(async () => {
  await s?.close();
  if (filesDir) rmSync(filesDir, { recursive: true, force: true });
}, 30_000);

describe("the dashboard under a base path in a real browser", () => {
  test(
    "the server says it is under /pinflow, and the domain's root sends the browser there",
    async () => {
      expect(s.base).toBe(BASE);
      await page.goto(`${s.origin}/`);
      await page.waitForURL(`${under}/`);
      await page.getByRole("link", { name: "Continue with Pinterest", exact: true }).waitFor();
      await s.shot(page, "signin");
    },
    T,
  );

  test(
    "signing in through the demo Pinterest lands on the calendar under /pinflow",
    async () => {
      await s.signIn();
      expect(page.url()).toBe(`${under}/app/calendar`);
      await s.shot(page, "calendar");
    },
    T,
  );

  test(
    "a composed pin's image is served under /pinflow and its page turns Published live",
    async () => {
      pausePublishing(s.dataDir, Date.now() + 3_600_000); // the scheduler leaves the pin to "Publish now"
      await page.locator(".sidebar").getByRole("link", { name: "+ New pin", exact: true }).click();
      await page.waitForURL(`${under}/app/compose`);
      await page.locator("#image-file").setInputFiles(imagePath);
      // The preview shows a blob: URL while the upload runs, then the uploaded file's URL.
      await page.waitForFunction(() =>
        document
          .querySelector<HTMLImageElement>(".image-chosen img")
          ?.getAttribute("src")
          ?.startsWith("http"),
      );
      const mediaUrl = (await page.locator(".image-chosen img").getAttribute("src")) as string;
      expect(mediaUrl).toStartWith(`${under}/static/uploads/`);
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>(".preview-pin img");
        return img?.complete && img.naturalWidth === 600;
      });
      await pickBoard(page, "#board", "Sourdough");
      await page.locator("#title").fill("Under a sub-path");
      await page.getByRole("button", { name: "Add to queue", exact: true }).click();
      await page.waitForURL(new RegExp(`^${under}/app/pins/\\d+$`));
      pinId = Number(page.url().split("/").at(-1));
      await waitText(page.locator(".page-header .chip"), "Queued");

      // The publish answers before the page hears of it: the chip turns by the event stream.
      await page.getByRole("button", { name: "Publish now", exact: true }).click();
      await waitText(page.locator(".page-header .chip"), "Published");
      const link = page.getByRole("link", { name: /View the pin on the demo Pinterest/ });
      expect(await link.getAttribute("href")).toStartWith(`${BASE}/emulator/pinterest/boards/`);
      await s.shot(page, "pin-published");
      expect(s.requested.some((url) => url.startsWith(`${under}/events`))).toBe(true);

      const [board] = await Promise.all([s.context.waitForEvent("page"), link.click()]);
      await board.waitForLoadState();
      const pin = await s.api<{ pinterest_pin_id: string }>("GET", `/pins/${pinId}`);
      await board.waitForFunction(
        (id) => (document.querySelector(`#pin-${id} img`) as HTMLImageElement | null)?.naturalWidth === 600,
        pin.pinterest_pin_id,
      );
      await s.shot(board, "emulator-board");
      await board.close();
    },
    T,
  );

  test(
    "the sidebar's pages and the docs open under /pinflow",
    async () => {
      for (const name of ["Queue", "Pins", "Settings", "Calendar"]) {
        await page.locator(".sidebar").getByRole("link", { name, exact: true }).click();
        await page.waitForURL(`${under}/app/${name.toLowerCase()}`);
      }
      await page.goto(`${under}/docs`);
      await page.locator("body").getByText("/pins").first().waitFor();
      await s.shot(page, "docs");
      const spec = await s.api<{ servers?: Array<{ url: string }> }>("GET", "/openapi.json");
      expect(spec.servers?.[0]?.url).toEndWith(BASE);
    },
    T,
  );

  test("every request the browser made stayed under /pinflow/, and no page logged an error", () => {
    const outside = s.requested.filter(
      (url) => url.startsWith(s.origin) && url !== under && !url.startsWith(`${under}/`),
    );
    expect(outside).toEqual([`${s.origin}/`]);
    expect(s.blocked).toEqual([]);
    expect(s.problems).toEqual([]);
  });
});
