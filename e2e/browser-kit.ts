/** What the browser tests share: Chromium's flags, a watch on every request and error, screenshots, checks. */

import { Database } from "bun:sqlite";
import { expect } from "bun:test";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type ConsoleMessage,
  chromium,
  type Locator,
  type Page,
} from "playwright-core";
import { pngImage } from "../src/testing/images";
import { BUN, ROOT, type Running, startPinflow, tempDir } from "./process";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/**
 * Records what the watched contexts ask for and what goes wrong; anything not on PinFlow's origin is
 * aborted. `expected` says which console errors of a context are answers, not faults (e.g. /auth/me's 401
 * before it signs in).
 */
export function watcher(origin: string) {
  const requested: string[] = [];
  const blocked: string[] = [];
  const problems: string[] = [];
  return {
    requested,
    blocked,
    problems,
    async watch(context: BrowserContext, expected: (msg: ConsoleMessage) => boolean = () => false) {
      context.on("request", (req) => requested.push(req.url()));
      context.on("console", (msg) => {
        if (msg.type() !== "error" || expected(msg)) return;
        problems.push(`console error on ${msg.page()?.url()}: ${msg.text()} (${msg.location().url})`);
      });
      context.on("weberror", (err) =>
        problems.push(`page error: ${err.error().stack ?? err.error().message}`),
      );
      await context.route(
        (url) => url.origin !== origin,
        (route) => {
          blocked.push(route.request().url());
          return route.abort("blockedbyclient");
        },
      );
      context.on("dialog", (dialog) => void dialog.accept());
    },
  };
}

/** Saves whole-page screenshots as <dir>/NN-name.png, numbered in the order they are taken. */
export function shooter(dir: string, problems: string[]) {
  mkdirSync(dir, { recursive: true });
  let shots = 0;
  return async (p: Page, name: string) => {
    await p.evaluate(() => document.fonts.ready);
    // Sticky bars would be drawn mid-page in a full-page picture taken while scrolled.
    await p.evaluate(() => window.scrollTo(0, 0));
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
      path: join(dir, `${String(++shots).padStart(2, "0")}-${name}.png`),
      fullPage: true,
    });
  };
}

/** Waits until `locator` (first match) shows `text`. */
export const waitText = (locator: Locator, text: string | RegExp) =>
  locator.filter({ hasText: text }).first().waitFor();

/**
 * No sideways scrolling: the document is no wider than the viewport's configured width (a mobile viewport
 * widens window.innerWidth to fit overflowing content, so the configured width is the reference).
 */
export async function noHorizontalOverflow(p: Page, width: number) {
  const scroll = await p.evaluate(() => document.documentElement.scrollWidth);
  expect({ page: p.url(), scroll }).toEqual({ page: p.url(), scroll: Math.min(scroll, width) });
}

/**
 * Picks a board in a board picker (a combobox): types part of its name, checks that the matching option is
 * the active one, presses Enter. Returns the board's id.
 */
export async function pickBoard(p: Page, input: string, name: string): Promise<string> {
  const box = p.locator(input);
  await box.click();
  await box.fill(name.slice(0, 5));
  const list = (await box.getAttribute("aria-controls")) as string;
  // the first match becomes the active option: Enter picks it
  const option = p.locator(`[id="${list}"] [role="option"].active`, { hasText: name }).first();
  await option.waitFor();
  const id = (await option.getAttribute("data-board-id")) as string;
  await box.press("Enter");
  await p.waitForFunction(
    ([sel, n]) => (document.querySelector(sel as string) as HTMLInputElement | null)?.value === n,
    [input, name],
  );
  return id;
}

/** Drags `from` onto `to` with the mouse (pointer events), as a person would. */
export async function dragWithMouse(p: Page, from: Locator, to: Locator) {
  await from.evaluate((el) => el.scrollIntoView({ block: "center" }));
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error("drag: an element is not visible");
  await p.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await p.mouse.down();
  await p.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2 + 12, { steps: 3 });
  await p.mouse.move(b.x + b.width / 2, b.y + b.height - 8, { steps: 10 });
  await p.mouse.up();
}

