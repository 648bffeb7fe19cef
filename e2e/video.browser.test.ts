/**
 * Issue 18's dashboard pieces in Debian's Chromium, against one real PinFlow process in emulator mode: a new
 * board from the board picker, a video pin with an uploaded cover in a board section, published to the demo
 * Pinterest (which shows it as a video with that cover), and the link a Trial-access failure carries to
 * "Getting Standard access". Screenshots go to e2e/artifacts/video/NN-<name>.png. Anything the browser asks
 * of another origin is stopped and reported; no page may log an error.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { PinterestError, trialAccessHelp } from "../src/pinterest/pinterest.errors";
import { pngImage } from "../src/testing/images";
import { mp4Video } from "../src/testing/videos";
import { openStory, pickBoard, type Story } from "./browser-kit";
import { tempDir } from "./process";

const T = 90_000;

let s: Story;
let filesDir: string;
let origin: string;
let context: BrowserContext;
let page: Page;
const story = { videoPath: "", coverPath: "", pinId: 0, boardName: "Holiday videos" };

const shot = (p: Page, name: string) => s.shot(p, name);
const api = <B>(p: Page, method: string, path: string, data?: unknown) => s.api<B>(method, path, data, p);

beforeAll(async () => {
  filesDir = tempDir("pinflow-video-files-");
  story.videoPath = join(filesDir, "starter.mp4");
  story.coverPath = join(filesDir, "cover.png");
  writeFileSync(
    story.videoPath,
    mp4Video({ durationMs: 14_000, width: 720, height: 1280, payloadBytes: 300_000 }),
  );
  writeFileSync(story.coverPath, pngImage(400, 600, [200, 120, 40]));
  s = await openStory({ name: "video" });
  ({ origin, context, page } = s);
}, 60_000);

afterAll(async () => {
  await s?.close();
  if (filesDir) rmSync(filesDir, { recursive: true, force: true });
}, 30_000);

describe("video pins, sections and new boards in a real browser", () => {
  test(
    "signing in through the demo Pinterest",
    async () => {
      await s.signIn();
    },
    T,
  );

  test(
    "the board picker's New board… makes a board on Pinterest and selects it",
    async () => {
      await page.locator(".sidebar").getByRole("link", { name: "+ New pin", exact: true }).click();
      await page.waitForURL(`${origin}/app/compose`);
      await page.locator("#board").click();
      await page.getByRole("option", { name: "+ New board…", exact: true }).click();
      await page.locator("#new-board-name").fill(story.boardName);
      await page.locator("#new-board-description").fill("Short clips for the holidays");
      await shot(page, "compose-new-board");
      await page.getByRole("button", { name: "Create board", exact: true }).click();
      await page.locator("#new-board-name").waitFor({ state: "detached" });
      expect(await page.locator("#board").inputValue()).toBe(story.boardName);
      const boards = await api<{ items: Array<{ name: string }> }>(page, "GET", "/boards");
      expect(boards.items.map((b) => b.name)).toContain(story.boardName);
      await shot(page, "compose-board-created");
    },
    T,
  );

  test(
    "composing a video pin: the video uploads, a cover image is chosen, a section picked, and it is saved",
    async () => {
      await page.getByRole("button", { name: "Video", exact: true }).click();
      await page.locator("#video-file").setInputFiles(story.videoPath);
      await page.locator(".video-chosen").waitFor();
      await page.locator(".video-chosen", { hasText: "14 s" }).waitFor();
      await page.locator("#cover-file").setInputFiles(story.coverPath);
      await page.locator(".cover-chosen img").waitFor();
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>(".preview-pin img");
        return img?.complete && img.naturalWidth === 400;
      });
      await pickBoard(page, "#board", "Sourdough");
      await page.locator("#section option", { hasText: "Loaves" }).waitFor({ state: "attached" });
      await page.locator("#section").selectOption({ label: "Loaves" });
      await page.locator("#title").fill("Shaping a loaf in 14 seconds");
      await page.locator("#description").fill("Fold, turn, tension: the whole shaping, start to finish.");
      await shot(page, "compose-video");

      await page.getByRole("button", { name: "Save as draft", exact: true }).click();
      await page.waitForURL(/\/app\/pins\/\d+$/);
      story.pinId = Number(page.url().split("/").at(-1));
      await page.getByRole("heading", { name: "Shaping a loaf in 14 seconds", exact: true }).waitFor();
      const pin = await api<Record<string, unknown>>(page, "GET", `/pins/${story.pinId}`);
      expect(pin).toMatchObject({ status: "draft", media_type: "video", cover_key_frame_time: null });
      expect(String(pin.media_url)).toEndWith(".mp4");
      expect(String(pin.cover_image_url)).toEndWith(".png");
      expect(pin.board_section_id).toMatch(/^\d+$/);
      await shot(page, "pin-video-draft");
    },
    T,
  );

  test(
    "publishing it uploads the video to the demo Pinterest, which shows it on its board with the cover",
    async () => {
      await page.getByRole("button", { name: "Publish now", exact: true }).click();
      await page.locator(".page-header .chip", { hasText: "Published" }).waitFor({ timeout: 30_000 });
      const pin = await api<{ pinterest_pin_id: string; board_id: string; video_status: string }>(
        page,
        "GET",
        `/pins/${story.pinId}`,
      );
      expect(pin.video_status).toBe("succeeded");
      await shot(page, "pin-video-published");

      const link = page.getByRole("link", { name: /View the pin on the demo Pinterest/ });
      const [board] = await Promise.all([context.waitForEvent("page"), link.click()]);
      await board.waitForLoadState();
      const card = board.locator(`article.pin.video-pin[data-pin-id="${pin.pinterest_pin_id}"]`);
      await card.locator("h3", { hasText: "Shaping a loaf in 14 seconds" }).waitFor();
      await card.locator(".section-name", { hasText: "Section: Loaves" }).waitFor();
      await card.locator(".video-facts", { hasText: "14 s" }).waitFor();
      await board.waitForFunction(
        (id) => (document.querySelector(`#pin-${id} img`) as HTMLImageElement | null)?.naturalWidth === 400,
        pin.pinterest_pin_id,
      );
      await shot(board, "emulator-board-video");
      await board.close();
    },
    T,
  );

  test(
    "a pin refused for Trial access links to Getting Standard access, which /docs serves from the README",
    async () => {
      // emulator mode has no Trial access: write the state a 403 code 29 leaves, as the publisher would
      const mediaUrl = await s.uploadPng(300, 450);
      const made = await api<{ id: number }>(page, "POST", "/pins", {
        board_id: (await api<{ items: Array<{ id: string }> }>(page, "GET", "/boards")).items[0]?.id,
        media_url: mediaUrl,
        title: "Refused for Trial access",
        status: "draft",
      });
      const db = new Database(join(s.dataDir, "pinflow.db"));
      try {
        db.exec("PRAGMA busy_timeout = 5000");
        const refusal = new PinterestError("permanent", "Creating the pin on Pinterest failed", {
          status: 403,
          code: 29,
          pinterestMessage: "You are not permitted to access that resource.",
        });
        db.query("UPDATE pins SET status = 'failed', retry_count = 1, error_message = ? WHERE id = ?").run(
          trialAccessHelp(refusal, `${origin}/docs`),
          made.id,
        );
      } finally {
        db.close();
      }
      await page.goto(`${origin}/app/pins/${made.id}`);
      const link = page.locator(".failure a.standard-access-link");
      await link.waitFor();
      expect(await link.getAttribute("href")).toBe("/docs#getting-standard-access");
      await shot(page, "pin-trial-access-failed");
      const [docs] = await Promise.all([context.waitForEvent("page"), link.click()]);
      await docs.waitForLoadState();
      expect(docs.url()).toBe(`${origin}/docs#getting-standard-access`);
      await docs.locator("#getting-standard-access h2", { hasText: "Getting Standard access" }).waitFor();
      await docs.locator("#getting-standard-access", { hasText: "demo video" }).waitFor();
      await docs.locator("#getting-standard-access").scrollIntoViewIfNeeded();
      await shot(docs, "docs-standard-access");
      await docs.close();
    },
    T,
  );

  test(
    "nothing left the origin and no page logged an error",
    async () => {
      expect(s.blocked).toEqual([]);
      expect(s.problems).toEqual([]);
    },
    T,
  );
});
