/**
 * The emulator's routes, under `basePath`. Handlers never throw: the emulator is also mounted inside
 * PinFlow's app, whose global onError would turn a throw into a PinFlow-shaped body. Every answer is built
 * here into a Response carrying `x-pinterest-rid`; bodies are read by hand (`parse: "none"`) so a malformed
 * body is Pinterest's 400, not Elysia's parse error.
 */
import { Elysia } from "elysia";
import * as v from "valibot";
import type { Logger } from "../../shared/log";
import { accountAnalytics, pinAnalytics } from "./emulator.analytics";
import { boardsOf, findAnyBoard, sectionsOf } from "./emulator.boards";
import { applyFaultPatch, type FaultEngine, FaultPatchSchema } from "./emulator.faults";
import {
  type Answer,
  abandoned,
  bearerToken,
  failureAnswer,
  html,
  invalidParameters,
  newRid,
  pinterestError,
  readForm,
  readJson,
  redirect,
  toResponse,
  type Waits,
} from "./emulator.http";
import { findMedia, getMedia, MEDIA_UPLOAD_PATH, receiveUpload, registerMedia } from "./emulator.media";
import {
  checkAuthorizeRequest,
  checkBearer,
  issueCode,
  type OAuthConfig,
  redirectWith,
  tokenEndpoint,
} from "./emulator.oauth";
import {
  avatarSvg,
  boardPage,
  consentPage,
  errorPage,
  homePage,
  keyFrameSvg,
  notFoundPage,
} from "./emulator.pages";
import {
  accountJson,
  createBoard,
  createPin,
  createSection,
  deletePin,
  getPin,
  listBoardPins,
  listBoards,
  listSections,
  livePins,
  pinterestTime,
  type ResourceContext,
} from "./emulator.resources";
import { DEMO_ACCOUNTS, type DemoAccount, findAccount } from "./emulator.seed";
import type { Store } from "./emulator.state";

/** Scopes each operation needs, from the spec's `security` of that operation. */
export const REQUIRED_SCOPES = {
  userAccount: ["user_accounts:read"],
  listBoards: ["boards:read"],
  listBoardPins: ["boards:read", "pins:read"],
  getPin: ["boards:read", "pins:read"],
  writePin: ["boards:read", "boards:write", "pins:read", "pins:write"],
  createBoard: ["boards:read", "boards:write"],
  listSections: ["boards:read"],
  createSection: ["boards:read", "boards:write"],
  registerMedia: ["pins:read", "pins:write"],
  getMedia: ["pins:read"],
  pinAnalytics: ["boards:read", "pins:read"],
  accountAnalytics: ["user_accounts:read"],
} as const;

/** What a sandbox account's analytics calls answer (the spec marks both operations `x-sandbox: disabled`). */
const SANDBOX_ANALYTICS = { code: 29, message: "Analytics are not available for sandbox accounts." };

export interface AppContext {
  /** Where the routes are. */
  basePath: string;
  /** Where browsers reach them (basePath, or under PINFLOW_BASE_PATH): links and media URLs use it. */
  publicPath: string;
  controlApi: boolean;
  oauth: OAuthConfig;
  store: Store;
  faults: FaultEngine;
  waits: Waits;
  log?: Logger;
  /** The state as JSON, for GET /_emulator/state. */
  snapshot(): unknown;
  reset(): void;
}

