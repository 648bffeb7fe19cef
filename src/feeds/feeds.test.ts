import { afterEach, describe, expect, test } from "bun:test";
import type { Resolve } from "../shared/net";
import { pinSetup, secondUser } from "../testing/pin-setup";
import { FEED_TIMEOUT_MS, MAX_FEED_BYTES, NO_IMAGE_NOTE, pollDueFeeds, USER_AGENT } from "./feeds.poll";

const MINUTE = 60_000;

/** Fake DNS: the blog's name points at the local feed server; a "public" name for redirect tests. */
const resolve: Resolve = async (name) => {
  if (name === "blog.example.net") return ["127.0.0.1"];
  if (name === "public.example.com") return ["93.184.216.34"];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
};

const servers: Array<{ stop(force?: boolean): unknown }> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.stop(true);
});

type Handler = (req: Request) => Response | Promise<Response>;

/** A blog on 127.0.0.1 whose answer each test sets; every request it gets is kept. */
function blog(initial: Handler) {
  let handler = initial;
  // copies: Bun may recycle a request's headers once it has been answered
  const requests: Array<{ url: string; headers: Headers }> = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      requests.push({ url: req.url, headers: new Headers(req.headers) });
      return handler(req);
    },
  });
  servers.push(server);
  return {
    requests,
    set: (h: Handler) => {
      handler = h;
    },
    url: (path = "/feed.xml") => `http://blog.example.net:${server.port}${path}`,
  };
}

const xml = (body: string, headers: Record<string, string> = {}) =>
  new Response(body, { headers: { "content-type": "application/rss+xml; charset=utf-8", ...headers } });

interface Item {
  guid?: string;
  title: string;
  link?: string;
  date?: string;
  description?: string;
  image?: string;
}

const rss = (items: Item[], title = "The Sourdough Blog") =>
  `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>${title}</title><link>https://blog.example.net/</link>
${items
  .map(
    (i) => `<item>
  <title>${i.title}</title>
  ${i.link ? `<link>${i.link}</link>` : ""}
  ${i.guid ? `<guid isPermaLink="false">${i.guid}</guid>` : ""}
  ${i.date ? `<pubDate>${i.date}</pubDate>` : ""}
  ${i.description ? `<description><![CDATA[${i.description}]]></description>` : ""}
  ${i.image ? `<media:content url="${i.image}" medium="image"/>` : ""}
</item>`,
  )
  .join("\n")}
</channel></rss>`;

const post = (n: number, extra: Partial<Item> = {}): Item => ({
  guid: `post-${n}`,
  title: `Post ${n}`,
  link: `https://blog.example.net/posts/${n}`,
  date: new Date(Date.UTC(2026, 3, n, 9)).toUTCString(),
  description: `<p>About post ${n}.</p>`,
  image: `https://images.example.com/${n}.jpg`,
  ...extra,
});

