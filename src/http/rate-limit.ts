/**
 * Per-IP rate limits (seed "Rate limits"): fixed one-minute windows per rule, counted in memory. Every
 * limited response carries RateLimit-Limit / -Remaining / -Reset; a 429 adds Retry-After.
 * X-Forwarded-For is believed only from PINFLOW_TRUST_PROXY peers, read right to left; IPv6 clients are
 * keyed by their /56, since one household holds a whole prefix. An IPv4-mapped IPv6 address (peer or hop)
 * counts as the IPv4 address it maps.
 */
import { BlockList, isIP } from "node:net";
import { Elysia } from "elysia";
import type { Clock } from "../shared/clock";
import { tooManyRequests } from "./errors";
import { peerAddress } from "./peer";

export interface RateRule {
  name: string;
  limit: number;
  method?: string;
  path?: string;
}

export const RATE_RULES: RateRule[] = [
  { name: "POST /pins", limit: 30, method: "POST", path: "/pins" },
  { name: "POST /pins/bulk", limit: 10, method: "POST", path: "/pins/bulk" },
  // bulk creation too (up to 1,000 pins a file); dry runs count, as the page's check-then-import is two calls
  { name: "POST /pins/import", limit: 10, method: "POST", path: "/pins/import" },
  { name: "POST /pins/upload-image", limit: 30, method: "POST", path: "/pins/upload-image" },
  { name: "global", limit: 200 },
];

const WINDOW_MS = 60_000;
/** Pages, assets, uploaded images (Pinterest fetches them) and the health check are not API calls. */
const EXEMPT = /^\/(health$|static\/|assets\/|app(\/|$)|docs$|openapi\.json$|emulator\/|favicon|$)/;

export function ruleFor(method: string, path: string): RateRule | null {
  if (EXEMPT.test(path)) return null;
  const normalized = path.length > 1 ? path.replace(/\/+$/, "") : path;
  return RATE_RULES.find((r) => !r.path || (r.method === method && r.path === normalized)) ?? null;
}

export function trustedProxies(list: string[]): BlockList {
  const blocks = new BlockList();
  for (const item of list) {
    const [written, bits] = item.split("/") as [string, string | undefined];
    // a single address is compared as clients are: an IPv4-mapped one as its IPv4 address
    const ip = bits === undefined ? normalizeIp(written) : written;
    const family = isIP(ip) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) blocks.addAddress(ip, family);
    else blocks.addSubnet(ip, Number(bits), family);
  }
  return blocks;
}

const familyOf = (ip: string) => (isIP(ip) === 6 ? "ipv6" : "ipv4");

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail counts as two), or null. */
function ipv6Groups(ip: string): number[] | null {
  if (isIP(ip) !== 6) return null;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const parse = (part: string) =>
    (part ? part.split(":") : []).flatMap((g) => {
      if (!g.includes(".")) return [Number.parseInt(g, 16)];
      const [a = 0, b = 0, c = 0, d = 0] = g.split(".").map(Number);
      return [(a << 8) | b, (c << 8) | d];
    });
  const left = parse(head);
  const right = parse(tail);
  return [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill(0), ...right];
}

/**
 * One spelling per client address: an IPv4-mapped IPv6 address (`::ffff:203.0.113.5`, `::ffff:cb00:7105`,
 * `0:0:0:0:0:ffff:…`) is the IPv4 address it maps. Applied to the socket peer and to every forwarded hop
 * alike, so a client is counted in its own bucket and a proxy is recognised however it is written.
 */
export function normalizeIp(ip: string): string {
  const groups = ipv6Groups(ip);
  if (!groups || groups.slice(0, 5).some((g) => g !== 0) || groups[5] !== 0xffff) return ip;
  const [hi = 0, lo = 0] = groups.slice(6);
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
}

/** The client's address: the socket peer, or the right-most untrusted X-Forwarded-For hop behind trusted proxies. */
export function clientIp(peer: string, forwardedFor: string | null, trusted: BlockList): string {
  let ip = normalizeIp(peer);
  if (!forwardedFor || !isIP(ip) || !trusted.check(ip, familyOf(ip))) return ip;
  const hops = forwardedFor
    .split(",")
    .map((h) => h.trim())
    .filter((h) => isIP(h))
    .map(normalizeIp);
  for (let i = hops.length - 1; i >= 0; i--) {
    ip = hops[i] as string;
    if (!trusted.check(ip, familyOf(ip))) return ip;
  }
  return ip;
}

/** IPv6 addresses share a bucket per /56. */
export function bucketOf(ip: string): string {
  const normal = normalizeIp(ip);
  const groups = ipv6Groups(normal);
  if (!groups) return normal;
  const hex = groups.map((g) => g.toString(16));
  const g3 = (groups[3] ?? 0).toString(16).padStart(4, "0").slice(0, 2);
  return `${hex.slice(0, 3).join(":")}:${g3}00::/56`;
}

/**
 * Counts one request of `key` in the window starting at `windowStart` and returns the count so far. Several
 * processes sharing PostgreSQL count in the database (db/rate-counters.ts), so a client spreading requests
 * over them meets the same limit; absent, counting is in this process's memory (SQLite: one process).
 */
export type SharedCounter = (key: string, windowStart: number) => Promise<number>;

export function createRateLimiter(opts: {
  clock: Clock;
  enabled: boolean;
  trustProxy: string[];
  shared?: SharedCounter;
}) {
  const counts = new Map<string, { window: number; n: number }>();
  const trusted = trustedProxies(opts.trustProxy);
  let sweptWindow = 0;

  function countInMemory(key: string, window: number): number {
    if (window !== sweptWindow) {
      for (const [k, v] of counts) if (v.window < window) counts.delete(k);
      sweptWindow = window;
    }
    const entry = counts.get(key);
    const current = entry && entry.window === window ? entry : { window, n: 0 };
    current.n += 1;
    counts.set(key, current);
    return current.n;
  }

  const verdict = (rule: RateRule, n: number, window: number, now: number) => ({
    allowed: n <= rule.limit,
    remaining: Math.max(0, rule.limit - n),
    resetS: Math.ceil((window + WINDOW_MS - now) / 1000),
  });

  function hit(rule: RateRule, ip: string) {
    const now = opts.clock.now();
    const window = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    const key = `${rule.name}|${bucketOf(ip)}`;
    if (!opts.shared) return verdict(rule, countInMemory(key, window), window, now);
    // the database not answering lets the request through: the API fails on its own if it needs the database
    return opts.shared(key, window).then(
      (n) => verdict(rule, n, window, now),
      () => verdict(rule, 0, window, now),
    );
  }

  return new Elysia({ name: "rate-limit" }).onRequest(async ({ request, set, server }) => {
    if (!opts.enabled) return;
    const path = new URL(request.url).pathname;
    const rule = ruleFor(request.method, path);
    if (!rule) return;
    // app.handle() in tests has no socket: the request comes from this machine.
    const peer = peerAddress(request, server) ?? "127.0.0.1";
    const ip = clientIp(peer, request.headers.get("x-forwarded-for"), trusted);
    const { allowed, remaining, resetS } = await hit(rule, ip);
    set.headers["ratelimit-limit"] = String(rule.limit);
    set.headers["ratelimit-remaining"] = String(remaining);
    set.headers["ratelimit-reset"] = String(resetS);
    if (!allowed) {
      const what = rule.path ? rule.name : "this API";
      throw tooManyRequests(
        `Rate limit exceeded: ${rule.limit} requests per minute for ${what}. Try again in ${resetS} s.`,
        resetS,
      );
    }
  });
}
