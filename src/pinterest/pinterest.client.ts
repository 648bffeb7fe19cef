/**
 * The Pinterest API v5 client. It speaks real Pinterest exactly (checked against openapi-v5.json and the
 * emulator): OAuth code exchange and refresh at /oauth/token with HTTP Basic, Bearer calls elsewhere,
 * every call under a timeout, every failure a PinterestError with a kind, responses parsed with valibot.
 * Besides pins and boards: board sections, board creation, and the video upload (register, the streamed
 * form upload to the storage host — the one call outside the API, sent without the token —, status).
 * Tokens never appear in logs or error messages.
 */
import * as v from "valibot";
import type { Clock } from "../shared/clock";
import { multipartBody } from "../shared/multipart";
import { parseRetryAfter } from "../shared/retry";
import { kindForStatus, PinterestError } from "./pinterest.errors";
import {
  type Account,
  AccountSchema,
  AnalyticsResponseSchema,
  type Board,
  type BoardCreateInput,
  BoardSchema,
  type BoardSection,
  BoardSectionSchema,
  BoardSectionsPageSchema,
  BoardsPageSchema,
  ErrorBodySchema,
  type Media,
  MediaSchema,
  type MediaUpload,
  MediaUploadSchema,
  type PinCreateInput,
  PinSchema,
  PinsPageSchema,
  type PinterestPin,
  TokenResponseSchema,
  type UploadSource,
} from "./pinterest.schema";

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * What PinFlow asks for. NB: the spec requires boards:write (besides pins:write) for POST and DELETE /pins,
 * so it is requested too; without it real Pinterest refuses to create pins.
 */
export const PINTEREST_SCOPES = [
  "boards:read",
  "boards:write",
  "pins:read",
  "pins:write",
  "user_accounts:read",
];

export interface PinterestClientOptions {
  apiUrl: string;
  oauthUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  fetch: Fetch;
  clock: Clock;
  timeoutMs?: number;
  /** The signal that cuts a call off after `ms` (default AbortSignal.timeout); tests cut calls off on cue. */
  deadline?: (ms: number) => AbortSignal;
}

export interface TokenSet {
  accessToken: string;
  accessTokenExpiresAt: number;
  refreshToken: string | null;
  refreshTokenExpiresAt: number | null;
  scopes: string[];
}

/** The daily metrics PinFlow keeps (docs/pinterest-api-notes.md §9). */
export const PIN_ANALYTICS_METRICS = ["IMPRESSION", "SAVE", "PIN_CLICK", "OUTBOUND_CLICK"] as const;

/** A period of analytics: UTC dates, both included (Pinterest: at most 90 days back and 90 days long). */
export interface AnalyticsQuery {
  startDate: string;
  endDate: string;
  metricTypes?: readonly string[];
}

export interface AnalyticsDay {
  date: string;
  /** Pinterest's DataStatus: READY, PROCESSING, ESTIMATE, BEFORE_PIN_CREATED, … */
  status: string;
  /** Null when Pinterest has no numbers for the day (yet). Metrics without a value are left out. */
  metrics: Record<string, number> | null;
}

export interface AnalyticsSeries {
  days: AnalyticsDay[];
  summary: Record<string, number>;
}

