/**
 * The bare baseline the API is compared with: `Bun.serve` + `bun:sqlite`, no framework, no validation
 * library, no query builder. It opens PinFlow's own database file (same rows, same indexes, same pragmas:
 * WAL, synchronous=FULL, foreign_keys, busy_timeout) and, for each benchmarked endpoint, runs the same SQL
 * statements PinFlow runs and answers the same JSON:
 * - every request: the API key looked up by its SHA-256 (api_keys), then its user (users), approved or 401/403;
 * - GET /pins?status=…: the page (pins ⋈ profiles, newest first, LIMIT/OFFSET), and with with_total=true the
 *   count (X-Total-Count);
 * - GET /pins/{id}: one pin ⋈ profiles of that user, 404 otherwise;
 * - POST /pins: the profile, then in one transaction the quota check and usage counters (day + month), the
 *   insert, the pin read back; 201 with the pin.
 * What it leaves out is exactly what the ratio measures: routing, validation, the query builder, hooks,
 * request logging and error mapping.
 *
 * Usage: bun bench/baseline.ts --db PATH --port N
 */
import { Database } from "bun:sqlite";
import { createHash } from "node:crypto";

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i] as string, process.argv[i + 1] as string);
const dbPath = args.get("--db");
const port = Number(args.get("--port") ?? "0");
if (!dbPath) throw new Error("--db PATH is required");

const db = new Database(dbPath, { strict: true });
db.run("PRAGMA busy_timeout = 5000");
db.run("PRAGMA journal_mode = WAL");
db.run("PRAGMA synchronous = FULL");
db.run("PRAGMA foreign_keys = ON");

type Row = Record<string, unknown>;
const keyByHash = db.query<Row, [string]>("SELECT * FROM api_keys WHERE secret_hash = ?");
const userById = db.query<Row, [number]>("SELECT * FROM users WHERE id = ?");
const PIN = `SELECT pins.*, profiles.pinterest_user_id, profiles.pinterest_username
  FROM pins INNER JOIN profiles ON profiles.id = pins.profile_id`;
const page = db.query<Row, [number, string, number, number]>(
  `${PIN} WHERE pins.user_id = ? AND pins.status = ? ORDER BY pins.id DESC LIMIT ? OFFSET ?`,
);
const count = db.query<{ n: number }, [number, string]>(
  "SELECT count(*) AS n FROM pins WHERE pins.user_id = ? AND pins.status = ?",
);
const one = db.query<Row, [number, number]>(`${PIN} WHERE pins.id = ? AND pins.user_id = ?`);
const profileOf = db.query<Row, [number]>("SELECT * FROM profiles WHERE user_id = ? ORDER BY id LIMIT 1");
const usageOf = db.query<{ count: number }, [number, string]>(
  "SELECT count FROM usage WHERE user_id = ? AND period = ?",
);
const planOf = db.query<Row, [string]>("SELECT * FROM plans WHERE name = ?");
const addUsage = db.query<void, [number, string]>(
  "INSERT INTO usage (user_id, period, count) VALUES (?, ?, 1) ON CONFLICT (user_id, period) DO UPDATE SET count = count + 1",
);
const insertPin = db.query<{ id: number }, Array<string | number | null>>(
  `INSERT INTO pins (user_id, profile_id, board_id, title, description, link, alt_text, media_url, status,
     scheduled_at, sort_order, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id`,
);

const apiTime = (ms: unknown) =>
  typeof ms === "number" ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z") : null;

const dto = (p: Row) => ({
  id: p.id,
  user_id: p.user_id,
  profile_id: p.profile_id,
  pinterest_user_id: p.pinterest_user_id,
  pinterest_username: p.pinterest_username,
  board_id: p.board_id,
  title: p.title,
  description: p.description,
  media_url: p.media_url,
  link: p.link,
  alt_text: p.alt_text,
  status: p.status,
  scheduled_at: apiTime(p.scheduled_at),
  published_at: apiTime(p.published_at),
  pinterest_pin_id: p.pinterest_pin_id,
  error_message: p.error_message,
  retry_count: p.retry_count,
  sort_order: p.sort_order,
  created_at: apiTime(p.created_at),
});

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

function caller(req: Request): Row | Response {
  const secret = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  if (!secret) return json({ detail: "Not authenticated" }, 401);
  const key = keyByHash.get(createHash("sha256").update(secret).digest("hex"));
  if (key?.is_active !== 1) return json({ detail: "Not authenticated" }, 401);
  const user = userById.get(key.user_id as number);
  if (!user) return json({ detail: "Not authenticated" }, 401);
  if (user.status !== "approved") return json({ detail: "Account pending approval" }, 403);
  return user;
}

const createPin = db.transaction((user: Row, profile: Row, body: Row, now: number) => {
  const day = `d:${new Date(now).toISOString().slice(0, 10)}`;
  const month = `m:${new Date(now).toISOString().slice(0, 7)}`;
  const used = usageOf.get(user.id as number, day)?.count ?? 0;
  if (used + 1 > (user.daily_pin_limit as number)) return null;
  planOf.get(user.plan as string);
  addUsage.run(user.id as number, day);
  addUsage.run(user.id as number, month);
  const scheduledAt = typeof body.scheduled_at === "string" ? Date.parse(body.scheduled_at) : null;
  const inserted = insertPin.get(
    user.id as number,
    profile.id as number,
    String(body.board_id),
    (body.title as string) ?? null,
    (body.description as string) ?? null,
    (body.link as string) ?? null,
    (body.alt_text as string) ?? null,
    String(body.media_url),
    scheduledAt === null ? "queued" : "scheduled",
    scheduledAt,
    now,
    now,
  );
  return one.get(inserted?.id as number, user.id as number);
});

const server = Bun.serve({
  hostname: "127.0.0.1",
  port,
  async fetch(req) {
    const url = new URL(req.url);
    if (url.pathname === "/health") return json({ status: "ok" });
    const user = caller(req);
    if (user instanceof Response) return user;
    const userId = user.id as number;
    if (url.pathname === "/pins" && req.method === "GET") {
      const status = url.searchParams.get("status") ?? "scheduled";
      const limit = Number(url.searchParams.get("limit") ?? "100");
      const offset = Number(url.searchParams.get("offset") ?? "0");
      const rows = page.all(userId, status, limit, offset);
      const withTotal = ["true", "1"].includes(url.searchParams.get("with_total") ?? "");
      if (!withTotal) return json(rows.map(dto));
      const total = count.get(userId, status)?.n ?? 0;
      return json(rows.map(dto), 200, { "x-total-count": String(total) });
    }
    if (url.pathname === "/pins" && req.method === "POST") {
      let body: Row;
      try {
        body = (await req.json()) as Row;
      } catch {
        return json({ detail: "Invalid JSON" }, 422);
      }
      if (typeof body.board_id !== "string" || typeof body.media_url !== "string")
        return json({ detail: "board_id and media_url are required" }, 422);
      const profile = profileOf.get(userId);
      if (!profile) return json({ detail: "No profile" }, 409);
      const pin = createPin(user, profile, body, Date.now());
      return pin ? json(dto(pin), 201) : json({ detail: "Daily limit reached" }, 429);
    }
    const m = /^\/pins\/(\d+)$/.exec(url.pathname);
    if (m && req.method === "GET") {
      const pin = one.get(Number(m[1]), userId);
      return pin ? json(dto(pin)) : json({ detail: "Pin not found" }, 404);
    }
    return json({ detail: "Not Found" }, 404);
  },
});
console.log(`baseline listening on http://127.0.0.1:${server.port}`);