/** One PinFlow process, one Chromium and one watched browser context: what a browser story runs on. */
export interface Story {
  server: Running;
  origin: string;
  /** PINFLOW_BASE_PATH as served ("" at the root): every path of `api`, `uploadPng` and sign-in is under it. */
  base: string;
  dataDir: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and broken images seen so far. */
  problems: string[];
  /** Requests to another origin (aborted). */
  blocked: string[];
  requested: string[];
  /** Watches another context (a phone, a second person) into the same lists. */
  watch(context: BrowserContext): Promise<void>;
  shot(p: Page, name: string): Promise<void>;
  /** A JSON call with the page's cookies (signed in as the page is); throws on an error status. */
  api<B>(method: string, path: string, data?: unknown, p?: Page): Promise<B>;
  /** An uploaded PNG (POST /pins/upload-image); its URL. */
  uploadPng(width: number, height: number, rgb?: [number, number, number]): Promise<string>;
  /** Signs in through the demo Pinterest (first account) and waits for the calendar. */
  signIn(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts PinFlow from source in emulator mode on a free port with its own data folder (`env` added), then
 * Chromium with one context watched as `watcher` does; screenshots go to e2e/artifacts/<name>/ (emptied
 * first). Before signing in, /auth/me's 401 is the expected answer, not a fault.
 */
export async function openStory(opts: {
  name: string;
  env?: Record<string, string>;
  context?: BrowserContextOptions;
}): Promise<Story> {
  const artifacts = join(ROOT, "e2e", "artifacts", opts.name);
  rmSync(artifacts, { recursive: true, force: true });
  const dataDir = tempDir(`pinflow-${opts.name}-`);
  const server = await startPinflow([BUN, "src/main.ts", "--port", "0", "--data-dir", dataDir], {
    env: opts.env,
  });
  const origin = new URL(server.url).origin;
  const base = new URL(server.url).pathname.replace(/\/$/, "");
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts.context });
  const watch = watcher(origin);
  let signedIn = false;
  await watch.watch(
    context,
    (msg) => !signedIn && msg.text().includes("401") && msg.location().url === `${origin}${base}/auth/me`,
  );
  const page = await context.newPage();
  const story: Story = {
    server,
    origin,
    base,
    dataDir,
    browser,
    context,
    page,
    problems: watch.problems,
    blocked: watch.blocked,
    requested: watch.requested,
    watch: (other) => watch.watch(other),
    shot: shooter(artifacts, watch.problems),
    async api<B>(method: string, path: string, data?: unknown, p: Page = page) {
      const res = await p.request.fetch(`${origin}${base}${path}`, { method, data });
      if (!res.ok()) throw new Error(`${method} ${path} answered ${res.status()}: ${await res.text()}`);
      return (await res.json()) as B;
    },
    async uploadPng(width, height, rgb) {
      const res = await page.request.post(`${origin}${base}/pins/upload-image`, {
        multipart: {
          file: { name: "pin.png", mimeType: "image/png", buffer: Buffer.from(pngImage(width, height, rgb)) },
        },
      });
      if (!res.ok()) throw new Error(`upload answered ${res.status()}: ${await res.text()}`);
      return ((await res.json()) as { url: string }).url;
    },
    async signIn() {
      await page.goto(server.url);
      await page.getByRole("link", { name: "Continue with Pinterest", exact: true }).click();
      await page.locator("button[data-account-id]").first().click();
      await page.waitForURL(`${origin}${base}/app/calendar`);
      signedIn = true;
      await page.getByRole("heading", { name: "Calendar", exact: true }).waitFor();
    },
    async close() {
      await browser.close();
      server.proc.kill("SIGTERM");
      await server.exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return story;
}

/**
 * Pauses (until a time) or resumes (null) publishing for every connected account of the PinFlow whose data
 * folder this is, as a Pinterest 429 does — the only way to hold the scheduler in emulator mode.
 */
export function pausePublishing(dataDir: string, until: number | null): void {
  const db = new Database(join(dataDir, "pinflow.db"));
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    db.query("UPDATE profiles SET rate_limited_until = ?").run(until);
  } finally {
    db.close();
  }
}
