/**
 * The Analytics page in Debian's Chromium (playwright-core), against one real PinFlow process in emulator mode.
 * Twelve pins are composed and published through the API, and the analytics job is run from the admin API: it
 * fetches the demo account's 90 days of totals from the built-in emulator. Pinterest reports a pin's day once
 * it is over, so pins published now have no numbers yet; their history is then written into the database as
 * PinFlow would have kept it — each pin moved back in time (up to 100 days, past Pinterest's window) with the
 * numbers the emulator's own model gives a pin made then. Pages are saved as e2e/artifacts/analytics/NN-*.png;
 * no request may leave the origin and no page may log an error.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { pinDayCounts } from "../src/pinterest/emulator/emulator.analytics";
import { DEMO_ACCOUNTS } from "../src/pinterest/emulator/emulator.seed";
import type { PinRecord } from "../src/pinterest/emulator/emulator.state";
import { noHorizontalOverflow, openStory, type Story, waitText } from "./browser-kit";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 800 };
const T = 90_000;
const DAY = 86_400_000;

interface Pin {
  id: number;
  title: string | null;
  board_id: string;
  media_url: string;
  link: string | null;
  status: string;
  pinterest_pin_id: string | null;
}

let s: Story;
let origin: string;
let context: BrowserContext;
let page: Page;
const story = { pins: [] as Pin[], topPinId: 0 };

const shot = (p: Page, name: string) => s.shot(p, name);
const api = <B>(method: string, path: string, data?: unknown) => s.api<B>(method, path, data);
const upload = (rgb: [number, number, number]) => s.uploadPng(300, 450, rgb);

const TITLES = [
  "Sourdough starter, day 5",
  "Balcony tomatoes in July",
  "A reading nook under the stairs",
  "Ten-minute weeknight noodles",
  "Watercolour lemons, step by step",
  "Capsule wardrobe for autumn",
  "Lisbon in three days",
  "Cabin kitchen ideas",
  "Trail running shoes, tested",
  "Colour palette: sage and rust",
  "Kids crafts for rainy days",
  "Coffee corner on a budget",
];

/**
 * The history PinFlow would have kept: pin i published (8i + 12) days ago — evenings (20:30 UTC) for even
 * i, mornings (07:00 UTC) for odd i — with the emulator's numbers for a pin made then, every day up to
 * yesterday.
 */
