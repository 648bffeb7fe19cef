/**
 * The dashboard in Debian's Chromium, driven by playwright-core, against one real PinFlow process in
 * emulator mode (scheduler tick left at its default). The tests are one story, run in order: sign in,
 * compose, publish, reorder, schedule, API keys, phone width, keyboard, every other page. Each page
 * visited is saved as e2e/artifacts/dashboard/NN-<name>.png. Every request the browser makes is recorded;
 * anything not on the PinFlow origin is aborted, and the last test asserts there was none and that no
 * page logged an error.
 *
 * Queued pins publish at the next scheduler tick (docs/publishing.md §6), too soon for a person (or a test)
 * to look at the queue or drag it. So, while the queue is looked at, the Pinterest account is paused as after
 * a Pinterest 429 (`profiles.rate_limited_until`, the only way to reach that state in emulator mode: the
 * mounted emulator has no fault knobs); the pause is lifted near the end and the queue drains.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Browser, type BrowserContext, type ConsoleMessage, chromium, type Page } from "playwright-core";
import { pngImage } from "../src/testing/images";
import {
  CHROMIUM_ARGS,
  noHorizontalOverflow,
  pausePublishing,
  pickBoard,
  shooter,
  waitText,
  watcher,
} from "./browser-kit";
import { BUN, ROOT, type Running, startPinflow, tempDir } from "./process";

const ARTIFACTS = join(ROOT, "e2e", "artifacts", "dashboard");
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 800 };
const T = 90_000;

interface Pin {
  id: number;
  title: string | null;
  status: string;
  board_id: string;
  media_url: string;
  scheduled_at: string | null;
  pinterest_pin_id: string | null;
}

let server: Running;
let dataDir: string;
let origin: string;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let signedIn = false;

/** Everything the browser asked for, what was stopped for leaving the origin, and what went wrong. */
let seen: ReturnType<typeof watcher>;
/** Saves the whole page as e2e/artifacts/dashboard/NN-name.png, numbered in the order the story visits them. */
let shot: ReturnType<typeof shooter>;

/** Saved for later tests. */
const story = {
  adminUsername: "",
  composed: null as Pin | null,
  reorder: [] as Pin[],
  scheduled: null as Pin | null,
  uploadPath: "",
};

/**
 * A console error that is the expected answer, not a fault: before signing in, the dashboard asks
 * /auth/me who is there and is told 401 (Chromium logs every 4xx as "Failed to load resource").
 */
const expectedConsoleError = (msg: ConsoleMessage) =>
  !signedIn && msg.text().includes("401") && msg.location().url === `${origin}/auth/me`;

const watch = (context: BrowserContext) => seen.watch(context, expectedConsoleError);