async function setup(opts: { allowPrivate?: boolean; dailyLimit?: number } = {}) {
  const s = await pinSetup({
    resolve,
    dailyLimit: opts.dailyLimit,
    config: { webhookAllowPrivate: opts.allowPrivate ?? true },
  });
  const follow = async (url: string, extra: Record<string, unknown> = {}) => {
    const res = await s.as("/feeds", {
      method: "POST",
      json: { url, board_id: s.board, mode: "queue", ...extra },
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: number };
  };
  const feed = async (id: number) => (await s.as(`/feeds/${id}`)).json();
  const poll = () => pollDueFeeds(s.t.deps);
  /** The poll interval passes and the due feeds are read. */
  const later = async (ms = 30 * MINUTE) => {
    s.t.clock.advance(ms);
    return poll();
  };
  const pins = async () => (await s.as("/pins?sort=queue")).json();
  return { ...s, follow, feed, poll, later, pins };
}

describe("reading an RSS feed", () => {
  test("the first read pins nothing already there; a new item then becomes a queued pin with the item's text, link and image", async () => {
    const s = await setup();
    const b = blog(() => xml(rss([post(2), post(1)])));
    const { id } = await s.follow(b.url());
    expect(await s.poll()).toEqual({ polled: 1 });
    let f = await s.feed(id);
    expect(f).toMatchObject({
      title: "The Sourdough Blog",
      format: "rss2",
      last_status: 200,
      last_error: null,
      items_seen: 2,
      pins_created: 0,
      next_poll_at: "2026-05-01T12:30:00Z",
    });
    expect(f.recent_items.map((i: { outcome: string }) => i.outcome)).toEqual(["skipped", "skipped"]);
    expect(await s.pins()).toEqual([]);
    expect(b.requests[0]?.headers.get("user-agent")).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/^PinFlow\/\d+\.\d+\.\d+ \(\+feed reader\)$/);

    b.set(() =>
      xml(
        rss([
          post(3, {
            title: "Rye &amp; spelt",
            description: "<p>Dense, <b>dark</b> &amp; sour.</p><p>Second paragraph.</p>",
          }),
          post(2),
          post(1),
        ]),
      ),
    );
    expect(await s.poll()).toEqual({ polled: 0 }); // not due yet
    await s.later();
    const [pin] = await s.pins();
    expect(pin).toMatchObject({
      status: "queued",
      board_id: s.board,
      title: "Rye & spelt",
      description: "Dense, dark & sour.\n\nSecond paragraph.",
      link: "https://blog.example.net/posts/3",
      media_url: "https://images.example.com/3.jpg",
    });
    f = await s.feed(id);
    expect(f.recent_items[0]).toMatchObject({
      outcome: "pinned",
      pin_id: pin.id,
      pin_status: "queued",
      title: "Rye & spelt",
    });
    expect(f.pins_created).toBe(1);
  });

  test("backfill: n pins the newest n items on the first read, oldest first in the queue", async () => {
    const s = await setup();
    const b = blog(() => xml(rss([post(1), post(3), post(2)])));
    await s.follow(b.url(), { backfill: 2 });
    await s.poll();
    expect((await s.pins()).map((p: { title: string }) => p.title)).toEqual(["Post 2", "Post 3"]);
  });

  test("mode draft makes drafts", async () => {
    const s = await setup();
    const b = blog(() => xml(rss([post(1)])));
    await s.follow(b.url(), { backfill: 1, mode: "draft" });
    await s.poll();
    expect((await s.pins())[0].status).toBe("draft");
  });

  test("an item without an image becomes a draft that says so", async () => {
    const s = await setup();
    const b = blog(() => xml(rss([post(1, { image: undefined, description: "Just words." })])));
    const { id } = await s.follow(b.url(), { backfill: 1 });
    await s.poll();
    const [pin] = await s.pins();
    expect(pin).toMatchObject({ status: "draft", media_url: "", error_message: NO_IMAGE_NOTE });
    expect((await s.feed(id)).recent_items[0].note).toBe(NO_IMAGE_NOTE);
    // it cannot be queued until it has one: the pre-flight says why
    const queued = await s.as(`/pins/${pin.id}`, { method: "PUT", json: { status: "queued" } });
    expect((await queued.json()).status).toBe("review");
  });

  test("the image comes from enclosure, media:thumbnail or the first real <img> when there is no media:content", async () => {
    const s = await setup();
    const body = `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>B</title>
<item><guid>a</guid><title>Enclosure</title><link>https://blog.example.net/a</link><enclosure url="https://images.example.com/a.png" type="image/png" length="9"/></item>
<item><guid>b</guid><title>Thumbnail</title><link>https://blog.example.net/b</link><media:thumbnail url="https://images.example.com/b.jpg"/></item>
<item><guid>c</guid><title>Inline</title><link>https://blog.example.net/c</link><content:encoded><![CDATA[<img src="/pixel.gif" width="1" height="1"><p><img src="/img/c.jpg" alt="A loaf"></p>]]></content:encoded></item>
</channel></rss>`;
    const b = blog(() => xml(body));
    await s.follow(b.url(), { backfill: 3 });
    await s.poll();
    const pins = await s.pins();
    expect(
      pins.map((p: { media_url: string; alt_text: string | null }) => [p.media_url, p.alt_text]),
    ).toEqual([
      ["https://blog.example.net/img/c.jpg", "A loaf"],
      ["https://images.example.com/b.jpg", null],
      ["https://images.example.com/a.png", null],
    ]);
  });

  test("text is cut to Pinterest's limits at a word, with an ellipsis", async () => {
    const s = await setup();
    const longTitle = "Word ".repeat(40).trim();
    const longText = `<p>${"sourdough ".repeat(120)}</p>`;
    const b = blog(() => xml(rss([post(1, { title: longTitle, description: longText })])));
    await s.follow(b.url(), { backfill: 1 });
    await s.poll();
    const [pin] = await s.pins();
    expect(pin.title.length).toBeLessThanOrEqual(100);
    expect(pin.title).toEndWith("Word…");
    expect(pin.description.length).toBeLessThanOrEqual(800);
    expect(pin.description).toEndWith("sourdough…");
    expect(pin.status).toBe("queued");
  });
});