export function createEmulatorApp(ctx: AppContext) {
  const { store, faults, waits, oauth, basePath, publicPath } = ctx;

  const run = async (request: Request, handler: () => Answer | Promise<Answer>): Promise<Response> => {
    const rid = newRid();
    try {
      return toResponse(await handler(), rid);
    } catch (err) {
      const where = `${request.method} ${new URL(request.url).pathname}`;
      if (ctx.log) ctx.log.error("pinterest emulator: unexpected error", { where, err });
      else console.error(`pinterest emulator: unexpected error in ${where}`, err);
      return toResponse(
        pinterestError(500, 500, "Something went wrong on our end. Please try again later."),
        rid,
      );
    }
  };

  const resources = (request: Request): ResourceContext => ({
    store,
    clock: oauth.clock,
    baseUrl: `${new URL(request.url).origin}${publicPath}`,
  });

  /** What every /v5 call goes through first: the added latency, then the random faults. Null = carry on. */
  const v5Faults = async (request: Request): Promise<Answer | null> => {
    const { latencyMs } = faults.get();
    if (latencyMs > 0 && !(await waits.sleep(latencyMs, request.signal))) return abandoned();
    const random = faults.randomFault();
    if (random === "hang") {
      await waits.hang(request.signal);
      return abandoned();
    }
    return random ? failureAnswer({ status: Number(random) }) : null;
  };

  /** A /v5 resource: the faults, then Bearer auth with the operation's scopes, then the handler. */
  const v5 = async (
    request: Request,
    scopes: readonly string[],
    handler: (account: DemoAccount) => Answer | Promise<Answer>,
  ): Promise<Answer> => {
    const early = await v5Faults(request);
    if (early) return early;
    const auth = checkBearer(store, oauth, bearerToken(request.headers.get("authorization")), scopes);
    return auth.ok ? handler(auth.account) : auth.answer;
  };

  const query = (request: Request) => new URL(request.url).searchParams;

  /** An analytics call after authentication: sandbox accounts get none, then the analytics faults and limit. */
  const analytics = (account: DemoAccount, handler: () => Answer): Answer => {
    if (faults.get().sandboxAccounts.includes(account.id)) return { status: 403, json: SANDBOX_ANALYTICS };
    const fault = faults.takeAnalyticsFault(account.id, oauth.clock.now());
    return fault ? failureAnswer(fault) : handler();
  };

  const consent = (params: URLSearchParams): Answer => {
    const check = checkAuthorizeRequest(params, oauth);
    if (!check.ok) return html(400, errorPage(check.message));
    return html(200, consentPage({ publicPath, request: check.request, accounts: DEMO_ACCOUNTS }));
  };

  const decide = async (request: Request): Promise<Answer> => {
    const form = (await readForm(request)) ?? new URLSearchParams();
    const check = checkAuthorizeRequest(form, oauth);
    if (!check.ok) return html(400, errorPage(check.message));
    const { redirectUri, state, clientId, scopes } = check.request;
    if (form.get("decision") === "deny")
      return redirect(redirectWith(redirectUri, { error: "access_denied", state }));
    const account = findAccount(form.get("account_id") ?? "");
    if (!account) return html(400, errorPage("Choose one of the demo accounts to allow access."));
    const code = issueCode(store, oauth, { clientId, redirectUri, accountId: account.id, scopes });
    return redirect(redirectWith(redirectUri, { code, state }));
  };

  const home = (request: Request): Answer =>
    html(
      200,
      homePage({
        publicPath,
        apiUrl: `${resources(request).baseUrl}/v5`,
        accounts: DEMO_ACCOUNTS.map((account) => ({
          account,
          boards: boardsOf(store, account.id).map((board) => ({
            ...board,
            pinCount: livePins(store, { boardId: board.id }).length,
          })),
        })),
      }),
    );

  const board = (boardId: string): Answer => {
    const found = findAnyBoard(store, boardId);
    if (!found) return html(404, notFoundPage("Board"));
    const pins = livePins(store, { boardId });
    return html(
      200,
      boardPage({
        publicPath,
        ...found,
        sections: sectionsOf(store, boardId),
        pins,
        videoOf: (mediaId) => findMedia(store, mediaId) ?? null,
        createdAt: (pin) => pinterestTime(pin.createdAt).replace("T", " "),
      }),
    );
  };

  const media = (pinId: string): Answer => {
    const found = store.media(pinId);
    const pin = store.pins.get(pinId);
    if (!pin || pin.deletedAt !== null) return html(404, notFoundPage("Image"));
    if (!found && pin.media.type === "video_id" && pin.media.cover.type === "key_frame") {
      return {
        status: 200,
        text: keyFrameSvg(pin.width, pin.height, pin.media.cover.seconds, pin.dominantColor),
        headers: { "content-type": "image/svg+xml", "cache-control": "max-age=3600" },
      };
    }
    if (!found) return html(404, notFoundPage("Image"));
    return {
      status: 200,
      bytes: found.bytes,
      headers: { "content-type": found.contentType, "cache-control": "max-age=3600" },
    };
  };

  const upload = (request: Request) => receiveUpload({ store, clock: oauth.clock, faults }, request);

  const avatar = (file: string): Answer => {
    const account = findAccount(file.replace(/\.svg$/, ""));
    if (!account) return html(404, notFoundPage("Avatar"));
    return {
      status: 200,
      text: avatarSvg(account),
      headers: { "content-type": "image/svg+xml", "cache-control": "max-age=86400" },
    };
  };

  const app = new Elysia({ prefix: basePath })
    // ---- pages ----
    .get("/", ({ request }) => run(request, () => home(request)))
    .get("/boards/:board_id", ({ request, params }) => run(request, () => board(params.board_id)))
    .get("/media/:pin_id", ({ request, params }) => run(request, () => media(params.pin_id)))
    .get("/avatars/:file", ({ request, params }) => run(request, () => avatar(params.file)))
    // ---- OAuth ----
    .get("/oauth", ({ request }) => run(request, () => consent(query(request))))
    .get("/oauth/", ({ request }) => run(request, () => consent(query(request))))
    .post("/oauth/", ({ request }) => run(request, () => decide(request)), { parse: "none" })
    .post("/oauth", ({ request }) => run(request, () => decide(request)), { parse: "none" })
    .post(
      "/v5/oauth/token",
      ({ request }) =>
        run(
          request,
          async () =>
            (await v5Faults(request)) ??
            tokenEndpoint(
              store,
              oauth,
              faults,
              request.headers.get("authorization"),
              await readForm(request),
            ),
        ),
      { parse: "none" },
    )
    // ---- resources ----
    .get("/v5/user_account", ({ request }) =>
      run(request, () =>
        v5(request, REQUIRED_SCOPES.userAccount, (account) => ({
          status: 200,
          json: accountJson(resources(request), account),
        })),
      ),
    )
    .get("/v5/user_account/analytics", ({ request }) =>
      run(request, () =>
        v5(request, REQUIRED_SCOPES.accountAnalytics, (account) =>
          analytics(account, () =>
            accountAnalytics({ store, now: oauth.clock.now() }, account, query(request)),
          ),
        ),
      ),
    )
    .get("/v5/boards", ({ request }) =>
      run(request, () =>
        v5(request, REQUIRED_SCOPES.listBoards, (account) =>
          listBoards(resources(request), account, query(request)),
        ),
      ),
    )
    .get("/v5/boards/:board_id/pins", ({ request, params }) =>
      run(request, () =>
        v5(request, REQUIRED_SCOPES.listBoardPins, (account) =>
          listBoardPins(resources(request), account, params.board_id, query(request)),
        ),
      ),
    )
    .post(
      "/v5/pins",
      ({ request }) =>
        run(request, () =>
          v5(request, REQUIRED_SCOPES.writePin, async (account) => {
            const fault = faults.takeCreateFault();
            if (fault?.kind === "fail") return failureAnswer(fault.failure);
            if (fault?.kind === "hang") {
              await waits.hang(request.signal);
              return abandoned();
            }
            const body = await readJson(request);
            const { answer, pin } = createPin(resources(request), account, body, () =>
              faults.takeLostResponse(),
            );
            if (pin?.responseLost) {
              await waits.hang(request.signal);
              return abandoned();
            }
            return answer;
          }),
        ),
      { parse: "none" },
    )
    .post(
      "/v5/boards",
      ({ request }) =>
        run(request, () =>
          v5(request, REQUIRED_SCOPES.createBoard, async (account) =>
            createBoard(resources(request), account, await readJson(request)),
          ),
        ),
      { parse: "none" },
    )
    .get("/v5/boards/:board_id/sections", ({ request, params }) =>
      run(request, () =>
        v5(request, REQUIRED_SCOPES.listSections, (account) =>
          listSections(resources(request), account, params.board_id, query(request)),
        ),
      ),
    )
    .post(
      "/v5/boards/:board_id/sections",
      ({ request, params }) =>
        run(request, () =>
          v5(request, REQUIRED_SCOPES.createSection, async (account) =>
            createSection(resources(request), account, params.board_id, await readJson(request)),
          ),
        ),
      { parse: "none" },
    )
    .post(
      "/v5/media",
      ({ request }) =>
        run(request, () =>
          v5(request, REQUIRED_SCOPES.registerMedia, async (account) =>
            registerMedia(resources(request), account, await readJson(request)),
          ),
        ),
      { parse: "none" },
    )
    .get("/v5/media/:media_id", ({ request, params }) =>
      run(request, () =>
        v5(request, REQUIRED_SCOPES.getMedia, (account) =>
          getMedia(store, oauth.clock, account, params.media_id),
        ),
      ),
    )
    // the storage host's form upload (S3 on real Pinterest): no token, signed by its form fields
    .post(MEDIA_UPLOAD_PATH, ({ request }) => run(request, () => upload(request)), { parse: "none" })
    .post(MEDIA_UPLOAD_PATH.replace(/\/$/, ""), ({ request }) => run(request, () => upload(request)), {
      parse: "none",
    })
    .get("/v5/pins/:pin_id", ({ request, params }) =>
      run(request, () =>
        v5(request, REQUIRED_SCOPES.getPin, (account) =>
          getPin(resources(request), account, params.pin_id, query(request)),
        ),
      ),
    )
    .get("/v5/pins/:pin_id/analytics", ({ request, params }) =>
      run(request, () =>
        v5(request, REQUIRED_SCOPES.pinAnalytics, (account) =>
          analytics(account, () =>
            pinAnalytics({ store, now: oauth.clock.now() }, account, params.pin_id, query(request)),
          ),
        ),
      ),
    )
    .delete("/v5/pins/:pin_id", ({ request, params }) =>
      run(request, () =>
        v5(request, REQUIRED_SCOPES.writePin, (account) =>
          deletePin(resources(request), account, params.pin_id),
        ),
      ),
    )
    .all("/v5/*", ({ request }) => run(request, () => pinterestError(404, 404, "Not found.")), {
      parse: "none",
    })
    .all("/*", ({ request }) => run(request, () => html(404, notFoundPage("Page"))), { parse: "none" });

  // Elysia's route methods add to the instance in place: the control routes join only when asked for.
  if (ctx.controlApi) app.use(controlRoutes(ctx, run));
  return app;
}

function controlRoutes(
  ctx: AppContext,
  run: (request: Request, handler: () => Answer | Promise<Answer>) => Promise<Response>,
) {
  const { faults } = ctx;
  return new Elysia({ prefix: ctx.basePath })
    .get("/_emulator/state", ({ request }) => run(request, () => ({ status: 200, json: ctx.snapshot() })))
    .post(
      "/_emulator/faults",
      ({ request }) =>
        run(request, async () => {
          const body = await readJson(request);
          const parsed = v.safeParse(FaultPatchSchema, body ?? {});
          if (!parsed.success) {
            const issue = parsed.issues[0];
            const path = issue.path?.map((p) => String(p.key)).join(".");
            return invalidParameters(path ? `${path}: ${issue.message}` : issue.message);
          }
          return { status: 200, json: { faults: applyFaultPatch(faults, parsed.output) } };
        }),
      { parse: "none" },
    )
    .post(
      "/_emulator/reset",
      ({ request }) =>
        run(request, () => {
          ctx.reset();
          return { status: 200, json: ctx.snapshot() };
        }),
      { parse: "none" },
    );
}

export type EmulatorApp = ReturnType<typeof createEmulatorApp>;
