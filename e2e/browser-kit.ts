/** What the browser tests share: Chromium's flags, a watch on every request and error, screenshots, checks. */

import { expect } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, ConsoleMessage, Locator, Page } from "playwright-core";

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