describe("Atom and RSS 1.0", () => {
  test("an Atom feed's entries become pins: alternate link, summary, enclosure link or XHTML image", async () => {
    const s = await setup();
    const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Kitchen</title><id>urn:k</id><updated>2026-04-02T10:00:00Z</updated>
<entry><id>urn:k:1</id><title type="html">Crumb &lt;em&gt;shots&lt;/em&gt;</title><link rel="alternate" href="https://blog.example.net/1"/><link rel="enclosure" type="image/jpeg" href="https://images.example.com/k1.jpg"/><published>2026-04-01T10:00:00Z</published><summary type="html">&lt;p&gt;Open crumb.&lt;/p&gt;</summary></entry>
<entry><id>urn:k:2</id><title>Second</title><link href="https://blog.example.net/2"/><updated>2026-04-02T10:00:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Look <img src="https://images.example.com/k2.jpg" alt="k2"/></p></div></content></entry>
</feed>`;
    const b = blog(() => new Response(atom, { headers: { "content-type": "application/atom+xml" } }));
    const { id } = await s.follow(b.url("/atom"), { backfill: 5 });
    await s.poll();
    expect((await s.feed(id)).format).toBe("atom");
    expect(
      (await s.pins()).map((p: { title: string; link: string; media_url: string; description: string }) => [
        p.title,
        p.link,
        p.media_url,
        p.description,
      ]),
    ).toEqual([
      ["Crumb shots", "https://blog.example.net/1", "https://images.example.com/k1.jpg", "Open crumb."],
      ["Second", "https://blog.example.net/2", "https://images.example.com/k2.jpg", "Look"],
    ]);
  });

  test("an RSS 1.0 (RDF) feed is read, its items known by rdf:about", async () => {
    const s = await setup();
    const rdf = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://blog.example.net/"><title>RDF bakes</title></channel>
<item rdf:about="https://blog.example.net/r1"><title>R1</title><link>https://blog.example.net/r1</link><dc:date>2026-04-01T10:00:00Z</dc:date><description>&lt;img src="https://images.example.com/r1.jpg"&gt; Rolls</description></item>
</rdf:RDF>`;
    const b = blog(() => xml(rdf));
    const { id } = await s.follow(b.url("/index.rdf"), { backfill: 1 });
    await s.poll();
    expect(await s.feed(id)).toMatchObject({ format: "rss1", title: "RDF bakes" });
    expect((await s.pins())[0]).toMatchObject({
      title: "R1",
      media_url: "https://images.example.com/r1.jpg",
      description: "Rolls",
    });
  });
});