function writeHistory(pins: Pin[]) {
  const db = new Database(join(s.dataDir, "pinflow.db"));
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    const studio = DEMO_ACCOUNTS[0];
    if (!studio) throw new Error("no demo account");
    const today = Math.floor(Date.now() / DAY) * DAY;
    const profile = (db.query("SELECT id FROM profiles ORDER BY id LIMIT 1").get() as { id: number }).id;
    const insert = db.query(
      `INSERT OR REPLACE INTO pin_metrics (profile_id, date, pin_id, impressions, saves, pin_clicks, outbound_clicks, fetched_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      pins.forEach((pin, i) => {
        const publishedAt = today - (8 * i + 12) * DAY + (i % 2 === 0 ? 20.5 : 7) * 3_600_000;
        db.query("UPDATE pins SET published_at = ? WHERE id = ?").run(publishedAt, pin.id);
        const record = {
          id: pin.pinterest_pin_id as string,
          accountId: studio.id,
          link: pin.link,
          createdAt: publishedAt,
          deletedAt: null,
        } as PinRecord;
        for (let d = Math.floor(publishedAt / DAY) * DAY; d < today; d += DAY) {
          const c = pinDayCounts(record, studio, d);
          const date = new Date(d).toISOString().slice(0, 10);
          insert.run(profile, date, pin.id, c.IMPRESSION, c.SAVE, c.PIN_CLICK, c.OUTBOUND_CLICK, Date.now());
        }
      });
    })();
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  s = await openStory({ name: "analytics", context: { viewport: DESKTOP } });
  ({ origin, context, page } = s);
}, 60_000);

afterAll(() => s?.close(), 30_000);

describe("the Analytics page in a real browser", () => {
  test(
    "twelve pins are published, and the analytics job fetches the account's totals from the emulator",
    async () => {
      await s.signIn();

      const images = await Promise.all(
        (
          [
            [200, 90, 60],
            [70, 130, 90],
            [60, 100, 170],
            [210, 170, 60],
          ] as Array<[number, number, number]>
        ).map(upload),
      );
      const boards = (await api<{ items: Array<{ id: string; name: string }> }>("GET", "/boards")).items;
      for (const [i, title] of TITLES.entries()) {
        const pin = await api<Pin>("POST", "/pins", {
          board_id: boards[i % 3]?.id,
          media_url: images[i % images.length],
          title,
          link: `https://blog.example.com/${i}`,
          // a draft waits for "publish now" (a queued pin would go at the scheduler's next tick)
          status: "draft",
        });
        story.pins.push(await api<Pin>("POST", `/pins/${pin.id}/publish`));
      }
      expect(story.pins.every((p) => p.status === "published")).toBe(true);

      // two firings: the account (1 call a minute for a small run), then the run is seen to be over
      for (let i = 0; i < 2; i++) await api("POST", "/admin/jobs/analytics/run");
      const summary = await api<{ availability: { status: string }; account_days: unknown[] }>(
        "GET",
        "/analytics/summary?limit=5",
      );
      expect(summary.availability.status).toBe("ok");
      expect(summary.account_days.length).toBeGreaterThanOrEqual(29);
      writeHistory(story.pins);
    },
    T,
  );

  test(
    "shows totals, the daily chart, top pins with thumbnails and per-board bars",
    async () => {
      await page.locator(".sidebar").getByRole("link", { name: "Analytics", exact: true }).click();
      await page.waitForURL(`${origin}/app/analytics`);
      await page.getByRole("heading", { name: "Impressions per day", exact: true }).waitFor();
      await waitText(page.locator(".page-header .subtitle"), "@pinflow_studio on Pinterest");
      await page.locator(".time-chart svg path").first().waitFor();
      const stats = await page.locator(".stat-value").allTextContents();
      expect(stats).toHaveLength(4);
      expect(Number(stats[0]?.replace(/,/g, ""))).toBeGreaterThan(1000);
      await waitText(page.locator(".stat-sub").first(), "on the whole account");
      const top = page.locator(".top-pins li");
      expect(await top.count()).toBe(5);
      expect(await top.first().locator("img").getAttribute("src")).toContain("/static/uploads/");
      story.topPinId = Number((await top.first().locator("a").getAttribute("href"))?.split("/").at(-1));
      expect(await page.locator(".bar-list li").count()).toBe(3);
      await page.getByText("Last fetched from Pinterest").waitFor();
      await waitText(page.locator(".best-times"), /From 1[01] of your pins/);
      await shot(page, "analytics-90-days");
    },
    T,
  );

  test(
    "picking saves redraws the chart, hovering reads out a day, and a year shows the history past 90 days",
    async () => {
      await page.locator(".stat", { hasText: "Saves" }).click();
      await page.getByRole("heading", { name: "Saves per day", exact: true }).waitFor();
      await waitText(page.locator(".top-pins").locator(".."), "Top pins by saves");
      const chart = page.locator(".time-chart svg");
      const box = await chart.boundingBox();
      if (!box) throw new Error("no chart");
      await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2);
      await waitText(page.locator(".chart-tip"), "PinFlow's pins:");
      await shot(page, "analytics-saves-hover");

      await page.getByRole("button", { name: "1 year", exact: true }).click();
      await waitText(page.locator(".page-header .subtitle"), /20\d\d – /);
      await page.waitForFunction(() => {
        const label = document.querySelector(".time-chart svg")?.getAttribute("aria-label") ?? "";
        return label.includes("365 days");
      });
      await page.mouse.move(0, 0);
      await shot(page, "analytics-1-year");
    },
    T,
  );

  test(
    "the suggested best times become the posting schedule",
    async () => {
      const suggested = await page.locator(".slot-chips li").allTextContents();
      expect(suggested).toHaveLength(7);
      await page.getByRole("button", { name: "Use as posting schedule", exact: true }).click();
      await page.getByText("Posting schedule updated").waitFor();
      const me = await api<{ selected_profile_id: number }>("GET", "/auth/me");
      const schedule = await api<{ slots: Array<{ day: string; time: string }> }>(
        "GET",
        `/profiles/${me.selected_profile_id}/schedule`,
      );
      const words: Record<string, string> = {
        mon: "Mon",
        tue: "Tue",
        wed: "Wed",
        thu: "Thu",
        fri: "Fri",
        sat: "Sat",
        sun: "Sun",
      };
      expect(schedule.slots.map((s) => `${words[s.day]} ${s.time}`).sort()).toEqual([...suggested].sort());
      await shot(page, "analytics-schedule-applied");
    },
    T,
  );

  test(
    "a published pin's page charts its own numbers",
    async () => {
      await page.locator(`.top-pins a[href="/app/pins/${story.topPinId}"]`).click();
      await page.waitForURL(`${origin}/app/pins/${story.topPinId}`);
      await page.getByRole("heading", { name: "On Pinterest", exact: true }).waitFor();
      await page.locator(".pin-chart .time-chart svg path").first().waitFor();
      const totals = await page.locator(".pin-chart .metric-row dd").allTextContents();
      expect(Number(totals[0]?.replace(/,/g, ""))).toBeGreaterThan(100);
      await shot(page, "pin-chart");
    },
    T,
  );

  test(
    "on a phone the page fits the screen",
    async () => {
      const phone = await s.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
      await s.watch(phone);
      await phone.addCookies(await context.cookies());
      const small = await phone.newPage();
      await small.goto(`${origin}/app/analytics`);
      await small.locator(".time-chart svg path").first().waitFor();
      await small.locator(".top-pins li").first().waitFor();
      await noHorizontalOverflow(small, PHONE.width);
      await shot(small, "analytics-phone");
      await phone.close();
    },
    T,
  );

  test("no request left the PinFlow origin and no page logged an error", () => {
    const elsewhere = s.requested.filter((url) => !url.startsWith("data:") && new URL(url).origin !== origin);
    expect(elsewhere).toEqual([]);
    expect(s.blocked).toEqual([]);
    expect(s.problems).toEqual([]);
  });
});
