/**
 * Issue 18's dashboard pieces in Debian's Chromium, against one real PinFlow process in emulator mode: a new
 * board from the board picker, a video pin with an uploaded cover in a board section, published to the demo
 * Pinterest (which shows it as a video with that cover), and the link a Trial-access failure carries to
 * "Getting Standard access". Screenshots go to e2e/artifacts/video/NN-<name>.png. Anything the browser asks
 * of another origin is stopped and reported; no page may log an error.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { PinterestError, trialAccessHelp } from "../src/pinterest/pinterest.errors";
import { pngImage } from "../src/testing/images";
import { mp4Video } from "../src/testing/videos";
import { pickBoard } from "./browser-kit";
import { BUN, ROOT, type Running, startPinflow, tempDir } from "./process";

const ARTIFACTS = join(ROOT, "e2e", "artifacts", "video");
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];
const T = 90_000;

let server: Running;
let dataDir: string;
let filesDir: string;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let signedIn = false;
const blocked: string[] = [];
const problems: string[] = [];
const story = { videoPath: "", coverPath: "", pinId: 0, boardName: "Holiday videos" };

let shots = 0;
async function shot(p: Page, name: string) {
  await p.evaluate(() => document.fonts.ready);
  const broken = await p.evaluate(async () => {
    const images = [...document.images];
    for (const img of images) img.loading = "eager";
    const failed = await Promise.all(
      images.map((img) =>
        img.decode().then(
          () => null,
          () => img.src,
        ),
      ),
    );
    return failed.filter((src) => src !== null);
  });
  if (broken.length) problems.push(`broken images on ${p.url()}: ${broken.join(", ")}`);
  await p.screenshot({
    path: join(ARTIFACTS, `${String(++shots).padStart(2, "0")}-${name}.png`),
    fullPage: true,
  });
}

const api = async <B>(p: Page, method: string, path: string, data?: unknown): Promise<B> => {
  const res = await p.request.fetch(`${origin}${path}`, { method, data });
  if (!res.ok()) throw new Error(`${method} ${path} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as B;
};

beforeAll(async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  dataDir = tempDir("pinflow-video-browser-");
  filesDir = tempDir("pinflow-video-files-");
  story.videoPath = join(filesDir, "starter.mp4");
  story.coverPath = join(filesDir, "cover.png");
  writeFileSync(
    story.videoPath,
    mp4Video({ durationMs: 14_000, width: 720, height: 1280, payloadBytes: 300_000 }),
  );
  writeFileSync(story.coverPath, pngImage(400, 600, [200, 120, 40]));
  server = await startPinflow([BUN, "src/main.ts", "--port", "0", "--data-dir", dataDir]);
  origin = new URL(server.url).origin;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.on("console", (msg) => {
    if (msg.type() !== "error") return;
    // before signing in the dashboard asks /auth/me who is there and is told 401
    if (!signedIn && msg.text().includes("401") && msg.location().url === `${origin}/auth/me`) return;
    problems.push(`console error on ${msg.page()?.url()}: ${msg.text()} (${msg.location().url})`);
  });
  context.on("weberror", (err) => problems.push(`page error: ${err.error().stack ?? err.error().message}`));
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      blocked.push(route.request().url());
      return route.abort("blockedbyclient");
    },
  );
  context.on("dialog", (dialog) => void dialog.accept());
  page = await context.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.proc.kill("SIGTERM");
  await server?.exited;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (filesDir) rmSync(filesDir, { recursive: true, force: true });
}, 30_000);

describe("video pins, sections and new boards in a real browser", () => {
  test(
    "signing in through the demo Pinterest",
    async () => {
      await page.goto(server.url);
      await page.getByRole("link", { name: "Continue with Pinterest", exact: true }).click();
      await page.locator("button[data-account-id]").first().click();
      await page.waitForURL(`${origin}/app/calendar`);
      signedIn = true;
      await page.getByRole("heading", { name: "Calendar", exact: true }).waitFor();
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
      const upload = await page.request.post(`${origin}/pins/upload-image`, {
        multipart: {
          file: { name: "pin.png", mimeType: "image/png", buffer: Buffer.from(pngImage(300, 450)) },
        },
      });
      const made = await api<{ id: number }>(page, "POST", "/pins", {
        board_id: (await api<{ items: Array<{ id: string }> }>(page, "GET", "/boards")).items[0]?.id,
        media_url: ((await upload.json()) as { url: string }).url,
        title: "Refused for Trial access",
        status: "draft",
      });
      const db = new Database(join(dataDir, "pinflow.db"));
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
      await docs.locator("#getting-standard-access").screenshot({
        path: join(ARTIFACTS, `${String(++shots).padStart(2, "0")}-docs-standard-access.png`),
      });
      await docs.close();
    },
    T,
  );

  test(
    "nothing left the origin and no page logged an error",
    async () => {
      expect(blocked).toEqual([]);
      expect(problems).toEqual([]);
    },
    T,
  );
});