describe("only new items, once", () => {
  test("ETag and Last-Modified are sent back, and a 304 changes nothing", async () => {
    const s = await setup();
    const b = blog((req) =>
      req.headers.get("if-none-match") === '"v1"'
        ? new Response(null, { status: 304, headers: { etag: '"v1"' } })
        : xml(rss([post(1)]), { etag: '"v1"', "last-modified": "Wed, 01 Apr 2026 09:00:00 GMT" }),
    );
    const { id } = await s.follow(b.url());
    await s.poll();
    await s.later();
    expect(b.requests[1]?.headers.get("if-none-match")).toBe('"v1"');
    expect(b.requests[1]?.headers.get("if-modified-since")).toBe("Wed, 01 Apr 2026 09:00:00 GMT");
    expect(await s.feed(id)).toMatchObject({
      last_status: 304,
      last_error: null,
      items_seen: 1,
      failures: 0,
    });
  });

  test("a republished item — same guid, new date and title — or a link-only item seen again makes no second pin", async () => {
    const s = await setup();
    const linkOnly = { guid: undefined, link: "https://blog.example.net/no-guid", title: "No guid" };
    const b = blog(() => xml(rss([post(1), post(9, linkOnly)])));
    const { id } = await s.follow(b.url(), { backfill: 2 });
    await s.poll();
    expect(await s.pins()).toHaveLength(2);
    b.set(() =>
      xml(
        rss([
          post(1, { title: "Post 1 (updated)", date: "Fri, 01 May 2026 08:00:00 GMT" }),
          post(9, { ...linkOnly, title: "No guid, again" }),
        ]),
      ),
    );
    await s.later();
    await s.later();
    expect(await s.pins()).toHaveLength(2);
    expect((await s.feed(id)).items_seen).toBe(2);
  });

  test("at most one request per feed is in flight: a second run finds nothing to claim", async () => {
    const s = await setup();
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let arrived: () => void = () => {};
    const reached = new Promise<void>((r) => {
      arrived = r;
    });
    const b = blog(async () => {
      arrived();
      await held;
      return xml(rss([post(1)]));
    });
    const { id } = await s.follow(b.url());
    const first = s.poll();
    await reached;
    expect((await s.feed(id)).polling).toBe(true);
    expect(await s.poll()).toEqual({ polled: 0 });
    release();
    expect(await first).toEqual({ polled: 1 });
    expect(b.requests).toHaveLength(1);
    expect((await s.feed(id)).polling).toBe(false);
  });

  test("new items past the daily limit wait for the next read, and the feed says why", async () => {
    const s = await setup({ dailyLimit: 1 });
    const b = blog(() => xml(rss([post(2), post(1)])));
    const { id } = await s.follow(b.url(), { backfill: 2 });
    await s.poll();
    expect(await s.pins()).toHaveLength(1);
    expect((await s.feed(id)).last_error).toBe(
      "New items wait: Daily pin limit of 1 reached. Resets at midnight UTC.",
    );
    await s.later(24 * 60 * MINUTE);
    expect(await s.pins()).toHaveLength(2);
    expect((await s.feed(id)).last_error).toBeNull();
  });
});

