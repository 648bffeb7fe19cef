/**
 * The planner dashboard of issue 16 in Debian's Chromium (playwright-core), at 1280×800 and at 390×844,
 * against one real PinFlow in emulator mode. One story, in order, walking the six points: posting schedule,
 * batch compose into slots, the calendar (week and month, drag, keyboard, tray, open slots), live updates,
 * words for people, phone and keyboard. Every page is photographed at both sizes into
 * e2e/artifacts/planner/ (d- desktop, p- phone). The browser's time zone is Europe/Berlin, which the first
 * sign-in adopts: every expected time below is Berlin wall-clock time. No fixed waits: the tests wait for
 * elements, responses and conditions.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { zonedParts, zonedToUtc } from "../src/shared/time";
import { pinImage } from "../src/testing/images";
import {
  CHROMIUM_ARGS,
  dragWithMouse,
  noHorizontalOverflow,
  pickBoard,
  shooter,
  waitText,
  watcher,
} from "./browser-kit";
import { BUN, ROOT, type Running, startPinflow, tempDir } from "./process";

const ARTIFACTS = join(ROOT, "e2e", "artifacts", "planner");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const ZONE = "Europe/Berlin";
const T = 90_000;
const DAY = 86_400_000;

interface Pin {
  id: number;
  title: string | null;
  status: string;
  board_id: string;
  media_url: string;
  scheduled_at: string | null;
  queue_at: string | null;
  published_at: string | null;
}

let server: Running;
let origin: string;
let dataDir: string;
let files: string[] = [];
let browser: Browser;
let desktop: BrowserContext;
let phone: BrowserContext;
let page: Page;
let p: Page;
const signedIn = new Set<BrowserContext>();

let seen: ReturnType<typeof watcher>;
let shot: ReturnType<typeof shooter>;

const story = {
  me: { id: 0, username: "" },
  profile: 0,
  boards: new Map<string, string>(),
  batch: [] as Pin[],
};

// ---- time in Berlin ----

const pad = (n: number) => String(n).padStart(2, "0");
const dayKey = (ms: number) => {
  const z = zonedParts(ms, ZONE);
  return `${z.year}-${pad(z.month)}-${pad(z.day)}`;
};
const addDays = (key: string, n: number) => {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};
const weekday = (key: string) => (new Date(`${key}T12:00:00Z`).getUTCDay() + 6) % 7;
/** Monday of next week in Berlin: every day of that week is in the future. */
const nextMonday = () => {
  const today = dayKey(Date.now());
  return addDays(today, 7 - weekday(today));
};
const at = (key: string, hour: number, minute: number) => {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  return zonedToUtc(ZONE, y, m, d, hour, minute);
};
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

// ---- API from the test (not from the page's own code) ----

async function api<B>(method: string, path: string, data?: unknown): Promise<B> {
  const res = await page.request.fetch(`${origin}${path}`, { method, data });
  if (!res.ok()) throw new Error(`${method} ${path} answered ${res.status()}: ${await res.text()}`);
  return (res.status() === 204 ? null : await res.json()) as B;
}

async function uploadByApi(i: number): Promise<string> {
  const [base, accent] = PALETTE[i % PALETTE.length] as [RGB, RGB];
  const res = await page.request.post(`${origin}/pins/upload-image`, {
    multipart: {
      file: {
        name: `pin-${i}.png`,
        mimeType: "image/png",
        buffer: Buffer.from(pinImage(300, 450, base, accent)),
      },
    },
  });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { url: string }).url;
}

const pinOf = (id: number) => api<Pin>("GET", `/pins/${id}`);

type RGB = [number, number, number];
const PALETTE: Array<[RGB, RGB]> = [
  [
    [236, 214, 190],
    [183, 110, 60],
  ],
  [
    [200, 230, 210],
    [40, 130, 80],
  ],
  [
    [210, 220, 245],
    [50, 80, 170],
  ],
  [
    [250, 225, 225],
    [200, 40, 60],
  ],
  [
    [240, 235, 200],
    [160, 130, 20],
  ],
  [
    [225, 210, 240],
    [110, 60, 160],
  ],
];

/** Waits until every image on the page has loaded (thumbnails must be recognisable, not broken). */
const imagesLoaded = async (pg: Page) => {
  await pg.evaluate(() => {
    for (const img of document.images) img.loading = "eager";
  });
  await pg.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
};