export interface PinterestClient {
  authorizeUrl(state: string): string;
  exchangeCode(code: string): Promise<TokenSet>;
  /** Continuous refresh: the answer's new refresh token replaces the old one; if none comes back, the old one is kept. */
  refreshTokens(refreshToken: string): Promise<TokenSet>;
  getAccount(accessToken: string): Promise<Account>;
  /** Every board of the account: follows `bookmark` until it is null. */
  listBoards(accessToken: string): Promise<Board[]>;
  /**
   * The newest pins of a board, at most `maxPages` pages of `pageSize` (for reconciliation); paging stops
   * early once `stopAfter` is true of a page's items.
   */
  listBoardPins(
    accessToken: string,
    boardId: string,
    opts?: { pageSize?: number; maxPages?: number; stopAfter?: (items: PinterestPin[]) => boolean },
  ): Promise<PinterestPin[]>;
  createPin(accessToken: string, input: PinCreateInput): Promise<PinterestPin>;
  getPin(accessToken: string, pinId: string): Promise<PinterestPin>;
  deletePin(accessToken: string, pinId: string): Promise<void>;
  /** POST /v5/boards: a new board on the token's account. */
  createBoard(accessToken: string, input: BoardCreateInput): Promise<Board>;
  /** Every section of a board: follows `bookmark` until it is null. */
  listBoardSections(accessToken: string, boardId: string): Promise<BoardSection[]>;
  createBoardSection(accessToken: string, boardId: string, name: string): Promise<BoardSection>;
  /** POST /v5/media: registers a video upload; the answer says where and how to upload it. */
  registerMedia(accessToken: string): Promise<MediaUpload>;
  /**
   * The file itself, to the registered `upload_url` (S3 on real Pinterest): a multipart POST with every
   * `upload_parameters` field and the file last, streamed, with a Content-Length and no Pinterest token.
   * Its time limit grows with the file: the client's timeout plus 4 s per MB (256 KB/s at the slowest).
   */
  uploadMedia(
    upload: Pick<MediaUpload, "upload_url" | "upload_parameters">,
    file: UploadSource,
  ): Promise<void>;
  /** GET /v5/media/{media_id}: the upload's processing status. */
  getMedia(accessToken: string, mediaId: string): Promise<Media>;
  /** A pin's daily metrics (metric types required by Pinterest; PinFlow's four by default). */
  getPinAnalytics(accessToken: string, pinId: string, query: AnalyticsQuery): Promise<AnalyticsSeries>;
  /** The account's daily totals (every metric unless `metricTypes` narrows them). */
  getAccountAnalytics(accessToken: string, query: AnalyticsQuery): Promise<AnalyticsSeries>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** A media upload may take the client's timeout plus 4 s per MB: 256 KB/s at the slowest (see uploadMedia). */
export const uploadTimeoutMs = (bytes: number, base = DEFAULT_TIMEOUT_MS) =>
  base + Math.ceil((bytes / (1024 * 1024)) * 4) * 1000;
/** 100 pages of 250: far beyond any real account, a stop for a server that never ends its list. */
const MAX_BOARD_PAGES = 100;

export function createPinterestClient(opts: PinterestClientOptions): PinterestClient {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = opts.deadline ?? ((ms: number) => AbortSignal.timeout(ms));
  const api = opts.apiUrl.replace(/\/+$/, "");

  async function send(what: string, url: string, init: RequestInit, ms = timeoutMs): Promise<Response> {
    try {
      return await opts.fetch(url, { ...init, redirect: "manual", signal: deadline(ms) });
    } catch (err) {
      const timedOut = (err as Error).name === "TimeoutError" || (err as Error).name === "AbortError";
      throw new PinterestError(
        "transient",
        timedOut
          ? `${what}: Pinterest did not answer within ${ms / 1000} s`
          : `${what}: could not reach Pinterest`,
        { ambiguous: true },
      );
    }
  }

  async function call(what: string, url: string, init: RequestInit): Promise<Response> {
    const res = await send(what, url, init);
    if (res.ok) return res;
    throw await toError(what, res, opts.clock.now());
  }

  async function parse<T extends v.GenericSchema>(
    what: string,
    res: Response,
    schema: T,
  ): Promise<v.InferOutput<T>> {
    const body = await res.json().catch(() => undefined);
    const result = v.safeParse(schema, body);
    if (!result.success) {
      const issue = result.issues[0];
      const field = issue.path?.map((p) => String(p.key)).join(".") || "body";
      // The call succeeded (2xx): Pinterest did what was asked (a pin exists, a code is spent), so the
      // caller must check before sending it again.
      throw new PinterestError(
        "transient",
        `${what}: unexpected answer from Pinterest (${field}: ${issue.message})`,
        { ambiguous: true },
      );
    }
    return result.output;
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}`, accept: "application/json" });

  async function get<T extends v.GenericSchema>(what: string, token: string, path: string, schema: T) {
    return parse(what, await call(what, `${api}${path}`, { headers: bearer(token) }), schema);
  }

  async function postJson<T extends v.GenericSchema>(
    what: string,
    token: string,
    path: string,
    body: unknown,
    schema: T,
  ) {
    const res = await call(what, `${api}${path}`, {
      method: "POST",
      headers: { ...bearer(token), "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return parse(what, res, schema);
  }

  async function token(what: string, form: Record<string, string>): Promise<TokenSet> {
    const basic = Buffer.from(`${opts.clientId}:${opts.clientSecret}`).toString("base64");
    const res = await call(what, `${api}/oauth/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${basic}`,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: new URLSearchParams(form).toString(),
    });
    const body = await parse(what, res, TokenResponseSchema);
    const now = opts.clock.now();
    return {
      accessToken: body.access_token,
      accessTokenExpiresAt: now + body.expires_in * 1000,
      refreshToken: body.refresh_token ?? null,
      refreshTokenExpiresAt:
        body.refresh_token_expires_at !== undefined
          ? body.refresh_token_expires_at * 1000
          : body.refresh_token_expires_in !== undefined
            ? now + body.refresh_token_expires_in * 1000
            : null,
      // Pinterest documents no delimiter for `scope` in token answers: accept commas and spaces.
      scopes: (body.scope ?? "").split(/[\s,]+/).filter(Boolean),
    };
  }

  /** The unsplit group ("all") of an analytics answer, as days and a summary without null values. */
  async function analytics(what: string, token: string, path: string, query: URLSearchParams) {
    const body = await get(what, token, `${path}?${query}`, AnalyticsResponseSchema);
    const group = body.all ?? Object.values(body)[0];
    const numbers = (m: Record<string, number | null> | null) =>
      Object.fromEntries(Object.entries(m ?? {}).filter((e): e is [string, number] => e[1] !== null));
    return {
      days: (group?.daily_metrics ?? []).map((d) => ({
        date: d.date,
        status: d.data_status ?? "READY",
        metrics: d.metrics ? numbers(d.metrics) : null,
      })),
      summary: numbers(group?.summary_metrics ?? null),
    };
  }

  const analyticsQuery = (q: AnalyticsQuery, fallbackMetrics?: readonly string[]) => {
    const query = new URLSearchParams({ start_date: q.startDate, end_date: q.endDate });
    const metrics = q.metricTypes ?? fallbackMetrics;
    if (metrics?.length) query.set("metric_types", metrics.join(","));
    return query;
  };

  return {
    authorizeUrl(state) {
      const url = new URL(opts.oauthUrl);
      url.searchParams.set("client_id", opts.clientId);
      url.searchParams.set("redirect_uri", opts.redirectUri);
      url.searchParams.set("response_type", "code");
      url.searchParams.set("scope", PINTEREST_SCOPES.join(","));
      url.searchParams.set("state", state);
      return url.toString();
    },

    exchangeCode: (code) =>
      token("Signing in with Pinterest", {
        grant_type: "authorization_code",
        code,
        redirect_uri: opts.redirectUri,
        continuous_refresh: "true",
      }),

    async refreshTokens(refreshToken) {
      const next = await token("Refreshing the Pinterest token", {
        grant_type: "refresh_token",
        refresh_token: refreshToken,
        continuous_refresh: "true",
      });
      return next.refreshToken ? next : { ...next, refreshToken };
    },

    getAccount: (accessToken) =>
      get("Reading the Pinterest account", accessToken, "/user_account", AccountSchema),

    async listBoards(accessToken) {
      const boards = new Map<string, Board>();
      const seen = new Set<string>();
      let bookmark: string | null = null;
      // A misbehaving bookmark (repeated, or endless) must not loop forever or list a board twice.
      for (let page = 0; page < MAX_BOARD_PAGES; page++) {
        const query = new URLSearchParams({ page_size: "250" });
        if (bookmark) query.set("bookmark", bookmark);
        const result = await get(
          "Listing Pinterest boards",
          accessToken,
          `/boards?${query}`,
          BoardsPageSchema,
        );
        for (const board of result.items) if (!boards.has(board.id)) boards.set(board.id, board);
        bookmark = result.bookmark || null;
        if (!bookmark || seen.has(bookmark)) break;
        seen.add(bookmark);
      }
      return [...boards.values()];
    },

    async listBoardPins(accessToken, boardId, { pageSize = 100, maxPages = 3, stopAfter } = {}) {
      const pins: PinterestPin[] = [];
      let bookmark: string | null = null;
      for (let i = 0; i < maxPages; i++) {
        const query = new URLSearchParams({ page_size: String(pageSize) });
        if (bookmark) query.set("bookmark", bookmark);
        const path = `/boards/${encodeURIComponent(boardId)}/pins?${query}`;
        const page = await get("Listing a board's pins", accessToken, path, PinsPageSchema);
        pins.push(...page.items);
        bookmark = page.bookmark || null;
        if (!bookmark || stopAfter?.(page.items)) break;
      }
      return pins;
    },

    createPin: (accessToken, input) =>
      postJson("Creating the pin on Pinterest", accessToken, "/pins", input, PinSchema),

    getPin: (accessToken, pinId) =>
      get("Reading a pin on Pinterest", accessToken, `/pins/${encodeURIComponent(pinId)}`, PinSchema),

    async deletePin(accessToken, pinId) {
      await call("Deleting a pin on Pinterest", `${api}/pins/${encodeURIComponent(pinId)}`, {
        method: "DELETE",
        headers: bearer(accessToken),
      });
    },

    createBoard: (accessToken, input) =>
      postJson("Creating a board on Pinterest", accessToken, "/boards", input, BoardSchema),

    async listBoardSections(accessToken, boardId) {
      const sections = new Map<string, BoardSection>();
      const seen = new Set<string>();
      let bookmark: string | null = null;
      for (let page = 0; page < MAX_BOARD_PAGES; page++) {
        const query = new URLSearchParams({ page_size: "250" });
        if (bookmark) query.set("bookmark", bookmark);
        const result = await get(
          "Listing a board's sections",
          accessToken,
          `/boards/${encodeURIComponent(boardId)}/sections?${query}`,
          BoardSectionsPageSchema,
        );
        for (const section of result.items) if (!sections.has(section.id)) sections.set(section.id, section);
        bookmark = result.bookmark || null;
        if (!bookmark || seen.has(bookmark)) break;
        seen.add(bookmark);
      }
      return [...sections.values()];
    },

    createBoardSection: (accessToken, boardId, name) =>
      postJson(
        "Creating a board section on Pinterest",
        accessToken,
        `/boards/${encodeURIComponent(boardId)}/sections`,
        { name },
        BoardSectionSchema,
      ),

    registerMedia: (accessToken) =>
      postJson(
        "Registering the video upload with Pinterest",
        accessToken,
        "/media",
        { media_type: "video" },
        MediaUploadSchema,
      ),

    async uploadMedia(upload, file) {
      const what = "Uploading the video to Pinterest";
      const body = multipartBody(Object.entries(upload.upload_parameters), {
        field: "file",
        filename: file.filename,
        contentType: file.contentType,
        size: file.size,
        stream: () => file.stream(),
      });
      // No Authorization: the upload URL is signed by its parameters, and Pinterest's token must not
      // travel to a storage host.
      const res = await send(
        what,
        upload.upload_url,
        {
          method: "POST",
          headers: { "content-type": body.contentType, "content-length": String(body.length) },
          body: body.stream(),
          duplex: "half",
        } as RequestInit,
        uploadTimeoutMs(file.size, timeoutMs),
      );
      if (res.ok) {
        await res.body?.cancel().catch(() => {});
        return;
      }
      throw await uploadError(what, res);
    },

    getMedia: (accessToken, mediaId) =>
      get(
        "Reading the video's processing status",
        accessToken,
        `/media/${encodeURIComponent(mediaId)}`,
        MediaSchema,
      ),

    getPinAnalytics: (accessToken, pinId, query) =>
      analytics(
        "Reading a pin's analytics on Pinterest",
        accessToken,
        `/pins/${encodeURIComponent(pinId)}/analytics`,
        analyticsQuery(query, PIN_ANALYTICS_METRICS),
      ),

    getAccountAnalytics: (accessToken, query) =>
      analytics(
        "Reading the account's analytics on Pinterest",
        accessToken,
        "/user_account/analytics",
        analyticsQuery(query),
      ),
  };
}

/**
 * A refused upload. The storage host answers S3's XML (`<Error><Code>…</Code><Message>…</Message></Error>`):
 * its message is kept. A 4xx (an expired or refused signature) means this registration cannot be used again.
 */
async function uploadError(what: string, res: Response): Promise<PinterestError> {
  const text = await res.text().catch(() => "");
  const tag = (name: string) => text.match(new RegExp(`<${name}>([^<]{1,300})</${name}>`))?.[1];
  const said = [tag("Code"), tag("Message")].filter(Boolean).join(": ");
  return new PinterestError(
    res.status >= 500 ? "transient" : "permanent",
    `${what} failed (the upload host answered ${res.status}${said ? `: ${said}` : ""})`,
    { status: res.status, pinterestMessage: said || undefined, ambiguous: res.status >= 500 },
  );
}

/** Turns a non-2xx answer into a PinterestError carrying Pinterest's own code and message. */
async function toError(what: string, res: Response, now: number): Promise<PinterestError> {
  const text = await res.text().catch(() => "");
  let body: v.InferOutput<typeof ErrorBodySchema> | undefined;
  try {
    const parsed = v.safeParse(ErrorBodySchema, JSON.parse(text));
    if (parsed.success) body = parsed.output;
  } catch {
    // not JSON (a proxy's HTML page, say): keep the status only
  }
  const pinterestMessage = body?.message;
  const kind = kindForStatus(res.status, pinterestMessage ?? "");
  const retryAfterMs = kind === "rate_limited" ? retryAfter(res.headers, now) : undefined;
  const said = pinterestMessage ? `: ${pinterestMessage}` : "";
  return new PinterestError(kind, `${what} failed (Pinterest answered ${res.status}${said})`, {
    status: res.status,
    code: body?.code,
    pinterestMessage,
    retryAfterMs,
    ambiguous: res.status >= 500,
  });
}

/** Retry-After (seconds or HTTP date), else the rate-limit reset headers Pinterest has been seen to send. */
function retryAfter(headers: Headers, now: number): number | undefined {
  const stated = parseRetryAfter(headers.get("retry-after"), now);
  if (stated !== undefined) return stated;
  for (const name of ["x-userendpoint-ratelimit-reset-seconds", "x-ratelimit-reset"]) {
    const seconds = Number(headers.get(name));
    if (headers.has(name) && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  }
  return undefined;
}