describe("a feed that fails", () => {
  test("malformed XML is the feed's error, the next attempt backs off, and a fixed feed recovers", async () => {
    const s = await setup();
    const b = blog(() => xml("<rss><channel><item><title>x</channel></rss>"));
    const { id } = await s.follow(b.url());
    await s.poll();
    let f = await s.feed(id);
    expect(f.last_error).toStartWith("The feed is not well-formed XML (line 1:");
    expect(f).toMatchObject({ failures: 1, last_status: 200, next_poll_at: "2026-05-01T12:30:00Z" });
    await s.later();
    f = await s.feed(id);
    expect(f).toMatchObject({ failures: 2, next_poll_at: "2026-05-01T13:30:00Z" }); // 1 h after 12:30
    b.set(() => xml(rss([post(1)])));
    await s.later(60 * MINUTE);
    f = await s.feed(id);
    expect(f).toMatchObject({ failures: 0, last_error: null, format: "rss2" });
  });

  test.each([
    [
      "a web page",
      () =>
        new Response("<!DOCTYPE html><html><body>Blog</body></html>", {
          headers: { "content-type": "text/html" },
        }),
      "The URL answered with a web page (HTML), not an RSS or Atom feed.",
    ],
    ["a 500", () => new Response("oops", { status: 500 }), "The feed answered HTTP 500."],
    [
      "another XML document",
      () => xml("<?xml version='1.0'?><sitemap/>"),
      "This is not an RSS or Atom feed (its root element is <sitemap>).",
    ],
    [
      "more than 2 MB",
      () => xml(`<rss>${" ".repeat(MAX_FEED_BYTES)}</rss>`),
      "The feed is larger than 2 MB.",
    ],
  ])("%s is an error on the feed", async (_name, answer, error) => {
    const s = await setup();
    const b = blog(answer);
    const { id } = await s.follow(b.url());
    await s.poll();
    expect((await s.feed(id)).last_error).toBe(error);
  });

  test("410 Gone pauses the feed with the reason", async () => {
    const s = await setup();
    const b = blog(() => new Response("", { status: 410 }));
    const { id } = await s.follow(b.url());
    await s.poll();
    expect(await s.feed(id)).toMatchObject({
      is_active: false,
      next_poll_at: null,
      paused_reason: "Paused: the feed answered 410 Gone. Check the URL, then resume it.",
    });
  });

  test("a read that times out says so", async () => {
    const s = await setup();
    const { id } = await s.follow("http://blog.example.net:9/feed.xml");
    const timeout = () => Promise.reject(new DOMException("The operation timed out.", "TimeoutError"));
    await pollDueFeeds({ ...s.t.deps, fetch: timeout });
    expect((await s.feed(id)).last_error).toBe(`No complete answer within ${FEED_TIMEOUT_MS / 1000} s.`);
  });

  test("the poll job reads due feeds on the scheduler's tick", async () => {
    const s = await setup();
    const b = blog(() => xml(rss([post(1)])));
    const { id } = await s.follow(b.url());
    s.t.scheduler.start();
    s.t.clock.advance(1000);
    const { fired, done } = s.t.triggers.fireDue();
    expect(fired).toContain("poll-feeds");
    await done;
    expect((await s.feed(id)).items_seen).toBe(1);
  });
});

describe("the address rules", () => {
  test("a loopback or private feed URL is refused unless PINFLOW_WEBHOOK_ALLOW_PRIVATE", async () => {
    const s = await setup({ allowPrivate: false });
    for (const url of [
      "http://127.0.0.1:8080/feed",
      "http://blog.example.net/feed",
      "http://localhost/feed",
    ]) {
      const res = await s.as("/feeds", { method: "POST", json: { url, board_id: s.board, mode: "queue" } });
      expect(res.status).toBe(400);
      expect(res.headers.get("x-error-code")).toBe("feeds.url_refused");
    }
    const res = await s.as("/feeds", {
      method: "POST",
      json: { url: "file:///etc/passwd", board_id: s.board, mode: "queue" },
    });
    expect(await res.json()).toEqual({ detail: "Feed URL must use http or https" });
  });

  test("a redirect to a private address is not followed; public redirects are, each hop checked", async () => {
    const s = await setup({ allowPrivate: false });
    const b = blog(() => xml(rss([post(1)])));
    const { id } = await s.follow("https://public.example.com/feed");
    const hops: string[] = [];
    // the "public" server, reached on its pinned address, redirects twice: to itself, then to the loopback blog
    const publicServer = async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      hops.push(`${new Headers(init?.headers).get("host")} ${new URL(url).pathname}`);
      if (url.includes("93.184.216.34") && new URL(url).pathname === "/feed")
        return new Response(null, { status: 301, headers: { location: "/moved" } });
      if (url.includes("93.184.216.34"))
        return new Response(null, { status: 302, headers: { location: b.url() } });
      return fetch(input, init);
    };
    await pollDueFeeds({ ...s.t.deps, fetch: publicServer });
    expect(hops).toEqual(["public.example.com /feed", "public.example.com /moved"]);
    expect(b.requests).toHaveLength(0);
    expect((await s.feed(id)).last_error).toBe(
      "Redirect not followed: the new address must resolve to a public internet address.",
    );
  });

  test("more than 3 redirects are not followed", async () => {
    const s = await setup();
    const b = blog((req) => {
      const n = Number(new URL(req.url).searchParams.get("n") ?? 0);
      return new Response(null, { status: 302, headers: { location: `/feed.xml?n=${n + 1}` } });
    });
    const { id } = await s.follow(b.url());
    await s.poll();
    expect(b.requests).toHaveLength(4);
    expect((await s.feed(id)).last_error).toBe("More than 3 redirects: not followed.");
  });
});