const api = async <B>(p: Page, method: string, path: string, data?: unknown): Promise<B> => {
  const res = await p.request.fetch(`${origin}${path}`, { method, data });
  if (!res.ok()) throw new Error(`${method} ${path} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as B;
};

const queueOrder = async (p: Page) =>
  (await api<Pin[]>(p, "GET", "/pins?status=queued&sort=queue")).map((pin) => pin.id);

const listedOrder = (p: Page) =>
  p
    .locator("li[data-pin-id]")
    .evaluateAll((items) => items.map((li) => Number(li.getAttribute("data-pin-id"))));

/** Wall clock in UTC (the default time zone of a new user) → the parts the calendar and inputs use. */
function nextMonthDay(day: number) {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, day));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Uploads a PNG through the compose page's file input (the drop zone's) and waits for its preview. */
async function uploadInCompose(p: Page) {
  await p.locator("#image-file").setInputFiles(story.uploadPath);
  const chosen = p.locator(".image-chosen img");
  await chosen.waitFor();
  // the local preview first, then the uploaded file
  await p.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>(".image-chosen img");
    return img?.src.includes("/static/uploads/") && img.complete && img.naturalWidth === 600;
  });
  return (await chosen.getAttribute("src")) as string;
}

async function uploadByApi(p: Page): Promise<string> {
  const res = await p.request.post(`${origin}/pins/upload-image`, {
    multipart: {
      file: {
        name: "pin.png",
        mimeType: "image/png",
        buffer: Buffer.from(pngImage(300, 450, [40, 120, 200])),
      },
    },
  });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { url: string }).url;
}

beforeAll(async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  dataDir = tempDir("pinflow-browser-");
  story.uploadPath = join(tempDir("pinflow-browser-files-"), "sourdough.png");
  writeFileSync(story.uploadPath, pngImage(600, 900));
  // Like the planner story, this one drives the dashboard far faster than a person: ~200 API calls in under a
  // minute from one address (a dozen full reloads, two contexts), which is the seed's per-IP limit, so the
  // fixed one-minute window made it fail now and then with a 429. The limits have their own tests
  // (src/http/rate-limit.test.ts); here they are off.
  server = await startPinflow([BUN, "src/main.ts", "--port", "0", "--data-dir", dataDir], {
    env: { PINFLOW_RATE_LIMITS: "off" },
  });
  origin = new URL(server.url).origin;
  seen = watcher(origin);
  shot = shooter(ARTIFACTS, seen.problems);
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  desktop = await browser.newContext({ viewport: DESKTOP });
  await desktop.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  await watch(desktop);
  page = await desktop.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.proc.kill("SIGTERM");
  await server?.exited;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (story.uploadPath) rmSync(dirname(story.uploadPath), { recursive: true, force: true });
}, 30_000);

describe("the dashboard in a real browser", () => {
  test(
    "signing in goes through the demo Pinterest's consent page and lands on the queue as admin",
    async () => {
      await page.goto(server.url);
      await page.getByRole("link", { name: "Continue with Pinterest", exact: true }).waitFor();
      await waitText(page.locator(".emulator-banner"), "Demo mode.");
      await shot(page, "sign-in");

      await page.getByRole("link", { name: "Continue with Pinterest", exact: true }).click();
      await page.waitForURL(`${origin}/emulator/pinterest/oauth/**`);
      await page.locator("button[data-account-id]").first().waitFor();
      await shot(page, "consent");

      await page.locator("button[data-account-id]").first().click();
      await page.waitForURL(`${origin}/app/calendar`);
      signedIn = true;
      await page.getByRole("heading", { name: "Calendar", exact: true }).waitFor();
      await waitText(page.locator(".emulator-banner"), "Demo mode.");

      const me = await api<{ username: string; is_admin: boolean; status: string }>(page, "GET", "/auth/me");
      expect(me).toMatchObject({ is_admin: true, status: "approved" });
      story.adminUsername = me.username;
      expect(await page.locator(".sidebar .who").textContent()).toBe(me.username);
      // the whole name shows, not "pinflo…"
      expect(await page.locator(".sidebar .who").evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(
        true,
      );
      await page.getByRole("link", { name: "Admin", exact: true }).waitFor();
      await shot(page, "calendar-empty");
    },
    T,
  );

  test(
    "the admin raises their own daily pin limit on the Admin page",
    async () => {
      await page.locator(".sidebar").getByRole("link", { name: "Admin", exact: true }).click();
      await page.waitForURL(`${origin}/app/admin`);
      const limit = page.getByRole("spinbutton", { name: `Daily pin limit of ${story.adminUsername}` });
      expect(await limit.inputValue()).toBe("100");
      const saved = page.waitForResponse((r) => r.url().includes("/admin/users/") && r.status() === 200);
      await limit.fill("25");
      await limit.press("Tab");
      await saved;
      expect((await api<{ daily_pin_limit: number }>(page, "GET", "/auth/me")).daily_pin_limit).toBe(25);
      await shot(page, "admin-daily-limit");
    },
    T,
  );

  test(
    "composing uploads the image with progress, previews it, counts characters and queues the pin",
    async () => {
      pausePublishing(dataDir, Date.now() + 3_600_000);
      await page.locator(".sidebar").getByRole("link", { name: "+ New pin", exact: true }).click();
      await page.waitForURL(`${origin}/app/compose`);
      await page.locator(".dropzone").waitFor();
      await shot(page, "compose-empty");

      // Hold the upload until the progress bar has been seen (and photographed), then let it through.
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route("**/pins/upload-image", async (route) => {
        await held;
        await route.fallback();
      });
      await page.locator("#image-file").setInputFiles(story.uploadPath);
      await page.getByRole("progressbar", { name: "Uploading image" }).waitFor();
      await shot(page, "compose-uploading");
      release();
      await page.locator(".image-chosen img").waitFor();
      await page.getByRole("progressbar").waitFor({ state: "detached" });
      await page.unroute("**/pins/upload-image");
      const mediaUrl = (await page.locator(".image-chosen img").getAttribute("src")) as string;
      expect(new URL(mediaUrl).origin).toBe(origin);
      expect(mediaUrl).toContain("/static/uploads/");
      expect(await page.locator(".preview-pin img").getAttribute("src")).toBe(mediaUrl);
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>(".preview-pin img");
        return img?.complete && img.naturalWidth === 600;
      });

      const boardId = await pickBoard(page, "#board", "Sourdough");
      const title = "Sourdough starter, day 5";
      await page.locator("#title").fill(title);
      await page.locator("#description").fill("Bubbly and ready: feed it twice a day, keep it warm.");
      await page.locator("#link").fill("https://example.com/sourdough");
      await page.locator("#alt").fill("A jar of bubbly sourdough starter");
      const counter = (id: string) =>
        page.locator(".field", { has: page.locator(`#${id}`) }).locator(".counter");
      await waitText(counter("title"), new RegExp(`^${title.length}/100$`));
      await waitText(counter("description"), /^52\/800$/);
      await waitText(counter("link"), /^29\/2048$/);
      await waitText(counter("alt"), /^33\/500$/);
      await waitText(page.locator(".preview-text strong"), title);
      await waitText(page.locator(".preview-link"), "example.com");
      await shot(page, "compose-filled");

      await page.getByRole("button", { name: "Add to queue", exact: true }).click();
      await page.waitForURL(/\/app\/pins\/\d+$/);
      const id = Number(page.url().split("/").at(-1));
      await waitText(page.locator(".page-header .chip"), "Queued");
      await page.getByRole("heading", { name: title, exact: true }).waitFor();
      story.composed = await api<Pin>(page, "GET", `/pins/${id}`);
      expect(story.composed).toMatchObject({
        status: "queued",
        board_id: boardId,
        media_url: mediaUrl,
        title,
      });
      await shot(page, "pin-queued");

      await page.locator(".sidebar").getByRole("link", { name: "Queue", exact: true }).click();
      await page.waitForURL(`${origin}/app/queue`);
      await waitText(page.locator(`li[data-pin-id="${id}"]`), title);
      await shot(page, "queue-one-pin");
    },
    T,
  );

  test(
    "publishing now marks the pin published and links to it on the demo Pinterest's board",
    async () => {
      const pin = story.composed as Pin;
      await page.locator(`li[data-pin-id="${pin.id}"] .pin-title`).click();
      await page.waitForURL(`${origin}/app/pins/${pin.id}`);
      await page.getByRole("button", { name: "Publish now", exact: true }).click();
      await waitText(page.locator(".page-header .chip"), "Published");
      const link = page.getByRole("link", { name: /View the pin on the demo Pinterest/ });
      await link.waitFor();
      expect(await link.getAttribute("href")).toBe(`/emulator/pinterest/boards/${pin.board_id}`);
      await page.getByRole("button", { name: "Publish now", exact: true }).waitFor({ state: "detached" });
      await shot(page, "pin-published");

      const published = await api<Pin>(page, "GET", `/pins/${pin.id}`);
      expect(published.status).toBe("published");
      expect(published.pinterest_pin_id).toBeTruthy();

      const [board] = await Promise.all([desktop.waitForEvent("page"), link.click()]);
      await board.waitForLoadState();
      const card = board.locator(`article.pin[data-pin-id="${published.pinterest_pin_id}"]`);
      await waitText(card.locator("h3"), pin.title as string);
      await board.waitForFunction(
        (id) => (document.querySelector(`#pin-${id} img`) as HTMLImageElement | null)?.naturalWidth === 600,
        published.pinterest_pin_id,
      );
      await shot(board, "emulator-board");
      await board.close();
    },
    T,
  );

  test(
    "a pin's http(s) link opens in a new tab; a stored javascript: link is shown as text, never as a link",
    async () => {
      const composed = story.composed as Pin;
      await page.goto(`${origin}/app/pins/${composed.id}`);
      const safe = page.locator('dl.fields a[href="https://example.com/sourdough"]');
      await safe.waitFor();
      expect(await safe.getAttribute("target")).toBe("_blank");

      const old = await api<Pin>(page, "POST", "/pins", {
        board_id: composed.board_id,
        media_url: composed.media_url,
        title: "Stored before links had to be http(s)",
        status: "draft",
      });
      const unsafe = "javascript:alert(document.domain)";
      const db = new Database(join(dataDir, "pinflow.db"));
      try {
        db.exec("PRAGMA busy_timeout = 5000");
        db.query("UPDATE pins SET link = ? WHERE id = ?").run(unsafe, old.id);
      } finally {
        db.close();
      }
      await page.goto(`${origin}/app/pins/${old.id}`);
      const field = page.locator("dl.fields dd", { hasText: unsafe });
      await field.waitFor();
      expect(await field.locator("a").count()).toBe(0);
      expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
      await shot(page, "pin-stored-javascript-link");
      expect((await page.request.delete(`${origin}/pins/${old.id}`)).status()).toBe(204);
    },
    T,
  );

  test(
    "dragging the third queued pin onto the first reorders the queue, and the order is kept",
    async () => {
      const titles = ["Reorder one", "Reorder two", "Reorder three"];
      for (const title of titles) {
        const media_url = await uploadByApi(page);
        story.reorder.push(
          await api<Pin>(page, "POST", "/pins", { board_id: story.composed?.board_id, media_url, title }),
        );
      }
      const [a, b, c] = story.reorder.map((p) => p.id) as [number, number, number];
      expect(story.reorder.map((p) => p.status)).toEqual(["queued", "queued", "queued"]);

      await page.goto(`${origin}/app/queue`);
      await page.locator(`li[data-pin-id="${c}"]`).waitFor();
      expect(await listedOrder(page)).toEqual([a, b, c]);
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>("li[data-pin-id] img")].every(
          (i) => i.naturalWidth > 0,
        ),
      );
      await shot(page, "queue-three");

      const saved = page.waitForResponse((r) => r.url().endsWith("/pins/reorder") && r.status() === 200);
      await page.locator(`li[data-pin-id="${c}"]`).dragTo(page.locator(`li[data-pin-id="${a}"]`));
      await saved;
      expect(await listedOrder(page)).toEqual([c, a, b]);
      await page.reload();
      await page.locator(`li[data-pin-id="${c}"]`).waitFor();
      expect(await listedOrder(page)).toEqual([c, a, b]);
      expect(await queueOrder(page)).toEqual([c, a, b]);
      await shot(page, "queue-after-drag");

      // The same with the keyboard: a focused "Move … up" button and Enter.
      const up = page.getByRole("button", { name: "Move Reorder two up", exact: true });
      await up.focus();
      const savedAgain = page.waitForResponse((r) => r.url().endsWith("/pins/reorder") && r.status() === 200);
      await page.keyboard.press("Enter");
      await savedAgain;
      expect(await listedOrder(page)).toEqual([c, b, a]);
      expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(
        "Move Reorder two up",
      );
      expect(await queueOrder(page)).toEqual([c, b, a]);
      await shot(page, "queue-after-keyboard");
    },
    T,
  );

  test(
    "scheduling a pin shows it on the month calendar with its thumbnail, and a day opens its week",
    async () => {
      const day = nextMonthDay(15);
      await page.locator(".sidebar").getByRole("link", { name: "+ New pin", exact: true }).click();
      await page.waitForURL(`${origin}/app/compose`);
      const mediaUrl = await uploadInCompose(page);
      await pickBoard(page, "#board", "Holiday baking");
      await page.locator("#title").fill("Pie for the holidays");
      await page.locator("#when").fill(`${day}T10:30`);
      expect(await page.getByText("Publish at (UTC)").count()).toBe(1);
      await page.getByRole("button", { name: "Schedule", exact: true }).click();
      await page.waitForURL(/\/app\/pins\/\d+$/);
      await waitText(page.locator(".page-header .chip"), "Scheduled");
      const id = Number(page.url().split("/").at(-1));
      story.scheduled = await api<Pin>(page, "GET", `/pins/${id}`);
      expect(story.scheduled).toMatchObject({ status: "scheduled", scheduled_at: `${day}T10:30:00Z` });
      await waitText(page.locator(".history"), "Scheduled to publish");
      await shot(page, "pin-scheduled");

      await page.locator(".sidebar").getByRole("link", { name: "Calendar", exact: true }).click();
      await page.waitForURL(`${origin}/app/calendar`);
      await page.locator(".week-cell").first().waitFor();
      await shot(page, "calendar-this-week");
      await page.getByRole("button", { name: "Month", exact: true }).click();
      await page.getByRole("button", { name: "Next month", exact: true }).click();
      const thumb = page.locator(`.month-cell[data-day="${day}"] [data-pin-id="${id}"] img`);
      await thumb.waitFor();
      expect(await thumb.getAttribute("src")).toBe(mediaUrl);
      await page.waitForFunction(
        (d) =>
          (document.querySelector(`.month-cell[data-day="${d}"] img`) as HTMLImageElement | null)
            ?.naturalWidth === 600,
        day,
      );
      await shot(page, "calendar-next-month");

      await page.locator(`.month-cell[data-day="${day}"] .month-day`).click();
      await page.waitForURL(`${origin}/app/calendar?view=week&date=${day}`);
      await page.locator(`.week-cell[data-day="${day}"][data-hour="10"] [data-pin-id="${id}"]`).waitFor();
      await shot(page, "calendar-week-of-the-pin");
    },
    T,
  );

  test(
    "an API key is shown once, works with fetch, stops when disabled and disappears when revoked",
    async () => {
      await page.getByRole("link", { name: "Settings", exact: true }).click();
      await page.waitForURL(`${origin}/app/settings`);
      await page.getByRole("tab", { name: "API Keys", exact: true }).waitFor();
      await page.locator("#key-name").fill("n8n from the browser test");
      await page.getByRole("button", { name: "Generate Key", exact: true }).click();
      const secret = await page.getByTestId("secret-key").inputValue();
      expect(secret.length).toBeGreaterThan(20);
      const row = page.locator('tr[data-key="n8n from the browser test"]');
      await waitText(row, "Active");
      await page.getByRole("button", { name: "Copy", exact: true }).click();
      await page.getByRole("button", { name: "Copied ✓", exact: true }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
      await shot(page, "settings-api-key-created");

      const withKey = () => fetch(`${origin}/pins`, { headers: { authorization: `Bearer ${secret}` } });
      const ok = await withKey();
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as Pin[]).map((p) => p.id)).toContain(story.composed?.id as number);

      await row.getByRole("button", { name: "Disable", exact: true }).click();
      await waitText(row, "Disabled");
      expect((await withKey()).status).toBe(401);
      await shot(page, "settings-api-key-disabled");

      await row.getByRole("button", { name: "Revoke", exact: true }).click();
      await row.waitFor({ state: "detached" });
      await page.getByText("No API keys yet.").waitFor();
      expect(await page.getByTestId("secret-key").count()).toBe(0);
      expect((await withKey()).status).toBe(401);
      await page.reload();
      await page.getByRole("button", { name: "Generate Key", exact: true }).waitFor();
      expect(await row.count()).toBe(0);
      await shot(page, "settings-api-keys");
    },
    T,
  );

  test(
    "at phone width the menu button opens the sidebar and no page scrolls sideways",
    async () => {
      const phone = await browser.newContext({
        viewport: PHONE,
        isMobile: true,
        hasTouch: true,
        storageState: await desktop.storageState(),
      });
      await watch(phone);
      try {
        const p = await phone.newPage();
        await p.goto(`${origin}/app/queue`);
        await p.locator("li[data-pin-id]").first().waitFor();
        const menu = p.getByRole("button", { name: "Menu", exact: true });
        await menu.waitFor();
        expect(await p.locator("#sidebar").isVisible()).toBe(false);
        await noHorizontalOverflow(p, PHONE.width);
        await shot(p, "phone-queue");

        await menu.click();
        await p.locator("#sidebar").waitFor({ state: "visible" });
        expect(await menu.getAttribute("aria-expanded")).toBe("true");
        await shot(p, "phone-menu-open");
        await p.locator("#sidebar").getByRole("link", { name: "Calendar", exact: true }).click();
        await p.waitForURL(`${origin}/app/calendar`);
        await p.locator("#sidebar").waitFor({ state: "hidden" });
        await p.locator(".agenda-day").first().waitFor();
        await noHorizontalOverflow(p, PHONE.width);
        await shot(p, "phone-calendar");

        await p.goto(`${origin}/app/compose`);
        await uploadInCompose(p);
        await p.locator("#title").fill("A title typed on a phone");
        await noHorizontalOverflow(p, PHONE.width);
        await shot(p, "phone-compose");

        for (const [pin, name] of [
          [story.composed, "phone-pin-published"],
          [story.scheduled, "phone-pin-scheduled"],
        ] as const) {
          await p.goto(`${origin}/app/pins/${pin?.id}`);
          await p.locator(".page-header .chip").waitFor();
          await p.waitForFunction(
            () => (document.querySelector<HTMLImageElement>(".detail-image")?.naturalWidth ?? 0) > 0,
          );
          await noHorizontalOverflow(p, PHONE.width);
          await shot(p, name);
        }

        for (const [path, ready, name] of [
          ["/app/pins", ".pin-line", "phone-pins"],
          ["/app/boards", ".boards-table tbody tr", "phone-boards"],
          ["/app/settings", "#key-name", "phone-settings"],
          ["/app/webhooks", "#hook-url", "phone-webhooks"],
          ["/app/admin", "tr[data-user]", "phone-admin"],
        ] as const) {
          await p.goto(`${origin}${path}`);
          await p.locator(ready).first().waitFor();
          await noHorizontalOverflow(p, PHONE.width);
          await shot(p, name);
        }
      } finally {
        await phone.close();
      }
    },
    T,
  );

  test(
    "the keyboard reaches the skip link, New pin and the sidebar from the top with a visible focus, and Enter follows a link",
    async () => {
      await page.goto(`${origin}/app/queue`);
      await page.locator("li[data-pin-id]").first().waitFor();
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const style = getComputedStyle(el);
          return {
            text: (el.getAttribute("aria-label") ?? el.textContent ?? "").trim(),
            href: el.getAttribute("href"),
            inSidebar: Boolean(el.closest("#sidebar")),
            outline: style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2,
          };
        });
      const seen: Array<NonNullable<Awaited<ReturnType<typeof focused>>>> = [];
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press("Tab");
        const now = await focused();
        if (now) seen.push(now);
        if (now?.text.endsWith("Calendar") && now.href === "/app/calendar") break;
      }
      expect(seen[0]).toMatchObject({ text: "Skip to content", outline: true });
      const newPin = seen.find((f) => f.inSidebar && f.text === "+ New pin");
      const calendar = seen.at(-1);
      expect(newPin?.outline).toBe(true);
      expect(calendar).toMatchObject({ href: "/app/calendar", inSidebar: true, outline: true });
      await shot(page, "keyboard-focus");
      await page.keyboard.press("Enter");
      await page.waitForURL(`${origin}/app/calendar`);
      // focus follows the navigation to the new page's heading
      await page.waitForFunction(() => document.activeElement?.textContent === "Calendar");
    },
    T,
  );

  test(
    "the pins, collections, boards, webhooks, admin and settings pages render",
    async () => {
      await page.locator(".sidebar").getByRole("link", { name: "Pins", exact: true }).click();
      await page.waitForURL(`${origin}/app/pins`);
      await page.locator(`.pin-line a[href="/app/pins/${story.composed?.id}"]`).waitFor();
      await shot(page, "pins");

      await page.locator(".sidebar").getByRole("link", { name: "Collections", exact: true }).click();
      await page.waitForURL(`${origin}/app/collections`);
      await page.locator("#collection-name").fill("Holiday baking");
      await page.getByRole("button", { name: "Create", exact: true }).click();
      await page.locator(".collection-card", { hasText: "Holiday baking" }).click();
      await page.waitForURL(/\/app\/collections\/\d+$/);
      await page.getByRole("heading", { name: "Holiday baking", exact: true }).waitFor();
      await shot(page, "collection");
      await page.getByRole("link", { name: "← All collections", exact: true }).click();
      await page.locator(".collection-card").first().waitFor();
      await shot(page, "collections");

      await page.locator(".sidebar").getByRole("link", { name: "Boards", exact: true }).click();
      await page.waitForURL(`${origin}/app/boards`);
      // the three held pins count as "queued or in review", so the breakdown adds up to the total
      await waitText(
        page.locator(".boards-table tbody tr", { hasText: "Sourdough" }),
        "1 published · 0 scheduled · 3 queued or in review · 0 draft · 0 failed",
      );
      await shot(page, "boards");

      await page.locator(".sidebar").getByRole("link", { name: "Webhooks", exact: true }).click();
      await page.waitForURL(`${origin}/app/webhooks`);
      await page.getByText("No webhooks yet").waitFor();
      await shot(page, "webhooks");

      await page.locator(".sidebar").getByRole("link", { name: "Admin", exact: true }).click();
      await page.waitForURL(`${origin}/app/admin`);
      await waitText(page.locator(`tr[data-user="${story.adminUsername}"]`), "approved");
      await shot(page, "admin-users");
      await page.getByRole("tab", { name: "Plans", exact: true }).click();
      await page.locator("input[aria-label^='Monthly limit of']").first().waitFor();
      await shot(page, "admin-plans");
      await page.getByRole("tab", { name: "Scheduler jobs", exact: true }).click();
      await waitText(page.locator(".table tbody tr"), "publish");
      await shot(page, "admin-jobs");

      await page.getByRole("link", { name: "Settings", exact: true }).click();
      await page.getByRole("tab", { name: "Account", exact: true }).click();
      await page.locator("#timezone").waitFor();
      await shot(page, "settings-account");
      await page.getByRole("tab", { name: "Connected accounts", exact: true }).click();
      await waitText(page.locator(".webhook-line"), "selected");
      await shot(page, "settings-accounts");
    },
    T,
  );

  test(
    "once Pinterest takes pins again, the queue drains on its own, and the open queue page shows it by itself",
    async () => {
      await page.locator(".sidebar").getByRole("link", { name: "Queue", exact: true }).click();
      await page.locator("li[data-pin-id]").first().waitFor();
      pausePublishing(dataDir, null);
      // the page is live: no reload, no polling from here
      await page.getByText("The queue is empty").waitFor();
      // out of the queue is publishing or published: wait (one look a second) until all three are published
      const ids = story.reorder.map((p) => p.id);
      await page.waitForFunction(
        async (wanted) => {
          const res = await fetch("/pins?status=published&limit=100");
          const published = new Set(((await res.json()) as Array<{ id: number }>).map((p) => p.id));
          return wanted.every((id) => published.has(id));
        },
        ids,
        { polling: 1000 },
      );
      expect(await queueOrder(page)).toEqual([]);
      await shot(page, "queue-drained");
    },
    T,
  );

  test("no request left the PinFlow origin and no page logged an error", () => {
    expect(seen.requested.length).toBeGreaterThan(50);
    const elsewhere = seen.requested.filter(
      (url) => !url.startsWith("data:") && new URL(url).origin !== origin,
    );
    expect(elsewhere).toEqual([]);
    expect(seen.blocked).toEqual([]);
    expect(seen.problems).toEqual([]);
  });
});