beforeAll(async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  dataDir = tempDir("pinflow-planner-");
  const dir = tempDir("pinflow-planner-files-");
  files = PALETTE.map(([base, accent], i) => {
    const file = join(dir, `batch-${i + 1}.png`);
    writeFileSync(file, pinImage(600, 900, base, accent));
    return file;
  });
  // The story drives the dashboard far faster than a person does (hundreds of requests a minute from one
  // address): the per-IP rate limit is off here, as in dashboard.browser.test.ts.
  server = await startPinflow([BUN, "src/main.ts", "--port", "0", "--data-dir", dataDir], {
    env: { PINFLOW_RATE_LIMITS: "off" },
  });
  origin = new URL(server.url).origin;
  seen = watcher(origin);
  shot = shooter(ARTIFACTS, seen.problems);
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  desktop = await browser.newContext({ viewport: DESKTOP, timezoneId: ZONE });
  await watchContext(desktop);
  page = await desktop.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.proc.kill("SIGTERM");
  await server?.exited;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

/**
 * Console errors that are answers the story asks for, not faults: before a context signs in, /auth/me's 401;
 * the refused pins of the words-for-people steps (422 for a bad image address, 429 at the daily limit).
 */
const watchContext = (context: BrowserContext) =>
  seen.watch(
    context,
    (msg) =>
      (!signedIn.has(context) && msg.text().includes("401") && msg.location().url === `${origin}/auth/me`) ||
      (/status of (422|429)/.test(msg.text()) && msg.location().url === `${origin}/pins`),
  );

async function phonePage(): Promise<Page> {
  phone ??= await browser.newContext({
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    timezoneId: ZONE,
    storageState: await desktop.storageState(),
  });
  if (!signedIn.has(phone)) {
    signedIn.add(phone);
    await watchContext(phone);
  }
  p ??= await phone.newPage();
  return p;
}

describe("the planner in a real browser", () => {
  test(
    "the sign-in page promises admin only to the first person; the first sign-in adopts the browser's time zone and opens the calendar",
    async () => {
      await page.goto(server.url);
      await waitText(
        page.getByTestId("signin-hint"),
        "the first person to sign in becomes this PinFlow's admin",
      );
      await shot(page, "d-sign-in-first");
      await page.getByRole("link", { name: "Continue with Pinterest", exact: true }).click();
      await page.locator("button[data-account-id]").first().click();
      await page.waitForURL(`${origin}/app/calendar`);
      signedIn.add(desktop);
      await page.getByRole("heading", { name: "Calendar", exact: true }).waitFor();
      const me = await api<{ id: number; username: string; timezone: string; selected_profile_id: number }>(
        "GET",
        "/auth/me",
      );
      expect(me.timezone).toBe(ZONE);
      story.me = me;
      story.profile = me.selected_profile_id;
      const boards = await api<{ items: Array<{ id: string; name: string }> }>("GET", "/boards");
      expect(boards.items.length).toBe(37);
      for (const b of boards.items) story.boards.set(b.name, b.id);
      await waitText(page.locator(".page-header .subtitle"), "times in Europe/Berlin");
      await page.locator('[data-live="live"]').waitFor();

      // Once someone has signed in, a stranger is no longer told they would become the admin.
      const stranger = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
      await watchContext(stranger);
      const s = await stranger.newPage();
      await s.goto(server.url);
      const hint = s.getByTestId("signin-hint");
      await waitText(hint, "an admin of this PinFlow approves them");
      expect(await hint.textContent()).not.toContain("first person");
      await noHorizontalOverflow(s, PHONE.width);
      await shot(s, "p-sign-in-after-the-admin");
      await stranger.close();
    },
    T,
  );

  test(
    "posting schedule: the suggested times are shown and saved only on Save; times are added, removed and copied; spacing, volume warnings and the time zone",
    async () => {
      await page.locator("#sidebar").getByRole("link", { name: "Posting schedule", exact: true }).click();
      await page.waitForURL(`${origin}/app/schedule`);
      await page.getByRole("heading", { name: "No posting times yet" }).waitFor();
      await shot(page, "d-schedule-empty");

      await page.getByRole("button", { name: "Use the suggested times", exact: true }).click();
      await page.waitForFunction(() =>
        document.activeElement?.textContent?.includes("Nothing is saved until"),
      );
      expect(await page.locator('.day-editor[data-day="sun"] .slot-chip').count()).toBe(3);
      await waitText(page.locator(".save-bar"), "You have unsaved changes.");
      // never applied silently: the server still has no slots
      expect((await api<{ slots: unknown[] }>("GET", `/profiles/${story.profile}/schedule`)).slots).toEqual(
        [],
      );
      await shot(page, "d-schedule-suggested-unsaved");

      // Sunday evening off; a late slot on Monday, copied to Tuesday.
      await page.getByRole("button", { name: "Remove 7:30 PM on Sunday", exact: true }).click();
      const monday = page.locator('.day-editor[data-day="mon"]');
      await monday.getByLabel("New time on Monday").fill("21:00");
      await monday.getByLabel("New time on Monday").press("Enter");
      await waitText(monday.locator(".slot-chip"), "9:00 PM");
      await monday.getByRole("button", { name: "Copy Monday's times to other days" }).click();
      await monday.getByLabel("Tue").check();
      await monday.getByRole("button", { name: "Copy to 1 day", exact: true }).click();
      await waitText(page.locator('.day-editor[data-day="tue"] .slot-chip'), "9:00 PM");
      await page.locator("#spacing").fill("7");
      expect(await page.locator("#schedule-timezone").inputValue()).toBe(ZONE);
      const saved = page.waitForResponse(
        (r) => r.url().endsWith("/schedule") && r.request().method() === "PUT",
      );
      await page.getByRole("button", { name: "Save schedule", exact: true }).click();
      expect((await saved).status()).toBe(200);
      // focus moves to what changed: the confirmation
      await page.waitForFunction(() => document.activeElement?.textContent?.startsWith("Saved."));
      const schedule = await api<{ slots: Array<{ day: string; time: string }>; min_spacing_days: number }>(
        "GET",
        `/profiles/${story.profile}/schedule`,
      );
      const times = (day: string) => schedule.slots.filter((s) => s.day === day).map((s) => s.time);
      expect(times("mon")).toEqual(["08:00", "12:30", "19:30", "21:00"]);
      expect(times("tue")).toEqual(["08:00", "12:30", "19:30", "21:00"]);
      expect(times("sun")).toEqual(["08:00", "12:30"]);
      expect(schedule.slots.length).toBe(3 * 7 - 1 + 2);
      expect(schedule.min_spacing_days).toBe(7);

      // Volume warnings come from the API: 26 pins on one day.
      const crowded = addDays(nextMonday(), 6);
      const board = story.boards.get("Lighting") as string;
      const many = await api<Pin[]>(
        "POST",
        "/pins/bulk",
        Array.from({ length: 26 }, (_, i) => ({
          board_id: board,
          media_url: `https://example.com/lamp-${i}.jpg`,
          scheduled_at: iso(at(crowded, 6, i)),
        })),
      );
      await page.reload();
      // the API's warning, its date said as a day
      const crowdedDay = new Intl.DateTimeFormat("en-US", {
        weekday: "long",
        month: "short",
        day: "numeric",
        year: "numeric",
        timeZone: "UTC",
      }).format(new Date(`${crowded}T12:00:00Z`));
      await waitText(page.locator(".notice-warn"), `26 pins on ${crowdedDay}: Pinterest may treat`);
      await shot(page, "d-schedule-saved-with-warning");
      const pp = await phonePage();
      await pp.goto(`${origin}/app/schedule`);
      await waitText(pp.locator(".notice-warn"), `26 pins on ${crowdedDay}`);
      await noHorizontalOverflow(pp, PHONE.width);
      await shot(pp, "p-schedule");
      await api("DELETE", "/pins/bulk", { pin_ids: many.map((m) => m.id) });
      // The spacing guard would space the batch's pins (one link for all) a week apart: off for the story.
      await api("PUT", `/profiles/${story.profile}/schedule`, { slots: schedule.slots, min_spacing_days: 0 });
    },
    T,
  );

  test(
    "compose for batch days: five images at once make five cards; a board and a link go to all; queued, they take the next five free slots",
    async () => {
      const free = await api<{ occurrences: Array<{ at: string; pin_id: number | null }> }>(
        "GET",
        `/profiles/${story.profile}/schedule/occurrences?from=${iso(Date.now() + 120_000)}&to=${iso(Date.now() + 14 * DAY)}`,
      );
      const expected = free.occurrences
        .filter((o) => o.pin_id === null)
        .slice(0, 5)
        .map((o) => o.at);

      await page.locator("#sidebar").getByRole("link", { name: "+ New pin", exact: true }).click();
      await page.waitForURL(`${origin}/app/compose`);
      await page.locator("#image-file").setInputFiles(files.slice(0, 5));
      await page.locator(".batch-card").nth(4).waitFor();
      await page.getByRole("progressbar").first().waitFor({ state: "detached" });
      await page.waitForFunction(() => document.querySelectorAll('[role="progressbar"]').length === 0);
      // focus moves to what changed: the first new card's title
      await page.waitForFunction(() => document.activeElement?.hasAttribute("data-first-title"));
      await waitText(page.getByRole("heading", { level: 1 }), "New pins (5)");
      // no silent default: nothing is on a board until someone picks one
      for (const input of await page.locator('.batch-card [role="combobox"]').all())
        expect(await input.inputValue()).toBe("");

      await pickBoard(page, "#batch-board", "Sourdough");
      for (const input of await page.locator('.batch-card [role="combobox"]').all())
        expect(await input.inputValue()).toBe("Sourdough");
      await page.locator("#batch-link").fill("https://example.com/bake-day");
      await page.getByRole("button", { name: "Apply", exact: true }).click();
      for (const input of await page.locator('.batch-card input[type="url"]').all())
        expect(await input.inputValue()).toBe("https://example.com/bake-day");
      // the preview follows the card being edited
      const third = page.locator(".batch-card").nth(2);
      await third.getByLabel("Title").fill("Crumb shot, day three");
      await waitText(page.locator(".preview-text strong"), "Crumb shot, day three");
      await imagesLoaded(page);
      await shot(page, "d-compose-batch");

      const created = page.waitForResponse((r) => r.url().endsWith("/pins/bulk") && r.status() === 201);
      await page.getByRole("button", { name: "Queue 5 pins", exact: true }).click();
      story.batch = (await (await created).json()) as Pin[];
      await page.waitForFunction(() => document.activeElement?.textContent?.startsWith("Queued 5 pins"));
      expect(await page.locator(".batch-card").count()).toBe(0);
      const queued = await api<Pin[]>("GET", "/pins?status=queued&sort=queue");
      const mine = queued.filter((q) => story.batch.some((b) => b.id === q.id));
      expect(mine.map((q) => q.queue_at)).toEqual(expected);
      expect(mine.every((q) => q.board_id === story.boards.get("Sourdough"))).toBe(true);
      expect(mine.map((q) => q.title)).toContain("Crumb shot, day three");
      await shot(page, "d-compose-batch-queued");
    },
    T,
  );

  test(
    "compose one pin: the board is required, errors sit in plain words beside their field and clear when fixed; the date chips fill the time; the preview follows",
    async () => {
      await page.goto(`${origin}/app/compose`);
      await page.locator("#image-file").setInputFiles(files[5] as string);
      // focus moves to the title once the image is up
      await page.waitForFunction(() => document.activeElement?.id === "title");
      await page.locator("#title").fill("Rye, one loaf");
      await waitText(page.locator(".preview-text strong"), "Rye, one loaf");
      await page.getByRole("button", { name: "Add to queue", exact: true }).click();
      const boardError = page.locator("#board-error");
      await waitText(boardError, "Choose a board for this pin.");
      await page.waitForFunction(() => document.activeElement?.id === "board");
      expect(await page.locator("#board").getAttribute("aria-invalid")).toBe("true");
      await shot(page, "d-compose-board-required");
      await pickBoard(page, "#board", "Sourdough");
      await boardError.waitFor({ state: "detached" });

      // An image address the API refuses: its words, translated, beside the image field.
      await page.getByRole("button", { name: "Replace image", exact: true }).click();
      await page.getByRole("button", { name: "Use an image URL instead", exact: true }).click();
      await page.locator("#media-url").fill("ftp://example.com/rye.jpg");
      const refused = page.waitForResponse((r) => r.url().endsWith("/pins") && r.status() === 422);
      await page.getByRole("button", { name: "Add to queue", exact: true }).click();
      await refused;
      const mediaError = page.locator("#media-url-error");
      await waitText(mediaError, "Use an image address that starts with https://");
      expect(await page.locator(".compose").textContent()).not.toContain("Input should be");
      await page.waitForFunction(() => document.activeElement?.id === "media-url");
      await page.locator("#media-url").fill(await uploadByApi(2));
      await mediaError.waitFor({ state: "detached" });

      // "Tomorrow 9:00" and "Next free slot" beside the date.
      await page.getByRole("button", { name: "Tomorrow 9:00", exact: true }).click();
      const tomorrow = addDays(dayKey(Date.now()), 1);
      expect(await page.locator("#when").inputValue()).toBe(`${tomorrow}T09:00`);
      const free = await api<{ occurrences: Array<{ at: string; pin_id: number | null }> }>(
        "GET",
        `/profiles/${story.profile}/schedule/occurrences?from=${iso(Date.now() + 60_000)}&to=${iso(Date.now() + 14 * DAY)}`,
      );
      const next = free.occurrences.find((o) => o.pin_id === null)?.at as string;
      await page.getByRole("button", { name: /^Next free slot/ }).click();
      const z = zonedParts(Date.parse(next), ZONE);
      expect(await page.locator("#when").inputValue()).toBe(
        `${z.year}-${pad(z.month)}-${pad(z.day)}T${pad(z.hour)}:${pad(z.minute)}`,
      );
      await shot(page, "d-compose-single");
      await page.getByRole("button", { name: "Schedule", exact: true }).click();
      await page.waitForURL(/\/app\/pins\/\d+$/);
      const pin = await pinOf(Number(page.url().split("/").at(-1)));
      expect(pin).toMatchObject({ status: "scheduled", scheduled_at: next, title: "Rye, one loaf" });
      await page.waitForFunction(() => document.activeElement?.tagName === "H1");
    },
    T,
  );

  test(
    "the calendar: a week of hour rows with recognisable thumbnails, time and board; a mouse drag and the keyboard reschedule, confirmed by the API; a draft from the tray lands on a day; an open slot composes for its time",
    async () => {
      const monday = nextMonday();
      const [tue, wed, thu, fri] = [1, 2, 3, 4].map((n) => addDays(monday, n)) as [
        string,
        string,
        string,
        string,
      ];
      const media = await Promise.all([0, 1, 2].map(uploadByApi));
      const sour = story.boards.get("Sourdough") as string;
      const dragMe = await api<Pin>("POST", "/pins", {
        board_id: story.boards.get("Small gardens"),
        media_url: media[0],
        title: "Tomato seedlings",
        scheduled_at: iso(at(tue, 10, 15)),
      });
      const keyMe = await api<Pin>("POST", "/pins", {
        board_id: story.boards.get("Balcony plants"),
        media_url: media[1],
        title: "Herbs on the balcony",
        scheduled_at: iso(at(wed, 9, 40)),
      });
      const draft = await api<Pin>("POST", "/pins", {
        board_id: sour,
        media_url: media[2],
        title: "Starter jar, still a draft",
        status: "draft",
      });

      await page.goto(`${origin}/app/calendar?view=week&date=${monday}`);
      const card = (id: number) => page.locator(`[data-pin-id="${id}"] .cal-pin`);
      await card(dragMe.id).waitFor();
      const cell = (day: string, hour: number) =>
        page.locator(`.week-cell[data-day="${day}"][data-hour="${hour}"]`);
      expect(await cell(tue, 10).locator(`[data-pin-id="${dragMe.id}"]`).count()).toBe(1);
      // recognisable: the image itself, with its time and board
      const thumb = card(dragMe.id).locator("img");
      expect(await thumb.getAttribute("src")).toBe(media[0] as string);
      expect(await card(dragMe.id).textContent()).toContain("Small gardens");
      expect(await card(dragMe.id).locator(".cal-time").textContent()).toContain("10:15");
      expect((await thumb.boundingBox())?.width).toBeGreaterThanOrEqual(32);
      // open slots are drawn in the grid
      expect(await page.locator(`.week-cell[data-day="${thu}"] .slot`).count()).toBeGreaterThan(0);
      await imagesLoaded(page);
      await shot(page, "d-calendar-week");

      // A mouse drag: Tuesday 10:15 → Thursday, the 14:00 row (the pin keeps its minutes).
      const moved = page.waitForResponse(
        (r) => r.url().endsWith(`/pins/${dragMe.id}`) && r.request().method() === "PUT",
      );
      await dragWithMouse(page, card(dragMe.id), cell(thu, 14));
      expect((await moved).status()).toBe(200);
      expect((await pinOf(dragMe.id)).scheduled_at).toBe(iso(at(thu, 14, 15)));
      await cell(thu, 14).locator(`[data-pin-id="${dragMe.id}"]`).waitFor();
      await page.waitForFunction(
        (id) => document.activeElement?.closest(`[data-pin-id="${id}"]`) !== null,
        dragMe.id,
      );

      // The keyboard: Space picks it up, → a day later, ↓ an hour later, Enter drops.
      await card(keyMe.id).focus();
      await page.keyboard.press("Space");
      await page.locator(".moving-bar").waitFor();
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("ArrowDown");
      await waitText(page.locator(".moving-bar"), "10:40");
      const keyed = page.waitForResponse(
        (r) => r.url().endsWith(`/pins/${keyMe.id}`) && r.request().method() === "PUT",
      );
      await page.keyboard.press("Enter");
      expect((await keyed).status()).toBe(200);
      expect((await pinOf(keyMe.id)).scheduled_at).toBe(iso(at(thu, 10, 40)));
      await cell(thu, 10).locator(`[data-pin-id="${keyMe.id}"]`).waitFor();

      // A draft from the tray onto Friday's 16:00 row: scheduled then.
      const trayCard = page.locator(`.tray [data-pin-id="${draft.id}"] .cal-pin`);
      await trayCard.waitFor();
      const dropped = page.waitForResponse(
        (r) => r.url().endsWith(`/pins/${draft.id}`) && r.request().method() === "PUT",
      );
      await page.evaluate(() => window.scrollTo(0, 0));
      await dragWithMouse(page, trayCard, cell(fri, 9));
      expect((await dropped).status()).toBe(200);
      expect(await pinOf(draft.id)).toMatchObject({ status: "scheduled", scheduled_at: iso(at(fri, 9, 0)) });
      await page.locator(`.tray [data-pin-id="${draft.id}"]`).waitFor({ state: "detached" });
      await imagesLoaded(page);
      await shot(page, "d-calendar-week-after-moves");

      // The month: every day with its pins and open slots.
      await page.getByRole("button", { name: "Month", exact: true }).click();
      await page.locator(`.month-cell[data-day="${thu}"] [data-pin-id="${dragMe.id}"]`).waitFor();
      await imagesLoaded(page);
      await shot(page, "d-calendar-month");

      // An open slot composes a pin for its very time.
      await page.getByRole("button", { name: "Week", exact: true }).click();
      const slot = page.locator(`.week-cell[data-day="${fri}"] .slot`).first();
      const slotAt = Number(await slot.getAttribute("data-at"));
      await slot.click();
      await page.waitForURL(/\/app\/compose\?at=/);
      const z = zonedParts(slotAt, ZONE);
      expect(await page.locator("#when").inputValue()).toBe(
        `${z.year}-${pad(z.month)}-${pad(z.day)}T${pad(z.hour)}:${pad(z.minute)}`,
      );
      await shot(page, "d-compose-for-a-slot");
    },
    T,
  );

  test(
    "live: a pin turns Published on its page without a reload, with View on Pinterest and without the actions a published pin cannot take; the calendar shows a new pin by itself",
    async () => {
      const monday = nextMonday();
      const pin = await api<Pin>("POST", "/pins", {
        board_id: story.boards.get("Coffee corner"),
        media_url: await uploadByApi(3),
        title: "Morning pour-over",
        scheduled_at: iso(at(addDays(monday, 5), 11, 0)),
      });
      await page.goto(`${origin}/app/pins/${pin.id}`);
      await waitText(page.locator(".page-header .chip"), "Scheduled");
      await page.getByRole("button", { name: "Publish now", exact: true }).waitFor();
      await page.evaluate(() => {
        (window as unknown as { notReloaded: boolean }).notReloaded = true;
      });
      // Published by someone else (a script): the page is not touched.
      await api("POST", `/pins/${pin.id}/publish`);
      await waitText(page.locator(".page-header .chip"), "Published");
      await page.getByRole("link", { name: /^View on the demo Pinterest/ }).waitFor();
      await page.getByRole("button", { name: "Publish now", exact: true }).waitFor({ state: "detached" });
      expect(await page.getByRole("link", { name: "Edit", exact: true }).count()).toBe(0);
      expect(await page.getByRole("button", { name: "Delete", exact: true }).count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
        true,
      );
      await imagesLoaded(page);
      await shot(page, "d-pin-published-live");

      await page.goto(`${origin}/app/calendar?view=week&date=${monday}`);
      await page.locator(".week-cell").first().waitFor();
      await page.evaluate(() => {
        (window as unknown as { notReloaded: boolean }).notReloaded = true;
      });
      const late = await api<Pin>("POST", "/pins", {
        board_id: story.boards.get("Yoga at home"),
        media_url: await uploadByApi(4),
        title: "Evening stretch",
        scheduled_at: iso(at(addDays(monday, 2), 17, 45)),
      });
      await page
        .locator(`.week-cell[data-day="${addDays(monday, 2)}"][data-hour="17"] [data-pin-id="${late.id}"]`)
        .waitFor();
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
        true,
      );
    },
    T,
  );

  test(
    "words for people: the daily limit says how it is raised (the Admin page for an admin, the admin for others); a waiting account opens by itself when approved; empty pages say what to do first; a long unbroken title widens nothing",
    async () => {
      // The admin reaches their limit.
      await api("PUT", `/admin/users/${story.me.id}`, { daily_pin_limit: 1 });
      await page.goto(`${origin}/app/compose`);
      await page.locator("#image-file").setInputFiles(files[0] as string);
      await page.waitForFunction(() => document.activeElement?.id === "title");
      await pickBoard(page, "#board", "Sourdough");
      await page.getByRole("button", { name: "Add to queue", exact: true }).click();
      const limit = page.locator(".compose .error-text[role=alert]");
      await waitText(limit, "You have reached today's limit of 1 new pin.");
      await limit.getByRole("link", { name: "raise your daily limit on the Admin page" }).waitFor();
      const midnight = new Date();
      midnight.setUTCHours(24, 0, 0, 0);
      const local = new Intl.DateTimeFormat("en-US", {
        hour: "numeric",
        minute: "2-digit",
        timeZone: ZONE,
      }).format(midnight);
      expect(await limit.textContent()).toContain(`(${local} your time)`);
      await shot(page, "d-compose-daily-limit-admin");
      await api("PUT", `/admin/users/${story.me.id}`, { daily_pin_limit: 100 });

      // Someone else signs in: they wait, and their page opens by itself once approved.
      const other = await browser.newContext({ viewport: DESKTOP, timezoneId: ZONE });
      await watchContext(other);
      const o = await other.newPage();
      await o.goto(server.url);
      await o.getByRole("link", { name: "Continue with Pinterest", exact: true }).click();
      await o.locator("button[data-account-id]").nth(1).click();
      signedIn.add(other);
      await o.getByRole("heading", { name: "Waiting for approval" }).waitFor();
      const them = await o.request.get(`${origin}/auth/me`).then((r) => r.json() as Promise<{ id: number }>);
      await api("PUT", `/admin/users/${them.id}`, { status: "approved", daily_pin_limit: 0 });
      await o.getByRole("heading", { name: "Calendar", exact: true }).waitFor();
      await waitText(o.locator(".tray"), "Nothing waiting.");
      await o.goto(`${origin}/app/pins`);
      await o.getByRole("heading", { name: "No pins yet" }).waitFor();
      await o.getByRole("link", { name: "Create your first pin" }).waitFor();
      await shot(o, "d-pins-empty");
      await o.goto(`${origin}/app/queue`);
      await o.getByRole("heading", { name: "The queue is empty" }).waitFor();
      await o.goto(`${origin}/app/compose`);
      await o.locator("#image-file").setInputFiles(files[1] as string);
      await o.waitForFunction(() => document.activeElement?.id === "title");
      const theirBoards = (await (await o.request.get(`${origin}/boards`)).json()) as {
        items: Array<{ name: string }>;
      };
      await pickBoard(o, "#board", theirBoards.items[0]?.name as string);
      await o.getByRole("button", { name: "Add to queue", exact: true }).click();
      await waitText(
        o.locator(".compose .error-text[role=alert]"),
        "Ask the admin of this PinFlow to raise it.",
      );
      expect(await o.locator(".compose .error-text[role=alert] a").count()).toBe(0);
      await shot(o, "d-compose-daily-limit-member");
      await other.close();

      // A long unbroken title.
      const long = await api<Pin>("POST", "/pins", {
        board_id: story.boards.get("Typography"),
        media_url: await uploadByApi(5),
        title: "W".repeat(256),
        status: "draft",
      });
      await page.goto(`${origin}/app/pins/${long.id}`);
      await page.locator(".detail-image").waitFor();
      await noHorizontalOverflow(page, DESKTOP.width);
      const pp = await phonePage();
      await pp.goto(`${origin}/app/pins/${long.id}`);
      await pp.locator(".detail-image").waitFor();
      await noHorizontalOverflow(pp, PHONE.width);
      await imagesLoaded(pp);
      await shot(pp, "p-pin-long-title");
    },
    T,
  );

  test(
    "phone and keyboard: every page fits 390 px (tables become cards); a skip link; a waiting pin moved with Move and a tap; the API key is selected with 'press Ctrl+C' where the Clipboard API is missing",
    async () => {
      const pp = await phonePage();
      const pages: Array<[string, string, string]> = [
        ["/app/calendar", ".agenda-day", "calendar-week"],
        ["/app/calendar?view=month", ".month-cell", "calendar-month"],
        ["/app/queue", "li[data-pin-id]", "queue"],
        ["/app/pins", ".pin-line", "pins"],
        [`/app/pins/${story.batch[0]?.id}`, ".detail-image", "pin"],
        ["/app/compose", ".dropzone", "compose"],
        ["/app/schedule", ".day-editor", "schedule"],
        ["/app/collections", "#collection-name", "collections"],
        ["/app/boards", ".boards-table tbody tr", "boards"],
        ["/app/webhooks", "#hook-url", "webhooks"],
        ["/app/admin", "tr[data-user]", "admin"],
        ["/app/settings", "#key-name", "settings"],
      ];
      for (const [path, ready, name] of pages) {
        await pp.goto(`${origin}${path}`);
        await pp.locator(ready).first().waitFor();
        await imagesLoaded(pp);
        await noHorizontalOverflow(pp, PHONE.width);
        await shot(pp, `p-${name}`);
      }
      // tables are cards: the second user's Suspend button is on screen, not off to the right
      await pp.goto(`${origin}/app/admin`);
      const suspend = pp.locator("tr[data-user]").nth(1).getByRole("button", { name: "Suspend" });
      const box = await suspend.boundingBox();
      expect((box?.x ?? 999) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
      // the batch grid on a phone
      await pp.goto(`${origin}/app/compose`);
      await pp.locator("#image-file").setInputFiles(files.slice(0, 2));
      await pp.locator(".batch-card").nth(1).waitFor();
      await pp.waitForFunction(() => document.querySelectorAll('[role="progressbar"]').length === 0);
      await noHorizontalOverflow(pp, PHONE.width);
      await shot(pp, "p-compose-batch");

      // Touch: "Move", then a tap on a day, keeps the pin's time of day.
      const monday = nextMonday();
      const target = addDays(monday, 6);
      await pp.goto(`${origin}/app/calendar?view=week&date=${monday}`);
      const seedling = (await api<Pin[]>("GET", "/pins?status=scheduled&title=Tomato")).at(0) as Pin;
      await pp.getByRole("button", { name: `Move ${seedling.title}` }).click();
      const moved = pp.waitForResponse(
        (r) => r.url().endsWith(`/pins/${seedling.id}`) && r.request().method() === "PUT",
      );
      await pp.locator(`.agenda-day[data-day="${target}"] .agenda-head`).click();
      expect((await moved).status()).toBe(200);
      expect((await pinOf(seedling.id)).scheduled_at).toBe(iso(at(target, 14, 15)));

      // The skip link is the first stop and takes the keyboard to the page.
      await page.goto(`${origin}/app/queue`);
      await page.locator("li[data-pin-id]").first().waitFor();
      await page.keyboard.press("Tab");
      const skip = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const r = el.getBoundingClientRect();
        return {
          text: el.textContent,
          visible: r.top >= 0 && r.height > 0,
          outline: getComputedStyle(el).outlineStyle,
        };
      });
      expect(skip).toMatchObject({ text: "Skip to content", visible: true });
      expect(skip.outline).not.toBe("none");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.id === "main");

      // No Clipboard API (plain http on a LAN name): the key is selected and the page says press Ctrl+C.
      const insecure = await browser.newContext({
        viewport: DESKTOP,
        storageState: await desktop.storageState(),
      });
      signedIn.add(insecure);
      await watchContext(insecure);
      await insecure.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined });
      });
      const ip = await insecure.newPage();
      await ip.goto(`${origin}/app/settings`);
      await ip.locator("#key-name").fill("n8n on the LAN");
      await ip.getByRole("button", { name: "Generate Key", exact: true }).click();
      const secret = ip.getByTestId("secret-key");
      await secret.waitFor();
      await ip.getByRole("button", { name: "Copy", exact: true }).click();
      await waitText(ip.locator(".copy-hint"), "press Ctrl+C");
      const selection = await ip.evaluate(() => {
        const el = document.activeElement as HTMLInputElement;
        return {
          testid: el.dataset.testid,
          start: el.selectionStart,
          end: el.selectionEnd,
          length: el.value.length,
        };
      });
      expect(selection).toMatchObject({ testid: "secret-key", start: 0 });
      expect(selection.end).toBe(selection.length);
      await shot(ip, "d-settings-copy-fallback");
      await insecure.close();
    },
    T,
  );

  test(
    "every other page renders at desktop width",
    async () => {
      for (const [path, ready, name] of [
        ["/app/queue", "li[data-pin-id]", "queue"],
        ["/app/pins", ".pin-line", "pins"],
        ["/app/collections", "#collection-name", "collections"],
        ["/app/boards", ".boards-table tbody tr", "boards"],
        ["/app/webhooks", "#hook-url", "webhooks"],
        ["/app/admin", "tr[data-user]", "admin"],
        ["/app/settings?tab=account", "#timezone", "settings-account"],
      ] as const) {
        await page.goto(`${origin}${path}`);
        await page.locator(ready).first().waitFor();
        await imagesLoaded(page);
        await noHorizontalOverflow(page, DESKTOP.width);
        await shot(page, `d-${name}`);
      }
    },
    T,
  );

  test("no request left the PinFlow origin and no page logged an error", () => {
    console.log(`the story made ${seen.requested.length} requests`);
    const elsewhere = seen.requested.filter(
      (url) => !url.startsWith("data:") && !url.startsWith("blob:") && new URL(url).origin !== origin,
    );
    expect(elsewhere).toEqual([]);
    expect(seen.blocked).toEqual([]);
    expect(seen.problems).toEqual([]);
  });
});