describe("/feeds", () => {
  test("list, pause, resume, change and delete; pins made from a feed stay", async () => {
    const s = await setup();
    const b = blog(() => xml(rss([post(1)])));
    const { id } = await s.follow(b.url(), { backfill: 1 });
    await s.poll();
    expect((await (await s.as("/feeds")).json()).map((f: { id: number }) => f.id)).toEqual([id]);

    const paused = await s.as(`/feeds/${id}`, { method: "PUT", json: { is_active: false } });
    expect(await paused.json()).toMatchObject({ is_active: false, next_poll_at: null });
    expect(await s.later()).toEqual({ polled: 0 });

    const resumed = await s.as(`/feeds/${id}`, { method: "PUT", json: { is_active: true, mode: "draft" } });
    expect(await resumed.json()).toMatchObject({
      is_active: true,
      mode: "draft",
      next_poll_at: "2026-05-01T12:30:00Z",
    });

    expect((await s.as(`/feeds/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await s.as(`/feeds/${id}`)).status).toBe(404);
    expect(await s.pins()).toHaveLength(1);
  });

  test("a new URL is read as a new feed: nothing already in it is pinned", async () => {
    const s = await setup();
    const b = blog((req) =>
      xml(rss(new URL(req.url).pathname === "/other.xml" ? [post(7), post(8)] : [post(1)])),
    );
    const { id } = await s.follow(b.url());
    await s.poll();
    await s.as(`/feeds/${id}`, { method: "PUT", json: { url: b.url("/other.xml") } });
    await s.poll();
    expect(await s.pins()).toEqual([]);
    expect((await s.feed(id)).items_seen).toBe(3);
  });

  test("another user's feed is 404; the same feed twice is 409; an unknown board is 422", async () => {
    const s = await setup();
    const b = blog(() => xml(rss([])));
    const { id } = await s.follow(b.url());
    const { otherKey } = await secondUser(s.t, s.me);
    for (const [method, json] of [["GET"], ["PUT", { is_active: false }], ["DELETE"]] as const) {
      const res = await s.t.request(`/feeds/${id}`, { method, json, headers: otherKey });
      expect(res.status).toBe(404);
    }
    expect(await (await s.t.request("/feeds", { headers: otherKey })).json()).toEqual([]);
    const again = await s.as("/feeds", {
      method: "POST",
      json: { url: b.url(), board_id: s.board, mode: "queue" },
    });
    expect(again.status).toBe(409);
    const board = await s.as("/feeds", {
      method: "POST",
      json: { url: b.url("/x"), board_id: "123", mode: "queue" },
    });
    expect(board.status).toBe(422);
    expect((await board.json()).detail[0]).toMatchObject({ loc: ["body", "board_id"] });
  });
});
